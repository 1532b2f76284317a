"""``loaderdoctor probe``: run a script with spawned DataLoader workers and explain what happens.

``probe_script`` is the public entry point. It runs the script in a child
interpreter with the start method forced (spawn by default), follows its
loaders and workers through instrumentation that the child loads from a
temporary folder, stops after the first batches, kills the whole process
tree, and returns a JSON-ready report whose ``failures`` use the shared
failure kinds. This package is the only part of loaderdoctor that imports
psutil.
"""

from pathlib import Path

from loaderdoctor.i18n import tr

PROBE_ERROR = "probe-error"


def probe_script(script, args=(), python=None, start_method="spawn", batches=1, full=False, timeout=None,
                 progress=None, static_check=True):
    """Run ``script`` under the probe and return the report dict (see DESIGN's JSON contract)."""
    import sys

    from loaderdoctor.probe.diagnose import diagnose
    from loaderdoctor.probe.integration import compare_with_check, explain_text
    from loaderdoctor.probe.runner import ProbeSettings, run_probe
    from loaderdoctor.probe.summary import summarize

    script = Path(script).resolve()
    settings = ProbeSettings(
        script=script,
        args=list(args),
        python=python or sys.executable,
        start_method=start_method,
        batches=batches,
        full=full,
        timeout=timeout,
        progress=progress,
    )
    result = run_probe(settings)
    failures = diagnose(result, script, text_analyzer=explain_text)
    loaders, workers, others = summarize(result.events, result.memory)
    start = next((record for record in result.events if record.get("event") == "script-start"), None)
    torch_record = next((record for record in result.events if record.get("event") == "torch-imported"), {})

    outcome, script_error = _outcome(result, failures, start)
    report = {
        "failures": [failure.to_json() for failure in failures],
        "outcome": outcome,
        "script": str(script),
        "args": list(args),
        "python": settings.python,
        "python_version": start.get("python") if start else None,
        "torch_version": torch_record.get("version"),
        "start_method": start_method,
        "batches": None if full else batches,
        "exit_code": result.returncode,
        "stop_reason": result.stop_reason,
        "duration_seconds": round(result.duration, 3),
        "timeout_seconds": round(result.quiet_limit, 1) if result.quiet_limit else None,
        "loaders": loaders,
        "workers": workers,
        "other_processes": others,
        "process_count": len(result.processes),
        "processes": result.processes,
        "leftover_processes": result.survivors,
        "stacks": {str(pid): text for pid, text in result.stacks.items()},
        "script_error": script_error,
        "stdout": result.stdout,
        "stderr": result.stderr,
        "run_marker": result.marker,
        "events": result.events,
    }
    if static_check:
        static = compare_with_check(script, failures)
        report["static_analysis"] = static
        report["static_analysis_agreed"] = static["agreed"]
    return report


def _outcome(result, failures, start):
    """Return ``(outcome, script_error)``: ok, failed, script-failed or probe-error."""
    error = next((record for record in result.events if record.get("event") == "script-error"), None)
    script_error = "%s: %s" % (error["error_type"], error["error"]) if error else None
    if start is None:
        detail = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "exit code %s" % result.returncode
        return PROBE_ERROR, tr("probe.error.child-did-not-start", detail=detail)
    if result.survivors:
        return PROBE_ERROR, script_error
    if failures:
        return "failed", script_error
    if error and error["error_type"] in ("ModuleNotFoundError", "ImportError") and not any(
        record.get("event") == "loader-created" for record in result.events
    ):
        return PROBE_ERROR, script_error
    if result.stop_reason != "exited" or result.returncode != 0:
        return "script-failed", script_error
    return "ok", None
