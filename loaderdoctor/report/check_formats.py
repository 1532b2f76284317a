"""Rendering check findings: ``full``, ``concise`` and ``json``.

Further formats register themselves in ``FORMATTERS``; each takes the list of
findings, the list of unreadable files and a ``Style`` and returns the text.
"""

from loaderdoctor.i18n import tr


def location(finding):
    if finding.cell is not None:
        return f"{finding.path}:cell {finding.cell}:{finding.cell_line}:{finding.column}"
    return f"{finding.path}:{finding.line}:{finding.column}"


def format_concise(findings, errors, style):
    lines = []
    for finding in findings:
        lines.append(f"{style.bold(location(finding))}: {style.red(finding.code)} {finding.message}")
    return "\n".join(lines)


def _link_line(origin, width):
    where = f"{origin.path}:{origin.line}"
    if origin.library:
        where += " " + tr("check.report.library")
    return f"{where.ljust(width)}  {origin.text}"


# Headings for chains that end somewhere other than a worker start.
CHAIN_HEADINGS = {
    "LD002": "check.report.chain-process",
    "LD006": "check.report.chain-start-method",
}


def format_full(findings, errors, style):
    blocks = []
    for finding in findings:
        lines = [f"{style.bold(location(finding))}: {style.red(finding.code)} {finding.message}"]

        if finding.chain:
            lines.append(style.blue("  = ") + tr(CHAIN_HEADINGS.get(finding.code, "check.report.chain")))
            width = max(len(f"{o.path}:{o.line}") + (len(tr('check.report.library')) + 1 if o.library else 0)
                        for o in finding.chain)
            for index, origin in enumerate(finding.chain):
                marker = style.red("->") if index == len(finding.chain) - 1 else "  "
                lines.append(f"    {marker} {style.cyan(_link_line(origin, width))}")

        if finding.value_text or finding.value_sources:
            lines.append(style.blue("  = ") + tr("check.report.num-workers", value=finding.value_text))
            if finding.value_sources:
                width = max(len(f"{o.path}:{o.line}") + (len(tr('check.report.library')) + 1 if o.library else 0)
                            for o in finding.value_sources)
                for origin in finding.value_sources:
                    lines.append(f"       {style.cyan(_link_line(origin, width))}")

        if finding.help:
            lines.append(style.blue("  = ") + style.green(tr("check.report.help", help=finding.help)))
        if finding.fix is not None:
            lines.append(style.blue("  = ") + finding.fix.describe())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def format_json(findings, errors, style):
    import json

    return json.dumps([finding.to_json() for finding in findings], indent=2, ensure_ascii=False)


def format_sarif(findings, errors, style):
    from loaderdoctor.report.sarif import format_sarif as render

    return render(findings, errors, style)


def format_github(findings, errors, style):
    from loaderdoctor.report.github import format_github as render

    return render(findings, errors, style)


FORMATTERS = {
    "full": format_full,
    "concise": format_concise,
    "json": format_json,
    "sarif": format_sarif,
    "github": format_github,
}


def summary(findings, errors, files_checked):
    parts = []
    if findings:
        parts.append(tr("check.report.found", count=len(findings)))
    else:
        parts.append(tr("check.report.clean", files=files_checked))
    if errors:
        parts.append(tr("check.report.unreadable", count=len(errors)))
    text = parts[0]
    for part in parts[1:]:
        text = tr("check.summary.join", first=text, second=part)
    return text


def format_error(error, style):
    where = error.path if error.line is None else f"{error.path}:{error.line}"
    label = style.red(tr("check.error.label"))
    text = f"{style.bold(where)}: " + tr("check.error.line", label=label, reason=error.reason)
    if error.hint:
        text += "\n  " + tr("check.report.help", help=error.hint)
    return text
