"""The message catalogs: both languages for every key, same placeholders, printable on a GBK console."""

import ast
import importlib
import re
import string
from pathlib import Path

import click
import pytest

from loaderdoctor import i18n
from loaderdoctor.check.rules import load_rules
from loaderdoctor.kinds import KINDS
from loaderdoctor.messages import AREAS

PACKAGE = Path(i18n.__file__).resolve().parent
MESSAGES_DIR = PACKAGE / "messages"
CATALOGS = {area: importlib.import_module(f"loaderdoctor.messages.{area}").MESSAGES for area in AREAS}
ENTRIES = [(key, entry) for catalog in CATALOGS.values() for key, entry in catalog.items()]

# %(name)s fields, which click's version message uses instead of str.format.
PERCENT_FIELD = re.compile(r"%\((\w+)\)[sdr]")


def fields(template):
    """Return the str.format field names and %-style names in ``template``."""
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    return names | {"%" + name for name in PERCENT_FIELD.findall(template)}


def test_every_catalog_module_is_listed():
    modules = {path.stem for path in MESSAGES_DIR.glob("*.py") if path.stem != "__init__"}
    assert modules == set(AREAS)


@pytest.mark.parametrize("area", AREAS)
def test_keys_start_with_their_area(area):
    misplaced = [key for key in CATALOGS[area] if not key.startswith(area + ".")]
    assert misplaced == []


@pytest.mark.parametrize("path", sorted(MESSAGES_DIR.glob("*.py")), ids=lambda path: path.name)
def test_no_key_is_defined_twice(path):
    # A dict literal keeps the last of two equal keys without a warning.
    tree = ast.parse(path.read_text(encoding="utf-8"))
    duplicates = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys = [key.value for key in node.keys if isinstance(key, ast.Constant)]
            duplicates.update(key for key in keys if keys.count(key) > 1)
    assert sorted(duplicates) == []


def test_every_key_has_both_languages():
    incomplete = [key for key, entry in ENTRIES if set(entry) != set(i18n.LANGUAGES)]
    assert incomplete == []


def test_templates_are_nonempty_strings():
    bad = [
        (key, language)
        for key, entry in ENTRIES
        for language, template in entry.items()
        if not isinstance(template, str) or not template
    ]
    assert bad == []


def test_languages_have_same_placeholders():
    mismatched = []
    for key, entry in ENTRIES:
        english, chinese = fields(entry["en"]), fields(entry["zh-CN"])
        if english != chinese:
            mismatched.append((key, sorted(english), sorted(chinese)))
    assert mismatched == []


def test_english_is_printable_in_gbk():
    unprintable = []
    for key, entry in ENTRIES:
        try:
            entry["en"].encode("gbk")
        except UnicodeEncodeError as error:
            unprintable.append((key, entry["en"][error.start:error.end]))
    assert unprintable == []


def test_chinese_is_printable_in_gbk():
    # A Chinese Windows console uses code page 936 (GBK).
    unprintable = []
    for key, entry in ENTRIES:
        try:
            entry["zh-CN"].encode("gbk")
        except UnicodeEncodeError as error:
            unprintable.append((key, entry["zh-CN"][error.start:error.end]))
    assert unprintable == []


def _words_left(template):
    # Placeholders, code spans and paths are the same in both languages.
    text = re.sub(r"\{[^{}]*\}|`[^`]*`|\S*/\S*", " ", template)
    return [word for word in re.findall(r"\b[a-z]{2,}\b", text) if word != "torch"]


def test_chinese_differs_where_english_has_words():
    untranslated = [key for key, entry in ENTRIES if entry["en"] == entry["zh-CN"] and _words_left(entry["en"])]
    assert untranslated == []


def _literal_keys():
    for path in sorted(PACKAGE.rglob("*.py")):
        if MESSAGES_DIR in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name == "tr" and isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield path.relative_to(PACKAGE.parent), node.lineno, first.value


def test_literal_keys_in_the_code_exist():
    keys = list(_literal_keys())
    assert len(keys) > 100
    missing = [(str(path), line, key) for path, line, key in keys if not i18n.has_message(key)]
    assert missing == []


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_kind_has_all_texts(kind):
    for part in ("title", "what", "why", "fix"):
        assert i18n.has_message(f"kind.{kind}.{part}"), part


@pytest.mark.parametrize("code", sorted(load_rules()))
def test_rule_has_summary_and_doc(code):
    assert i18n.has_message(f"rule.{code}.summary")
    assert i18n.has_message(f"rule.{code}.doc")


def _click_texts():
    """Return every literal that click passes to gettext or ngettext."""
    texts = set()
    for path in Path(click.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_", "ngettext"):
                texts.update(arg.value for arg in node.args if isinstance(arg, ast.Constant)
                             and isinstance(arg.value, str))
    return texts


def test_click_keys_match_installed_click():
    # loaderdoctor.cli finds a key by click's English text, so a text that
    # click no longer uses would silently stay untranslated.
    click_entries = {key: entry["en"] for key, entry in CATALOGS["cli"].items() if key.startswith("cli.click.")}
    assert click_entries
    unknown = sorted(key for key, text in click_entries.items() if text not in _click_texts())
    assert unknown == []


def test_click_keys_have_distinct_english():
    texts = [entry["en"] for key, entry in CATALOGS["cli"].items() if key.startswith("cli.click.")]
    assert len(texts) == len(set(texts))
