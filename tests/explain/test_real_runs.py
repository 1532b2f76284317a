"""Logs of real runs: the shared cases' broken scripts under spawn (and forkserver),
Python 3.11 and torch, with unbuffered stderr as IDEs run them.

Every expected line below is where the case's EXPECTED.md puts the
responsible line, or the line the traceback shows for it when that differs
(noted in place).
"""

import re
import sys

import pytest

from loaderdoctor.explain import analyze_text
from loaderdoctor.explain.paths import basename
from tests.explain.conftest import (SCRIPTS, RunSpec, case_dir, case_run, direct_run, require_shared,
                                    script_run, watchdog_run)

pytestmark = pytest.mark.slow


def _console_run():
    # The file's source given with -c: __main__ has no file to re-import.
    folder = case_dir("k11") / "broken"
    source = (folder / "from_console.py").read_text(encoding="utf-8")
    return RunSpec(argv=(sys.executable, "-c", source), cwd=str(folder))


def _stdin_run():
    folder = case_dir("k11") / "broken"
    return RunSpec(argv=(sys.executable, "-"), cwd=str(folder), stdin_path=str(folder / "from_console.py"))


RUNS = {
    "k01": lambda: case_run("k01", "broken/train.py"),
    "k02": lambda: case_run("k02", "broken/train.py"),
    "k03a": lambda: case_run("k03", "broken/run_experiment.py"),
    "k03b": lambda: case_run("k03", "broken/serve.py"),
    "k09": lambda: case_run("k09", "broken/train.py"),
    "k10": lambda: case_run("k10", "broken/train.py"),
    "k11-console": _console_run,
    "k11-stdin": _stdin_run,
    "k12": lambda: case_run("k12", "broken/train.py"),
    "k13": lambda: case_run("k13", "broken/train.py"),
    "k15": lambda: case_run("k15", "broken/train.py"),
    "k16": lambda: case_run("k16", "broken/train.py"),
    "k17-file": lambda: case_run("k17", "broken/file_handle.py"),
    "k18": lambda: direct_run("k18", "broken/train.py"),
    "k20": lambda: case_run("k20", "broken/score.py"),
    "k21": lambda: direct_run("k21", "broken/launch.py"),
    "k22-unguarded": lambda: case_run("k22", "broken/train.py", method="forkserver"),
    "k22-closure": lambda: case_run("k22", "broken/closure_collate.py", method="forkserver"),
    # Under spawn this case hangs for ever; stock forkserver turns the same
    # failure into a BrokenPipeError in the parent.
    "k23-forkserver": lambda: case_run("k23", "broken/train.py", method="forkserver", timeout=60),
    # Under spawn the same script hangs: a watchdog dumps the stacks after 20 s.
    "k23-spawn-hang": lambda: watchdog_run("k23", "broken/train.py", 20, timeout=90),
    "k26": lambda: case_run("k26", "broken/train.py", shm_megabytes=1),
    "k27": lambda: case_run("k27", "broken/train.py", open_files_limit=256),
    "killed": lambda: script_run("killed_worker.py"),
    "segfault": lambda: script_run("segfault_worker.py"),
    "timeout": lambda: script_run("slow_worker.py"),
    "nested-pool": lambda: script_run("nested_pool.py"),
    "k01-fixed": lambda: case_run("k01", "fixed/train.py"),
    "k12-fixed": lambda: case_run("k12", "fixed/train.py"),
}


@pytest.fixture(scope="module")
def specs(real_runs, torch_available):
    require_shared()
    built = {name: build() for name, build in RUNS.items()}
    for spec in built.values():
        real_runs.submit(spec)
    return built


@pytest.fixture
def run_log(real_runs, specs):
    def get(name, run_check=False):
        spec = specs[name]
        result = real_runs.get(spec)
        diagnosis = analyze_text(result.stderr_text, cwd=spec.cwd, run_check=run_check)
        diagnosis.run_output = result.stderr_text
        return result, diagnosis

    return get


def places(failure):
    return [(basename(location.path), location.line, location.role) for location in failure.locations]


def only(diagnosis, kind):
    # On failure, show the end of what the run printed.
    assert [failure.kind for failure in diagnosis.failures] == [kind], diagnosis.run_output[-4000:]
    return diagnosis.failures[0]


def consequence_kinds(failure):
    return [consequence.kind for consequence in failure.consequences]


def printed(result, text):
    """Count the lines of the run's stderr that contain ``text``.

    When the main process stops after the first dead worker, the other
    workers may be terminated before they print, so counts come from the run.
    """
    return sum(text in line for line in result.stderr_text.splitlines())


def pids_reported(result):
    found = set()
    for match in re.finditer(r"DataLoader worker \(pids?(?:\(s\))? ([\d, ]+)\) exited", result.stderr_text):
        found.update(int(pid) for pid in match.group(1).split(","))
    return found


def test_k01_toplevel_loop(run_log):
    result, diagnosis = run_log("k01", run_check=True)
    assert result.returncode == 1
    failure = only(diagnosis, "unguarded-start")
    assert places(failure)[:2] == [("train.py", 18, "module-level"), ("train.py", 18, "worker-start")]
    assert failure.count == printed(result, "An attempt has been made")
    assert 1 <= failure.count <= 2
    assert consequence_kinds(failure) == ["worker-exited"]
    check = failure.extra["check"]
    assert check["status"] == "matched"
    assert check["findings"][0]["code"] == "LD001"
    assert check["findings"][0]["exact"] is True


def test_k02_toplevel_call(run_log):
    _, diagnosis = run_log("k02")
    failure = only(diagnosis, "unguarded-start")
    assert places(failure) == [("train.py", 25, "module-level"), ("train.py", 16, "worker-start")]


def test_k03_call_into_other_module(run_log):
    _, diagnosis = run_log("k03a")
    failure = only(diagnosis, "unguarded-start")
    assert places(failure) == [("run_experiment.py", 7, "module-level"), ("pipeline.py", 17, "worker-start")]


def test_k03_start_at_import_of_module(run_log):
    _, diagnosis = run_log("k03b")
    failure = only(diagnosis, "unguarded-start")
    assert places(failure) == [("warmup.py", 5, "module-level"), ("warmup.py", 5, "worker-start"),
                               ("serve.py", 4, "frame")]
    assert "while warmup.py is being imported" in failure.message


def test_k09_class_inside_guard(run_log):
    _, diagnosis = run_log("k09", run_check=True)
    failure = only(diagnosis, "missing-in-worker")
    assert places(failure)[0] == ("train.py", 13, "definition")
    assert "inside `if __name__ == \"__main__\":` at line 13" in failure.message
    assert consequence_kinds(failure) == ["worker-exited"]
    assert failure.extra["check"]["findings"][0]["code"] == "LD003"


def test_k10_global_set_under_guard(run_log):
    _, diagnosis = run_log("k10")
    failure = only(diagnosis, "worker-exception")
    assert places(failure)[0] == ("train.py", 21, "frame")
    assert ("train.py", 13, "definition") in places(failure)
    assert failure.extra["details"]["exception"] == "TypeError: 'NoneType' object is not subscriptable"
    assert "SETTINGS is None at module level" in failure.message


def test_k11_console_program(run_log):
    _, diagnosis = run_log("k11-console")
    failure = only(diagnosis, "missing-in-worker")
    assert failure.extra["details"]["name"] == "SquaresDataset"
    assert "notebook, an interactive console or a `python -c` program" in failure.message


def test_k11_script_on_stdin(run_log):
    _, diagnosis = run_log("k11-stdin")
    failure = only(diagnosis, "missing-in-worker")
    assert "standard input" in failure.message


@pytest.mark.parametrize("name, file, line, code", [
    ("k12", "train.py", 12, "LD004"),
    ("k13", "train.py", 25, "LD004"),
    ("k15", "train.py", 8, "LD004"),
    # check reports a Dataset class defined inside a function as unimportable (LD003).
    ("k16", "train.py", 9, "LD003"),
    ("k22-closure", "closure_collate.py", 8, "LD004"),
])
def test_unpicklable_definition_found(run_log, name, file, line, code):
    _, diagnosis = run_log(name, run_check=True)
    failure = only(diagnosis, "unpicklable-object")
    assert places(failure)[0] == (file, line, "definition")
    check = failure.extra["check"]
    assert check["status"] == "matched"
    assert (check["findings"][0]["code"], check["findings"][0]["line"]) == (code, line)
    assert check["findings"][0]["exact"] is True


def test_k17_open_file_on_dataset(run_log):
    _, diagnosis = run_log("k17-file", run_check=True)
    failure = only(diagnosis, "unpicklable-object")
    assert failure.extra["details"]["type"] == "_io.BufferedReader"
    assert "an open file" in failure.message
    findings = failure.extra["check"]["findings"]
    assert [(finding["code"], finding["line"]) for finding in findings] == [("LD005", 14)]


def test_k18_set_start_method_at_module_level(run_log):
    result, diagnosis = run_log("k18")
    failure = only(diagnosis, "start-method-already-set")
    assert places(failure) == [("train.py", 11, "module-level")]
    assert failure.count == printed(result, "RuntimeError: context has already been set")
    assert consequence_kinds(failure) == ["worker-exited"]


def test_k20_process_pool(run_log):
    _, diagnosis = run_log("k20")
    failure = only(diagnosis, "unguarded-start")
    # The traceback shows line 15 inside the module-level `with` statement of line 14.
    assert places(failure)[0] == ("score.py", 15, "module-level")
    assert consequence_kinds(failure) == ["worker-exited"]
    assert "process pool" in failure.consequences[0].message


def test_k21_torch_multiprocessing_spawn(run_log):
    _, diagnosis = run_log("k21")
    failure = only(diagnosis, "unguarded-start")
    assert places(failure)[0] == ("launch.py", 15, "module-level")
    assert "torch.multiprocessing.spawn" in failure.consequences[0].message


def test_k22_forkserver_unguarded(run_log):
    result, diagnosis = run_log("k22-unguarded")
    failure = only(diagnosis, "unguarded-start")
    assert places(failure)[0] == ("train.py", 10, "module-level")
    assert failure.count == printed(result, "An attempt has been made")
    assert failure.consequences[0].count == len(pids_reported(result))


def test_k23_broken_pipe_is_consequence(run_log):
    result, diagnosis = run_log("k23-forkserver")
    assert not result.timed_out
    failure = only(diagnosis, "unguarded-start")
    assert places(failure)[0] == ("train.py", 23, "module-level")
    assert consequence_kinds(failure) == ["broken-pipe"]


def test_k23_hang_is_consequence(run_log):
    result, diagnosis = run_log("k23-spawn-hang")
    assert b"Timeout (0:00:20)!" in result.stderr
    failure = only(diagnosis, "unguarded-start")
    assert places(failure)[0] == ("train.py", 23, "module-level")
    assert consequence_kinds(failure) == ["worker-timeout"]
    assert "hung" in failure.consequences[0].message


def test_k26_shared_memory(run_log):
    result, diagnosis = run_log("k26")
    if b"Operation not permitted" in result.stderr and b"unshare" in result.stderr:
        pytest.skip("this machine does not allow a private mount namespace for a small /dev/shm")
    failure = only(diagnosis, "shared-memory-exhausted")
    assert places(failure)[0] == ("train.py", 21, "frame")


def test_k27_too_many_open_files(run_log):
    _, diagnosis = run_log("k27")
    failure = only(diagnosis, "too-many-open-files")
    assert ("train.py", 22, "frame") in places(failure)


def test_worker_killed_by_sigkill(run_log):
    _, diagnosis = run_log("killed")
    failure = only(diagnosis, "worker-killed")
    assert failure.extra["details"]["signal"] == "Killed"
    assert places(failure)[0] == ("killed_worker.py", 19, "frame")
    assert consequence_kinds(failure) == ["worker-exited"]


def test_worker_segfault_nul_byte(run_log):
    result, diagnosis = run_log("segfault")
    assert b"encountered in worker.\n\x00" in result.stderr
    failure = only(diagnosis, "worker-killed")
    assert failure.extra["details"]["signal"] == "Segmentation fault"
    assert failure.count == 1


def test_dataloader_timeout(run_log):
    _, diagnosis = run_log("timeout")
    failure = only(diagnosis, "worker-timeout")
    assert failure.extra["details"]["seconds"] == "1"
    assert places(failure)[0] == ("slow_worker.py", 18, "frame")


def test_pool_inside_worker_is_named(run_log):
    _, diagnosis = run_log("nested-pool")
    failure = only(diagnosis, "worker-exception")
    assert places(failure)[0] == ("nested_pool.py", 13, "frame")
    assert "daemonic processes are not allowed to have children" in failure.message
    assert "a daemonic process may not start processes of its own" in failure.message


@pytest.mark.parametrize("name", ["k01-fixed", "k12-fixed"])
def test_successful_run_no_failure(run_log, name):
    result, diagnosis = run_log(name)
    assert result.returncode == 0
    assert diagnosis.failures == []


def test_scripts_folder_exists():
    assert (SCRIPTS / "killed_worker.py").is_file()
