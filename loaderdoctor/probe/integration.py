"""The probe's two links to the other ways in: ``explain`` for text, ``check`` for source.

Each link is one small function, so the probe keeps working while either
side is missing or fails, and the probe's own reading of the run remains.
"""

import os
import threading

from loaderdoctor import kinds

# check keeps per-process caches; probes running in threads (the tests,
# the environment report's demonstration) take turns.
_check_lock = threading.Lock()


def explain_text(text, source_dir):
    """Return the failures ``loaderdoctor explain`` finds in ``text`` (empty when explain is unavailable)."""
    try:
        from loaderdoctor.explain import analyze_text
    except ImportError:
        return []
    # NOTE: explain's failures only fill in kinds the probe did not find
    # itself (see ``diagnose``); the probe's locations come from the run.
    return list(analyze_text(text, source_dir=source_dir).failures)


def _same_file(first, second):
    try:
        return os.path.samefile(first, second)
    except OSError:
        return os.path.normcase(os.path.abspath(first)) == os.path.normcase(os.path.abspath(second))


def _finding_json(finding):
    return {
        "code": finding.code,
        "path": str(finding.path),
        "line": finding.line,
        "kind": finding.kind,
        "message": finding.message,
        "chain": [{"path": str(link.path), "line": link.line, "text": link.text} for link in (finding.chain or [])],
    }


def _matches(finding, failure):
    if finding["kind"] != failure.kind:
        return False
    lines = [(link["path"], link["line"]) for link in finding["chain"]]
    lines.append((finding["path"], finding["line"]))
    for location in failure.locations:
        for path, line in lines:
            if line == location.line and _same_file(path, location.path):
                return True
    return False


def compare_with_check(script, failures):
    """Run ``loaderdoctor check`` on the script and report whether it found the reproduced failures.

    ``agreed`` is True when every reproduced cause has a finding of the same
    kind at one of its lines (or with that line in the finding's chain), or
    when neither side found anything; None when check could not run.
    """
    try:
        from loaderdoctor.check import check_paths
    except ImportError:
        return {"available": False, "agreed": None, "findings": [], "error": "loaderdoctor.check is not available"}
    try:
        with _check_lock:
            result = check_paths([str(script)])
    except Exception as error:  # noqa: BLE001 - the probe's verdict stands without the static check
        return {"available": False, "agreed": None, "findings": [], "error": "%s: %s" % (type(error).__name__, error)}

    findings = [_finding_json(finding) for finding in result.findings]
    causes = [failure for failure in failures if not kinds.KINDS[failure.kind].consequence]
    if not causes:
        agreed = not findings
        matched = []
    else:
        matched = [any(_matches(finding, failure) for finding in findings) for failure in causes]
        agreed = all(matched)
    return {"available": True, "agreed": agreed, "findings": findings, "matched": matched}
