"""``loaderdoctor check``: static analysis of code that breaks under spawn.

``check_paths`` is the public entry point. It reads each file and decides
cheaply whether the file can matter. It interprets the ones that can, and
runs every selected rule on what the interpreter observed.
"""

import os
import re
from functools import lru_cache
from pathlib import Path

from loaderdoctor.check import sources
from loaderdoctor.check.findings import FileError
from loaderdoctor.check.sources import SourceError
from loaderdoctor.i18n import tr
from loaderdoctor.records import field, record

# Code shapes without which a file can neither build or iterate a loader,
# start a pool or process, nor set the start method: a file without any of
# them can only matter through a project module it imports (checked
# separately). Each needs a call, an import or a base-class shape, so that a
# name in a docstring or an identifier such as MaxPool2d does not match.
#
# A shape is (literal, pattern, word start): the literal must occur, the
# pattern (when given) must match, and with "word start" the match must not
# follow a letter, digit or underscore. Every pattern begins with a literal,
# which lets the regular expression engine skip ahead to candidates. A
# leading \b would make it try every position, about 20 times slower on a
# large file.
#
# Shapes come in groups that share a word: most files contain none of the
# words, and these three scans of the whole file are all that such a file
# costs. The last group's word is in every name that starts processes:
# multiprocessing, torch.multiprocessing, ProcessPoolExecutor, and the
# imports that bring Pool, spawn and set_start_method into a file. A module
# that only re-exports those names counts through the imports rule below.
TRIGGER_GROUPS = tuple(
    (word, tuple((literal, re.compile(pattern) if pattern else None, word_start)
                 for literal, pattern, word_start in shapes))
    for word, shapes in (
        (b"oader", (
            (b"Loader", rb"Loader\s*\(", False),
            (b"DataLoader", rb"import[^\n]*\bDataLoader\b", False),
            (b"(DataLoader)", None, False),
            (b"dataloader(", None, False),
        )),
        (b"num_", (
            (b"num_workers", rb"num_workers\s*(?:=(?!=)|:)", False),
            (b"num_proc", rb"num_proc\s*=(?!=)", False),
        )),
        (b"rocess", (
            (b"Process(", None, False),
            (b"ProcessPoolExecutor(", None, False),
            (b"start_processes(", None, False),
            (b"Pool(", rb"Pool\(", True),
            (b"spawn(", rb"spawn\(", True),
            (b"set_start_method(", None, False),
        )),
    )
)
# A project module that imports from one of these can pass on the names that
# start processes: a script that imports it is tested for these calls even
# without the word of their group.
# Prefix of a dependency of which only the presence counts, such as a
# ``.git`` folder, whose time stamps change with every commit. No path
# contains this character.
PRESENCE_ONLY = "\0"

PROCESS_MODULES = ("multiprocessing", "multiprocess", "torch.multiprocessing", "concurrent.futures")
PROCESS_CALLS = TRIGGER_GROUPS[-1][1]
# Libraries of the built-in catalog, whose loaders have other names, and
# d2l: a file that imports one of them is relevant. (This also covers the
# Lightning DataModule subclasses and the d2l helpers, which need such an
# import.) Each pattern starts with a literal, for speed. The line must start
# with the import statement.
CATALOG_NAMES = rb"(?:fastai|lightning|pytorch_lightning|transformers|torch_geometric)\b"
CATALOG_IMPORTS = (
    re.compile(rb"import(?:[ \t]+" + CATALOG_NAMES + rb"|[^\n]*\bd2l\b)"),
    re.compile(rb"from[ \t]+" + CATALOG_NAMES),
)
WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
# Classes of the standard library and of common libraries whose names end in
# "Loader" but that load tests, templates, modules or YAML, never batches.
NOT_DATA_LOADERS = frozenset({
    b"TestLoader", b"SourceLoader", b"SourceFileLoader", b"SourcelessFileLoader", b"ExtensionFileLoader",
    b"FileSystemLoader", b"PackageLoader", b"DictLoader", b"FunctionLoader", b"PrefixLoader", b"ChoiceLoader",
    b"ModuleLoader", b"SafeLoader", b"FullLoader", b"UnsafeLoader", b"CSafeLoader", b"CFullLoader",
})
LINE_STARTS_NOT_CODE = (b"#", b">>>", b"...")
BACKQUOTE = ord("`")


def _occurrences(data, literal, pattern):
    if pattern is not None:
        for match in pattern.finditer(data):
            yield match.start()
        return
    position = data.find(literal)
    while position >= 0:
        yield position
        position = data.find(literal, position + 1)


def _identifier_start(data, position):
    while position > 0 and data[position - 1] in WORD_BYTES:
        position -= 1
    return position


def _counts(data, start, literal, word_start):
    """Tell whether the shape found at ``start`` is code that can start workers."""
    if word_start and start > 0 and data[start - 1] in WORD_BYTES:
        return False
    line_start = data.rfind(b"\n", 0, start) + 1
    before = data[line_start:start]
    if before.lstrip().startswith(LINE_STARTS_NOT_CODE):
        return False  # a comment or a doctest line
    name_start = _identifier_start(data, start)
    if name_start > 0 and data[name_start - 1] == BACKQUOTE:
        return False  # ``num_workers = 0`` in reStructuredText documentation
    head = data[line_start:name_start].rstrip()
    if head.endswith(b"def") and (len(head) == 3 or head[-4] not in WORD_BYTES):
        return False  # "def spawn(...)" defines a function and calls nothing
    if literal == b"Loader":
        name = data[name_start:start + len(literal)]
        if name in NOT_DATA_LOADERS or _defined_without_bases(data, name):
            return False
    return True


def _defined_without_bases(data, name):
    """Tell whether ``data`` defines class ``name`` with no base class, so that it cannot be a DataLoader."""
    return re.search(rb"\bclass[ \t]+" + re.escape(name) + rb"[ \t]*(?:\([ \t]*(?:object)?[ \t]*\))?[ \t]*:",
                     data) is not None


def _shape_occurs(data, literal, pattern, word_start):
    if literal not in data:
        return False
    return any(_counts(data, start, literal, word_start) for start in _occurrences(data, literal, pattern))


def has_trigger(data):
    """Tell whether ``data`` contains one of the trigger shapes."""
    for word, shapes in TRIGGER_GROUPS:
        if word in data and any(_shape_occurs(data, *shape) for shape in shapes):
            return True
    return False


def has_own_trigger(data):
    """Tell whether ``data`` contains a trigger shape or imports a library of the catalog."""
    return has_trigger(data) or imports_catalog_library(data)


# One import statement, matched from the start of its line.
IMPORT_LINE = re.compile(rb"[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import|import[ \t]+([\w.]+))")


def import_statements(data):
    """Yield ``(dots, from_name, import_name)`` for each line of ``data`` that starts an import.

    Lines are found through the word "import", which is far quicker than
    trying a line-start pattern at every position of a large file.
    """
    position = 0
    while True:
        found = data.find(b"import", position)
        if found < 0:
            return
        line_start = data.rfind(b"\n", 0, found) + 1
        match = IMPORT_LINE.match(data, line_start)
        if match is not None and match.end() > found:
            yield match.groups()
        line_end = data.find(b"\n", found)
        if line_end < 0:
            return
        position = line_end + 1


@record
class CheckOptions:
    select: tuple = None  # rule codes or prefixes; None selects all
    ignore: tuple = ()
    loader_classes: tuple = ()
    stdin_filename: str = None
    extra_roots: tuple = ()
    # Qualified names of functions that start workers when called (config key worker-starters).
    worker_starters: tuple = ()
    # False leaves "# noqa" comments to flake8, which applies its own options to them.
    honor_noqa: bool = True


@record
class CheckResult:
    findings: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    files_checked: int = 0


def selected_rules(options):
    from loaderdoctor.check.rules import load_rules

    rules = load_rules()
    chosen = {}
    for code, rule in rules.items():
        if options.select is not None and not any(code.startswith(prefix) for prefix in options.select):
            continue
        if any(code.startswith(prefix) for prefix in options.ignore):
            continue
        chosen[code] = rule
    return chosen


# (relevant, imports from PROCESS_MODULES) of each imported module read in
# this process, by (path, modification time, size).
_relevance = {}


STUB_FOLDER = Path(__file__).resolve().parent / "stubs"


def is_relevant(data, path, _visiting=None):
    """Decide from the raw bytes whether a file needs the interpreter at all.

    A file is relevant when it contains a trigger shape, imports a library
    of the built-in catalog, or imports a module of the project that is
    relevant itself (so that ``serve.py`` importing ``warmup.py`` importing
    ``pipeline.py`` is followed). Imported modules are tested from their
    bytes too, and each file once per run. A script that calls a process
    starter imported through a project module counts as well (see
    PROCESS_MODULES).
    """
    if has_trigger(data):
        return True
    if b"import" not in data:
        return False
    from loaderdoctor.check.project import is_modelled

    visiting = set() if _visiting is None else _visiting
    project = None
    if imports_catalog_library(data):
        return True
    for dots, from_name, import_name in import_statements(data):
        if project is None:
            project, package, local_names = _import_context(path)
            visiting.update(project.layout_markers)
            if project.own_package is not None and is_modelled(project.own_package):
                return False  # inside torch, numpy, ...: every import of the package is modelled
        name = (from_name or import_name or b"").decode("ascii", "replace")
        if dots:
            if project.own_package is not None:
                continue  # inside an installed library: never a project module
        elif is_modelled(name):
            continue
        elif (from_name or import_name).split(b".", 1)[0] not in local_names:
            # The import roots' listings decided that: a module added to one
            # of them later could be the one imported.
            visiting.update(project.roots)
            continue
        tried = set()
        target = project.find_project_file(name, len(dots or b""), package, tried)
        seen = target in visiting
        visiting.update(tried)
        if target is None or seen:
            continue
        visiting.add(target)
        relevant, passes_process_names = _imported_module_facts(target, visiting)
        if relevant:
            return True
        if passes_process_names and any(_shape_occurs(data, *shape) for shape in PROCESS_CALLS):
            return True
    return False


def _imports_process_module(data):
    """Tell whether module text ``data`` imports from PROCESS_MODULES, so that it can pass on their names."""
    if b"rocess" not in data:
        return False
    for dots, from_name, import_name in import_statements(data):
        name = (from_name or import_name or b"").decode("ascii", "replace")
        if not dots and any(name == module or name.startswith(module + ".") for module in PROCESS_MODULES):
            return True
    return False


def imports_catalog_library(data):
    """Tell whether ``data`` has an import statement of a catalog library or of d2l."""
    if b"import" not in data:
        return False
    for pattern in CATALOG_IMPORTS:
        for match in pattern.finditer(data):
            start = match.start()
            before = data[data.rfind(b"\n", 0, start) + 1:start].lstrip()
            if not before or before.startswith(b"from"):
                return True
    return False


def _import_context(path):
    """Return (project, package, top-level names) for resolving the imports of the file at ``path``."""
    if path in ("-", "."):
        from loaderdoctor.check.project import Project

        project = Project(path)
        return project, "", project.local_top_names()
    return _import_context_of_folder(os.path.dirname(os.path.abspath(path)))


@lru_cache(maxsize=1024)
def _import_context_of_folder(folder):
    from loaderdoctor.check.project import Project, package_of

    # Both look only at the folder of the file they are given.
    placeholder = os.path.join(folder, "__init__.py")
    project = Project(placeholder)
    return project, package_of(placeholder)[0], project.local_top_names()


def _imported_module_facts(path, visiting):
    """Return (relevant, imports from PROCESS_MODULES) for an imported module, reading it once per run.

    The paths that deciding it added to ``visiting`` are kept with the facts
    and added again when another file imports the module, because they are
    that file's dependencies too.
    """
    try:
        stat = path.stat()
    except OSError:
        return False, False
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    known = _relevance.get(key)
    if known is not None:
        visiting.update(known[2])
        return known[:2]
    data = sources.load_text_for_prefilter(path)
    before = set(visiting)
    if data is None:
        facts = (False, False)
    else:
        facts = (is_relevant(data, str(path), visiting), _imports_process_module(data))
    if len(_relevance) > 100_000:
        _relevance.clear()
    # NOTE: a module met again through an import cycle was skipped, so the
    # paths kept here can miss those of the modules earlier in the cycle.
    _relevance[key] = (*facts, frozenset(visiting - before))
    return facts


def mentions_declared_names(data, options):
    """Tell whether ``data`` names one of the project's own loader classes or worker starters."""
    names = {name.rsplit(".", 1)[-1].encode("utf-8") for name in options.loader_classes + options.worker_starters}
    return any(name in data for name in names)


def check_source(source, options=None, rules=None, run_cache=None, dependencies=None):
    """Run the selected rules on one loaded ``SourceFile``; return its findings."""
    from loaderdoctor.check.interpreter import LOADER_CLASSES, Interpreter
    from loaderdoctor.check.project import Project
    from loaderdoctor.check.rules import RuleContext
    from loaderdoctor.check.rules.helpers import remove_suppressed_by_file

    options = options or CheckOptions()
    rules = rules if rules is not None else selected_rules(options)
    project = Project(source.path, extra_roots=options.extra_roots, run_cache=run_cache)
    module = project.main_module(source)
    interpreter = Interpreter(
        project,
        loader_classes=LOADER_CLASSES | set(options.loader_classes),
        worker_starters=options.worker_starters,
    )
    interpreter.run_main(module)

    context = RuleContext(
        source=source,
        module=module,
        interpreter=interpreter,
        events=interpreter.events,
        notebook=source.cell_map is not None,
    )
    findings = []
    for rule in rules.values():
        findings.extend(rule.check(context))
    if dependencies is not None:
        # A module that failed to load counts too: once fixed, it can start workers.
        dependencies.update(path for path in project.modules if not str(path).startswith(str(STUB_FOLDER)))
        dependencies.update(project.looked_up)
        dependencies.update(project.layout_markers)
    findings = remove_suppressed_by_file(findings, source, project, honor_noqa=options.honor_noqa)
    if source.cell_map:
        from loaderdoctor.check.notebooks import locate_findings

        locate_findings(findings, source)
    return findings


def load_file(path, data=None):
    if str(path).endswith(".ipynb"):
        from loaderdoctor.check import notebooks

        return notebooks.load_notebook(path, data)
    return sources.load_python(path, data)


def check_file(path, options=None, rules=None, data=None, run_cache=None, dependencies=None):
    """Check one file; ``dependencies``, if given, receives the paths the result depended on."""
    options = options or CheckOptions()
    if data is None:
        data = sources.read_bytes(path)
    shown = options.stdin_filename or path if path == "-" else path
    visited = set()
    if not is_candidate(data, shown, path, options, visited):
        # Decode, but parse nothing: a file that is not a candidate cannot
        # produce a finding, and parsing is the expensive step on large trees.
        if dependencies is not None:
            dependencies.update(visited)
        sources.decode_source(data, shown)
        return []
    source = load_file(shown, data)
    return check_source(source, options, rules, run_cache, dependencies)


def is_candidate(data, shown, path, options, visited=None):
    if shown.endswith(".ipynb") or mentions_declared_names(data, options):
        return True
    # Source from standard input resolves its imports from --stdin-filename,
    # or from the current folder when none is given.
    where = shown if shown != "-" else "stdin.py"
    return is_relevant(data, where, visited)


# A run that must read at least this many files is split over the CPUs:
# below it, starting a second process costs more than it saves.
PARALLEL_MIN_FILES = 200
# Files sent to a worker process at a time while the walk goes on. Small
# enough that a process that drew large files hands work to the other.
PIECE_FILES = 25


def check_paths(paths, options=None, cache=None):
    """Check files and folders; return a ``CheckResult`` with findings and unreadable files.

    ``cache`` is a ``cache.ResultCache`` or None. A file whose size and
    modification time match its entry is not read again. The others are
    read, and the ones whose content hash matches their entry are not
    checked again. What remains is tested for relevance, and the relevant
    files are interpreted. When many files must be read, all of that runs
    on two or more CPUs.
    """
    options = options or CheckOptions()
    run = CheckRun()
    group = run.group(options, cache)
    stats = {}
    for path, error in sources.discover(paths, stats=stats):
        if error is not None:
            group.add_error(FileError(error.path or path, error.reason, error.hint, error.line))
        else:
            run.add(group, path, stats.get(path))
    run.finish()
    return group.result


class CheckGroup:
    """Files checked with one ``CheckOptions`` and one cache, and their combined result."""

    def __init__(self, options, cache):
        self.options = options
        self.cache = cache
        self.result = CheckResult()
        self.waiting = []  # (path, stamp) items not yet given to a process
        self.files = []  # every path added, in order

    def add_result(self, findings, errors):
        self.result.findings.extend(findings)
        self.result.errors.extend(errors)
        self.result.files_checked += 0 if errors else 1

    def add_error(self, error):
        self.result.errors.append(error)

    def take_files_on_disk(self):
        """Remove and return the waiting items read from disk; standard input stays for this process."""
        on_disk = [item for item in self.waiting if item[0] != "-"]
        self.waiting = [item for item in self.waiting if item[0] == "-"]
        return on_disk

    def record(self, path, file_stamp, digest, reused, findings, errors, dependencies):
        self.add_result(findings, errors)
        if self.cache is None or path == "-" or digest is None:
            return
        if reused:
            self.cache.renew(path, file_stamp)
        else:
            self.cache.store(path, file_stamp, digest, dependencies, findings, errors)

    def close(self):
        if self.cache is not None:
            self.cache.save()
        result = self.result
        result.findings.sort(key=lambda finding: finding.sort_key)
        # A definition in a module that several checked scripts import is found once per script.
        unique = {(f.code, f.path, f.line, f.column): f for f in reversed(result.findings)}
        result.findings = [f for f in result.findings if unique[(f.code, f.path, f.line, f.column)] is f]
        result.errors.sort(key=lambda error: (str(error.path), error.line or 0))


# Caches of the run whose worker processes are forked, by group.
_forked_caches = {}


# Imported modules shared by the pieces a worker process checks: a project's
# scripts import the same modules, which are then interpreted once per
# process rather than once per piece. The process ends with the run.
_worker_run_cache = None


def _check_piece(piece, options, cache_key, language, hashing):
    global _worker_run_cache
    if _worker_run_cache is None:
        from loaderdoctor.check.project import RunCache

        _worker_run_cache = RunCache()
    return check_batch(piece, options, _forked_caches.get(cache_key), language, hashing, _worker_run_cache)


class CheckRun:
    """Check files as the walk finds them, in worker processes once there are many.

    Files whose cache entry is valid are done at once, and the others wait.
    When PARALLEL_MIN_FILES of them have gathered, worker processes start
    and receive them in pieces while the walk goes on, so reading and
    interpreting overlap with walking. A run that never gathers that many
    checks its files in this process when it finishes.
    """

    def __init__(self):
        # What was learnt about files and folders holds for one run: they
        # may change between runs of a process that checks several times.
        _relevance.clear()
        _import_context_of_folder.cache_clear()
        from loaderdoctor.check import project

        project.forget_layouts()
        self.groups = []
        self.waiting = 0
        self.pool = None
        self.submitted = []  # (group, piece, future)
        self.broken = False
        self.forking = False
        if hasattr(os, "sched_getaffinity"):
            cpus = len(os.sched_getaffinity(0))
        else:
            cpus = os.cpu_count() or 1
        self.workers = min(cpus, 4)

    def group(self, options, cache):
        group = CheckGroup(options, cache)
        self.groups.append(group)
        return group

    def add(self, group, path, status=None):
        """Check ``path`` in ``group``; ``status`` is its ``os.stat`` result when the caller has it."""
        group.files.append(path)
        file_stamp = None
        if group.cache is not None and path != "-":
            from loaderdoctor.check.cache import stamp

            try:
                file_stamp = stamp(status or os.stat(path))
            except OSError as error:
                group.add_error(FileError(path, tr("check.source.unreadable", error=error.strerror or error)))
                return
            entry = group.cache.lookup_stamp(path, file_stamp)
            if entry is not None:
                group.add_result(entry["findings"], entry["errors"])
                return
        group.waiting.append((path, file_stamp))
        self.waiting += 1
        if self.pool is None and not self.broken and self.workers > 1 and self.waiting >= PARALLEL_MIN_FILES:
            self._start_pool()
        if self.pool is not None and len(group.waiting) >= PIECE_FILES:
            self._submit(group, group.take_files_on_disk())

    def finish(self):
        """Check what is still waiting, collect every piece and close the groups."""
        for group in self.groups:
            if self.pool is not None:
                # Cut the rest finer, so that both processes end about together.
                on_disk = group.take_files_on_disk()
                count = max(1, min(len(on_disk), self.workers * 2))
                for index in range(count):
                    if on_disk[index::count]:
                        self._submit(group, on_disk[index::count])
        self._collect()
        for group in self.groups:
            for item in check_batch(group.waiting, group.options, group.cache):
                group.record(*item)
            group.waiting = []
            group.close()

    def _start_pool(self):
        import concurrent.futures
        import multiprocessing

        methods = multiprocessing.get_all_start_methods()
        self.forking = "fork" in methods
        if self.forking:
            # Forked processes inherit the rules and the interpreter instead
            # of each importing them again.
            for group in self.groups:
                selected_rules(group.options)
        context = multiprocessing.get_context("fork" if self.forking else None)
        # Forked workers find the caches here, as they were when the pool
        # started; passing a cache with each piece would pickle all of it.
        _forked_caches.clear()
        _forked_caches.update((id(group), group.cache) for group in self.groups if group.cache is not None)
        try:
            self.pool = concurrent.futures.ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        except (OSError, ValueError, NotImplementedError):
            self.broken = True  # no semaphores in this sandbox: stay in one process
        # The pieces gathered so far go out at once.
        for group in self.groups:
            if self.pool is not None and group.waiting:
                on_disk = group.take_files_on_disk()
                for start in range(0, len(on_disk), PIECE_FILES):
                    self._submit(group, on_disk[start:start + PIECE_FILES])

    def _submit(self, group, piece):
        from loaderdoctor.i18n import get_language

        # A forked process has a copy of the caches. A spawned one would have
        # to receive a whole cache, so it only hashes, and unchanged content
        # is checked again.
        cache_key = id(group) if self.forking else None
        try:
            future = self.pool.submit(_check_piece, piece, group.options, cache_key, get_language(),
                                      group.cache is not None)
        except Exception:  # noqa: BLE001 - a pool that cannot take work leaves the piece to this process
            future = None
        self.submitted.append((group, piece, future))

    def _collect(self):
        if self.pool is None:
            return
        import concurrent.futures

        try:
            for group, piece, future in self.submitted:
                try:
                    results = future.result() if future is not None else None
                except (OSError, concurrent.futures.process.BrokenProcessPool):
                    results = None
                if results is None:
                    # A killed worker or a sandbox that forbids a second
                    # process: check the piece here instead.
                    results = check_batch(piece, group.options, group.cache)
                for item in results:
                    group.record(*item)
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
            self.submitted = []
            _forked_caches.clear()


def check_batch(items, options, cache=None, language=None, hashing=None, run_cache=None):
    """Check ``(path, stamp)`` items in this process.

    Return ``(path, stamp, digest, reused, findings, errors, dependencies)``
    for each: ``digest`` is the content hash when ``hashing`` (by default,
    when ``cache`` is given), and ``reused`` is True when the cache had a
    valid entry for that content, whose findings and errors are returned.
    """
    if not items:
        return []
    if hashing is None:
        hashing = cache is not None
    from loaderdoctor.check.project import RunCache

    if language is not None:
        from loaderdoctor.i18n import set_language

        set_language(language)
    if hashing:
        from loaderdoctor.check.cache import content_hash
    rules = None
    run_cache = run_cache if run_cache is not None else RunCache()
    results = []
    for path, file_stamp in items:
        dependencies = set()
        findings, errors = [], []
        digest = None
        shown = options.stdin_filename or path if path == "-" else path
        try:
            data = sources.read_bytes(path)
            if hashing and path != "-":
                digest = content_hash(data)
                entry = cache.find_hash(path, digest) if cache is not None else None
                if entry is not None:
                    results.append((path, file_stamp, digest, True, entry["findings"], entry["errors"], ()))
                    continue
            if rules is None:
                rules = selected_rules(options)
            findings = check_file(path, options, rules, data=data, run_cache=run_cache, dependencies=dependencies)
        except SourceError as error:
            errors.append(FileError(error.path or shown, error.reason, error.hint, error.line))
        except RecursionError:
            errors.append(FileError(shown, tr("check.source.too-deep-to-analyse"),
                                    tr("check.source.hint-too-deep-to-analyse")))
        except Exception as error:  # noqa: BLE001 - one file's analysis bug must not stop the run
            errors.append(FileError(shown, tr("check.internal-error", type=type(error).__name__, error=error),
                                    tr("check.internal-error-hint")))
        results.append((path, file_stamp, digest, False, findings, errors, sorted(map(str, dependencies))))
    return results
