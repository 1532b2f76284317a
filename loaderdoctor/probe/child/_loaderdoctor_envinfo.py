"""Print facts about this interpreter and its torch as one JSON object.

Runs inside the user's interpreter (standard library; torch if installed).
It never fixes the multiprocessing start method: the default is read from
a private attribute instead of ``get_start_method()``, which would set it.
"""

import json
import multiprocessing
import os
import platform
import sys
import time

ENVIRONMENT_VARIABLES = (
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "CUDA_VISIBLE_DEVICES",
    "PYTHONUNBUFFERED",
    "PYTHONDONTWRITEBYTECODE",
)


def _default_start_method():
    try:
        import multiprocessing.context as contexts

        return contexts._default_context._default_context._name
    except AttributeError:
        return None


def _usable_cpus():
    if hasattr(os, "process_cpu_count"):  # Python 3.13+
        return os.process_cpu_count()
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count()


def _open_file_limit():
    try:
        import resource

        return list(resource.getrlimit(resource.RLIMIT_NOFILE))
    except (ImportError, AttributeError, OSError):
        return None


def _torch_facts():
    started = time.time()
    try:
        import torch
    except Exception as error:  # noqa: BLE001 - any import failure is reported as is
        return {"error": "%s: %s" % (type(error).__name__, error)}
    facts = {
        "version": torch.__version__,
        "import_seconds": time.time() - started,
        "num_threads": torch.get_num_threads(),
        "cuda_build": getattr(torch.version, "cuda", None),
    }
    try:
        facts["sharing_strategy"] = torch.multiprocessing.get_sharing_strategy()
    except Exception:  # noqa: BLE001 - reported as unknown
        facts["sharing_strategy"] = None
    try:
        available = torch.cuda.is_available()
        facts["cuda_available"] = available
        facts["cuda_devices"] = (
            [torch.cuda.get_device_name(index) for index in range(torch.cuda.device_count())] if available else []
        )
    except Exception as error:  # noqa: BLE001 - a broken CUDA setup is a fact to report
        facts["cuda_available"] = False
        facts["cuda_error"] = str(error)
    return facts


def main():
    facts = {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "executable": sys.executable,
        "platform": sys.platform,
        "os": platform.platform(),
        "machine": platform.machine(),
        "start_method_set": multiprocessing.get_start_method(allow_none=True),
        "start_method_default": _default_start_method(),
        "start_methods": multiprocessing.get_all_start_methods(),
        "cpu_count": os.cpu_count(),
        "usable_cpus": _usable_cpus(),
        "open_file_limit": _open_file_limit(),
        "environment": {name: os.environ[name] for name in ENVIRONMENT_VARIABLES if name in os.environ},
        "torch": _torch_facts(),
    }
    sys.stdout.write(json.dumps(facts) + "\n")


if __name__ == "__main__":
    main()
