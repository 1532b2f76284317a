"""``check --statistics``: the number of findings per rule, most frequent first."""

import json
from collections import Counter

from loaderdoctor.i18n import tr


def count_by_code(findings):
    """Return ``[(code, name, count)]`` sorted by count (descending), then code."""
    from loaderdoctor.check.rules import load_rules

    rules = load_rules()
    counts = Counter(finding.code for finding in findings)
    rows = []
    for code, count in counts.items():
        rule = rules.get(code)
        rows.append((code, rule.name if rule else "", count))
    rows.sort(key=lambda row: (-row[2], row[0]))
    return rows


def format_statistics(findings, output_format="full"):
    rows = count_by_code(findings)
    if output_format == "json":
        return json.dumps([{"code": code, "name": name, "count": count} for code, name, count in rows], indent=2)
    if not rows:
        return tr("check.statistics.none")
    width = max(len(str(count)) for _, _, count in rows)
    return "\n".join(f"{str(count).rjust(width)}  {code}  {name}" for code, name, count in rows)
