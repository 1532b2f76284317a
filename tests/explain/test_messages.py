"""The kind texts and explain's messages: complete, in both languages, printable."""

import string

import pytest

from loaderdoctor import i18n
from loaderdoctor.explain import analyze_file, render
from loaderdoctor.kinds import KINDS
from loaderdoctor.messages import explain as explain_messages
from loaderdoctor.messages import kind as kind_messages
from tests.explain.conftest import FIXTURES

CATALOGS = {"kind": kind_messages.MESSAGES, "explain": explain_messages.MESSAGES}


def _placeholders(template):
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_has_all_texts(kind):
    for part in ("title", "what", "why", "fix"):
        entry = kind_messages.MESSAGES["kind.%s.%s" % (kind, part)]
        assert entry["en"].strip() and entry["zh-CN"].strip()


@pytest.mark.parametrize("area", sorted(CATALOGS))
def test_same_placeholders_in_both_languages(area):
    for key, entry in CATALOGS[area].items():
        assert set(entry) == {"en", "zh-CN"}, key
        assert _placeholders(entry["en"]) == _placeholders(entry["zh-CN"]), key


@pytest.mark.parametrize("area", sorted(CATALOGS))
def test_english_is_plain_ascii(area):
    # No curly quotes, dashes or arrows: every GBK console can print ASCII.
    for key, entry in CATALOGS[area].items():
        assert entry["en"].isascii(), key


@pytest.mark.parametrize("area", sorted(CATALOGS))
def test_chinese_is_gbk_printable(area):
    for key, entry in CATALOGS[area].items():
        entry["zh-CN"].encode("gbk")


@pytest.mark.parametrize("area", sorted(CATALOGS))
def test_keys_belong_to_their_area(area):
    assert all(key.startswith(area + ".") for key in CATALOGS[area])


def test_guard_pattern_in_fix():
    for language in i18n.LANGUAGES:
        fix = kind_messages.MESSAGES["kind.unguarded-start.fix"][language]
        assert "    def main():\n" in fix
        assert '    if __name__ == "__main__":\n        main()' in fix


@pytest.mark.parametrize("language", i18n.LANGUAGES)
@pytest.mark.parametrize("name", sorted(path.name for path in FIXTURES.glob("*.log")))
def test_every_fixture_renders(language, name):
    i18n.set_language(language)
    try:
        diagnosis = analyze_file(FIXTURES / name)
        text = render.render_full(name, diagnosis)
        concise = render.render_concise(name, diagnosis)
    finally:
        i18n.set_language("en")
    assert name in text
    for failure in diagnosis.failures:
        assert failure.kind in concise
