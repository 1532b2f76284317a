"""The interleaved Windows log of a Dive into Deep Learning reader, and the ways a console mangles it."""

import json

import pytest
from click.testing import CliRunner

from loaderdoctor.cli import group
from loaderdoctor.explain import analyze_bytes, analyze_file, analyze_text
from tests.explain import variants
from tests.explain.conftest import FIXTURES, LOGS, require_shared

LOG_NAME = "windows-d2l-softmax-interleaved.log"
PIDS = [30128, 18392, 21084, 11432]


@pytest.fixture(scope="module")
def log_path():
    require_shared()
    path = LOGS / LOG_NAME
    if not path.is_file():
        pytest.fail(f"missing shared log {path}")
    return path


@pytest.fixture(scope="module")
def log_text(log_path):
    return log_path.read_text(encoding="utf-8")


def assert_softmax_diagnosis(diagnosis):
    assert [failure.kind for failure in diagnosis.failures] == ["unguarded-start"]
    failure = diagnosis.failures[0]
    roles = {location.role: location for location in failure.locations}
    assert roles["module-level"].path.endswith("softmax_speed.py")
    assert roles["module-level"].line == 95
    assert roles["worker-start"].path.endswith("softmax_speed.py")
    assert roles["worker-start"].line == 50
    assert failure.count == 4
    assert [consequence.kind for consequence in failure.consequences] == ["worker-exited"]
    assert failure.consequences[0].count == 4
    assert failure.consequences[0].extra["details"]["pids"] == PIDS
    return failure


def test_shared_log_names_lines(log_path):
    failure = assert_softmax_diagnosis(analyze_file(log_path))
    roles = {location.role: location for location in failure.locations}
    assert roles["module-level"].path == "D:\\study\\dl_notes\\基础数学知识\\softmax_speed.py"
    assert roles["module-level"].text.startswith("train_losses, train_accs, test_accs = train_ch3(")
    assert roles["worker-start"].text == "for X, y in train_iter:"


def test_no_library_frame_blamed(log_path):
    failure = analyze_file(log_path).failures[0]
    for location in failure.locations + [loc for c in failure.consequences for loc in c.locations]:
        assert "site-packages" not in location.path
        assert "multiprocessing" not in location.path
        assert not location.path.startswith("<")


def test_fix_carries_guard_code(log_path):
    failure = analyze_file(log_path).failures[0]
    assert "def main():" in failure.fix
    assert 'if __name__ == "__main__":\n        main()' in failure.fix


@pytest.mark.parametrize("variant", [
    variants.to_crlf,
    variants.colorize,
    variants.quote,
    lambda text: variants.quote(text, prefix=">> "),
    variants.with_progress_bars,
    lambda text: variants.colorize(variants.to_crlf(variants.with_progress_bars(text))),
], ids=["crlf", "ansi", "quoted", "quoted-twice", "progress-bars", "all-at-once"])
def test_mangled_log_same_diagnosis(log_text, variant):
    assert_softmax_diagnosis(analyze_text(variant(log_text)))


def test_gbk_encoded_log(log_text):
    # A Chinese Windows console writes the log in its code page (cp936).
    assert_softmax_diagnosis(analyze_bytes(log_text.encode("gbk")))
    failure = analyze_bytes(log_text.encode("gbk")).failures[0]
    assert "基础数学知识" in failure.locations[0].path


def test_utf16_log_from_powershell(log_text):
    # PowerShell 5 redirection writes UTF-16 with a BOM; without a BOM too.
    assert_softmax_diagnosis(analyze_bytes(log_text.encode("utf-16")))
    assert_softmax_diagnosis(analyze_bytes(log_text.encode("utf-16-le")))


def test_nul_bytes_ignored(log_text):
    noisy = log_text.replace("\n", "\n\x00", 40).encode("utf-8")
    assert_softmax_diagnosis(analyze_bytes(noisy))


def test_cli_full_output(log_path):
    result = CliRunner().invoke(group, ["explain", str(log_path)], standalone_mode=False)
    assert result.return_value == 1
    output = result.output
    assert "[unguarded-start]" in output
    assert "softmax_speed.py, line 95: runs at module level" in output
    assert "softmax_speed.py, line 50: starts the worker processes" in output
    assert "[worker-exited] 4 worker processes exited unexpectedly (pids 30128, 18392, 21084," in output
    assert "11432)" in output
    assert "def main():" in output


def test_cli_json_contract(log_path):
    result = CliRunner().invoke(group, ["explain", "--format", "json", str(log_path)], standalone_mode=False)
    assert result.return_value == 1
    payload = json.loads(result.output)
    assert list(payload) >= ["failures"]
    failure = payload["failures"][0]
    assert {"kind", "message", "fix", "locations"} <= set(failure)
    assert failure["kind"] == "unguarded-start"
    for location in failure["locations"]:
        assert {"path", "line", "role"} <= set(location)
    lines = {location["role"]: location["line"] for location in failure["locations"]}
    assert lines == {"module-level": 95, "worker-start": 50}
    assert failure["consequences"][0]["kind"] == "worker-exited"
    assert failure["count"] == 4


def test_source_dir_matches_check(log_path):
    project = FIXTURES / "d2l_project"
    result = CliRunner().invoke(group, ["explain", "--format", "json", "--source", str(project), str(log_path)],
                                standalone_mode=False)
    assert result.return_value == 1
    check = json.loads(result.output)["failures"][0]["check"]
    assert check["status"] == "matched"
    first = check["findings"][0]
    assert first["code"] == "LD001"
    assert first["line"] == 95
    assert first["exact"] is True


def test_without_source_check_not_found(log_path):
    failure = analyze_file(log_path, run_check=True).failures[0]
    assert failure.extra["check"]["status"] == "not-found"
