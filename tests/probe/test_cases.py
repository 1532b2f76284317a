"""Every shared case that fails on Linux is reproduced at its line; every fixed one succeeds."""

import os

import pytest

from tests.conftest import CASES, responsible_lines
from tests.probe.conftest import BROKEN_RUNS, NOT_FAILING_HERE, fixed_runs

pytestmark = pytest.mark.slow


def _describe(report):
    return "outcome=%s stop=%s failures=%s\nstderr tail:\n%s" % (
        report["outcome"], report["stop_reason"],
        [(failure["kind"], [(os.path.basename(loc["path"]), loc["line"], loc["role"]) for loc in failure["locations"]])
         for failure in report["failures"]],
        report["stderr"][-3000:],
    )


@pytest.mark.parametrize("case, script, method, kind, line_file", BROKEN_RUNS,
                         ids=["%s/%s" % (run[0][:3], run[1]) for run in BROKEN_RUNS])
def test_broken_case_reproduced(case_reports, case, script, method, kind, line_file):
    report = case_reports[(case, "broken", script)]
    expected_lines = responsible_lines(CASES / case)[line_file]

    assert report["outcome"] == "failed", _describe(report)
    assert report["failures"][0]["kind"] == kind, _describe(report)
    located = {
        (os.path.basename(location["path"]), location["line"])
        for location in report["failures"][0]["locations"]
    }
    assert {(line_file, line) for line in expected_lines} & located, _describe(report)
    assert report["leftover_processes"] == []


@pytest.mark.parametrize("case, script, method", fixed_runs(), ids=lambda value: str(value)[:24])
def test_fixed_case_succeeds(case_reports, case, script, method):
    report = case_reports[(case, "fixed", script)]

    assert report["outcome"] == "ok", _describe(report)
    assert report["failures"] == []
    assert report["leftover_processes"] == []


def test_multi_worker_loaders_measured(case_reports):
    report = case_reports[("k01_unguarded_toplevel_loop", "fixed", "train.py")]
    workers = report["workers"]

    assert [worker["worker_id"] for worker in workers] == [0, 1]
    for worker in workers:
        assert worker["start_method"] == "spawn"
        assert worker["main_module"] == "__mp_main__"
        assert worker["ready_seconds"] > 0
        assert worker["first_batch_seconds"] >= worker["ready_seconds"]
        assert worker["uss_bytes"] > 10 * 1024 * 1024
        assert worker["pickled_bytes"] > 0
    loader = report["loaders"][0]
    assert (loader["line"], loader["num_workers"]) == (14, 2)
    assert loader["iterations"][0]["line"] == 18
    assert loader["iterations"][0]["first_batch_seconds"] > 0


def test_large_pickle_hang_noted(case_reports):
    report = case_reports[("k23_large_pickle_pipe", "broken", "train.py")]
    hang = report["failures"][0].get("hang")

    assert hang is not None, _describe(report)
    assert hang["pickled_bytes"] > hang["pipe_capacity"]
    assert hang["blocked"] is True


def test_pool_restarts_counted(case_reports):
    report = case_reports[("k19_pool_toplevel", "broken", "prepare.py")]

    assert report["stop_reason"] == "failure-seen"
    assert report["failures"][0]["count"] >= 2


def test_static_analysis_agrees_on_unguarded_loop(case_reports):
    report = case_reports[("k01_unguarded_toplevel_loop", "broken", "train.py")]

    assert report["static_analysis"]["available"] is True
    assert report["static_analysis_agreed"] is True


def test_static_analysis_quiet_on_fixed(case_reports):
    report = case_reports[("k01_unguarded_toplevel_loop", "fixed", "train.py")]

    assert report["static_analysis"]["findings"] == []
    assert report["static_analysis_agreed"] is True


def test_every_broken_case_accounted_for():
    probed = {run[0] for run in BROKEN_RUNS}
    cases = {path.name for path in CASES.iterdir() if (path / "broken").is_dir()}

    assert cases - probed - set(NOT_FAILING_HERE) == set()
