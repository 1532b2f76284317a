"""Reading Jupyter notebooks as one Python source, cell by cell.

Code cells are joined in order. IPython magics (``%``, ``%%``), shell
escapes (``!``) and help requests (``obj?``) are replaced by ``pass`` with
the same indentation, so every line keeps its number. Two maps turn a line
of the joined text back into places a user can find:

- ``source.cell_map[line] = (cell number, line in the cell)``, counting
  code cells from 1 (Jupyter's "In [n]" counts executions, not cells);
- ``source.raw_lines[line]`` is the line of the .ipynb file whose JSON
  string contains that source line.

A finding in the notebook keeps the cell and the line in the cell in
``finding.cell``/``finding.cell_line``, and its ``line`` becomes the raw
file line (see ``locate_findings``).
"""

import bisect
import json
import re
from json.decoder import scanstring

from loaderdoctor import records
from loaderdoctor.check import sources
from loaderdoctor.i18n import tr

MAGIC = re.compile(r"^(\s*)(%%?|!|\?)")
ASSIGNED_MAGIC = re.compile(r"^(\s*)([\w.,\s]+)=\s*(%|!)")
# `obj?`, `obj.method??`: IPython's help, not Python.
HELP_SUFFIX = re.compile(r"^(\s*)[\w.\[\]]+\?{1,2}\s*$")
NEWLINE = re.compile(r"\r\n|\r|\n")
WHITESPACE = re.compile(r"[ \t\n\r]*")
# Cell magics whose body is Python that runs in the kernel itself.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun"})

_decoder = json.JSONDecoder()


def _split_lines(text):
    """Split like Python's tokenizer does: at \\n, \\r\\n and \\r only (not at form feeds)."""
    lines = NEWLINE.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _cell_parts(cell):
    """Return the cell's source as a list of strings (nbformat allows a string or a list)."""
    text = cell.get("source", "")
    if isinstance(text, str):
        return [text]
    if isinstance(text, list) and all(isinstance(part, str) for part in text):
        return text
    return None


def _neutralize(line):
    match = MAGIC.match(line)
    if match:
        return f"{match.group(1)}pass"
    match = ASSIGNED_MAGIC.match(line)
    if match:
        return f"{match.group(1)}{match.group(2).strip()} = None"
    match = HELP_SUFFIX.match(line)
    if match:
        return f"{match.group(1)}pass"
    return line


def _dedent_cell(lines):
    # IPython removes the first line's indentation from every line of a cell.
    first = next((line for line in lines if line.strip()), "")
    indent = first[: len(first) - len(first.lstrip())]
    if not indent:
        return lines
    return [line.removeprefix(indent) for line in lines]


def _python_lines(text):
    """Return the cell's lines as Python, with magics replaced by ``pass``."""
    lines = _split_lines(text)
    if not lines:
        return ["pass"]
    first = lines[0].lstrip()
    if first.startswith("%%"):
        name = first[2:].split(None, 1)[0] if first[2:].strip() else ""
        if name not in PYTHON_CELL_MAGICS:
            # %%bash, %%writefile, %%html: the body is not Python run by this kernel.
            return ["pass"] * len(lines)
        return ["pass"] + [_neutralize(line) for line in _dedent_cell(lines[1:])]
    return [_neutralize(line) for line in _dedent_cell(lines)]


def load_notebook(path, data=None):
    """Return a ``SourceFile`` of the notebook's code cells, with ``cell_map`` and ``raw_lines``."""
    if data is None:
        data = sources.read_bytes(path)
    text = _decode(path, data)
    cells = _cells(path, text)
    positions = _source_positions(text)
    line_starts = [0] + [match.end() for match in re.finditer("\n", text)]

    lines, cell_map, raw_lines = [], {}, {}
    code_index = 0
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        code_index += 1
        parts = _cell_parts(cell)
        if parts is None:
            raise sources.SourceError(path, tr("check.notebook.bad-cell", cell=code_index),
                                      tr("check.notebook.hint-resave"))
        offsets = positions[index] if index < len(positions) else []
        part_lines = [bisect.bisect_right(line_starts, offset) for offset in offsets]
        origins = _line_origins(parts, part_lines) or part_lines[:1]
        for number, line in enumerate(_python_lines("".join(parts)), start=1):
            lines.append(line)
            cell_map[len(lines)] = (code_index, number)
            if origins:
                raw_lines[len(lines)] = origins[min(number, len(origins)) - 1]

    joined = "\n".join(lines) + "\n"
    tree = _parse(path, joined, cell_map, raw_lines)
    source = sources.SourceFile(path=path, text=joined, lines=joined.splitlines(), tree=tree)
    source.cell_map = cell_map
    source.raw_lines = raw_lines
    return source


def _decode(path, data):
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise sources.SourceError(path, tr("check.notebook.not-utf8", error=error.reason),
                                  tr("check.notebook.hint-resave")) from None


def _cells(path, text):
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        reason = tr("check.notebook.invalid-json", line=error.lineno, column=error.colno, error=error.msg)
        raise sources.SourceError(path, reason, tr("check.notebook.hint-resave"), line=error.lineno) from None
    except RecursionError:
        reason = tr("check.notebook.invalid-json", line=1, column=1, error="nested too deeply")
        raise sources.SourceError(path, reason, tr("check.notebook.hint-resave")) from None
    cells = document.get("cells") if isinstance(document, dict) else None
    if isinstance(cells, list):
        return cells
    if isinstance(document, dict) and "worksheets" in document:
        reason = tr("check.notebook.old-format", version=document.get("nbformat", 3))
        raise sources.SourceError(path, reason, tr("check.notebook.hint-resave"))
    raise sources.SourceError(path, tr("check.notebook.no-cells"), tr("check.notebook.hint-resave"))


def _parse(path, joined, cell_map, raw_lines):
    try:
        return sources.parse_python(joined, path)
    except sources.SourceError as error:
        if error.line is None or error.line not in cell_map:
            raise
        cell, cell_line = cell_map[error.line]
        detail = error.reason.split(": ", 1)[-1]
        reason = tr("check.notebook.syntax-error", cell=cell, line=cell_line, error=detail)
        raise sources.SourceError(path, reason, tr("check.notebook.hint-syntax"),
                                  line=raw_lines.get(error.line)) from None


def _line_origins(parts, part_lines):
    """Return, for each line of the joined cell source, the raw file line of the string it starts in."""
    if len(part_lines) != len(parts):
        return []
    origins = []
    at_line_start = True
    for part, raw_line in zip(parts, part_lines):
        if at_line_start and part:
            origins.append(raw_line)
            at_line_start = False
        for match in NEWLINE.finditer(part):
            if match.end() < len(part):
                origins.append(raw_line)
            else:
                at_line_start = True
    return origins


# -- where each source string sits in the JSON text ---------------------------------


def _source_positions(text):
    """Return, per cell, the offsets in ``text`` of its "source" string or strings.

    ``json.loads`` has already accepted ``text``, so this scanner only has to
    find positions; values it does not need are skipped with the C decoder.
    Returns an empty list when the layout is not the usual one.
    """
    try:
        index = _skip(text, 0)
        if text[index] != "{":
            return []
        positions = []
        for key, value_index in _members(text, index):
            if key == "cells" and text[value_index] == "[":
                positions = [_cell_source_offsets(text, item) for item in _elements(text, value_index)]
        return positions
    except (IndexError, ValueError):
        return []


def _skip(text, index):
    return WHITESPACE.match(text, index).end()


def _value_end(text, index):
    return _decoder.raw_decode(text, index)[1]


def _members(text, index):
    """Yield ``(key, value index)`` for the members of the object at ``index``."""
    index = _skip(text, index + 1)
    if text[index] == "}":
        return
    while True:
        key, index = scanstring(text, index + 1)
        index = _skip(text, index)
        index = _skip(text, index + 1)  # the colon
        yield key, index
        index = _skip(text, _value_end(text, index))
        if text[index] == "}":
            return
        index = _skip(text, index + 1)  # the comma


def _elements(text, index):
    """Yield the index of each element of the array at ``index``."""
    index = _skip(text, index + 1)
    if text[index] == "]":
        return
    while True:
        yield index
        index = _skip(text, _value_end(text, index))
        if text[index] == "]":
            return
        index = _skip(text, index + 1)


def _cell_source_offsets(text, index):
    offsets = []
    if text[index] != "{":
        return offsets
    for key, value_index in _members(text, index):
        if key != "source":
            continue
        if text[value_index] == '"':
            offsets = [value_index]
        elif text[value_index] == "[":
            offsets = [item for item in _elements(text, value_index) if text[item] == '"']
    return offsets


# -- findings -------------------------------------------------------------------------


def locate_findings(findings, source):
    """Give findings in the notebook their cell, line in the cell, and raw file line.

    Findings in other files (an imported module) are left alone. Lines of the
    call chain and of the ``num_workers`` sources in the notebook become raw
    file lines too, so every line number shown for the .ipynb file means the
    same thing.
    """
    raw_lines = getattr(source, "raw_lines", None) or {}
    for finding in findings:
        if finding.path != source.path:
            continue
        joined = finding.line
        finding.cell, finding.cell_line = source.cell_map.get(joined, (None, None))
        finding.line = raw_lines.get(joined, joined)
        if finding.end_line is not None:
            finding.end_line = raw_lines.get(finding.end_line, finding.end_line)
        finding.chain = [_raw_origin(origin, source, raw_lines) for origin in finding.chain]
        finding.value_sources = [_raw_origin(origin, source, raw_lines) for origin in finding.value_sources]


def _raw_origin(origin, source, raw_lines):
    if origin.path != source.path or origin.line not in raw_lines:
        return origin
    return records.replace(origin, line=raw_lines[origin.line])
