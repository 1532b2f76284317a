"""Benchmark ``loaderdoctor check`` against ruff, flake8 and a plain read of the same trees.

Not a test: it prints wall times, each time's ratio to ruff's, and peak
memory (maximum resident set size), all measured in one run so that the
ratios hold even on a noisy machine. Each command runs ``--repeat`` times and
the median is shown.

Trees: the installed torch package, and a generated project of 10,000 small
modules with a few cross-module chains (module-level calls into functions of
other modules that iterate a DataLoader with workers).

    python tests/benchmarks/bench_check.py [--repeat 3] [--modules 10000]

loaderdoctor runs with bytecode caching allowed (PYTHONDONTWRITEBYTECODE is
removed from its environment), as in an installed copy. Every Python start
pays for the ``.pth`` files of the interpreter's site-packages (an editable
install adds an import hook), so the table shows ``python -c pass`` too;
run the script from a virtual environment with loaderdoctor, ruff, flake8
and torch installed by pip to measure what users get.
"""

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

READ_ALL = (
    "import os, sys\n"
    "total = 0\n"
    "for folder, _, files in os.walk(sys.argv[1]):\n"
    "    for name in files:\n"
    "        if name.endswith('.py'):\n"
    "            with open(os.path.join(folder, name), 'rb') as handle:\n"
    "                total += len(handle.read())\n"
    "print(total)\n"
)


def measure(command, environment=None, cwd=None):
    """Run ``command``; return (seconds, peak resident memory in MiB)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment,
                               cwd=cwd)
    _, _, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    # ru_maxrss is in KiB on Linux and in bytes on macOS.
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return elapsed, peak


def median_of(command, repeat, environment=None, before=None, cwd=None):
    times, peaks = [], []
    for _ in range(repeat):
        if before is not None:
            before()
        seconds, peak = measure(command, environment, cwd)
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def generate_project(root, modules):
    """Write ``modules`` small modules in packages of 100, plus entry scripts with cross-module chains."""
    for index in range(modules):
        package = root / f"pkg{index // 100:03d}"
        if not package.exists():
            package.mkdir(parents=True)
            (package / "__init__.py").write_text("")
        body = textwrap.dedent(f"""\
            import math

            SCALE = {index % 7 + 1}


            def transform_{index}(values):
                return [math.sqrt(abs(v)) * SCALE for v in values]


            class Record{index}:
                def __init__(self, key):
                    self.key = key

                def describe(self):
                    return f"record {{self.key}}"
            """)
        if index % 1000 == 0:
            body += textwrap.dedent("""\

                from torch.utils.data import DataLoader


                def make_loader(workers=2):
                    return DataLoader(list(range(64)), batch_size=8, num_workers=workers)


                def run_epoch(loader):
                    return sum(1 for _ in loader)
                """)
        (package / f"mod{index:05d}.py").write_text(body)
    for chain in range(0, modules, 1000):
        package = f"pkg{chain // 100:03d}"
        (root / f"train_{chain:05d}.py").write_text(textwrap.dedent(f"""\
            from {package}.mod{chain:05d} import make_loader, run_epoch

            print(run_epoch(make_loader()))
            """))
    (root / "pyproject.toml").write_text("[project]\nname = 'generated'\n")


def describe_machine():
    import multiprocessing

    lines = [
        f"- Python {platform.python_version()} on {platform.system()} {platform.release()} ({platform.machine()})",
        f"- CPUs: {multiprocessing.cpu_count()}",
    ]
    try:
        with open("/proc/meminfo") as handle:
            total = int(handle.readline().split()[1]) // 1024
        lines.append(f"- memory: {total} MiB")
    except OSError:
        pass
    try:
        load = os.getloadavg()
        lines.append(f"- load average at start: {load[0]:.2f}")
    except OSError:
        pass
    lines.append(f"- loaderdoctor: {describe_install()}")
    return "\n".join(lines)


def describe_install():
    """Say how loaderdoctor is installed: an editable install adds an import hook to every Python start."""
    import json
    from importlib import metadata

    try:
        distribution = metadata.distribution("loaderdoctor")
    except metadata.PackageNotFoundError:
        return "not installed (run from the source folder)"
    origin = json.loads(distribution.read_text("direct_url.json") or "{}")
    mode = "editable install" if origin.get("dir_info", {}).get("editable") else "regular install"
    return f"{distribution.version}, {mode} in {sys.prefix}"


def tool_version(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=60).stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "not available"


def bench_tree(name, tree, repeat, environment, cache_dir):
    ruff = shutil.which("ruff")
    flake8 = [sys.executable, "-m", "flake8"]

    def clear_cache():
        shutil.rmtree(cache_dir, ignore_errors=True)

    results = []
    ruff_time = None
    if ruff:
        ruff_time, peak = median_of([ruff, "check", "--no-cache", "--select", "F401", "--quiet", str(tree)], repeat)
        results.append(("ruff check --no-cache --select F401", ruff_time, peak))
    check = [sys.executable, "-m", "loaderdoctor", "check", "--format", "concise", "--cache-dir", str(cache_dir),
             str(tree)]
    results.append(("loaderdoctor check, cold (empty cache)",
                    *median_of(check, repeat, environment, before=clear_cache)))
    median_of(check, 1, environment)  # fill the cache and save the report
    results.append(("loaderdoctor check, warm (saved report)", *median_of(check, repeat, environment)))
    # A command that differs from every earlier one has no saved report, so
    # it walks the tree and looks up each file's cache entry, as after an
    # edit. Varying an unused environment variable makes each run new.
    varied = dict(environment)

    def vary():
        varied["LOADERDOCTOR_BENCH_RUN"] = str(int(varied.get("LOADERDOCTOR_BENCH_RUN", "0")) + 1)

    results.append(("loaderdoctor check, warm (per-file cache only)",
                    *median_of(check, repeat, varied, before=vary)))
    results.append(("flake8 --select F401", *median_of(flake8 + ["--select", "F401", str(tree)], 1)))
    results.append(("plain read of every .py file", *median_of([sys.executable, "-c", READ_ALL, str(tree)], repeat)))
    results.append(("python -c pass (this interpreter's start-up)",
                    *median_of([sys.executable, "-c", "pass"], repeat, environment)))

    print(f"\n## {name}\n")
    print("| command | seconds | ratio to ruff | peak memory (MiB) |")
    print("|---|---:|---:|---:|")
    for label, seconds, peak in results:
        ratio = f"{seconds / ruff_time:.2f}" if ruff_time else "n/a"
        print(f"| {label} | {seconds:.3f} | {ratio} | {peak:.0f} |")
    return dict((label, seconds) for label, seconds, _ in results)


def bench_one_file(repeat, environment):
    script = Path(__file__).resolve().parents[2] / "examples" / "broken" / "train_softmax.py"
    baseline, _ = median_of([sys.executable, "-c", "import click, colorama"], repeat, environment)
    one, peak = median_of([sys.executable, "-m", "loaderdoctor", "check", "--no-cache", "--format", "concise",
                           str(script)], repeat, environment)
    print("\n## One file, as pre-commit runs it\n")
    print("| command | seconds | ratio to the start-up |")
    print("|---|---:|---:|")
    print(f"| python -c \"import click, colorama\" | {baseline:.3f} | 1.00 |")
    print(f"| loaderdoctor check --no-cache one file | {one:.3f} | {one / baseline:.2f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command; the median is shown")
    parser.add_argument("--modules", type=int, default=10000, help="modules in the generated project")
    parser.add_argument("--skip-torch", action="store_true", help="do not benchmark the installed torch package")
    arguments = parser.parse_args()

    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["LOADERDOCTOR_LANG"] = "en"
    # Compile loaderdoctor's bytecode once, as an installation does.
    subprocess.run([sys.executable, "-m", "loaderdoctor", "rule"], env=environment, capture_output=True)

    print("# check benchmark\n")
    print(describe_machine())
    print(f"- ruff: {tool_version(['ruff', '--version'])}")
    print(f"- flake8: {tool_version([sys.executable, '-m', 'flake8', '--version'])}")

    with tempfile.TemporaryDirectory(prefix="loaderdoctor-bench-") as scratch:
        scratch = Path(scratch)
        if not arguments.skip_torch:
            import importlib.util

            spec = importlib.util.find_spec("torch")
            if spec is None or not spec.submodule_search_locations:
                print("\ntorch is not installed: skipping the torch tree")
            else:
                tree = Path(list(spec.submodule_search_locations)[0])
                count = sum(1 for _ in tree.rglob("*.py"))
                bench_tree(f"torch package ({count} files, {tree})", tree, arguments.repeat, environment,
                           scratch / "cache-torch")
        project = scratch / "generated"
        generate_project(project, arguments.modules)
        # check saves no report while files are younger than the racy
        # window; a real project's files were not all written a moment ago.
        time.sleep(2.5)
        bench_tree(f"generated project ({arguments.modules} modules, {arguments.modules // 1000} chains)",
                   project, arguments.repeat, environment, scratch / "cache-generated")
        bench_one_file(max(arguments.repeat, 5), environment)


if __name__ == "__main__":
    main()
