"""LD006 module-level-start-method: ``set_start_method`` at import time, or after the method is fixed."""

import ast

from loaderdoctor.check import events, processes
from loaderdoctor.check.findings import Finding
from loaderdoctor.check.rules import register
from loaderdoctor.check.rules.flow import is_conditional, modules_by_path
from loaderdoctor.check.rules.helpers import constant_method, where
from loaderdoctor.check.values import Const
from loaderdoctor.check.workers import judge_workers
from loaderdoctor.i18n import tr
from loaderdoctor.kinds import START_METHOD_ALREADY_SET


@register("LD006", "module-level-start-method")
def check_module_level_start_method(context):
    # A notebook kernel's __main__ is never re-imported by its children, and
    # running a cell twice is not something a static check can see.
    if context.notebook:
        return
    modules = modules_by_path(context)
    reported = set()
    for index, event in enumerate(context.events):
        if not isinstance(event, events.StartMethodSet) or event.forced or _error_is_caught(event, modules):
            continue
        statement = event.chain[0]
        key = (statement.line, statement.column)
        if key in reported:
            continue
        # A call that may be skipped (often behind `get_start_method(allow_none=True) is None`)
        # is not reported as a second call: it may well never run.
        earlier = None
        if not any(is_conditional(link, modules) for link in event.chain):
            earlier = _earlier_fixing_event(context.events[:index], modules)
        if earlier is not None:
            reported.add(key)
            yield _finding_second_call(event, earlier, context)
        elif not event.guarded and constant_method(event.method) != "fork" and not _checks_first(event, modules):
            reported.add(key)
            yield _finding_import_time(event, context)


def _method_text(event):
    if isinstance(event.method, Const):
        return repr(event.method.value)
    return "..."


def _finding_import_time(event, context):
    statement = event.chain[0]
    message = tr(
        "check.LD006.message",
        method=_method_text(event),
        call=where(event.chain[-1], statement.path),
    )
    return _finding(event, message, context)


def _finding_second_call(event, earlier, context):
    statement = event.chain[0]
    message = tr(
        "check.LD006.message-second",
        method=_method_text(event),
        earlier=where(earlier.chain[-1], statement.path),
        reason=_describe_fixing(earlier),
    )
    return _finding(event, message, context)


def _finding(event, message, context):
    statement = event.chain[0]
    return Finding(
        code="LD006",
        path=context.source.path,
        line=statement.line,
        column=statement.column,
        message=message,
        kind=START_METHOD_ALREADY_SET,
        help=tr("check.LD006.help"),
        chain=list(event.chain),
    )


def _describe_fixing(event):
    if isinstance(event, events.StartMethodSet):
        return tr("check.LD006.fixed-by.set")
    if isinstance(event, processes.ContextFixed):
        return tr("check.LD006.fixed-by.call", call=event.call)
    if isinstance(event, events.ProcessStart):
        return tr("check.LD006.fixed-by.process", starter=event.starter)
    return tr("check.LD006.fixed-by.workers")


def _earlier_fixing_event(earlier, modules):
    """Return the last earlier event that surely fixed the global start method, or None."""
    for event in reversed(earlier):
        if not _fixes_start_method(event):
            continue
        if all(not is_conditional(link, modules) for link in event.chain):
            return event
    return None


def _fixes_start_method(event):
    # Starting a process asks for the start method without allow_none, which
    # fixes the global default context (CPython multiprocessing/spawn.py).
    if isinstance(event, (events.StartMethodSet, processes.ContextFixed, events.ProcessStart)):
        return True
    if isinstance(event, events.WorkerStart) and event.loader is not None:
        return judge_workers(event.loader).may_start
    return False


# Exceptions whose handler also catches "context has already been set" (a RuntimeError).
CATCHING_NAMES = frozenset({"RuntimeError", "Exception", "BaseException"})


def _error_is_caught(event, modules):
    """True when a ``try`` around the call catches the RuntimeError it would raise."""
    for link in event.chain:
        module = modules.get(link.path)
        if module is None or module.source.tree is None:
            continue
        for node in ast.walk(module.source.tree):
            if not isinstance(node, ast.Try) or not node.body:
                continue
            if not node.body[0].lineno <= link.line <= (node.body[-1].end_lineno or node.body[-1].lineno):
                continue
            if any(_catches_runtime_error(handler.type) for handler in node.handlers):
                return True
    return False


def _catches_runtime_error(handler_type):
    if handler_type is None:
        return True
    candidates = handler_type.elts if isinstance(handler_type, ast.Tuple) else [handler_type]
    for candidate in candidates:
        name = getattr(candidate, "id", None) or getattr(candidate, "attr", None)
        if name in CATCHING_NAMES:
            return True
    return False


def _checks_first(event, modules):
    """True when an enclosing ``if`` tests ``get_start_method(...)``, which is already set in a child."""
    for link in event.chain:
        module = modules.get(link.path)
        if module is None or module.source.tree is None:
            continue
        for node in ast.walk(module.source.tree):
            if not isinstance(node, ast.If) or not node.body:
                continue
            if not (node.body[0].lineno <= link.line <= (node.body[-1].end_lineno or node.body[-1].lineno)):
                continue
            for call in ast.walk(node.test):
                function = getattr(call, "func", None)
                name = getattr(function, "attr", None) or getattr(function, "id", None)
                if name == "get_start_method":
                    return True
    return False
