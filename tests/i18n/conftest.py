"""Run the command line in a child process with a chosen language route."""

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import CASES, LOGS, REPOSITORY, require_shared

CJK = re.compile(r"[\u4e00-\u9fff]")
LANGUAGE_VARIABLES = ("LOADERDOCTOR_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")

BROKEN_SCRIPT = CASES / "k01_unguarded_toplevel_loop" / "broken" / "train.py"
WINDOWS_LOG = LOGS / "windows-d2l-softmax-interleaved.log"

# How a user asks for Chinese: (extra arguments before the subcommand's own
# arguments, environment variables).
ROUTES = {
    "option": (["--lang", "zh-CN"], {}),
    "environment": ([], {"LOADERDOCTOR_LANG": "zh-CN"}),
    "locale": ([], {"LANG": "zh_CN.UTF-8"}),
}


def run_cli(arguments, environ=None, encoding="utf-8", timeout=300):
    """Run ``python -m loaderdoctor`` from the repository with only ``environ`` choosing the language."""
    env = {name: value for name, value in os.environ.items() if name not in LANGUAGE_VARIABLES}
    env["PYTHONIOENCODING"] = encoding
    env.update(environ or {})
    result = subprocess.run(
        [sys.executable, "-m", "loaderdoctor", *arguments],
        check=False,
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        timeout=timeout,
    )
    result.stdout = result.stdout.decode(encoding)
    result.stderr = result.stderr.decode(encoding)
    return result


def relative_to_repository(path):
    """Return ``path`` as the tests give it: through ../shared from the repository root."""
    return os.path.relpath(path, REPOSITORY)


def cjk_count(text):
    return len(CJK.findall(text))


@pytest.fixture(scope="session")
def shared():
    require_shared()
    assert BROKEN_SCRIPT.is_file(), BROKEN_SCRIPT
    assert WINDOWS_LOG.is_file(), WINDOWS_LOG
