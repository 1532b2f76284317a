"""Suppression comments in check itself: which comments count, on which line, and what they do not cover."""

import json

import pytest

from loaderdoctor.check import CheckOptions, check_paths
from loaderdoctor.check.config import Overrides, Resolver, overrides_from_options
from loaderdoctor.check.runner import run_check
from tests.integrations.helpers import make_project, run_check as run_cli

LOOP = "from torch.utils.data import DataLoader\nfor batch in DataLoader(range(4), num_workers=2):{comment}\n    pass\n"

# A finding at line 11 whose chain ends at the loop on line 7.
CHAIN = """\
from torch.utils.data import DataLoader

loader = DataLoader(range(8), num_workers=2)


def train(data):
    for batch in data:{deep}
        pass


train(loader){top}
"""


def lines_found(folder, overrides=None):
    result = run_check([str(folder)], Resolver(overrides or Overrides(), isolated=True))
    assert result.errors == []
    return sorted((f.path.rsplit("/", 1)[-1], f.line, f.code) for f in result.findings)


SUPPRESSING = [
    "  # noqa",
    "  # noqa: LD001",
    "  # noqa:LD001",
    "  # NOQA: LD001",
    "  # noqa: LD",
    "  # noqa: LD0",
    "  # noqa: E501,LD001",
    "  # noqa: E501 LD001",
    # flake8 reads "# noqa" followed by anything but ":" as a blanket noqa.
    "  # noqa : LD002",
    "  # loaderdoctor: ignore[LD001]",
    "  # loaderdoctor: ignore[LD002, LD001]",
    "  # loaderdoctor: ignore[LD]",
    "  # loaderdoctor:ignore[LD001]",
    "  # loaderdoctor: ignore",
    "  # loaderdoctor: ignore[LD001]  # workers are off in CI",
    "  # type: ignore  # loaderdoctor: ignore[LD001]",
]

NOT_SUPPRESSING = [
    "",
    "  # noqa: E501",
    "  # noqa: LD002",
    "  # noqa: ld001",
    "  #noqa",
    "  # loaderdoctor: ignore[LD002]",
    "  # loaderdoctor: ignore[LD00X]",
    "  # loaderdoctor: ignore[]",
    "  # loaderdoctor: ignore LD001",
    "  # loaderdoctor: ignroe[LD001]",
    "  # loaderdoctor: ignore[E501]",
]


@pytest.mark.parametrize("comment", SUPPRESSING)
def test_comment_suppresses(tmp_path, comment):
    (tmp_path / "train.py").write_text(LOOP.format(comment=comment))
    assert lines_found(tmp_path) == []


@pytest.mark.parametrize("comment", NOT_SUPPRESSING)
def test_comment_does_not_suppress(tmp_path, comment):
    (tmp_path / "train.py").write_text(LOOP.format(comment=comment))
    assert lines_found(tmp_path) == [("train.py", 2, "LD001")]


def test_statement_comment_suppresses_whole_chain(tmp_path):
    (tmp_path / "train.py").write_text(CHAIN.format(deep="", top="  # noqa: LD001"))
    assert lines_found(tmp_path) == []


def test_comment_on_chain_link_does_not_suppress(tmp_path):
    # The loop is reached from module level through train(loader); the
    # finding belongs to line 11, where the fix goes.
    (tmp_path / "train.py").write_text(CHAIN.format(deep="  # noqa: LD001", top=""))
    assert lines_found(tmp_path) == [("train.py", 11, "LD001")]


def test_comment_in_imported_module_ignored(tmp_path):
    make_project(
        tmp_path,
        {
            "pipeline.py": (
                "from torch.utils.data import DataLoader\n"
                "\n"
                "def run():\n"
                "    for batch in DataLoader(range(4), num_workers=2):  # loaderdoctor: ignore[LD001]\n"
                "        pass\n"
            ),
            "main.py": "import pipeline\n\npipeline.run()\n",
            "quiet.py": "import pipeline\n\npipeline.run()  # loaderdoctor: ignore[LD001]\n",
        },
    )
    assert lines_found(tmp_path) == [("main.py", 3, "LD001")]


def test_comment_on_last_line_of_multiline_statement(tmp_path):
    (tmp_path / "train.py").write_text(
        "from torch.utils.data import DataLoader\n"
        "for batch in DataLoader(\n"
        "    range(4),\n"
        "    num_workers=2,\n"
        "):  # noqa: LD001\n"
        "    pass\n"
    )
    assert lines_found(tmp_path) == []


def test_comment_in_loop_body_does_not_suppress(tmp_path):
    (tmp_path / "train.py").write_text(LOOP.format(comment="").replace("    pass\n", "    pass  # noqa\n"))
    assert lines_found(tmp_path) == [("train.py", 2, "LD001")]


def test_comment_on_line_above_does_not_suppress(tmp_path):
    (tmp_path / "train.py").write_text(
        "from torch.utils.data import DataLoader\n# noqa: LD001\nfor batch in DataLoader(range(4), num_workers=2):\n"
        "    pass\n"
    )
    assert lines_found(tmp_path) == [("train.py", 3, "LD001")]


def test_noqa_inside_string_does_not_suppress(tmp_path):
    (tmp_path / "train.py").write_text(CHAIN.format(deep="", top="").replace("train(loader)", 'train(loader or "# noqa")'))
    assert lines_found(tmp_path) == [("train.py", 11, "LD001")]


def test_suppression_wins_over_explicit_select(tmp_path):
    (tmp_path / "train.py").write_text(LOOP.format(comment="  # noqa: LD001"))
    assert lines_found(tmp_path, overrides_from_options(select=("LD001",))) == []


def test_noqa_left_to_flake8_when_asked(tmp_path):
    # The flake8 plugin turns noqa handling off so that flake8 applies its
    # own (for example --disable-noqa); loaderdoctor's own comment still counts.
    (tmp_path / "noqa.py").write_text(LOOP.format(comment="  # noqa: LD001"))
    (tmp_path / "ignore.py").write_text(LOOP.format(comment="  # loaderdoctor: ignore[LD001]"))
    result = check_paths([str(tmp_path)], CheckOptions(honor_noqa=False))
    assert [(f.path.rsplit("/", 1)[-1], f.line) for f in result.findings] == [("noqa.py", 2)]


def test_suppressed_finding_absent_from_json_and_exit_zero(tmp_path):
    (tmp_path / "train.py").write_text(CHAIN.format(deep="", top="  # loaderdoctor: ignore[LD001]"))
    result = run_cli("--isolated", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
