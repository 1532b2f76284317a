"""The pre-commit hook, run by a real pre-commit on real commits.

The hook repository is a local clone of the repository these tests run from,
pinned to its HEAD commit, so the test exercises what is committed (commit
before running it). pre-commit builds its own virtual environment and
installs the package into it from that clone, which takes about a minute.
"""

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import CASES, require_shared, responsible_lines
from tests.integrations.helpers import REPOSITORY

CASE = "k01_unguarded_toplevel_loop"
INSTALL_TIMEOUT = 900


def git(*args, cwd, env=None):
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, f"git {' '.join(args)} failed: {result.stderr}"
    return result.stdout.strip()


def pre_commit_command(tmp_path):
    """Return the command that runs pre-commit, installing it from the package registry if needed."""
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pass
    else:
        return [sys.executable, "-m", "pre_commit"]

    venv = tmp_path / "pre-commit-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "pre-commit"],
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT,
    )
    if install.returncode != 0:
        pytest.skip(f"pre-commit is not installed and `pip install pre-commit` failed: {install.stderr[-500:]}")
    return [str(python), "-m", "pre_commit"]


def isolated_git_environment(tmp_path):
    env = dict(os.environ)
    # The user's own git configuration (a global hooksPath, commit signing)
    # must not change what the commits below do.
    global_config = tmp_path / "gitconfig"
    global_config.write_text("[init]\n\tdefaultBranch = main\n")
    env.update(
        {
            "GIT_CONFIG_GLOBAL": str(global_config),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Test User",
            "GIT_AUTHOR_EMAIL": "test@example.invalid",
            "GIT_COMMITTER_NAME": "Test User",
            "GIT_COMMITTER_EMAIL": "test@example.invalid",
            "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
            "PRE_COMMIT_COLOR": "never",
            "LOADERDOCTOR_LANG": "en",
        }
    )
    for name in ("NO_COLOR", "FORCE_COLOR", "PYTHONPATH"):
        env.pop(name, None)
    return env


def test_hook_blocks_broken_commit_and_passes_fixed(tmp_path):
    require_shared()
    if not (REPOSITORY / ".git").exists():
        pytest.fail(f"{REPOSITORY} is not a git repository, so there is no commit to install the hook from")
    command = pre_commit_command(tmp_path)
    env = isolated_git_environment(tmp_path)

    head = git("rev-parse", "HEAD", cwd=REPOSITORY)
    hook_repository = tmp_path / "loaderdoctor-hook"
    git("clone", "--quiet", str(REPOSITORY), str(hook_repository), cwd=tmp_path, env=env)
    git("checkout", "--quiet", head, cwd=hook_repository, env=env)
    assert (hook_repository / ".pre-commit-hooks.yaml").is_file(), ".pre-commit-hooks.yaml is not committed"

    project = tmp_path / "project"
    project.mkdir()
    git("init", "--quiet", cwd=project, env=env)
    (project / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {hook_repository.as_posix()}\n"
        f"    rev: {head}\n"
        "    hooks:\n"
        "      - id: loaderdoctor\n"
    )
    git("add", ".pre-commit-config.yaml", cwd=project, env=env)
    git("commit", "--quiet", "-m", "Add pre-commit configuration", cwd=project, env=env)
    installed = subprocess.run([*command, "install"], cwd=project, capture_output=True, text=True, env=env, timeout=120)
    assert installed.returncode == 0, installed.stderr

    # First commit: the broken script. The hook environment is built here.
    [expected_line] = sorted(responsible_lines(CASES / CASE)["train.py"])
    shutil.copy(CASES / CASE / "broken" / "train.py", project / "train.py")
    git("add", "train.py", cwd=project, env=env)
    broken = subprocess.run(
        ["git", "commit", "-m", "Add training script"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=INSTALL_TIMEOUT,
    )
    output = broken.stdout + broken.stderr
    assert broken.returncode != 0, output
    assert "loaderdoctor" in output
    assert "Failed" in output
    assert f"train.py:{expected_line}:1: LD001" in output
    assert git("rev-list", "--count", "HEAD", cwd=project, env=env) == "1"

    # Second commit: the fixed script passes the hook and is committed.
    shutil.copy(CASES / CASE / "fixed" / "train.py", project / "train.py")
    git("add", "train.py", cwd=project, env=env)
    fixed = subprocess.run(
        ["git", "commit", "-m", "Add training script"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=INSTALL_TIMEOUT,
    )
    output = fixed.stdout + fixed.stderr
    assert fixed.returncode == 0, output
    assert "Passed" in output
    assert git("rev-list", "--count", "HEAD", cwd=project, env=env) == "2"
