"""Saved reports of identical ``check`` commands: replayed while nothing changed, never when something did.

These tests run the real entry point in subprocesses. A replay differs
from a full run in what Python imports: the full run imports click, and the
replay does not. Files must be older than the racy window before a
report is saved, so each project waits that long once after it is written.
"""

import os
import re
import subprocess
import sys
import textwrap
import time

import pytest

from loaderdoctor import replay

pytestmark = pytest.mark.slow

BROKEN = "from torch.utils.data import DataLoader\nfor b in DataLoader(range(4), num_workers=2):\n    pass\n"
CLEAN = "from torch.utils.data import DataLoader\nfor b in DataLoader(range(4), num_workers=0):\n    pass\n"
IMPORT_LINE = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", re.MULTILINE)


def settle():
    time.sleep(replay.RACY_WINDOW_NS / 1e9 + 0.2)


class Run:
    def __init__(self, completed):
        self.status = completed.returncode
        self.stdout = completed.stdout
        self.imported = set(IMPORT_LINE.findall(completed.stderr))
        self.stderr = IMPORT_LINE.sub("", completed.stderr).strip()

    @property
    def replayed(self):
        return "click" not in self.imported


def check(project, *args, env=None):
    environment = dict(os.environ, LOADERDOCTOR_LANG="en")
    environment.pop("LOADERDOCTOR_CACHE_DIR", None)
    environment.update(env or {})
    if "--format" not in args:
        args = ("--format", "concise", *args)
    command = [sys.executable, "-X", "importtime", "-m", "loaderdoctor", "check",
               "--cache-dir", str(project.parent / "cache"), *args]
    return Run(subprocess.run(command, capture_output=True, text=True, env=environment, cwd=project, timeout=120))


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    (root / "train.py").write_text(BROKEN)
    (root / "data" / "__init__.py").write_text("")
    (root / "data" / "pipeline.py").write_text(textwrap.dedent("""
        from torch.utils.data import DataLoader

        def make_loader():
            return DataLoader(range(8), num_workers=2)
    """))
    (root / "run.py").write_text("from data.pipeline import make_loader\n\nloader = make_loader()\nfor b in loader:\n"
                                 "    pass\n")
    settle()
    return root


def test_identical_command_prints_the_saved_report(project):
    first = check(project, ".")
    assert first.status == 1 and not first.replayed
    assert "train.py:2" in first.stdout and "run.py:4" in first.stdout

    second = check(project, ".")
    assert second.replayed
    assert (second.status, second.stdout, second.stderr) == (first.status, first.stdout, first.stderr)
    assert not {"ast", "loaderdoctor.check", "loaderdoctor.cli"} & second.imported


def test_work_inside_the_git_folder_keeps_the_record(project):
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    settle()
    first = check(project, ".")
    subprocess.run(["git", "-C", str(project), "add", "train.py"], check=True)
    subprocess.run(["git", "-C", str(project), "status", "--short"], check=True, capture_output=True)
    second = check(project, ".")
    assert second.replayed and second.stdout == first.stdout


def test_edited_file_is_checked_again(project):
    check(project, ".")
    (project / "train.py").write_text(CLEAN)
    after = check(project, ".")
    assert not after.replayed
    assert "train.py" not in after.stdout and "run.py:4" in after.stdout


def test_file_added_to_a_walked_folder_is_found(project):
    check(project, ".")
    (project / "data" / "extra.py").write_text(BROKEN)
    after = check(project, ".")
    assert not after.replayed
    assert os.path.join("data", "extra.py") + ":2" in after.stdout


def test_changed_module_of_another_file_is_seen(project):
    check(project, "run.py")
    pipeline = project / "data" / "pipeline.py"
    pipeline.write_text(pipeline.read_text().replace("num_workers=2", "num_workers=0"))
    after = check(project, "run.py")
    assert not after.replayed
    assert after.status == 0 and "run.py" not in after.stdout


def test_configuration_added_above_the_checked_folder_is_read(project):
    check(project, "data")
    (project / "pyproject.toml").write_text('[tool.loaderdoctor]\nextend-exclude = ["data"]\n')
    after = check(project, "data")
    assert not after.replayed
    assert after.status == 0 and after.stdout == ""


def test_removed_file_is_no_longer_reported(project):
    check(project, ".")
    (project / "train.py").unlink()
    after = check(project, ".")
    assert not after.replayed
    assert "train.py" not in after.stdout


def test_report_and_errors_keep_their_order(project):
    (project / "broken.py").write_text("from torch.utils.data import DataLoader\nloader = DataLoader([1], num_workers=2\n")
    settle()
    environment = dict(os.environ, LOADERDOCTOR_LANG="en")
    environment.pop("LOADERDOCTOR_CACHE_DIR", None)
    command = [sys.executable, "-m", "loaderdoctor", "check", "--cache-dir", str(project.parent / "cache"),
               "--format", "full", "."]
    merged = [subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment,
                             cwd=project, timeout=120) for _ in range(2)]
    assert merged[0].returncode == merged[1].returncode == 2
    assert merged[1].stdout == merged[0].stdout
    assert merged[0].stdout.index("broken.py:2") < merged[0].stdout.index("Found 2 problem(s).")
    assert check(project, "--format", "full", ".").replayed


def test_folder_no_longer_a_virtual_environment_is_walked(project):
    (project / "tools").mkdir()
    (project / "tools" / "bench.py").write_text(BROKEN)
    (project / "tools" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    settle()
    check(project, ".")
    assert "bench.py" not in check(project, ".").stdout
    (project / "tools" / "pyvenv.cfg").unlink()
    after = check(project, ".")
    assert not after.replayed and os.path.join("tools", "bench.py") + ":2" in after.stdout


def test_compiler_warnings_about_checked_code_are_not_printed(project):
    # The full format also plans fixes, which reads the file's symbol tables.
    (project / "train.py").write_text('import re\n' + BROKEN + 'NUMBER = re.compile("\\d+")\n')
    environment = dict(os.environ, LOADERDOCTOR_LANG="en")
    for output_format in ("concise", "full"):
        result = subprocess.run([sys.executable, "-W", "default", "-m", "loaderdoctor", "check", "--no-cache",
                                 "--format", output_format, "."], capture_output=True, text=True, env=environment,
                                cwd=project, timeout=120)
        assert result.returncode == 1
        assert "Warning" not in result.stderr
    assert "fix (--fix)" in result.stdout


def test_other_environment_or_arguments_run_the_check(project):
    check(project, ".")
    chinese = check(project, ".", env={"LOADERDOCTOR_LANG": "zh-CN"})
    assert not chinese.replayed and "DataLoader worker" in chinese.stdout
    full = check(project, "--format", "full", ".")
    assert not full.replayed and "Found 2 problem(s)." in full.stdout


def test_commands_that_write_files_or_skip_the_cache_always_run(project):
    report = project.parent / "report.txt"
    for _ in range(2):
        report.unlink(missing_ok=True)
        run = check(project, "--output-file", str(report), ".")
        assert not run.replayed and "train.py:2" in report.read_text()
    for _ in range(2):
        assert not check(project, "--no-cache", ".").replayed


def test_report_is_not_saved_while_files_are_fresh(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "train.py").write_text(BROKEN)
    first = check(project, ".")
    second = check(project, ".")
    assert not first.replayed and not second.replayed
    assert second.stdout == first.stdout


def test_damaged_record_is_ignored(project):
    first = check(project, ".")
    records = list((project.parent / "cache" / replay.RUNS_FOLDER).iterdir())
    assert len(records) == 1
    records[0].write_bytes(b"\x00not a record")
    after = check(project, ".")
    assert not after.replayed and after.stdout == first.stdout
    assert check(project, ".").replayed


def test_old_records_are_removed(tmp_path):
    for index in range(replay.MAX_RECORDS + 5):
        path = tmp_path / f"{index:04x}.marshal"
        path.write_bytes(b"")
        os.utime(path, ns=(index * 10**9, index * 10**9))
    replay._prune(str(tmp_path))
    kept = sorted(path.name for path in tmp_path.iterdir())
    assert len(kept) == replay.MAX_RECORDS
    assert kept[0] == f"{5:04x}.marshal"
