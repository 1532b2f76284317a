"""Per-file results kept between runs, keyed by content hash.

One cache file contains the entries of one working folder and one set of
options (rules, language, configured loader classes, loaderdoctor's own
code). An entry stores a file's content hash, its size and modification
time, the files its result depended on (imported project modules, the
modules the relevance test read) and its findings and errors.

A warm run trusts an entry when the file's size and modification time are
unchanged, as git's index does, and otherwise when the content hash is; in
both cases every dependency must be unchanged too. Deleting the cache folder
is always safe: the next run rebuilds it.
"""

import os
import pickle
import sys
import tempfile
import time
import zlib
from pathlib import Path

from loaderdoctor.check import PRESENCE_ONLY
from loaderdoctor.i18n import tr

FORMAT_VERSION = 5
RACY_WINDOW_NS = 2_000_000_000


def default_cache_dir():
    from loaderdoctor.replay import default_cache_folder

    return Path(default_cache_folder())


_fingerprint = None


def _checksum(data):
    """Return a 64-bit checksum of the bytes ``data``: two independent 32-bit ones, cheap to compute and to import."""
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _text_checksum(text):
    return _checksum(text.encode("utf-8", "surrogateescape"))


def code_fingerprint():
    """Identify this copy of loaderdoctor, so that a changed checker never reuses old results."""
    global _fingerprint
    if _fingerprint is None:
        from loaderdoctor import __version__

        parts = [f"{__version__}|{sys.version_info[:2]}"]
        package = Path(__file__).resolve().parents[1]
        for folder, _, files in sorted(os.walk(package)):
            for name in sorted(files):
                if name.endswith(".py"):
                    stat = os.stat(os.path.join(folder, name))
                    parts.append(f"{folder}/{name}|{stat.st_size}|{stat.st_mtime_ns}")
        _fingerprint = _text_checksum("\n".join(parts))
    return _fingerprint


def options_signature(options):
    """Describe everything besides the files that changes a check's result."""
    from loaderdoctor.i18n import get_language

    return repr((
        options.select,
        options.ignore,
        tuple(sorted(options.loader_classes)),
        tuple(sorted(getattr(options, "worker_starters", ()))),
        getattr(options, "honor_noqa", True),
        tuple(options.extra_roots),
        get_language(),
        code_fingerprint(),
    ))


def open_cache(directory, options):
    return ResultCache(directory, options_signature(options))


def content_hash(data):
    """Identify file content: two 32-bit checksums and the size, which zlib computes at several GB/s.

    The hash is only used to decide whether a file whose time stamp changed
    still has the content its entry was made for. A wrong match needs an
    edit that keeps the size and both checksums, which is unlikely with 64
    bits of checksum.
    """
    return f"{_checksum(data)}{len(data):x}"


def stamp(stat):
    # The change time too, as git does: an edit that keeps the size and puts
    # the old modification time back (touch -d) still moves it.
    return (stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns)


def current_stamp(path):
    """Return the stamp of ``path``, None when it is missing, or its presence for a PRESENCE_ONLY path."""
    if path.startswith(PRESENCE_ONLY):
        return os.path.exists(path[len(PRESENCE_ONLY):])
    try:
        return stamp(os.stat(path))
    except OSError:
        return None


class ResultCache:
    def __init__(self, directory, signature):
        # The file name comes from a short checksum. The file itself contains
        # the whole signature, which must match for its entries to be used.
        self.signature = f"{signature}|{os.getcwd()}"
        key = _text_checksum(self.signature)
        self.path = Path(directory) / f"v{FORMAT_VERSION}" / f"{key}.pickle"
        self.entries = {}
        self.dirty = False
        self.warning = None
        self.saved_at = 0
        self._current_stamps = {}
        self._load()

    def _load(self):
        try:
            with open(self.path, "rb") as handle:
                stored = pickle.load(handle)
        except FileNotFoundError:
            return
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            # A damaged or foreign cache file is rebuilt, never trusted.
            return
        if (isinstance(stored, dict) and stored.get("fingerprint") == code_fingerprint()
                and stored.get("signature") == self.signature):
            self.entries = stored.get("entries", {})
            self.saved_at = stored.get("saved_at", 0)

    def _stamp_of(self, path):
        # Many entries share dependencies (a project's common modules, its
        # import roots and markers), so each path's stamp is read once per run.
        stamp_now = self._current_stamps.get(path, self)
        if stamp_now is self:
            stamp_now = self._current_stamps[path] = current_stamp(path)
        return stamp_now

    def _fresh(self, entry):
        return all(self._stamp_of(path) == dependency for path, dependency in entry["deps"].items())

    def lookup_stamp(self, path, file_stamp):
        entry = self.entries.get(path)
        if entry is None or entry["stamp"] != file_stamp:
            return None
        # A file modified close to the last save may have changed again within
        # the same timestamp tick ("racy" in git's terms): compare its hash.
        if file_stamp[0] >= self.saved_at - RACY_WINDOW_NS:
            return None
        return entry if self._fresh(entry) else None

    def find_hash(self, path, digest):
        """Return the entry of ``path`` if it was made for content with hash ``digest`` and is still valid."""
        entry = self.entries.get(path)
        if entry is not None and entry["hash"] == digest and self._fresh(entry):
            return entry
        return None

    def renew(self, path, file_stamp):
        """Record that ``path``'s entry, found valid by ``find_hash``, now has stamp ``file_stamp``."""
        self.entries[path]["stamp"] = file_stamp
        self.dirty = True

    def store(self, path, file_stamp, digest, dependencies, findings, errors):
        deps = {}
        for dependency in dependencies:
            dependency = str(dependency)
            if dependency != path:
                deps[dependency] = self._stamp_of(dependency)
        self.entries[path] = {
            "stamp": file_stamp,
            "hash": digest,
            "deps": deps,
            "findings": findings,
            "errors": errors,
        }
        self.dirty = True

    def save(self):
        if not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=".pickle")
            with os.fdopen(handle, "wb") as output:
                pickle.dump({"fingerprint": code_fingerprint(), "signature": self.signature, "entries": self.entries,
                             "saved_at": time.time_ns()}, output,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError as error:
            # The cache only saves time: a read-only home or a full disk
            # must not turn a finished check into a failure.
            self.warning = tr("check.cache.unwritable", folder=self.path.parent, error=error.strerror or error)
