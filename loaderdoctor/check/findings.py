"""Findings: what a rule reports, in a shape every output format can render."""

from loaderdoctor.records import field, record


@record
class Finding:
    code: str
    path: str
    line: int
    column: int
    message: str
    kind: str
    help: str = ""
    # Call sites from the module-level statement (first) to the worker start
    # or other event (last), each an ``Origin``.
    chain: list = field(default_factory=list)
    # Where num_workers got its value: the argument, then the definitions.
    value_sources: list = field(default_factory=list)
    value_text: str = ""
    end_line: int = None
    end_column: int = None
    # Set for notebooks: the cell number and the line within the cell.
    cell: int = None
    cell_line: int = None
    fix: object = None
    severity: str = "error"

    @property
    def sort_key(self):
        return (self.path, self.line, self.column, self.code)

    def to_json(self):
        data = {
            "code": self.code,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line or self.line,
            "end_column": self.end_column or self.column,
            "message": self.message,
            "help": self.help,
            "kind": self.kind,
            "chain": [_link(origin) for origin in self.chain],
        }
        if self.value_sources or self.value_text:
            data["num_workers"] = {
                "value": self.value_text,
                "sources": [_link(origin) for origin in self.value_sources],
            }
        if self.cell is not None:
            data["cell"] = self.cell
            data["cell_line"] = self.cell_line
        if self.fix is not None:
            data["fix"] = self.fix.to_json()
        return data


@record(frozen=True)
class Origin:
    """A place in a source file: where a value was written or a call was made."""

    path: str
    line: int
    column: int = 0
    text: str = ""
    # Set for lines of a library module (analysed from disk or from the
    # built-in catalog) rather than the user's own files.
    library: bool = False


def _link(origin):
    data = {"path": origin.path, "line": origin.line, "text": origin.text}
    if origin.library:
        data["library"] = True
    return data


@record
class FileError:
    """A file that could not be checked, and what to do about it."""

    path: str
    reason: str
    hint: str = ""
    line: int = None

    def to_json(self):
        return {"path": self.path, "reason": self.reason, "hint": self.hint, "line": self.line}
