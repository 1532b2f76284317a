"""Rule fixtures: every `# expect: CODE` comment is a finding, and every finding has its comment.

A fixture is a file under fixtures/ named ``<rule>_positive.py``,
``<rule>_negative.py`` or ``notebook_*.ipynb``. An expect comment sits on
the line that the finding reports; in a notebook that is the line of the
.ipynb file that holds the cell's source line. Files named ``helper_*.py``
are modules the fixtures import.
"""

import re
from pathlib import Path

import pytest

from loaderdoctor.check import check_paths

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXPECT = re.compile(r"#\s*expect:\s*(LD\d{3}(?:\s*,\s*LD\d{3})*)")
FIXTURE_NAME = re.compile(r"^(ld\d{3}_(positive|negative)\.py|notebook_\w+\.ipynb)$")


def fixture_files():
    return sorted(path for path in FIXTURES.iterdir() if FIXTURE_NAME.match(path.name))


def expected_findings(path):
    """Return ``{(file name, line, code)}`` from the expect comments of ``path``."""
    expected = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            for code in re.split(r"\s*,\s*", match.group(1)):
                expected.add((path.name, number, code))
    return expected


def reported_findings(path):
    result = check_paths([str(path)])
    assert result.errors == [], result.errors
    return {(Path(f.path).name, f.line, f.code) for f in result.findings}, result.findings


@pytest.mark.parametrize("fixture", fixture_files(), ids=lambda path: path.name)
def test_fixture_findings_match_comments(fixture):
    reported, findings = reported_findings(fixture)
    expected = expected_findings(fixture)

    missing = sorted(expected - reported)
    unexpected = sorted(reported - expected)
    messages = {(Path(f.path).name, f.line, f.code): f.message for f in findings}
    assert missing == [], f"expected but not reported: {missing}"
    assert unexpected == [], "reported without an expect comment: " + "; ".join(
        f"{where}: {messages[where]}" for where in unexpected)


def test_negative_fixtures_have_no_expectations():
    for fixture in fixture_files():
        if "negative" in fixture.name:
            assert expected_findings(fixture) == set(), fixture.name


def test_fixture_folder_is_complete():
    names = [path.name for path in fixture_files()]
    assert len(names) >= 14, names
