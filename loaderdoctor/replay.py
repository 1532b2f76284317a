"""Replaying the report of a ``check`` run when nothing it read has changed.

A warm ``check`` of a large tree still lists every folder, looks up every
file's cache entry and imports click before it prints a line. So when a run
ends, its report is saved under a key made of its arguments, folder,
environment and terminal. With it goes the state (size, times, inode) of
every path the report depended on: the folders walked or searched for
configuration, the configuration files, each checked file and the modules
its result read, and loaderdoctor's own files. The next identical command
stats those paths. If none changed, it prints the saved report and exits
with the saved status, without the walk or the command-line parser.

Only what the per-file cache already trusts is trusted here, and less: no
record is saved when any of its paths changed less than two seconds before
the run started or while it ran, because a later edit within the same
timestamp tick would go unseen.
The module imports only small built-in modules, since it runs before
everything else.
"""

import marshal
import os
import sys
import time
import zlib

CACHE_ENV = "LOADERDOCTOR_CACHE_DIR"
FORMAT = 2
# Saved runs kept per cache folder; the oldest go first.
MAX_RECORDS = 64
RACY_WINDOW_NS = 2_000_000_000
RUNS_FOLDER = "runs"
# The state recorded for a path of which only the presence counts.
PRESENT = True

# The arguments of the command started by the console entry point, or None
# when loaderdoctor runs inside another program (tests, the flake8 plugin).
argv = None


def default_cache_folder():
    """Return the cache folder as a string; ``cache.default_cache_dir`` gives it as a Path."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return configured
    home = os.path.expanduser("~")
    if sys.platform == "win32":
        return os.path.join(os.environ.get("LOCALAPPDATA") or os.path.join(home, "AppData", "Local"),
                            "loaderdoctor", "Cache")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Caches", "loaderdoctor")
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache"), "loaderdoctor")


def _cache_folder(arguments):
    """Find the cache folder that ``check`` would use for ``arguments``, or None when caching is off.

    A wrong guess only misses a record: records are found by the whole
    command, so one made by a different command is never used.
    """
    folder = None
    for index, argument in enumerate(arguments):
        if argument == "--":
            break
        if argument == "--no-cache":
            return None
        if argument == "--cache-dir" and index + 1 < len(arguments):
            folder = arguments[index + 1]
        elif argument.startswith("--cache-dir="):
            folder = argument.partition("=")[2]
    return folder or default_cache_folder()


def _terminal(stream):
    try:
        if not stream.isatty():
            return None
        return tuple(os.get_terminal_size(stream.fileno()))
    except (AttributeError, OSError, ValueError):
        return "unknown"


# Variables a shell changes between commands without any meaning to check:
# the previous folder, the nesting depth and the last command's argument.
SHELL_BOOKKEEPING = frozenset({"OLDPWD", "SHLVL", "_"})


def _key(arguments):
    """Describe everything outside the files that shapes the report of ``check``."""
    return repr((
        FORMAT,
        tuple(arguments),
        os.getcwd(),
        sys.executable,
        sys.version,
        tuple(sys.warnoptions),
        tuple(sys.flags),
        tuple(sys.path),
        sorted(item for item in os.environ.items() if item[0] not in SHELL_BOOKKEEPING),
        _terminal(sys.stdout),
        _terminal(sys.stderr),
        getattr(sys.stdout, "encoding", None),
        getattr(sys.stdout, "errors", None),
        getattr(sys.stderr, "encoding", None),
        getattr(sys.stderr, "errors", None),
    ))


def _record_path(folder, key):
    data = key.encode("utf-8", "surrogateescape")
    name = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}.marshal"
    return os.path.join(folder, RUNS_FOLDER, name)


def _state(path):
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino)


# Below this many paths a second thread costs more than it saves.
THREAD_MIN_PATHS = 1000


def _on_two_threads(work, paths, *columns):
    """Return ``work`` applied to the first and the second half of ``paths`` (and ``columns``), run at once.

    A short list is not split, and the result is a list of one.

    ``os.stat`` releases the interpreter lock, so a second thread halves the
    wall time of the system calls, which dominate the work here.
    """
    if len(paths) < THREAD_MIN_PATHS:
        return [work(paths, *columns)]
    import _thread

    middle = len(paths) // 2
    finished = _thread.allocate_lock()
    finished.acquire()
    second = []

    def run_second_half():
        try:
            second.append(work(paths[middle:], *(column[middle:] for column in columns)))
        finally:
            finished.release()

    _thread.start_new_thread(run_second_half, ())
    first = work(paths[:middle], *(column[:middle] for column in columns))
    finished.acquire()
    # An exception in the second thread leaves None for its half.
    return [first, second[0] if second else None]


def _unchanged(paths, states):
    """Tell whether every path still has its recorded state."""
    return len(paths) == len(states) and all(_on_two_threads(_same_states, paths, states))


def _same_states(paths, states):
    stat = os.stat
    for path, state in zip(paths, states):
        try:
            status = stat(path)
        except (OSError, ValueError):
            if state is not None:
                return False
            continue
        if state is not PRESENT and (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino) != state:
            return False
    return True


def _states(paths):
    return [_state(path) for path in paths]


def replay(arguments):
    """Print the saved report of ``check`` run with ``arguments`` and return its exit status, or None.

    None means the command must run: it is not a plain ``check``, no record
    matches it, or something the record depends on has changed.
    """
    if not arguments or arguments[0] != "check" or "-" in arguments:
        return None
    if sys.platform == "win32" and (_terminal(sys.stdout) or _terminal(sys.stderr)):
        return None  # console colours there go through colorama
    folder = _cache_folder(arguments)
    if folder is None:
        return None
    try:
        key = _key(arguments)
        with open(_record_path(folder, key), "rb") as handle:
            record = marshal.loads(handle.read())
        if record["key"] != key or not _unchanged(record["paths"], record["states"]):
            return None
        output, status = record["output"], record["status"]
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        # No record, a damaged one or no working folder: the command runs.
        return None
    streams = (sys.stdout, sys.stderr)
    for err, text in output:
        streams[err].write(text)
        streams[err].flush()
    return status


def own_files():
    """Return the paths of loaderdoctor's own files: a changed checker must not replay old reports."""
    package = os.path.dirname(os.path.abspath(__file__))
    paths = []
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        paths.extend(os.path.join(folder, name) for name in sorted(files))
    return paths


class Transcript:
    """Output of a run, in order, and the paths its report depended on."""

    def __init__(self):
        self.started_ns = time.time_ns()
        # (1 for standard error or 0 for standard output, text), in the order printed.
        self.output = []
        self.paths = set()
        # Paths of which only the presence counts, such as ``.git``.
        self.present = set()

    def printed(self, text, err=False):
        if self.output and self.output[-1][0] == int(err):
            self.output[-1] = (int(err), self.output[-1][1] + text)
        else:
            self.output.append((int(err), text))

    def save(self, folder, status):
        """Save the record for the command in ``argv``; do nothing when it could not be replayed safely."""
        if argv is None or not (_writes_utf8(sys.stdout) and _writes_utf8(sys.stderr)):
            return
        recorded = self._recorded_states()
        if recorded is None:
            return

        key = _key(argv)
        paths, states = recorded
        record = {"key": key, "paths": paths, "states": states, "output": self.output, "status": status}
        target = _record_path(str(folder), key)
        temporary = f"{target}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(temporary, "wb") as handle:
                marshal.dump(record, handle)
            os.replace(temporary, target)
            _prune(os.path.dirname(target))
        except OSError:
            # Saving only makes the next run faster; the per-file cache
            # reports an unwritable folder already.
            try:
                os.unlink(temporary)
            except OSError:
                pass

    def _recorded_states(self):
        """Return the paths and their states now, or None when one changed too recently to be trusted."""
        # The import path's folders change when a library is installed or
        # removed, which can change how a checked script's imports resolve.
        folders = [entry for entry in sys.path if entry and os.path.isdir(entry)]
        paths = sorted(set(map(str, self.paths)).union(folders)) + own_files()
        halves = _on_two_threads(_states, paths)
        if None in halves:
            return None
        states = [state for half in halves for state in half]
        racy_from = self.started_ns - RACY_WINDOW_NS
        for state in states:
            if state is not None and (state[0] >= racy_from or state[1] >= racy_from):
                return None

        for path in sorted(map(str, self.present)):
            paths.append(path)
            states.append(PRESENT if os.path.exists(path) else None)
        return paths, states


def _writes_utf8(stream):
    # click re-encodes for a stream with a misconfigured encoding, which a
    # plain write while replaying would not do.
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding == "utf8"


def _prune(folder):
    try:
        with os.scandir(folder) as entries:
            records = [(entry.stat().st_mtime_ns, entry.path) for entry in entries if entry.name.endswith(".marshal")]
    except OSError:
        return
    records.sort()
    for _, path in records[:-MAX_RECORDS]:
        try:
            os.unlink(path)
        except OSError:
            pass
