"""Time to a verdict: the probe versus running the script under spawn until it fails.

Runs tests/benchmarks/softmax_like.py (module-level call on line 95, worker
start on line 50, loaders with 4 workers) in two ways, alternately, and
prints each time and their ratio:

- direct: the script as __main__ with the start method forced to spawn,
  until it exits with the bootstrap failure (the wait a Windows user has);
- probe: ``loaderdoctor probe --format json`` until it prints its verdict.

Usage: python tests/benchmarks/bench_probe.py [--rounds N]
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "softmax_like.py"
CALL_LINE = 95
LOOP_LINE = 50
DIRECT = (
    "import multiprocessing, runpy, sys; multiprocessing.set_start_method('spawn', force=True); "
    "sys.argv = [sys.argv[1]]; runpy.run_path(sys.argv[0], run_name='__main__')"
)


def check_shape():
    lines = SCRIPT.read_text(encoding="utf-8").splitlines()
    if "train_ch3(" not in lines[CALL_LINE - 1] or "for X, y in train_iter" not in lines[LOOP_LINE - 1]:
        sys.exit("softmax_like.py no longer has the training call on line %d and the loop on line %d"
                 % (CALL_LINE, LOOP_LINE))


def run_direct():
    started = time.monotonic()
    completed = subprocess.run([sys.executable, "-c", DIRECT, str(SCRIPT)], cwd=str(SCRIPT.parent),
                               capture_output=True, text=True, timeout=600)
    elapsed = time.monotonic() - started
    failed = completed.returncode != 0 and "bootstrapping phase" in completed.stderr
    return elapsed, failed


def run_probe():
    started = time.monotonic()
    completed = subprocess.run([sys.executable, "-m", "loaderdoctor", "probe", "--format", "json", "--no-check",
                                str(SCRIPT)], capture_output=True, text=True, timeout=600)
    elapsed = time.monotonic() - started
    report = json.loads(completed.stdout)
    lines = {location["line"] for failure in report["failures"] for location in failure["locations"]}
    correct = (report["failures"] and report["failures"][0]["kind"] == "unguarded-start"
               and {CALL_LINE, LOOP_LINE} <= lines)
    return elapsed, bool(correct)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    check_shape()

    direct_times, probe_times = [], []
    for round_number in range(1, options.rounds + 1):
        direct, failed = run_direct()
        probe, correct = run_probe()
        direct_times.append(direct)
        probe_times.append(probe)
        print("round %d: direct %.1f s (failed as expected: %s), probe %.1f s (verdict at lines %d and %d: %s)"
              % (round_number, direct, failed, probe, CALL_LINE, LOOP_LINE, correct))

    direct_median = statistics.median(direct_times)
    probe_median = statistics.median(probe_times)
    print("median direct run until the failure: %.1f s" % direct_median)
    print("median probe until its verdict:      %.1f s" % probe_median)
    print("ratio direct / probe:                %.2f" % (direct_median / probe_median))


if __name__ == "__main__":
    main()
