"""The check command as users run it: output formats, colour, exit status, bad input."""

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
EXAMPLES = REPOSITORY / "examples"

BROKEN = "from torch.utils.data import DataLoader\nfor batch in DataLoader(range(4), num_workers=2):\n    pass\n"
CLEAN = "print('no loaders here')\n"


def run(*args, stdin=None, env=None, cwd=None):
    environment = dict(os.environ)
    environment.pop("NO_COLOR", None)
    environment.pop("FORCE_COLOR", None)
    environment["LOADERDOCTOR_LANG"] = "en"
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "loaderdoctor", *args],
        input=stdin,
        capture_output=True,
        env=environment,
        cwd=cwd or REPOSITORY,
        timeout=120,
    )


def test_examples_exit_one_and_name_broken_script():
    result = run("check", "examples")
    output = result.stdout.decode()
    assert result.returncode == 1
    assert "examples/broken/train_softmax.py:65:1: LD001" in output
    assert "examples/fixed" not in output
    assert "Found 1 problem(s)." in output


def test_fixed_example_exits_zero():
    result = run("check", "examples/fixed")
    assert result.returncode == 0
    assert b"No problems found in 1 file(s)." in result.stdout


def test_json_contract():
    result = run("check", "--format", "json", "examples")
    findings = json.loads(result.stdout)
    assert len(findings) == 1
    finding = findings[0]
    for key in ("code", "path", "line", "column", "message", "kind", "chain"):
        assert key in finding
    assert finding["kind"] == "unguarded-start"
    assert [link["line"] for link in finding["chain"]] == [65, 51]
    assert set(finding["chain"][0]) >= {"path", "line", "text"}


def test_concise_one_line_per_finding():
    result = run("check", "--format", "concise", "examples")
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("examples/broken/train_softmax.py:65:1: LD001 ")


def test_no_colour_when_piped():
    result = run("check", "examples/broken")
    assert b"\x1b[" not in result.stdout


def test_colour_forced_and_no_color_wins():
    forced = run("check", "examples/broken", env={"FORCE_COLOR": "1"})
    assert b"\x1b[" in forced.stdout
    disabled = run("check", "examples/broken", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert b"\x1b[" not in disabled.stdout


def test_stdin_with_filename():
    result = run("check", "--format", "concise", "--stdin-filename", "train.py", "-", stdin=BROKEN.encode())
    assert result.returncode == 1
    assert result.stdout.decode().startswith("train.py:2:1: LD001")


def test_select_and_ignore():
    ignored = run("check", "--ignore", "LD001", "examples")
    assert ignored.returncode == 0
    selected = run("check", "--select", "LD0", "examples")
    assert selected.returncode == 1


def test_exit_zero():
    assert run("check", "--exit-zero", "examples").returncode == 0


def test_missing_path_is_error_and_others_still_checked(tmp_path):
    (tmp_path / "train.py").write_text(BROKEN)
    result = run("check", "--format", "concise", str(tmp_path / "nope.py"), str(tmp_path / "train.py"))
    assert result.returncode == 2
    assert b"nope.py" in result.stderr
    assert b"no such file" in result.stderr
    assert b"train.py:2:1: LD001" in result.stdout


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"from torch.utils.data import DataLoader\ndef broken(:\n    pass\n", b"syntax error at line 2"),
        (b"from torch.utils.data import DataLoader\nprint 'hello'\n", b"Python 2"),
        ("# 中文注释\nx = 1\n".encode("gbk"), b"cannot decode line 1 as utf-8"),
        (b"\x00\x01\x02binary", b"binary file"),
        (b"# -*- coding: no-such-codec -*-\nx = 1\n", b"unknown encoding"),
    ],
)
def test_bad_file_reported_and_run_continues(tmp_path, content, reason):
    (tmp_path / "bad.py").write_bytes(content)
    (tmp_path / "train.py").write_text(BROKEN)
    result = run("check", "--format", "concise", str(tmp_path))
    assert result.returncode == 2
    assert b"bad.py" in result.stderr
    assert reason in result.stderr
    assert b"train.py:2:1: LD001" in result.stdout


def test_gbk_with_cookie_and_utf8_bom_are_read(tmp_path):
    gbk = "# -*- coding: gbk -*-\n# 训练脚本\n" + BROKEN
    (tmp_path / "gbk.py").write_bytes(gbk.encode("gbk"))
    (tmp_path / "bom.py").write_bytes(codecs.BOM_UTF8 + BROKEN.encode())
    (tmp_path / "crlf.py").write_bytes(BROKEN.replace("\n", "\r\n").encode())
    result = run("check", "--format", "concise", str(tmp_path))
    output = result.stdout.decode()
    assert result.returncode == 1
    assert "gbk.py:4:1: LD001" in output
    assert "bom.py:2:1: LD001" in output
    assert "crlf.py:2:1: LD001" in output


def test_irrelevant_file_is_not_parsed(tmp_path):
    # Files without any DataLoader, pool or project import cannot produce a
    # finding, so check only decodes them; other linters report their syntax.
    (tmp_path / "notes.py").write_text("def broken(:\n")
    result = run("check", str(tmp_path))
    assert result.returncode == 0


def test_unreadable_file(tmp_path):
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # root reads files whatever their mode, so use a path that cannot be
        # opened as a file instead.
        target = tmp_path / "dangling.py"
        target.symlink_to(tmp_path / "missing-target.py")
    else:
        target = tmp_path / "secret.py"
        target.write_text(CLEAN)
        target.chmod(0)
    result = run("check", str(target))
    assert result.returncode == 2
    assert target.name.encode() in result.stderr


def test_symlink_loop_does_not_hang(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "loop").symlink_to(tmp_path / "pkg", target_is_directory=True)
    (tmp_path / "pkg" / "train.py").write_text(BROKEN)
    result = run("check", "--format", "concise", str(tmp_path))
    assert result.returncode == 1
    assert result.stdout.decode().count("LD001") == 1


def test_virtualenv_and_hidden_folders_skipped(tmp_path):
    venv = tmp_path / "myenv"
    venv.mkdir()
    (venv / "pyvenv.cfg").write_text("home = /usr\n")
    (venv / "train.py").write_text(BROKEN)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "train.py").write_text(BROKEN)
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "train.py").write_text(BROKEN)
    result = run("check", str(tmp_path))
    assert result.returncode == 0


def test_deeply_nested_expression(tmp_path):
    (tmp_path / "deep.py").write_text("x = " + "(" * 5000 + "1" + ")" * 5000 + "\n")
    result = run("check", str(tmp_path))
    assert result.returncode in (0, 2)
    assert b"Traceback" not in result.stderr


def test_check_does_not_import_heavy_modules(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(BROKEN)
    probe = (
        "import sys\n"
        "from loaderdoctor.cli import main\n"
        "try:\n"
        f"    main(['check', '--format', 'concise', {str(script)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in ('torch', 'psutil', 'numpy') if m in sys.modules)\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert "LD001" in result.stdout
    assert "HEAVY=\n" in result.stdout


def test_rule_command_lists_ld001():
    result = run("rule")
    assert result.returncode == 0
    assert b"LD001" in result.stdout


def test_rule_unknown_code_is_usage_error():
    result = run("rule", "LD999")
    assert result.returncode == 2


def test_stdin_resolves_imports_from_filename(tmp_path):
    (tmp_path / "pipeline.py").write_text(
        "from torch.utils.data import DataLoader\n"
        "def make_loader():\n"
        "    return DataLoader(range(4), num_workers=2)\n"
    )
    source = b"from pipeline import make_loader\nfor batch in make_loader():\n    pass\n"
    named = run("check", "--no-cache", "--format", "concise", "--stdin-filename", "run.py", "-",
                stdin=source, cwd=tmp_path)
    assert named.returncode == 1
    assert named.stdout.decode().startswith("run.py:2:1: LD001")
    unnamed = run("check", "--no-cache", "--format", "concise", "-", stdin=source, cwd=tmp_path)
    assert unnamed.returncode == 1
    assert unnamed.stdout.decode().startswith("-:2:1: LD001")
