"""Finding the project modules that import a file, and the names they take from it.

Moving a module-level assignment into ``main()`` removes that name from the
module, so the fixer must know whether other modules of the project use it.
Only files that mention the module's name are parsed.
"""

import ast
import os
import re
from dataclasses import dataclass
from pathlib import Path

from loaderdoctor.check import sources
from loaderdoctor.check.fixing.scopes import FUNCTIONS, is_main_guard
from loaderdoctor.check.project import Project, display_path, find_project_root, package_of

# A project larger than this is not searched completely; the fixer then
# treats the moved names as possibly imported. The entry limit keeps a data
# folder with millions of files next to a script from stalling the search.
MAX_SCANNED_FILES = 5000
MAX_SCANNED_ENTRIES = 200_000

ATTRIBUTE = "attribute"
FROM_IMPORT = "from"
STAR_IMPORT = "star"
MODULE_VALUE = "module"  # the module object itself is passed around or inspected
MODULE_IMPORT = "import"  # an import statement of the module; later uses are recorded separately


@dataclass(frozen=True)
class ImporterUse:
    """One place where another module imports the fixed module or takes a name from it."""

    path: str
    line: int
    kind: str  # ATTRIBUTE, FROM_IMPORT, STAR_IMPORT, MODULE_VALUE or MODULE_IMPORT
    name: str = None  # the name taken, for ATTRIBUTE and FROM_IMPORT
    # True when the use runs while the importing module is itself imported:
    # at its module level, outside functions and its __main__ guard.
    import_time: bool = False


@dataclass
class ImporterReport:
    uses: list
    complete: bool = True

    @property
    def imported(self):
        return bool(self.uses) or not self.complete


class ProjectIndex:
    """The Python files of each project root and their imports, read once per fixer run."""

    def __init__(self):
        self._files = {}
        self._parsed = {}

    def files(self, root):
        """Return ``(paths, complete)``: the Python files under ``root``, nearest folders first."""
        cached = self._files.get(root)
        if cached is None:
            cached = self._files[root] = _walk(Path(root))
        return cached

    def parsed(self, path, data):
        """Return the ``_ParsedFile`` of ``path``, or None when it cannot be parsed."""
        if path not in self._parsed:
            try:
                source = sources.load_python(path, data)
            except sources.SourceError:
                self._parsed[path] = None
            else:
                self._parsed[path] = _ParsedFile(source.tree)
        return self._parsed[path]


class _ParsedFile:
    def __init__(self, tree):
        self.tree = tree
        self.imports = [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]
        self._at_import = None
        self._parents = None

    @property
    def at_import(self):
        if self._at_import is None:
            self._at_import = _import_time_nodes(self.tree)
        return self._at_import

    @property
    def parents(self):
        if self._parents is None:
            self._parents = {}
            for node in ast.walk(self.tree):
                for child in ast.iter_child_nodes(node):
                    self._parents[id(child)] = node
        return self._parents


def _walk(root):
    """List Python sources breadth-first, skipping the folders that ``check`` skips, within the limits above."""
    found = []
    entries = 0
    folders = [root]
    seen = set()
    while folders:
        folder = folders.pop(0)
        try:
            real = folder.resolve()
        except (OSError, RuntimeError):
            continue
        if real in seen:
            continue
        seen.add(real)
        try:
            scan = os.scandir(folder)
        except OSError:
            continue
        with scan:
            for entry in scan:
                entries += 1
                if entries > MAX_SCANNED_ENTRIES:
                    return found, False
                name = entry.name
                if name.startswith("."):
                    continue
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    continue
                if is_dir:
                    child = Path(entry.path)
                    skipped = name in sources.SKIPPED_FOLDERS or name.endswith(".egg-info")
                    if not skipped and not sources.is_virtualenv(child):
                        folders.append(child)
                elif name.endswith((".py", ".pyw")):
                    if len(found) >= MAX_SCANNED_FILES:
                        return found, False
                    found.append(entry.path)
    return found, True


def module_names(path):
    """Return the dotted names under which the project's import roots reach ``path``."""
    resolved = Path(path).resolve()
    names = set()
    for root in Project(str(resolved)).roots:
        try:
            relative = resolved.relative_to(root)
        except ValueError:
            continue
        parts = list(relative.with_suffix("").parts)
        if parts and parts[-1] == "__init__":
            parts.pop()
        if parts and all(part.isidentifier() for part in parts):
            names.add(".".join(parts))
    return names


def find_importers(path, index=None):
    """Return an ``ImporterReport`` with every use of the module at ``path`` by the project's other files."""
    index = index or ProjectIndex()
    names = module_names(path)
    if not names:
        return ImporterReport(uses=[])
    resolved = Path(path).resolve()
    files, complete = index.files(find_project_root(resolved))
    words = {name.rsplit(".", 1)[-1] for name in names}
    pattern = re.compile(rb"\b(?:" + b"|".join(re.escape(word.encode()) for word in sorted(words)) + rb")\b")

    uses = []
    for candidate in files:
        if Path(candidate).resolve() == resolved:
            continue
        try:
            data = sources.read_bytes(candidate)
        except sources.SourceError:
            continue
        if not pattern.search(data):
            continue
        parsed = index.parsed(candidate, data)
        if parsed is not None:
            uses.extend(_uses_in(parsed, candidate, names))
    return ImporterReport(uses=uses, complete=complete)


def _absolute(module, level, importer_path):
    if level == 0:
        return module or ""
    package, _ = package_of(importer_path)
    parts = package.split(".") if package else []
    if level > 1:
        parts = parts[: len(parts) - (level - 1)]
    base = ".".join(parts)
    if module:
        return f"{base}.{module}" if base else module
    return base


def _import_time_nodes(tree):
    """Return the nodes that run while the module is imported: module level outside functions and the guard.

    NOTE: a function that the module calls at import time is not followed, so
    a use of the name inside it counts as a later use.
    """
    found = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        found.add(id(node))
        for child in ast.iter_child_nodes(node):
            if node is tree and is_main_guard(child):
                continue
            if isinstance(child, FUNCTIONS + (ast.Lambda,)):
                # Decorators and defaults run at definition time.
                stack.extend(getattr(child, "decorator_list", []))
                stack.extend(child.args.defaults)
                continue
            stack.append(child)
    return found


def _uses_in(parsed, importer_path, names):
    shown = display_path(importer_path)
    bindings = {}  # local name -> attribute path from it to the module
    uses = []

    for node in parsed.imports:
        if isinstance(node, ast.Import):
            for alias in node.names:
                for name in names:
                    if alias.name == name or alias.name.startswith(name + "."):
                        uses.append(ImporterUse(shown, node.lineno, MODULE_IMPORT, None, id(node) in parsed.at_import))
                    if alias.name != name and not name.startswith(alias.name + "."):
                        continue
                    if alias.asname:
                        bindings[alias.asname] = name[len(alias.name) + 1:].split(".") if alias.name != name else []
                    else:
                        bindings[alias.name.split(".")[0]] = name.split(".")[1:]
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node.module, node.level, importer_path)
            for alias in node.names:
                if module in names:
                    kind = STAR_IMPORT if alias.name == "*" else FROM_IMPORT
                    uses.append(ImporterUse(shown, node.lineno, kind, None if kind == STAR_IMPORT else alias.name,
                                            id(node) in parsed.at_import))
                    continue
                full = f"{module}.{alias.name}" if module else alias.name
                for name in names:
                    if full == name:
                        uses.append(ImporterUse(shown, node.lineno, MODULE_IMPORT, None, id(node) in parsed.at_import))
                    if full == name or name.startswith(full + "."):
                        bindings[alias.asname or alias.name] = name[len(full) + 1:].split(".") if full != name else []

    if not bindings:
        return uses

    parents = parsed.parents
    for node in ast.walk(parsed.tree):
        if not (isinstance(node, ast.Name) and node.id in bindings and isinstance(node.ctx, ast.Load)):
            continue
        path = bindings[node.id]
        parts, top = _attribute_path(node, parents)
        if parts[: len(path)] != path:
            continue  # another module of the same package
        if len(parts) > len(path):
            uses.append(ImporterUse(shown, node.lineno, ATTRIBUTE, parts[len(path)], id(top) in parsed.at_import))
        else:
            uses.append(ImporterUse(shown, node.lineno, MODULE_VALUE, None, id(node) in parsed.at_import))
    return uses


def _attribute_path(name_node, parents):
    """Return the attribute names that follow ``name_node`` (``x.a.b`` gives ``[a, b]``) and the outermost node."""
    parts = []
    current = name_node
    parent = parents.get(id(current))
    while isinstance(parent, ast.Attribute) and parent.value is current:
        parts.append(parent.attr)
        current = parent
        parent = parents.get(id(current))
    return parts, current
