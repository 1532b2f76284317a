"""The byte-level relevance test, and the split of large runs over processes."""

import os
import textwrap

import pytest

import loaderdoctor.check as check_module
from loaderdoctor.check import CheckOptions, check_paths, has_trigger, is_relevant
from loaderdoctor.check.cache import open_cache


@pytest.mark.parametrize("code", [
    "from torch.utils.data import DataLoader\nloader = DataLoader(data, num_workers=2)\n",
    "loader = make(num_workers=4)\n",
    "with multiprocessing.Pool(4) as pool:\n    pool.map(f, xs)\n",
    "from multiprocessing import Pool\nwith Pool(4) as pool:\n    pool.map(f, xs)\n",
    "with ProcessPoolExecutor() as executor:\n    pass\n",
    "worker = mp.Process(target=f)\n",
    "torch.multiprocessing.spawn(train, nprocs=2)\n",
    "import torch.multiprocessing as mp\nmp.spawn(train, nprocs=2)\n",
    "start_processes(train, nprocs=2)\n",
    "multiprocessing.set_start_method('spawn')\n",
    "data = data.map(tokenize, num_proc=4)\n",
    "loader = NeighborLoader(graph, batch_size=8)\n",
    "class Loader(DataLoader):\n    pass\n",
    "loader = FastLoader(\n    dataset)\n",
])
def test_code_shapes_that_make_a_file_relevant(code):
    assert has_trigger(code.encode())


@pytest.mark.parametrize("code", [
    "# loader = DataLoader(data, num_workers=2)\n",
    '"""Example:\n\n    >>> loader = DataLoader(data, num_workers=2)\n"""\n',
    "def spawn(command):\n    return command\n",
    "def test_batch_norm_per_Process(self):\n    pass\n",
    "suite = unittest.TestLoader().loadTestsFromModule(module)\n",
    "class SourceLoader:\n    pass\n\nloader = SourceLoader()\n",
    "layer = nn.MaxPool2d(2)\n",
    "output = subprocess.run(command)\n",
    "model.fit(x, y)\n",
    '"""Set ``num_workers = 0`` to debug; see ``start_processes()``."""\n',
    "if num_workers == 0:\n    pass\n",
    "class Frames(Dataset):\n    pass\n",
    "trainer = Trainer(model=model)\n",
    "with Pool(4) as pool:\n    pass\n",
])
def test_look_alikes_that_do_not(code):
    assert not has_trigger(code.encode())


def test_loader_subclass_call_counts():
    code = b"class FastLoader(Base):\n    pass\n\nloader = FastLoader()\n"
    assert has_trigger(code)


@pytest.mark.parametrize("line, relevant", [
    ("import lightning as L", True),
    ("from pytorch_lightning import Trainer", True),
    ("    from transformers import Trainer", True),
    ("from d2l import torch as d2l", True),
    ("import mylib as d2l", True),
    ("import lightningfast", False),
    ("x = 'import lightning'", False),
])
def test_catalog_and_d2l_imports(tmp_path, line, relevant):
    script = tmp_path / "script.py"
    data = (line + "\n").encode()
    script.write_bytes(data)
    assert is_relevant(data, str(script)) is relevant


def test_import_of_a_relevant_project_module(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    (tmp_path / "pipeline.py").write_text("from torch.utils.data import DataLoader\n")
    (tmp_path / "helpers.py").write_text("import math\n")
    (tmp_path / "pools.py").write_text("from multiprocessing import Pool, set_start_method\n")
    assert is_relevant(b"import pipeline\n", str(tmp_path / "run.py"))
    assert not is_relevant(b"import helpers\n", str(tmp_path / "run.py"))
    # A module that only passes on the names that start processes.
    assert is_relevant(b"from pools import Pool\nwith Pool(2) as pool:\n    pass\n", str(tmp_path / "run.py"))


def _project(root, modules):
    """Write ``modules`` plain modules and three scripts with findings under ``root``."""
    for index in range(modules):
        (root / f"mod{index:04d}.py").write_text(f"VALUE = {index}\n\n\ndef double(x):\n    return 2 * x\n")
    body = textwrap.dedent("""\
        from torch.utils.data import DataLoader

        for batch in DataLoader(list(range(8)), num_workers=2):
            pass
        """)
    for name in ("train_a.py", "train_b.py", "train_c.py"):
        (root / name).write_text(body)
    (root / "broken.py").write_bytes(b"from torch.utils.data import DataLoader\n\xff\xfe\n")


def _record_pieces(monkeypatch):
    """Return a list that receives the size of every piece sent to a worker process."""
    pieces = []
    real = check_module.CheckRun._submit

    def counted(run, group, piece):
        pieces.append(len(piece))
        return real(run, group, piece)

    monkeypatch.setattr(check_module.CheckRun, "_submit", counted)
    return pieces


def test_large_run_in_processes_matches_a_run_in_one(tmp_path, monkeypatch):
    root = tmp_path / "project"
    root.mkdir()
    _project(root, 260)
    monkeypatch.setattr(check_module, "PARALLEL_MIN_FILES", 10**9)
    alone = check_paths([str(root)])
    monkeypatch.setattr(check_module, "PARALLEL_MIN_FILES", 200)

    pieces = _record_pieces(monkeypatch)
    split = check_paths([str(root)])
    assert sum(pieces) == 264
    assert len(pieces) > 2
    assert [(f.path, f.line, f.code) for f in split.findings] == [(f.path, f.line, f.code) for f in alone.findings]
    assert len(split.findings) == 3
    assert [e.path for e in split.errors] == [e.path for e in alone.errors] == [str(root / "broken.py")]
    assert split.files_checked == alone.files_checked == 263


def test_large_run_fills_the_cache_and_a_warm_run_reads_nothing(tmp_path, monkeypatch):
    root = tmp_path / "project"
    root.mkdir()
    _project(root, 260)
    for path in root.iterdir():
        stat = os.stat(path)
        os.utime(path, ns=(stat.st_atime_ns - 10**10, stat.st_mtime_ns - 10**10))
    options = CheckOptions()
    cold = check_paths([str(root)], options, cache=open_cache(tmp_path / "cache", options))
    assert len(cold.findings) == 3

    def fail(*args, **kwargs):
        raise AssertionError("a file was read again on a warm run")

    monkeypatch.setattr(check_module.sources, "read_bytes", fail)
    warm = check_paths([str(root)], options, cache=open_cache(tmp_path / "cache", options))
    assert [(f.path, f.line) for f in warm.findings] == [(f.path, f.line) for f in cold.findings]
    assert [e.path for e in warm.errors] == [e.path for e in cold.errors]


def test_touched_files_reuse_their_entries_in_worker_processes(tmp_path, monkeypatch):
    root = tmp_path / "project"
    root.mkdir()
    _project(root, 260)
    for path in root.iterdir():
        stat = os.stat(path)
        os.utime(path, ns=(stat.st_atime_ns - 10**10, stat.st_mtime_ns - 10**10))
    options = CheckOptions()
    cold = check_paths([str(root)], options, cache=open_cache(tmp_path / "cache", options))

    # New time stamps, same content: every file must be read and hashed again,
    # in the worker processes, but none interpreted.
    for path in root.iterdir():
        stat = os.stat(path)
        os.utime(path, ns=(stat.st_atime_ns - 5 * 10**9, stat.st_mtime_ns + 10**9))

    def fail(*args, **kwargs):
        raise AssertionError("unchanged content was interpreted again")

    monkeypatch.setattr(check_module, "check_source", fail)
    pieces = _record_pieces(monkeypatch)
    touched = check_paths([str(root)], options, cache=open_cache(tmp_path / "cache", options))
    assert sum(pieces) == 264
    assert [(f.path, f.line) for f in touched.findings] == [(f.path, f.line) for f in cold.findings]
    assert [(e.path, e.reason) for e in touched.errors] == [(e.path, e.reason) for e in cold.errors]
