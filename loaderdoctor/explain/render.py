"""Render diagnoses as text (full, concise) or JSON."""

import json

from loaderdoctor import kinds
from loaderdoctor.explain import checklink
from loaderdoctor.explain.paths import basename
from loaderdoctor.failures import ROLE_FRAME
from loaderdoctor.i18n import tr
from loaderdoctor.report.prose import INDENT, wrap_prose


def _role(location, first_frame):
    if location.role == ROLE_FRAME:
        return tr("explain.role.frame.first") if first_frame else tr("explain.role.frame")
    return tr("explain.role." + location.role)


def _where(failure):
    if not failure.locations:
        return [INDENT + tr("explain.where.none")]
    lines = []
    first_frame = True
    for location in failure.locations:
        label = _role(location, first_frame)
        if location.role == ROLE_FRAME:
            first_frame = False
        lines.append(INDENT + tr("explain.where.location", path=location.path, line=location.line, role=label))
        if location.text:
            lines.append(INDENT * 2 + location.text)
    return lines


def _check(failure):
    check = failure.extra.get("check")
    if not check:
        return []
    status = check["status"]
    if status == checklink.STATUS_MATCHED:
        lines = []
        for finding in check["findings"]:
            key = "explain.check.match" if finding["exact"] else "explain.check.related"
            text = tr(key, code=finding["code"], file=basename(finding["path"]), line=finding["line"],
                      message=finding["message"])
            lines.append(wrap_prose(text))
        return lines
    if status == checklink.STATUS_NO_MATCH:
        files = ", ".join(basename(path) for path in check["files"])
        return [wrap_prose(tr("explain.check.no_match", files=files))]
    if status == checklink.STATUS_NOT_FOUND:
        return [wrap_prose(tr("explain.check.not_found"))]
    if status == checklink.STATUS_FAILED:
        return [wrap_prose(tr("explain.check.failed", error=check.get("error", "")))]
    return [wrap_prose(tr("explain.check.unavailable"))]


def _count_line(failure):
    if failure.count <= 1:
        return None
    if failure.kind in (kinds.UNGUARDED_START, kinds.MISSING_IN_WORKER, kinds.START_METHOD_ALREADY_SET,
                        kinds.PAGING_FILE_TOO_SMALL):
        return tr("explain.count.workers", count=failure.count)
    return tr("explain.count.times", count=failure.count)


def render_failure(failure):
    lines = ["[%s] %s" % (failure.kind, failure.extra.get("title") or tr("kind.%s.title" % failure.kind))]
    lines.append(wrap_prose(failure.message, indent=""))
    count = _count_line(failure)
    if count:
        lines.append(wrap_prose(count, indent=""))

    lines += ["", tr("explain.heading.happened"), wrap_prose(tr("kind.%s.what" % failure.kind))]
    lines += ["", tr("explain.heading.why"), wrap_prose(tr("kind.%s.why" % failure.kind))]
    lines += ["", tr("explain.heading.where")] + _where(failure)

    if failure.consequences:
        lines += ["", tr("explain.heading.consequences")]
        for consequence in failure.consequences:
            lines.append(wrap_prose("- [%s] %s" % (consequence.kind, consequence.message), subsequent=INDENT + "  "))

    lines += ["", tr("explain.heading.fix"), wrap_prose(failure.fix)]

    check = _check(failure)
    if check:
        lines += ["", tr("explain.heading.check")] + check
    return "\n".join(lines)


def render_full(source, diagnosis):
    if not diagnosis.failures:
        return tr("explain.summary.none", source=source, lines=diagnosis.lines_read)
    count = len(diagnosis.failures)
    key = "explain.summary.found.one" if count == 1 else "explain.summary.found.other"
    parts = [tr(key, source=source, count=count)]
    for failure in diagnosis.failures:
        parts.append("")
        parts.append(render_failure(failure))
    if diagnosis.unlisted:
        parts += ["", tr("explain.summary.unlisted", count=diagnosis.unlisted)]
    return "\n".join(parts)


def render_concise(source, diagnosis):
    lines = []
    for failure in diagnosis.failures:
        if failure.locations:
            location = failure.locations[0]
            lines.append(tr("explain.concise.located", path=location.path, line=location.line,
                            kind=failure.kind, message=failure.message))
        else:
            lines.append(tr("explain.concise.unlocated", source=source, kind=failure.kind, message=failure.message))
    return "\n".join(lines)


def render_json(results):
    """Render all inputs as one JSON object; with several inputs, each failure names its log."""
    failures = []
    several = len(results) > 1
    for source, diagnosis in results:
        for failure in diagnosis.failures:
            data = failure.to_json()
            if several:
                data["log"] = source
            failures.append(data)
    payload = {"failures": failures}
    payload["logs"] = [{"log": source, "lines_read": diagnosis.lines_read, "failures": len(diagnosis.failures),
                        "unlisted": diagnosis.unlisted} for source, diagnosis in results]
    return json.dumps(payload, indent=2, ensure_ascii=False)
