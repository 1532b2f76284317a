"""Message catalog lookup and the choice of output language.

Every user-facing string is looked up by key. A key's first dotted part names
the catalog module under ``loaderdoctor.messages`` that holds it, so a command
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
    # GetUserDefaultUILanguage returns a LANGID; 0x0804 is Chinese (PRC) and
    # 0x1004 Chinese (Singapore), the two locales written in Simplified Chinese.
    try:
        import ctypes

        langid = ctypes.windll.kernel32.GetUserDefaultUILanguage()
    except (AttributeError, OSError):
        return None
    if langid in (0x0804, 0x1004):
        return CHINESE
    return ENGLISH


def detect_language(environ=None, platform=None):
    """Choose the language from LOADERDOCTOR_LANG, then the locale, else English."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform

    explicit = normalize_language(environ.get(LANGUAGE_ENV))
    if explicit:
        return explicit

    # POSIX precedence: LC_ALL overrides LC_MESSAGES, which overrides LANG.
    # LANGUAGE is a GNU priority list such as "zh_CN:en".
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if value:
            language = normalize_language(value)
            if language == CHINESE:
                gnu_list = environ.get("LANGUAGE", "")
                first = normalize_language(gnu_list.split(":")[0]) if gnu_list else None
                return first or CHINESE
            if language:
                return language
            break

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
