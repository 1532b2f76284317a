"""``check --fix``, ``--diff`` and ``--unsafe-fixes`` as users run them."""

import json
import os
import re
import string
import subprocess
import sys

import pytest

from loaderdoctor.check.fix import FileChangedError, write_atomically
from loaderdoctor.check.fixing.text import Lines, apply_edits, Edit
from loaderdoctor.messages.check import MESSAGES
from tests.fix.conftest import copy_case, environment, run_check

BROKEN = (
    "from torch.utils.data import DataLoader\n"
    "\n"
    "for batch in DataLoader(range(4), num_workers=2):\n"
    "    print(batch)\n"
)


def test_diff_prints_and_writes_nothing(tmp_path):
    path = tmp_path / "train.py"
    path.write_text(BROKEN)
    result = run_check("--diff", "train.py", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("--- a/train.py\n+++ b/train.py\n")
    assert "+def main():\n" in result.stdout
    assert "Would fix 1 problem(s) in 1 file(s)." in result.stderr
    assert path.read_text() == BROKEN


def test_diff_after_fix_is_empty(tmp_path):
    (tmp_path / "train.py").write_text(BROKEN)
    fixing = run_check("--fix", ".", cwd=tmp_path)
    assert fixing.returncode == 0
    assert "Fixed 1 problem(s) in 1 file(s)." in fixing.stdout
    assert "No problems found in 1 file(s)." in fixing.stdout

    result = run_check("--diff", ".", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == ""
    assert "Nothing to fix." in result.stderr


def test_fix_of_standard_input_prints_the_source(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "loaderdoctor", "check", "--fix", "--stdin-filename", "train.py", "-"],
        input=BROKEN.replace("\n", "\r\n").encode(), capture_output=True, env=environment(), cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0
    assert result.stdout.startswith(b"from torch.utils.data import DataLoader\r\n\r\n\r\ndef main():\r\n")
    assert b"No problems found in 1 file(s)." in result.stderr
    assert b"Fixed 1 problem(s) in 1 file(s)." in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_diff_of_standard_input(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "loaderdoctor", "check", "--diff", "-"],
        input=BROKEN.encode(), capture_output=True, env=environment(), cwd=tmp_path, timeout=120,
    )
    assert result.returncode == 1
    assert b"+def main():\n" in result.stdout


def test_exit_status_counts_what_remains(tmp_path):
    folder = copy_case("k22_forkserver_default_py314", "broken", tmp_path)
    result = run_check("--fix", "--format", "concise", ".", cwd=folder)
    assert result.returncode == 1
    assert "LD001" not in result.stdout
    assert "closure_collate.py:8:5: LD004" in result.stdout
    assert "Fixed 1 problem(s) in 1 file(s)." in result.stdout


def test_unsafe_fix_needs_the_option(tmp_path):
    folder = copy_case("k03_unguarded_cross_module", "broken", tmp_path)
    warmup = (folder / "warmup.py").read_bytes()

    result = run_check("--fix", ".", cwd=folder)
    assert result.returncode == 1
    assert (folder / "warmup.py").read_bytes() == warmup
    assert "unsafe fix (--fix --unsafe-fixes)" in result.stdout
    assert "serve.py uses `BATCHES_SEEN`" in result.stdout
    assert "1 problem(s) can be fixed with --unsafe-fixes." in result.stdout

    result = run_check("--fix", "--unsafe-fixes", ".", cwd=folder)
    assert result.returncode == 0, result.stdout
    assert (folder / "warmup.py").read_bytes() != warmup


def test_json_edits_reproduce_the_fix(tmp_path):
    folder = copy_case("k04_guard_incomplete", "broken", tmp_path)
    original = (folder / "train.py").read_text()
    report = json.loads(run_check("--format", "json", ".", cwd=folder).stdout)
    fix = report[0]["fix"]
    assert fix["applicability"] == "safe"
    assert fix["reasons"] == []
    assert "main()" in fix["message"]

    lines = Lines(original)
    edits = [Edit(_offset(lines, edit["start"]), _offset(lines, edit["end"]), edit["content"]) for edit in fix["edits"]]
    expected = apply_edits(original, edits)

    assert run_check("--fix", ".", cwd=folder).returncode == 0
    assert (folder / "train.py").read_text() == expected


def _offset(lines, position):
    return lines.start(position["line"]) + position["column"] - 1


def test_manual_fix_has_no_edits_in_json(tmp_path):
    folder = copy_case("k16_local_dataset_class", "broken", tmp_path)
    report = json.loads(run_check("--format", "json", ".", cwd=folder).stdout)
    fix = report[0]["fix"]
    assert fix["applicability"] == "manual"
    assert fix["edits"] == []
    assert "`series`" in fix["reasons"][0]


def test_full_report_shows_the_fix(tmp_path):
    (tmp_path / "train.py").write_text(BROKEN)
    english = run_check(".", cwd=tmp_path)
    assert '  = fix (--fix): Move the module-level code that must not run on import into `main()`' in english.stdout
    chinese = run_check("--lang", "zh-CN", ".", cwd=tmp_path)
    assert "修复（--fix）：" in chinese.stdout


def test_notebook_is_not_rewritten(tmp_path):
    folder = copy_case("k11_notebook_main_defs", "broken", tmp_path)
    notebook = (folder / "toy_notebook.ipynb").read_bytes()
    result = run_check("--fix", "--unsafe-fixes", ".", cwd=folder)
    assert (folder / "toy_notebook.ipynb").read_bytes() == notebook
    assert "no automatic fix: Notebooks are not rewritten" in result.stdout
    assert "toy_notebook.ipynb:cell 2:5:1: LD003" in result.stdout


def test_crlf_gbk_file_fixed_once(tmp_path):
    source = ("# -*- coding: gbk -*-\n# 数据加载\n" + BROKEN).replace("\n", "\r\n").encode("gbk")
    path = tmp_path / "train.py"
    path.write_bytes(source)
    assert run_check("--fix", ".", cwd=tmp_path).returncode == 0
    fixed = path.read_bytes()
    assert fixed.startswith("# -*- coding: gbk -*-\r\n# 数据加载\r\n".encode("gbk"))
    assert b"\r\ndef main():\r\n" in fixed
    assert fixed.count(b"\n") == fixed.count(b"\r\n")

    assert run_check("--fix", ".", cwd=tmp_path).returncode == 0
    assert path.read_bytes() == fixed


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits and symbolic links")
def test_write_keeps_mode_and_link(tmp_path):
    real = tmp_path / "real.py"
    real.write_text(BROKEN)
    real.chmod(0o640)
    link = tmp_path / "train.py"
    link.symlink_to(real)

    assert run_check("--fix", "train.py", cwd=tmp_path).returncode == 0
    assert link.is_symlink()
    assert "def main():" in real.read_text()
    assert real.stat().st_mode & 0o777 == 0o640
    assert sorted(path.name for path in tmp_path.iterdir()) == ["real.py", "train.py"]


def test_write_refuses_changed_file(tmp_path):
    path = tmp_path / "train.py"
    path.write_bytes(b"changed\n")
    with pytest.raises(FileChangedError):
        write_atomically(str(path), b"new\n", expected=b"original\n")
    assert path.read_bytes() == b"changed\n"
    assert [p.name for p in tmp_path.iterdir()] == ["train.py"]


FIX_KEYS = [key for key in MESSAGES if key.startswith(("check.fix.", "check.option.", "check.report.fix"))]


@pytest.mark.parametrize("key", FIX_KEYS)
def test_fix_message_in_both_languages(key):
    entry = MESSAGES[key]
    fields = [set(name for _, name, _, _ in string.Formatter().parse(entry[lang]) if name) for lang in ("en", "zh-CN")]
    assert fields[0] == fields[1]
    entry["en"].encode("gbk")
    assert not re.search("[\u2018\u2019\u201c\u201d\u2013\u2014\u2192]", entry["en"])
