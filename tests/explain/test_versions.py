"""The same failures as each Python prints them: 3.8, 3.10, 3.11, 3.12 and 3.13
from real runs of plain multiprocessing scripts (no torch needed), under the
pyenv interpreters of this machine. Python 3.14 is covered by text fixtures.
"""

import pytest

from loaderdoctor.explain import analyze_text
from loaderdoctor.explain.paths import basename
from tests.explain.conftest import SCRIPTS, RunSpec, pyenv_python, script_run

VERSIONS = ["3.8.18", "3.10.13", "3.11.7", "3.12.1", "3.13.0"]
# The line of unguarded_process.py that starts the children.
START_LINE = 29

# What makes each version's traceback look different, so that the tests
# below fail if a run stops showing the format it is meant to cover.
FORMAT_MARKERS = {
    "3.8.18": ["runpy.py\", line", "spawn.py\", line 134, in _check_not_importing_main"],
    "3.10.13": ["runpy.py\", line"],
    "3.11.7": ["<frozen runpy>", "^^^^", "To fix this issue"],
    "3.12.1": ["<frozen runpy>", "^^^^"],
    "3.13.0": ["<frozen runpy>", "~~~~", "...<16 lines>..."],
}


@pytest.fixture(scope="module")
def version_runs(real_runs):
    specs = {}
    for version in VERSIONS:
        python = pyenv_python(version)
        specs[("unguarded", version)] = script_run("unguarded_process.py", "spawn", "4", python=python,
                                                   through_wrapper=False, timeout=60)
        specs[("forkserver", version)] = script_run("unguarded_process.py", "forkserver", "2", python=python,
                                                    through_wrapper=False, timeout=60)
        specs[("local", version)] = script_run("local_target.py", python=python, through_wrapper=False, timeout=60)
        source = (SCRIPTS / "console_dataset.py").read_text(encoding="utf-8")
        specs[("console", version)] = RunSpec(argv=(python, "-c", source), cwd=str(SCRIPTS), timeout=60)
    for spec in specs.values():
        real_runs.submit(spec)
    return {key: (spec, real_runs) for key, spec in specs.items()}


def diagnose(version_runs, key):
    spec, runs = version_runs[key]
    result = runs.get(spec)
    assert not result.timed_out
    return result, analyze_text(result.stderr_text, cwd=spec.cwd)


@pytest.mark.parametrize("version", VERSIONS)
def test_bootstrap_error_format(version_runs, version):
    result, diagnosis = diagnose(version_runs, ("unguarded", version))
    for marker in FORMAT_MARKERS[version]:
        assert marker in result.stderr_text, marker
    assert [failure.kind for failure in diagnosis.failures] == ["unguarded-start"]
    failure = diagnosis.failures[0]
    places = [(basename(location.path), location.line, location.role) for location in failure.locations]
    assert places == [("unguarded_process.py", START_LINE, "module-level"),
                      ("unguarded_process.py", START_LINE, "worker-start")]
    assert failure.count == 4
    assert failure.locations[0].text == "child.start()"


@pytest.mark.parametrize("version", VERSIONS)
def test_forkserver_children(version_runs, version):
    result, diagnosis = diagnose(version_runs, ("forkserver", version))
    assert "forkserver.py" in result.stderr_text
    assert [failure.kind for failure in diagnosis.failures] == ["unguarded-start"]
    failure = diagnosis.failures[0]
    assert failure.locations[0].line == START_LINE
    assert failure.count == 2


@pytest.mark.parametrize("version, wording", [
    ("3.8.18", "Can't pickle local object"),
    ("3.10.13", "Can't pickle local object"),
    ("3.11.7", "Can't pickle local object"),
    ("3.12.1", "Can't pickle local object"),
    ("3.13.0", "Can't get local object"),
])
def test_local_object_wording(version_runs, version, wording):
    result, diagnosis = diagnose(version_runs, ("local", version))
    assert wording in result.stderr_text
    assert [failure.kind for failure in diagnosis.failures] == ["unpicklable-object"]
    failure = diagnosis.failures[0]
    assert (basename(failure.locations[0].path), failure.locations[0].line, failure.locations[0].role) == \
        ("local_target.py", 9, "definition")


@pytest.mark.parametrize("version, wording", [
    ("3.8.18", "<module '__main__' (built-in)>"),
    ("3.10.13", "<module '__main__' (built-in)>"),
    ("3.11.7", "<module '__main__' (built-in)>"),
    ("3.12.1", "(<class '_frozen_importlib.BuiltinImporter'>)"),
    ("3.13.0", "(<class '_frozen_importlib.BuiltinImporter'>)"),
])
def test_console_main_wording(version_runs, version, wording):
    result, diagnosis = diagnose(version_runs, ("console", version))
    assert wording in result.stderr_text
    assert [failure.kind for failure in diagnosis.failures] == ["missing-in-worker"]
    assert diagnosis.failures[0].extra["details"]["name"] == "show"
