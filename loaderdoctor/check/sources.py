"""Finding and reading the files that ``check`` looks at.

Reading never imports or runs the code. Decoding follows Python's own rules
(a UTF-8 BOM, then a PEP 263 coding declaration, else UTF-8), so a file that
Python itself cannot read is reported instead of guessed at.
"""

import ast
import codecs
import contextlib
import operator
import os
import re
import stat as stat_module
import sys
import warnings

from loaderdoctor.i18n import tr
from loaderdoctor.records import field, record

# Folders that never hold the user's own code: virtual environments are also
# recognised by their pyvenv.cfg, whatever they are called.
SKIPPED_FOLDERS = frozenset(
    {
        "__pycache__",
        "build",
        "dist",
        "site-packages",
        "node_modules",
        "venv",
        "env",
        ".venv",
        ".env",
        ".tox",
        ".nox",
        ".git",
        ".hg",
        ".svn",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".eggs",
    }
)
SOURCE_SUFFIXES = (".py", ".pyw", ".ipynb")

# Files above this size are almost always generated data, and parsing them
# costs more than any finding in them is worth.
MAX_SOURCE_BYTES = 10 * 1024 * 1024

CODING_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


class SourceError(Exception):
    """A file could not be read, decoded or parsed."""

    def __init__(self, path, reason, hint="", line=None):
        super().__init__(reason)
        self.path = path
        self.reason = reason
        self.hint = hint
        self.line = line


@record
class SourceFile:
    path: str
    text: str
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"
    lines: list = field(default_factory=list)
    tree: object = None
    # For notebooks: maps a line of the joined cell text to (cell number, line in cell).
    cell_map: object = None

    def line_text(self, line):
        if 1 <= line <= len(self.lines):
            return self.lines[line - 1].strip()
        return ""


_first = operator.itemgetter(0)
VIRTUALENV_MARKERS = ("pyvenv.cfg", "conda-meta")


def _marks_virtualenv(entry):
    try:
        if entry.name == "pyvenv.cfg":
            return entry.is_file()
        return entry.name == "conda-meta" and entry.is_dir()
    except OSError:
        return False


def is_virtualenv(folder):
    folder = str(folder)
    return os.path.isfile(os.path.join(folder, "pyvenv.cfg")) or os.path.isdir(os.path.join(folder, "conda-meta"))


def discover(paths, exclude=None, stats=None, listings=None):
    """Yield the source files under ``paths`` in a stable order, and the folders that could not be read.

    Yields ``(path, error)`` pairs where ``error`` is None for a file to check
    or a ``SourceError`` for a path that could not be walked. ``exclude`` is
    called with the path of each folder and source file found while walking.
    ``stats``, if given, receives the ``os.stat`` result of each file named
    in ``paths``; ``listings`` receives, for each folder walked (by absolute
    path), the set of names it contains, so that callers can test for a file
    there without another system call.
    """
    exclude = exclude or (lambda path: False)
    seen = set()

    for raw in paths:
        if raw == "-":
            yield raw, None
            continue
        try:
            status = os.stat(raw)
        except (OSError, ValueError):
            yield raw, SourceError(raw, tr("check.source.not-found"), tr("check.source.hint-path"))
            continue
        if not stat_module.S_ISDIR(status.st_mode):
            # A file named explicitly is checked whatever its suffix, as ruff does.
            if stats is not None:
                stats[str(raw)] = status
            yield str(raw), None
            continue
        yield from _walk(str(raw), exclude, seen, listings, status)


def _walk(top, exclude, seen, listings, status=None, nested=False):
    if status is None:
        try:
            status = os.stat(top)
        except OSError as error:
            yield top, SourceError(top, tr("check.source.unreadable-folder", error=error.strerror or error))
            return
    # Folders are identified by device and inode, so a symlink loop ends here.
    identity = (status.st_dev, status.st_ino)
    if identity in seen:
        return
    seen.add(identity)

    try:
        with os.scandir(top) as iterator:
            entries = list(iterator)
    except OSError as error:
        yield top, SourceError(top, tr("check.source.unlistable-folder", error=error.strerror or error))
        return
    names = frozenset(entry.name for entry in entries)
    if listings is not None:
        # Listed before the test below, so that a folder skipped as a
        # virtual environment still counts as read.
        listings[os.path.abspath(top)] = names
    if nested and not names.isdisjoint(VIRTUALENV_MARKERS) and any(_marks_virtualenv(entry) for entry in entries):
        return

    # Folders and source files, in name order; most entries of a large tree
    # (headers, data, compiled modules) are neither, so they are not sorted.
    walked = []
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            if entry.is_dir():
                if name not in SKIPPED_FOLDERS and not name.endswith(".egg-info"):
                    walked.append((name, True, entry))
            elif name.endswith(SOURCE_SUFFIXES) and entry.is_file():
                walked.append((name, False, entry))
        except OSError:
            continue
    walked.sort(key=_first)

    # Paths under "." are shown as "train.py", not "./train.py", as before.
    prefix = "" if top in (".", "./") else None
    for name, is_dir, entry in walked:
        path = name if prefix is not None else entry.path
        if exclude(path):
            continue
        if is_dir:
            yield from _walk(path, exclude, seen, listings, nested=True)
        else:
            yield path, None


def detect_encoding(data):
    """Return ``(encoding, has_bom)`` the way the Python tokenizer decides them."""
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        return "utf-8", True
    for line in data.split(b"\n", 2)[:2]:
        match = CODING_COOKIE.match(line)
        if match:
            name = match.group(1).decode("ascii", "replace")
            try:
                return codecs.lookup(name).name, False
            except LookupError:
                raise SourceError(None, tr("check.source.unknown-encoding", name=name),
                                  tr("check.source.hint-coding"))
        if line.strip() and not line.lstrip().startswith(b"#"):
            break
    return "utf-8", False


def decode_source(data, path):
    if b"\x00" in data[:8192]:
        raise SourceError(path, tr("check.source.binary"), tr("check.source.hint-binary"))
    try:
        encoding, bom = detect_encoding(data)
    except SourceError as error:
        error.path = path
        raise
    body = data[len(codecs.BOM_UTF8):] if bom else data
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as error:
        line = body[: error.start].count(b"\n") + 1
        raise SourceError(path, tr("check.source.undecodable", line=line, encoding=encoding),
                          tr("check.source.hint-encoding"), line=line)
    return text, encoding, bom


def detect_newline(text):
    index = text.find("\n")
    if index > 0 and text[index - 1] == "\r":
        return "\r\n"
    if index == -1 and "\r" in text:
        return "\r"
    return "\n"


def read_bytes(path):
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        size = os.path.getsize(path)
        if size > MAX_SOURCE_BYTES:
            raise SourceError(path, tr("check.source.too-large", size=size // (1024 * 1024)),
                              tr("check.source.hint-too-large"))
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise SourceError(path, tr("check.source.unreadable", error=error.strerror or error)) from None


def parse_python(text, path):
    try:
        return parse_quietly(text, path)
    except SyntaxError as error:
        hint = tr("check.source.hint-syntax", version="%d.%d" % sys.version_info[:2])
        if _looks_like_python2(text):
            hint = tr("check.source.hint-python2")
        reason = tr("check.source.syntax-error", line=error.lineno, error=error.msg)
        raise SourceError(path, reason, hint, line=error.lineno) from None
    except (RecursionError, MemoryError):
        raise SourceError(path, tr("check.source.too-deep"), tr("check.source.hint-too-deep")) from None
    except ValueError as error:
        raise SourceError(path, tr("check.source.unparsable", error=error)) from None


@contextlib.contextmanager
def compiler_warnings_silenced():
    """Silence the warnings the compiler gives about the code it reads.

    ``SyntaxWarning`` (an invalid escape sequence, ``is`` with a literal) and
    ``DeprecationWarning`` concern the checked program, not the check. Under
    ``-W error`` the compiler would raise them as syntax errors.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def parse_quietly(text, path="<unknown>"):
    """Parse ``text`` with compiler warnings silenced."""
    with compiler_warnings_silenced():
        return ast.parse(text, filename=path)


def _looks_like_python2(text):
    return bool(re.search(r"^\s*print\s+[\"'\w]", text, re.MULTILINE) or re.search(r"except\s+\w+\s*,\s*\w+\s*:", text))


def load_python(path, data=None):
    """Read, decode and parse a Python file into a ``SourceFile``."""
    if data is None:
        data = read_bytes(path)
    text, encoding, bom = decode_source(data, path)
    tree = parse_python(text, path)
    source = SourceFile(path=path, text=text, encoding=encoding, bom=bom, newline=detect_newline(text))
    source.lines = text.splitlines()
    source.tree = tree
    return source


def load_text_for_prefilter(path):
    """Return the file's bytes for the cheap relevance test, or None if unreadable."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None
