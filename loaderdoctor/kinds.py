"""The catalog of failure kinds that check, probe and explain all report.

Kind ids appear in JSON output and stay stable. The texts (title, what
happened, why, fix) live in the ``kind`` message catalog under
``kind.<id>.title``, ``kind.<id>.what``, ``kind.<id>.why`` and ``kind.<id>.fix``,
so each explanation is written once for all three commands.
"""

from loaderdoctor.i18n import tr
from loaderdoctor.records import record


@record(frozen=True)
class FailureKind:
    id: str
    rules: tuple = ()
    # A consequence kind is reported as caused by another failure in the same
    # log when one is present, not as a problem of its own.
    consequence: bool = False

    def title(self, language=None):
        return tr(f"kind.{self.id}.title", language=language)

    def what(self, language=None):
        return tr(f"kind.{self.id}.what", language=language)

    def why(self, language=None):
        return tr(f"kind.{self.id}.why", language=language)

    def fix(self, language=None):
        return tr(f"kind.{self.id}.fix", language=language)


UNGUARDED_START = "unguarded-start"
MISSING_IN_WORKER = "missing-in-worker"
UNPICKLABLE_OBJECT = "unpicklable-object"
START_METHOD_ALREADY_SET = "start-method-already-set"
WORKER_EXCEPTION = "worker-exception"
WORKER_EXITED = "worker-exited"
WORKER_KILLED = "worker-killed"
SHARED_MEMORY_EXHAUSTED = "shared-memory-exhausted"
TOO_MANY_OPEN_FILES = "too-many-open-files"
PAGING_FILE_TOO_SMALL = "paging-file-too-small"
BROKEN_PIPE = "broken-pipe"
CUDA_IN_FORKED_WORKER = "cuda-in-forked-worker"
FROZEN_WITHOUT_FREEZE_SUPPORT = "frozen-without-freeze-support"
WORKER_TIMEOUT = "worker-timeout"

KINDS = {
    kind.id: kind
    for kind in (
        FailureKind(UNGUARDED_START, rules=("LD001", "LD002")),
        FailureKind(MISSING_IN_WORKER, rules=("LD003",)),
        FailureKind(UNPICKLABLE_OBJECT, rules=("LD004", "LD005")),
        FailureKind(START_METHOD_ALREADY_SET, rules=("LD006",)),
        FailureKind(WORKER_EXCEPTION),
        FailureKind(WORKER_EXITED, consequence=True),
        FailureKind(WORKER_KILLED),
        FailureKind(SHARED_MEMORY_EXHAUSTED),
        FailureKind(TOO_MANY_OPEN_FILES),
        FailureKind(PAGING_FILE_TOO_SMALL),
        FailureKind(BROKEN_PIPE, consequence=True),
        FailureKind(CUDA_IN_FORKED_WORKER),
        FailureKind(FROZEN_WITHOUT_FREEZE_SUPPORT),
        FailureKind(WORKER_TIMEOUT),
    )
}


def kind_for_rule(code):
    """Return the kind id that findings of rule ``code`` carry."""
    for kind in KINDS.values():
        if code in kind.rules:
            return kind.id
    raise KeyError(code)
