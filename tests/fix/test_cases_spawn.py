"""Broken shared cases, rewritten by ``check --fix``, run cleanly with real spawned workers.

Each rewritten script runs as ``__main__`` with the start method forced to
spawn (or directly, for scripts that pick their own start method) and must
print what the case's fixed/ version prints.
"""

import pytest

from loaderdoctor.check import check_paths
from tests.fix.conftest import copy_case, output_lines, run_check, run_script

pytestmark = pytest.mark.slow

FIXED_CODES = {"LD001", "LD002", "LD003", "LD006"}

# (case, script to run, extra options of check --fix, run mode, whether its numbers vary between runs)
CASES = [
    ("k01_unguarded_toplevel_loop", "train.py", (), "spawn", True),
    ("k02_unguarded_toplevel_call", "train.py", (), "spawn", True),
    ("k03_unguarded_cross_module", "run_experiment.py", (), "spawn", True),
    # serve.py reads warmup.BATCHES_SEEN, so the fix of warmup.py is unsafe.
    ("k03_unguarded_cross_module", "serve.py", ("--unsafe-fixes",), "spawn", False),
    ("k04_guard_incomplete", "train.py", (), "spawn", False),
    ("k05_wrapper_init_iter", "train.py", (), "spawn", False),
    ("k06_workers_from_argparse", "train.py", (), "spawn", True),
    ("k07_workers_from_helper", "train.py", (), "spawn", False),
    ("k08_workers_from_config", "train.py", (), "spawn", True),
    ("k19_pool_toplevel", "prepare.py", (), "spawn", False),
    ("k20_processpool_toplevel", "score.py", (), "spawn", False),
    ("k21_mp_spawn_toplevel", "launch.py", (), "spawn", False),
    ("k22_forkserver_default_py314", "train.py", (), "spawn", False),
    ("k23_large_pickle_pipe", "train.py", (), "spawn", False),
    # LD003: the Dataset class leaves the guard.
    ("k09_def_inside_guard", "train.py", (), "spawn", False),
    # LD006: the script sets its own start method, so it runs directly.
    ("k18_set_start_method_toplevel", "train.py", (), "direct", False),
]


def _findings(folder, script):
    result = check_paths([str(folder)])
    assert result.errors == []
    return [(f.code, f.line) for f in result.findings
            if f.path.replace("\\", "/").rsplit("/", 1)[-1] == script and f.code in FIXED_CODES]


def _bytes(folder):
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


@pytest.mark.parametrize(("case", "script", "options", "mode", "numbers_vary"), CASES,
                         ids=[f"{case[:3]}-{script}" for case, script, *_ in CASES])
def test_fixed_case_runs_like_reference(case, script, options, mode, numbers_vary, tmp_path, reference_runs):
    reference_runs.start(case, script, mode)
    folder = copy_case(case, "broken", tmp_path)
    assert _findings(folder, script) or case.startswith("k03") and script == "serve.py"

    fixing = run_check("--fix", *options, ".", cwd=folder)
    assert fixing.returncode in (0, 1), fixing.stderr
    assert "Fixed " in fixing.stdout, fixing.stdout + fixing.stderr
    assert _findings(folder, script) == []

    fixed_bytes = _bytes(folder)
    again = run_check("--fix", *options, ".", cwd=folder)
    assert again.returncode == fixing.returncode
    assert _bytes(folder) == fixed_bytes

    run = run_script(folder / script, mode)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr, run.stderr[-3000:]

    reference = reference_runs.result(case, script, mode)
    assert reference.returncode == 0, reference.stderr[-3000:]
    assert output_lines(run.stdout, numbers_vary) == output_lines(reference.stdout, numbers_vary)
    assert output_lines(run.stdout, numbers_vary) != []
