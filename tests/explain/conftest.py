"""Shared pieces of the explain tests: paths, real runs of the shared cases, log variants.

Real runs start the shared cases' broken scripts under spawn (or forkserver)
with Python 3.11 and torch, the way the cases' README describes, and give the
tests what the run printed. Every run costs several seconds of torch imports,
so each is made at most once per session and at most two run at a time.
"""

import concurrent.futures
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parents[1]
SHARED = (REPOSITORY / ".." / "shared").resolve()
CASES = SHARED / "cases"
LOGS = SHARED / "logs"
FIXTURES = HERE / "fixtures"
SCRIPTS = HERE / "scripts"
PYENV = Path("/root/.pyenv/versions")

# Runs a script as __main__ after forcing the start method, from the
# script's folder; the wrapper's own frame shows as "<string>".
WRAPPER = (
    "import multiprocessing, runpy, sys; "
    "multiprocessing.set_start_method(sys.argv[1], force=True); "
    "sys.argv = sys.argv[2:]; "
    "runpy.run_path(sys.argv[0], run_name='__main__')"
)


# The same, with a faulthandler watchdog that dumps every thread's stack and
# exits after sys.argv[1] seconds, as a probe does with a run that hangs.
WATCHDOG_WRAPPER = (
    "import faulthandler, multiprocessing, runpy, sys; "
    "faulthandler.dump_traceback_later(float(sys.argv[1]), exit=True); "
    "multiprocessing.set_start_method(sys.argv[2], force=True); "
    "sys.argv = sys.argv[3:]; "
    "runpy.run_path(sys.argv[0], run_name='__main__')"
)


def require_shared():
    if not CASES.is_dir() or not LOGS.is_dir():
        pytest.fail(f"the shared test data is missing: expected {SHARED} next to the repository")


def case_dir(prefix):
    require_shared()
    matches = sorted(CASES.glob(prefix + "_*"))
    if not matches:
        pytest.fail(f"no shared case starts with {prefix!r} in {CASES}")
    return matches[0]


def pyenv_python(version):
    python = PYENV / version / "bin" / "python"
    if not python.exists():
        pytest.fail(f"Python {version} is expected at {python}")
    return str(python)


@dataclass(frozen=True)
class RunSpec:
    """One real run: a command, its folder, and the limits it runs under."""

    argv: tuple
    cwd: str
    timeout: float = 90.0
    stdin_path: str = None
    open_files_limit: int = None
    shm_megabytes: int = None
    env: tuple = ()


@dataclass
class RunResult:
    stdout: bytes
    stderr: bytes
    returncode: int
    timed_out: bool = False
    spec: RunSpec = field(default=None, repr=False)

    @property
    def stderr_text(self):
        return self.stderr.decode("utf-8", errors="replace")


def case_run(prefix, script, method="spawn", **options):
    """A RunSpec for ``broken/<script>`` (or ``fixed/...``) of a shared case, started through WRAPPER."""
    path = case_dir(prefix) / script
    return RunSpec(argv=(sys.executable, "-c", WRAPPER, method, path.name), cwd=str(path.parent), **options)


def watchdog_run(prefix, script, seconds, method="spawn", **options):
    """A RunSpec that dumps the stacks and stops the run after ``seconds``."""
    path = case_dir(prefix) / script
    return RunSpec(argv=(sys.executable, "-c", WATCHDOG_WRAPPER, str(seconds), method, path.name),
                   cwd=str(path.parent), **options)


def direct_run(prefix, script, **options):
    path = case_dir(prefix) / script
    return RunSpec(argv=(sys.executable, path.name), cwd=str(path.parent), **options)


def script_run(script, *arguments, python=None, method="spawn", through_wrapper=True, **options):
    """A RunSpec for one of this folder's scripts."""
    python = python or sys.executable
    if through_wrapper:
        argv = (python, "-c", WRAPPER, method, script) + tuple(arguments)
    else:
        argv = (python, script) + tuple(arguments)
    return RunSpec(argv=argv, cwd=str(SCRIPTS), **options)


def execute(spec):
    env = dict(os.environ)
    env.update({"PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1"})
    env.update(dict(spec.env))
    argv = list(spec.argv)
    if spec.open_files_limit is not None:
        # The shell sets the limit: a preexec_fn is not safe in the threads
        # that start these runs.
        argv = ["sh", "-c", "ulimit -n %d && exec \"$0\" \"$@\"" % spec.open_files_limit] + argv
    if spec.shm_megabytes is not None:
        # A private mount namespace with a tiny /dev/shm, the way a container
        # with Docker's default shm size runs out of it.
        mount = "mount -t tmpfs -o size=%dm tmpfs /dev/shm && exec \"$0\" \"$@\"" % spec.shm_megabytes
        argv = ["unshare", "-m", "sh", "-c", mount] + argv
    stdin = open(spec.stdin_path, "rb") if spec.stdin_path else subprocess.DEVNULL
    try:
        process = subprocess.Popen(
            argv, cwd=spec.cwd, env=env, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            stdout, stderr = process.communicate(timeout=spec.timeout)
            return RunResult(stdout, stderr, process.returncode, False, spec)
        except subprocess.TimeoutExpired:
            # The run started its own session: stop it and every worker it left.
            os.killpg(process.pid, signal.SIGKILL)
            stdout, stderr = process.communicate()
            return RunResult(stdout, stderr, process.returncode, True, spec)
    finally:
        if spec.stdin_path:
            stdin.close()


class RealRuns:
    """Runs each RunSpec once per session, two at a time."""

    def __init__(self):
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=2)
        self._futures = {}
        self._lock = threading.Lock()

    def submit(self, spec):
        with self._lock:
            future = self._futures.get(spec)
            if future is None:
                future = self._futures[spec] = self._executor.submit(execute, spec)
            return future

    def get(self, spec):
        return self.submit(spec).result()

    def close(self):
        self._executor.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(autouse=True)
def english_messages():
    # Assertions read English text, whatever the machine's locale says.
    from loaderdoctor import i18n

    previous = i18n.get_language()
    i18n.set_language(i18n.ENGLISH)
    yield
    i18n.set_language(previous)


@pytest.fixture(scope="session")
def real_runs():
    runs = RealRuns()
    yield runs
    runs.close()


@pytest.fixture(scope="session")
def torch_available():
    probe = subprocess.run([sys.executable, "-c", "import torch"], capture_output=True)
    if probe.returncode != 0:
        pytest.fail(f"the real runs need torch in {sys.executable}: {probe.stderr.decode(errors='replace')}")
    return True
