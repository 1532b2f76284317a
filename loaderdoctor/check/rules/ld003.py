"""LD003 worker-code-unimportable: code that workers need, defined where they cannot import it."""

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
from loaderdoctor.kinds import MISSING_IN_WORKER, UNPICKLABLE_OBJECT


@register("LD003", "worker-code-unimportable")
def check_worker_code_unimportable(context):
    for use, problem in misplaced_in_loaders(context, "LD003"):
        yield _finding(use, problem, context.source)


def _finding(use, problem, source):
    definition = problem.definition
    path, line, column = definition_position(definition)
    name = pickling.definition_name(definition)
    fields = {
        "name": name,
        "loader": where(use.loader.site, path, source),
        "role": problem.reached.path,
        "workers": workers_text(use),
        "function": pickling.defining_function(definition) or "",
    }
    message = sentences(tr(f"check.LD003.message.{problem.reason}", **fields), worker_platforms_sentence(use))

    # A class defined inside a function already fails in the main process,
    # where pickle rejects it as a local object.
    kind = UNPICKLABLE_OBJECT if problem.reason == pickling.LOCAL_DATASET else MISSING_IN_WORKER
    return Finding(
        code="LD003",
        path=path,
        line=line,
        column=column,
        message=message,
        kind=kind,
        help=tr(f"check.LD003.help.{problem.reason}", **fields),
        chain=list(use.chain),
        value_sources=list(use.verdict.sources),
        value_text=workers_text(use),
    )
