"""`check`, `explain`, help and errors in Chinese, through --lang, LOADERDOCTOR_LANG and the locale."""

import json

import pytest

from loaderdoctor.i18n import tr
from tests.i18n.conftest import (
    BROKEN_SCRIPT,
    ROUTES,
    WINDOWS_LOG,
    cjk_count,
    relative_to_repository,
    run_cli,
)

CHINESE = "zh-CN"
ENGLISH = "en"


def check_arguments(*extra):
    return ["check", *extra, relative_to_repository(BROKEN_SCRIPT)]


def explain_arguments(*extra):
    return ["explain", *extra, relative_to_repository(WINDOWS_LOG)]


def run_route(route, subcommand_arguments):
    options, environ = ROUTES[route]
    return run_cli([*options, *subcommand_arguments], environ)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_check_speaks_chinese(shared, route):
    result = run_route(route, check_arguments())

    assert result.returncode == 1, result.stderr
    assert "LD001" in result.stdout
    assert tr("check.LD001.help", language=CHINESE) in result.stdout
    assert tr("check.report.found", language=CHINESE, count=1) in result.stdout
    assert cjk_count(result.stdout) > 50


def test_check_option_after_subcommand(shared):
    result = run_cli(check_arguments("--lang", "zh-CN"))

    assert result.returncode == 1, result.stderr
    assert tr("check.LD001.help", language=CHINESE) in result.stdout


def test_check_english_by_default(shared):
    result = run_cli(check_arguments())

    assert result.returncode == 1, result.stderr
    assert tr("check.LD001.help", language=ENGLISH) in result.stdout
    assert cjk_count(result.stdout) == 0
    result.stdout.encode("gbk")


def test_option_beats_environment(shared):
    result = run_cli(["--lang", "en", *check_arguments()], {"LOADERDOCTOR_LANG": "zh-CN", "LANG": "zh_CN.UTF-8"})

    assert result.returncode == 1, result.stderr
    assert cjk_count(result.stdout) == 0


def test_environment_beats_locale(shared):
    result = run_cli(check_arguments(), {"LOADERDOCTOR_LANG": "en", "LANG": "zh_CN.UTF-8"})

    assert result.returncode == 1, result.stderr
    assert cjk_count(result.stdout) == 0


def _json_findings(result):
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_check_json_neutral_fields(shared, route):
    english = _json_findings(run_cli(check_arguments("--format", "json")))
    chinese = _json_findings(run_route(route, check_arguments("--format", "json")))

    assert len(chinese) == len(english) == 1
    for field in ("code", "path", "line", "column", "kind", "chain"):
        assert chinese[0][field] == english[0][field], field
    assert chinese[0]["code"] == "LD001"
    assert chinese[0]["kind"] == "unguarded-start"
    assert cjk_count(english[0]["message"]) == 0
    assert cjk_count(chinese[0]["message"]) > 10
    assert chinese[0]["help"] == tr("check.LD001.help", language=CHINESE)


def test_check_joins_platform_note(tmp_path):
    # The note on platforms where num_workers is 0 is a second sentence.
    script = tmp_path / "conditional.py"
    script.write_text(
        "import os\n"
        "from torch.utils.data import DataLoader\n"
        "loader = DataLoader(list(range(8)), num_workers=0 if os.name == 'nt' else 2)\n"
        "for batch in loader:\n"
        "    pass\n",
        encoding="utf-8",
    )
    english = run_cli(["check", "--format", "concise", str(script)])
    chinese = run_cli(["--lang", "zh-CN", "check", "--format", "concise", str(script)])

    assert english.returncode == chinese.returncode == 1
    assert "fails. num_workers is 0 only on Windows" in english.stdout
    assert "失败。num_workers 只在 Windows 上为 0" in chinese.stdout
    assert "{" not in english.stdout
    assert "{" not in chinese.stdout


@pytest.mark.parametrize("language", [ENGLISH, CHINESE])
def test_undecodable_source_error(tmp_path, language):
    # A GBK file without a coding declaration, as Windows editors in China save them.
    script = tmp_path / "gbk_script.py"
    script.write_bytes('title = "训练"\n'.encode("gbk"))
    result = run_cli(["--lang", language, "check", str(script)])

    assert result.returncode == 2
    assert tr("check.source.undecodable", language=language, line=1, encoding="utf-8") in result.stderr
    assert tr("check.source.hint-encoding", language=language) in result.stderr


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_explain_speaks_chinese(shared, route):
    result = run_route(route, explain_arguments())

    assert result.returncode == 1, result.stderr
    assert "[unguarded-start]" in result.stdout
    assert tr("kind.unguarded-start.title", language=CHINESE) in result.stdout
    assert "softmax_speed.py" in result.stdout
    assert cjk_count(result.stdout) > 200


def test_explain_option_after_subcommand(shared):
    result = run_cli(explain_arguments("--lang", "zh-CN"))

    assert result.returncode == 1, result.stderr
    assert tr("kind.unguarded-start.title", language=CHINESE) in result.stdout


def test_explain_english_by_default(shared):
    result = run_cli(explain_arguments())

    assert result.returncode == 1, result.stderr
    assert tr("kind.unguarded-start.title", language=ENGLISH) in result.stdout
    assert tr("kind.unguarded-start.title", language=CHINESE) not in result.stdout
    result.stdout.encode("gbk")


def _json_failures(result):
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout)["failures"]


def _neutral(failure):
    locations = [(item["path"], item["line"], item["role"]) for item in failure["locations"]]
    consequences = [item["kind"] for item in failure.get("consequences", [])]
    return failure["kind"], locations, consequences


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_explain_json_neutral_fields(shared, route):
    english = _json_failures(run_cli(explain_arguments("--format", "json")))
    chinese = _json_failures(run_route(route, explain_arguments("--format", "json")))

    assert [_neutral(failure) for failure in chinese] == [_neutral(failure) for failure in english]
    assert chinese[0]["kind"] == "unguarded-start"
    assert chinese[0]["fix"] == tr("kind.unguarded-start.fix", language=CHINESE)
    assert english[0]["fix"] == tr("kind.unguarded-start.fix", language=ENGLISH)
    assert cjk_count(chinese[0]["message"]) > 10
    assert chinese[0]["message"] != english[0]["message"]


@pytest.mark.parametrize("language", [ENGLISH, CHINESE])
def test_output_on_gbk_console(shared, language):
    # A Chinese Windows console, or output redirected there, encodes as GBK.
    for arguments in (check_arguments(), explain_arguments()):
        result = run_cli(["--lang", language, *arguments], encoding="gbk")

        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert tr("check.LD001.help", language=language) in result.stdout or (
            tr("kind.unguarded-start.title", language=language) in result.stdout)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_help_in_chinese(route):
    result = run_route(route, ["check", "--help"])

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("用法: loaderdoctor check")
    assert tr("cli.check.help", language=CHINESE)[:20] in result.stdout
    assert "显示本帮助信息并退出。" in result.stdout
    assert "[默认：full]" in result.stdout
    assert "--format" in result.stdout


def test_group_help_in_chinese():
    result = run_cli(["--lang", "zh-CN", "--help"])

    assert result.returncode == 0, result.stderr
    assert tr("cli.group.help", language=CHINESE) in result.stdout
    assert tr("cli.option.lang", language=CHINESE)[:10] in result.stdout
    assert "命令:" in result.stdout


@pytest.mark.parametrize("subcommand", ["check", "explain", "probe", "rule"])
def test_subcommands_accept_lang(subcommand):
    result = run_cli([subcommand, "--lang", "zh-CN", "--help"])

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("用法: loaderdoctor " + subcommand)
    assert "--lang [en|zh-cn]" in result.stdout
    assert "Language of messages" not in result.stdout


def test_group_help_english():
    result = run_cli(["--help"])

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: loaderdoctor")
    assert tr("cli.group.help", language=ENGLISH) in result.stdout
    assert cjk_count(result.stdout) == 0


def test_usage_error_in_chinese():
    result = run_cli(["--lang", "zh-CN", "check", "--format", "xml"])

    assert result.returncode == 2
    assert "运行 'loaderdoctor check --help' 查看帮助。" in result.stderr
    assert "错误：'--format' 的值无效：'xml' 不是" in result.stderr


def test_unknown_option_in_chinese():
    result = run_cli(["check", "--bogus"], {"LOADERDOCTOR_LANG": "zh-CN"})

    assert result.returncode == 2
    assert "错误：没有名为 '--bogus' 的选项。" in result.stderr


def test_usage_error_in_english():
    result = run_cli(["check", "--format", "xml"])

    assert result.returncode == 2
    assert "Try 'loaderdoctor check --help' for help." in result.stderr
    assert "Error: Invalid value for '--format': 'xml' is not one of" in result.stderr


def test_tool_error_prefix_in_chinese(tmp_path):
    missing = tmp_path / "missing.log"
    result = run_cli(["--lang", "zh-CN", "explain", str(missing)])

    assert result.returncode == 2
    assert "loaderdoctor: 错误：无法读取 " + str(missing) in result.stderr


def test_loaderdoctor_error_in_chinese(tmp_path):
    result = run_cli(["--lang", "zh-CN", "probe", "--python", str(tmp_path / "no-python"), "x.py"])

    assert result.returncode == 2
    assert result.stderr.startswith("loaderdoctor: 错误：")
    assert cjk_count(result.stderr) > 4


def test_tool_error_prefix_in_english(tmp_path):
    result = run_cli(["probe", "--python", str(tmp_path / "no-python"), "x.py"])

    assert result.returncode == 2
    assert result.stderr.startswith("loaderdoctor: error: ")


@pytest.mark.parametrize("subcommand", [[], ["check"], ["explain"], ["probe"], ["rule"]])
def test_chinese_help_fits_the_terminal(subcommand):
    from loaderdoctor.i18n import display_width

    result = run_cli([*subcommand, "--help"], {"LOADERDOCTOR_LANG": CHINESE, "COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    assert cjk_count(result.stdout) > 20
    too_wide = [line for line in result.stdout.splitlines() if display_width(line) > 80]
    assert too_wide == []


def test_english_help_is_click_formatting():
    import click

    from loaderdoctor.cli import ColumnFormatter

    rows = [("--format [full|concise]", "Output format, one of several that are listed here at length."),
            ("--a-very-long-option-name-indeed TEXT", "Short.")]
    text = "Find code that breaks when DataLoader workers are spawned; paths may be files or folders."
    ours, theirs = ColumnFormatter(width=40), click.HelpFormatter(width=40)
    for formatter in (ours, theirs):
        formatter.write_text(text)
        formatter.write_dl(rows)
    assert ours.getvalue() == theirs.getvalue()


def test_wrap_columns_breaks_between_chinese_characters():
    from loaderdoctor.i18n import display_width, wrap_columns

    lines = wrap_columns("只报告这些规则代码或前缀（逗号分隔，可重复），例如 LD001。", 20, "  ", "  ")
    assert all(display_width(line) <= 20 for line in lines)
    assert "".join(line.strip() for line in lines).replace(" ", "") == "只报告这些规则代码或前缀（逗号分隔，可重复），例如LD001。"
    # Closing punctuation stays at the end of the line before it.
    assert not any(line.strip()[:1] in "，。）" for line in lines)


@pytest.mark.parametrize("language", [CHINESE, ENGLISH])
def test_explain_prose_fits_the_terminal(shared, language):
    from loaderdoctor.i18n import display_width

    result = run_cli(explain_arguments(), {"LOADERDOCTOR_LANG": language, "COLUMNS": "80"})
    assert result.returncode == 1, result.stderr
    # Location lines carry the log's own paths and code lines are kept whole;
    # every other line is wrapped.
    prose = [line for line in result.stdout.splitlines()
             if "softmax_speed.py," not in line and "softmax_speed.py，" not in line and not line.startswith("        ")]
    assert len(prose) > 10
    assert [line for line in prose if display_width(line) > 80] == []
