"""Failures that are easy to confuse: a worker exit and its cause, a broken pipe
and the pickling error above it, a worker exception and a bootstrap failure.
Also runs that succeeded, which must give no failure."""

import pytest

from loaderdoctor.explain import analyze_bytes, analyze_file, analyze_text
from loaderdoctor.explain.paths import basename
from tests.explain import variants
from tests.explain.conftest import FIXTURES, script_run

BOOTSTRAP_CHILD = (FIXTURES / "win_broken_pipe_bootstrap.log").read_text().split("Traceback (most recent", 2)
BOOTSTRAP_CHILD = "Traceback (most recent" + BOOTSTRAP_CHILD[1]


@pytest.fixture(scope="module")
def loader_stderr(real_runs, torch_available):
    # One worker, so that the child's and the parent's parts come out apart.
    return real_runs.get(script_run("unguarded_loader.py")).stderr_text


def kinds_of(diagnosis):
    return [failure.kind for failure in diagnosis.failures]


def consequences_of(failure):
    return [consequence.kind for consequence in failure.consequences]


def _split_parent(stderr):
    cut = stderr.rindex("multiprocessing.html")
    cut = stderr.index("\n", cut) + 1
    return stderr[:cut], stderr[cut:]


# -- a worker exit and its cause ------------------------------------------------


def test_worker_exit_under_its_cause(loader_stderr):
    diagnosis = analyze_text(loader_stderr)
    assert kinds_of(diagnosis) == ["unguarded-start"]
    assert consequences_of(diagnosis.failures[0]) == ["worker-exited"]


def test_worker_exit_alone(loader_stderr):
    # Only the parent's part was pasted: the exit is all there is to report.
    _, parent = _split_parent(loader_stderr)
    diagnosis = analyze_text(parent)
    assert kinds_of(diagnosis) == ["worker-exited"]
    failure = diagnosis.failures[0]
    assert failure.consequences == []
    assert "not in this log" in failure.message
    assert (basename(failure.locations[0].path), failure.locations[0].line) == ("unguarded_loader.py", 11)


def test_cause_alone(loader_stderr):
    children, _ = _split_parent(loader_stderr)
    diagnosis = analyze_text(children)
    assert kinds_of(diagnosis) == ["unguarded-start"]
    assert diagnosis.failures[0].consequences == []


def test_killed_worker_then_exit():
    failure = analyze_file(FIXTURES / "killed_oom.log").failures[0]
    assert failure.kind == "worker-killed"
    assert consequences_of(failure) == ["worker-exited"]


# -- a broken pipe and the error above it ---------------------------------------


def test_broken_pipe_under_pickling_error():
    diagnosis = analyze_file(FIXTURES / "win_eof_after_pickling.log")
    assert kinds_of(diagnosis) == ["unpicklable-object"]
    assert consequences_of(diagnosis.failures[0]) == ["broken-pipe"]


def test_broken_pipe_before_its_cause():
    # The child's EOFError can reach the console before the parent's traceback.
    text = (FIXTURES / "win_eof_after_pickling.log").read_text()
    _, parent, child = text.split("(fcdd) PS C:\\Users\\user\\fcdd\\python> ")
    diagnosis = analyze_text(child + parent)
    assert kinds_of(diagnosis) == ["unpicklable-object"]
    assert consequences_of(diagnosis.failures[0]) == ["broken-pipe"]


def test_broken_pipe_alone():
    diagnosis = analyze_file(FIXTURES / "win_eof_alone.log")
    assert kinds_of(diagnosis) == ["broken-pipe"]
    assert "not in this log" in diagnosis.failures[0].message


def test_broken_pipe_under_bootstrap():
    diagnosis = analyze_file(FIXTURES / "win_broken_pipe_bootstrap.log")
    assert kinds_of(diagnosis) == ["unguarded-start"]
    assert consequences_of(diagnosis.failures[0]) == ["broken-pipe"]


# -- a worker exception and a bootstrap failure --------------------------------

WORKER_EXCEPTION = """Traceback (most recent call last):
  File "/home/user/seg/train.py", line 40, in <module>
    for images, masks in loader:
  File "/home/user/seg/.venv/lib/python3.11/site-packages/torch/utils/data/dataloader.py", line 725, in __next__
    data = self._next_data()
  File "/home/user/seg/.venv/lib/python3.11/site-packages/torch/utils/data/dataloader.py", line 1529, in _next_data
    return self._process_data(data, worker_id)
  File "/home/user/seg/.venv/lib/python3.11/site-packages/torch/utils/data/dataloader.py", line 1567, in _process_data
    data.reraise()
  File "/home/user/seg/.venv/lib/python3.11/site-packages/torch/_utils.py", line 794, in reraise
    raise exception
RuntimeError: Caught RuntimeError in DataLoader worker process 0.
Original Traceback (most recent call last):
  File "/home/user/seg/.venv/lib/python3.11/site-packages/torch/utils/data/_utils/worker.py", line 374, in _worker_loop
    data = fetcher.fetch(index)
  File "/home/user/seg/.venv/lib/python3.11/site-packages/torch/utils/data/_utils/fetch.py", line 55, in fetch
    return self.collate_fn(data)
  File "/home/user/seg/.venv/lib/python3.11/site-packages/torch/utils/data/_utils/collate.py", line 211, in \
collate_tensor_fn
    return torch.stack(batch, 0, out=out)
RuntimeError: stack expects each tensor to be equal size, but got [3, 224, 224] at entry 0 and [3, 200, 224] at entry 1

"""


def test_worker_exception_is_not_bootstrap():
    diagnosis = analyze_text(WORKER_EXCEPTION)
    assert kinds_of(diagnosis) == ["worker-exception"]
    failure = diagnosis.failures[0]
    assert failure.consequences == []
    assert failure.extra["details"]["exception"].startswith("RuntimeError: stack expects each tensor")
    assert (basename(failure.locations[0].path), failure.locations[0].line) == ("train.py", 40)


def test_bootstrap_is_not_worker_exception():
    diagnosis = analyze_text(BOOTSTRAP_CHILD)
    assert kinds_of(diagnosis) == ["unguarded-start"]


def test_both_in_one_log(loader_stderr):
    diagnosis = analyze_text(loader_stderr + "\n" + WORKER_EXCEPTION)
    assert kinds_of(diagnosis) == ["unguarded-start", "worker-exception"]
    assert consequences_of(diagnosis.failures[0]) == ["worker-exited"]
    assert diagnosis.failures[1].consequences == []


def test_relayed_shared_memory_error_is_its_kind():
    text = WORKER_EXCEPTION.replace(
        "RuntimeError: stack expects each tensor to be equal size, but got [3, 224, 224] at entry 0 and "
        "[3, 200, 224] at entry 1",
        "RuntimeError: unable to allocate shared memory(shm) for file </torch_23630_3621764555_0>: "
        "No space left on device (28)")
    assert kinds_of(analyze_text(text)) == ["shared-memory-exhausted"]


# -- a failure and the workers stopped when the program exits --------------------

SHUTDOWN = """
Exception ignored in atexit callback: <function _exit_function at 0x7f6ea807aa20>
Traceback (most recent call last):
  File "/root/.pyenv/versions/3.11.7/lib/python3.11/multiprocessing/util.py", line 357, in _exit_function
    p.join()
  File "/root/.pyenv/versions/3.11.7/lib/python3.11/multiprocessing/popen_fork.py", line 27, in poll
    pid, sts = os.waitpid(self.pid, flag)
  File "/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/torch/utils/data/_utils/signal_handling.py", \
line 73, in handler
    _error_if_any_worker_fails()
""" + "RuntimeError: DataLoader worker (pid 5582) is killed by signal: Terminated. \n"


def test_terminated_at_exit_is_consequence():
    # Seen in real runs: after a worker exception, the exit handler's join
    # sees the worker it terminated.
    diagnosis = analyze_text(WORKER_EXCEPTION + SHUTDOWN)
    assert kinds_of(diagnosis) == ["worker-exception"]
    assert consequences_of(diagnosis.failures[0]) == ["worker-killed"]


def test_terminated_alone_is_reported():
    diagnosis = analyze_text(SHUTDOWN)
    assert kinds_of(diagnosis) == ["worker-killed"]
    assert diagnosis.failures[0].extra["details"]["signal"] == "Terminated"


# -- hangs ----------------------------------------------------------------------

HANG_DUMP = """Timeout (0:00:20)!
Current thread 0x00007f8b3a1b4740 (most recent call first):
  File "/usr/lib/python3.11/multiprocessing/popen_spawn_posix.py", line 62 in _launch
  File "/usr/lib/python3.11/multiprocessing/popen_fork.py", line 19 in __init__
  File "/usr/lib/python3.11/multiprocessing/popen_spawn_posix.py", line 32 in __init__
  File "/usr/lib/python3.11/multiprocessing/context.py", line 288 in _Popen
  File "/usr/lib/python3.11/multiprocessing/context.py", line 224 in _Popen
  File "/usr/lib/python3.11/multiprocessing/process.py", line 121 in start
  File "/usr/lib/python3.11/site-packages/torch/utils/data/dataloader.py", line 1176 in __init__
  File "/usr/lib/python3.11/site-packages/torch/utils/data/dataloader.py", line 438 in _get_iterator
  File "/usr/lib/python3.11/site-packages/torch/utils/data/dataloader.py", line 505 in __iter__
  File "/home/user/proj/train.py", line 23 in <genexpr>
  File "/home/user/proj/train.py", line 23 in <module>
"""


def test_hang_after_bootstrap_is_consequence():
    diagnosis = analyze_text(BOOTSTRAP_CHILD + HANG_DUMP)
    assert kinds_of(diagnosis) == ["unguarded-start"]
    assert consequences_of(diagnosis.failures[0]) == ["worker-timeout"]


def test_hang_alone():
    diagnosis = analyze_text(HANG_DUMP)
    assert kinds_of(diagnosis) == ["worker-timeout"]
    failure = diagnosis.failures[0]
    assert "0:00:20" in failure.message
    # faulthandler prints the innermost call first; the user's line is still found.
    assert (basename(failure.locations[0].path), failure.locations[0].line) == ("train.py", 23)


# -- runs that succeeded ---------------------------------------------------------

WARNINGS_ONLY = """/home/user/.venv/lib/python3.11/site-packages/torch/utils/data/dataloader.py:626: UserWarning: \
This DataLoader will create 16 worker processes in total. Our suggested max number of worker in current system is 8, \
which is smaller than what this DataLoader is going to create.
  warnings.warn(
/home/user/.venv/lib/python3.11/site-packages/torch/_tensor.py:836: UserWarning: Failed to initialize NumPy: No module \
named 'numpy' (Triggered internally at /__w/pytorch/pytorch/torch/csrc/utils/tensor_numpy.cpp:84.)
UserWarning: resource_tracker: There appear to be 1 leaked semaphore objects to clean up at shutdown
    raise RuntimeError('context has already been set')
Epoch 1: 100%|##########| 10/10 [00:03<00:00,  3.01it/s]
"""


@pytest.mark.parametrize("text", [
    "",
    "\n\n\n",
    WARNINGS_ONLY,
    variants.to_crlf(WARNINGS_ONLY),
    (FIXTURES / "success_training.log").read_text(),
    (FIXTURES / "main_process_error.log").read_text(),
], ids=["empty", "blank", "warnings", "warnings-crlf", "training", "unrelated-error"])
def test_no_failure(text):
    assert analyze_text(text).failures == []


def test_binary_garbage_no_failure():
    data = bytes(range(256)) * 200
    assert analyze_bytes(data).failures == []
