"""Classify the file paths of traceback frames, and find them on this machine.

A log comes from any machine: POSIX paths, Windows paths with drive letters
and backslashes (or PyCharm's forward slashes), conda and pyenv layouts, and
relative paths from frozen programs. Library frames (site-packages, the
standard library, ``<frozen ...>``, ``<string>``) are never blamed; every
other file is the user's.
"""

import functools
import os
import re
import sys
from pathlib import Path

# Names of the standard library's top-level modules and packages. The list
# from Python 3.10+ is used when available; the fallback covers the modules
# that appear in multiprocessing and DataLoader tracebacks.
_FALLBACK_STDLIB = {
    "abc", "asyncio", "codecs", "collections", "concurrent", "contextlib", "copy", "copyreg",
    "ctypes", "encodings", "functools", "importlib", "io", "json", "logging", "multiprocessing",
    "os", "pickle", "queue", "random", "runpy", "selectors", "shutil", "signal", "socket",
    "subprocess", "tempfile", "threading", "traceback", "typing", "unittest", "warnings",
    "weakref", "zipfile", "sqlite3", "argparse", "pdb", "bdb", "code", "faulthandler",
}
STDLIB_NAMES = frozenset(getattr(sys, "stdlib_module_names", ())) | _FALLBACK_STDLIB

# Third-party packages whose frames can show up with a relative path (frozen
# programs) or from an unusual install location; they are never the user's.
_KNOWN_LIBRARIES = {"torch", "torchvision", "d2l", "numpy", "PyInstaller", "pyimod01_archive",
                    "pyimod02_importers", "pyimod03_ctypes", "cx_Freeze", "_pytest", "pytest",
                    "pluggy", "tqdm", "IPython", "ipykernel", "lightning", "pytorch_lightning",
                    "transformers", "datasets", "accelerate", "fastai", "torch_geometric"}

_PYTHON_LIB_DIR = re.compile(r"^python\d+(\.\d+)*t?$", re.IGNORECASE)
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


@functools.lru_cache(maxsize=4096)
def normalize(path):
    """Return ``path`` with forward slashes, lower-cased when it is a Windows path."""
    windows = "\\" in path or bool(_WINDOWS_DRIVE.match(path))
    path = path.replace("\\", "/")
    while "//" in path:
        path = path.replace("//", "/")
    return path.lower() if windows else path


def _parts(path):
    return [part for part in normalize(path).split("/") if part]


def _stem(part):
    return part[:-3] if part.endswith(".py") else part


@functools.lru_cache(maxsize=4096)
def is_library(path):
    """True for frames that belong to Python itself or to an installed package."""
    if path.startswith("<"):
        # <frozen runpy>, <string>, <stdin>, <frozen importlib._bootstrap>.
        # Notebook cells (<ipython-input-...>) are the user's code.
        return not path.startswith("<ipython-input")
    if path.startswith("Cell In["):
        return False

    parts = _parts(path)
    lowered = [part.lower() for part in parts]
    if "site-packages" in lowered or "dist-packages" in lowered:
        return True
    if any(part.endswith(".egg") for part in lowered):
        return True

    for index, part in enumerate(lowered[:-1]):
        following = _stem(parts[index + 1])
        # <prefix>/lib/python3.11/<module>, <prefix>\Lib\<module> (Windows
        # installs and conda environments), .../lib/<module> for framework
        # builds that omit the version folder.
        if part in ("lib", "lib64") and (_PYTHON_LIB_DIR.match(following) or following in STDLIB_NAMES):
            return True

    if not path.startswith("/") and not _WINDOWS_DRIVE.match(path) and parts:
        # Frozen programs print library frames relative to the bundle, for
        # example "multiprocessing\\context.py" or "torch\\utils\\data\\dataloader.py".
        first = _stem(parts[0])
        if len(parts) > 1 and (first in STDLIB_NAMES or first in _KNOWN_LIBRARIES):
            return True
        if parts[0].lower().startswith("pyimod0"):
            return True
    return False


def basename(path):
    """Return the file name of a printed path, in its original case."""
    if path.startswith("<"):
        return path
    return re.split(r"[\\/]", path)[-1]


def same_file(first, second):
    """True when two printed paths name the same file (case and slashes ignored on Windows)."""
    if first == second:
        return True
    first_n, second_n = normalize(first), normalize(second)
    if first_n == second_n:
        return True
    # One side may be relative ("train.py" in the parent, the absolute path in
    # a spawned child): accept when the shorter is a whole-component suffix.
    shorter, longer = sorted((first_n, second_n), key=len)
    if shorter.startswith("/") or _WINDOWS_DRIVE.match(shorter):
        return False
    return longer.endswith("/" + shorter.lstrip("./"))


class SourceFinder:
    """Find the files a log names on this machine.

    A path is looked up as printed (relative paths against the working
    directory), then under ``source_dir`` by ever shorter tails of the path:
    ``D:\\work\\proj\\train.py`` tries ``<source_dir>/work/proj/train.py``,
    ``<source_dir>/proj/train.py`` and ``<source_dir>/train.py``.
    """

    def __init__(self, source_dir=None, cwd=None):
        self.source_dir = Path(source_dir) if source_dir else None
        self.cwd = Path(cwd) if cwd else Path.cwd()
        self._cache = {}

    def find(self, path):
        if path in self._cache:
            return self._cache[path]
        found = self._find(path)
        self._cache[path] = found
        return found

    def _find(self, path):
        if is_library(path) or path.startswith("<") or path.startswith("Cell In["):
            return None
        windows_path = "\\" in path or bool(_WINDOWS_DRIVE.match(path))
        if not windows_path or os.name == "nt":
            candidate = Path(path)
            if not candidate.is_absolute():
                candidate = self.cwd / candidate
            if candidate.is_file():
                return candidate
        if self.source_dir is None:
            return None
        parts = [part for part in path.replace("\\", "/").split("/") if part and part != "."]
        if parts and re.match(r"^[A-Za-z]:$", parts[0]):
            parts = parts[1:]
        for start in range(len(parts)):
            candidate = self.source_dir.joinpath(*parts[start:])
            if candidate.is_file():
                return candidate
        return None
