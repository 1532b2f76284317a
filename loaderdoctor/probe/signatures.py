"""Read the tracebacks that the probed script and its workers printed.

The script's process reports where its standard library and site-packages
are, so the probe can tell the user's frames from library frames exactly.
tracebacks, chained exceptions, torch's relayed ``Original Traceback`` and
workers printing at the same time (line by line). Pasted logs with broken
lines are the job of ``loaderdoctor explain``.
"""

import re
from dataclasses import dataclass, field

from loaderdoctor import kinds

FRAME_RE = re.compile(r'File "(?P<path>[^"\n]+)", line (?P<line>\d+)(?:, in (?P<function>\S+))?')
EXCEPTION_RE = re.compile(
    r"^(?P<type>[A-Za-z_][\w.]*?(?:Error|Exception|Exit|Interrupt|Pool|Empty|EOFError))(?::\s?(?P<message>.*))?$"
)
ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")
HEADER = "Traceback (most recent call last):"
ORIGINAL_HEADER = "Original Traceback (most recent call last):"
CHAIN_MARKERS = ("The above exception was the direct cause", "During handling of the above exception")

BOOTSTRAP_RE = re.compile(r"An\s+attempt\s+has\s+been\s+made\s+to\s+start\s+a\s+new\s+process\s+before\s+the")
CONTEXT_SET_RE = re.compile(r"context has already been set")
MISSING_RE = re.compile(
    r"Can't get attribute '(?P<name>[^']+)' on <module '(?P<module>__mp_main__|__main__)'(?: from '(?P<path>[^']+)')?"
    r"|module '(?P<module2>__mp_main__|__main__)' has no attribute '(?P<name2>[^']+)'"
)
STDIN_MAIN_RE = re.compile(r"No such file or directory: '[^']*<stdin>'")
CAUGHT_RE = re.compile(r"Caught (?P<type>\w+) in DataLoader worker process (?P<worker>\d+)")
PICKLE_RE = re.compile(
    r"Can't pickle|Can't get local object|cannot pickle|can't pickle|PicklingError|objects cannot be pickled"
)
LOCAL_OBJECT_RE = re.compile(r"local object '(?P<qualname>[^']+)'|local object <function (?P<qualname2>[^ >]+)")
SHM_RE = re.compile(r"unable to allocate shared memory|No space left on device|Bus error|insufficient shared memory")
FILES_RE = re.compile(r"Too many open files|received 0 items of ancdata")
KILLED_RE = re.compile(r"is killed by signal: (?P<signal>[^.]+)")
CUDA_RE = re.compile(r"Cannot re-initialize CUDA in forked subprocess")
TIMED_OUT_RE = re.compile(r"DataLoader timed out after (?P<seconds>[\d.]+) seconds")
PAGING_RE = re.compile(r"WinError 1455")
EXITED_RE = re.compile(r"DataLoader worker \(pid\(?s?\)? ?(?P<pids>[\d, ]+)\) exited unexpectedly")
BROKEN_PIPE_RE = re.compile(r"BrokenPipeError|Ran out of input|ConnectionResetError|EOFError: unexpected EOF")
POOL_BROKEN_RE = re.compile(r"BrokenProcessPool|ProcessExitedException|process \d+ terminated with exit code")

# Messages that settle the verdict as soon as a child prints them: the run
# cannot succeed any more, and under spawn some of them are followed by a
# hang (a large pickled dataset) or by endless restarts (a Pool).
DECISIVE = (BOOTSTRAP_RE, CONTEXT_SET_RE, MISSING_RE, STDIN_MAIN_RE)


def decisive_failure_seen(text):
    return any(pattern.search(text) for pattern in DECISIVE)


@dataclass
class Frame:
    path: str
    line: int
    function: str = ""
    source: str = ""


@dataclass
class Traceback:
    frames: list = field(default_factory=list)
    exception_type: str = ""
    message: str = ""
    original_frames: list = field(default_factory=list)
    original_type: str = ""
    original_message: str = ""
    # The exception this one was raised from or while handling (printed above it).
    chained_from: object = None

    @property
    def text(self):
        return "%s: %s\n%s: %s" % (self.exception_type, self.message, self.original_type, self.original_message)

    @property
    def in_child(self):
        """True when the first frame is multiprocessing's entry point in a spawned or forked child."""
        if not self.frames:
            return False
        paths = " ".join(frame.path for frame in self.frames[:3])
        functions = {frame.function for frame in self.frames[:3]}
        return "spawn_main" in functions or ("forkserver" in paths and "main" in functions)


def parse_tracebacks(text):
    """Return the tracebacks in ``text`` in the order they were printed."""
    text = ANSI_RE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    tracebacks = []
    current = None
    state = None  # "frames", "message", "original", "original-message"
    chain_pending = False

    for line in text.split("\n"):
        stripped = line.strip()
        if ORIGINAL_HEADER in line and current is not None:
            state = "original"
            continue
        if HEADER in line:
            previous = tracebacks[-1] if tracebacks and chain_pending else None
            current = Traceback(chained_from=previous)
            tracebacks.append(current)
            state = "frames"
            chain_pending = False
            continue
        if any(marker in line for marker in CHAIN_MARKERS):
            chain_pending = True
            state = None
            continue
        if current is None or state is None:
            continue

        frame = FRAME_RE.search(line)
        if frame and state in ("frames", "original"):
            target = current.frames if state == "frames" else current.original_frames
            target.append(Frame(frame.group("path"), int(frame.group("line")), frame.group("function") or ""))
            continue
        if state in ("frames", "original") and line.startswith("    ") and stripped:
            target = current.frames if state == "frames" else current.original_frames
            if target and not target[-1].source and not set(stripped) <= set("^~ "):
                target[-1].source = stripped
            continue

        exception = EXCEPTION_RE.match(line)
        if exception and state in ("frames", "original"):
            if state == "frames":
                current.exception_type = exception.group("type")
                current.message = exception.group("message") or ""
                state = "message"
            else:
                current.original_type = exception.group("type")
                current.original_message = exception.group("message") or ""
                state = "original-message"
            continue
        if state == "message":
            current.message += "\n" + line
        elif state == "original-message":
            current.original_message += "\n" + line
    return tracebacks


def kind_of(traceback):
    """Return the failure kind id that a traceback shows, or None."""
    text = traceback.text
    caught = CAUGHT_RE.search(text)

    if BOOTSTRAP_RE.search(text):
        return kinds.UNGUARDED_START
    if CONTEXT_SET_RE.search(text):
        return kinds.START_METHOD_ALREADY_SET
    if MISSING_RE.search(text) or STDIN_MAIN_RE.search(text):
        return kinds.MISSING_IN_WORKER
    if CUDA_RE.search(text):
        return kinds.CUDA_IN_FORKED_WORKER
    if SHM_RE.search(text):
        return kinds.SHARED_MEMORY_EXHAUSTED
    if FILES_RE.search(text):
        return kinds.TOO_MANY_OPEN_FILES
    if PAGING_RE.search(text):
        return kinds.PAGING_FILE_TOO_SMALL
    if caught:
        return kinds.WORKER_EXCEPTION
    if PICKLE_RE.search(text):
        return kinds.UNPICKLABLE_OBJECT
    if TIMED_OUT_RE.search(text):
        return kinds.WORKER_TIMEOUT
    killed = KILLED_RE.search(text)
    if killed:
        # SIGTERM comes from the DataLoader itself when it shuts its workers
        # down after another error: a consequence, not a kill from outside.
        return kinds.WORKER_EXITED if killed.group("signal").strip() == "Terminated" else kinds.WORKER_KILLED
    if EXITED_RE.search(text) or POOL_BROKEN_RE.search(text):
        return kinds.WORKER_EXITED
    if BROKEN_PIPE_RE.search(traceback.exception_type + ": " + text):
        return kinds.BROKEN_PIPE
    return None
