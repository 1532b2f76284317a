"""``loaderdoctor check``: static analysis of code that breaks under spawn.

``check_paths`` is the public entry point. It reads each file and decides
cheaply whether the file can matter. It interprets the ones that can, and
runs every selected rule on what the interpreter observed.
"""

import itertools
import os
import re
from loaderdoctor.records import field, record
from functools import lru_cache
from pathlib import Path

from loaderdoctor.check import sources
from loaderdoctor.check.findings import FileError
from loaderdoctor.check.sources import SourceError
from loaderdoctor.i18n import tr

# Code shapes without which a file can neither build or iterate a loader,
# start a pool or process, nor set the start method: a file without any of
# them can only matter through a project module it imports (checked
# separately). Each needs a call, an import or a base-class shape, so that a
# name in a docstring or an identifier such as MaxPool2d does not match.
#
# A shape is (literal, pattern, word start): the literal must occur, the
# pattern (when given) must match, and with "word start" the match must not
# follow a letter, digit or underscore. Every pattern begins with a literal,
# which lets the regular expression engine skip ahead to candidates; a
# leading \b would make it try every position and cost 20 times more.
#
# Shapes come in groups that share a word: most files hold none of the
# words, and these few scans of the whole file are all that such a file
# costs. A group is (word, companions, shapes); see WEAK_SHAPES.
TRIGGER_GROUPS = tuple(
    (word, companions, tuple((literal, re.compile(pattern) if pattern else None, word_start)
                             for literal, pattern, word_start in shapes))
    for word, companions, shapes in (
        (b"oader", (), (
            (b"Loader", rb"Loader\s*\(", False),
            (b"DataLoader", rb"import[^\n]*\bDataLoader\b", False),
            (b"(DataLoader)", None, False),
            (b"dataloader(", None, False),
        )),
        (b"num_", (b"num_workers", b"num_proc"), (
            (b"num_workers", rb"num_workers\s*[=:]", False),
            (b"num_proc", rb"num_proc\s*=", False),
        )),
        (b"Pool", (), ((b"Pool(", rb"Pool\(", True), (b"ProcessPoolExecutor(", None, False))),
        (b"rocess", (b"Process(", b"start_processes"), (
            (b"Process(", None, False),
            (b"start_processes(", None, False),
        )),
        (b"spawn(", (), ((b"spawn(", rb"spawn\(", True),)),
        (b"set_start_method", (), ((b"set_start_method(", None, False),)),
        (b"Trainer", (), ((b"Trainer(", rb"Trainer\(", True),)),
    )
)
# Shapes too common in code that never touches a loader to count alone: they
# count only in a file that holds the word of a group (or, where a group
# lists companions, one of those).
WEAK_SHAPES = ((b"(Dataset)", None, False), (b".fit(", None, False))
# Libraries of the built-in catalog, whose loaders have other names, and
# d2l: a file that imports one of them is relevant. (This also covers the
# Lightning DataModule subclasses and the d2l helpers, which need such an
# import.) Each pattern starts with a literal, for speed; the line must start
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
    """Tell whether ``data`` holds one of the trigger shapes."""
    companion = False
    for word, companions, shapes in TRIGGER_GROUPS:
        if word not in data:
            continue
        if any(_shape_occurs(data, *shape) for shape in shapes):
            return True
        companion = companion or not companions or any(other in data for other in companions)
    return companion and any(_shape_occurs(data, *shape) for shape in WEAK_SHAPES)


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


_relevance = {}


STUB_FOLDER = Path(__file__).resolve().parent / "stubs"


def is_relevant(data, path, _visiting=None):
    """Decide from the raw bytes whether a file needs the interpreter at all.

    A file is relevant when it contains a trigger shape, imports a library
    of the built-in catalog, or imports a module of the project that is
    relevant itself (so that ``serve.py`` importing ``warmup.py`` importing
    ``pipeline.py`` is followed). Imported modules are tested from their
    bytes too, and each file once per run.
    """
    if has_trigger(data):
        return True
    if b"import" not in data:
        return False
    from loaderdoctor.check.project import is_modelled

    visiting = set() if _visiting is None else _visiting
    project = None
    if any(_imports_catalog_library(data, pattern) for pattern in CATALOG_IMPORTS):
        return True
    for dots, from_name, import_name in import_statements(data):
        if project is None:
            project, package, local_names = _import_context(path)
            if project.own_package is not None and is_modelled(project.own_package):
                return False  # inside torch, numpy, ...: every import of the package is modelled
        if dots:
            if project.own_package is not None:
                continue  # inside an installed library: never a project module
        else:
            top = (from_name or import_name).split(b".", 1)[0]
            if top not in local_names:
                continue
        name = (from_name or import_name or b"").decode("ascii", "replace")
        if not dots and is_modelled(name):
            continue
        target = project.find_project_file(name, len(dots or b""), package)
        if target is None or target in visiting:
            continue
        visiting.add(target)
        if _imported_module_relevant(target, visiting):
            return True
    return False


def _imports_catalog_library(data, pattern):
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


def _imported_module_relevant(path, visiting):
    try:
        stat = path.stat()
    except OSError:
        return False
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    known = _relevance.get(key)
    if known is not None:
        return known
    data = sources.load_text_for_prefilter(path)
    relevant = data is not None and is_relevant(data, str(path), visiting)
    if len(_relevance) > 100_000:
        _relevance.clear()
    _relevance[key] = relevant
    return relevant


def mentions_declared_names(data, options):
    """Tell whether ``data`` names one of the project's own loader classes or worker starters."""
    names = {name.rsplit(".", 1)[-1].encode("utf-8") for name in options.loader_classes + options.worker_starters}
    return any(name in data for name in names)


def check_source(source, options=None, rules=None, run_cache=None, dependencies=None):
    """Run the selected rules on one loaded ``SourceFile``; return its findings."""
    from loaderdoctor.check.interpreter import Interpreter, LOADER_CLASSES
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
        dependencies.update(path for path, loaded in project.modules.items() if loaded is not None
                            and not str(path).startswith(str(STUB_FOLDER)))
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
# Pieces each process's share is cut into, so that a process that finishes
# early takes over work from one that drew the large files.
PIECES_PER_PROCESS = 4


def check_paths(paths, options=None, cache=None, known_files=None):
    """Check files and folders; return a ``CheckResult`` with findings and unreadable files.

    ``known_files`` maps paths that the caller already found to be files to
    their ``os.stat`` result (or None); those are not looked up again.

    ``cache`` is a ``cache.ResultCache`` or None. A file whose size and
    modification time match its entry is not read again. The others are
    read, and the ones whose content hash matches their entry are not
    checked again; what remains is tested for relevance and the relevant
    files interpreted. When many files must be read, all of that runs on
    two or more CPUs.
    """
    if cache is not None:
        from loaderdoctor.check.cache import stamp

    options = options or CheckOptions()
    result = CheckResult()
    unknown = []

    def add(findings, errors):
        result.findings.extend(findings)
        result.errors.extend(errors)
        result.files_checked += 0 if errors else 1

    known_files = {} if known_files is None else known_files
    stats = {}
    listed = [path for path in paths if path not in known_files]
    found = sources.discover(listed, stats=stats) if listed else ()
    for path, error in itertools.chain(((path, None) for path in paths if path in known_files), found):
        if error is not None:
            result.errors.append(FileError(error.path or path, error.reason, error.hint, error.line))
        elif cache is None or path == "-":
            unknown.append((path, None))
        else:
            try:
                file_stamp = stamp(known_files.get(path) or stats.get(path) or os.stat(path))
            except OSError as error:
                result.errors.append(FileError(path, tr("check.source.unreadable", error=error.strerror or error)))
                continue
            entry = cache.lookup_stamp(path, file_stamp)
            if entry is None:
                unknown.append((path, file_stamp))
            else:
                add(entry["findings"], entry["errors"])

    for path, file_stamp, digest, reused, findings, errors, dependencies in _check_unknown(unknown, options, cache):
        add(findings, errors)
        if cache is None or path == "-" or digest is None:
            continue
        if reused:
            cache.renew(path, file_stamp)
        else:
            cache.store(path, file_stamp, digest, dependencies, findings, errors)

    if cache is not None:
        cache.save()
    result.findings.sort(key=lambda finding: finding.sort_key)
    # A definition in a module that several checked scripts import is found once per script.
    unique = {(f.code, f.path, f.line, f.column): f for f in reversed(result.findings)}
    result.findings = [f for f in result.findings if unique[(f.code, f.path, f.line, f.column)] is f]
    return result


def _check_unknown(items, options, cache):
    """Check ``(path, stamp)`` items; yield one result tuple per item (see ``check_batch``)."""
    if hasattr(os, "sched_getaffinity"):
        cpus = len(os.sched_getaffinity(0))
    else:
        cpus = os.cpu_count() or 1
    workers = min(cpus, 4)
    if len(items) < PARALLEL_MIN_FILES or workers < 2:
        yield from check_batch(items, options, cache)
        return
    from_stdin = [item for item in items if item[0] == "-"]
    on_disk = [item for item in items if item[0] != "-"]
    yield from _check_in_processes(on_disk, options, cache, workers)
    yield from check_batch(from_stdin, options, cache)


def check_batch(items, options, cache=None, language=None, hashing=None):
    """Check ``(path, stamp)`` items in this process.

    Return ``(path, stamp, digest, reused, findings, errors, dependencies)``
    for each: ``digest`` is the content hash when ``hashing`` (by default,
    when ``cache`` is given), and ``reused`` tells that the cache held a
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
    run_cache = RunCache()
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


def _check_in_processes(items, options, cache, workers):
    import concurrent.futures
    import multiprocessing

    from loaderdoctor.i18n import get_language

    # Largest files first, dealt out in turn: every piece gets a similar
    # share of the work, and the pieces with the largest files start first.
    def size(item):
        if item[1] is not None:
            return item[1][1]
        try:
            return os.stat(item[0]).st_size
        except OSError:
            return 0

    ordered = sorted(items, key=size, reverse=True)
    count = min(len(ordered), workers * PIECES_PER_PROCESS)
    pieces = [ordered[index::count] for index in range(count)]
    methods = multiprocessing.get_all_start_methods()
    forking = "fork" in methods
    if forking:
        # Forked processes inherit the rules and the interpreter already
        # imported instead of each importing them again.
        selected_rules(options)
    context = multiprocessing.get_context("fork" if forking else None)
    # A forked process sees the cache as it is. A spawned one would have to
    # receive all of it, so it only hashes, and unchanged content is checked
    # again.
    shared_cache = cache if forking else None
    hashing = cache is not None
    results = []
    try:
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [pool.submit(check_batch, piece, options, shared_cache, get_language(), hashing)
                       for piece in pieces]
            for future in futures:
                results.extend(future.result())
    except (OSError, concurrent.futures.process.BrokenProcessPool):
        # No second process could be started (a sandbox without semaphores,
        # a killed worker): check everything here instead.
        results = check_batch(items, options, cache)
    return results
