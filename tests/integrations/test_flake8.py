"""The flake8 plugin, run through a real flake8 process."""

import os
import subprocess
import sys

import pytest

from tests.conftest import CASES, require_shared
from tests.integrations.helpers import BROKEN, REPOSITORY, concise_lines, environment, make_project, run_check

NOT_REGISTERED = (
    "flake8 does not list the loaderdoctor plugin; install the package with `pip install -e .` "
    "so that its flake8.extension entry point is registered"
)


def flake8(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "flake8", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment(),
        cwd=cwd,
        timeout=300,
    )


@pytest.fixture(scope="module", autouse=True)
def plugin_registered():
    version = flake8("--version", cwd=REPOSITORY)
    assert version.returncode == 0, version.stderr
    if "loaderdoctor" not in version.stdout:
        pytest.fail(NOT_REGISTERED)


def test_same_findings_as_check_on_shared_cases():
    require_shared()
    # flake8 reads only Python files, so the notebooks among the cases are
    # compared by check alone.
    expected = [line for line in concise_lines(run_check("--isolated", "--format", "concise", str(CASES), cwd=REPOSITORY))
                if ".ipynb:" not in line]
    result = flake8("--isolated", "--select", "LD", str(CASES), cwd=REPOSITORY)

    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    assert len(expected) >= 10
    assert any(" LD001 " in line for line in expected)
    assert concise_lines(result) == expected


def test_enabled_without_select(tmp_path):
    make_project(tmp_path, {"train.py": BROKEN})
    result = flake8("--isolated", "train.py", cwd=tmp_path)
    assert result.returncode == 1
    assert [line.split(" ", 2)[:2] for line in result.stdout.splitlines()] == [["train.py:2:1:", "LD001"]]


def test_flake8_applies_its_own_noqa(tmp_path):
    line = "for batch in DataLoader(range(4), num_workers=2):"
    make_project(tmp_path, {"train.py": BROKEN.replace(line, line + "  # noqa: LD001")})
    assert flake8("--isolated", "--select", "LD", "train.py", cwd=tmp_path).stdout == ""
    disabled = flake8("--isolated", "--select", "LD", "--disable-noqa", "train.py", cwd=tmp_path)
    assert " LD001 " in disabled.stdout


def test_loaderdoctor_comment_holds_under_flake8(tmp_path):
    line = "for batch in DataLoader(range(4), num_workers=2):"
    make_project(tmp_path, {"train.py": BROKEN.replace(line, line + "  # loaderdoctor: ignore[LD001]")})
    result = flake8("--isolated", "--select", "LD", "--disable-noqa", "train.py", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == ""


@pytest.mark.parametrize(
    "options",
    [
        ("--extend-ignore", "LD001"),
        ("--select", "E,W,F"),
        ("--per-file-ignores", "train.py:LD"),
        ("--exclude", "train.py"),
    ],
)
def test_flake8_selection_applies(tmp_path, options):
    make_project(tmp_path, {"train.py": BROKEN})
    result = flake8("--isolated", *options, ".", cwd=tmp_path)
    assert "LD001" not in result.stdout


def test_plugin_reads_worker_starters_from_pyproject(tmp_path):
    make_project(
        tmp_path,
        {
            "pyproject.toml": '[tool.loaderdoctor]\nworker-starters = ["mypkg.train.fit"]\n',
            "train.py": "from mypkg.train import fit\n\nfit({'epochs': 3})\n",
        },
    )
    # flake8 does not read pyproject.toml itself, so --isolated leaves the
    # plugin's own configuration lookup in place.
    result = flake8("--isolated", "--select", "LD", "train.py", cwd=tmp_path)
    assert result.stdout.startswith("train.py:3:1: LD001 ")
    os.remove(tmp_path / "pyproject.toml")
    assert flake8("--isolated", "--select", "LD", "train.py", cwd=tmp_path).stdout == ""


def test_bad_configuration_is_plugin_failure(tmp_path):
    make_project(tmp_path, {"pyproject.toml": '[tool.loaderdoctor]\nloader-classes = ["FastLoader"]\n', "train.py": BROKEN})
    result = flake8("--isolated", "train.py", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "pyproject.toml: invalid value for `loader-classes` in [tool.loaderdoctor]" in result.stdout
