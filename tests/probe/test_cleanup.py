"""No process started by the probe outlives it: success, failure, hang, timeout or Ctrl-C."""

import signal
import subprocess
import sys
import textwrap
import time

import psutil
import pytest

from loaderdoctor.probe import probe_script
from loaderdoctor.probe.runner import RUN_MARKER_ENV
from tests.conftest import CASES, require_shared

pytestmark = pytest.mark.slow

SCRIPTS = {
    # A spawned child that never ends, joined by the main process: a hang
    # without any DataLoader.
    "sleeping_child.py": """
        import multiprocessing as mp
        import time

        def nap():
            time.sleep(3600)

        if __name__ == "__main__":
            child = mp.Process(target=nap)
            child.start()
            child.join()
    """,
    # A DataLoader whose workers never deliver a batch.
    "stuck_loader.py": """
        import time

        import torch
        from torch.utils.data import DataLoader, Dataset

        class Slow(Dataset):
            def __len__(self):
                return 8

            def __getitem__(self, index):
                time.sleep(3600)
                return torch.zeros(1)

        if __name__ == "__main__":
            for batch in DataLoader(Slow(), batch_size=2, num_workers=2):
                print(batch)
    """,
    # A grandchild that leaves its parent (double fork), so it is no longer
    # a descendant of the script when the probe cleans up.
    "escaping_grandchild.py": """
        import multiprocessing as mp
        import os
        import time

        def launch():
            if os.fork() == 0:
                time.sleep(3600)
                os._exit(0)

        if __name__ == "__main__":
            child = mp.Process(target=launch)
            child.start()
            child.join()
            time.sleep(3600)
    """,
    # A healthy pool under the guard.
    "pool_ok.py": """
        import multiprocessing as mp

        def square(value):
            return value * value

        if __name__ == "__main__":
            with mp.Pool(2) as pool:
                print(sum(pool.map(square, range(10))))
    """,
    # A pool whose tasks sleep; the probe is interrupted while it waits.
    "pool_sleeping.py": """
        import multiprocessing as mp
        import time

        def nap(value):
            time.sleep(3600)

        if __name__ == "__main__":
            with mp.Pool(2) as pool:
                pool.map(nap, range(4))
    """,
}


@pytest.fixture(scope="module")
def scripts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cleanup")
    for name, source in SCRIPTS.items():
        (folder / name).write_text(textwrap.dedent(source), encoding="utf-8")
    return folder


def _processes_with_marker(markers):
    found = []
    for process in psutil.process_iter(["pid"]):
        try:
            value = process.environ().get(RUN_MARKER_ENV)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
        if value in markers:
            found.append(process.pid)
    return found


def _still_running(records):
    running = []
    for record in records:
        try:
            process = psutil.Process(record["pid"])
            if abs(process.create_time() - record["create_time"]) < 0.01 and process.status() != psutil.STATUS_ZOMBIE:
                running.append(record)
        except psutil.NoSuchProcess:
            continue
    return running


def _interrupt_cli(script):
    """Start ``loaderdoctor probe`` on ``script``, press Ctrl-C once its tree runs, return what it started."""
    cli = subprocess.Popen([sys.executable, "-m", "loaderdoctor", "probe", "--no-check", str(script)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    parent = psutil.Process(cli.pid)
    deadline = time.monotonic() + 60
    descendants = []
    while time.monotonic() < deadline:
        descendants = parent.children(recursive=True)
        if len(descendants) >= 3:
            break
        time.sleep(0.2)
    records = [{"pid": process.pid, "create_time": process.create_time()} for process in descendants]
    cli.send_signal(signal.SIGINT)
    cli.communicate(timeout=60)
    return cli.returncode, records


def test_twenty_runs_leave_nothing(scripts):
    require_shared()
    reports = []
    runs = (
        [(scripts / "sleeping_child.py", {"timeout": 2})] * 4
        + [(scripts / "stuck_loader.py", {"timeout": 4})] * 2
        + [(scripts / "escaping_grandchild.py", {"timeout": 2})] * 3
        + [(scripts / "pool_ok.py", {})] * 5
        + [(CASES / "k23_large_pickle_pipe" / "broken" / "train.py", {})]
        + [(CASES / "k19_pool_toplevel" / "broken" / "prepare.py", {})]
        + [(CASES / "k23_large_pickle_pipe" / "broken" / "train.py", {"timeout": 3})]
    )
    for script, options in runs:
        reports.append(probe_script(script, static_check=False, **options))

    interrupted = [_interrupt_cli(scripts / "pool_sleeping.py") for _ in range(3)]

    markers = {report["run_marker"] for report in reports}
    assert len(reports) + len(interrupted) == 20
    assert _processes_with_marker(markers) == []
    for report in reports:
        assert report["leftover_processes"] == []
        assert _still_running(report["processes"]) == [], report["script"]
    for returncode, records in interrupted:
        assert returncode == 130
        assert len(records) >= 3
        assert _still_running(records) == []

    timeouts = [report for report in reports if report["stop_reason"] == "timeout"]
    assert len(timeouts) >= 9
    stuck = [report for report in reports if report["script"].endswith("stuck_loader.py")]
    for report in stuck:
        assert report["failures"][0]["kind"] == "worker-timeout"
        assert len(report["stacks"]) >= 2, report["stacks"].keys()
        assert any("__getitem__" in text for text in report["stacks"].values())
    for report in reports:
        if report["script"].endswith("pool_ok.py"):
            assert report["outcome"] == "ok", report["stderr"][-2000:]
