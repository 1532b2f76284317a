"""Reading Jupyter notebooks as one Python source, cell by cell.

Code cells are joined in order. IPython magics (``%``, ``%%``) and shell
escapes (``!``) are replaced by ``pass`` with the same indentation, so every
line keeps its number and the cell map can turn a joined line back into
"cell N, line M".
"""

import json
import re

from loaderdoctor.check import sources

MAGIC = re.compile(r"^(\s*)(%%?|!|\?)")
ASSIGNED_MAGIC = re.compile(r"^(\s*)([\w.,\s]+)=\s*(%|!)")


def _cell_source(cell):
    text = cell.get("source", "")
    if isinstance(text, list):
        text = "".join(text)
    if not isinstance(text, str):
        raise ValueError("cell source is neither a string nor a list of strings")
    return text


def _neutralize(line):
    match = MAGIC.match(line)
    if match:
        return f"{match.group(1)}pass"
    match = ASSIGNED_MAGIC.match(line)
    if match:
        return f"{match.group(1)}{match.group(2).strip()} = None"
    if line.rstrip().endswith("?") and not line.lstrip().startswith("#"):
        return re.sub(r"\S.*", "pass", line, count=1)
    return line


def load_notebook(path, data=None):
    """Return a ``SourceFile`` of the notebook's code cells with a cell map."""
    if data is None:
        data = sources.read_bytes(path)
    try:
        document = json.loads(data.decode("utf-8-sig"))
        cells = document["cells"] if isinstance(document, dict) else None
        if not isinstance(cells, list):
            raise ValueError("no list of cells")
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise sources.SourceError(path, f"not a valid notebook: {error}",
                                  "open and save it again in Jupyter, or pass only .py files") from None

    lines, cell_map = [], {}
    code_index = 0
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        code_index += 1
        try:
            text = _cell_source(cell)
        except ValueError as error:
            raise sources.SourceError(path, f"not a valid notebook: cell {code_index}: {error}") from None
        if text.lstrip().startswith("%%"):
            # A cell magic (%%bash, %%time) makes the whole cell non-Python
            # or wraps it; either way its lines are not checked as Python.
            cell_lines = ["pass"] * max(1, len(text.splitlines()))
        else:
            cell_lines = [_neutralize(line) for line in text.splitlines()] or ["pass"]
        for number, line in enumerate(cell_lines, start=1):
            lines.append(line)
            cell_map[len(lines)] = (code_index, number)

    text = "\n".join(lines) + "\n"
    tree = sources.parse_python(text, path)
    source = sources.SourceFile(path=path, text=text, lines=text.splitlines(), tree=tree)
    source.cell_map = cell_map
    return source
