"""``check --format sarif``: SARIF 2.1.0 for code scanning services.

Each run describes every registered rule (name, summary, documentation as
help text, failure kind) and one result per finding. The finding's chain
becomes a code flow from the module-level statement to the worker start, and
the lines that set ``num_workers`` become related locations. Files that could
not be checked are tool execution notifications, and they mark the run as
not successful.

Relative paths are written relative to ``%SRCROOT%``, which is the current
folder, so code scanning resolves them against the checkout when check runs
from the repository root. Lines of library stubs have no file on disk and are
given as logical locations (the module's dotted name).
"""

import json
import os
from pathlib import Path, PurePath
from urllib.parse import quote

from loaderdoctor import __version__
from loaderdoctor.i18n import has_message, tr

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
SOURCE_ROOT = "%SRCROOT%"


def format_sarif(findings, errors, style=None):
    from loaderdoctor.check.rules import load_rules

    rules = load_rules()
    codes = list(rules)
    for finding in findings:
        if finding.code not in codes:
            codes.append(finding.code)

    run = {
        "tool": {
            "driver": {
                "name": "loaderdoctor",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(code, rules.get(code)) for code in codes],
            }
        },
        "invocations": [_invocation(errors)],
        "originalUriBaseIds": {SOURCE_ROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(finding, codes.index(finding.code)) for finding in findings],
    }
    document = {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False)


def _text(key, fallback=""):
    return tr(key) if has_message(key) else fallback


def _rule(code, rule):
    name = rule.name if rule else code
    kind = rule.kind if rule else None
    kind_title = _text(f"kind.{kind}.title") if kind else ""
    summary = _text(f"rule.{code}.summary", kind_title or name)
    documentation = _text(f"rule.{code}.doc")
    fix = _text(f"check.{code}.help")
    help_text = documentation or "\n\n".join(part for part in (_text(f"kind.{kind}.what"), fix) if part) or summary

    descriptor = {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": _first_section(documentation) or _text(f"kind.{kind}.what", summary)},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": "error"},
    }
    if kind:
        descriptor["properties"] = {"kind": kind, "tags": ["spawn", "multiprocessing", "DataLoader"]}
    return descriptor


def _first_section(documentation):
    """Return the text under the first ``## `` heading of a rule's documentation."""
    body = []
    inside = False
    for line in (documentation or "").splitlines():
        if line.startswith("## "):
            if inside:
                break
            inside = True
            continue
        if inside:
            body.append(line)
    return "\n".join(body).strip()


def artifact_location(path):
    """Return a SARIF ``artifactLocation`` for a path as check shows it."""
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": Path(path).as_uri()}
    posix = pure.as_posix()
    if posix.startswith("../"):
        return {"uri": Path(os.path.abspath(path)).as_uri()}
    return {"uri": quote(posix), "uriBaseId": SOURCE_ROOT}


def _region(line, column=None, end_line=None, end_column=None):
    region = {"startLine": max(int(line), 1)}
    if column:
        region["startColumn"] = int(column)
    if end_line and end_line >= line:
        region["endLine"] = int(end_line)
        if end_column and (end_line > line or end_column > (column or 0)):
            region["endColumn"] = int(end_column)
    return region


def _link_location(origin, message=None):
    if origin.library and not os.path.isfile(origin.path):
        location = {
            "logicalLocations": [{"fullyQualifiedName": origin.path, "kind": "module"}],
            "message": {"text": tr("check.sarif.library", module=origin.path, text=f"{origin.line}: {origin.text}")},
        }
        return location
    location = {
        "physicalLocation": {
            "artifactLocation": artifact_location(origin.path),
            "region": _region(origin.line, origin.column or None),
        },
        "message": {"text": message or origin.text or f"{origin.path}:{origin.line}"},
    }
    return location


def _result(finding, rule_index):
    physical = {"artifactLocation": artifact_location(finding.path)}
    properties = {"kind": finding.kind}
    if finding.cell is not None:
        # In a notebook, finding.line is the line of the .ipynb file (JSON)
        # that contains the code. Its column would count within the cell's code,
        # so the region gives the line only, and the cell goes in properties.
        properties["cell"] = finding.cell
        properties["cellLine"] = finding.cell_line
        physical["region"] = _region(finding.line)
    else:
        physical["region"] = _region(finding.line, finding.column, finding.end_line, finding.end_column)
    if finding.help:
        properties["help"] = finding.help
    if finding.value_text:
        properties["numWorkers"] = finding.value_text

    result = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": finding.severity if finding.severity in ("error", "warning", "note") else "error",
        "kind": "fail",
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": physical}],
        "properties": properties,
    }
    if finding.chain:
        result["codeFlows"] = [
            {"threadFlows": [{"locations": [{"location": _link_location(origin)} for origin in finding.chain]}]}
        ]
    if finding.value_sources:
        note = tr("check.report.num-workers", value=finding.value_text)
        result["relatedLocations"] = [
            dict(_link_location(origin, f"{note} {origin.text}"), id=index)
            for index, origin in enumerate(finding.value_sources, start=1)
        ]
    return result


def _invocation(errors):
    notifications = []
    for error in errors:
        notification = {
            "level": "error",
            "message": {"text": tr("check.sarif.unreadable", path=error.path, reason=error.reason)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": artifact_location(error.path),
                        **({"region": _region(error.line)} if error.line else {}),
                    }
                }
            ],
        }
        if error.hint:
            notification["message"]["text"] += "\n" + tr("check.report.help", help=error.hint)
        notifications.append(notification)
    invocation = {"executionSuccessful": not errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return invocation
