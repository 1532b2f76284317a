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
