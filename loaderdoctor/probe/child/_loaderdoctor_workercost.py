"""Measure what one spawned worker costs: the time until it has imported torch.

Runs inside the user's interpreter (standard library and torch). It starts
one process with the requested start method, whose target imports torch and
reports. It then prints ``{"pid", "seconds", "import_seconds"}`` as one JSON
line and keeps the worker alive until a line arrives on stdin, so that
loaderdoctor can measure the worker's memory with psutil meanwhile.
"""

import json
import multiprocessing
import os
import sys
import time


def _worker(connection):
    started = time.time()
    try:
        import torch  # noqa: F401 - importing it is what is measured
    except ImportError as error:
        connection.send({"error": "%s: %s" % (type(error).__name__, error)})
        return
    connection.send({"pid": os.getpid(), "import_seconds": time.time() - started})
    connection.recv()


def main():
    method = sys.argv[1] if len(sys.argv) > 1 else "spawn"
    context = multiprocessing.get_context(method)
    parent_end, child_end = context.Pipe()
    started = time.time()
    process = context.Process(target=_worker, args=(child_end,), daemon=True)
    process.start()
    report = parent_end.recv()
    report["seconds"] = time.time() - started
    report["method"] = method
    sys.stdout.write(json.dumps(report) + "\n")
    sys.stdout.flush()
    sys.stdin.readline()
    if "error" not in report:
        parent_end.send("exit")
    process.join(10)


if __name__ == "__main__":
    main()
