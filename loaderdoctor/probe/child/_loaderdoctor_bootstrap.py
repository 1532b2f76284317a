"""Entry point of the probed process: set up the hooks, then run the script as ``__main__``.

Runs inside the user's interpreter (standard library only; torch is hooked
when the script imports it). loaderdoctor starts it as
``python <run folder>/_loaderdoctor_bootstrap.py`` in the script's folder,
with the settings as JSON in LOADERDOCTOR_PROBE_SETTINGS.
"""

import json
import os
import platform
import runpy
import sys

import _loaderdoctor_events as events
import _loaderdoctor_hooks as hooks


def _die_with_parent(parent_pid):
    # Linux only: if loaderdoctor itself is killed (SIGKILL leaves it no
    # chance to clean up), the kernel kills this process too, and torch
    # workers exit once their parent is gone.
    if not sys.platform.startswith("linux") or not parent_pid:
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError, TypeError):
        return
    if os.getppid() != parent_pid:
        os._exit(3)


def _print_script_traceback(error, script):
    # Print the traceback as `python script.py` would: drop the frames of
    # this bootstrap and of runpy above the script's first frame.
    target = os.path.normcase(os.path.abspath(script))
    tb = error.__traceback__
    while tb is not None and os.path.normcase(os.path.abspath(tb.tb_frame.f_code.co_filename)) != target:
        tb = tb.tb_next
    tb = tb or error.__traceback__
    sys.excepthook(type(error), error.with_traceback(tb), tb)


def main():
    settings = json.loads(os.environ[events.SETTINGS_ENV])
    _die_with_parent(settings.get("parent_pid"))

    script = os.path.abspath(settings["script"])
    run_dir = events.run_dir()
    sys.argv = [script] + list(settings.get("args", []))
    # `python script.py` puts the script's folder first on sys.path; the run
    # folder follows so that spawned workers (which copy sys.path) can import
    # the instrumentation.
    sys.path[0] = os.path.dirname(script)
    if run_dir not in sys.path:
        sys.path.insert(1, run_dir)

    prefixes = hooks.set_library_prefixes([run_dir])
    hooks.install({"batches": settings.get("batches", 1), "full": settings.get("full", False)})
    hooks.install_multiprocessing_hooks(run_dir)
    hooks.force_start_method(settings.get("start_method"))
    events.register_stack_dump_once()

    import multiprocessing

    events.emit(
        "script-start",
        script=script,
        python=platform.python_version(),
        implementation=platform.python_implementation(),
        executable=sys.executable,
        platform=sys.platform,
        library_prefixes=prefixes,
        start_method=multiprocessing.get_start_method(allow_none=True),
    )

    status = 0
    try:
        runpy.run_path(script, run_name="__main__")
    except hooks.ProbeFinished:
        status = 0
    except SystemExit as exit_:
        events.emit("script-exit", code=repr(exit_.code))
        raise
    except BaseException as error:  # noqa: BLE001 - printed like the interpreter would
        events.emit("script-error", error_type=type(error).__name__, error=str(error)[:2000])
        _print_script_traceback(error, script)
        status = 1
    else:
        events.emit("script-end")
    sys.stdout.flush()
    sys.stderr.flush()
    sys.exit(status)


if __name__ == "__main__":
    main()
