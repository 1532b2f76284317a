"""The probe runs scripts with an interpreter whose environment has torch but not loaderdoctor."""

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import torch

from tests.conftest import CASES, require_shared

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def torch_only_python(tmp_path_factory):
    """A virtual environment that imports torch through a .pth file and cannot import loaderdoctor."""
    folder = tmp_path_factory.mktemp("torch-only")
    venv.EnvBuilder(with_pip=False).create(folder / "env")
    python = folder / "env" / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    # The folder that contains torch becomes a plain sys.path entry: the .pth
    # files in it are not processed, so an editable install of loaderdoctor
    # (a .pth finder) stays out of reach. The first test checks that.
    torch_parent = Path(torch.__file__).resolve().parents[1]
    (Path(site_packages) / "torch_only.pth").write_text(str(torch_parent) + "\n", encoding="utf-8")
    return python


def _imports(python, module):
    completed = subprocess.run([str(python), "-c", "import %s" % module], capture_output=True, cwd=str(python.parent))
    return completed.returncode == 0


def _probe_json(python, *arguments):
    completed = subprocess.run(
        [sys.executable, "-m", "loaderdoctor", "probe", "--format", "json", "--python", str(python), *arguments],
        capture_output=True, text=True,
    )
    return completed.returncode, json.loads(completed.stdout)


def test_environment_has_torch_without_loaderdoctor(torch_only_python):
    assert _imports(torch_only_python, "torch")
    assert not _imports(torch_only_python, "loaderdoctor")


def test_broken_script_reproduced(torch_only_python):
    require_shared()
    status, report = _probe_json(torch_only_python, str(CASES / "k01_unguarded_toplevel_loop" / "broken" / "train.py"))

    assert status == 1
    assert report["python"] == str(torch_only_python)
    assert report["failures"][0]["kind"] == "unguarded-start"
    assert 18 in [location["line"] for location in report["failures"][0]["locations"]]
    assert report["leftover_processes"] == []


def test_fixed_script_succeeds(torch_only_python):
    require_shared()
    status, report = _probe_json(torch_only_python, str(CASES / "k12_local_collate_fn" / "fixed" / "train.py"))

    assert status == 0, report["stderr"][-2000:]
    assert report["outcome"] == "ok"
    assert all(worker["uss_bytes"] for worker in report["workers"])


def test_environment_report_for_other_python(torch_only_python):
    status, report = _probe_json(torch_only_python, "--no-demo")

    assert status == 0
    assert report["interpreter"]["executable"].startswith(str(torch_only_python.parent.parent))
    assert report["interpreter"]["torch"]["version"] == torch.__version__
    assert report["worker_cost"]["uss_bytes"] > 10 * 1024 * 1024
