"""Event records that the probed script and its workers send to loaderdoctor.

This file runs inside the user's interpreter, where loaderdoctor is not
installed: it may import only the standard library. Every process appends
one JSON object per line to the file named by LOADERDOCTOR_PROBE_EVENTS.
A single ``os.write`` on a file opened with O_APPEND adds the whole line at
the end, so lines from concurrent processes do not mix.
"""

import json
import os
import sys
import time

EVENTS_ENV = "LOADERDOCTOR_PROBE_EVENTS"
RUN_DIR_ENV = "LOADERDOCTOR_PROBE_DIR"
SETTINGS_ENV = "LOADERDOCTOR_PROBE_SETTINGS"

_kept_files = []
_registered = []


def emit(event, **fields):
    path = os.environ.get(EVENTS_ENV)
    if not path:
        return
    record = {"event": event, "pid": os.getpid(), "time": time.time()}
    record.update(fields)
    line = (json.dumps(record, default=repr) + "\n").encode("utf-8")
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, line)
    finally:
        os.close(descriptor)


def read_events(offset=0):
    """Return the complete event records after byte ``offset`` and the new offset."""
    path = os.environ.get(EVENTS_ENV)
    if not path:
        return [], offset
    try:
        with open(path, "rb") as handle:
            handle.seek(offset)
            data = handle.read()
    except OSError:
        return [], offset
    end = data.rfind(b"\n") + 1
    records = []
    for raw in data[:end].splitlines():
        try:
            records.append(json.loads(raw.decode("utf-8")))
        except ValueError:
            continue
    return records, offset + end


def run_dir():
    return os.environ.get(RUN_DIR_ENV, "")


def register_stack_dump():
    """Let loaderdoctor ask this process for a dump of all its thread stacks.

    On POSIX, SIGUSR1 makes faulthandler write the stacks to
    ``stacks-<pid>.txt`` in the run folder; faulthandler writes from its C
    signal handler, so this works even while Python code holds the GIL. Where
    there is no SIGUSR1 (Windows), a daemon thread waits for the file
    ``dump-request`` to appear and dumps then.
    """
    directory = run_dir()
    if not directory:
        return
    import faulthandler

    dump_file = open(os.path.join(directory, "stacks-%d.txt" % os.getpid()), "w")
    _kept_files.append(dump_file)
    try:
        import signal

        faulthandler.register(signal.SIGUSR1, file=dump_file, all_threads=True, chain=False)
        mode = "signal"
    except (AttributeError, ValueError, RuntimeError):
        _start_dump_thread(dump_file, os.path.join(directory, "dump-request"))
        mode = "thread"
    emit("stack-dump-ready", mode=mode, ppid=_parent_pid())


def register_stack_dump_once():
    if not _registered:
        _registered.append(True)
        register_stack_dump()


def _start_dump_thread(dump_file, request_path):
    import faulthandler
    import threading

    def wait_for_request():
        while not os.path.exists(request_path):
            time.sleep(0.1)
        faulthandler.dump_traceback(file=dump_file, all_threads=True)
        dump_file.flush()

    threading.Thread(target=wait_for_request, name="loaderdoctor-stack-dump", daemon=True).start()


def _parent_pid():
    try:
        return os.getppid()
    except AttributeError:
        return None


def boot_child():
    """Run first in every process that multiprocessing spawns from the script."""
    emit("process-boot", ppid=_parent_pid(), argv=sys.argv[1:])
    register_stack_dump_once()
