"""Probe runs shared by the probe tests.

Each case script is probed once per session with real torch workers; two
probes run at a time, which stays reliable on a 2-core machine because each
probe starts the first worker of a loader alone.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest

from loaderdoctor.probe import probe_script
from tests.conftest import CASES, require_shared

PARALLEL_PROBES = 2

# (case, script under broken/, start method, kind id, file that holds the responsible line)
BROKEN_RUNS = [
    ("k01_unguarded_toplevel_loop", "train.py", "spawn", "unguarded-start", "train.py"),
    ("k02_unguarded_toplevel_call", "train.py", "spawn", "unguarded-start", "train.py"),
    ("k03_unguarded_cross_module", "run_experiment.py", "spawn", "unguarded-start", "run_experiment.py"),
    ("k03_unguarded_cross_module", "serve.py", "spawn", "unguarded-start", "warmup.py"),
    ("k04_guard_incomplete", "train.py", "spawn", "unguarded-start", "train.py"),
    ("k05_wrapper_init_iter", "train.py", "spawn", "unguarded-start", "train.py"),
    ("k06_workers_from_argparse", "train.py", "spawn", "unguarded-start", "train.py"),
    ("k07_workers_from_helper", "train.py", "spawn", "unguarded-start", "train.py"),
    ("k08_workers_from_config", "train.py", "spawn", "unguarded-start", "train.py"),
    ("k09_def_inside_guard", "train.py", "spawn", "missing-in-worker", "train.py"),
    ("k10_guarded_global_state", "train.py", "spawn", "worker-exception", "train.py"),
    ("k12_local_collate_fn", "train.py", "spawn", "unpicklable-object", "train.py"),
    ("k13_local_worker_init_fn", "train.py", "spawn", "unpicklable-object", "train.py"),
    ("k14_local_lambda_transform", "train.py", "spawn", "unpicklable-object", "train.py"),
    ("k15_main_module_lambda", "train.py", "spawn", "unpicklable-object", "train.py"),
    ("k16_local_dataset_class", "train.py", "spawn", "unpicklable-object", "train.py"),
    ("k17_unpicklable_member", "file_handle.py", "spawn", "unpicklable-object", "file_handle.py"),
    ("k17_unpicklable_member", "generator_member.py", "spawn", "unpicklable-object", "generator_member.py"),
    ("k17_unpicklable_member", "lock_member.py", "spawn", "unpicklable-object", "lock_member.py"),
    ("k17_unpicklable_member", "module_member.py", "spawn", "unpicklable-object", "module_member.py"),
    ("k17_unpicklable_member", "sqlite_conn.py", "spawn", "unpicklable-object", "sqlite_conn.py"),
    ("k18_set_start_method_toplevel", "train.py", "spawn", "start-method-already-set", "train.py"),
    ("k18_set_start_method_toplevel", "two_calls.py", "spawn", "start-method-already-set", "two_calls.py"),
    ("k19_pool_toplevel", "prepare.py", "spawn", "unguarded-start", "prepare.py"),
    ("k20_processpool_toplevel", "score.py", "spawn", "unguarded-start", "score.py"),
    ("k21_mp_spawn_toplevel", "launch.py", "spawn", "unguarded-start", "launch.py"),
    ("k22_forkserver_default_py314", "train.py", "forkserver", "unguarded-start", "train.py"),
    ("k22_forkserver_default_py314", "closure_collate.py", "forkserver", "unpicklable-object", "closure_collate.py"),
    ("k23_large_pickle_pipe", "train.py", "spawn", "unguarded-start", "train.py"),
]

# Broken scripts that do not fail when run as a plain script on a Linux
# machine with a CPU build of torch, and why.
NOT_FAILING_HERE = {
    "k11_notebook_main_defs": "fails only from a notebook, `python -c` or stdin, not run as a file",
    "k24_windows_only_symptoms": "Windows-only symptoms; the script only measures worker cost",
    "k25_cuda_in_worker": "needs a CUDA device",
    "k26_shm_exhausted": "needs a /dev/shm smaller than one batch; tested in test_special_limits.py",
    "k27_too_many_open_files": "needs `ulimit -n 256` and a full run; tested in test_special_limits.py",
}

# Files under fixed/ that are imported by the entry scripts, not run.
FIXED_HELPERS = {"pipeline.py", "warmup.py", "common.py", "setup_env.py", "nb_data.py"}


def fixed_runs():
    runs = []
    for case in sorted(path for path in CASES.iterdir() if path.is_dir()) if CASES.is_dir() else []:
        if case.name == "k11_notebook_main_defs":
            continue
        method = "forkserver" if case.name.startswith("k22") else "spawn"
        for script in sorted((case / "fixed").glob("*.py")):
            if script.name not in FIXED_HELPERS:
                runs.append((case.name, script.name, method))
    return runs


def _probe(path, method):
    return probe_script(path, start_method=method)


@pytest.fixture(scope="session")
def case_reports():
    """Probe reports keyed by ``(case, "broken" or "fixed", script)``."""
    require_shared()
    jobs = {(case, "broken", script): (CASES / case / "broken" / script, method)
            for case, script, method, _kind, _file in BROKEN_RUNS}
    for case, script, method in fixed_runs():
        jobs[(case, "fixed", script)] = (CASES / case / "fixed" / script, method)
    with ThreadPoolExecutor(PARALLEL_PROBES) as pool:
        futures = {key: pool.submit(_probe, path, method) for key, (path, method) in jobs.items()}
        return {key: future.result() for key, future in futures.items()}
