"""Helpers of the fixer tests: running the CLI, copying cases, running scripts under spawn."""

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import CASES, REPOSITORY, require_shared

RUN_SCRIPT = Path(__file__).resolve().parent / "run_script.py"

# A script that imports torch in two or more spawned workers takes several
# seconds, and much longer on a busy machine. The limit only stops a hang.
SCRIPT_TIMEOUT = 300
PARALLEL_RUNS = 2

NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def environment():
    env = dict(os.environ)
    for name in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS"):
        env.pop(name, None)
    # Unbuffered, print() writes a line and its newline separately, and the
    # lines of two processes printing at once can merge into one.
    env.pop("PYTHONUNBUFFERED", None)
    env["LOADERDOCTOR_LANG"] = "en"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPOSITORY), env.get("PYTHONPATH")]))
    return env


def run_check(*args, cwd):
    """Run ``loaderdoctor check ARGS`` in a subprocess; return the CompletedProcess with text output."""
    return subprocess.run(
        [sys.executable, "-m", "loaderdoctor", "check", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment(),
        cwd=cwd,
        timeout=120,
    )


def run_script(script, mode):
    """Run ``script`` from its folder, ``mode`` "spawn" (forced start method) or "direct"."""
    return subprocess.run(
        [sys.executable, str(RUN_SCRIPT), mode, str(script)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=environment(),
        cwd=script.parent,
        timeout=SCRIPT_TIMEOUT,
    )


def copy_case(case, version, destination):
    """Copy ``CASES/case/version`` (broken or fixed) to ``destination``/case/version and return it."""
    require_shared()
    target = Path(destination) / case / version
    shutil.copytree(CASES / case / version, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def output_lines(stdout, numbers_vary):
    """The lines a run printed, sorted (processes print in any order), numbers replaced when they vary."""
    lines = [line.rstrip() for line in stdout.splitlines() if line.strip()]
    if numbers_vary:
        lines = [NUMBER.sub("<number>", line) for line in lines]
    return sorted(lines)


class ReferenceRuns:
    """Runs of the cases' fixed/ scripts, each started once per session, two at a time."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.pool = ThreadPoolExecutor(max_workers=PARALLEL_RUNS)
        self.futures = {}

    def start(self, case, script, mode):
        key = (case, script, mode)
        if key not in self.futures:
            fixed = self.folder / case / "fixed"
            if not fixed.exists():
                copy_case(case, "fixed", self.folder)
            self.futures[key] = self.pool.submit(run_script, fixed / script, mode)
        return self.futures[key]

    def result(self, case, script, mode):
        return self.start(case, script, mode).result()


@pytest.fixture(scope="session")
def reference_runs(tmp_path_factory):
    runs = ReferenceRuns(tmp_path_factory.mktemp("reference"))
    yield runs
    runs.pool.shutdown(wait=True)
