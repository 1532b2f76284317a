"""Several workers printing at once: tracebacks mixed line by line and mid-line.

Real runs mix their output only some of the time, so the tracebacks of real
runs are also mixed here the way a shared stderr pipe mixes the small writes
of Python 3.11's unbuffered traceback printer, with fixed seeds.
"""

import pytest

from loaderdoctor.explain import analyze_text
from loaderdoctor.explain.paths import basename
from tests.explain import variants
from tests.explain.conftest import pyenv_python, script_run

SEEDS = range(30)


@pytest.fixture(scope="module")
def plain_traceback(real_runs):
    # One child, so that its traceback comes out whole; all children of a
    # run print the same traceback.
    spec = script_run("unguarded_process.py", "spawn", "1", python=pyenv_python("3.11.7"), through_wrapper=False,
                      timeout=60)
    result = real_runs.get(spec)
    assert not result.timed_out
    tracebacks = variants.child_tracebacks(result.stderr_text)
    assert len(tracebacks) == 1, result.stderr_text
    return tracebacks[0]


@pytest.fixture(scope="module")
def torch_run(real_runs, torch_available):
    result = real_runs.get(script_run("unguarded_loader.py"))
    return result.stderr_text


def _places(failure):
    return [(basename(location.path), location.line, location.role) for location in failure.locations]


@pytest.mark.parametrize("workers", [4, 6])
def test_plain_tracebacks_mixed_midline(plain_traceback, workers):
    tracebacks = [plain_traceback] * workers
    mixed_seeds = 0
    for seed in SEEDS:
        mixed = variants.interleave(tracebacks, seed)
        mixed_seeds += variants.has_midline_mixing(mixed)
        diagnosis = analyze_text(mixed)
        assert [failure.kind for failure in diagnosis.failures] == ["unguarded-start"], seed
        failure = diagnosis.failures[0]
        assert failure.count == workers, seed
        assert _places(failure) == [("unguarded_process.py", 29, "module-level"),
                                    ("unguarded_process.py", 29, "worker-start")], seed
        assert failure.locations[0].text == "child.start()", seed
    # The generator must really cut lines, or this test proves nothing.
    assert mixed_seeds >= len(SEEDS) - 2


def _torch_parts(torch_run):
    children = variants.child_tracebacks(torch_run)
    assert len(children) == 1, torch_run
    parent = torch_run[torch_run.rindex("multiprocessing.html"):].split("\n", 1)[1]
    assert "exited unexpectedly" in parent
    return children[0], parent


def test_dataloader_tracebacks_mixed_with_parent(torch_run):
    child, parent = _torch_parts(torch_run)
    for seed in SEEDS:
        mixed = variants.interleave([child] * 4, seed) + parent
        diagnosis = analyze_text(mixed)
        assert [failure.kind for failure in diagnosis.failures] == ["unguarded-start"], seed
        failure = diagnosis.failures[0]
        assert failure.count == 4, seed
        assert _places(failure)[:2] == [("unguarded_loader.py", 11, "module-level"),
                                        ("unguarded_loader.py", 11, "worker-start")], seed
        assert [consequence.kind for consequence in failure.consequences] == ["worker-exited"], seed


def test_parent_mixed_into_children(torch_run):
    # The parent can print while the last worker is still writing.
    child, parent = _torch_parts(torch_run)
    for seed in SEEDS:
        diagnosis = analyze_text(variants.interleave([child, child, parent], seed))
        assert [failure.kind for failure in diagnosis.failures] == ["unguarded-start"], seed
        failure = diagnosis.failures[0]
        assert _places(failure)[0] == ("unguarded_loader.py", 11, "module-level"), seed
        assert [consequence.kind for consequence in failure.consequences] == ["worker-exited"], seed


@pytest.mark.parametrize("mangle", [variants.to_crlf, variants.colorize, variants.quote],
                         ids=["crlf", "ansi", "quoted"])
def test_mixed_and_mangled(plain_traceback, mangle):
    tracebacks = [plain_traceback] * 4
    for seed in range(10):
        diagnosis = analyze_text(mangle(variants.interleave(tracebacks, seed)))
        assert [failure.kind for failure in diagnosis.failures] == ["unguarded-start"], seed
        assert diagnosis.failures[0].count == 4, seed
        assert diagnosis.failures[0].locations[0].line == 29, seed


@pytest.mark.parametrize("version", ["3.8.18", "3.11.7", "3.12.1"])
def test_real_unbuffered_six_children(real_runs, version):
    # Whether these lines mix depends on scheduling; the diagnosis must not.
    spec = script_run("unguarded_process.py", "spawn", "6", python=pyenv_python(version), through_wrapper=False,
                      timeout=60, env=(("LOADERDOCTOR_TEST_RUN", version),))
    result = real_runs.get(spec)
    diagnosis = analyze_text(result.stderr_text)
    assert [failure.kind for failure in diagnosis.failures] == ["unguarded-start"]
    assert diagnosis.failures[0].count == 6
    assert diagnosis.failures[0].locations[0].line == 29
