"""Project configuration: where it is found, what overrides what, and how bad values are reported."""

from pathlib import Path

import pytest

from loaderdoctor.check.config import Overrides, Resolver, overrides_from_options
from loaderdoctor.check.runner import run_check
from loaderdoctor.errors import ConfigError
from tests.integrations.helpers import BROKEN, make_project, run_check as run_cli

CUSTOM_LOADER = """\
from mypkg.data import FastLoader

for batch in FastLoader(range(4), num_workers=2):
    pass
"""


def found(paths=(".",), overrides=None, **resolver_options):
    """Run check in the current folder; return the set of (posix path, line, code) found."""
    resolver = Resolver(overrides or Overrides(), **resolver_options)
    result = run_check(list(paths), resolver)
    assert result.errors == []
    return {(Path(f.path).as_posix(), f.line, f.code) for f in result.findings}


def cli(**options):
    return overrides_from_options(**options)


# -- where settings come from ---------------------------------------------------


def test_defaults_without_configuration(tmp_path, monkeypatch):
    make_project(tmp_path, {"train.py": BROKEN})
    monkeypatch.chdir(tmp_path)
    assert found() == {("train.py", 2, "LD001")}


def test_pyproject_ignore(tmp_path, monkeypatch):
    make_project(tmp_path, {"pyproject.toml": '[tool.loaderdoctor]\nignore = ["LD001"]\n', "train.py": BROKEN})
    monkeypatch.chdir(tmp_path)
    assert found() == set()


def test_setup_cfg_ignore(tmp_path, monkeypatch):
    make_project(tmp_path, {"setup.cfg": "[metadata]\nname = demo\n\n[loaderdoctor]\nignore = LD001\n", "train.py": BROKEN})
    monkeypatch.chdir(tmp_path)
    assert found() == set()


def test_pyproject_preferred_over_setup_cfg(tmp_path, monkeypatch):
    make_project(
        tmp_path,
        {
            "pyproject.toml": '[tool.loaderdoctor]\nselect = ["LD001"]\n',
            "setup.cfg": "[loaderdoctor]\nignore = LD001\n",
            "train.py": BROKEN,
        },
    )
    monkeypatch.chdir(tmp_path)
    assert found() == {("train.py", 2, "LD001")}


def test_pyproject_without_table_falls_through_to_setup_cfg(tmp_path, monkeypatch):
    make_project(
        tmp_path,
        {
            "pyproject.toml": '[build-system]\nrequires = ["setuptools"]\n\n[tool.ruff]\nline-length = 100\n',
            "setup.cfg": "[loaderdoctor]\nignore = LD001\n",
            "train.py": BROKEN,
        },
    )
    monkeypatch.chdir(tmp_path)
    assert found() == set()


def test_nearest_configuration_wins_whole(tmp_path, monkeypatch):
    # The sub-project's file replaces the root's: its empty ignore list does
    # not inherit the root's ignore.
    make_project(
        tmp_path,
        {
            "pyproject.toml": '[tool.loaderdoctor]\nignore = ["LD001"]\n',
            "train.py": BROKEN,
            "sub/pyproject.toml": '[tool.loaderdoctor]\nexclude = ["generated"]\n',
            "sub/train.py": BROKEN,
            "sub/deeper/train.py": BROKEN,
        },
    )
    monkeypatch.chdir(tmp_path)
    assert found() == {("sub/train.py", 2, "LD001"), ("sub/deeper/train.py", 2, "LD001")}


def test_search_stops_at_repository_root(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.loaderdoctor]\nignore = ["LD001"]\n')
    repository = make_project(tmp_path / "repo", {"train.py": BROKEN})
    monkeypatch.chdir(repository)
    assert found() == {("train.py", 2, "LD001")}


def test_settings_found_from_file_not_from_cwd(tmp_path, monkeypatch):
    make_project(tmp_path / "project", {"pyproject.toml": '[tool.loaderdoctor]\nignore = ["LD001"]\n', "train.py": BROKEN})
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert found([str(tmp_path / "project" / "train.py")]) == set()


# -- precedence between files and the command line ------------------------------


def test_cli_select_replaces_file_select(tmp_path, monkeypatch):
    make_project(tmp_path, {"pyproject.toml": '[tool.loaderdoctor]\nselect = ["LD002"]\n', "train.py": BROKEN})
    monkeypatch.chdir(tmp_path)
    assert found() == set()
    assert found(overrides=cli(select=("LD001",))) == {("train.py", 2, "LD001")}


def test_cli_ignore_replaces_file_ignore(tmp_path, monkeypatch):
    make_project(tmp_path, {"pyproject.toml": '[tool.loaderdoctor]\nignore = ["LD001"]\n', "train.py": BROKEN})
    monkeypatch.chdir(tmp_path)
    assert found(overrides=cli(ignore=("LD002",))) == {("train.py", 2, "LD001")}


def test_ignore_wins_over_select(tmp_path, monkeypatch):
    make_project(tmp_path, {"train.py": BROKEN})
    monkeypatch.chdir(tmp_path)
    assert found(overrides=cli(select=("LD",), ignore=("LD001",))) == set()


EXCLUDING_PROJECT = {
    "pyproject.toml": '[tool.loaderdoctor]\nexclude = ["generated"]\nextend-exclude = ["legacy_*.py"]\n',
    "generated/train.py": BROKEN,
    "legacy_train.py": BROKEN,
    "train.py": BROKEN,
}


def test_exclude_and_extend_exclude_from_file(tmp_path, monkeypatch):
    make_project(tmp_path, EXCLUDING_PROJECT)
    monkeypatch.chdir(tmp_path)
    assert found() == {("train.py", 2, "LD001")}


def test_cli_exclude_replaces_exclude_but_keeps_extend_exclude(tmp_path, monkeypatch):
    make_project(tmp_path, EXCLUDING_PROJECT)
    monkeypatch.chdir(tmp_path)
    assert found(overrides=cli(exclude=("nothing",))) == {("train.py", 2, "LD001"), ("generated/train.py", 2, "LD001")}


def test_cli_extend_exclude_adds(tmp_path, monkeypatch):
    make_project(tmp_path, EXCLUDING_PROJECT)
    monkeypatch.chdir(tmp_path)
    assert found(overrides=cli(extend_exclude=("train.py",))) == set()


def test_exclude_applies_to_files_named_explicitly(tmp_path, monkeypatch):
    # pre-commit passes every staged file by name, so exclusions must hold there too.
    make_project(tmp_path, EXCLUDING_PROJECT)
    monkeypatch.chdir(tmp_path)
    assert found(["generated/train.py", "legacy_train.py"]) == set()
    assert found(["generated"]) == set()


def test_slash_pattern_is_relative_to_config_folder(tmp_path, monkeypatch):
    make_project(
        tmp_path,
        {
            "pyproject.toml": '[tool.loaderdoctor]\nexclude = ["scripts/old_*"]\n',
            "scripts/old_train.py": BROKEN,
            "tools/scripts/old_train.py": BROKEN,
        },
    )
    monkeypatch.chdir(tmp_path / "tools")
    assert found([str(tmp_path)]) == {(f"{tmp_path.as_posix()}/tools/scripts/old_train.py", 2, "LD001")}


def test_per_file_ignores_from_pyproject(tmp_path, monkeypatch):
    make_project(
        tmp_path,
        {
            "pyproject.toml": '[tool.loaderdoctor.per-file-ignores]\n"tests/*" = ["LD001"]\n"demo.py" = ["LD"]\n',
            "tests/test_train.py": BROKEN,
            "pkg/demo.py": BROKEN,
            "train.py": BROKEN,
        },
    )
    monkeypatch.chdir(tmp_path)
    assert found() == {("train.py", 2, "LD001")}


def test_per_file_ignores_from_setup_cfg(tmp_path, monkeypatch):
    make_project(
        tmp_path,
        {
            "setup.cfg": "[loaderdoctor]\nper-file-ignores =\n    tests/*: LD001\n    demo.py:LD001,LD002\n",
            "tests/test_train.py": BROKEN,
            "demo.py": BROKEN,
            "train.py": BROKEN,
        },
    )
    monkeypatch.chdir(tmp_path)
    assert found() == {("train.py", 2, "LD001")}


def test_cli_per_file_ignores_replace_file_value(tmp_path, monkeypatch):
    make_project(
        tmp_path,
        {
            "pyproject.toml": '[tool.loaderdoctor.per-file-ignores]\n"tests/*" = ["LD001"]\n',
            "tests/test_train.py": BROKEN,
            "train.py": BROKEN,
        },
    )
    monkeypatch.chdir(tmp_path)
    assert found(overrides=cli(per_file_ignores=("train.py:LD001",))) == {("tests/test_train.py", 2, "LD001")}


def test_config_option_uses_only_that_file(tmp_path, monkeypatch):
    make_project(
        tmp_path,
        {
            "pyproject.toml": '[tool.loaderdoctor]\nignore = ["LD001"]\n',
            "ci/loaderdoctor.toml": '[tool.loaderdoctor]\nexclude = ["build-*"]\n',
            "train.py": BROKEN,
            "vendored/train.py": BROKEN,
        },
    )
    monkeypatch.chdir(tmp_path)
    assert found(config_file="ci/loaderdoctor.toml") == {("train.py", 2, "LD001"), ("vendored/train.py", 2, "LD001")}
    # A pattern with "/" is relative to the folder of the --config file.
    (tmp_path / "ci" / "setup.cfg").write_text("[loaderdoctor]\nexclude = ../vendored\n")
    assert found(config_file="ci/setup.cfg") == {("train.py", 2, "LD001")}


def test_isolated_ignores_files_but_not_options(tmp_path, monkeypatch):
    make_project(tmp_path, {"pyproject.toml": '[tool.loaderdoctor]\nignore = ["LD001"]\n', "train.py": BROKEN})
    monkeypatch.chdir(tmp_path)
    assert found(isolated=True) == {("train.py", 2, "LD001")}
    assert found(overrides=cli(ignore=("LD001",)), isolated=True) == set()


def test_loader_classes_from_configuration(tmp_path, monkeypatch):
    make_project(tmp_path, {"train.py": CUSTOM_LOADER})
    monkeypatch.chdir(tmp_path)
    assert found() == set()
    (tmp_path / "pyproject.toml").write_text('[tool.loaderdoctor]\nloader-classes = ["mypkg.data.FastLoader"]\n')
    assert found() == {("train.py", 3, "LD001")}


def test_underscore_spelling_accepted(tmp_path, monkeypatch):
    make_project(
        tmp_path,
        {"setup.cfg": "[loaderdoctor]\nloader_classes = mypkg.data.FastLoader\n", "train.py": CUSTOM_LOADER},
    )
    monkeypatch.chdir(tmp_path)
    assert found() == {("train.py", 3, "LD001")}


def test_configuration_end_to_end(tmp_path):
    make_project(
        tmp_path,
        {
            "pyproject.toml": '[tool.loaderdoctor]\nloader-classes = ["mypkg.data.FastLoader"]\nexclude = ["old"]\n',
            "train.py": CUSTOM_LOADER,
            "old/train.py": BROKEN,
        },
    )
    result = run_cli("--format", "concise", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [result.stdout.splitlines()[0]]
    assert result.stdout.startswith("train.py:3:1: LD001 ")

    isolated = run_cli("--format", "concise", "--isolated", cwd=tmp_path)
    assert isolated.stdout.startswith("old/train.py:2:1: LD001 ")
    assert "train.py:3:1" not in isolated.stdout


# -- bad configuration -------------------------------------------------------------

BAD_PYPROJECT = [
    pytest.param('select = "LD001"', "select", "a list of strings", id="select-not-a-list"),
    pytest.param('select = ["LD01x"]', "select", "rule codes or their prefixes", id="select-bad-code"),
    pytest.param('ignore = ["E501"]', "ignore", "rule codes or their prefixes", id="ignore-other-tool-code"),
    pytest.param("ignore = [1]", "ignore", "a list of strings", id="ignore-number"),
    pytest.param('exclude = [""]', "exclude", "non-empty glob patterns", id="exclude-empty"),
    pytest.param('loader-classes = ["FastLoader"]', "loader-classes", "qualified names", id="loader-unqualified"),
    pytest.param('worker-starters = "mypkg.fit"', "worker-starters", "a list of strings", id="starters-string"),
    pytest.param('per-file-ignores = ["tests/*"]', "per-file-ignores", "a table of glob patterns", id="pfi-list"),
    pytest.param(
        '[tool.loaderdoctor.per-file-ignores]\n"tests/*" = "LD001"',
        "per-file-ignores.tests/*",
        "a list of strings",
        id="pfi-string",
    ),
    pytest.param(
        '[tool.loaderdoctor.per-file-ignores]\n"tests/*" = ["F401"]',
        "per-file-ignores.tests/*",
        "rule codes or their prefixes",
        id="pfi-bad-code",
    ),
    pytest.param('selct = ["LD001"]', "selct", "known keys: select, ignore", id="unknown-key"),
    pytest.param(
        'loader-classes = ["a.B"]\nloader_classes = ["a.C"]', "loader_classes", "set twice", id="both-spellings"
    ),
]


@pytest.mark.parametrize(("body", "key", "expected"), BAD_PYPROJECT)
def test_bad_pyproject_value(tmp_path, monkeypatch, body, key, expected):
    text = body if body.startswith("[") else f"[tool.loaderdoctor]\n{body}\n"
    make_project(tmp_path, {"pyproject.toml": text, "train.py": BROKEN})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as raised:
        found()
    message = str(raised.value)
    assert message.startswith("pyproject.toml: ")
    assert f"`{key}`" in message
    assert expected in message


BAD_SETUP_CFG = [
    pytest.param("select = LD001, foo", "select", "rule codes or their prefixes", id="select-bad-code"),
    pytest.param("per-file-ignores = tests/*", "per-file-ignores", '"pattern: CODES" pairs', id="pfi-no-codes"),
    pytest.param("per-file-ignores =\n    tests/*: X1", "per-file-ignores", "rule codes", id="pfi-bad-code"),
    pytest.param("worker-starters = fit", "worker-starters", "qualified names", id="starters-unqualified"),
    pytest.param("exclde = data", "exclde", "known keys", id="unknown-key"),
]


@pytest.mark.parametrize(("body", "key", "expected"), BAD_SETUP_CFG)
def test_bad_setup_cfg_value(tmp_path, monkeypatch, body, key, expected):
    make_project(tmp_path, {"setup.cfg": f"[loaderdoctor]\n{body}\n", "train.py": BROKEN})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as raised:
        found()
    message = str(raised.value)
    assert message.startswith("setup.cfg: ")
    assert f"`{key}`" in message
    assert expected in message


def test_invalid_toml_names_file_and_position(tmp_path, monkeypatch):
    make_project(tmp_path, {"pyproject.toml": '[tool.loaderdoctor]\nselect = LD001\n', "train.py": BROKEN})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as raised:
        found()
    assert str(raised.value).startswith("pyproject.toml: invalid TOML: ")
    assert "line 2" in str(raised.value)


def test_table_must_be_a_table(tmp_path, monkeypatch):
    make_project(tmp_path, {"pyproject.toml": "[tool]\nloaderdoctor = 3\n", "train.py": BROKEN})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=r"\[tool.loaderdoctor\] must be a table"):
        found()


def test_invalid_ini_syntax(tmp_path, monkeypatch):
    make_project(tmp_path, {"setup.cfg": "[loaderdoctor]\nselect LD001\n", "train.py": BROKEN})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=r"^setup.cfg: cannot read the file as INI"):
        found()


def test_config_file_without_section(tmp_path, monkeypatch):
    make_project(tmp_path, {"other.toml": "[tool.ruff]\n", "train.py": BROKEN})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=r"other.toml: the file has no \[tool.loaderdoctor\] section"):
        found(config_file="other.toml")


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        pytest.param(("--select", "LD1x"), "invalid value for --select: expected rule codes", id="select"),
        pytest.param(("--ignore", "E501"), "invalid value for --ignore: expected rule codes", id="ignore"),
        pytest.param(("--per-file-ignores", "tests"), 'invalid value for --per-file-ignores', id="per-file"),
        pytest.param(("--config", "missing.toml"), "missing.toml: configuration file not found", id="missing"),
        pytest.param(("--config", "pyproject.toml", "--isolated"), "cannot be used together", id="both"),
    ],
)
def test_bad_command_line_exits_two(tmp_path, options, expected):
    make_project(tmp_path, {"pyproject.toml": "[tool.loaderdoctor]\n", "train.py": BROKEN})
    result = run_cli(*options, cwd=tmp_path)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_file_exits_two_through_cli(tmp_path):
    make_project(tmp_path, {"pyproject.toml": '[tool.loaderdoctor]\nignore = "LD001"\n', "train.py": BROKEN})
    result = run_cli(cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "loaderdoctor: error: pyproject.toml: invalid value for `ignore` in [tool.loaderdoctor]: "
        "expected a list of strings, e.g. [\"LD001\"], got 'LD001'"
    )


def test_large_tree_keeps_each_folders_settings(tmp_path):
    # Over 200 files, so the check runs in worker processes; each folder's
    # configuration must still decide what is reported there.
    files = {
        "quiet/pyproject.toml": '[tool.loaderdoctor]\nignore = ["LD001"]\n',
        "quiet/train.py": BROKEN,
        "loud/train.py": BROKEN,
    }
    for index in range(120):
        files[f"quiet/plain_{index:03d}.py"] = f"VALUE = {index}\n"
        files[f"loud/plain_{index:03d}.py"] = f"VALUE = {index}\n"
    make_project(tmp_path, files)
    for attempt in ("cold", "warm"):
        result = run_cli("--format", "concise", "--cache-dir", str(tmp_path / "cache"), ".", cwd=tmp_path)
        assert result.returncode == 1, (attempt, result.stderr)
        lines = [line for line in result.stdout.splitlines() if line.strip()]
        assert len(lines) == 1, (attempt, lines)
        assert lines[0].startswith("loud/train.py:"), (attempt, lines)
        assert " LD001 " in lines[0]


@pytest.mark.parametrize("option, value", [("--select", "LD999"), ("--select", "LD01"), ("--ignore", "LD7")])
def test_unknown_selector_rejected(tmp_path, option, value):
    make_project(tmp_path, {"train.py": BROKEN})
    result = run_cli("--isolated", option, value, "train.py", cwd=tmp_path)
    assert result.returncode == 2
    assert option in result.stderr
    assert repr(value) in result.stderr
    assert "LD001, LD002" in result.stderr


def test_config_selector_error_names_file(tmp_path):
    make_project(tmp_path, {"pyproject.toml": '[tool.loaderdoctor]\nselect = ["LD01"]\n', "train.py": BROKEN})
    result = run_cli("train.py", cwd=tmp_path)
    assert result.returncode == 2
    assert "pyproject.toml" in result.stderr
    assert "'LD01'" in result.stderr
