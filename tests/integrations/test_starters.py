"""worker-starters: calls to declared helpers whose source check cannot read."""

import pytest

from loaderdoctor.check import CheckOptions, check_paths
from tests.integrations.helpers import make_project, run_check as run_cli

STARTER = ("mypkg.train.fit",)


def findings(tmp_path, source, starters=STARTER):
    (tmp_path / "train.py").write_text(source)
    result = check_paths([str(tmp_path / "train.py")], CheckOptions(worker_starters=starters))
    assert result.errors == []
    return result.findings


def test_loader_argument_iterated(tmp_path):
    source = (
        "from torch.utils.data import DataLoader\n"
        "from mypkg.train import fit\n"
        "\n"
        "loader = DataLoader(range(8), num_workers=3)\n"
        "fit(None, loader)\n"
    )
    found = findings(tmp_path, source)
    assert [(f.line, f.code) for f in found] == [(5, "LD001")]
    assert found[0].value_text == "3"
    assert [link.line for link in found[0].chain] == [5]


def test_not_a_starter_without_configuration(tmp_path):
    source = "from torch.utils.data import DataLoader\nfrom mypkg.train import fit\nfit(None, DataLoader(range(8), num_workers=3))\n"
    assert findings(tmp_path, source, starters=()) == []


def test_loader_without_workers_is_safe(tmp_path):
    source = "from torch.utils.data import DataLoader\nfrom mypkg.train import fit\nfit(None, DataLoader(range(8), num_workers=0))\n"
    assert findings(tmp_path, source) == []


@pytest.mark.parametrize(
    "call",
    [
        "fit(None, train_loaders=[loader])",
        "fit(None, {'train': loader})",
        "fit(None, enumerate(loader))",
    ],
)
def test_loader_inside_container_or_wrapper(tmp_path, call):
    source = (
        "from torch.utils.data import DataLoader\n"
        "from mypkg.train import fit\n"
        "loader = DataLoader(range(8), num_workers=2)\n"
        f"{call}\n"
    )
    found = findings(tmp_path, source)
    assert [(f.line, f.value_text) for f in found] == [(4, "2")]


def test_call_without_loader_starts_own_workers(tmp_path):
    source = "import mypkg.train\n\nmypkg.train.fit({'epochs': 3})\n"
    found = findings(tmp_path, source)
    assert [(f.line, f.code) for f in found] == [(3, "LD001")]
    assert "chosen inside mypkg.train.fit" in found[0].message


def test_call_under_guard_is_safe(tmp_path):
    source = (
        "from mypkg.train import fit\n"
        "\n"
        "def main():\n"
        "    fit({'epochs': 3})\n"
        "\n"
        'if __name__ == "__main__":\n'
        "    fit({'epochs': 3})\n"
        "    main()\n"
    )
    assert findings(tmp_path, source) == []


def test_call_through_function_reports_chain(tmp_path):
    source = (
        "from mypkg import train as training\n"
        "\n"
        "def run():\n"
        "    training.fit({'epochs': 3})\n"
        "\n"
        "run()\n"
    )
    found = findings(tmp_path, source)
    assert [(f.line, [link.line for link in f.chain]) for f in found] == [(6, [6, 4])]


def test_starter_from_pyproject_end_to_end(tmp_path):
    make_project(
        tmp_path,
        {
            "pyproject.toml": '[tool.loaderdoctor]\nworker-starters = ["mypkg.train.fit"]\n',
            "train.py": "from mypkg.train import fit\n\nfit({'epochs': 3})\n",
        },
    )
    result = run_cli("--format", "concise", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("train.py:3:1: LD001 ")
    assert run_cli("--isolated", cwd=tmp_path).returncode == 0
