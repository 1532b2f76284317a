"""Notebooks: cell-by-cell reading, positions of findings, magics, and broken files."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from loaderdoctor.check import check_paths
from loaderdoctor.check.notebooks import load_notebook
from loaderdoctor.check.sources import SourceError

REPOSITORY = Path(__file__).resolve().parents[2]

DATASET_CELL = (
    "import torch\n"
    "from torch.utils.data import DataLoader, Dataset\n"
    "\n"
    "class Rows(Dataset):\n"
    "    def __len__(self):\n"
    "        return 4\n"
    "\n"
    "    def __getitem__(self, index):\n"
    "        return torch.zeros(1)"
)
LOOP_CELL = "for batch in DataLoader(Rows(), num_workers=2):\n    print(batch)"


def code_cell(source):
    return {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": source}


def lines_of(text):
    """Split a cell's text the way Jupyter stores it: a list of lines, each but the last ending in a newline."""
    lines = text.splitlines(keepends=True)
    return lines or [""]


def write_notebook(folder, cells, name="nb.ipynb", newline="\n", **document):
    body = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    body.update(document)
    text = json.dumps(body, indent=1, ensure_ascii=False).replace("\n", newline)
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def raw_line_of(path, fragment):
    """Return the 1-based line of the .ipynb file that contains ``fragment``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in {path}")


def run_check(*args):
    return subprocess.run(
        [sys.executable, "-m", "loaderdoctor", "check", *args],
        check=False,
        capture_output=True,
        cwd=REPOSITORY,
        timeout=120,
        env=dict(os.environ, LOADERDOCTOR_LANG="en"),
    )


def findings_of(path):
    result = check_paths([str(path)])
    assert result.errors == [], result.errors
    return result.findings


def error_of(path):
    result = check_paths([str(path)])
    assert result.findings == []
    assert len(result.errors) == 1
    return result.errors[0]


# -- positions ------------------------------------------------------------------------------


def test_finding_has_cell_cell_line_and_raw_line(tmp_path):
    notebook = write_notebook(tmp_path, [
        {"cell_type": "markdown", "metadata": {}, "source": ["# title"]},
        code_cell(lines_of(DATASET_CELL)),
        code_cell(lines_of(LOOP_CELL)),
    ])
    [finding] = findings_of(notebook)
    assert finding.code == "LD003"
    assert (finding.cell, finding.cell_line) == (1, 4)
    assert finding.line == raw_line_of(notebook, "class Rows(Dataset)")


def test_chain_and_value_lines_are_raw_lines(tmp_path):
    notebook = write_notebook(tmp_path, [code_cell(lines_of(DATASET_CELL)), code_cell(lines_of(LOOP_CELL))])
    [finding] = findings_of(notebook)
    assert [link.line for link in finding.chain] == [raw_line_of(notebook, "for batch in DataLoader")]
    assert finding.value_sources[0].line == raw_line_of(notebook, "for batch in DataLoader")
    assert "cell 2, line 1" in finding.message


def test_source_as_one_string_maps_to_its_line(tmp_path):
    notebook = write_notebook(tmp_path, [code_cell(DATASET_CELL), code_cell(LOOP_CELL)])
    [finding] = findings_of(notebook)
    assert (finding.cell, finding.cell_line) == (1, 4)
    assert finding.line == raw_line_of(notebook, "class Rows(Dataset)")


def test_crlf_notebook_keeps_raw_lines(tmp_path):
    notebook = write_notebook(tmp_path, [code_cell(lines_of(DATASET_CELL)), code_cell(lines_of(LOOP_CELL))],
                              newline="\r\n")
    [finding] = findings_of(notebook)
    assert finding.line == raw_line_of(notebook, "class Rows(Dataset)")


def test_list_item_with_several_lines(tmp_path):
    # Hand-written notebooks may put several lines in one string of the list.
    notebook = write_notebook(tmp_path, [code_cell([DATASET_CELL]), code_cell(lines_of(LOOP_CELL))])
    [finding] = findings_of(notebook)
    assert (finding.cell, finding.cell_line) == (1, 4)
    assert finding.line == raw_line_of(notebook, "class Rows(Dataset)")


def test_json_output_has_cell_fields(tmp_path):
    notebook = write_notebook(tmp_path, [code_cell(lines_of(DATASET_CELL)), code_cell(lines_of(LOOP_CELL))])
    completed = run_check("--format", "json", str(notebook))
    assert completed.returncode == 1, completed.stderr
    [finding] = json.loads(completed.stdout)
    assert (finding["cell"], finding["cell_line"]) == (1, 4)
    assert finding["line"] == raw_line_of(notebook, "class Rows(Dataset)")


def test_folder_check_includes_notebooks(tmp_path):
    write_notebook(tmp_path, [code_cell(lines_of(DATASET_CELL)), code_cell(lines_of(LOOP_CELL))])
    result = check_paths([str(tmp_path)])
    assert [Path(f.path).name for f in result.findings] == ["nb.ipynb"]


# -- magics and IPython syntax ----------------------------------------------------------------


def test_magics_and_shell_escapes_are_skipped(tmp_path):
    notebook = write_notebook(tmp_path, [
        code_cell(["%matplotlib inline\n", "!pip install torch\n", "files = !ls\n", "%time x = 1\n", "Rows?\n"]),
        code_cell(lines_of(DATASET_CELL)),
        code_cell(["%%bash\n", "for f in *; do echo $f; done\n", "if [ -d x ]; then ls; fi"]),
        code_cell(["%%time\n"] + lines_of(LOOP_CELL)),
    ])
    [finding] = findings_of(notebook)
    assert (finding.code, finding.cell) == ("LD003", 2)


def test_magic_lines_keep_line_numbers(tmp_path):
    first = code_cell(["%load_ext autoreload\n", "!nvidia-smi\n"] + lines_of(DATASET_CELL))
    notebook = write_notebook(tmp_path, [first, code_cell(lines_of(LOOP_CELL))])
    source = load_notebook(str(notebook))
    assert source.lines[:2] == ["pass", "pass"]
    [finding] = findings_of(notebook)
    assert finding.cell_line == 6


def test_trailing_question_mark_in_comment_keeps_code(tmp_path):
    notebook = write_notebook(tmp_path, [code_cell(lines_of(DATASET_CELL)),
                                         code_cell(["for batch in DataLoader(Rows(), num_workers=2):  # why?\n",
                                                    "    print(batch)"])])
    assert [f.code for f in findings_of(notebook)] == ["LD003"]


def test_form_feed_does_not_split_lines(tmp_path):
    notebook = write_notebook(tmp_path, [code_cell(["x = 1 \f\n"] + lines_of(DATASET_CELL)),
                                         code_cell(lines_of(LOOP_CELL))])
    [finding] = findings_of(notebook)
    assert finding.cell_line == 5


def test_indented_cell_is_dedented_like_ipython(tmp_path):
    indented = "".join("  " + line for line in lines_of(LOOP_CELL))
    notebook = write_notebook(tmp_path, [code_cell(lines_of(DATASET_CELL)), code_cell(indented)])
    assert [f.code for f in findings_of(notebook)] == ["LD003"]


def test_empty_and_markdown_cells(tmp_path):
    notebook = write_notebook(tmp_path, [
        code_cell([]),
        {"cell_type": "markdown", "metadata": {}, "source": "Some *text*"},
        {"cell_type": "raw", "metadata": {}, "source": "not python at all ("},
        code_cell(""),
    ])
    assert findings_of(notebook) == []


def test_guard_in_notebook_does_not_help(tmp_path):
    guarded = 'if __name__ == "__main__":\n' + "".join("    " + line for line in lines_of(DATASET_CELL)) + "\n"
    guarded += "".join("    " + line for line in lines_of(LOOP_CELL))
    notebook = write_notebook(tmp_path, [code_cell(guarded)])
    [finding] = findings_of(notebook)
    assert finding.code == "LD003"
    assert "guard does not change that" in finding.message


def test_import_from_module_next_to_notebook_is_clean(tmp_path):
    (tmp_path / "rows.py").write_text(DATASET_CELL + "\n", encoding="utf-8")
    imports = code_cell(["from torch.utils.data import DataLoader\n", "from rows import Rows"])
    notebook = write_notebook(tmp_path, [imports, code_cell(lines_of(LOOP_CELL))])
    assert findings_of(notebook) == []


def test_notebook_skips_import_time_rules(tmp_path):
    notebook = write_notebook(tmp_path, [code_cell([
        "import multiprocessing as mp\n",
        "from torch.utils.data import DataLoader\n",
        "mp.set_start_method('spawn')\n",
        "pool = mp.Pool(2)\n",
        "for batch in DataLoader(list(range(8)), num_workers=2):\n",
        "    print(batch)",
    ])])
    assert findings_of(notebook) == []


# -- broken notebooks ------------------------------------------------------------------------


def test_invalid_json_names_line_and_column(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_text('{\n "cells": [\n  {"cell_type": "code",}\n ]\n}\n', encoding="utf-8")
    error = error_of(path)
    assert "invalid JSON at line 3" in error.reason
    assert error.line == 3
    assert "Jupyter" in error.hint


def test_not_utf8(tmp_path):
    path = tmp_path / "latin.ipynb"
    path.write_bytes(b'{"cells": [], "note": "caf\xe9"}')
    assert "not UTF-8" in error_of(path).reason


@pytest.mark.parametrize("text", ["[]", "{}", '{"cells": {}}', "null"])
def test_missing_cells(tmp_path, text):
    path = tmp_path / "empty.ipynb"
    path.write_text(text, encoding="utf-8")
    assert 'no list of cells under "cells"' in error_of(path).reason


def test_nbformat_3_is_reported(tmp_path):
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps({"nbformat": 3, "worksheets": [{"cells": []}]}), encoding="utf-8")
    assert "nbformat 3 notebooks are not supported" in error_of(path).reason


def test_cell_source_of_wrong_type(tmp_path):
    path = write_notebook(tmp_path, [code_cell(["x = 1\n"]), code_cell(42)])
    assert "cell 2" in error_of(path).reason


def test_syntax_error_names_cell_and_raw_line(tmp_path):
    path = write_notebook(tmp_path, [code_cell(["x = 1\n"]), code_cell(["y = 2\n", "def broken(:\n", "    pass"])])
    error = error_of(path)
    assert "syntax error in cell 2, line 2" in error.reason
    assert error.line == raw_line_of(path, "def broken(:")


def test_broken_notebook_does_not_stop_other_files(tmp_path):
    (tmp_path / "a_broken.ipynb").write_text("{not json", encoding="utf-8")
    write_notebook(tmp_path, [code_cell(lines_of(DATASET_CELL)), code_cell(lines_of(LOOP_CELL))], name="b.ipynb")
    result = check_paths([str(tmp_path)])
    assert [Path(e.path).name for e in result.errors] == ["a_broken.ipynb"]
    assert [Path(f.path).name for f in result.findings] == ["b.ipynb"]


def test_broken_notebook_exits_two(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_text("{not json", encoding="utf-8")
    completed = run_check(str(path))
    assert completed.returncode == 2
    assert b"not a valid notebook" in completed.stderr


def test_load_notebook_raises_source_error(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_text("[1, 2", encoding="utf-8")
    with pytest.raises(SourceError):
        load_notebook(str(path))
