"""``loaderdoctor check --fix`` and ``--diff``: rewrite files so that they work under spawn.

Detection stays in the rules. This module takes the findings of a check and
plans the fixes of each file (``fixing.plan``). It turns them into text
edits on the original source (``fixing.render``), then writes the result
with the file's encoding, BOM and line endings, replacing the file
atomically.

Fix safety follows ruff's terms. A safe fix keeps the program's behaviour. An
unsafe fix may change it and is applied only with ``--unsafe-fixes``. A
manual fix has no edits, only the reason why the change must be made by hand.
"""

import codecs
import contextlib
import difflib
import os
import stat
import sys
import tempfile
from dataclasses import dataclass, field

from loaderdoctor.check import sources
from loaderdoctor.check.findings import FileError
from loaderdoctor.check.fixing.importers import ProjectIndex
from loaderdoctor.check.fixing.plan import MANUAL, SAFE, UNSAFE, plan_file
from loaderdoctor.check.fixing.text import Lines, apply_edits
from loaderdoctor.i18n import tr

__all__ = ["Fix", "FixOutcome", "FileChange", "attach_fixes", "apply_fixes", "SAFE", "UNSAFE", "MANUAL"]


@dataclass
class Fix:
    """The fix offered for one finding, stored in ``Finding.fix`` and shown in JSON output."""

    applicability: str  # SAFE, UNSAFE or MANUAL
    message: str
    reasons: list = field(default_factory=list)
    # Edits on the original text of the file, shared by the findings that
    # one rewrite of the file fixes together.
    edits: list = field(default_factory=list)
    lines: Lines = None

    def to_json(self):
        return {
            "applicability": self.applicability,
            "message": self.message,
            "reasons": list(self.reasons),
            "edits": [self._edit_json(edit) for edit in self.edits],
        }

    def _edit_json(self, edit):
        start_line, start_column = self.lines.position(edit.start)
        end_line, end_column = self.lines.position(edit.end)
        return {
            "start": {"line": start_line, "column": start_column},
            "end": {"line": end_line, "column": end_column},
            "content": edit.content,
        }

    def describe(self):
        """Return one line for text reports: what the fix does, or why there is none."""
        reasons = tr("check.report.fix-reasons-separator").join(self.reasons)
        if self.applicability == SAFE:
            return tr("check.report.fix-safe", message=self.message)
        if self.applicability == UNSAFE:
            return tr("check.report.fix-unsafe", message=self.message, reasons=reasons)
        return tr("check.report.fix-manual", reasons=reasons)


@dataclass
class FileChange:
    path: str
    old_text: str
    new_text: str
    fixed: int  # findings that the change fixes
    data: bytes = b""  # the new file content, encoded


@dataclass
class FixOutcome:
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    # Findings with an unsafe fix that was not applied because --unsafe-fixes was not given.
    unsafe_skipped: int = 0

    @property
    def fixed(self):
        return sum(change.fixed for change in self.changes)

    def diff_text(self):
        blocks = []
        for change in self.changes:
            shown = change.path.replace(os.sep, "/")
            lines = difflib.unified_diff(
                change.old_text.splitlines(keepends=True),
                change.new_text.splitlines(keepends=True),
                fromfile=f"a/{shown}",
                tofile=f"b/{shown}",
            )
            blocks.append("".join(line if line.endswith(("\n", "\r")) else line + "\n" for line in lines))
        return "".join(blocks)


@dataclass
class _Loaded:
    path: str
    data: bytes
    source: object
    findings: list


def _group(findings):
    grouped = {}
    for finding in findings:
        grouped.setdefault(finding.path, []).append(finding)
    return grouped


def _load(path, findings, stdin=None):
    from loaderdoctor.check import load_file

    if stdin is not None and path == stdin[0]:
        data = stdin[1]
    elif path == "-":
        return None  # standard input was read by the check and is gone
    else:
        data = sources.read_bytes(path)
    return _Loaded(path, data, load_file(path, data), findings)


def _plans(findings, stdin=None):
    """Yield ``(loaded, plan)`` for every file with findings; files that cannot be read give ``(error, None)``.

    ``stdin`` is ``(shown path, bytes)`` when the source came from standard input.
    """
    index = ProjectIndex()
    for path, group in _group(findings).items():
        try:
            loaded = _load(path, group, stdin)
        except sources.SourceError as error:
            yield FileError(error.path or path, error.reason, error.hint, error.line), None
            continue
        if loaded is None:
            continue
        yield loaded, plan_file(loaded.source, group, index)


def attach_fixes(findings, stdin=None):
    """Set ``finding.fix`` on every finding that has a fix or a reason to fix it by hand."""
    for loaded, plan in _plans(findings, stdin):
        if plan is None:
            continue
        lines = Lines(loaded.source.text)
        # A safe fix carries the edits of all safe fixes of its file, an
        # unsafe one those of all fixes: applying either gives what --fix
        # (with or without --unsafe-fixes) writes.
        edits = {SAFE: plan.render({SAFE})[0], UNSAFE: plan.render({SAFE, UNSAFE})[0], MANUAL: []}
        for finding in loaded.findings:
            part = plan.part_for(finding)
            if part is None:
                continue
            finding.fix = Fix(part.applicability, part.message, list(part.reasons), edits[part.applicability], lines)


def apply_fixes(findings, unsafe=False, write=True, stdin=None):
    """Fix the files of ``findings``; return a ``FixOutcome``. With ``write=False`` nothing is written.

    Source read from standard input is never written back; its fixed text is
    in the outcome's changes.
    """
    allowed = {SAFE, UNSAFE} if unsafe else {SAFE}
    outcome = FixOutcome()
    for loaded, plan in _plans(findings, stdin):
        if plan is None:
            outcome.errors.append(loaded)
            continue
        edits, applied = plan.render(allowed)
        if not unsafe:
            outcome.unsafe_skipped += sum(len(part.findings) for part in plan.parts if part.applicability == UNSAFE)
        if not edits:
            continue
        new_text = apply_edits(loaded.source.text, edits)
        if new_text == loaded.source.text:
            continue
        try:
            sources.parse_quietly(new_text, str(loaded.path))
        except SyntaxError as error:
            # A fix must never leave a file that Python cannot read.
            outcome.errors.append(FileError(loaded.path, tr("check.fix.error.invalid-result", error=error.msg,
                                                            line=error.lineno)))
            continue
        try:
            data = encode_source(new_text, loaded.source)
        except UnicodeEncodeError as error:
            outcome.errors.append(FileError(loaded.path, tr("check.fix.error.encoding",
                                                            encoding=loaded.source.encoding, error=error.reason)))
            continue
        fixed = sum(len(part.findings) for part in applied)
        if write and not (stdin is not None and loaded.path == stdin[0]):
            try:
                write_atomically(loaded.path, data, expected=loaded.data)
            except FileChangedError:
                outcome.errors.append(FileError(loaded.path, tr("check.fix.error.changed")))
                continue
            except OSError as error:
                outcome.errors.append(FileError(loaded.path, tr("check.fix.error.write",
                                                                error=error.strerror or error)))
                continue
        outcome.changes.append(FileChange(loaded.path, loaded.source.text, new_text, fixed, data))
    return outcome


def encode_source(text, source):
    """Encode ``text`` the way ``source`` was stored: same encoding, BOM if it had one."""
    data = text.encode(source.encoding)
    if source.bom and not data.startswith(codecs.BOM_UTF8):
        data = codecs.BOM_UTF8 + data
    return data


class FileChangedError(Exception):
    """The file no longer contains the bytes that the fix was computed from."""


def write_atomically(path, data, expected=None):
    """Replace the file at ``path`` with ``data`` through a temporary file in the same folder.

    The file keeps its permission bits. A symbolic link stays a link: the file
    it points to is replaced. When ``expected`` is given and the file no
    longer contains those bytes, nothing is written.
    """
    real = os.path.realpath(path)
    if expected is not None:
        with open(real, "rb") as handle:
            if handle.read() != expected:
                raise FileChangedError(path)
    mode = stat.S_IMODE(os.stat(real).st_mode)
    folder = os.path.dirname(real) or "."
    descriptor, temporary = tempfile.mkstemp(prefix="." + os.path.basename(real) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def fix_summary(outcome, unsafe):
    """Return the closing line of ``check --fix``."""
    if outcome.changes:
        parts = [tr("check.fix.summary.fixed", count=outcome.fixed, files=len(outcome.changes))]
    else:
        parts = [tr("check.fix.summary.none")]
    if outcome.unsafe_skipped and not unsafe:
        parts.append(tr("check.fix.summary.unsafe-available", count=outcome.unsafe_skipped))
    return " ".join(parts)


def diff_summary(outcome, unsafe):
    if outcome.changes:
        parts = [tr("check.fix.summary.would-fix", count=outcome.fixed, files=len(outcome.changes))]
    else:
        parts = [tr("check.fix.summary.nothing")]
    if outcome.unsafe_skipped and not unsafe:
        parts.append(tr("check.fix.summary.unsafe-available", count=outcome.unsafe_skipped))
    return " ".join(parts)


def report_diff(outcome, errors, unsafe=False):
    """Print the diffs of ``check --diff`` and return the exit status: 1 when something would change."""
    import click

    from loaderdoctor.errors import EXIT_CLEAN, EXIT_ERROR, EXIT_PROBLEMS
    from loaderdoctor.report import check_formats
    from loaderdoctor.report.style import Style, color_enabled

    text = outcome.diff_text()
    if text:
        click.echo(text, nl=False)
    error_style = Style(color_enabled(sys.stderr))
    for error in list(errors) + list(outcome.errors):
        click.echo(check_formats.format_error(error, error_style), err=True, color=error_style.enabled)
    click.echo(diff_summary(outcome, unsafe), err=True)
    if errors or outcome.errors:
        return EXIT_ERROR
    return EXIT_PROBLEMS if outcome.changes else EXIT_CLEAN


def keep_stdin(stdin_filename):
    """Read standard input once and leave a copy in ``sys.stdin`` for the check; return ``(shown path, bytes)``."""
    import io

    data = sys.stdin.buffer.read()
    sys.stdin = io.TextIOWrapper(io.BytesIO(data))
    return (stdin_filename or "-", data)


def replace_stdin(stdin, outcome):
    """Put the fixed source of standard input where the next check reads it; return the new ``stdin`` pair."""
    import io

    if stdin is None:
        return None
    data = stdin[1]
    for change in outcome.changes:
        if change.path == stdin[0]:
            data = change.data
    sys.stdin = io.TextIOWrapper(io.BytesIO(data))
    return (stdin[0], data)


def echo_source(stdin):
    """Write the (fixed) source that came from standard input to standard output, byte for byte."""
    sys.stdout.flush()
    sys.stdout.buffer.write(stdin[1])
    sys.stdout.buffer.flush()
