"""Line-level view of a source text, for edits that keep untouched lines byte-identical.

Python ends a line at ``\\r\\n``, ``\\n`` or a lone ``\\r`` (``str.splitlines``
also splits at form feeds and other characters that Python treats as
whitespace, so it is not used here). Every line keeps its own ending, so a
file with CRLF endings keeps them in the lines that move.
"""

import io
import re
import tokenize
from dataclasses import dataclass

LINE_END = re.compile(r"\r\n|\r|\n")
DEFAULT_INDENT = "    "


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` of the original text with ``content``."""

    start: int
    end: int
    content: str


class Lines:
    """The lines of a text with their offsets; line numbers are 1-based, as in ``ast``."""

    def __init__(self, text):
        self.text = text
        self.starts = [0]
        for match in LINE_END.finditer(text):
            self.starts.append(match.end())
        if self.starts[-1] == len(text) and len(self.starts) > 1:
            self.starts.pop()
        self.count = len(self.starts) if text else 0

    def start(self, line):
        """Offset of the first character of ``line``; ``count + 1`` is the end of the text."""
        if line > self.count:
            return len(self.text)
        return self.starts[line - 1]

    def end(self, line):
        """Offset just after ``line`` and its line ending."""
        return self.start(line + 1)

    def get(self, line):
        """Return the text of ``line`` with its line ending."""
        return self.text[self.start(line):self.end(line)]

    def content(self, line):
        """Return the text of ``line`` without its line ending."""
        return LINE_END.sub("", self.get(line), count=1)

    def ending(self, line):
        whole = self.get(line)
        return whole[len(self.content(line)):]

    def is_blank(self, line):
        return 1 <= line <= self.count and not self.content(line).strip()

    def is_comment(self, line):
        return 1 <= line <= self.count and self.content(line).lstrip().startswith("#")

    def position(self, offset):
        """Return the 1-based ``(line, column)`` of ``offset``, the column counted in characters."""
        low, high = 0, len(self.starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low + 1, offset - self.starts[low] + 1


def lines_inside_strings(text):
    """Return the line numbers that begin inside a string literal.

    Adding or removing indentation at the start of such a line would change
    the value of the string, so re-indenting code skips them. Python 3.12
    tokenizes f-strings into parts; their span runs from FSTRING_START to the
    matching FSTRING_END. Raises ``ValueError`` when the text cannot be
    tokenized, because a partial answer could let a string change.
    """
    inside = set()
    fstring_start = getattr(tokenize, "FSTRING_START", None)
    fstring_end = getattr(tokenize, "FSTRING_END", None)
    open_fstrings = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.STRING:
                inside.update(range(token.start[0] + 1, token.end[0] + 1))
            elif fstring_start is not None and token.type == fstring_start:
                open_fstrings.append(token.start[0])
            elif fstring_end is not None and token.type == fstring_end and open_fstrings:
                first = open_fstrings.pop()
                if not open_fstrings:
                    inside.update(range(first + 1, token.end[0] + 1))
    except (tokenize.TokenError, IndentationError, SyntaxError) as error:
        raise ValueError(f"cannot tokenize: {error}") from None
    return inside


def detect_indent(lines, tree):
    """Return the indentation unit of the file: the whitespace before the first line of the first indented block."""
    import ast

    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list) or not body or isinstance(node, ast.Module):
            continue
        first = body[0]
        if first.lineno == node.lineno:
            continue  # a one-line block such as ``if x: y``
        outer = _leading_whitespace(lines.content(node.lineno))
        inner = _leading_whitespace(lines.content(first.lineno))
        if len(inner) > len(outer) and inner.startswith(outer):
            return inner[len(outer):]
    return DEFAULT_INDENT


def _leading_whitespace(line):
    return line[: len(line) - len(line.lstrip(" \t\f"))]


def leading_whitespace(line):
    return _leading_whitespace(line)


def reindent(lines, first, last, old_prefix, new_prefix, string_lines):
    """Return lines ``first..last`` with ``old_prefix`` replaced by ``new_prefix`` at the start of each line.

    Lines that begin inside a string literal keep their text. Blank lines
    lose their whitespace. A line indented less than ``old_prefix`` (a
    comment or a continuation line) gets ``new_prefix`` in place of its own
    indentation.
    """
    out = []
    for line in range(first, last + 1):
        whole = lines.get(line)
        content = lines.content(line)
        ending = whole[len(content):]
        if line in string_lines:
            out.append(whole)
        elif not content.strip():
            out.append(ending)
        elif content.startswith(old_prefix):
            out.append(new_prefix + content[len(old_prefix):] + ending)
        else:
            out.append(new_prefix + content.lstrip(" \t\f") + ending)
    return "".join(out)


def ensure_line_end(text, newline):
    if text and not LINE_END.search(text[-2:]):
        return text + newline
    return text


def apply_edits(text, edits):
    """Apply non-overlapping edits, last first, so that earlier offsets stay valid."""
    ordered = sorted(edits, key=lambda edit: (edit.start, edit.end))
    for before, after in zip(ordered, ordered[1:]):
        if after.start < before.end:
            raise ValueError(f"overlapping edits at offsets {before.start}-{before.end} and {after.start}-{after.end}")
    for edit in reversed(ordered):
        text = text[: edit.start] + edit.content + text[edit.end:]
    return text


def merge_touching(edits):
    """Merge edits where one ends exactly where the next starts, keeping their order."""
    merged = []
    for edit in sorted(edits, key=lambda item: (item.start, item.end)):
        if merged and merged[-1].end == edit.start:
            previous = merged.pop()
            edit = Edit(previous.start, edit.end, previous.content + edit.content)
        merged.append(edit)
    return merged
