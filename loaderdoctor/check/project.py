"""Resolving imports to source files, without importing anything.

Imports are looked up the way Python would find them when the checked script
runs: the script's folder first, then the project root and its ``src/``
folder. Modules found nowhere are looked up in the built-in catalog of
library stubs (``check/stubs``); the rest stay opaque ``External`` names.
"""

import os
import sys
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

from loaderdoctor.check import PRESENCE_ONLY, sources
from loaderdoctor.check.interpreter import Module
from loaderdoctor.i18n import tr

STUB_ROOT = Path(__file__).resolve().parent / "stubs"

# Libraries whose relevant behaviour the interpreter models by name
# (torch.utils.data.DataLoader, multiprocessing.Pool, tqdm, ...). Their
# sources are never read: following torch's own import graph would cost
# seconds per file and add nothing that the models do not already cover.
MODELLED_LIBRARIES = frozenset(
    {
        "torch",
        "torchvision",
        "torchaudio",
        "torchtext",
        "numpy",
        "scipy",
        "pandas",
        "matplotlib",
        "sklearn",
        "PIL",
        "cv2",
        "tqdm",
        "tensorflow",
        "jax",
        "multiprocessing",
        "concurrent",
        "argparse",
        "os",
        "sys",
        "itertools",
        "functools",
        "platform",
    }
)
PROJECT_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py", ".git")

# Parsed imported modules, shared by every file checked in one run: a
# project's files import the same modules, and parsing is the costly step.
# Bounded so that a huge tree keeps a bounded memory footprint, but large
# enough for a whole package such as PyTorch Geometric (about 600 modules):
# with a smaller bound, scripts importing it evict each other's modules.
MAX_PARSED_MODULES = 1024
_parsed = OrderedDict()


def load_cached(path):
    """Return the parsed ``SourceFile`` of ``path``, parsing it again only when it changed or left the cache."""
    try:
        stat = os.stat(path)
    except OSError as error:
        raise sources.SourceError(str(path), tr("check.source.unreadable", error=error.strerror or error)) from None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    cached = _parsed.get(key)
    if cached is not None:
        _parsed.move_to_end(key)
        return cached
    source = sources.load_python(str(path))
    _parsed[key] = source
    if len(_parsed) > MAX_PARSED_MODULES:
        _parsed.popitem(last=False)
    return source


def _standard_library():
    names = getattr(sys, "stdlib_module_names", None)
    if names is not None:
        return frozenset(names)
    # Python 3.9 has no sys.stdlib_module_names; these are the modules that
    # scripts import most, enough to keep them out of the import search.
    return frozenset(
        "abc argparse array ast asyncio base64 bisect builtins collections concurrent contextlib copy csv "
        "ctypes dataclasses datetime decimal enum errno functools gc glob gzip hashlib heapq importlib inspect "
        "io itertools json logging math multiprocessing numbers operator os pathlib pickle platform pprint queue "
        "random re shutil signal socket sqlite3 statistics string struct subprocess sys tempfile textwrap "
        "threading time timeit traceback types typing unittest urllib uuid warnings weakref zipfile".split()
    )


STANDARD_LIBRARY = _standard_library()


def is_modelled(dotted):
    top = dotted.split(".", 1)[0]
    return top in MODELLED_LIBRARIES or top in STANDARD_LIBRARY


_installed_roots = None


def installed_roots():
    """Folders where this interpreter's third-party libraries live (site-packages)."""
    global _installed_roots
    if _installed_roots is None:
        import sys

        roots = []
        for entry in sys.path:
            if entry and ("site-packages" in entry or "dist-packages" in entry) and os.path.isdir(entry):
                roots.append(Path(entry))
        _installed_roots = roots
    return _installed_roots


def forget_layouts():
    """Forget the project roots, packages and module names found so far."""
    for cached in (_project_root_of, _search_project_root, _package_of_folder, _layout, _top_names):
        cached.cache_clear()


def find_project_root(path):
    return _project_root_of(Path(path).resolve().parent)


@lru_cache(maxsize=4096)
def _project_root_of(folder):
    return _search_project_root(folder)[0]


@lru_cache(maxsize=4096)
def _search_project_root(folder):
    """Return the project root of ``folder`` and the marker paths whose presence decided it."""
    installed = set(installed_roots())
    checked = []
    for candidate in [folder, *folder.parents]:
        if candidate in installed:
            break
        markers = [candidate / marker for marker in PROJECT_MARKERS]
        checked.extend(markers)
        if any(marker.exists() for marker in markers):
            return candidate, tuple(checked)
    return folder, tuple(checked)


def layout_markers(folder):
    """Return the paths whose presence decided the import roots of a script in ``folder``.

    Each is prefixed with ``PRESENCE_ONLY``: only its presence counts.
    """
    folder = Path(folder)
    installed = set(installed_roots())
    if any(parent in installed for parent in (folder, *folder.parents)):
        return ()
    return tuple(PRESENCE_ONLY + str(path) for path in _search_project_root(folder)[1])


def display_path(path, relative=None):
    """Return ``path`` as output shows it.

    ``relative`` follows the form in which the user named the checked file:
    True shows the path relative to the current folder (even above it, as
    "../shared/..."), False shows it absolute. None keeps the older rule,
    relative only inside the current folder.
    """
    if relative is False:
        return str(path)
    try:
        shown = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative is None and shown.startswith("..") else shown


def package_of(path):
    """Return the dotted package that contains ``path`` (empty for a plain folder)."""
    return _package_of_folder(Path(path).resolve().parent)


@lru_cache(maxsize=4096)
def _package_of_folder(folder):
    parts = []
    while (folder / "__init__.py").is_file():
        parts.append(folder.name)
        folder = folder.parent
    return ".".join(reversed(parts)), folder


@lru_cache(maxsize=4096)
def _layout(folder, extra_roots):
    """Return (package, own package or None, import roots) for a script in ``folder``."""
    package, package_root = _package_of_folder(folder)
    installed = set(installed_roots())
    if package_root in installed or any(parent in installed for parent in folder.parents):
        # A file inside an installed library: only its own package is
        # "the project", never the whole site-packages folder.
        top = package.split(".")[0] if package else None
        candidates = [folder] + ([package_root] if top else [])
    else:
        top = None
        root = _project_root_of(folder)
        candidates = [folder, package_root, root, root / "src", *map(Path, extra_roots)]
    roots = []
    for candidate in candidates:
        if candidate not in roots and candidate.is_dir():
            roots.append(candidate)
    return package, top, tuple(roots)


@lru_cache(maxsize=1024)
def _top_names(roots, own_package):
    if own_package is not None:
        return frozenset({own_package.encode()})
    names = set()
    for root in roots:
        try:
            entries = os.listdir(root)
        except OSError:
            continue
        for entry in entries:
            if entry.endswith(".py"):
                names.add(entry[:-3].encode("utf-8", "replace"))
            elif "." not in entry:
                names.add(entry.encode("utf-8", "replace"))
    return frozenset(names)


class RunCache:
    """Imported modules shared by the files checked in one run, least recently used first out."""

    def __init__(self, limit=MAX_PARSED_MODULES):
        self.limit = limit
        self.modules = OrderedDict()

    def get(self, path):
        module = self.modules.get(path)
        if module is not None:
            self.modules.move_to_end(path)
        return module

    def put(self, path, module):
        self.modules[path] = module
        if len(self.modules) > self.limit:
            self.modules.popitem(last=False)


class Project:
    def __init__(self, main_path, extra_roots=(), run_cache=None):
        # NOTE: a module reused from ``run_cache`` starts each checked script
        # with the globals its import left (see Interpreter.import_module),
        # but the objects in those globals (classes, instances, dicts) keep
        # changes that an earlier script made to them. Python would start
        # each script with fresh modules. So the result for one file could depend on the
        # files the same process checked before it. Running each module
        # afresh for every script took the PyTorch Geometric repository from
        # 6 s to 147 s.
        self.run_cache = run_cache
        main = Path(main_path).resolve() if main_path not in (None, "-") else Path.cwd() / "stdin.py"
        # Imported modules are shown in the form in which the checked file was named.
        self.relative_display = main_path in (None, "-") or not os.path.isabs(str(main_path))
        self.package, self.own_package, roots = _layout(main.parent, tuple(map(str, extra_roots)))
        self.layout_markers = layout_markers(main.parent)
        self.roots = list(roots)
        self.modules = {}
        self.errors = []
        # Paths whose presence decided where an import was found: each
        # candidate tried, and the one found as the import named it (a
        # symbolic link there can later point elsewhere).
        self.looked_up = set()

    def local_top_names(self):
        """Return the top-level module and package names the import roots hold, as bytes."""
        return _top_names(tuple(self.roots), self.own_package)

    def main_module(self, source, name="__main__"):
        module = Module(source, name, package=self.package, display_path=source.path)
        if source.path not in ("-", "<stdin>"):
            self.modules[Path(source.path).resolve()] = module
        return module

    def absolute_name(self, name, level, importer):
        if level == 0:
            return name
        package = importer.package.split(".") if importer.package else []
        if level > 1:
            package = package[: len(package) - (level - 1)]
        base = ".".join(package)
        if name:
            return f"{base}.{name}" if base else name
        return base

    def resolve_import(self, name, level, importer):
        """Return the ``Module`` that ``import name`` finds, or None for an opaque library.

        The order: the project's own files, then the built-in catalog of
        library stubs, then the source of an installed library. Catalog
        entries win over installed sources because the libraries they cover
        (d2l, Lightning, Hugging Face) reach their loaders through dispatch
        that the interpreter cannot follow in the real code.
        """
        absolute = self.absolute_name(name, level, importer)
        if not absolute or is_modelled(absolute):
            return None
        path = self._find_source(absolute, importer)
        if path is not None:
            return self._load(path, absolute, library=False)
        stub = self._find_stub(absolute)
        if stub is not None:
            return self._load(stub, absolute, library=True)
        return None

    def deferrable_star(self, name, level, importer):
        """Return ``(path, absolute name, bytes)`` of the module that ``from name import *`` reads, if it can wait.

        It can when a package's ``__init__`` re-exports a module of its own
        package that no checked file has loaded yet and whose text has no
        trigger shape (see ``check.has_own_trigger``). Its names are then
        looked up only when used: timm's model package star-imports about a
        hundred model modules that a script never touches, and parsing them
        was most of the cost of checking one of its scripts.
        """
        if not str(importer.path).endswith("__init__.py") or not level:
            return None
        absolute = self.absolute_name(name, level, importer)
        if not absolute or is_modelled(absolute):
            return None
        path = self._find_source(absolute, importer)
        if path is None or path in self.modules or (self.run_cache is not None and self.run_cache.get(path)):
            return None
        from loaderdoctor.check import has_own_trigger

        data = sources.load_text_for_prefilter(path)
        if data is None or has_own_trigger(data):
            return None
        return path, absolute, data

    def load_deferred(self, path, absolute):
        """Load a module that ``deferrable_star`` let wait."""
        return self._load(path, absolute, library=False)

    def resolve_installed(self, qualname):
        """Split ``pkg.mod.func`` into an installed library module and the attribute path after it.

        Installed libraries are read only through this, when the interpreter
        meets a call that passes them something that can start workers, so
        importing a large library costs nothing until then.
        """
        if is_modelled(qualname):
            return None, ()
        parts = qualname.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            dotted = ".".join(parts[:cut])
            path = self._find_installed(dotted)
            if path is None:
                continue
            module = self._load(path, dotted, library=True)
            if module is None:
                return None, ()
            module.definitions_only = True
            return module, tuple(parts[cut:])
        return None, ()

    def find_project_file(self, name, level, importer_package, looked_up=None):
        """Return the project file an import names, for the byte-level relevance test.

        ``looked_up``, if given, receives the paths tried (see ``Project.looked_up``).
        """
        if level:
            package = importer_package.split(".") if importer_package else []
            if level > 1:
                package = package[: len(package) - (level - 1)]
            base = ".".join(package)
            name = f"{base}.{name}" if base and name else (name or base)
        if not name or is_modelled(name):
            return None
        return self._find_source(name, None, looked_up)

    def _find_installed(self, dotted):
        relative = Path(*dotted.split("."))
        for root in installed_roots():
            for candidate in (root / relative.with_suffix(".py"), root / relative / "__init__.py"):
                self.looked_up.add(candidate)
                if candidate.is_file():
                    return candidate
        return None

    def _find_source(self, dotted, importer, looked_up=None):
        if self.own_package is not None and dotted.split(".")[0] != self.own_package:
            return None
        if looked_up is None:
            looked_up = self.looked_up
        relative = Path(*dotted.split("."))
        for root in self.roots:
            for candidate in (root / relative.with_suffix(".py"), root / relative / "__init__.py"):
                looked_up.add(candidate)
                if candidate.is_file():
                    return candidate.resolve()
        return None

    def _find_stub(self, dotted):
        relative = Path(*dotted.split("."))
        for candidate in (STUB_ROOT / relative.with_suffix(".py"), STUB_ROOT / relative / "__init__.py"):
            if candidate.is_file():
                return candidate
        return None

    def _load(self, path, dotted, library):
        module = self.modules.get(path)
        if module is not None:
            return module
        if self.run_cache is not None and path not in self.modules:
            shared = self.run_cache.get(path)
            if shared is not None and shared.name == dotted:
                self.modules[path] = shared
                return shared
        try:
            source = load_cached(path)
        except sources.SourceError as error:
            self.errors.append(error)
            self.modules[path] = None
            return None
        package = dotted if path.name == "__init__.py" else dotted.rpartition(".")[0]
        shown = dotted if library else display_path(str(path), self.relative_display)
        module = Module(source, dotted, package=package, library=library, display_path=shown)
        self.modules[path] = module
        if self.run_cache is not None:
            self.run_cache.put(path, module)
        return module
