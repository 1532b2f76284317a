"""The probed process tree: remember every process in it, dump stacks, kill it all.

The probed script runs in a session of its own on POSIX (a process group
that its workers, the resource tracker and a forkserver inherit), so one
``killpg`` reaches even processes whose parent has already exited. Every
process seen under the script is also remembered with its creation time,
which covers processes that left the group and, on Windows, where there is
no process group to kill.
"""

import os
import signal
import sys
import time

import psutil

KILL_WAIT_SECONDS = 5.0


class ProcessTree:
    def __init__(self, root_pid):
        self.root_pid = root_pid
        self.pgid = None
        if hasattr(os, "getpgid"):
            try:
                self.pgid = os.getpgid(root_pid)
            except OSError:
                self.pgid = None
        # pid -> {"pid", "create_time", "name", "ppid"}
        self.seen = {}
        self._root = self._process(root_pid)
        if self._root is not None:
            self._remember(self._root)

    @staticmethod
    def _process(pid):
        try:
            return psutil.Process(pid)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            return None

    def _remember(self, process):
        if process.pid in self.seen:
            return
        try:
            with process.oneshot():
                record = {
                    "pid": process.pid,
                    "create_time": process.create_time(),
                    "name": process.name(),
                    "ppid": process.ppid(),
                }
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            return
        self.seen[process.pid] = record

    def scan(self):
        """Remember the processes now under the root (call it often)."""
        if self._root is None:
            return
        try:
            children = self._root.children(recursive=True)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            children = []
        for child in children:
            self._remember(child)

    def add(self, pid):
        """Remember a process that reported itself (a spawned child's boot event)."""
        process = self._process(pid)
        if process is not None:
            self._remember(process)

    def alive(self):
        """Return the remembered processes that still run (same pid and creation time)."""
        result = []
        for record in self.seen.values():
            process = self._process(record["pid"])
            if process is None:
                continue
            try:
                if abs(process.create_time() - record["create_time"]) > 0.01:
                    continue
                if process.status() == psutil.STATUS_ZOMBIE:
                    continue
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
            result.append(process)
        return result

    def memory(self, pid):
        """Return the unique set size (USS) of ``pid`` in bytes, or None."""
        process = self._process(pid)
        if process is None:
            return None
        try:
            return process.memory_full_info().uss
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess, AttributeError):
            return None

    def cpu_seconds(self, pid):
        process = self._process(pid)
        if process is None:
            return None
        try:
            times = process.cpu_times()
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            return None
        return times.user + times.system

    def kill_all(self):
        """Kill the whole tree and wait until no remembered process runs."""
        self.scan()
        if self.pgid is not None and self.pgid != _own_process_group():
            try:
                os.killpg(self.pgid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        victims = self.alive()
        for process in victims:
            try:
                process.kill()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        _gone, still_alive = psutil.wait_procs(victims, timeout=KILL_WAIT_SECONDS)
        return still_alive


def _own_process_group():
    try:
        return os.getpgid(0)
    except (AttributeError, OSError):
        return None


def request_stack_dumps(pids, run_dir, modes):
    """Ask each process in ``pids`` to write its thread stacks; wait until they are written.

    ``modes`` maps a pid to "signal" (POSIX: faulthandler on SIGUSR1) or
    "thread" (a watcher thread that waits for the file ``dump-request``).
    """
    asked = []
    for pid in pids:
        mode = modes.get(pid)
        if mode == "signal" and hasattr(signal, "SIGUSR1"):
            try:
                os.kill(pid, signal.SIGUSR1)
                asked.append(pid)
            except OSError:
                continue
        elif mode == "thread":
            asked.append(pid)
    if any(modes.get(pid) == "thread" for pid in asked):
        with open(os.path.join(run_dir, "dump-request"), "w"):
            pass

    # faulthandler writes the dump from the signal handler in a few
    # milliseconds; a file whose size stays the same for 0.2 s is complete.
    deadline = time.time() + 2.0
    sizes = {}
    while time.time() < deadline:
        current = {pid: _size(os.path.join(run_dir, "stacks-%d.txt" % pid)) for pid in asked}
        if current == sizes and all(current.values()):
            break
        sizes = current
        time.sleep(0.2)


def _size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def popen_options():
    """Return the Popen keyword arguments that give the child its own process group."""
    if sys.platform == "win32":
        import subprocess

        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}
