"""``loaderdoctor check``: static analysis of code that breaks under spawn.

``check_paths`` is the public entry point; it reads each file, decides
cheaply whether it can matter, interprets the ones that can, and runs every
selected rule on what the interpreter observed.
"""

import re
from dataclasses import dataclass, field

from loaderdoctor.check import sources
from loaderdoctor.check.findings import FileError
from loaderdoctor.check.sources import SourceError

# Words without which a file can neither build a loader, start a pool or
# process, nor set the start method: a file without any of them can only
# matter through a project module it imports (checked separately). Each is
# bounded so that common identifiers (MaxPool2d, ProcessGroup) do not match.
TRIGGERS = re.compile(
    rb"DataLoader\b|Loader\(|num_workers|\bd2l\b|\bPool\b|ProcessPoolExecutor|Process\("
    rb"|\bspawn\b|start_processes|set_start_method|num_proc|\bTrainer\b|DataModule|dataloader"
)
# Literal parts of the trigger words: ``bytes.find`` scans for them far
# faster than the regular expression, which then confirms the few hits.
TRIGGER_LITERALS = (
    b"Loader", b"num_workers", b"d2l", b"Pool", b"Process(", b"spawn", b"start_processes",
    b"set_start_method", b"num_proc", b"Trainer", b"DataModule", b"dataloader",
)


def has_trigger(data):
    return any(literal in data for literal in TRIGGER_LITERALS) and TRIGGERS.search(data) is not None


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
    for match in IMPORT_LINE.finditer(data):
        dots, from_name, import_name = match.groups()
        name = (from_name or import_name or b"").decode("ascii", "replace")
        if not dots and is_modelled(name):
            continue
        if project is None:
            project = Project(path)
            package = package_of(path)[0] if path not in ("-", ".") else ""
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


def check_source(source, options=None, rules=None, run_cache=None):
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


def check_file(path, options=None, rules=None, data=None, run_cache=None):
    options = options or CheckOptions()
    if data is None:
        data = sources.read_bytes(path)
    shown = options.stdin_filename or path if path == "-" else path
    if (
        not shown.endswith(".ipynb")
        and not mentions_declared_names(data, options)
        and not is_relevant(data, shown if path != "-" else ".")
    ):
        # Still decode and parse nothing: an irrelevant file cannot produce a
        # finding, and parsing is the expensive step on large trees.
        sources.decode_source(data, shown)
        return []
    source = load_file(shown, data)
    return check_source(source, options, rules, run_cache)


def check_paths(paths, options=None):
    """Check files and folders; return a ``CheckResult`` with findings and unreadable files."""
    options = options or CheckOptions()
    from loaderdoctor.check.project import RunCache

    rules = selected_rules(options)
    result = CheckResult()
    run_cache = RunCache()

    for path, error in sources.discover(paths):
        if error is not None:
            result.errors.append(FileError(error.path or path, error.reason, error.hint, error.line))
            continue
        try:
            data = sources.read_bytes(path)
            findings = check_file(path, options, rules, data=data, run_cache=run_cache)
        except SourceError as error:
            shown = options.stdin_filename or path if path == "-" else path
            result.errors.append(FileError(error.path or shown, error.reason, error.hint, error.line))
            continue
        except RecursionError:
            result.errors.append(FileError(path, "the code is nested too deeply to analyse",
                                           "simplify the nesting or exclude the file"))
            continue
        except Exception as error:  # noqa: BLE001 - one file's analysis bug must not stop the run
            result.errors.append(FileError(path, f"internal error while checking: {type(error).__name__}: {error}",
                                           "please report this with the file that triggers it"))
            continue
        result.files_checked += 1
        result.findings.extend(findings)

    result.findings.sort(key=lambda finding: finding.sort_key)
    # A definition in a module that several checked scripts import is found once per script.
    unique = {(f.code, f.path, f.line, f.column): f for f in reversed(result.findings)}
    result.findings = [f for f in result.findings if unique[(f.code, f.path, f.line, f.column)] is f]
    return result
