"""``check --format github``: GitHub Actions workflow commands that annotate the changed lines.

One ``::error`` command per finding and per file that could not be checked.
The message keeps the chain and the help line on lines of their own, which
the annotation shows as written.
"""

from loaderdoctor.i18n import tr


def escape_data(text):
    # Workflow commands end at a newline, so message text encodes "%", CR and LF.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text):
    # Property values are also delimited by ":" and ",".
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(properties, message):
    fields = ",".join(f"{name}={escape_property(str(value))}" for name, value in properties if value is not None)
    return f"::error {fields}::{escape_data(message)}"


def _rule_name(code):
    from loaderdoctor.check.rules import load_rules

    rule = load_rules().get(code)
    return rule.name if rule else code


def _annotation(finding):
    path = finding.path.replace("\\", "/")
    title = tr("check.github.title", code=finding.code, name=_rule_name(finding.code))
    lines = [f"{finding.code} {finding.message}"]
    if finding.cell is not None:
        # In a notebook, finding.line is the line of the .ipynb file, which
        # is where the annotation belongs; the column would count within the cell.
        title += " - " + tr("check.github.cell", cell=finding.cell, line=finding.cell_line)
        properties = [("title", title), ("file", path), ("line", finding.line)]
    else:
        properties = [
            ("title", title),
            ("file", path),
            ("line", finding.line),
            ("col", finding.column),
            ("endLine", finding.end_line),
            ("endColumn", finding.end_column),
        ]
    if finding.chain:
        lines.append(tr("check.report.chain"))
        for origin in finding.chain:
            where = f"{origin.path}:{origin.line}"
            if origin.library:
                where += " " + tr("check.report.library")
            lines.append(f"  {where}  {origin.text}")
    if finding.help:
        lines.append(tr("check.report.help", help=finding.help))
    return _command(properties, "\n".join(lines))


def format_github(findings, errors, style=None):
    commands = [_annotation(finding) for finding in findings]
    for error in errors:
        message = error.reason
        if error.hint:
            message += "\n" + tr("check.report.help", help=error.hint)
        properties = [("title", "loaderdoctor"), ("file", error.path.replace("\\", "/")), ("line", error.line)]
        commands.append(_command(properties, message))
    return "\n".join(commands)
