"""The probe command as a user runs it: the environment report, errors, languages, terminal output."""

import json
import subprocess
import sys

import pytest

from tests.conftest import CASES, require_shared

pytestmark = pytest.mark.slow


def _run(*arguments, **options):
    return subprocess.run([sys.executable, "-m", "loaderdoctor", *arguments], capture_output=True, text=True,
                          encoding="utf-8", **options)


@pytest.fixture(scope="module")
def environment_report():
    completed = _run("probe", "--format", "json")
    return completed.returncode, json.loads(completed.stdout)


def test_environment_report_status(environment_report):
    status, report = environment_report

    assert status == 0
    assert report["failures"] == []


def test_environment_report_facts(environment_report):
    _status, report = environment_report
    host = report["host"]

    assert host["logical_cpus"] >= 1
    assert host["memory_available_bytes"] > 0
    assert report["interpreter"]["start_method_default"] in ("fork", "spawn", "forkserver")
    assert report["interpreter"]["torch"]["version"]
    if sys.platform.startswith("linux"):
        assert host["shm_total_bytes"] > 0
    assert report["worker_cost"]["seconds"] > 0
    assert report["worker_cost"]["uss_bytes"] > 10 * 1024 * 1024


def test_environment_report_recommendation(environment_report):
    _status, report = environment_report
    usable = len(report["host"]["affinity"] or []) or report["host"]["logical_cpus"]

    assert 0 <= report["recommended_num_workers"] <= max(0, usable - 1)
    assert report["recommendation_reason"]


def test_environment_report_demonstration(environment_report):
    _status, report = environment_report
    unguarded = report["demo"]["unguarded"]

    assert unguarded["reproduced"] is True
    assert unguarded["failures"][0]["kind"] == "unguarded-start"
    assert report["demo"]["guarded"]["ok"] is True


def test_missing_script_is_usage_error():
    completed = _run("probe", "no_such_script.py")

    assert completed.returncode == 2
    assert "no_such_script.py" in completed.stderr


def test_missing_interpreter_is_usage_error(tmp_path):
    script = tmp_path / "empty.py"
    script.write_text("print('hi')\n", encoding="utf-8")
    completed = _run("probe", "--python", str(tmp_path / "no-python"), str(script))

    assert completed.returncode == 2
    assert "no-python" in completed.stderr


def test_interpreter_that_cannot_start(tmp_path):
    script = tmp_path / "empty.py"
    script.write_text("print('hi')\n", encoding="utf-8")
    fake = tmp_path / "fake-python"
    fake.write_text("#!/bin/sh\necho broken >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    completed = _run("probe", "--format", "json", "--python", str(fake), str(script))

    assert completed.returncode == 2
    assert json.loads(completed.stdout)["outcome"] == "probe-error"


def test_script_arguments_and_folder(tmp_path):
    script = tmp_path / "args.py"
    script.write_text(
        "import os, sys\nprint(sys.argv[1:], os.getcwd() == os.path.dirname(os.path.abspath(__file__)))\n",
        encoding="utf-8",
    )
    completed = _run("probe", "--format", "json", "--no-check", str(script), "--epochs", "3", cwd=str(CASES.parent))

    report = json.loads(completed.stdout)
    assert completed.returncode == 0
    assert report["stdout"].strip() == "['--epochs', '3'] True"


def test_unrelated_script_error(tmp_path):
    script = tmp_path / "broken_math.py"
    script.write_text("raise ValueError('not a worker problem')\n", encoding="utf-8")
    completed = _run("probe", "--format", "json", "--no-check", str(script))

    report = json.loads(completed.stdout)
    assert completed.returncode == 1
    assert report["outcome"] == "script-failed"
    assert report["failures"] == []
    assert "ValueError: not a worker problem" in report["script_error"]
    assert "_loaderdoctor" not in report["stderr"]


def test_quiet_when_piped_and_chinese_text():
    require_shared()
    script = CASES / "k15_main_module_lambda" / "broken" / "train.py"
    completed = _run("probe", "--lang", "zh-CN", str(script))

    assert completed.returncode == 1
    assert completed.stderr == ""
    assert "unpicklable-object" in completed.stdout
    assert "复现的失败" in completed.stdout
    assert "train.py:8" in completed.stdout


def test_progress_on_terminal():
    require_shared()
    pytest.importorskip("pty")
    import pty

    script = CASES / "k01_unguarded_toplevel_loop" / "fixed" / "train.py"
    primary, secondary = pty.openpty()
    completed = subprocess.run([sys.executable, "-m", "loaderdoctor", "probe", "--no-check", str(script)],
                               stdout=subprocess.PIPE, stderr=secondary, text=True)
    import os

    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(primary, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(primary)
    progress = b"".join(chunks).decode("utf-8", "replace")

    assert completed.returncode == 0
    assert "running train.py" in progress
    assert "workers started: 2 of 2" in progress
    assert "first batch after" in progress
