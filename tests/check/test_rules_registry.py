"""Every registered rule is documented in both languages and has positive and negative fixtures."""

import re

import pytest
from click.testing import CliRunner

from loaderdoctor import i18n
from loaderdoctor.check.rules import load_rules
from loaderdoctor.cli import group
from loaderdoctor.i18n import tr
from loaderdoctor.kinds import KINDS
from tests.check.test_rules_fixtures import FIXTURES, expected_findings

SECTIONS = {
    "en": ("## What it does", "## Why is this bad?", "## Example", "## Use instead"),
    "zh-CN": ("## 作用", "## 为什么不好？", "## 示例", "## 改为"),
}
RULES = load_rules()


def test_rule_module_list_matches_the_rule_files():
    from pathlib import Path

    from loaderdoctor.check import rules

    files = sorted(path.stem for path in Path(rules.__file__).parent.glob("ld*.py"))
    assert list(rules.RULE_MODULES) == files


def test_registry_has_ld001_to_ld006():
    assert list(RULES) == ["LD001", "LD002", "LD003", "LD004", "LD005", "LD006"]


@pytest.mark.parametrize("code", list(RULES))
@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_rule_doc_has_sections_in_order(code, language):
    doc = tr(f"rule.{code}.doc", language=language)
    positions = [doc.find(section) for section in SECTIONS[language]]
    assert -1 not in positions, f"{code} {language}: missing {SECTIONS[language][positions.index(-1)]}"
    assert positions == sorted(positions), f"{code} {language}: sections out of order"
    assert doc.count("```python") >= 2, f"{code} {language}: Example and Use instead need code"


@pytest.mark.parametrize("code", list(RULES))
def test_rule_summary_exists_in_both_languages(code):
    english = tr(f"rule.{code}.summary", language="en")
    chinese = tr(f"rule.{code}.summary", language="zh-CN")
    assert english
    assert chinese
    assert english != chinese


@pytest.mark.parametrize("code", list(RULES))
def test_rule_english_doc_prints_on_gbk_console(code):
    tr(f"rule.{code}.doc", language="en").encode("gbk")
    tr(f"rule.{code}.summary", language="en").encode("gbk")


@pytest.mark.parametrize("code", list(RULES))
def test_rule_has_positive_fixture_with_expectations(code):
    fixture = FIXTURES / f"{code.lower()}_positive.py"
    assert fixture.is_file(), f"missing {fixture.name}"
    codes = {expected_code for _, _, expected_code in expected_findings(fixture)}
    assert code in codes, f"{fixture.name} has no `# expect: {code}` comment"


@pytest.mark.parametrize("code", list(RULES))
def test_rule_has_negative_fixture(code):
    fixture = FIXTURES / f"{code.lower()}_negative.py"
    assert fixture.is_file(), f"missing {fixture.name}"
    assert expected_findings(fixture) == set()


@pytest.mark.parametrize("code", list(RULES))
def test_rule_kind_is_in_catalog(code):
    assert RULES[code].kind in KINDS


@pytest.fixture
def keep_language():
    saved = i18n._current_language
    yield
    i18n._current_language = saved


def run_rule_command(*args):
    result = CliRunner().invoke(group, ["rule", *args], standalone_mode=False)
    assert result.exception is None, result.output
    return result


def test_rule_command_lists_every_rule(keep_language):
    result = run_rule_command("--lang", "en")
    assert result.return_value == 0
    for code, rule in RULES.items():
        assert re.search(rf"^{code}\s+{rule.name}\s+\S", result.output, re.MULTILINE), code


@pytest.mark.parametrize("code", list(RULES))
def test_rule_command_prints_doc(code, keep_language):
    result = run_rule_command(code.lower(), "--lang", "en")
    assert result.return_value == 0
    assert f"({code})" in result.output
    assert "## Why is this bad?" in result.output


def test_rule_command_prints_chinese_doc(keep_language):
    result = run_rule_command("LD003", "--lang", "zh-CN")
    assert result.return_value == 0
    assert "## 为什么不好？" in result.output
