"""Turn what a probe run recorded into failures of the shared catalog.

Three sources count, most precise first. The instrumentation's own events
name the object that failed to pickle and where it was made, or a worker
start that never finished. Then come the tracebacks that the script and its
workers printed, and last the watchdog (nothing moved, stacks dumped). Each failure
carries a kind id from ``loaderdoctor.kinds`` and the script's lines.
"""

import ast
import linecache
import os
import re

from loaderdoctor import kinds
from loaderdoctor.failures import (
    ROLE_DEFINITION,
    ROLE_FRAME,
    ROLE_MODULE_LEVEL,
    ROLE_WORKER_START,
    Failure,
    Location,
)
from loaderdoctor.i18n import has_message, tr
from loaderdoctor.probe import signatures

# Linux pipe capacity: a larger pickled payload makes a spawn worker's
# start wait until the child reads it, so a child that died first leaves
# the parent blocked for ever (CPython before 3.13.8).
PIPE_CAPACITY = 64 * 1024
RUNPY_FUNCTIONS = ("_run_code", "run_path", "run_module", "_run_module_code", "_run_module_as_main")


class PathKinds:
    """Tell the user's files from the interpreter's, with the paths the child reported."""

    def __init__(self, prefixes):
        self.prefixes = tuple(os.path.normcase(prefix) for prefix in prefixes or ())

    def is_library(self, path):
        if not path or path.startswith("<"):
            return True
        normalized = os.path.normcase(os.path.abspath(path))
        for prefix in self.prefixes:
            if normalized == prefix or normalized.startswith(prefix.rstrip(os.sep) + os.sep):
                return True
        return "site-packages" in normalized or "dist-packages" in normalized

    def user_frames(self, frames):
        return [frame for frame in frames if not self.is_library(frame.path)]


def _location(path, line, role):
    text = linecache.getline(path, line).strip() if path and line else ""
    return Location(path=path, line=line, role=role, text=text)


def kind_fix(kind):
    """Return the fix text of the shared catalog, or the probe's own until that catalog has it."""
    key = "kind.%s.fix" % kind
    if has_message(key):
        return tr(key)
    return tr("probe.fix.%s" % kind)


def _failure(kind, message, locations, evidence=None, **extra):
    return Failure(
        kind=kind,
        message=message,
        fix=kind_fix(kind),
        locations=[location for location in locations if location is not None],
        evidence=[line for line in (evidence or []) if line],
        extra=extra,
    )


# ---------------------------------------------------------------------------
# Source searches


def _parse(path):
    try:
        with open(path, "rb") as handle:
            return ast.parse(handle.read(), path)
    except (OSError, SyntaxError, ValueError):
        return None


def find_definition(path, name, inside=None):
    """Return the line of ``def``/``class``/assignment of ``name`` in ``path``, or None.

    ``inside`` restricts the search to the body of the function or class with
    that name (for ``outer.<locals>.name``). For ``<lambda>`` the first lambda
    inside ``inside`` is returned.
    """
    tree = _parse(path)
    if tree is None:
        return None
    scopes = [tree]
    if inside:
        scopes = [
            node for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == inside
        ] or [tree]
    for scope in scopes:
        for node in ast.walk(scope):
            if name == "<lambda>" and isinstance(node, ast.Lambda):
                return node.lineno
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
                if node is scope:
                    continue
                return node.lineno
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id == name:
                        return node.lineno
    return None


def kept_batch_lines(path, line):
    """Return the lines in the loop at ``line`` that store the loop's batch in a container.

    Each tensor received from a worker keeps a shared-memory handle (a file
    descriptor with torch's default strategy on Linux) while it lives, so
    ``kept.append(batch)`` in the loop body is what exhausts the limit.
    """
    tree = _parse(path)
    if tree is None:
        return []
    loops = [node for node in ast.walk(tree) if isinstance(node, (ast.For, ast.AsyncFor)) and node.lineno == line]
    found = []
    for loop in loops:
        names = {node.id for node in ast.walk(loop.target) if isinstance(node, ast.Name)}
        for node in ast.walk(loop):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
                "append", "extend", "add", "insert", "appendleft"
            ):
                values = node.args
            elif isinstance(node, ast.AugAssign):
                values = [node.value]
            elif isinstance(node, ast.Assign) and any(isinstance(target, ast.Subscript) for target in node.targets):
                values = [node.value]
            else:
                continue
            used = {inner.id for value in values for inner in ast.walk(value) if isinstance(inner, ast.Name)}
            if used & names:
                found.append(node.lineno)
    return sorted(set(found))


def enclosing_statement(path, line):
    """Return the first line of the module-level statement that contains ``line``."""
    tree = _parse(path)
    if tree is None:
        return None
    for node in tree.body:
        end = getattr(node, "end_lineno", None) or node.lineno
        if node.lineno <= line <= end:
            return node.lineno
    return None


# ---------------------------------------------------------------------------
# From tracebacks


def _after_runpy(frames):
    """Frames below the re-import of ``__main__`` (runpy's last frame), or all frames."""
    last = -1
    for index, frame in enumerate(frames):
        in_runpy = frame.path.startswith("<frozen runpy") or frame.path.endswith("runpy.py")
        if in_runpy and frame.function in RUNPY_FUNCTIONS:
            last = index
    return frames[last + 1:]


def _unguarded_locations(traceback, paths):
    frames = _after_runpy(traceback.frames) if traceback.in_child else traceback.frames
    user = paths.user_frames(frames)
    if not user:
        return []
    # The deepest `<module>` frame is the statement that runs at import
    # time; user frames above it are imports that led there.
    module_frames = [frame for frame in user if frame.function == "<module>"]
    module_frame = module_frames[-1] if module_frames else user[0]
    locations = [_location(frame.path, frame.line, ROLE_FRAME) for frame in module_frames[:-1]]
    locations.append(_location(module_frame.path, module_frame.line, ROLE_MODULE_LEVEL))
    statement = enclosing_statement(module_frame.path, module_frame.line)
    if statement and statement != module_frame.line:
        locations.append(_location(module_frame.path, statement, ROLE_MODULE_LEVEL))

    # The worker start is the last user frame before the first library
    # frame that follows the module-level statement.
    start_frame = module_frame
    for frame in frames[frames.index(module_frame) + 1:]:
        if paths.is_library(frame.path):
            break
        start_frame = frame
    locations.append(_location(start_frame.path, start_frame.line, ROLE_WORKER_START))
    return locations


def _last_user_frame(frames, paths, role=ROLE_FRAME):
    user = paths.user_frames(frames)
    if not user:
        return None
    return _location(user[-1].path, user[-1].line, role)


def _missing_locations(traceback, paths, script):
    match = signatures.MISSING_RE.search(traceback.text)
    if not match:
        return [], None
    name = match.group("name") or match.group("name2")
    path = match.group("path") or script
    path = path.replace("\\\\", "\\")
    line = find_definition(path, name.split(".")[-1]) if os.path.exists(path) else None
    locations = [_location(path, line, ROLE_DEFINITION)] if line else []
    return locations, name


def _unpicklable_locations(traceback, paths):
    locations = []
    match = signatures.LOCAL_OBJECT_RE.search(traceback.text)
    start = _last_user_frame(traceback.frames, paths, ROLE_WORKER_START)
    if match and start is not None:
        qualname = match.group("qualname") or match.group("qualname2")
        parts = [part for part in qualname.split(".") if part != "<locals>"]
        if parts:
            inside = parts[-2] if len(parts) > 1 else None
            line = find_definition(start.path, parts[-1], inside)
            if line:
                locations.append(_location(start.path, line, ROLE_DEFINITION))
    locations.append(start)
    return locations


def failures_from_tracebacks(tracebacks, paths, script):
    found = []
    for traceback in tracebacks:
        kind = signatures.kind_of(traceback)
        if kind is None:
            continue
        first_line = traceback.message.strip().splitlines()[0] if traceback.message.strip() else ""
        evidence = ["%s: %s" % (traceback.exception_type, first_line)]
        if traceback.original_type:
            original = traceback.original_message.strip().splitlines()
            evidence.append("%s: %s" % (traceback.original_type, original[0][:300] if original else ""))
        if kind == kinds.UNGUARDED_START:
            locations = _unguarded_locations(traceback, paths)
            evidence = [_bootstrap_evidence(traceback)]
            message = _message_with_lines("probe.message.unguarded-start", locations)
        elif kind == kinds.MISSING_IN_WORKER:
            locations, name = _missing_locations(traceback, paths, script)
            message = tr("probe.message.missing-in-worker", name=name or "?")
        elif kind == kinds.WORKER_EXCEPTION:
            locations = [
                _last_user_frame(traceback.original_frames, paths),
                _last_user_frame(traceback.frames, paths, ROLE_WORKER_START),
            ]
            message = tr("probe.message.worker-exception", error=evidence[-1])
        elif kind == kinds.UNPICKLABLE_OBJECT:
            locations = _unpicklable_locations(traceback, paths)
            message = tr("probe.message.unpicklable-object", error=evidence[0], what="?")
        else:
            locations = [_last_user_frame(traceback.frames, paths)]
            message = tr("probe.message.seen.%s" % kind, error=evidence[-1])
        found.append(_failure(kind, message, locations, evidence, child=traceback.in_child))
    return found


def _bootstrap_evidence(traceback):
    # The bootstrap message spans 15 indented lines; one line is enough as evidence.
    return "%s: An attempt has been made to start a new process before the current process " \
        "has finished its bootstrapping phase." % (traceback.exception_type or "RuntimeError")


def _message_with_lines(key, locations):
    module_level = next((location for location in locations if location and location.role == ROLE_MODULE_LEVEL), None)
    start = next((location for location in locations if location and location.role == ROLE_WORKER_START), None)
    return tr(
        key,
        module_path=os.path.basename(module_level.path) if module_level else "?",
        module_line=module_level.line if module_level else "?",
        start_path=os.path.basename(start.path) if start else "?",
        start_line=start.line if start else "?",
    )


# ---------------------------------------------------------------------------
# From the instrumentation's events


def failures_from_events(events, paths):
    found = []
    for record in events:
        if record.get("event") != "pickle-error":
            continue
        culprit = record.get("culprit") or {}
        origin = culprit.get("origin") or {}
        locations = []
        if origin.get("path") and origin.get("line"):
            locations.append(_location(origin["path"], origin["line"], ROLE_DEFINITION))
        site = record.get("site") or {}
        if site.get("path"):
            locations.append(_location(site["path"], site["line"], ROLE_WORKER_START))
        error = "%s: %s" % (record.get("error_type"), record.get("error"))
        culprit_path = culprit.get("path") or "?"
        evidence = [error]
        if culprit.get("path"):
            evidence.append("%s (%s)" % (culprit["path"], culprit.get("type")))
        found.append(_failure(
            kinds.UNPICKLABLE_OBJECT,
            tr("probe.message.unpicklable-object", error=error, what=culprit_path),
            locations,
            evidence,
            culprit=culprit,
        ))
    return found


def blocked_worker_start(events):
    """Return ``(pickled_bytes, site)`` when the script stopped inside a worker's start, else None."""
    pending = {}
    pickled = {}
    for record in events:
        name = record.get("event")
        if name == "process-starting" and record.get("worker_id") is not None:
            pending[record.get("name")] = record
        elif name == "process-started":
            pending.pop(record.get("name"), None)
        elif name == "worker-pickled":
            pickled[record.get("name")] = record.get("pickled_bytes")
    for process_name, record in pending.items():
        return pickled.get(process_name), record.get("site")
    return None


def _stack_location(stacks, main_pid, paths):
    """The innermost user line in the main process's stack dump."""
    text = stacks.get(main_pid) or ""
    # faulthandler prints the innermost frame first: File "x", line N in f
    for match in re.finditer(r'File "(?P<path>[^"]+)", line (?P<line>\d+)', text):
        if not paths.is_library(match.group("path")):
            return _location(match.group("path"), int(match.group("line")), ROLE_FRAME)
    return None


# ---------------------------------------------------------------------------
# Putting it together


def diagnose(result, script, text_analyzer=None):
    """Return the list of failures for a ``RunResult`` of ``script``."""
    start = next((record for record in result.events if record.get("event") == "script-start"), {})
    paths = PathKinds(start.get("library_prefixes"))
    main_pid = start.get("pid")

    failures = failures_from_events(result.events, paths)
    tracebacks = signatures.parse_tracebacks(result.stderr)
    from_text = failures_from_tracebacks(tracebacks, paths, str(script))
    if text_analyzer is not None and not _has_cause(failures + from_text):
        # explain reads the same text with the patterns of pasted logs. It
        # is asked only when the probe's own reading, which has the child's
        # library paths and the run's events, found no cause.
        from_text.extend(text_analyzer(result.stderr, os.path.dirname(str(script))))

    # The instrumentation names the object that failed to pickle; the
    # printed error is the same failure.
    if failures:
        from_text = [failure for failure in from_text if failure.kind != kinds.UNPICKLABLE_OBJECT]
    failures.extend(from_text)
    failures = _merge_duplicates(failures)

    for failure in failures:
        if failure.kind == kinds.TOO_MANY_OPEN_FILES:
            _locate_open_files(failure, result.events)
        if failure.kind in (kinds.SHARED_MEMORY_EXHAUSTED, kinds.WORKER_KILLED):
            _locate_loaders(failure, result.events)

    hang = blocked_worker_start(result.events) if result.stop_reason != "exited" else None
    if hang is not None:
        pickled_bytes, site = hang
        _note_hang(failures, pickled_bytes, site, result)

    if result.stop_reason == "timeout" and not _has_cause(failures):
        location = _stack_location(result.stacks, main_pid, paths)
        failures.insert(0, _failure(
            kinds.WORKER_TIMEOUT,
            tr("probe.message.worker-timeout", seconds="%.0f" % (result.quiet_for or 0)),
            [location],
            ["%s %s" % (pid, text.strip().splitlines()[0]) for pid, text in result.stacks.items() if text.strip()],
        ))
    return _attach_consequences(failures)


def _locate_open_files(failure, events):
    """Add the lines that keep descriptors open, and a sharing strategy the workers never got."""
    worker_strategies = {record.get("sharing_strategy") for record in events if record.get("event") == "worker-ready"}
    for record in events:
        site = record.get("site") or {}
        if record.get("event") != "sharing-strategy-set" or not site.get("path"):
            continue
        if record.get("strategy") not in worker_strategies:
            failure.locations.insert(0, _location(site["path"], site["line"], ROLE_FRAME))
            failure.evidence.append(tr(
                "probe.evidence.strategy-parent-only",
                strategy=record.get("strategy"),
                line=site["line"],
                workers=", ".join(sorted(str(strategy) for strategy in worker_strategies)),
            ))
    for location in list(failure.locations):
        for line in kept_batch_lines(location.path, location.line):
            failure.locations.append(_location(location.path, line, ROLE_FRAME))
            failure.evidence.append(tr("probe.evidence.kept-batches", line=line))


def _locate_loaders(failure, events):
    """Point at the multi-worker loaders: their batch size and worker count set the memory they need."""
    for record in events:
        site = record.get("site") or {}
        if record.get("event") != "loader-created" or not record.get("num_workers") or not site.get("path"):
            continue
        failure.locations.append(_location(site["path"], site["line"], ROLE_FRAME))
        failure.evidence.append(tr(
            "probe.evidence.loader-size",
            line=site["line"],
            batch_size=record.get("batch_size"),
            workers=record.get("num_workers"),
        ))


def _has_cause(failures):
    return any(not kinds.KINDS[failure.kind].consequence for failure in failures)


def _note_hang(failures, pickled_bytes, site, result):
    blocked = pickled_bytes is not None and pickled_bytes > PIPE_CAPACITY
    for failure in failures:
        if failure.kind == kinds.UNGUARDED_START:
            failure.extra["hang"] = {"pickled_bytes": pickled_bytes, "pipe_capacity": PIPE_CAPACITY, "blocked": blocked}
            if blocked:
                failure.evidence.append(tr("probe.evidence.blocked-start", size=format_bytes(pickled_bytes)))
            return
    if result.stop_reason == "timeout" and blocked:
        location = _location(site["path"], site["line"], ROLE_WORKER_START) if site else None
        failures.insert(0, _failure(
            kinds.WORKER_TIMEOUT,
            tr("probe.message.blocked-start", size=format_bytes(pickled_bytes)),
            [location],
            hang={"pickled_bytes": pickled_bytes, "pipe_capacity": PIPE_CAPACITY, "blocked": True},
        ))


def _merge_duplicates(failures):
    merged = []
    index = {}
    for failure in failures:
        key = (failure.kind, tuple((location.path, location.line, location.role) for location in failure.locations))
        if key in index:
            index[key].count += failure.count
            continue
        index[key] = failure
        merged.append(failure)
    return merged


def _attach_consequences(failures):
    causes = [failure for failure in failures if not kinds.KINDS[failure.kind].consequence]
    if not causes:
        return failures
    for failure in failures:
        if kinds.KINDS[failure.kind].consequence:
            causes[0].consequences.append(failure)
    return causes


def format_bytes(size):
    if size is None:
        return "?"
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return ("%d %s" % (size, unit)) if unit == "B" else ("%.1f %s" % (size, unit))
        size /= 1024.0
    return "%.1f GiB" % size
