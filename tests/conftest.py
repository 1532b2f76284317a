import os
import re
import tempfile
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
# The shared reproductions sit next to the repository; LOADERDOCTOR_SHARED_DIR
# points the tests at another copy.
SHARED = Path(os.environ.get("LOADERDOCTOR_SHARED_DIR") or REPOSITORY / ".." / "shared").resolve()
CASES = SHARED / "cases"
LOGS = SHARED / "logs"

# Scripts of the shared cases run in place in some tests: keep Python from
# writing __pycache__ folders into the shared data.
os.environ["PYTHONDONTWRITEBYTECODE"] = "1"

# Keep the result cache of every check the tests run out of the user's cache folder.
os.environ["LOADERDOCTOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="loaderdoctor-test-cache-")

RESPONSIBLE = re.compile(r"^- (broken/[^:]+):(\d+):", re.MULTILINE)


def require_shared():
    if not CASES.is_dir():
        pytest.fail(f"the shared test data is missing: expected {CASES}; put the shared folder next to the "
                    "repository or set LOADERDOCTOR_SHARED_DIR to its path")


def case_dirs():
    if not CASES.is_dir():
        return []
    return sorted(path for path in CASES.iterdir() if path.is_dir())


def responsible_lines(case):
    """Return ``{file name: {line, ...}}`` from a case's EXPECTED.md."""
    expected = (case / "EXPECTED.md").read_text(encoding="utf-8")
    section = expected.split("## Responsible line", 1)[-1].split("\n## ", 1)[0]
    lines = {}
    for relative, line in RESPONSIBLE.findall(section):
        lines.setdefault(Path(relative).name, set()).add(int(line))
    return lines


@pytest.fixture
def shared_cases():
    require_shared()
    return CASES
