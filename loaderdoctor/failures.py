"""Failures as explain and probe report them (the runtime side of the kinds).

``explain --format json`` and ``probe --format json`` print an object whose
``failures`` list contains ``Failure.to_json()`` values; other fields may be
added next to ``failures`` but these keys stay as they are.
"""

from dataclasses import dataclass, field

# Roles of a location in a failure. A bootstrap failure has a "module-level"
# statement that ran again in the worker and a "worker-start" line that
# started the processes; other kinds point at the user's "frame" lines.
ROLE_MODULE_LEVEL = "module-level"
ROLE_WORKER_START = "worker-start"
ROLE_DEFINITION = "definition"
ROLE_FRAME = "frame"


@dataclass
class Location:
    path: str
    line: int
    role: str = ROLE_FRAME
    text: str = ""

    def to_json(self):
        data = {"path": self.path, "line": self.line, "role": self.role}
        if self.text:
            data["text"] = self.text
        return data


@dataclass
class Failure:
    kind: str
    message: str
    fix: str
    locations: list = field(default_factory=list)
    # Evidence lines quoted from the log or the run, and how often the same
    # failure was printed (N workers print N identical tracebacks).
    evidence: list = field(default_factory=list)
    count: int = 1
    consequences: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def to_json(self):
        data = {
            "kind": self.kind,
            "message": self.message,
            "fix": self.fix,
            "locations": [location.to_json() for location in self.locations],
            "count": self.count,
        }
        if self.evidence:
            data["evidence"] = list(self.evidence)
        if self.consequences:
            data["consequences"] = [consequence.to_json() for consequence in self.consequences]
        data.update(self.extra)
        return data
