"""Rules LD002 to LD006 on small sources written for one behaviour each."""

import textwrap
from pathlib import Path

import pytest

from loaderdoctor import i18n
from loaderdoctor.check import check_paths
from loaderdoctor.kinds import MISSING_IN_WORKER, UNPICKLABLE_OBJECT


def write(folder, name, source):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
    return path


def check(path, code=None):
    result = check_paths([str(path)])
    assert result.errors == [], result.errors
    return [f for f in result.findings if code is None or f.code == code]


@pytest.fixture
def chinese():
    saved = i18n._current_language
    i18n.set_language("zh-CN")
    yield
    i18n._current_language = saved


# -- LD002 ------------------------------------------------------------------------------


def test_pool_message_names_failing_platforms(tmp_path):
    script = write(tmp_path, "prep.py", """
        import multiprocessing as mp
        pool = mp.Pool(2)
    """)
    [finding] = check(script, "LD002")
    assert finding.line == 2
    assert "Windows, macOS and Linux from Python 3.14" in finding.message
    assert finding.kind == "unguarded-start"


def test_spawn_context_pool_fails_on_every_platform(tmp_path):
    script = write(tmp_path, "prep.py", """
        import multiprocessing as mp
        mp.set_start_method("spawn", force=True)
        pool = mp.Pool(2)
    """)
    [finding] = check(script, "LD002")
    assert 'The start method here is "spawn"' in finding.message


def test_executor_used_by_module_level_call_reported_at_call(tmp_path):
    script = write(tmp_path, "score.py", """
        from concurrent.futures import ProcessPoolExecutor
        EXECUTOR = ProcessPoolExecutor()

        def score(items):
            return list(EXECUTOR.map(abs, items))

        score([1, 2])
    """)
    [finding] = check(script, "LD002")
    assert finding.line == 7
    assert [link.line for link in finding.chain] == [7, 5]


def test_pool_started_by_imported_module(tmp_path):
    write(tmp_path, "features.py", """
        import multiprocessing
        with multiprocessing.Pool(2) as pool:
            FEATURES = pool.map(abs, range(4))
    """)
    script = write(tmp_path, "train.py", """
        import features

        if __name__ == "__main__":
            print(features.FEATURES)
    """)
    [finding] = check(script, "LD002")
    assert finding.line == 1
    assert Path(finding.chain[-1].path).name == "features.py"


def test_datasets_unknown_num_proc_says_unknown(tmp_path):
    script = write(tmp_path, "tok.py", """
        import sys
        from datasets import load_dataset
        data = load_dataset("imdb").map(len, num_proc=int(sys.argv[1]))
    """)
    [finding] = check(script, "LD002")
    assert "cannot be determined statically" in finding.message


def test_process_start_under_guard_is_clean(tmp_path):
    script = write(tmp_path, "run.py", """
        import multiprocessing as mp

        def work():
            pass

        if __name__ == "__main__":
            mp.Process(target=work).start()
    """)
    assert check(script) == []


# -- LD003 ------------------------------------------------------------------------------


def test_package_main_definitions_are_unimportable(tmp_path):
    write(tmp_path, "tool/__init__.py", "")
    script = write(tmp_path, "tool/__main__.py", """
        from torch.utils.data import DataLoader, Dataset

        class Rows(Dataset):
            def __len__(self):
                return 4

            def __getitem__(self, index):
                return index

        if __name__ == "__main__":
            print(list(DataLoader(Rows(), num_workers=2)))
    """)
    [finding] = check(script, "LD003")
    assert finding.line == 3
    assert "python -m" in finding.message
    assert finding.kind == MISSING_IN_WORKER


def test_loader_built_but_not_iterated_still_counts(tmp_path):
    script = write(tmp_path, "build.py", """
        from torch.utils.data import DataLoader, Dataset

        if __name__ == "__main__":
            class Rows(Dataset):
                def __len__(self):
                    return 4

                def __getitem__(self, index):
                    return index

            trainer_input = DataLoader(Rows(), num_workers=4)
    """)
    [finding] = check(script, "LD003")
    assert finding.line == 4
    assert [link.line for link in finding.chain] == [11]


def test_local_dataset_class_carries_unpicklable_kind(tmp_path):
    script = write(tmp_path, "windows.py", """
        from torch.utils.data import DataLoader, Dataset

        def make(size):
            class Windows(Dataset):
                def __len__(self):
                    return size

                def __getitem__(self, index):
                    return index
            return Windows()

        if __name__ == "__main__":
            print(list(DataLoader(make(4), num_workers=2)))
    """)
    [finding] = check(script, "LD003")
    assert finding.kind == UNPICKLABLE_OBJECT
    assert "Can't pickle local object" in finding.message
    assert "`make`" in finding.message


def test_windows_only_zero_names_other_platforms(tmp_path):
    script = write(tmp_path, "guarded.py", """
        import os
        from torch.utils.data import DataLoader, Dataset

        if __name__ == "__main__":
            class Rows(Dataset):
                pass

            print(list(DataLoader(Rows(), num_workers=0 if os.name == "nt" else 2)))
    """)
    [finding] = check(script, "LD003")
    assert "macOS and Linux from Python 3.14" in finding.message
    assert "Windows," not in finding.message


def test_spawn_context_fails_on_every_platform(tmp_path):
    script = write(tmp_path, "guarded.py", """
        from torch.utils.data import DataLoader, Dataset

        if __name__ == "__main__":
            class Rows(Dataset):
                pass

            print(list(DataLoader(Rows(), num_workers=2, multiprocessing_context="spawn")))
    """)
    [finding] = check(script, "LD003")
    assert "every platform" in finding.message


def test_unknown_workers_are_named_unknown(tmp_path):
    script = write(tmp_path, "guarded.py", """
        import sys
        from torch.utils.data import DataLoader, Dataset

        if __name__ == "__main__":
            class Rows(Dataset):
                pass

            workers = int(sys.argv[1])
            print(list(DataLoader(Rows(), num_workers=workers)))
    """)
    [finding] = check(script, "LD003")
    assert "num_workers=unknown" in finding.message
    assert "cannot be determined statically" in finding.message


def test_ld003_message_in_chinese(tmp_path, chinese):
    script = write(tmp_path, "guarded.py", """
        from torch.utils.data import DataLoader, Dataset

        if __name__ == "__main__":
            class Rows(Dataset):
                pass

            print(list(DataLoader(Rows(), num_workers=2)))
    """)
    [finding] = check(script, "LD003")
    assert "代码块" in finding.message
    assert "。这在 spawn" in finding.message, "Chinese sentences are joined without a space"
    assert "模块顶层" in finding.help


# -- LD004 ------------------------------------------------------------------------------


def test_lambda_in_imported_module_reported_there(tmp_path):
    write(tmp_path, "transforms.py", """
        def make_scale(factor):
            return lambda sample: sample * factor
    """)
    script = write(tmp_path, "train.py", """
        from torch.utils.data import DataLoader
        from transforms import make_scale

        if __name__ == "__main__":
            print(list(DataLoader([1, 2], num_workers=2, collate_fn=make_scale(2))))
    """)
    [finding] = check(script, "LD004")
    assert Path(finding.path).name == "transforms.py"
    assert finding.line == 2
    assert "make_scale.<locals>.<lambda>" in finding.message


def test_method_of_local_class_as_collate(tmp_path):
    script = write(tmp_path, "train.py", """
        from torch.utils.data import DataLoader

        def build():
            class Batcher:
                def collate(self, batch):
                    return batch
            return DataLoader([1, 2], num_workers=2, collate_fn=Batcher().collate)

        if __name__ == "__main__":
            print(list(build()))
    """)
    [finding] = check(script, "LD004")
    assert finding.line == 4
    assert "build.<locals>.Batcher" in finding.message


def test_lambda_in_module_level_comprehension_does_not_crash(tmp_path):
    script = write(tmp_path, "train.py", """
        from torch.utils.data import DataLoader
        steps = [lambda x: x for _ in range(3)]
    """)
    assert check(script) == []


# -- LD005 ------------------------------------------------------------------------------


def test_handle_in_imported_dataset_reported_in_its_module(tmp_path):
    write(tmp_path, "records.py", """
        from torch.utils.data import Dataset

        class Records(Dataset):
            def __init__(self, path):
                self.path = path
                self.handle = open(path, "rb")
    """)
    script = write(tmp_path, "train.py", """
        from torch.utils.data import DataLoader
        from records import Records

        if __name__ == "__main__":
            print(list(DataLoader(Records("data.bin"), num_workers=2)))
    """)
    [finding] = check(script, "LD005")
    assert (Path(finding.path).name, finding.line) == ("records.py", 6)
    assert "`Records.handle` holds an open file" in finding.message
    assert "train.py:5" in finding.message
    assert "open it in the worker on first use" in finding.help


def test_lock_help_recreates_it(tmp_path):
    script = write(tmp_path, "train.py", """
        import threading
        from torch.utils.data import DataLoader, Dataset

        class Cached(Dataset):
            def __init__(self):
                self.lock = threading.RLock()

        if __name__ == "__main__":
            print(list(DataLoader(Cached(), num_workers=2)))
    """)
    [finding] = check(script, "LD005")
    assert "__setstate__" in finding.help


# -- LD006 ------------------------------------------------------------------------------


def test_start_method_chosen_in_either_branch_is_clean(tmp_path):
    script = write(tmp_path, "train.py", """
        import multiprocessing as mp
        import sys

        if __name__ == "__main__":
            if sys.platform == "linux":
                mp.set_start_method("forkserver")
            else:
                mp.set_start_method("spawn")
    """)
    assert check(script) == []


def test_fork_at_module_level_is_clean(tmp_path):
    script = write(tmp_path, "train.py", """
        import multiprocessing as mp
        mp.set_start_method("fork")
    """)
    assert check(script) == []


def test_caught_runtime_error_is_clean(tmp_path):
    script = write(tmp_path, "train.py", """
        import torch.multiprocessing as mp

        try:
            mp.set_start_method("spawn")
        except RuntimeError:
            pass

        if __name__ == "__main__":
            try:
                mp.set_start_method("forkserver")
            except (ValueError, RuntimeError):
                pass
    """)
    assert check(script) == []


def test_other_exception_does_not_hide_call(tmp_path):
    script = write(tmp_path, "train.py", """
        import torch.multiprocessing as mp

        try:
            mp.set_start_method("spawn")
        except ValueError:
            pass
    """)
    assert [f.line for f in check(script, "LD006")] == [4]


def test_set_after_get_start_method(tmp_path):
    script = write(tmp_path, "train.py", """
        import multiprocessing as mp

        if __name__ == "__main__":
            print(mp.get_start_method())
            mp.set_start_method("spawn")
    """)
    [finding] = check(script, "LD006")
    assert finding.line == 5
    assert "`get_start_method()`" in finding.message


def test_set_after_pool_start(tmp_path):
    script = write(tmp_path, "train.py", """
        import multiprocessing as mp

        if __name__ == "__main__":
            with mp.Pool(2) as pool:
                pool.map(abs, range(4))
            mp.set_start_method("spawn")
    """)
    [finding] = check(script, "LD006")
    assert finding.line == 6
    assert "starting `multiprocessing.Pool`" in finding.message


def test_conditional_earlier_call_does_not_count(tmp_path):
    script = write(tmp_path, "train.py", """
        import multiprocessing as mp
        import sys

        if sys.platform == "darwin":
            mp.set_start_method("spawn")

        if __name__ == "__main__":
            mp.set_start_method("forkserver")
    """)
    findings = check(script, "LD006")
    assert [(f.line, "import" in f.message) for f in findings] == [(5, True)]


def test_notebook_skips_start_method(tmp_path):
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text(
        '{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,'
        ' "source": ["import multiprocessing as mp\\n", "mp.set_start_method(\\"spawn\\")"]}],'
        ' "metadata": {}, "nbformat": 4, "nbformat_minor": 5}',
        encoding="utf-8",
    )
    assert check(notebook) == []


# -- findings placed in an imported module ------------------------------------------------


RECORDS = """
    from torch.utils.data import Dataset

    class Records(Dataset):
        def __init__(self, path):
            self.handle = open(path, "rb"){comment}
"""
TRAIN = """
    from torch.utils.data import DataLoader
    from records import Records

    if __name__ == "__main__":
        print(list(DataLoader(Records("data.bin"), num_workers=2)))
"""


def test_suppression_comment_in_imported_module(tmp_path):
    write(tmp_path, "records.py", RECORDS.format(comment="  # noqa: LD005"))
    script = write(tmp_path, "train.py", TRAIN)
    assert check(script) == []


def test_suppression_comment_in_checked_file_does_not_reach_module(tmp_path):
    write(tmp_path, "records.py", RECORDS.format(comment=""))
    # Line 5 of train.py carries the comment; line 5 of records.py has the finding.
    script = write(tmp_path, "train.py", TRAIN.rstrip() + "  # noqa: LD005\n")
    assert [(Path(f.path).name, f.line) for f in check(script)] == [("records.py", 5)]


def test_definition_shared_by_two_scripts_reported_once(tmp_path):
    write(tmp_path, "records.py", RECORDS.format(comment=""))
    write(tmp_path, "train.py", TRAIN)
    write(tmp_path, "evaluate.py", TRAIN)
    result = check_paths([str(tmp_path)])
    assert [(Path(f.path).name, f.line, f.code) for f in result.findings] == [("records.py", 5, "LD005")]


def test_torch_spawn_with_fork_is_clean(tmp_path):
    script = write(tmp_path, "launch.py", """
        import torch.multiprocessing as mp

        def rank_main(rank):
            print(rank)

        mp.spawn(rank_main, nprocs=2, start_method="fork")
    """)
    assert check(script) == []


def test_executor_with_fork_context_is_clean(tmp_path):
    script = write(tmp_path, "score.py", """
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(2, mp.get_context("fork")) as executor:
            print(list(executor.map(abs, range(4))))
    """)
    assert check(script) == []


# -- names from star imports --------------------------------------------------------------


def test_star_import_of_dataloader_and_pool(tmp_path):
    script = write(tmp_path, "train.py", """
        from multiprocessing import *
        from torch.utils.data import *

        for batch in DataLoader(list(range(4)), num_workers=2):
            pass
        pool = Pool(2)
        print(len([1]))
    """)
    assert [(f.code, f.line) for f in check(script)] == [("LD001", 4), ("LD002", 6)]


def test_concat_dataset_of_local_class_is_ld003(tmp_path):
    script = write(tmp_path, "train.py", """
        from torch.utils.data import ConcatDataset, DataLoader, Dataset

        def make():
            class Part(Dataset):
                pass
            return Part()

        if __name__ == "__main__":
            print(list(DataLoader(ConcatDataset([make(), make()]), num_workers=2)))
    """)
    assert [(f.code, f.line) for f in check(script)] == [("LD003", 4)]


def test_list_of_local_objects_is_ld004(tmp_path):
    script = write(tmp_path, "train.py", """
        from torch.utils.data import DataLoader

        def make():
            class Sample:
                pass
            return Sample()

        if __name__ == "__main__":
            print(list(DataLoader([make(), make()], num_workers=2)))
    """)
    assert [(f.code, f.line) for f in check(script)] == [("LD004", 4)]


def test_fork_set_on_linux_only_still_reports_pool(tmp_path):
    script = write(tmp_path, "prep.py", """
        import multiprocessing as mp
        import sys

        if sys.platform == "linux":
            mp.set_start_method("fork")
        pool = mp.Pool(2)
    """)
    assert [f.line for f in check(script, "LD002")] == [6]


def test_fork_set_first_silences_pool(tmp_path):
    script = write(tmp_path, "prep.py", """
        import multiprocessing as mp

        mp.set_start_method("fork")
        pool = mp.Pool(2)
    """)
    assert check(script, "LD002") == []
