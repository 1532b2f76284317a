"""Plain multiprocessing, no torch: an unguarded Process.start() at module level.

Arguments: the start method (spawn, forkserver) and the number of children.
Every Python from 3.8 prints the bootstrap RuntimeError in its own traceback
format. The parent passes a start time to its children in the environment,
and each child waits for it while it re-imports this file, so that the
children fail, and print, at the same moment.
"""
import multiprocessing
import os
import sys
import time

START = "LOADERDOCTOR_TEST_START"


def work():
    print("child ran")


if __name__ == "__main__":
    os.environ[START] = str(time.time() + 1.0)
else:
    time.sleep(max(0.0, float(os.environ.get(START, "0")) - time.time()))

multiprocessing.set_start_method(sys.argv[1] if len(sys.argv) > 1 else "spawn", force=True)
children = [multiprocessing.Process(target=work) for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 1)]
for child in children:
    child.start()
for child in children:
    child.join()
print("exit codes", [child.exitcode for child in children])
