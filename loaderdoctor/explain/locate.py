"""Find the user's lines in the frames of a block.

Frames are in call order (outermost first). A spawned worker's traceback of
a bootstrap failure shows the worker's start-up (``spawn_main``,
``prepare``) and the re-import of the main script (``runpy``). Then come the
user's module-level statement, maybe the user's functions it calls, and the
DataLoader or multiprocessing frames that started a process. The
module-level statement is what must move under the ``__main__`` guard, and
the last user frame before the library takes over is the line that started
workers.
"""

from loaderdoctor.explain.paths import basename, is_library, normalize

# Frames of the machinery that re-imports the main module in a child:
# runpy (a real file up to 3.10, "<frozen runpy>" from 3.11) and the spawn
# module's preparation step (import_main_path is the 3.13.8+/3.14.1+
# forkserver preload).
_REIMPORT_FUNCS = {"prepare", "_fixup_main_from_path", "_fixup_main_from_name", "import_main_path"}
_RUNPY_FUNCS = {"run_path", "_run_module_code", "_run_code", "run_module", "_run_module_as_main"}

# Library code that starts processes or DataLoader workers.
_STARTER_DIRS = ("torch/utils/data/", "multiprocessing/", "concurrent/futures/",
                 "torch/multiprocessing/", "torch/distributed/")

# Signs that a traceback comes from a frozen executable (PyInstaller,
# cx_Freeze), where the main program itself runs again in every child.
FROZEN_MARKERS = ("pyinstaller", "pyimod0", "/_mei", "cx_freeze")


def is_reimport(frame):
    name = basename(frame.path).lower()
    if frame.path == "<frozen runpy>" or name == "runpy.py":
        return frame.func in _RUNPY_FUNCS
    return name == "spawn.py" and frame.func in _REIMPORT_FUNCS


def is_starter(frame):
    path = normalize(frame.path)
    if not is_library(frame.path):
        return False
    path = "/" + path.lstrip("/")
    return any("/" + directory in path for directory in _STARTER_DIRS)


def is_forkserver(frame):
    return basename(frame.path).lower() == "forkserver.py"


def is_frozen(frames):
    return any(marker in normalize(frame.path).lower() for frame in frames for marker in FROZEN_MARKERS)


def user_frames(frames):
    return [frame for frame in frames if not is_library(frame.path)]


class BootstrapLocation:
    """The user frames of a bootstrap failure."""

    def __init__(self, module_level, worker_start, imported_from=None):
        self.module_level = module_level
        self.worker_start = worker_start
        # The main script's import statement, when the module-level statement
        # sits in a module that the main script imports.
        self.imported_from = imported_from


def locate_bootstrap(frames):
    """Return a :class:`BootstrapLocation`, or None when the frames show no user line."""
    user_indexes = [index for index, frame in enumerate(frames) if not is_library(frame.path)]
    if not user_indexes:
        return None

    first_user = user_indexes[0]
    start = next((index for index in range(first_user + 1, len(frames)) if is_starter(frames[index])),
                 len(frames))
    reimport = max((index for index in range(start) if is_reimport(frames[index])), default=-1)
    candidates = [index for index in user_indexes if reimport < index < start]
    if not candidates:
        candidates = [index for index in user_indexes if index < start] or user_indexes

    # The module-level statement is the last of the leading "<module>"
    # frames: when the main script imports a module that starts workers at
    # import time, that module's statement is the one to fix.
    module_level = candidates[0]
    for index in candidates[1:]:
        if frames[index].func != "<module>":
            break
        module_level = index

    module_frame = frames[module_level]
    first_frame = frames[candidates[0]]
    imported_from = None
    if module_level != candidates[0] and normalize(first_frame.path) != normalize(module_frame.path):
        imported_from = first_frame
    if frames[module_level].func != "<module>":
        # No module-level frame is visible (a partial paste): the outermost
        # user frame is the best evidence.
        module_frame = first_frame
    return BootstrapLocation(module_frame, frames[candidates[-1]], imported_from)


def caller_of(frames, predicate):
    """Return the last user frame before the first frame that matches ``predicate``."""
    last_user = None
    for frame in frames:
        if predicate(frame):
            return last_user
        if not is_library(frame.path):
            last_user = frame
    return last_user


def has_reimport(frames):
    return any(is_reimport(frame) for frame in frames)
