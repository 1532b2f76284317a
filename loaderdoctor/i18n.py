"""Message catalog lookup and the choice of output language.

Every user-facing string is looked up by key. A key's first dotted part names
the catalog module under ``loaderdoctor.messages`` that contains it, so a command
loads only the catalogs it uses. Each entry maps a language tag to a
``str.format`` template, and every language has the same placeholders.
"""

import importlib
import os
import sys

ENGLISH = "en"
CHINESE = "zh-CN"
LANGUAGES = (ENGLISH, CHINESE)
LANGUAGE_ENV = "LOADERDOCTOR_LANG"
SIMPLIFIED_CHINESE_LANGIDS = (0x0804, 0x1004, 0x0004)

_current_language = None
_catalogs = {}


def normalize_language(tag):
    """Map a tag such as ``zh_CN.UTF-8``, ``zh-Hans`` or ``en_US`` to a supported language, or None."""
    if not tag:
        return None
    tag = tag.strip().split(".")[0].split("@")[0].replace("_", "-").lower()
    if tag in ("zh", "zh-cn", "zh-hans", "zh-sg", "zh-hans-cn", "chinese"):
        return CHINESE
    if tag.startswith("zh-hans"):
        return CHINESE
    if tag in ("en",) or tag.startswith("en-") or tag in ("c", "posix"):
        return ENGLISH
    return None


def _windows_ui_language():
    # GetUserDefaultUILanguage returns a LANGID. Those written in Simplified
    # Chinese are, in winnt.h's terms, zh-CN (0x0804), zh-SG (0x1004) and
    # the neutral LANG_CHINESE_SIMPLIFIED (0x0004).
    try:
        import ctypes

        langid = ctypes.windll.kernel32.GetUserDefaultUILanguage()
    except (AttributeError, OSError):
        return None
    if langid in SIMPLIFIED_CHINESE_LANGIDS:
        return CHINESE
    return ENGLISH


def detect_language(environ=None, platform=None):
    """Choose the language from LOADERDOCTOR_LANG, then the locale, else English.

    The locale follows GNU gettext: the first of LC_ALL, LC_MESSAGES and LANG
    that is set names it, and unless it is C or POSIX, the priority list in
    LANGUAGE (such as ``zh_CN:en``) comes first. Where none of them is set,
    Windows is asked for the user's display language.
    """
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform

    explicit = normalize_language(environ.get(LANGUAGE_ENV))
    if explicit:
        return explicit

    locale_name = next((environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(name)), None)
    if locale_name:
        if locale_name.split(".")[0].upper() in ("C", "POSIX"):
            return ENGLISH
        for entry in environ.get("LANGUAGE", "").split(":"):
            listed = normalize_language(entry)
            if listed:
                return listed
        return normalize_language(locale_name) or ENGLISH

    if platform == "win32":
        return _windows_ui_language() or ENGLISH
    return ENGLISH


def set_language(language):
    global _current_language
    normalized = normalize_language(language)
    if normalized is None:
        raise ValueError(f"unsupported language {language!r}; use one of: {', '.join(LANGUAGES)}")
    _current_language = normalized


def get_language():
    global _current_language
    if _current_language is None:
        _current_language = detect_language()
    return _current_language


def _catalog(area):
    catalog = _catalogs.get(area)
    if catalog is None:
        module = importlib.import_module(f"loaderdoctor.messages.{area}")
        catalog = _catalogs[area] = module.MESSAGES
    return catalog


def tr(key, language=None, **fields):
    """Return the message ``key`` in the current language, formatted with ``fields``."""
    area = key.split(".", 1)[0]
    entry = _catalog(area)[key]
    template = entry.get(language or get_language()) or entry[ENGLISH]
    return template.format(**fields) if fields else template


def has_message(key):
    area = key.split(".", 1)[0]
    try:
        return key in _catalog(area)
    except ImportError:
        return False


def display_width(text):
    """Return the number of terminal columns ``text`` takes: two for each wide (CJK) character."""
    import unicodedata

    width = 0
    for character in text:
        if unicodedata.combining(character):
            continue
        width += 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
    return width


def pad(text, width):
    """Return ``text`` followed by spaces up to ``width`` terminal columns, for aligned tables."""
    return text + " " * max(0, width - display_width(text))


# Punctuation that must not start a line of Chinese text.
NO_LINE_START = frozenset("，。、；：！？）》」』”’%")


def has_wide_characters(text):
    import unicodedata

    return any(ord(character) > 0x2E7F and unicodedata.east_asian_width(character) in ("W", "F")
               for character in text)


def wrap_columns(text, width, initial_indent="", subsequent_indent=""):
    """Wrap ``text`` into lines of at most ``width`` terminal columns; return the lines.

    Unlike ``textwrap``, which counts characters and breaks only at spaces,
    this counts a wide (CJK) character as two columns and may break between
    any two of them, but never before closing punctuation such as "，".
    """
    tokens = []
    for piece in _wrap_tokens(text):
        if tokens and piece[:1] in NO_LINE_START:
            tokens[-1] += piece
        else:
            tokens.append(piece)
    lines = []
    line, used, indent = "", 0, initial_indent
    for token in tokens:
        size = display_width(token)
        if line and used + size > width - display_width(indent):
            lines.append(indent + line.rstrip())
            line, used, indent = "", 0, subsequent_indent
            if token.isspace():
                continue
            token = token.lstrip()
            size = display_width(token)
        line += token
        used += size
    if line.strip():
        lines.append(indent + line.rstrip())
    return lines


def _wrap_tokens(text):
    """Split ``text`` into a word with its following spaces, or one wide character, per token."""
    import re

    return re.findall(r"[\u2e80-\uffef]|[^\s\u2e80-\uffef]+\s*|\s+", re.sub(r"\s*\n\s*", " ", text.strip()))
