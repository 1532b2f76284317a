"""How the output language is chosen: LOADERDOCTOR_LANG, the locale, Windows' display language."""

import ctypes
import types

import click
import pytest

from loaderdoctor import cli, i18n


@pytest.fixture
def keep_language():
    saved = i18n._current_language
    yield
    i18n._current_language = saved


def fake_windll(langid):
    kernel32 = types.SimpleNamespace(GetUserDefaultUILanguage=lambda: langid)
    return types.SimpleNamespace(kernel32=kernel32)


@pytest.mark.parametrize("tag, expected", [
    ("zh-CN", "zh-CN"),
    ("zh_CN.UTF-8", "zh-CN"),
    ("zh_CN.GB2312", "zh-CN"),
    ("zh_CN.gbk", "zh-CN"),
    ("zh_SG", "zh-CN"),
    ("zh-Hans", "zh-CN"),
    ("zh-Hans-CN", "zh-CN"),
    ("zh", "zh-CN"),
    ("ZH-cn", "zh-CN"),
    ("en", "en"),
    ("en_US.UTF-8", "en"),
    ("en-GB", "en"),
    ("C", "en"),
    ("POSIX", "en"),
    ("zh_TW.UTF-8", None),
    ("zh-Hant", None),
    ("fr_FR.UTF-8", None),
    ("", None),
    (None, None),
])
def test_normalize_language(tag, expected):
    assert i18n.normalize_language(tag) == expected


@pytest.mark.parametrize("environ, expected", [
    ({}, "en"),
    ({"LOADERDOCTOR_LANG": "zh-CN"}, "zh-CN"),
    ({"LOADERDOCTOR_LANG": "zh_CN"}, "zh-CN"),
    ({"LOADERDOCTOR_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LOADERDOCTOR_LANG": "zh-CN", "LANG": "en_US.UTF-8"}, "zh-CN"),
    ({"LANG": "zh_CN.UTF-8"}, "zh-CN"),
    ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh-CN"),
    ({"LC_ALL": "zh_CN.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "zh-CN"),
    ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LC_ALL": "", "LANG": "zh_CN.UTF-8"}, "zh-CN"),
    ({"LANG": "zh_CN.UTF-8", "LANGUAGE": "en_US:zh_CN"}, "en"),
    ({"LANG": "en_US.UTF-8", "LANGUAGE": "zh_CN:en"}, "zh-CN"),
    ({"LANG": "en_US.UTF-8", "LANGUAGE": "fr:zh_CN"}, "zh-CN"),
    ({"LANG": "zh_CN.UTF-8", "LANGUAGE": "fr"}, "zh-CN"),
    ({"LANG": "C.UTF-8", "LANGUAGE": "zh_CN"}, "en"),
    ({"LANGUAGE": "zh_CN"}, "en"),
    ({"LANG": "zh_TW.UTF-8"}, "en"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
])
def test_detect_language_from_environment(environ, expected):
    assert i18n.detect_language(environ=environ, platform="linux") == expected


def test_unknown_override_falls_back_to_locale():
    environ = {"LOADERDOCTOR_LANG": "klingon", "LANG": "zh_CN.UTF-8"}
    assert i18n.detect_language(environ=environ, platform="linux") == "zh-CN"


@pytest.mark.parametrize("langid, expected", [
    (0x0804, "zh-CN"),
    (0x1004, "zh-CN"),
    (0x0004, "zh-CN"),
    (0x0409, "en"),
    (0x0404, "en"),
    (0x0C04, "en"),
    (0x0407, "en"),
])
def test_windows_display_language(monkeypatch, langid, expected):
    monkeypatch.setattr(ctypes, "windll", fake_windll(langid), raising=False)
    assert i18n.detect_language(environ={}, platform="win32") == expected


def test_windows_locale_variables_win(monkeypatch):
    monkeypatch.setattr(ctypes, "windll", fake_windll(0x0409), raising=False)
    assert i18n.detect_language(environ={"LANG": "zh_CN.UTF-8"}, platform="win32") == "zh-CN"
    monkeypatch.setattr(ctypes, "windll", fake_windll(0x0804), raising=False)
    assert i18n.detect_language(environ={"LOADERDOCTOR_LANG": "en"}, platform="win32") == "en"


def test_windows_without_api_is_english(monkeypatch):
    monkeypatch.delattr(ctypes, "windll", raising=False)
    assert i18n.detect_language(environ={}, platform="win32") == "en"


def test_windows_api_not_asked_elsewhere(monkeypatch):
    monkeypatch.setattr(ctypes, "windll", fake_windll(0x0804), raising=False)
    assert i18n.detect_language(environ={}, platform="darwin") == "en"


def test_set_language_rejects_unknown(keep_language):
    with pytest.raises(ValueError, match="klingon"):
        i18n.set_language("klingon")


def test_tr_follows_set_language(keep_language):
    i18n.set_language("zh_CN.UTF-8")
    assert i18n.get_language() == "zh-CN"
    assert i18n.tr("cli.aborted") == "已中止。"
    i18n.set_language("en")
    assert i18n.tr("cli.aborted") == "Aborted."


def test_tr_language_argument_wins(keep_language):
    i18n.set_language("en")
    assert i18n.tr("cli.error", language="zh-CN", error="x") == "loaderdoctor: 错误：x"


@pytest.mark.parametrize("argv, expected", [
    (["--lang", "zh-CN", "check"], "zh-CN"),
    (["check", "--lang=zh-CN", "."], "zh-CN"),
    (["explain", "--lang", "en"], "en"),
    (["check", "."], None),
    (["check", "--lang"], None),
    (["probe", "--", "train.py", "--lang", "zh-CN"], None),
])
def test_language_from_argv(argv, expected):
    assert cli._language_from_argv(argv) == expected


def test_click_texts_follow_language(keep_language):
    cli.translate_click()

    i18n.set_language("zh-CN")
    assert click.exceptions.NoSuchOption("--bogus").format_message() == "没有名为 '--bogus' 的选项。"
    i18n.set_language("en")
    assert click.exceptions.NoSuchOption("--bogus").format_message() == "No such option '--bogus'."


def test_click_plural_texts_follow_language(keep_language):
    cli.translate_click()
    i18n.set_language("zh-CN")
    assert click.types.ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 2) == (
        "{value!r} 不是 {choices} 之一。")
    i18n.set_language("en")
    assert click.types.ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1) == (
        "{value!r} is not {choice}.")


def test_click_texts_without_key_stay(keep_language):
    cli.translate_click()
    i18n.set_language("zh-CN")
    assert click.core._("Value must be an iterable.") == "Value must be an iterable."


def test_display_width_counts_wide_characters_twice():
    from loaderdoctor.i18n import display_width, pad

    assert display_width("CPU") == 3
    assert display_width("操作系统") == 8
    assert display_width("e\u0301") == 1  # a combining accent takes no column
    assert pad("内存", 6) == "内存  "
    assert pad("memory", 6) == "memory"
    assert display_width(pad("默认启动方式", 28)) == display_width(pad("default start method", 28)) == 28
