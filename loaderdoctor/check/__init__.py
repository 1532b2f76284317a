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

# Words without which a file can neither start workers nor build a loader,
# unless it imports a module of the project that does (checked separately).
TRIGGERS = re.compile(
    rb"DataLoader|num_workers|d2l|Pool|Process|spawn|start_processes|set_start_method"
    rb"|num_proc|Loader|Trainer|__iter__|dataloader"
)
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


def is_relevant(data, path):
    """Decide from the raw bytes whether a file needs the interpreter at all."""
    if TRIGGERS.search(data):
        return True
    from loaderdoctor.check.project import Project

    project = None
    for match in IMPORT_LINE.finditer(data):
        dots, from_name, import_name = match.groups()
        if dots:
            return True
        name = (from_name or import_name or b"").decode("ascii", "replace").split(".")[0]
        if not name:
            continue
        if project is None:
            project = Project(path)
        if project.is_local_module(name):
            return True
    return False


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
