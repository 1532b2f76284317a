"""Run a script as ``__main__`` the way ``python SCRIPT`` would, optionally under a forced start method.

Usage: ``python run_script.py (spawn|direct) SCRIPT``. With ``spawn`` every
process the script starts re-imports it, as on Windows and macOS.
"""

import multiprocessing
import os
import runpy
import sys


def main():
    mode, script = sys.argv[1], os.path.abspath(sys.argv[2])
    if mode == "spawn":
        multiprocessing.set_start_method("spawn", force=True)
    sys.argv = [script]
    sys.path[0] = os.path.dirname(script)
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
