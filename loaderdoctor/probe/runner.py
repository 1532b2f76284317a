"""Run a script under the probe: launch, follow its events, watch for hangs, clean up.

The probed script runs in a child interpreter started through the bootstrap
in a run folder (see ``staging``). This module follows the events that the
script and its workers write, measures worker memory with psutil, decides
when to stop (the script ended, a failure was printed, or nothing moved for
too long) and always kills the whole process tree before it returns.
"""

import json
import math
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from loaderdoctor.errors import InputError
from loaderdoctor.i18n import tr
from loaderdoctor.probe import staging
from loaderdoctor.probe.signatures import decisive_failure_seen
from loaderdoctor.probe.tree import ProcessTree, popen_options, request_stack_dumps

POLL_SECONDS = 0.1
# After a child printed a decisive failure, the tree is stopped once stderr
# has been quiet for FAILURE_QUIET_SECONDS (the traceback is complete), and
# at the latest after FAILURE_GRACE_SECONDS.
FAILURE_QUIET_SECONDS = 0.3
FAILURE_GRACE_SECONDS = 1.0
# The watchdog allows QUIET_FACTOR times the measured cost of the workers
# being started (one worker's start time, times workers per usable CPU),
# and never less than MIN_QUIET_SECONDS.
QUIET_FACTOR = 4.0
MIN_QUIET_SECONDS = 10.0
# Used until the run has measured anything (no torch import, no worker yet).
# NOTE: an estimate, not a measurement: it only bounds how long a script that
# never imports torch may sit idle before the watchdog stops it.
UNMEASURED_WORKER_COST = 15.0
# A script whose main process uses at least this share of one CPU is working.
BUSY_CPU_SHARE = 0.1
OUTPUT_KEEP_BYTES = 2 * 1024 * 1024

RUN_MARKER_ENV = "LOADERDOCTOR_PROBE_RUN"

STOP_EXITED = "exited"
STOP_FAILURE = "failure-seen"
STOP_TIMEOUT = "timeout"


@dataclass
class ProbeSettings:
    script: Path
    args: list = field(default_factory=list)
    python: str = sys.executable
    start_method: str = "spawn"
    batches: int = 1
    full: bool = False
    timeout: float = None
    progress: object = None


@dataclass
class RunResult:
    returncode: int
    stdout: str
    stderr: str
    events: list
    duration: float
    stop_reason: str
    quiet_limit: float = None
    quiet_for: float = None
    stacks: dict = field(default_factory=dict)
    memory: dict = field(default_factory=dict)
    processes: list = field(default_factory=list)
    survivors: list = field(default_factory=list)
    marker: str = ""


class _OutputReader(threading.Thread):
    """Collect one pipe of the child, keeping the beginning and the end of long output."""

    def __init__(self, stream):
        super().__init__(daemon=True)
        self.stream = stream
        self.head = bytearray()
        self.tail = bytearray()
        self.dropped = 0
        self.total = 0
        self.lock = threading.Lock()

    def run(self):
        descriptor = self.stream.fileno()
        while True:
            try:
                chunk = os.read(descriptor, 65536)
            except OSError:
                break
            if not chunk:
                break
            with self.lock:
                self.total += len(chunk)
                if len(self.head) < OUTPUT_KEEP_BYTES:
                    room = OUTPUT_KEEP_BYTES - len(self.head)
                    self.head += chunk[:room]
                    chunk = chunk[room:]
                self.tail += chunk
                if len(self.tail) > OUTPUT_KEEP_BYTES:
                    excess = len(self.tail) - OUTPUT_KEEP_BYTES
                    self.dropped += excess
                    del self.tail[:excess]

    def text(self):
        with self.lock:
            middle = b"\n[... %d bytes left out ...]\n" % self.dropped if self.dropped else b""
            data = bytes(self.head) + middle + bytes(self.tail)
        return data.decode("utf-8", errors="replace").replace("\x00", "")


def usable_cpus():
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


class _Watchdog:
    """Decide when the run stopped making progress."""

    def __init__(self, explicit_timeout):
        self.explicit = explicit_timeout
        self.worker_cost = None
        self.torch_seconds = None
        self.startup_seconds = None
        self.workers_starting = 1
        self.last_progress = time.monotonic()
        self.cpu_mark = None
        self.cpu_mark_time = time.monotonic()

    def progress(self):
        self.last_progress = time.monotonic()

    def limit(self):
        if self.explicit:
            return float(self.explicit)
        if self.worker_cost is not None:
            cost = self.worker_cost
        elif self.torch_seconds is not None:
            cost = self.torch_seconds + (self.startup_seconds or 0.0)
        else:
            cost = UNMEASURED_WORKER_COST
        rounds = max(1, math.ceil(self.workers_starting / usable_cpus()))
        return max(MIN_QUIET_SECONDS, QUIET_FACTOR * cost * rounds)

    def check_cpu(self, cpu_seconds):
        """Count the main process's own CPU work as progress (sampled once a second)."""
        now = time.monotonic()
        if cpu_seconds is None:
            return
        if self.cpu_mark is None:
            self.cpu_mark, self.cpu_mark_time = cpu_seconds, now
            return
        if now - self.cpu_mark_time < 1.0:
            return
        share = (cpu_seconds - self.cpu_mark) / (now - self.cpu_mark_time)
        if share >= BUSY_CPU_SHARE:
            self.progress()
        self.cpu_mark, self.cpu_mark_time = cpu_seconds, now

    def quiet_for(self):
        return time.monotonic() - self.last_progress


class ProbeRunner:
    def __init__(self, settings):
        self.settings = settings
        self.events = []
        self.memory = {}
        self.dump_modes = {}
        self.workers = set()
        self.event_offset = 0
        self.watchdog = _Watchdog(settings.timeout)
        self.launched = None

    # -- events ---------------------------------------------------------

    def _read_events(self, events_path):
        try:
            with open(events_path, "rb") as handle:
                handle.seek(self.event_offset)
                data = handle.read()
        except OSError:
            return []
        end = data.rfind(b"\n") + 1
        self.event_offset += end
        records = []
        for raw in data[:end].splitlines():
            try:
                records.append(json.loads(raw.decode("utf-8")))
            except ValueError:
                continue
        return records

    def _handle(self, record, tree, run_dir):
        name = record.get("event")
        pid = record.get("pid")
        tree.add(pid)
        self.watchdog.progress()

        if name == "stack-dump-ready":
            self.dump_modes[pid] = record.get("mode")
        elif name == "script-start":
            self.watchdog.startup_seconds = record["time"] - self.launched
        elif name == "torch-imported":
            self.watchdog.torch_seconds = record.get("seconds")
        elif name == "workers-starting":
            self.watchdog.workers_starting = max(1, record.get("num_workers") or 1)
        elif name == "process-started" and record.get("child"):
            tree.add(record["child"])
        elif name == "worker-ready":
            self.workers.add(pid)
            cost = record.get("ready_after")
            if cost is not None and self.watchdog.worker_cost is None:
                self.watchdog.worker_cost = cost
            self._measure(tree, pid)
        elif name == "loader-probed":
            for worker_pid in record.get("pids") or []:
                self._measure(tree, worker_pid)
            token = record.get("token")
            if token:
                (Path(run_dir) / ("ack-%s" % token)).touch()
        self._notify(record)

    def _measure(self, tree, pid):
        uss = tree.memory(pid)
        if uss is not None:
            self.memory[pid] = max(uss, self.memory.get(pid, 0))

    def _notify(self, record):
        if self.settings.progress is not None:
            self.settings.progress(record)

    # -- the run --------------------------------------------------------

    def _command_and_env(self, run_dir, marker):
        script = Path(self.settings.script).resolve()
        command = [self.settings.python, str(Path(run_dir) / "_loaderdoctor_bootstrap.py")]
        env = dict(os.environ)
        env["LOADERDOCTOR_PROBE_EVENTS"] = str(Path(run_dir) / staging.EVENTS_FILE)
        env["LOADERDOCTOR_PROBE_DIR"] = str(run_dir)
        env["LOADERDOCTOR_PROBE_SETTINGS"] = json.dumps({
            "script": str(script),
            "args": list(self.settings.args),
            "start_method": self.settings.start_method,
            "batches": self.settings.batches,
            "full": self.settings.full,
            "parent_pid": os.getpid(),
        })
        env[RUN_MARKER_ENV] = marker
        # The child's output is read as UTF-8 whatever the console code page is.
        env.setdefault("PYTHONIOENCODING", "utf-8")
        return command, env, script.parent

    def run(self):
        run_dir = staging.make_run_dir()
        marker = uuid.uuid4().hex
        command, env, cwd = self._command_and_env(run_dir, marker)
        events_path = Path(run_dir) / staging.EVENTS_FILE

        self.launched = time.time()
        started = time.monotonic()
        try:
            process = subprocess.Popen(
                command,
                cwd=str(cwd),
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                **popen_options(),
            )
        except OSError as error:
            staging.remove_run_dir(run_dir)
            raise InputError(tr("probe.error.launch-failed", python=self.settings.python, error=error)) from error
        tree = ProcessTree(process.pid)
        stdout_reader = _OutputReader(process.stdout)
        stderr_reader = _OutputReader(process.stderr)
        stdout_reader.start()
        stderr_reader.start()

        stop_reason = None
        failure_seen_at = None
        stacks = {}
        previous_output = 0
        stderr_size, stderr_changed = 0, time.monotonic()
        restore_sigterm = _sigterm_as_interrupt()
        try:
            while True:
                for record in self._read_events(events_path):
                    self.events.append(record)
                    self._handle(record, tree, run_dir)
                tree.scan()

                if process.poll() is not None:
                    stop_reason = STOP_EXITED
                    break

                if stdout_reader.total != previous_output:
                    previous_output = stdout_reader.total
                    self.watchdog.progress()
                self.watchdog.check_cpu(tree.cpu_seconds(process.pid))

                if stderr_reader.total != stderr_size:
                    stderr_size, stderr_changed = stderr_reader.total, time.monotonic()
                    if failure_seen_at is None and decisive_failure_seen(stderr_reader.text()):
                        failure_seen_at = time.monotonic()
                        self._notify({"event": "failure-seen"})
                if failure_seen_at is not None:
                    now = time.monotonic()
                    quiet = now - stderr_changed >= FAILURE_QUIET_SECONDS
                    if quiet or now - failure_seen_at >= FAILURE_GRACE_SECONDS:
                        stop_reason = STOP_FAILURE
                        break

                if self.watchdog.quiet_for() >= self.watchdog.limit():
                    stop_reason = STOP_TIMEOUT
                    self._notify({"event": "timeout", "seconds": self.watchdog.quiet_for()})
                    break
                time.sleep(POLL_SECONDS)

            if stop_reason != STOP_EXITED:
                stacks = self._dump_stacks(tree, run_dir)
        finally:
            restore_sigterm()
            # Reap the script's own process through Popen first, so that its
            # exit status is kept (psutil would reap it without telling Popen).
            if process.poll() is None:
                process.kill()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            survivors = tree.kill_all()
            stdout_reader.join(timeout=2)
            stderr_reader.join(timeout=2)
            for record in self._read_events(events_path):
                self.events.append(record)
            staging.remove_run_dir(run_dir)

        return RunResult(
            returncode=process.returncode,
            stdout=stdout_reader.text(),
            stderr=stderr_reader.text(),
            events=self.events,
            duration=time.monotonic() - started,
            stop_reason=stop_reason,
            quiet_limit=self.watchdog.limit(),
            quiet_for=self.watchdog.quiet_for(),
            stacks=stacks,
            memory=dict(self.memory),
            processes=sorted(tree.seen.values(), key=lambda record: record["create_time"]),
            survivors=[victim.pid for victim in survivors],
            marker=marker,
        )

    def _dump_stacks(self, tree, run_dir):
        alive = {process.pid for process in tree.alive()}
        pids = [pid for pid in self.dump_modes if pid in alive]
        request_stack_dumps(pids, str(run_dir), self.dump_modes)
        stacks = {}
        for pid in pids:
            path = Path(run_dir) / ("stacks-%d.txt" % pid)
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if text.strip():
                stacks[pid] = text.replace(str(run_dir), "<loaderdoctor>")
        return stacks


def _sigterm_as_interrupt():
    """Turn SIGTERM into KeyboardInterrupt while the probe runs, so the tree is still killed."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        return lambda: None

    def handler(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    return lambda: signal.signal(signal.SIGTERM, previous)


def run_probe(settings):
    return ProbeRunner(settings).run()
