"""The built-in catalog of library helpers: each entry flags its worker start and stays quiet without workers."""

import os
import subprocess
import sys
import textwrap

import pytest

from loaderdoctor.check import CheckOptions, check_paths

CATALOG = {
    "d2l-load-data-train-ch3": (
        """
        from d2l import torch as d2l
        train_iter, test_iter = d2l.load_data_fashion_mnist(256)
        d2l.train_ch3(None, train_iter, test_iter, None, 3, None)
        """,
        """
        from d2l import torch as d2l
        train_iter = d2l.load_array((None, None), 10)
        d2l.train_ch3(None, train_iter, train_iter, None, 3, None)
        """,
    ),
    "d2l-trainer-fit": (
        """
        from d2l import torch as d2l
        d2l.Trainer(max_epochs=3).fit(None, d2l.FashionMNIST(batch_size=64))
        """,
        """
        from d2l import torch as d2l
        trainer = d2l.Trainer(max_epochs=3)
        """,
    ),
    "lightning-fit-dataloaders": (
        """
        import lightning as L
        from torch.utils.data import DataLoader
        L.Trainer(max_epochs=1).fit(None, train_dataloaders=DataLoader(range(8), num_workers=2))
        """,
        """
        import lightning as L
        from torch.utils.data import DataLoader
        L.Trainer(max_epochs=1).fit(None, train_dataloaders=DataLoader(range(8)))
        """,
    ),
    "lightning-fit-datamodule": (
        """
        import pytorch_lightning as pl
        from torch.utils.data import DataLoader

        class Data(pl.LightningDataModule):
            def train_dataloader(self):
                return DataLoader(range(8), num_workers=4)

        pl.Trainer().fit(None, datamodule=Data())
        """,
        """
        import pytorch_lightning as pl
        from torch.utils.data import DataLoader

        class Data(pl.LightningDataModule):
            def train_dataloader(self):
                return DataLoader(range(8), num_workers=4)

        if __name__ == "__main__":
            pl.Trainer().fit(None, datamodule=Data())
        """,
    ),
    "transformers-trainer": (
        """
        from transformers import Trainer, TrainingArguments
        args = TrainingArguments(output_dir="out", dataloader_num_workers=4)
        Trainer(model=None, args=args, train_dataset=[1, 2, 3]).train()
        """,
        """
        from transformers import Trainer, TrainingArguments
        Trainer(model=None, args=TrainingArguments(output_dir="out"), train_dataset=[1, 2, 3]).train()
        """,
    ),
    "torch-geometric-loader": (
        """
        from torch_geometric.loader import NeighborLoader
        for batch in NeighborLoader(None, num_neighbors=[10], num_workers=2):
            pass
        """,
        """
        from torch_geometric.loader import DataLoader
        for batch in DataLoader([], batch_size=32):
            pass
        """,
    ),
    "fastai-learner": (
        """
        from fastai.vision.all import *
        dls = ImageDataLoaders.from_folder("data")
        vision_learner(dls, None).fine_tune(1)
        """,
        """
        from fastai.vision.all import *
        dls = ImageDataLoaders.from_folder("data", num_workers=0)
        vision_learner(dls, None).fine_tune(1)
        """,
    ),
}


def ld001_lines(tmp_path, text):
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(text).lstrip())
    result = check_paths([str(script)], CheckOptions())
    assert result.errors == []
    return [finding.line for finding in result.findings if finding.code == "LD001"]


@pytest.mark.parametrize("entry", sorted(CATALOG))
def test_catalog_entry_flags_worker_start(tmp_path, entry):
    positive, _ = CATALOG[entry]
    lines = ld001_lines(tmp_path, positive)
    assert lines, f"{entry}: no LD001"


@pytest.mark.parametrize("entry", sorted(CATALOG))
def test_catalog_entry_quiet_without_workers(tmp_path, entry):
    _, negative = CATALOG[entry]
    assert ld001_lines(tmp_path, negative) == []


def test_every_stub_module_has_an_entry():
    from loaderdoctor.check.project import STUB_ROOT

    libraries = {path.name for path in STUB_ROOT.iterdir() if path.is_dir() and not path.name.startswith("_")}
    covered = {"d2l", "lightning", "pytorch_lightning", "transformers", "torch_geometric", "fastai"}
    assert libraries == covered


def test_installed_library_source_is_followed(tmp_path):
    site = tmp_path / "site-packages"
    (site / "trainkit").mkdir(parents=True)
    (site / "trainkit" / "__init__.py").write_text("")
    (site / "trainkit" / "loops.py").write_text(textwrap.dedent("""
        def run_epochs(loader, epochs=1):
            for _ in range(epochs):
                for batch in loader:
                    pass
    """))
    project = tmp_path / "project"
    project.mkdir()
    (project / "train.py").write_text(textwrap.dedent("""
        from torch.utils.data import DataLoader
        from trainkit.loops import run_epochs
        run_epochs(DataLoader(range(8), num_workers=2))
        run_epochs([1, 2, 3])
    """).lstrip())
    code = (
        "import sys, json\n"
        "from loaderdoctor.check import check_paths\n"
        f"result = check_paths([{str(project / 'train.py')!r}])\n"
        "print(json.dumps([f.to_json() for f in result.findings]))\n"
    )
    environment = dict(os.environ, PYTHONPATH=str(site), LOADERDOCTOR_LANG="en")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment,
                            timeout=60)
    import json

    findings = json.loads(output.stdout)
    assert [f["line"] for f in findings if f["code"] == "LD001"] == [3]
    chain = findings[0]["chain"]
    assert chain[-1]["library"] is True
    assert chain[-1]["path"] == "trainkit.loops"
