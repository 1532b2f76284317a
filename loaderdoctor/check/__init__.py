"""``loaderdoctor check``: static analysis of code that breaks under spawn.

``check_paths`` is the public entry point. It reads each file and decides
cheaply whether the file can matter. It interprets the ones that can, and
runs every selected rule on what the interpreter observed.
"""

import re
from dataclasses import dataclass, field
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
TRIGGERS = re.compile(
    rb"(?:DataLoader|Loader)\s*\(|import[^\n]*\b(?:DataLoader|d2l)\b|\bd2l\.|num_workers\s*[=:]|\bPool\("
    rb"|ProcessPoolExecutor\(|Process\(|\bspawn\(|start_processes\(|set_start_method\(|num_proc\s*="
    rb"|\bTrainer\(|DataModule\)|\((?:DataLoader|Dataset)\)|dataloader\(|\.fit\("
)
# Libraries of the built-in catalog, whose loaders have other names, count
# only where they are imported.
CATALOG_LIBRARIES = (b"fastai", b"lightning", b"transformers", b"torch_geometric")
CATALOG_IMPORT = re.compile(
    rb"^[ \t]*(?:from|import)[ \t]+(?:fastai|lightning|pytorch_lightning|transformers|torch_geometric)\b",
    re.MULTILINE,
)
# Literal parts of the trigger words: ``bytes.find`` scans for them far
# faster than the regular expression, which then confirms the few hits.
TRIGGER_LITERALS = (
    b"oader", b"num_workers", b"d2l", b"Pool", b"Process(", b"spawn(", b"start_processes",
    b"set_start_method", b"num_proc", b"Trainer", b"DataModule",
)


def has_trigger(data):
    if any(literal in data for literal in TRIGGER_LITERALS) and TRIGGERS.search(data) is not None:
        return True
    return any(name in data for name in CATALOG_LIBRARIES) and CATALOG_IMPORT.search(data) is not None


IMPORT_LINE = re.compile(rb"^[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import|import[ \t]+([\w.]+))", re.MULTILINE)


@dataclass
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


@dataclass
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

    A file is relevant when it contains a trigger word, or imports a module
    of the project that is relevant itself (so that ``serve.py`` importing
    ``warmup.py`` importing ``pipeline.py`` is followed). Imported modules
    are tested from their bytes too, and each file once per run.
    """
    if has_trigger(data):
        return True
    if b"import" not in data:
        return False
    from loaderdoctor.check.project import Project, is_modelled, package_of

    visiting = set() if _visiting is None else _visiting
    project = None
    package = None
    local_names = None
    for match in IMPORT_LINE.finditer(data):
        dots, from_name, import_name = match.groups()
        if project is None:
            project = Project(path)
            package = package_of(path)[0] if path not in ("-", ".") else ""
            local_names = project.local_top_names()
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


# A cold run of at least this many files is split over the CPUs: below it,
# starting a second process costs more than it saves.
PARALLEL_MIN_FILES = 200


def check_paths(paths, options=None, cache=None):
    """Check files and folders; return a ``CheckResult`` with findings and unreadable files.

    ``cache`` is a ``cache.ResultCache`` or None. Files whose cached entry is
    still valid are not read again. The others are tested for relevance and
    the relevant ones interpreted, on two or more CPUs for a large cold run.
    """
    import os

    if cache is not None:
        from loaderdoctor.check.cache import content_hash, stamp

    options = options or CheckOptions()
    result = CheckResult()
    pending = []

    for path, error in sources.discover(paths):
        if error is not None:
            result.errors.append(FileError(error.path or path, error.reason, error.hint, error.line))
            continue
        if path == "-":
            pending.append((path, None, None, None))
            continue
        if cache is None:
            try:
                pending.append((path, sources.read_bytes(path), None, None))
            except SourceError as error:
                result.errors.append(FileError(error.path or path, error.reason, error.hint, error.line))
            continue
        try:
            file_stamp = stamp(os.stat(path))
        except OSError as error:
            result.errors.append(FileError(path, tr("check.source.unreadable", error=error.strerror or error)))
            continue
        entry = cache.lookup_stamp(path, file_stamp) if cache is not None else None
        if entry is None:
            try:
                data = sources.read_bytes(path)
            except SourceError as error:
                result.errors.append(FileError(error.path or path, error.reason, error.hint, error.line))
                continue
            digest = content_hash(data)
            entry = cache.lookup_hash(path, digest, file_stamp) if cache is not None else None
            if entry is None:
                pending.append((path, data, digest, file_stamp))
                continue
        result.findings.extend(entry["findings"])
        result.errors.extend(entry["errors"])
        result.files_checked += 0 if entry["errors"] else 1

    for path, data, digest, file_stamp, findings, errors, dependencies in _check_pending(pending, options):
        result.findings.extend(findings)
        result.errors.extend(errors)
        result.files_checked += 0 if errors else 1
        if cache is not None and path != "-":
            cache.store(path, file_stamp, digest, dependencies, findings, errors)

    if cache is not None:
        cache.save()
    result.findings.sort(key=lambda finding: finding.sort_key)
    # A definition in a module that several checked scripts import is found once per script.
    unique = {(f.code, f.path, f.line, f.column): f for f in reversed(result.findings)}
    result.findings = [f for f in result.findings if unique[(f.code, f.path, f.line, f.column)] is f]
    return result


def _check_pending(pending, options):
    """Yield ``(path, data, digest, stamp, findings, errors, dependencies)`` for each pending file.

    A large run is split over the CPUs as it is: each process tests the
    relevance of its share of the files and interprets the relevant ones.
    """
    import os

    if hasattr(os, "sched_getaffinity"):
        cpus = len(os.sched_getaffinity(0))
    else:
        cpus = os.cpu_count() or 1
    workers = min(cpus, 4)
    readable = [item for item in pending if item[1] is not None]
    if len(readable) >= PARALLEL_MIN_FILES and workers > 1:
        rest = [item for item in pending if item[1] is None]
        yield from _check_in_processes(readable, options, workers)
        yield from check_batch(rest, options)
        return
    yield from check_batch(pending, options)


def check_batch(items, options, language=None):
    """Check ``(path, data, digest, stamp)`` items in this process; return result tuples."""
    from loaderdoctor.check.project import RunCache

    if language is not None:
        from loaderdoctor.i18n import set_language

        set_language(language)
    rules = selected_rules(options)
    run_cache = RunCache()
    results = []
    for path, data, digest, file_stamp in items:
        dependencies = set()
        findings, errors = [], []
        shown = options.stdin_filename or path if path == "-" else path
        try:
            if data is None:
                data = sources.read_bytes(path)
            findings = check_file(path, options, rules, data=data, run_cache=run_cache, dependencies=dependencies)
        except SourceError as error:
            errors.append(FileError(error.path or shown, error.reason, error.hint, error.line))
        except RecursionError:
            errors.append(FileError(shown, tr("check.source.too-deep-to-analyse"),
                                    tr("check.source.hint-too-deep-to-analyse")))
        except Exception as error:  # noqa: BLE001 - one file's analysis bug must not stop the run
            errors.append(FileError(shown, tr("check.internal-error", type=type(error).__name__, error=error),
                                    tr("check.internal-error-hint")))
        results.append((path, data, digest, file_stamp, findings, errors, sorted(map(str, dependencies))))
    return results


def _check_in_processes(items, options, workers):
    import concurrent.futures
    import multiprocessing

    from loaderdoctor.i18n import get_language

    # Interleave by size so that each process gets a similar share of work;
    # the workers read the files again rather than receive their bytes.
    ordered = sorted(items, key=lambda item: len(item[1]), reverse=True)
    batches = [[(path, None, digest, file_stamp) for path, _, digest, file_stamp in ordered[index::workers]]
               for index in range(workers)]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    try:
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [pool.submit(check_batch, batch, options, get_language()) for batch in batches]
            for future in futures:
                yield from future.result()
    except (OSError, concurrent.futures.process.BrokenProcessPool):
        # No second process could be started (a sandbox without semaphores,
        # a killed worker): check everything here instead.
        yield from check_batch(items, options)
