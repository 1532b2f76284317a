"""The link from explain to ``loaderdoctor check``: which LD finding names the same failure.

Kept in one function so that explain works, and says so, when check is
missing from an installation or fails on a file.
"""

import os

from loaderdoctor import kinds

STATUS_MATCHED = "matched"
STATUS_NO_MATCH = "no-match"
STATUS_NOT_FOUND = "not-found"
STATUS_UNAVAILABLE = "unavailable"
STATUS_FAILED = "failed"


def _same_path(first, second):
    try:
        return os.path.samefile(first, second)
    except OSError:
        return os.path.normcase(os.path.abspath(first)) == os.path.normcase(os.path.abspath(second))


def _places(finding):
    places = [(str(finding.path), finding.line)]
    for link in finding.chain or ():
        places.append((str(link.path), link.line))
    return places


def match_findings(failure_kind, local_locations, findings):
    """Return ``[(finding, exact)]`` for the findings of ``failure_kind`` in the failure's files.

    ``local_locations`` are ``(local path, line)`` pairs of the failure. A
    finding is exact when its line, or a line of its call chain, is one of
    them; other findings of the same kind in the same files follow.
    """
    matches = []
    for finding in findings:
        if finding.kind != failure_kind:
            continue
        places = _places(finding)
        exact = any(line == location_line and _same_path(path, location_path)
                    for path, line in places for location_path, location_line in local_locations)
        in_files = any(_same_path(str(finding.path), location_path) for location_path, _ in local_locations)
        if exact or in_files:
            matches.append((finding, exact))
    matches.sort(key=lambda item: not item[1])
    return matches


def annotate(failures, locate_file):
    """Run check on the user's files of each failure whose kind has LD rules; store the result in ``extra["check"]``.

    ``locate_file(path)`` maps a path printed in the log to a file on this
    machine, or None.
    """
    targets = []
    for failure in failures:
        if not kinds.KINDS[failure.kind].rules:
            continue
        local = []
        for location in failure.locations:
            found = locate_file(location.path)
            if found is not None:
                local.append((str(found), location.line))
        targets.append((failure, local))
    if not targets:
        return

    try:
        from loaderdoctor.check import check_paths
    except ImportError:
        for failure, _ in targets:
            failure.extra["check"] = {"status": STATUS_UNAVAILABLE}
        return

    files = []
    for _, local in targets:
        for path, _ in local:
            if path not in files:
                files.append(path)
    findings = []
    error = None
    if files:
        try:
            findings = list(check_paths(files).findings)
        except Exception as exception:  # noqa: BLE001 - explain's own answer stands without the static check
            error = "%s: %s" % (type(exception).__name__, exception)

    for failure, local in targets:
        if not local:
            failure.extra["check"] = {"status": STATUS_NOT_FOUND}
            continue
        if error is not None:
            failure.extra["check"] = {"status": STATUS_FAILED, "error": error}
            continue
        matches = match_findings(failure.kind, local, findings)
        checked = []
        for path, _ in local:
            if path not in checked:
                checked.append(path)
        if not matches:
            failure.extra["check"] = {"status": STATUS_NO_MATCH, "files": checked}
            continue
        failure.extra["check"] = {
            "status": STATUS_MATCHED,
            "files": checked,
            "findings": [{"code": finding.code, "path": str(finding.path), "line": finding.line,
                          "message": finding.message, "exact": exact} for finding, exact in matches],
        }
