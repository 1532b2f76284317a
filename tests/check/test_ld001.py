"""LD001 on the shapes that real scripts take."""

import textwrap
from pathlib import Path

import pytest

from loaderdoctor.check import check_paths
from loaderdoctor.i18n import set_language

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def english():
    set_language("en")


def check_text(tmp_path, text, name="script.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    result = check_paths([str(path)])
    assert result.errors == []
    return [finding for finding in result.findings if finding.code == "LD001"]


def test_d2l_log_script_flagged_at_call():
    result = check_paths([str(DATA / "softmax_speed.py")])
    findings = [f for f in result.findings if f.code == "LD001"]
    assert len(findings) == 1
    finding = findings[0]
    assert finding.line == 95
    assert [link.line for link in finding.chain] == [95, 50]
    assert finding.value_text == "4"
    assert any("get_dataloader_workers()" in source.text for source in finding.value_sources)
    assert any(source.library and source.text.strip() == "return 4" for source in finding.value_sources)


def test_d2l_book_train_ch3(tmp_path):
    findings = check_text(tmp_path, """\
        from d2l import torch as d2l
        batch_size = 256
        train_iter, test_iter = d2l.load_data_fashion_mnist(batch_size)
        net = None
        d2l.train_ch3(net, train_iter, test_iter, None, 10, None)
    """)
    assert [f.line for f in findings] == [5]
    assert findings[0].chain[-1].library
    assert findings[0].value_text == "4"


def test_d2l_train_ch6_through_import_alias(tmp_path):
    findings = check_text(tmp_path, """\
        import d2l.torch as d2l
        train_iter, test_iter = d2l.load_data_fashion_mnist(batch_size=128, resize=224)
        d2l.train_ch6(None, train_iter, test_iter, 10, 0.1, d2l.try_gpu())
    """)
    assert [f.line for f in findings] == [3]


def test_d2l_loader_built_but_not_iterated(tmp_path):
    findings = check_text(tmp_path, """\
        from d2l import torch as d2l
        train_iter, test_iter = d2l.load_data_fashion_mnist(256)
        print(len(train_iter))
    """)
    assert findings == []


def test_d2l_one_data_module_and_trainer(tmp_path):
    findings = check_text(tmp_path, """\
        from d2l import torch as d2l

        data = d2l.FashionMNIST(batch_size=256)
        X, y = next(iter(data.train_dataloader()))
        model = None
        trainer = d2l.Trainer(max_epochs=10)
        trainer.fit(model, data)
    """)
    assert [f.line for f in findings] == [4, 7]
    assert all(f.value_text == "4" for f in findings)


def test_d2l_one_tensor_loader_has_no_workers(tmp_path):
    findings = check_text(tmp_path, """\
        from d2l import torch as d2l

        class Data(d2l.DataModule):
            def __init__(self, X, y, batch_size=32):
                super().__init__()
                self.X, self.y, self.batch_size = X, y, batch_size

            def get_dataloader(self, train):
                return self.get_tensorloader((self.X, self.y), train)

        data = Data(None, None)
        trainer = d2l.Trainer(max_epochs=3)
        trainer.fit(None, data)
    """)
    assert findings == []


def test_windows_only_zero_names_other_platforms(tmp_path):
    findings = check_text(tmp_path, """\
        import os
        from torch.utils.data import DataLoader
        loader = DataLoader(range(10), num_workers=0 if os.name == "nt" else 4)
        for batch in loader:
            pass
    """)
    assert len(findings) == 1
    message = findings[0].message
    assert "0 only on Windows, so" in message
    assert "macOS" in message
    assert "Linux from Python 3.14" in message


def test_zero_everywhere_but_linux_is_clean_on_spawn_platforms(tmp_path):
    findings = check_text(tmp_path, """\
        import sys
        from torch.utils.data import DataLoader
        workers = 4 if sys.platform.startswith("linux") else 0
        for batch in DataLoader(range(10), num_workers=workers):
            pass
    """)
    assert len(findings) == 1
    assert "Linux from Python 3.14" in findings[0].message
    assert "Windows" not in findings[0].message.split("fails on")[-1]


def test_platform_branch_zero_on_both_spawn_platforms(tmp_path):
    findings = check_text(tmp_path, """\
        import platform
        from torch.utils.data import DataLoader
        if platform.system() in ("Windows", "Darwin"):
            workers = 0
        else:
            workers = 2
        for batch in DataLoader(range(10), num_workers=workers):
            pass
    """)
    assert len(findings) == 1
    assert "0 only on Windows and macOS" in findings[0].message
    assert findings[0].message.endswith("still fails on Linux from Python 3.14")


def test_cpu_count_reported_as_machine_dependent(tmp_path):
    findings = check_text(tmp_path, """\
        import os
        import torch.utils.data as tud
        loader = tud.DataLoader(range(8), num_workers=os.cpu_count())
        batches = list(loader)
    """)
    assert len(findings) == 1
    assert "cpu_count()" in findings[0].value_text


def test_unknown_value_says_unknown(tmp_path):
    findings = check_text(tmp_path, """\
        import json
        from torch.utils.data import DataLoader
        settings = json.load(open("settings.json"))
        for batch in DataLoader(range(8), num_workers=settings["workers"]):
            pass
    """)
    assert len(findings) == 1
    assert "cannot be determined statically" in findings[0].message


def test_dict_updated_under_condition(tmp_path):
    findings = check_text(tmp_path, """\
        import torch
        from torch.utils.data import DataLoader
        train_kwargs = {"batch_size": 64}
        if torch.cuda.is_available():
            train_kwargs.update({"num_workers": 1, "pin_memory": True})
        loader = DataLoader(range(10), **train_kwargs)
        for epoch in range(2):
            for batch in loader:
                pass
    """)
    assert len(findings) == 1
    assert findings[0].value_text in ("0, 1", "1, 0")


def test_loader_passed_to_iterating_function(tmp_path):
    findings = check_text(tmp_path, """\
        from torch.utils import data

        def consume(loader):
            total = 0
            for _ in enumerate(loader):
                total += 1
            return total

        print(consume(data.DataLoader(range(5), batch_size=2, num_workers=3)))
    """)
    assert [[link.line for link in f.chain] for f in findings] == [[9, 5]]


def test_generator_not_iterated_is_safe(tmp_path):
    findings = check_text(tmp_path, """\
        from torch.utils.data import DataLoader

        def batches(loader):
            for batch in loader:
                yield batch

        stream = batches(DataLoader(range(5), num_workers=2))
    """)
    assert findings == []


def test_generator_expression_starts_workers(tmp_path):
    findings = check_text(tmp_path, """\
        from torch.utils.data import DataLoader
        loader = DataLoader(range(5), num_workers=2)
        squares = (b * b for b in loader)
    """)
    assert [f.line for f in findings] == [3]


def test_building_loader_alone_is_safe(tmp_path):
    findings = check_text(tmp_path, """\
        from torch.utils.data import DataLoader as DL
        loader = DL(range(5), num_workers=8, persistent_workers=True)
        print(len(loader))
    """)
    assert findings == []


def test_fork_context_is_not_reported(tmp_path):
    findings = check_text(tmp_path, """\
        from torch.utils.data import DataLoader
        for batch in DataLoader(range(5), num_workers=2, multiprocessing_context="fork"):
            pass
    """)
    assert findings == []


@pytest.mark.parametrize("guard", [
    'if __name__ == "__main__":',
    "if '__main__' == __name__:",
    'if __name__ == "__main__" and True:',
])
def test_guard_spellings(tmp_path, guard):
    findings = check_text(tmp_path, f"""\
        from torch.utils.data import DataLoader
        def main():
            for batch in DataLoader(range(5), num_workers=2):
                pass
        {guard}
            main()
    """)
    assert findings == []


def test_else_branch_of_inverse_guard(tmp_path):
    findings = check_text(tmp_path, """\
        from torch.utils.data import DataLoader
        if __name__ != "__main__":
            pass
        else:
            for batch in DataLoader(range(5), num_workers=2):
                pass
    """)
    assert findings == []


def test_inverse_guard_body_is_unguarded(tmp_path):
    findings = check_text(tmp_path, """\
        from torch.utils.data import DataLoader
        if __name__ != "__main__":
            for batch in DataLoader(range(5), num_workers=2):
                pass
    """)
    assert [f.line for f in findings] == [3]


def test_dataclass_default_workers(tmp_path):
    findings = check_text(tmp_path, """\
        from dataclasses import dataclass
        from torch.utils.data import DataLoader

        @dataclass
        class Config:
            batch_size: int = 32
            num_workers: int = 6

        cfg = Config()
        loader = DataLoader(range(64), batch_size=cfg.batch_size, num_workers=cfg.num_workers)
        first = next(iter(loader))
    """)
    assert len(findings) == 1
    assert findings[0].value_text == "6"
    assert any(source.line == 7 for source in findings[0].value_sources)


def test_dataclass_field_overridden_to_zero(tmp_path):
    findings = check_text(tmp_path, """\
        from dataclasses import dataclass
        from torch.utils.data import DataLoader

        @dataclass
        class Config:
            num_workers: int = 6

        cfg = Config(num_workers=0)
        first = next(iter(DataLoader(range(64), num_workers=cfg.num_workers)))
    """)
    assert findings == []


def test_class_attribute_default(tmp_path):
    findings = check_text(tmp_path, """\
        import torch
        class Opts:
            workers = int("3")
        for x in torch.utils.data.DataLoader(range(4), num_workers=Opts.workers):
            pass
    """)
    assert len(findings) == 1
    assert findings[0].value_text == "3"


def test_tqdm_and_zip_wrappers(tmp_path):
    findings = check_text(tmp_path, """\
        from tqdm import tqdm
        from torch.utils.data import DataLoader
        a = DataLoader(range(4), num_workers=1)
        b = DataLoader(range(4), num_workers=0)
        for x in tqdm(a):
            pass
        pairs = zip(b, b)
    """)
    assert [f.line for f in findings] == [5]


def test_deep_method_chain_through_self(tmp_path):
    findings = check_text(tmp_path, """\
        from torch.utils.data import DataLoader

        class Runner:
            def __init__(self):
                self.loader = DataLoader(range(4), num_workers=2)

            def run(self):
                return self.epoch()

            def epoch(self):
                return self.step_all()

            def step_all(self):
                return [batch for batch in self.loader]

        Runner().run()
    """)
    assert [[link.line for link in f.chain] for f in findings] == [[16, 8, 11, 14]]


def test_affinity_count_is_machine_dependent(tmp_path):
    findings = check_text(tmp_path, """\
        import os
        from torch.utils.data import DataLoader
        for batch in DataLoader(range(4), num_workers=len(os.sched_getaffinity(0))):
            pass
    """)
    assert len(findings) == 1
    assert findings[0].value_text == "len(os.sched_getaffinity(0))"
    assert "cannot be determined statically" not in findings[0].message
