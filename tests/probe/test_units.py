"""The probe's pieces that need no child process: culprit search, traceback reading, advice."""

import importlib.util
import sys
import textwrap

import pytest

from loaderdoctor.probe import signatures
from loaderdoctor.probe.diagnose import PathKinds, enclosing_statement, failures_from_tracebacks, find_definition
from loaderdoctor.probe.environment import recommend_workers
from loaderdoctor.probe.staging import CHILD_DIR

MIB = 1024 * 1024


@pytest.fixture(scope="module")
def culprit_module():
    spec = importlib.util.spec_from_file_location("_loaderdoctor_culprit", CHILD_DIR / "_loaderdoctor_culprit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def user_module(tmp_path):
    source = textwrap.dedent('''
        import threading


        class Rows:
            def __init__(self, path):
                self.path = path
                self.lock = threading.Lock()
                self.steps = [abs, lambda x: x]


        def factory():
            class Local:
                pass
            return Local()
    ''')
    path = tmp_path / "user_rows.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("user_rows", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["user_rows"] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules["user_rows"]


def test_culprit_lock_attribute(culprit_module, user_module):
    rows = user_module.Rows("x")
    rows.steps = [abs]
    found = culprit_module.find_culprit([("dataset", rows)])

    assert found["path"] == "dataset.lock"
    assert found["origin"]["line"] == 8
    assert found["origin"]["how"] == "assignment"


def test_culprit_lambda_in_list(culprit_module, user_module):
    rows = user_module.Rows("x")
    rows.lock = None
    found = culprit_module.find_culprit([("dataset", rows)])

    assert found["path"] == "dataset.steps[1]"
    assert found["origin"]["line"] == 9
    assert found["origin"]["how"] == "definition"


def test_culprit_local_class(culprit_module, user_module):
    found = culprit_module.find_culprit([("dataset", user_module.factory())])

    assert found["path"] == "dataset"
    assert found["origin"]["line"] == 13


def test_culprit_none_when_picklable(culprit_module):
    assert culprit_module.find_culprit([("dataset", [1, 2, 3])]) is None


CHILD_TRACEBACK = '''Traceback (most recent call last):
  File "<string>", line 1, in <module>
  File "/py/lib/python3.11/multiprocessing/spawn.py", line 122, in spawn_main
    exitcode = _main(fd, parent_sentinel)
  File "/py/lib/python3.11/multiprocessing/spawn.py", line 297, in _fixup_main_from_path
    main_content = runpy.run_path(main_path,
  File "<frozen runpy>", line 291, in run_path
  File "<frozen runpy>", line 88, in _run_code
  File "{script}", line 4, in <module>
    import helper
  File "<frozen importlib._bootstrap>", line 1176, in _find_and_load
  File "{helper}", line 5, in <module>
    RESULT = run()
  File "{helper}", line 3, in run
    return list(loader)
  File "/py/lib/python3.11/site-packages/torch/utils/data/dataloader.py", line 505, in __iter__
    return self._get_iterator()
  File "/py/lib/python3.11/multiprocessing/spawn.py", line 140, in _check_not_importing_main
    raise RuntimeError(\'\'\'
RuntimeError:
        An attempt has been made to start a new process before the
        current process has finished its bootstrapping phase.

Traceback (most recent call last):
  File "/py/lib/python3.11/site-packages/torch/utils/data/_utils/signal_handling.py", line 73, in handler
RuntimeError: DataLoader worker (pid 12) exited unexpectedly with exit code 1.

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "{script}", line 8, in <module>
    main()
RuntimeError: DataLoader worker (pid(s) 12) exited unexpectedly
'''


def test_tracebacks_split_and_classified():
    tracebacks = signatures.parse_tracebacks(CHILD_TRACEBACK.format(script="/p/serve.py", helper="/p/helper.py"))

    assert [signatures.kind_of(item) for item in tracebacks] == ["unguarded-start", "worker-exited", "worker-exited"]
    assert tracebacks[0].in_child is True
    assert tracebacks[2].chained_from is tracebacks[1]


def test_unguarded_locations_follow_imports(tmp_path):
    script = tmp_path / "serve.py"
    helper = tmp_path / "helper.py"
    script.write_text("\n\n\nimport helper\n", encoding="utf-8")
    helper.write_text("def run():\n    pass\n    return list(loader)\n\nRESULT = run()\n", encoding="utf-8")
    text = CHILD_TRACEBACK.format(script=script, helper=helper)
    failures = failures_from_tracebacks(signatures.parse_tracebacks(text), PathKinds(["/py/lib/python3.11"]),
                                        str(script))
    roles = [(location.path.rsplit("/", 1)[-1], location.line, location.role) for location in failures[0].locations]

    assert roles == [("serve.py", 4, "frame"), ("helper.py", 5, "module-level"), ("helper.py", 3, "worker-start")]


def test_caught_worker_exception_points_into_worker():
    text = (
        "Traceback (most recent call last):\n"
        '  File "/p/train.py", line 27, in <module>\n'
        '  File "/py/lib/python3.11/site-packages/torch/_utils.py", line 794, in reraise\n'
        "TypeError: Caught TypeError in DataLoader worker process 0.\n"
        "Original Traceback (most recent call last):\n"
        '  File "/py/lib/python3.11/site-packages/torch/utils/data/_utils/fetch.py", line 54, in fetch\n'
        '  File "/p/train.py", line 21, in __getitem__\n'
        "TypeError: 'NoneType' object is not subscriptable\n"
    )
    failures = failures_from_tracebacks(signatures.parse_tracebacks(text), PathKinds(["/py"]), "/p/train.py")

    assert failures[0].kind == "worker-exception"
    lines = [(location.line, location.role) for location in failures[0].locations]

    assert lines == [(21, "frame"), (27, "worker-start")]


def test_terminated_worker_is_a_consequence():
    text = "Traceback (most recent call last):\n" \
        "RuntimeError: DataLoader worker (pid 5) is killed by signal: Terminated. \n"
    (traceback,) = signatures.parse_tracebacks(text)

    assert signatures.kind_of(traceback) == "worker-exited"


def test_find_definition_in_function(tmp_path):
    path = tmp_path / "m.py"
    path.write_text("def a():\n    f = 1\n\n\ndef build():\n    g = lambda x: x\n    def inner():\n        pass\n",
                    encoding="utf-8")

    assert find_definition(str(path), "<lambda>", inside="build") == 6
    assert find_definition(str(path), "inner", inside="build") == 7
    assert find_definition(str(path), "build") == 5


def test_enclosing_statement(tmp_path):
    path = tmp_path / "m.py"
    path.write_text("x = 1\nwith open(__file__) as f:\n    y = f.read()\n", encoding="utf-8")

    assert enclosing_statement(str(path), 3) == 2
    assert enclosing_statement(str(path), 1) == 1


def test_recommend_limited_by_cpus():
    number, key, _fields = recommend_workers(8, 64 * 1024 * MIB, 150 * MIB)

    assert (number, key) == (7, "probe.env.reason-cpu")


def test_recommend_limited_by_memory():
    number, key, fields = recommend_workers(32, 1024 * MIB, 150 * MIB)

    assert (number, key) == (3, "probe.env.reason-memory")
    assert fields["cpu_limit"] == 31


def test_recommend_one_cpu_and_cgroup():
    assert recommend_workers(1, 8 * 1024 * MIB, 150 * MIB)[:2] == (0, "probe.env.reason-one-cpu")
    assert recommend_workers(16, 8 * 1024 * MIB, 150 * MIB, cgroup_cpus=2.5)[0] == 1
