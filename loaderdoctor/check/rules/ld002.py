"""LD002 unguarded-process-start: pools, processes and executors started during import."""

import ast

from loaderdoctor.check import events, processes  # noqa: F401  (processes registers the starters)
from loaderdoctor.check.findings import Finding
from loaderdoctor.check.rules import register
from loaderdoctor.check.rules.flow import is_conditional, modules_by_path
from loaderdoctor.check.rules.helpers import (
    SPAWNING_METHODS,
    all_platforms_sentence,
    constant_method,
    sentences,
    where,
)
from loaderdoctor.check.values import Const, Estimate
from loaderdoctor.i18n import tr
from loaderdoctor.kinds import UNGUARDED_START


@register("LD002", "unguarded-process-start")
def check_unguarded_process_start(context):
    # A notebook kernel's __main__ has no file, so its children never re-import it.
    if context.notebook:
        return
    modules = modules_by_path(context)
    reported = set()
    for index, event in enumerate(context.events):
        if not isinstance(event, events.ProcessStart) or event.guarded:
            continue
        method = _effective_method(event, context.events[:index], modules)
        if method == "fork":
            continue
        chain = _chain(event, context)
        statement = chain[0]
        key = (statement.path, statement.line, statement.column)
        if key in reported:
            continue
        reported.add(key)
        yield _finding(event, chain, method, context)


def _effective_method(event, earlier, modules):
    """Return the start method the starter uses: its own, else the last one surely set before it."""
    method = constant_method(event.detail.get("method"))
    if method is not None or event.detail.get("always_spawn"):
        return method or "spawn"
    for previous in reversed(earlier):
        if not isinstance(previous, events.StartMethodSet):
            continue
        if any(is_conditional(link, modules) for link in previous.chain):
            # Set on some platforms or runs only: the default may apply.
            return None
        return constant_method(previous.method)
    return None


def _chain(event, context):
    # An executor made by a module-level `with ProcessPoolExecutor() as ex:`
    # and used inside that block is reported at the `with` line, which is
    # the statement to move under the guard.
    created = event.detail.get("created") or []
    if len(event.chain) != 1 or len(created) != 1 or event.detail.get("created_guarded"):
        return list(event.chain)
    if created[0].path != context.module.display_path:
        return list(event.chain)
    for statement in context.source.tree.body:
        if not isinstance(statement, (ast.With, ast.AsyncWith)):
            continue
        if statement.lineno <= created[0].line and event.chain[0].line <= statement.end_lineno:
            return created + list(event.chain)
    return list(event.chain)


def _finding(event, chain, method, context):
    statement = chain[0]
    start = chain[-1]
    starter = _describe_starter(event)
    message = tr("check.LD002.message", starter=starter, start=where(start, statement.path))

    if event.detail.get("always_spawn"):
        message = sentences(message, tr("check.LD002.always-spawn", starter=event.starter))
    elif method in SPAWNING_METHODS:
        message = sentences(message, tr("check.LD002.spawn-method", method=method))
    else:
        message = sentences(message, tr("check.LD002.platforms", where=all_platforms_sentence()))
    if "num_proc" in event.detail and not event.detail.get("num_proc_known"):
        message = sentences(message, tr("check.LD002.num-proc-unknown"))

    return Finding(
        code="LD002",
        path=context.source.path,
        line=statement.line,
        column=statement.column,
        message=message,
        kind=UNGUARDED_START,
        help=tr("check.LD002.help"),
        chain=chain,
    )


def _describe_starter(event):
    num_proc = event.detail.get("num_proc")
    if num_proc is None:
        return f"{event.starter}()"
    if isinstance(num_proc, Const):
        return f"{event.starter}(num_proc={num_proc.value})"
    if isinstance(num_proc, Estimate):
        return f"{event.starter}(num_proc={num_proc.description})"
    return f"{event.starter}(num_proc=...)"
