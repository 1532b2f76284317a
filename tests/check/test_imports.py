"""Imported modules run as Python runs them: the containing packages first."""

import textwrap

from loaderdoctor.check import CheckOptions, check_paths


def test_package_runs_before_its_submodule(tmp_path):
    files = {
        "pyproject.toml": "[project]\nname = 'demo'\n",
        "pkg/__init__.py": "from .base import Base\nfrom .child import Child\n",
        "pkg/base.py": """\
            class Base:
                def __init__(self):
                    self.transform = lambda item: item

                def __len__(self):
                    return 2

                def __getitem__(self, index):
                    return self.transform(index)
            """,
        "pkg/child.py": "from pkg import Base\n\n\nclass Child(Base):\n    pass\n",
        # The submodule is imported first; Python still runs pkg/__init__.py
        # before it, so pkg.Child exists when the script uses it.
        "train.py": """\
            from torch.utils.data import DataLoader

            from pkg.child import Child
            import pkg

            if __name__ == "__main__":
                for batch in DataLoader(pkg.Child(), num_workers=2):
                    print(batch, Child)
            """,
    }
    for relative, text in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    result = check_paths([str(tmp_path / "train.py")], CheckOptions())
    assert [(f.code, f.path.rsplit("/", 1)[-1], f.line) for f in result.findings] == [("LD004", "base.py", 3)]


def test_argparse_default_crosses_modules(tmp_path):
    files = {
        "run.py": """\
            import argparse
            from exp import Exp

            parser = argparse.ArgumentParser()
            parser.add_argument("--num_workers", type=int, default=6)
            args = parser.parse_args()
            exp = Exp(args)
            exp.train()
            """,
        "exp.py": """\
            from data_provider.factory import data_provider


            class Exp:
                def __init__(self, args):
                    self.args = args

                def train(self):
                    for batch in data_provider(self.args):
                        pass
            """,
        "data_provider/__init__.py": "",
        "data_provider/factory.py": """\
            from torch.utils.data import DataLoader


            def data_provider(args):
                return DataLoader(list(range(8)), batch_size=2, num_workers=args.num_workers)
            """,
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))

    result = check_paths([str(tmp_path / "run.py")], CheckOptions())
    assert [(f.code, f.line) for f in result.findings] == [("LD001", 8)]
    finding = result.findings[0]
    assert "num_workers=6" in finding.message
    assert "exp.py:9" in finding.message
    chain_files = [step.path.replace("\\", "/").rsplit("/", 1)[-1] for step in finding.chain]
    assert chain_files == ["run.py", "exp.py"]
    origins = [(step.path.replace("\\", "/").rsplit("/", 2)[-2:], step.line) for step in finding.value_sources]
    assert (["data_provider", "factory.py"], 5) in origins
    assert ([tmp_path.name, "run.py"], 5) in origins
