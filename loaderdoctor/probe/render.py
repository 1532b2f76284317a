"""Text output of ``loaderdoctor probe`` (the JSON output is the report dict itself)."""

import os

from loaderdoctor.i18n import has_message, tr
from loaderdoctor.probe.diagnose import format_bytes
from loaderdoctor.report.prose import wrap_prose


def _seconds(value):
    return "-" if value is None else "%.1f s" % value


def _short(path, base):
    if not path:
        return "?"
    try:
        relative = os.path.relpath(path, base)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


def render_run(report, style):
    base = os.path.dirname(report["script"])
    lines = [style.bold(tr(
        "probe.text.title",
        script=_short(report["script"], os.getcwd()),
        python=report.get("python_version") or "?",
        method=report["start_method"],
    ))]

    lines.extend(_render_loaders(report, base))
    others = report.get("other_processes") or []
    if others:
        lines.append(tr("probe.text.other-processes", count=len(others),
                        targets=", ".join(sorted({entry.get("target") or "?" for entry in others}))))
    lines.append("")
    lines.extend(_render_failures(report, base, style))
    lines.extend(_render_static(report, base, style))
    lines.append(_render_run_line(report))
    return "\n".join(lines)


def _render_loaders(report, base):
    lines = []
    workers_by_iteration = {}
    for worker in report["workers"]:
        workers_by_iteration.setdefault(worker.get("iteration"), []).append(worker)
    if not report["loaders"]:
        lines.append(tr("probe.text.no-loaders"))
    for loader in report["loaders"]:
        lines.append(tr(
            "probe.text.loader",
            where="%s:%s" % (_short(loader["path"], base), loader["line"]),
            workers=loader["num_workers"],
            batch_size=loader["batch_size"],
        ))
        for iteration in loader["iterations"]:
            lines.append("  " + tr(
                "probe.text.iteration",
                where="%s:%s" % (_short(iteration["path"], base), iteration["line"]),
                method=iteration.get("start_method") or "-",
                first=_seconds(iteration.get("first_batch_seconds")),
            ))
            for worker in sorted(workers_by_iteration.get(iteration["id"], []), key=lambda item: item["worker_id"]):
                lines.append("    " + tr(
                    "probe.text.worker",
                    id=worker["worker_id"],
                    pid=worker["pid"],
                    ready=_seconds(worker.get("ready_seconds")),
                    first=_seconds(worker.get("first_batch_seconds")),
                    uss=format_bytes(worker.get("uss_bytes")) if worker.get("uss_bytes") else "-",
                    pickled=format_bytes(worker.get("pickled_bytes")),
                ))
    return lines


def _render_failures(report, base, style):
    failures = report["failures"]
    lines = []
    if not failures:
        if report["outcome"] == "ok":
            lines.append(style.green(tr("probe.text.ok")))
        else:
            lines.append(style.red(tr("probe.text.script-failed", code=report["exit_code"])))
            if report.get("script_error"):
                lines.append("  " + report["script_error"])
        return lines

    lines.append(style.red(tr("probe.text.failed", count=len(failures))))
    for failure in failures:
        title = failure["kind"]
        count = failure.get("count", 1)
        if count > 1:
            title += " " + tr("probe.text.times", count=count)
        lines.append("")
        # Styles are applied after wrapping, so that escape codes do not count as columns.
        message = wrap_prose(title + ": " + failure["message"], indent="", subsequent="  ")
        lines.append(style.bold(title) + message[len(title):])
        for roles, location in _merged_locations(failure["locations"]):
            lines.append("  %s %s:%s  %s" % (
                roles, _short(location["path"], base), location["line"], location.get("text", "")))
        for evidence in failure.get("evidence", [])[:4]:
            lines.append("  | " + evidence.splitlines()[0][:200] if evidence else "")
        if failure.get("hang"):
            lines.append("  " + tr("probe.text.hang"))
        first, _, rest = failure["fix"].partition("\n")
        label = tr("probe.text.help")
        helped = wrap_prose(label + " " + first, indent="  ", subsequent="    ")
        lines.append("  " + style.cyan(label) + helped[2 + len(label):])
        # The rest of the help (paragraphs, a code example) stays under it.
        if rest.strip():
            lines.append(wrap_prose(rest))
        consequences = failure.get("consequences") or []
        if consequences:
            names = ", ".join(sorted({item["kind"] for item in consequences}))
            lines.append("  " + tr("probe.text.consequences", kinds=names))
    if report.get("stacks"):
        lines.append("")
        lines.append(tr("probe.text.stacks", count=len(report["stacks"])))
        for pid, text in sorted(report["stacks"].items()):
            lines.append("  pid %s:" % pid)
            for stack_line in text.strip().splitlines()[:25]:
                lines.append("    " + stack_line)
    return lines


def _merged_locations(locations):
    """Show a line once, with all its roles (a module-level loop is also the worker start)."""
    merged = {}
    for location in locations:
        key = (location["path"], location["line"])
        if key in merged:
            merged[key][0].append(location["role"])
        else:
            merged[key] = ([location["role"]], location)
    separator = tr("probe.role.separator")
    return [(separator.join(_role_label(role) for role in roles) + ":", location)
            for roles, location in merged.values()]


def _role_label(role):
    key = "probe.role." + role
    return tr(key) if has_message(key) else role


def _render_static(report, base, style):
    static = report.get("static_analysis")
    if not static:
        return []
    lines = [""]
    if not static["available"]:
        lines.append(tr("probe.text.static-unavailable", error=static.get("error") or "?"))
        return lines
    findings = ", ".join(
        "%s %s:%s" % (finding["code"], _short(finding["path"], base), finding["line"]) for finding in static["findings"]
    ) or tr("probe.text.static-none")
    key = "probe.text.static-agreed" if static["agreed"] else "probe.text.static-disagreed"
    text = tr(key, findings=findings)
    lines.append(style.green(text) if static["agreed"] else style.yellow(text))
    return lines


def _render_run_line(report):
    reasons = {
        "exited": tr("probe.stop.exited"),
        "failure-seen": tr("probe.stop.failure-seen"),
        "timeout": tr("probe.stop.timeout", seconds="%.0f" % (report.get("timeout_seconds") or 0)),
    }
    line = tr(
        "probe.text.run",
        code=report["exit_code"],
        seconds="%.1f" % report["duration_seconds"],
        reason=reasons.get(report["stop_reason"], report["stop_reason"]),
        processes=report["process_count"],
    )
    if report.get("leftover_processes"):
        line += "\n" + tr("probe.text.leftovers", pids=", ".join(str(pid) for pid in report["leftover_processes"]))
    else:
        line += " " + tr("probe.text.no-leftovers")
    return "\n" + line
