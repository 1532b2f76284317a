"""The fixer writes the same bytes under every supported Python version.

``symtable``, ``tokenize`` (which splits f-strings into parts from Python
3.12) and ``ast`` differ between versions. Each version found on this
machine fixes copies of the shared cases in-process, and must write what the
interpreter running the tests writes.
"""

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPOSITORY
from tests.fix.conftest import copy_case

FIX_FOLDER = Path(__file__).resolve().parent / "fix_folder.py"
CASES = ["k01_unguarded_toplevel_loop", "k03_unguarded_cross_module", "k04_guard_incomplete",
         "k05_wrapper_init_iter", "k09_def_inside_guard", "k18_set_start_method_toplevel", "k19_pool_toplevel"]


def find_python(minor):
    """A working interpreter of Python 3.``minor`` under pyenv or on PATH, or None."""
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    candidates = sorted(glob.glob(os.path.join(root, "versions", f"3.{minor}.*", "bin", "python")), reverse=True)
    candidates.append(shutil.which(f"python3.{minor}"))
    for candidate in filter(None, candidates):
        # A pyenv shim is on PATH even when it cannot run that version.
        probe = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[1])"],
                               capture_output=True, text=True, timeout=60)
        if probe.returncode == 0 and probe.stdout.strip() == str(minor):
            return candidate
    return None


def fix_copies(python, folder):
    outputs = {}
    for case in CASES:
        target = copy_case(case, "broken", folder)
        completed = subprocess.run(
            [python, str(FIX_FOLDER), str(target), "--unsafe-fixes"],
            capture_output=True, text=True, timeout=300,
            env={**os.environ, "PYTHONPATH": str(REPOSITORY), "PYTHONDONTWRITEBYTECODE": "1"},
        )
        assert completed.returncode == 0, completed.stdout + completed.stderr
        for path in sorted(target.iterdir()):
            if path.is_file():
                outputs[f"{case}/{path.name}"] = path.read_bytes()
    return outputs


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    return fix_copies(sys.executable, tmp_path_factory.mktemp("current"))


@pytest.mark.parametrize("minor", [9, 10, 12, 13])
def test_same_fix_on_other_python(minor, reference, tmp_path):
    python = find_python(minor)
    if python is None:
        pytest.skip(f"no Python 3.{minor} interpreter on this machine")
    assert fix_copies(python, tmp_path) == reference
