"""Hand-written logs of what Linux cannot produce: Windows paths and errors, CUDA,
Python 3.14 wording, frozen programs, old torch, Jupyter and rich formats.

Each row names the failures a log must give: their kinds in order, the count,
the user lines (file name, line, role) in order, and the kinds of their
consequences.
"""

from dataclasses import dataclass, field

import pytest

from loaderdoctor.explain import analyze_file, analyze_text
from loaderdoctor.explain.paths import basename
from loaderdoctor.kinds import KINDS
from tests.explain.conftest import FIXTURES


@dataclass
class Expected:
    kinds: list
    count: int = 1
    locations: list = field(default_factory=list)
    consequences: list = field(default_factory=list)
    details: dict = field(default_factory=dict)


EXPECTED = {
    # IPython 7 and older print frames without a line number; the arrow line gives it.
    "ipython7_windows_lambda.log": Expected(
        ["unpicklable-object"], 1, [("Cell In[7]", 5, "frame")]),
    "win_paging_file_zh.log": Expected(
        ["paging-file-too-small"], 4, [("train.py", 30, "module-level")], ["worker-exited"]),
    "win_paging_file_en.log": Expected(
        ["paging-file-too-small"], 2, [("train.py", 4, "module-level")]),
    "cuda_forked_worker.log": Expected(
        ["cuda-in-forked-worker"], 1, [("data.py", 27, "frame"), ("train.py", 49, "frame")],
        details={"worker": "0"}),
    "py314_forkserver_unguarded.log": Expected(
        ["unguarded-start"], 1, [("train.py", 10, "module-level"), ("train.py", 10, "worker-start")],
        ["broken-pipe"]),
    "py3138_forkserver_eof_only.log": Expected(
        ["unguarded-start"], 1, [("prepare_features.py", 31, "worker-start")]),
    "py314_missing_attribute.log": Expected(
        ["missing-in-worker"], 2, [("train.py", 24, "frame")], ["worker-exited"],
        details={"name": "PhraseDataset", "module": "__mp_main__"}),
    "py314_pickling_local.log": Expected(
        ["unpicklable-object"], 1, [("train.py", 25, "frame")],
        details={"qualname": "build_loaders.<locals>.<lambda>", "argument": "collate_fn"}),
    "py314_lambda_main.log": Expected(
        ["unpicklable-object"], 1, [("train.py", 21, "frame")],
        details={"qualname": "<lambda>", "argument": "dataset"}),
    "win_eof_after_pickling.log": Expected(
        ["unpicklable-object"], 1,
        [("bases.py", 95, "frame"), ("run_mvtec.py", 52, "frame"), ("bases.py", 180, "frame"),
         ("bases.py", 203, "frame")],
        ["broken-pipe"], details={"qualname": "make_collate.<locals>.collate"}),
    "win_eof_alone.log": Expected(["broken-pipe"], 1, []),
    "win_broken_pipe_bootstrap.log": Expected(
        ["unguarded-start"], 1,
        [("data_loading_tutorial.py", 313, "module-level"), ("data_loading_tutorial.py", 313, "worker-start")],
        ["broken-pipe"]),
    "frozen_argparse.log": Expected(
        ["frozen-without-freeze-support"], 2, [("trainer.py", 71, "frame"), ("trainer.py", 88, "frame")],
        ["worker-exited"]),
    "frozen_resource_tracker.log": Expected(["frozen-without-freeze-support"], 2, []),
    "shm_bus_error_torch1.log": Expected(
        ["shared-memory-exhausted"], 1,
        [("trainer.py", 74, "frame"), ("train.py", 133, "frame"), ("train.py", 126, "frame")],
        ["worker-exited"], details={"pids": [14505]}),
    "torch1_windows_py36.log": Expected(
        ["unguarded-start"], 1,
        [("train_Stack.py", 31, "module-level"), ("data_loader.py", 161, "worker-start")], ["worker-exited"]),
    "jupyter_notebook.log": Expected(
        ["worker-exited"], 2, [("Cell In[3]", 6, "frame")], details={"pids": [22538, 22539]}),
    "jupyter_kernel_console.log": Expected(
        ["missing-in-worker"], 2, [], details={"name": "SquaresDataset", "module": "__main__"}),
    "ancdata_parent.log": Expected(["too-many-open-files"], 1, [("collect.py", 22, "frame")]),
    "rich_traceback.log": Expected(
        ["unpicklable-object"], 1, [("train_dreambooth.py", 640, "frame"), ("train_dreambooth.py", 812, "frame")],
        details={"qualname": "main.<locals>.collate_fn"}),
    "worker_exception_keyerror.log": Expected(
        ["worker-exception"], 1, [("dataset.py", 41, "frame"), ("train.py", 77, "frame")],
        details={"worker": "1", "exception": "KeyError: 'neutral'"}),
    "torch04_worker_exception.log": Expected(
        ["worker-exception"], 1, [("dataset.py", 33, "frame"), ("train.py", 57, "frame")],
        details={"exception": "KeyError: 'img_0412'"}),
    "torch04_worker_exception_runtime.log": Expected(
        ["worker-exception"], 1, [("loader.py", 48, "frame"), ("main.py", 112, "frame"), ("main.py", 71, "frame")],
        details={"exception": "TypeError: img should be PIL Image. Got <class 'numpy.ndarray'>"}),
    "killed_oom.log": Expected(
        ["worker-killed"], 1, [("train.py", 64, "frame"), ("train.py", 112, "frame")], ["worker-exited"],
        details={"signal": "Killed", "pids": [2731]}),
    "timeout.log": Expected(["worker-timeout"], 1, [("train.py", 93, "frame")], details={"seconds": "60"}),
    "context_set_twice.log": Expected(["start-method-already-set"], 1, [("main.py", 14, "frame")]),
    "py314_macos_spawn_colour.log": Expected(
        ["unguarded-start"], 2, [("train_mlp.py", 41, "module-level"), ("train_mlp.py", 29, "worker-start")],
        ["worker-exited"], details={}),
    "success_training.log": Expected([]),
    "main_process_error.log": Expected([]),
}


def _shape(failure):
    return [(basename(location.path), location.line, location.role) for location in failure.locations]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_diagnosis(name):
    expected = EXPECTED[name]
    diagnosis = analyze_file(FIXTURES / name)
    assert [failure.kind for failure in diagnosis.failures] == expected.kinds
    if not expected.kinds:
        return
    failure = diagnosis.failures[0]
    assert failure.count == expected.count
    assert _shape(failure) == expected.locations
    assert [consequence.kind for consequence in failure.consequences] == expected.consequences
    details = failure.extra.get("details", {})
    for key, value in expected.details.items():
        assert details.get(key) == value, key


def test_fixture_files_all_listed():
    on_disk = {path.name for path in FIXTURES.glob("*.log")}
    assert on_disk == set(EXPECTED)


def test_every_kind_has_a_fixture():
    covered = {kind for expected in EXPECTED.values() for kind in expected.kinds}
    assert covered == set(KINDS)


def test_notebook_and_kernel_console_together():
    # The notebook shows the parent's error, the kernel's console the worker's.
    text = (FIXTURES / "jupyter_kernel_console.log").read_text() + (FIXTURES / "jupyter_notebook.log").read_text()
    diagnosis = analyze_text(text)
    assert [failure.kind for failure in diagnosis.failures] == ["missing-in-worker"]
    failure = diagnosis.failures[0]
    assert [consequence.kind for consequence in failure.consequences] == ["worker-exited"]
    assert _shape(failure) == [("Cell In[3]", 6, "frame")]
    assert failure.locations[0].text == "print(next(iter(loader)))"


def test_localized_paging_error_in_gbk():
    text = (FIXTURES / "win_paging_file_zh.log").read_text(encoding="utf-8")
    from loaderdoctor.explain import analyze_bytes

    diagnosis = analyze_bytes(text.encode("gbk"))
    assert [failure.kind for failure in diagnosis.failures] == ["paging-file-too-small"]
    assert diagnosis.failures[0].locations[0].path == "D:\\Computer Vision\\yolov5\\train.py"


def test_torch_keyerror_message_kept():
    failure = analyze_file(FIXTURES / "worker_exception_keyerror.log").failures[0]
    assert "KeyError: 'neutral'" in failure.message
    assert "line 41 of dataset.py" in failure.message


def test_py314_lambda_note_names_dataset():
    failure = analyze_file(FIXTURES / "py314_lambda_main.log").failures[0]
    assert "dataset" in failure.message
    # torch's warning before the traceback is supporting evidence, not a second failure.
    assert any("Got pickle error" in line for line in failure.evidence)


def test_old_ipython_frame_takes_the_arrow_line_text():
    diagnosis = analyze_file(str(FIXTURES / "ipython7_windows_lambda.log"))
    location = diagnosis.failures[0].locations[0]
    assert (location.path, location.line) == ("Cell In[7]", 5)
    assert location.text == "for X, y in train_iter:"
