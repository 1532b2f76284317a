"""LD004 unpicklable-worker-callable: lambdas, local functions and local classes sent to workers."""

from loaderdoctor.check import pickling
from loaderdoctor.check.findings import Finding
from loaderdoctor.check.rules import register
from loaderdoctor.check.rules.helpers import (
    definition_position,
    misplaced_in_loaders,
    sentences,
    where,
    worker_platforms_sentence,
    workers_text,
)
from loaderdoctor.i18n import tr
from loaderdoctor.kinds import UNPICKLABLE_OBJECT


@register("LD004", "unpicklable-worker-callable")
def check_unpicklable_worker_callable(context):
    for use, problem in misplaced_in_loaders(context, "LD004"):
        yield _finding(use, problem, context.source)


def _finding(use, problem, source):
    definition = problem.definition
    path, line, column = definition_position(definition)
    fields = {
        "name": pickling.definition_name(definition),
        "qualname": definition.qualname,
        "loader": where(use.loader.site, path, source),
        "role": problem.reached.path,
        "workers": workers_text(use),
        "function": pickling.defining_function(definition) or "",
    }
    message = sentences(tr(f"check.LD004.message.{problem.reason}", **fields), worker_platforms_sentence(use))
    return Finding(
        code="LD004",
        path=path,
        line=line,
        column=column,
        message=message,
        kind=UNPICKLABLE_OBJECT,
        help=tr(f"check.LD004.help.{problem.reason}", **fields),
        chain=list(use.chain),
        value_sources=list(use.verdict.sources),
        value_text=workers_text(use),
    )
