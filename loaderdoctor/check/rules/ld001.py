"""LD001 unguarded-worker-start: DataLoader workers started during import."""

from loaderdoctor.check import events
from loaderdoctor.check.findings import Finding
from loaderdoctor.check.rules import register
from loaderdoctor.check.values import ALL_PLATFORMS, WINDOWS
from loaderdoctor.check.workers import (
    PLATFORM_ORDER,
    failing_platforms_sentence,
    judge_workers,
    platform_name,
)
from loaderdoctor.i18n import tr
from loaderdoctor.kinds import UNGUARDED_START


@register("LD001", "unguarded-worker-start")
def check_unguarded_worker_start(context):
    # A notebook kernel's __main__ has no file, so spawned workers never
    # re-import it: module-level iteration there cannot recurse.
    if context.notebook:
        return
    reported = set()
    for event in context.events:
        if not isinstance(event, events.WorkerStart) or event.guarded:
            continue
        verdict = judge_workers(event.loader)
        if not verdict.may_start:
            continue
        statement = event.chain[0]
        key = (statement.line, statement.column)
        if key in reported:
            continue
        reported.add(key)
        yield _finding(event, verdict, context)


def _finding(event, verdict, context):
    statement = event.chain[0]
    start = event.chain[-1]
    workers = ", ".join(verdict.values) if verdict.values else tr("check.value.unknown")
    where_started = _where(start, statement)

    if verdict.platforms:
        message = tr("check.LD001.message", workers=workers, start=where_started)
        extra = []
        if verdict.platforms != ALL_PLATFORMS:
            where = failing_platforms_sentence(verdict.platforms)
            safe = ALL_PLATFORMS - verdict.platforms
            if WINDOWS in safe:
                ordered = [platform_name(p) for p in PLATFORM_ORDER if p in safe]
                safe_names = ordered[0] if len(ordered) == 1 else tr(
                    "check.list.join", items=tr("check.list.separator").join(ordered[:-1]), last=ordered[-1])
                extra.append(tr("check.LD001.platforms-except", safe=safe_names, where=where))
            else:
                extra.append(tr("check.LD001.platforms", where=where))
        if verdict.unknown:
            extra.append(tr("check.LD001.partly-unknown"))
        if extra:
            message = tr("check.sentence.separator").join([message] + extra)
    else:
        expression = event.loader.workers_expr.text if event.loader.workers_expr else "num_workers"
        message = tr("check.LD001.message-unknown", expression=expression, start=where_started)

    return Finding(
        code="LD001",
        path=context.source.path,
        line=statement.line,
        column=statement.column,
        message=message,
        kind=UNGUARDED_START,
        help=tr("check.LD001.help"),
        chain=list(event.chain),
        value_sources=list(verdict.sources),
        value_text=workers,
    )


def _where(start, statement):
    if start.path == statement.path:
        return tr("check.where.line", line=start.line)
    return f"{start.path}:{start.line}"
