"""Cases that fail only under tighter limits than this machine has: few file descriptors, a small /dev/shm."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import CASES, require_shared, responsible_lines

pytestmark = pytest.mark.slow

# Many machines default to 1024 descriptors; 256 makes the 2000 kept batches run out.
OPEN_FILE_LIMIT = 256


def _limit_open_files():
    import resource

    resource.setrlimit(resource.RLIMIT_NOFILE, (OPEN_FILE_LIMIT, OPEN_FILE_LIMIT))


def _located(report):
    return {(os.path.basename(location["path"]), location["line"]) for location in report["failures"][0]["locations"]}


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_NOFILE is POSIX only")
@pytest.mark.parametrize("script", ["train.py", "strategy_in_guard.py"])
def test_too_many_open_files(script):
    require_shared()
    case = CASES / "k27_too_many_open_files"
    completed = subprocess.run(
        [sys.executable, "-m", "loaderdoctor", "probe", "--full", "--format", "json", str(case / "broken" / script)],
        capture_output=True, text=True, preexec_fn=_limit_open_files,
    )
    report = json.loads(completed.stdout)
    expected = {(script, line) for line in responsible_lines(case)[script]}

    assert completed.returncode == 1
    assert report["failures"][0]["kind"] == "too-many-open-files"
    assert expected & _located(report), report["failures"][0]["locations"]


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or os.geteuid() != 0 or shutil.which("unshare") is None,
    reason="a private /dev/shm needs Linux, root and unshare",
)
def test_shared_memory_exhausted():
    require_shared()
    case = CASES / "k26_shm_exhausted"
    # A private mount namespace with a 1 MiB /dev/shm, smaller than one batch
    # of this script (16 samples of 192 KiB); the machine's own /dev/shm stays as it is.
    command = "mount -t tmpfs -o size=1m tmpfs /dev/shm && exec %s -m loaderdoctor probe --format json %s" % (
        sys.executable, case / "broken" / "train.py")
    completed = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", command],
                               capture_output=True, text=True, timeout=300)
    report = json.loads(completed.stdout)
    expected = {("train.py", line) for line in responsible_lines(case)["train.py"]}

    assert completed.returncode == 1
    assert report["failures"][0]["kind"] == "shared-memory-exhausted"
    assert expected & _located(report), report["failures"][0]["locations"]
