"""Wrapping explanatory text to the terminal, for explain and probe."""

import re
import shutil
import textwrap

from loaderdoctor import i18n

# Prose is wrapped to the terminal, but never wider than this.
MAX_WIDTH = 88
INDENT = "    "

_CODE_SPAN = re.compile(r"`[^`]+`")
_NO_BREAK = "\x00"


def terminal_width():
    return max(40, min(MAX_WIDTH, shutil.get_terminal_size((MAX_WIDTH, 24)).columns))


def wrap_prose(text, indent=INDENT, subsequent=None):
    """Indent ``text`` and wrap its prose; keep code lines (indented by 4) and `code spans` whole.

    Text with Chinese characters is wrapped by terminal columns, two for
    each character, and may break between any two of them.
    """
    subsequent = indent if subsequent is None else subsequent
    width = terminal_width()
    lines = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            lines.append("")
        elif paragraph.startswith("    "):
            lines.append(indent + paragraph)
        else:
            protected = _CODE_SPAN.sub(lambda match: match.group(0).replace(" ", _NO_BREAK), paragraph)
            if i18n.has_wide_characters(protected):
                wrapped = i18n.wrap_columns(protected, width, indent, subsequent)
            else:
                wrapped = textwrap.wrap(protected, width, initial_indent=indent, subsequent_indent=subsequent,
                                        break_long_words=False, break_on_hyphens=False)
            lines.extend(line.replace(_NO_BREAK, " ") for line in wrapped)
    return "\n".join(lines)
