"""Build the reported failures: messages, user lines, definitions, consequences."""

from loaderdoctor import kinds
from loaderdoctor.explain import source as sourcelib
from loaderdoctor.explain.paths import basename, is_library, same_file
from loaderdoctor.failures import (ROLE_DEFINITION, ROLE_FRAME, ROLE_MODULE_LEVEL, ROLE_WORKER_START, Failure,
                                   Location)
from loaderdoctor.i18n import tr

# The positional arguments of torch's _worker_loop that Python 3.14's
# "when serializing tuple item N" note can name (torch 2.x dataloader.py).
_WORKER_ARGUMENTS = {"1": "dataset", "6": "collate_fn", "9": "worker_init_fn"}

# Words for the types named in "cannot pickle 'X' object".
_OBJECT_CATEGORIES = (
    (("bufferedreader", "bufferedwriter", "textiowrapper", "fileio", "bufferedrandom"), "file"),
    (("lock", "rlock", "condition", "semaphore"), "lock"),
    (("generator",), "generator"),
    (("module",), "module"),
    (("connection", "cursor"), "database"),
    (("h5py",), "h5py"),
    (("environment", "transaction"), "lmdb"),
    (("dataloaderiter",), "iterator"),
    (("socket", "epoll", "selectors"), "socket"),
)


class Diagnosis:
    """The failures found in a log, and how much of it was read."""

    def __init__(self, failures, lines_read=0, tracebacks=0, unlisted=0):
        self.failures = failures
        self.lines_read = lines_read
        self.tracebacks = tracebacks
        # Distinct failures beyond the number an analysis keeps.
        self.unlisted = unlisted

    @property
    def found(self):
        return bool(self.failures)

    def to_json(self):
        return {"failures": [failure.to_json() for failure in self.failures]}


class _Context:
    def __init__(self, parser, finder):
        self.parser = parser
        self.finder = finder
        self._sources = {}

    def source(self, path):
        local = self.finder.find(path) if self.finder is not None else None
        if local is None:
            return None
        key = str(local)
        if key not in self._sources:
            self._sources[key] = sourcelib.SourceFile(local)
        return self._sources[key]

    def text(self, frame):
        # The file on this machine is exact; the log's copy may be cut by
        # other processes' output, so it is only the fallback.
        source = self.source(frame.path)
        if source is not None:
            text = source.line(frame.line)
            if text:
                return text
        return self.parser.frame_text(frame) if self.parser is not None else ""


def build_failures(incidents, parser, finder):
    context = _Context(parser, finder)
    return [_failure(incident, context) for incident in incidents]


def _failure(incident, context):
    locations = [Location(frame.path, frame.line, role, context.text(frame))
                 for frame, role in incident.locations]
    fields = {}
    message = _MESSAGE_BUILDERS.get(incident.kind, _default_message)(incident, context, locations, fields)

    consequences = _merged_consequences(incident.consequences)
    failure = Failure(
        kind=incident.kind,
        message=message,
        fix=tr("kind.%s.fix" % incident.kind),
        locations=locations,
        evidence=list(incident.evidence),
        count=_worker_count(incident),
        consequences=[_consequence(consequence, context) for consequence in consequences],
    )
    failure.extra["title"] = tr("kind.%s.title" % incident.kind)
    details = _details(incident)
    details.update(fields)
    if details:
        failure.extra["details"] = details
    failure.extra["log_lines"] = [incident.first_line, incident.last_line]
    return failure


def _details(incident):
    details = {}
    for key in ("name", "qualname", "type", "signal", "worker", "seconds", "code", "module"):
        value = incident.fields.get(key)
        if value:
            details[key] = value.strip() if isinstance(value, str) else value
    if incident.pids:
        details["pids"] = list(incident.pids)
    if incident.inner_exception is not None:
        details["exception"] = _exception_text(incident.inner_exception)
    return details


def _merged_consequences(consequences):
    merged = []
    for consequence in sorted(consequences, key=lambda item: item.first_line):
        same = next((other for other in merged if other.kind == consequence.kind
                     and other.variant == consequence.variant), None)
        if same is None:
            merged.append(consequence)
        else:
            same.absorb(consequence)
    return merged


def _consequence(incident, context):
    count = _worker_count(incident)
    fields = {"count": count, "pids": ", ".join(str(pid) for pid in incident.pids)}
    if incident.kind == kinds.WORKER_EXITED and incident.variant == "dataloader" and incident.pids:
        key = "explain.consequence.worker-exited.pids"
    else:
        key = "explain.consequence.%s.%s" % (incident.kind, incident.variant)
    fields["after"] = incident.fields.get("after", "")
    fields["seconds"] = incident.fields.get("seconds", "")
    fields["rank"] = incident.fields.get("rank", "")
    fields["code"] = incident.fields.get("code", "")
    message = tr(_plural(key, count), **fields)
    failure = Failure(
        kind=incident.kind,
        message=message,
        fix=tr("kind.%s.fix" % incident.kind),
        locations=[Location(frame.path, frame.line, role, context.text(frame)) for frame, role in incident.locations],
        evidence=list(incident.evidence),
        count=count,
    )
    if incident.pids:
        failure.extra["details"] = {"pids": list(incident.pids)}
    return failure


def _worker_count(incident):
    return len(incident.pids) if incident.pids else max(incident.count, 1)


def _plural(key, count):
    return key + (".one" if count == 1 else ".other")


def _exception_text(exception):
    exc_type, message = exception
    return "%s: %s" % (exc_type, message) if message else exc_type


def _first(locations, *roles):
    return next((location for location in locations if location.role in roles), None)


def _where(location):
    return {"file": basename(location.path), "line": location.line}


def _user_files(incident):
    """Return the user's files that the incident's frames name, the outermost first."""
    paths = []
    for frame in list(incident.context_frames) + [frame for frame, _ in incident.locations]:
        if not is_library(frame.path) and all(not same_file(frame.path, path) for path in paths):
            paths.append(frame.path)
    for consequence in incident.consequences:
        for frame in consequence.context_frames:
            if not is_library(frame.path) and all(not same_file(frame.path, path) for path in paths):
                paths.append(frame.path)
    return paths


def _add_definition(locations, path, line, context):
    for location in locations:
        if location.role == ROLE_DEFINITION and location.line == line and same_file(location.path, path):
            return location
    source = context.source(path)
    text = source.line(line) if source is not None else ""
    definition = Location(path, line, ROLE_DEFINITION, text)
    locations.insert(0, definition)
    return definition


# -- messages per kind -------------------------------------------------------


def _unguarded_message(incident, context, locations, fields):
    if incident.variant == "forkserver":
        start = _first(locations, ROLE_WORKER_START, ROLE_FRAME)
        if start is None:
            return tr("explain.message.unguarded-start.forkserver")
        return tr("explain.message.unguarded-start.forkserver.at", **_where(start))

    module = _first(locations, ROLE_MODULE_LEVEL)
    start = _first(locations, ROLE_WORKER_START)
    if module is None:
        return tr("explain.message.unguarded-start.unknown")
    imported_from = _first(locations, ROLE_FRAME)
    if imported_from is not None:
        return tr("explain.message.unguarded-start.import", import_file=basename(imported_from.path),
                  import_line=imported_from.line, **_where(module))
    if start is None or (start.line == module.line and same_file(start.path, module.path)):
        return tr("explain.message.unguarded-start.same", **_where(module))
    return tr("explain.message.unguarded-start.call", start_file=basename(start.path), start_line=start.line,
              **_where(module))


def _frozen_message(incident, context, locations, fields):
    return tr("explain.message.frozen-without-freeze-support")


def _missing_message(incident, context, locations, fields):
    name = incident.fields.get("name", "")
    if incident.variant == "stdin":
        return tr("explain.message.missing-in-worker.stdin")
    if incident.variant == "no-file":
        return tr("explain.message.missing-in-worker.no-file", name=name)

    # The message names the main script: "<module '__mp_main__' from 'C:\\\\x\\\\train.py'>",
    # with backslashes doubled by repr().
    path = incident.fields.get("path", "").replace("\\\\", "\\")
    candidates = ([path] if path else []) + _user_files(incident)
    for candidate in candidates:
        source = context.source(candidate)
        if source is None or source.tree is None:
            continue
        definition = sourcelib.find_named_definition(source.tree, name)
        if definition is None:
            continue
        _add_definition(locations, candidate, definition.line, context)
        if definition.inside_guard:
            return tr("explain.message.missing-in-worker.guard.in-guard", name=name,
                      file=basename(candidate), line=definition.line)
        if definition.inside_function:
            return tr("explain.message.missing-in-worker.guard.in-function", name=name,
                      file=basename(candidate), line=definition.line)
        break
    if path:
        file = basename(path)
    elif candidates:
        file = basename(candidates[0])
    else:
        file = "__main__"
    return tr("explain.message.missing-in-worker.guard", name=name, file=file)


def _object_category(type_name):
    lowered = type_name.lower()
    for needles, category in _OBJECT_CATEGORIES:
        if any(needle in lowered for needle in needles):
            return category
    return "other"


def _unpicklable_message(incident, context, locations, fields):
    variant = incident.variant
    qualname = incident.fields.get("qualname", "")
    note = ""
    item = incident.fields.get("tuple_item")
    if item in _WORKER_ARGUMENTS:
        argument = _WORKER_ARGUMENTS[item]
        fields["argument"] = argument
        note = " " + tr("explain.note.worker-argument", argument=argument)

    if variant == "local":
        for path in _user_files(incident):
            source = context.source(path)
            line = sourcelib.find_qualname(source.tree, qualname) if source is not None else None
            if line is not None:
                _add_definition(locations, path, line, context)
                return tr("explain.message.unpicklable-object.local.at", qualname=qualname,
                          file=basename(path), line=line) + note
        return tr("explain.message.unpicklable-object.local", qualname=qualname) + note

    if variant == "lambda":
        for path in _user_files(incident):
            source = context.source(path)
            lines = sourcelib.find_module_lambdas(source.tree) if source is not None else []
            if lines:
                _add_definition(locations, path, lines[0], context)
                return tr("explain.message.unpicklable-object.lambda.at", file=basename(path),
                          line=lines[0]) + note
        return tr("explain.message.unpicklable-object.lambda") + note

    if variant == "lookup":
        reason = incident.fields.get("reason", "").strip()
        return tr("explain.message.unpicklable-object.lookup", qualname=qualname, reason=reason) + note

    if variant == "type":
        type_name = incident.fields.get("type", "")
        category = _object_category(type_name)
        fields["object"] = category
        return tr("explain.message.unpicklable-object.type", type=type_name,
                  what=tr("explain.object." + category)) + note

    if variant == "warning":
        return tr("explain.message.unpicklable-object.warning")
    reason = incident.fields.get("reason", "").strip()
    return tr("explain.message.unpicklable-object.generic", reason=reason) + note


def _start_method_message(incident, context, locations, fields):
    location = locations[0] if locations else None
    if location is None:
        return tr("explain.message.start-method-already-set")
    if location.role == ROLE_MODULE_LEVEL:
        return tr("explain.message.start-method-already-set.worker", **_where(location))
    return tr("explain.message.start-method-already-set.parent", **_where(location))


# multiprocessing's assertion when a daemonic process, such as a DataLoader
# worker, starts a Pool, a Process or a loader with workers of its own.
DAEMONIC_CHILDREN = "daemonic processes are not allowed to have children"


def _worker_exception_message(incident, context, locations, fields):
    worker = incident.fields.get("worker", "")
    exception = _exception_text(incident.inner_exception) if incident.inner_exception else \
        incident.fields.get("inner", "")
    responsible = locations[0] if locations else None
    # torch up to 0.4 did not say which worker failed.
    key = "explain.message.worker-exception" if worker else "explain.message.worker-exception.anonymous"
    if responsible is None:
        return tr(key, worker=worker, exception=exception)
    message = tr(key + ".at", worker=worker, exception=exception, **_where(responsible))

    source = context.source(responsible.path)
    if source is not None:
        found = sourcelib.globals_set_only_in_guard(source.tree, responsible.line)
        if found:
            name, module_line, changed_line = found[0]
            fields["global"] = name
            _add_definition(locations, responsible.path, changed_line, context)
            # Keep the failing line first: it is what the traceback shows.
            locations.remove(responsible)
            locations.insert(0, responsible)
            message += " " + tr("explain.message.worker-exception.global", name=name, module_line=module_line,
                                changed_line=changed_line, file=basename(responsible.path))
    if DAEMONIC_CHILDREN in exception:
        # Chinese sentences end with a full-width stop and take no space after it.
        message += ("" if message.endswith("。") else " ") + tr("explain.message.worker-exception.daemonic")
    return message


def _worker_exited_message(incident, context, locations, fields):
    count = _worker_count(incident)
    if incident.variant == "pool":
        return tr("explain.message.worker-exited.pool")
    if incident.variant == "spawn":
        return tr("explain.message.worker-exited.spawn", rank=incident.fields.get("rank", "?"),
                  code=incident.fields.get("code", "?"))
    if incident.pids:
        return tr(_plural("explain.message.worker-exited.pids", count), count=count,
                  pids=", ".join(str(pid) for pid in incident.pids))
    return tr("explain.message.worker-exited")


def _worker_killed_message(incident, context, locations, fields):
    signal = incident.fields.get("signal", "").strip()
    pid = incident.fields.get("pid") or incident.fields.get("rank") or "?"
    lowered = signal.lower()
    if lowered in ("killed", "sigkill"):
        hint = "oom"
    elif "segmentation" in lowered or lowered == "sigsegv":
        hint = "segfault"
    else:
        hint = "other"
    return tr("explain.message.worker-killed", pid=pid, signal=signal) + " " + \
        tr("explain.message.worker-killed." + hint)


def _timeout_message(incident, context, locations, fields):
    if incident.variant == "hang":
        return tr("explain.message.worker-timeout.hang", after=incident.fields.get("after", "?"))
    return tr("explain.message.worker-timeout", seconds=incident.fields.get("seconds", "?"))


def _broken_pipe_message(incident, context, locations, fields):
    return tr("explain.message.broken-pipe." + incident.variant)


def _default_message(incident, context, locations, fields):
    key = "explain.message.%s" % incident.kind
    location = _first(locations, ROLE_MODULE_LEVEL, ROLE_FRAME, ROLE_WORKER_START)
    if location is not None:
        return tr(key + ".at", **_where(location))
    return tr(key)


_MESSAGE_BUILDERS = {
    kinds.UNGUARDED_START: _unguarded_message,
    kinds.FROZEN_WITHOUT_FREEZE_SUPPORT: _frozen_message,
    kinds.MISSING_IN_WORKER: _missing_message,
    kinds.UNPICKLABLE_OBJECT: _unpicklable_message,
    kinds.START_METHOD_ALREADY_SET: _start_method_message,
    kinds.WORKER_EXCEPTION: _worker_exception_message,
    kinds.WORKER_EXITED: _worker_exited_message,
    kinds.WORKER_KILLED: _worker_killed_message,
    kinds.WORKER_TIMEOUT: _timeout_message,
    kinds.BROKEN_PIPE: _broken_pipe_message,
}
