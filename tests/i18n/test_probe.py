"""`probe` in Chinese on a real spawn run, once per language route.

Each probe run starts real torch workers and takes about ten seconds, so
each test makes its own runs and checks everything about them.
"""

import json
import re

from loaderdoctor.i18n import tr
from tests.i18n.conftest import (
    BROKEN_SCRIPT,
    cjk_count,
    relative_to_repository,
    run_cli,
)

KIND = "unguarded-start"


def probe_arguments(*extra):
    # Options go before SCRIPT: everything after it belongs to the script.
    return ["probe", *extra, relative_to_repository(BROKEN_SCRIPT)]


def _failures(result):
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["outcome"] != "ok"
    return report["failures"]


def _neutral(failure):
    return failure["kind"], [(item["path"], item["line"], item["role"]) for item in failure["locations"]]


def test_probe_lang_option_json(shared):
    english = _failures(run_cli(probe_arguments("--format", "json")))
    chinese = _failures(run_cli(probe_arguments("--lang", "zh-CN", "--format", "json")))

    assert [_neutral(failure) for failure in chinese] == [_neutral(failure) for failure in english]
    assert chinese[0]["kind"] == KIND
    assert cjk_count(english[0]["message"]) == 0
    assert cjk_count(chinese[0]["message"]) > 10
    assert english[0]["fix"] == tr(f"kind.{KIND}.fix", language="en")
    assert chinese[0]["fix"] == tr(f"kind.{KIND}.fix", language="zh-CN")


def test_probe_environment_json(shared):
    result = run_cli(probe_arguments("--format", "json"), {"LOADERDOCTOR_LANG": "zh-CN"})
    failures = _failures(result)

    assert [failure["kind"] for failure in failures] == [KIND]
    assert cjk_count(failures[0]["message"]) > 10
    assert failures[0]["fix"] == tr(f"kind.{KIND}.fix", language="zh-CN")
    assert any(location["line"] == 18 for location in failures[0]["locations"])


def test_probe_locale_text(shared):
    result = run_cli(probe_arguments(), {"LANG": "zh_CN.UTF-8"})

    assert result.returncode == 1, result.stderr
    assert tr("probe.text.failed", language="zh-CN", count=1) in result.stdout
    # When more than one worker printed the failure before the run was
    # stopped, the title gives the count: "unguarded-start （出现 2 次）:".
    times = re.escape(" " + tr("probe.text.times", language="zh-CN", count=999)).replace("999", r"\d+")
    assert re.search(re.escape(KIND) + f"(?:{times})?:", result.stdout), result.stdout
    assert "train.py:18" in result.stdout
    # The help is wrapped to the terminal: compare it without the line breaks.
    fix = tr(f"kind.{KIND}.fix", language="zh-CN").splitlines()[0]
    assert "".join(fix.split()) in "".join(result.stdout.split())
    assert cjk_count(result.stdout) > 100
    # Location roles are labels in the chosen language, not the JSON role ids.
    assert tr("probe.role.module-level", language="zh-CN") in result.stdout
    assert "module-level" not in result.stdout
