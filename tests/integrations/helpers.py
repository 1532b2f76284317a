"""Shared pieces of the integration tests: scripts, project folders, running the CLI."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"

# LD001 at line 2: a loader with two workers iterated at module level.
BROKEN = "from torch.utils.data import DataLoader\nfor batch in DataLoader(range(4), num_workers=2):\n    pass\n"


def make_project(root, files):
    """Write ``files`` ({relative path: text}) under ``root``, a repository root marked by ``.git``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / ".git").mkdir(exist_ok=True)
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def environment(extra=None):
    env = dict(os.environ)
    for name in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS"):
        env.pop(name, None)
    env["LOADERDOCTOR_LANG"] = "en"
    # The package is imported from this checkout, wherever the test runs.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPOSITORY), env.get("PYTHONPATH")]))
    env.update(extra or {})
    return env


def run_check(*args, cwd, stdin=None, env=None):
    """Run ``loaderdoctor check ARGS`` in a subprocess; return the CompletedProcess with text output."""
    return subprocess.run(
        [sys.executable, "-m", "loaderdoctor", "check", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment(env),
        cwd=cwd,
        timeout=120,
    )


def concise_lines(result):
    return sorted(line for line in result.stdout.splitlines() if line.strip())
