"""Deciding what ``num_workers`` may be, on which platforms, and why."""

from loaderdoctor.check.values import (
    ABSENT,
    LINUX,
    MACOS,
    WINDOWS,
    Const,
    Estimate,
    options_of,
)
from loaderdoctor.i18n import tr
from loaderdoctor.records import field, record


@record
class WorkerVerdict:
    # Platforms on which the loader may start worker processes.
    platforms: frozenset = frozenset()
    # The values seen, as text, e.g. ["4"] or ["0 (Windows)", "4"].
    values: list = field(default_factory=list)
    # True when some value could not be determined statically.
    unknown: bool = False
    sources: list = field(default_factory=list)
    fork_context: bool = False

    @property
    def may_start(self):
        return bool(self.platforms) or self.unknown


def judge_workers(loader):
    """Return the ``WorkerVerdict`` of a ``values.Loader``."""
    verdict = WorkerVerdict()
    platforms = set()
    values = []

    for option, where in options_of(loader.workers):
        if option is ABSENT:
            option = Const(0)
        if isinstance(option, Const):
            number = option.value
            if isinstance(number, bool) or not isinstance(number, (int, float)) and number is not None:
                verdict.unknown = True
                continue
            number = number or 0
            if number > 0:
                platforms |= where
            values.append((str(int(number)), where))
            _add_source(verdict, option.origin)
        elif isinstance(option, Estimate):
            if option.high > 0:
                platforms |= where
            values.append((option.description, where))
            _add_source(verdict, option.origin)
        else:
            verdict.unknown = True

    verdict.platforms = frozenset(platforms)
    verdict.values = _describe_values(values)
    verdict.fork_context = _uses_fork(loader)
    if verdict.fork_context:
        verdict.platforms = frozenset()
        verdict.unknown = False
    expression = loader.workers_expr
    if expression is not None:
        verdict.sources = [o for o in verdict.sources if (o.path, o.line) != (expression.path, expression.line)]
        verdict.sources.insert(0, expression)
    return verdict


def _add_source(verdict, origin):
    if origin is not None and all((o.path, o.line) != (origin.path, origin.line) for o in verdict.sources):
        verdict.sources.append(origin)


def _uses_fork(loader):
    # A loader with multiprocessing_context="fork" never re-imports __main__
    # (and cannot run on Windows at all, which torch reports by itself).
    context = loader.arguments.get("multiprocessing_context")
    if context is None:
        return False
    options = list(options_of(context))
    return bool(options) and all(isinstance(o, Const) and o.value == "fork" for o, _ in options)


def _describe_values(values):
    seen = []
    for text, where in values:
        if text not in [t for t, _ in seen]:
            seen.append((text, where))
    if len(seen) == 1:
        return [seen[0][0]]
    described = []
    for text, where in seen:
        if len(where) == 3:
            described.append(text)
        else:
            names = ", ".join(platform_name(p) for p in sorted(where, key=PLATFORM_ORDER.index))
            described.append(f"{text} ({names})")
    return described


PLATFORM_ORDER = [WINDOWS, MACOS, LINUX]


def platform_name(platform):
    return tr(f"check.platform.{platform}")


def failing_platforms_sentence(platforms):
    """Say where a module-level worker start fails, e.g. 'on macOS and on Linux from Python 3.14'."""
    parts = []
    if WINDOWS in platforms:
        parts.append(tr("check.platform.windows"))
    if MACOS in platforms:
        parts.append(tr("check.platform.macos"))
    if LINUX in platforms:
        parts.append(tr("check.platform.linux-314"))
    if len(parts) == 1:
        return parts[0]
    return tr("check.list.join", items=tr("check.list.separator").join(parts[:-1]), last=parts[-1])
