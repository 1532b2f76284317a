"""Time and peak memory of `loaderdoctor explain` on logs of 1, 10 and 100 MB.

Run: python tests/benchmarks/bench_explain.py [SIZE_MB ...]

Each log repeats a realistic mix: the interleaved Windows log of four
workers (../shared/logs), a real parent traceback, and ordinary training
output with progress bars. Each size is analysed in a fresh interpreter, so
the peak resident memory printed is that of one run; the baseline row is an
interpreter that only imported loaderdoctor.explain. Time should grow in
proportion to the size, memory should not grow at all.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
SHARED_LOG = REPOSITORY / ".." / "shared" / "logs" / "windows-d2l-softmax-interleaved.log"
SIZES_MB = (1, 10, 100)

TRAINING_OUTPUT = "".join(
    "Epoch %d: %3d%%|%-10s| %d/180 [00:%02d<00:10, 17.5it/s]\rloss %.4f accuracy %.3f\n"
    % (epoch, step * 10, "#" * step, step * 18, step, 1.0 / (step + 1), step / 10.0)
    for epoch in range(3) for step in range(10)
)

CHILD = """
import json, resource, sys, time
from loaderdoctor.explain import analyze_file
start = time.perf_counter()
diagnosis = analyze_file(sys.argv[1])
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "peak_kib": peak, "lines": diagnosis.lines_read,
                  "kinds": [failure.kind for failure in diagnosis.failures],
                  "count": diagnosis.failures[0].count if diagnosis.failures else 0}))
"""

BASELINE = """
import json, resource
import loaderdoctor.explain
print(json.dumps({"peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def build_log(path, size_mb):
    unit = SHARED_LOG.read_text(encoding="utf-8") + TRAINING_OUTPUT
    data = unit.encode("utf-8")
    target = size_mb * 1024 * 1024
    with open(path, "wb") as handle:
        written = 0
        while written < target:
            handle.write(data)
            written += len(data)
    return written


def run(code, *arguments):
    completed = subprocess.run([sys.executable, "-c", code, *arguments], cwd=REPOSITORY, capture_output=True,
                               text=True, check=True)
    return json.loads(completed.stdout)


def main(sizes):
    if not SHARED_LOG.is_file():
        sys.exit("missing %s: the benchmark needs ../shared next to the repository" % SHARED_LOG)
    baseline = run(BASELINE)["peak_kib"] / 1024
    print("python %s, %d CPUs; baseline (import only): peak RSS %.1f MiB"
          % (sys.version.split()[0], os.cpu_count(), baseline))
    print("%8s %10s %9s %8s %14s %16s" % ("size MB", "lines", "seconds", "MB/s", "peak RSS MiB", "over baseline"))
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / ("log_%dmb.log" % size)
            written = build_log(path, size)
            result = run(CHILD, str(path))
            megabytes = written / (1024 * 1024)
            peak = result["peak_kib"] / 1024
            row = (megabytes, result["lines"], result["seconds"], megabytes / result["seconds"], peak, peak - baseline)
            print("%8.1f %10d %9.2f %8.1f %14.1f %16.1f" % row)
            assert result["kinds"] == ["unguarded-start"], result
            path.unlink()


if __name__ == "__main__":
    main([int(argument) for argument in sys.argv[1:]] or SIZES_MB)
