"""``loaderdoctor probe`` without a script: the environment report.

The report covers the machine (CPUs, affinity, memory, swap or commit limit,
/dev/shm) and the interpreter (start method, torch, CUDA). It measures what
one spawned worker costs there (time and USS after importing torch) and
recommends a ``num_workers`` with its reason. A demonstration follows: a
bundled unguarded script fails under spawn and its guarded version works.
"""

import json
import os
import platform
import shutil
import subprocess
import sys

import psutil

from loaderdoctor.errors import InputError
from loaderdoctor.i18n import pad, tr
from loaderdoctor.probe import staging
from loaderdoctor.probe.diagnose import format_bytes
from loaderdoctor.probe.tree import ProcessTree, popen_options

# Share of the available memory that worker interpreters may take; the rest
# is left for the dataset, the model and the main process. A rule of thumb,
# not a measurement.
WORKER_MEMORY_SHARE = 0.5
CHILD_TIMEOUT_SECONDS = 300


# ---------------------------------------------------------------------------
# The machine, seen from loaderdoctor's own process


def _cgroup_limits():
    limits = {}
    try:
        with open("/sys/fs/cgroup/cpu.max") as handle:
            quota, period = handle.read().split()[:2]
        if quota != "max":
            limits["cpus"] = int(quota) / int(period)
    except (OSError, ValueError):
        pass
    try:
        with open("/sys/fs/cgroup/memory.max") as handle:
            value = handle.read().strip()
        if value != "max":
            limits["memory_bytes"] = int(value)
    except (OSError, ValueError):
        pass
    return limits


def _windows_commit():
    # GlobalMemoryStatusEx: ullTotalPageFile is the commit limit (RAM plus
    # paging files), ullAvailPageFile what can still be committed. psutil
    # has no public call for it.
    import ctypes
    from ctypes import wintypes

    class MemoryStatus(ctypes.Structure):
        _fields_ = [
            ("dwLength", wintypes.DWORD),
            ("dwMemoryLoad", wintypes.DWORD),
            ("ullTotalPhys", ctypes.c_ulonglong),
            ("ullAvailPhys", ctypes.c_ulonglong),
            ("ullTotalPageFile", ctypes.c_ulonglong),
            ("ullAvailPageFile", ctypes.c_ulonglong),
            ("ullTotalVirtual", ctypes.c_ulonglong),
            ("ullAvailVirtual", ctypes.c_ulonglong),
            ("ullAvailExtendedVirtual", ctypes.c_ulonglong),
        ]

    status = MemoryStatus()
    status.dwLength = ctypes.sizeof(MemoryStatus)
    if not ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):
        return None
    return {"limit_bytes": status.ullTotalPageFile, "available_bytes": status.ullAvailPageFile}


def host_facts():
    memory = psutil.virtual_memory()
    swap = psutil.swap_memory()
    process = psutil.Process()
    try:
        affinity = sorted(process.cpu_affinity())
    except (AttributeError, psutil.Error):
        affinity = None
    facts = {
        "os": platform.platform(),
        "logical_cpus": psutil.cpu_count(logical=True),
        "physical_cpus": psutil.cpu_count(logical=False),
        "affinity": affinity,
        "memory_total_bytes": memory.total,
        "memory_available_bytes": memory.available,
        "swap_total_bytes": swap.total,
        "swap_used_bytes": swap.used,
        "cgroup": _cgroup_limits(),
    }
    if sys.platform == "win32":
        facts["commit"] = _windows_commit()
    if sys.platform.startswith("linux"):
        try:
            facts["shm_total_bytes"] = shutil.disk_usage("/dev/shm").total
            facts["shm_free_bytes"] = shutil.disk_usage("/dev/shm").free
        except OSError:
            facts["shm_total_bytes"] = None
    return facts


# ---------------------------------------------------------------------------
# The interpreter and one spawned worker, measured in the interpreter itself


def _start_child(python, script, run_dir, arguments=()):
    try:
        return subprocess.Popen(
            [python, str(run_dir / script), *arguments],
            cwd=str(run_dir),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            **popen_options(),
        )
    except OSError as error:
        raise InputError(tr("probe.error.launch-failed", python=python, error=error)) from error


def interpreter_facts(python, run_dir):
    process = _start_child(python, "_loaderdoctor_envinfo.py", run_dir)
    tree = ProcessTree(process.pid)
    try:
        stdout, stderr = process.communicate(timeout=CHILD_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        stdout, stderr = b"", b"timed out"
    finally:
        tree.kill_all()
    try:
        return json.loads(stdout.decode("utf-8").strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise InputError(tr("probe.error.envinfo-failed", python=python,
                            detail=stderr.decode("utf-8", "replace").strip()[-500:]))


def measure_worker(python, run_dir, method="spawn"):
    """Start one worker that imports torch; return its start time and USS."""
    process = _start_child(python, "_loaderdoctor_workercost.py", run_dir, [method])
    tree = ProcessTree(process.pid)
    try:
        line = process.stdout.readline().decode("utf-8", "replace").strip()
        tree.scan()
        try:
            report = json.loads(line)
        except ValueError:
            report = {"error": process.stderr.read(4000).decode("utf-8", "replace").strip() or "no output"}
        if report.get("pid"):
            report["uss_bytes"] = tree.memory(report["pid"])
        try:
            process.stdin.write(b"\n")
            process.stdin.flush()
        except OSError:
            pass
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
        return report
    finally:
        tree.kill_all()


# ---------------------------------------------------------------------------
# Recommendation


def recommend_workers(usable_cpus, available_bytes, worker_uss, cgroup_cpus=None):
    """Return ``(num_workers, reason_key, fields)``.

    One CPU stays with the main process (the training step); workers beyond
    the other CPUs only compete for them. Each spawned worker contains its own
    interpreter and torch (``worker_uss``), so the workers together should fit
    in WORKER_MEMORY_SHARE of the available memory.
    """
    cpus = usable_cpus or 1
    if cgroup_cpus:
        cpus = min(cpus, max(1, int(cgroup_cpus)))
    cpu_limit = cpus - 1 if cpus > 1 else 0
    fields = {"cpus": cpus, "cpu_limit": cpu_limit}
    if worker_uss:
        memory_limit = int(available_bytes * WORKER_MEMORY_SHARE // worker_uss)
        fields.update(memory_limit=memory_limit, uss=format_bytes(worker_uss), available=format_bytes(available_bytes))
        if memory_limit < cpu_limit:
            return memory_limit, "probe.env.reason-memory", fields
    if cpu_limit == 0:
        return 0, "probe.env.reason-one-cpu", fields
    return cpu_limit, "probe.env.reason-cpu", fields


def start_method_implication(method):
    key = "probe.env.implies.%s" % method
    return tr(key) if method in ("spawn", "fork", "forkserver") else ""


# ---------------------------------------------------------------------------
# The report


def environment_report(python, timeout=None, demo=True, progress=None):
    run_dir = staging.make_run_dir()
    try:
        interpreter = interpreter_facts(python, run_dir)
        if "error" in interpreter.get("torch", {}):
            raise InputError(tr("probe.error.no-torch", python=python, error=interpreter["torch"]["error"]))
        worker = measure_worker(python, run_dir)
    finally:
        staging.remove_run_dir(run_dir)

    host = host_facts()
    usable = len(host["affinity"]) if host["affinity"] else (interpreter.get("usable_cpus") or host["logical_cpus"])
    number, reason_key, fields = recommend_workers(
        usable, host["memory_available_bytes"], worker.get("uss_bytes"), host["cgroup"].get("cpus"))
    report = {
        "failures": [],
        "host": host,
        "interpreter": interpreter,
        "worker_cost": worker,
        "recommended_num_workers": number,
        "recommendation_reason": tr(reason_key, **fields),
        "start_method_implication": start_method_implication(interpreter.get("start_method_default")),
    }
    if demo:
        report["demo"] = run_demo(python, timeout, progress)
        report["demo_unexpected"] = not (report["demo"]["unguarded"]["reproduced"] and report["demo"]["guarded"]["ok"])
    return report


def run_demo(python, timeout, progress):
    from loaderdoctor.probe import probe_script

    results = {}
    for name, script in (("unguarded", "demo_unguarded.py"), ("guarded", "demo_guarded.py")):
        report = probe_script(staging.demo_script(script), python=python, timeout=timeout, progress=progress,
                              static_check=False)
        results[name] = {
            "script": report["script"],
            "outcome": report["outcome"],
            "failures": report["failures"],
            "duration_seconds": report["duration_seconds"],
            "workers": report["workers"],
            "reproduced": any(failure["kind"] == "unguarded-start" for failure in report["failures"]),
            "ok": report["outcome"] == "ok",
        }
    return results


def render_environment(report, style):
    host = report["host"]
    interpreter = report["interpreter"]
    torch_facts = interpreter.get("torch", {})
    worker = report["worker_cost"]
    lines = [style.bold(tr("probe.env.title"))]

    def row(label_key, value):
        lines.append("  %s %s" % (pad(tr(label_key), 28), value))

    row("probe.env.os", host["os"])
    row("probe.env.python", "%s (%s)" % (interpreter.get("python"), interpreter.get("executable")))
    row("probe.env.torch", "%s, %s" % (
        torch_facts.get("version"),
        tr("probe.env.cuda-yes", devices=", ".join(torch_facts.get("cuda_devices") or []))
        if torch_facts.get("cuda_available") else tr("probe.env.cuda-no")))
    method = interpreter.get("start_method_default")
    row("probe.env.start-method", "%s (%s)" % (method, ", ".join(interpreter.get("start_methods") or [])))
    lines.append("      " + report["start_method_implication"])
    row("probe.env.cpus", tr("probe.env.cpus-value", logical=host["logical_cpus"], physical=host["physical_cpus"],
                             affinity=len(host["affinity"]) if host["affinity"] else "?"))
    row("probe.env.memory", tr("probe.env.memory-value", available=format_bytes(host["memory_available_bytes"]),
                               total=format_bytes(host["memory_total_bytes"])))
    if host.get("commit"):
        row("probe.env.commit", tr("probe.env.memory-value", available=format_bytes(host["commit"]["available_bytes"]),
                                   total=format_bytes(host["commit"]["limit_bytes"])))
    else:
        row("probe.env.swap", tr("probe.env.swap-value", used=format_bytes(host["swap_used_bytes"]),
                                 total=format_bytes(host["swap_total_bytes"])))
    if "shm_total_bytes" in host:
        row("probe.env.shm", tr("probe.env.memory-value", available=format_bytes(host.get("shm_free_bytes")),
                                total=format_bytes(host.get("shm_total_bytes"))))
    if worker.get("error"):
        row("probe.env.worker-cost", worker["error"])
    else:
        cost = tr("probe.env.worker-cost-value", seconds="%.1f" % worker["seconds"],
                  uss=format_bytes(worker.get("uss_bytes")))
        row("probe.env.worker-cost", cost)
    lines.append("")
    lines.append(style.bold(tr("probe.env.recommended", number=report["recommended_num_workers"])))
    lines.append("  " + report["recommendation_reason"])

    demo = report.get("demo")
    if demo:
        lines.append("")
        lines.append(style.bold(tr("probe.env.demo-title")))
        unguarded = demo["unguarded"]
        failure = unguarded["failures"][0] if unguarded["failures"] else None
        if failure:
            where = ", ".join("%s:%s" % (os.path.basename(location["path"]), location["line"])
                              for location in failure["locations"])
            lines.append("  " + tr("probe.env.demo-unguarded", kind=failure["kind"], where=where,
                                   seconds="%.1f" % unguarded["duration_seconds"]))
        else:
            lines.append("  " + style.red(tr("probe.env.demo-unguarded-missing", outcome=unguarded["outcome"])))
        guarded = demo["guarded"]
        key = "probe.env.demo-guarded" if guarded["ok"] else "probe.env.demo-guarded-failed"
        text = tr(key, outcome=guarded["outcome"], seconds="%.1f" % guarded["duration_seconds"])
        lines.append("  " + (style.green(text) if guarded["ok"] else style.red(text)))
        lines.append("  " + tr("probe.env.demo-files", unguarded=unguarded["script"], guarded=guarded["script"]))
    return "\n".join(lines)
