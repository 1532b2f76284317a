"""Star imports in a package's __init__ run a module only when one of its names is used."""

import textwrap

from loaderdoctor.check import CheckOptions, check_paths
from loaderdoctor.check import project as project_module


def _write(root, files):
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def _parsed_paths(monkeypatch):
    parsed = []
    real = project_module.load_cached

    def recording(path):
        parsed.append(path.name if path.name != "__init__.py" else f"{path.parent.name}/__init__.py")
        return real(path)

    monkeypatch.setattr(project_module, "load_cached", recording)
    return parsed


PACKAGE = {
    "pyproject.toml": "[project]\nname = 'demo'\n",
    "zoo/__init__.py": """\
        from .settings import *
        from .heavy_a import *
        from .heavy_b import *
        """,
    "zoo/settings.py": """\
        WORKERS = 3


        def shift(value):
            return lambda item: item + value
        """,
    "zoo/heavy_a.py": "def model_a():\n    return 1\n",
    "zoo/heavy_b.py": "def model_b():\n    return 2\n",
}


def test_unused_star_imported_modules_are_not_parsed(tmp_path, monkeypatch):
    _write(tmp_path, {**PACKAGE, "train.py": """\
        from torch.utils.data import DataLoader
        from zoo import WORKERS

        for batch in DataLoader(list(range(8)), num_workers=WORKERS):
            pass
        """})
    parsed = _parsed_paths(monkeypatch)
    result = check_paths([str(tmp_path / "train.py")], CheckOptions())
    assert [(f.code, f.line) for f in result.findings] == [("LD001", 4)]
    # The value comes from the module that defines the name, run on demand.
    assert "num_workers=3" in result.findings[0].message
    assert "settings.py" in parsed
    assert "heavy_a.py" not in parsed
    assert "heavy_b.py" not in parsed


def test_names_used_through_the_package_reach_the_rules(tmp_path):
    _write(tmp_path, {**PACKAGE, "train.py": """\
        import zoo
        from torch.utils.data import DataLoader


        class Items:
            def __init__(self):
                self.transform = zoo.shift(1)

            def __len__(self):
                return 4

            def __getitem__(self, index):
                return self.transform(index)


        if __name__ == "__main__":
            for batch in DataLoader(Items(), num_workers=zoo.WORKERS):
                print(batch)
        """})
    result = check_paths([str(tmp_path / "train.py")], CheckOptions())
    # The lambda made in the star-imported module reaches the workers.
    assert [f.code for f in result.findings] == ["LD004"]
    assert result.findings[0].path.endswith("settings.py")


def test_module_with_a_trigger_runs_at_import(tmp_path):
    _write(tmp_path, {
        "pyproject.toml": "[project]\nname = 'demo'\n",
        "jobs/__init__.py": "from .warmup import *\n",
        "jobs/warmup.py": """\
            from torch.utils.data import DataLoader

            for batch in DataLoader(list(range(4)), num_workers=2):
                pass
            """,
        "serve.py": "import jobs\n",
    })
    result = check_paths([str(tmp_path / "serve.py")], CheckOptions())
    assert [(f.code, f.path.rsplit("/", 1)[-1], f.line) for f in result.findings] == [("LD001", "serve.py", 1)]
