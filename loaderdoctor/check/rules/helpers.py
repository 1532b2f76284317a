"""Small pieces that several rules share: places, platforms, loaders with workers."""

from loaderdoctor.check import events
from loaderdoctor.check.values import ALL_PLATFORMS, Const, options_of
from loaderdoctor.check.workers import failing_platforms_sentence, judge_workers
from loaderdoctor.i18n import tr
from loaderdoctor.records import field, record

# Start methods that pickle what they send to a child and re-import __main__.
SPAWNING_METHODS = ("spawn", "forkserver")


def where(origin, path, source=None):
    """Say where ``origin`` is, seen from a finding in ``path``.

    Returns "line 12", "other.py:12", or in a notebook "cell 3, line 2".
    """
    cell_map = getattr(source, "cell_map", None)
    if cell_map and origin.path == source.path and origin.line in cell_map:
        cell, line = cell_map[origin.line]
        return tr("check.where.cell", cell=cell, line=line)
    if origin.path == path:
        return tr("check.where.line", line=origin.line)
    return f"{origin.path}:{origin.line}"


def constant_method(value):
    """Return the start method that a string or a ``get_context(...)`` value names, if it is one known name."""
    from loaderdoctor.check.processes import StartContext

    if value is None:
        return None
    names = set()
    for option, _ in options_of(value):
        if isinstance(option, StartContext):
            option = option.method
        if not isinstance(option, Const) or not isinstance(option.value, str):
            return None
        names.add(option.value)
    return names.pop() if len(names) == 1 else None


@record
class LoaderUse:
    """A DataLoader that may start workers, with the chain that shows where."""

    loader: object
    verdict: object
    # The worker start chain when the loader is iterated, else the chain to its constructor.
    chain: list = field(default_factory=list)
    iterated: bool = False


def loaders_with_workers(event_list):
    """Return a ``LoaderUse`` for every loader seen that may start worker processes.

    A loader that is built but never iterated in the analysed code still
    counts: a DataLoader with workers is made to be iterated, often by a
    framework that check cannot follow.
    """
    uses = {}
    for event in event_list:
        if not isinstance(event, (events.LoaderCreated, events.WorkerStart)):
            continue
        loader = event.loader
        if loader is None:
            continue
        use = uses.get(id(loader))
        if use is None:
            verdict = judge_workers(loader)
            if not verdict.may_start:
                uses[id(loader)] = None
                continue
            use = uses[id(loader)] = LoaderUse(loader, verdict, list(event.chain))
        if use is not None and isinstance(event, events.WorkerStart) and not use.iterated:
            use.chain = list(event.chain)
            use.iterated = True
    return [use for use in uses.values() if use is not None]


def worker_platforms_sentence(use):
    """Say where pickling the loader's arguments fails: under spawn and forkserver, not fork."""
    context = constant_method(use.loader.arguments.get("multiprocessing_context"))
    if context in SPAWNING_METHODS:
        return tr("check.workers.context-spawn", method=context)
    if use.verdict.platforms:
        sentence = tr("check.workers.platforms", where=failing_platforms_sentence(use.verdict.platforms))
        if use.verdict.unknown:
            sentence = sentences(sentence, tr("check.LD001.partly-unknown"))
        return sentence
    expression = use.loader.workers_expr.text if use.loader.workers_expr else "num_workers"
    return tr("check.workers.unknown", expression=expression)


def sentences(*parts):
    """Join the sentences of one message the way the current language does."""
    text = ""
    for part in parts:
        if part:
            text = tr("check.sentence.join", first=text, second=part) if text else part
    return text


def workers_text(use):
    return ", ".join(use.verdict.values) if use.verdict.values else tr("check.value.unknown")


def all_platforms_sentence():
    return failing_platforms_sentence(ALL_PLATFORMS)


def misplaced_in_loaders(context, code):
    """Yield ``(LoaderUse, pickling.Misplaced)`` for definitions rule ``code`` reports, once per definition."""
    from loaderdoctor.check.pickling import misplaced_definition, walk_payload

    reported = set()
    for use in loaders_with_workers(context.events):
        for reached in walk_payload(use.loader):
            problem = misplaced_definition(reached, context.module, context.notebook)
            if problem is None or problem.code != code:
                continue
            key = id(problem.definition.node)
            if key in reported:
                continue
            reported.add(key)
            yield use, problem


def definition_position(definition):
    """Return ``(path, line, column)`` of a function, lambda or class definition."""
    node = definition.node
    return definition.module.display_path, node.lineno, node.col_offset + 1


def remove_suppressed_by_file(findings, source, project, honor_noqa=True):
    """Apply suppression comments from the file each finding is reported in.

    Rules that report a definition (LD003 to LD005) may place a finding in
    a module that the checked file imports; that module's comments decide.
    """
    from loaderdoctor.check.suppression import remove_suppressed

    texts = {source.path: source.text}
    for module in project.modules.values():
        if module is not None:
            texts.setdefault(module.display_path, module.source.text)

    by_path = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    kept = []
    for path, group in by_path.items():
        text = texts.get(path)
        kept.extend(group if text is None else remove_suppressed(group, text, honor_noqa=honor_noqa))
    return kept
