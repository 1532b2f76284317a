"""Copy the child-side instrumentation into a fresh run folder.

The probed interpreter may belong to another environment (``--python``),
where loaderdoctor is not installed, so the files it needs are plain
modules copied next to each other in a temporary folder.
"""

import shutil
import tempfile
from pathlib import Path

CHILD_DIR = Path(__file__).resolve().parent / "child"
INSTRUMENTATION = (
    "_loaderdoctor_bootstrap.py",
    "_loaderdoctor_culprit.py",
    "_loaderdoctor_envinfo.py",
    "_loaderdoctor_events.py",
    "_loaderdoctor_hooks.py",
    "_loaderdoctor_workercost.py",
)
EVENTS_FILE = "events.jsonl"


def make_run_dir():
    """Create a run folder holding the instrumentation and an empty events file."""
    run_dir = Path(tempfile.mkdtemp(prefix="loaderdoctor-probe-"))
    for name in INSTRUMENTATION:
        shutil.copyfile(CHILD_DIR / name, run_dir / name)
    (run_dir / EVENTS_FILE).touch()
    return run_dir


def remove_run_dir(run_dir):
    shutil.rmtree(run_dir, ignore_errors=True)


def demo_script(name):
    return CHILD_DIR / name
