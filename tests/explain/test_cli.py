"""`loaderdoctor explain` as a user runs it: inputs, formats, languages, exit codes."""

import json
import os
import subprocess
import sys

from click.testing import CliRunner

from loaderdoctor import i18n
from loaderdoctor.cli import group
from tests.explain.conftest import FIXTURES, REPOSITORY

FAILING = FIXTURES / "killed_oom.log"
CLEAN = FIXTURES / "success_training.log"


def invoke(*arguments, stdin=None):
    result = CliRunner().invoke(group, ["explain", *arguments], input=stdin, standalone_mode=False)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def test_exit_one_when_failure_found():
    assert invoke(str(FAILING)).return_value == 1


def test_exit_zero_when_clean():
    result = invoke(str(CLEAN))
    assert result.return_value == 0
    assert "no known DataLoader or multiprocessing failure found" in result.output


def test_exit_two_when_missing(tmp_path):
    result = invoke(str(tmp_path / "nope.log"))
    assert result.return_value == 2
    assert "cannot read" in result.output
    assert "nope.log" in result.output


def test_exit_two_for_directory(tmp_path):
    assert invoke(str(tmp_path)).return_value == 2


def test_unreadable_input_still_reports_others(tmp_path):
    result = invoke(str(FAILING), str(tmp_path / "nope.log"))
    assert result.return_value == 2
    assert "[worker-killed]" in result.output


def test_reads_standard_input():
    result = invoke(stdin=FAILING.read_bytes())
    assert result.return_value == 1
    assert "standard input: 1 failure found." in result.output


def test_dash_means_standard_input():
    assert invoke("-", stdin=CLEAN.read_bytes()).return_value == 0


def test_concise_format():
    result = invoke("--format", "concise", str(FAILING))
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("/content/train.py:64: worker-killed: DataLoader worker 2731 was killed")


def test_json_empty_failures_when_clean():
    payload = json.loads(invoke("--format", "json", str(CLEAN)).output)
    assert payload["failures"] == []


def test_json_several_logs_name_their_log():
    result = invoke("--format", "json", str(FAILING), str(FIXTURES / "timeout.log"))
    payload = json.loads(result.output)
    assert [failure["log"] for failure in payload["failures"]] == [str(FAILING), str(FIXTURES / "timeout.log")]
    assert [failure["kind"] for failure in payload["failures"]] == ["worker-killed", "worker-timeout"]


def test_no_check_option():
    payload = json.loads(invoke("--format", "json", "--no-check", str(FIXTURES / "context_set_twice.log")).output)
    assert "check" not in payload["failures"][0]


def test_source_must_be_a_folder(tmp_path):
    result = CliRunner().invoke(group, ["explain", "--source", str(tmp_path / "none"), str(FAILING)],
                                standalone_mode=False)
    assert result.exception is not None


def test_chinese_output():
    i18n.set_language("zh-CN")
    try:
        result = invoke(str(FAILING))
    finally:
        i18n.set_language("en")
    assert result.return_value == 1
    assert "发现 1 个故障" in result.output
    assert "如何修复" in result.output
    assert "worker-killed" in result.output


def test_console_without_the_characters(tmp_path):
    # A GBK console cannot print an emoji in a path: it is replaced, not fatal.
    log = tmp_path / "emoji.log"
    log.write_text(FAILING.read_text().replace("/content/train.py", "/content/\U0001F680proj/train.py"),
                   encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="gbk", LOADERDOCTOR_LANG="en")
    completed = subprocess.run([sys.executable, "-m", "loaderdoctor", "explain", str(log)], cwd=REPOSITORY,
                               env=env, capture_output=True)
    assert completed.returncode == 1, completed.stderr
    output = completed.stdout.decode("gbk")
    assert "/content/?proj/train.py" in output


def test_console_script_runs_lazily():
    # The subcommand loads on its own, without torch or psutil.
    code = ("import sys, runpy; sys.argv = ['loaderdoctor', 'explain', '--format', 'json', %r]; "
            "import loaderdoctor.cli as cli\n"
            "try:\n    cli.main()\nexcept SystemExit as exit:\n    code = exit.code\n"
            "assert 'torch' not in sys.modules and 'psutil' not in sys.modules, 'heavy import'\n"
            "sys.exit(code)" % str(FAILING))
    completed = subprocess.run([sys.executable, "-c", code], cwd=REPOSITORY, capture_output=True)
    assert completed.returncode == 1, completed.stderr
    assert json.loads(completed.stdout)["failures"][0]["kind"] == "worker-killed"
