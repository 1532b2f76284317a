"""Message signatures: which log lines name which failure kind.

Each signature is a literal keyword (a cheap pre-filter) and a regular
expression searched anywhere in a line, because interleaved output glues
fragments of other processes before and after a message. The list covers
the wording of CPython 3.8 to 3.14 and torch 1.x to 2.13; where a message
changed, every variant has its own pattern and a comment names the version.
Earlier entries win when one line matches several.
"""

import re
from dataclasses import dataclass

from loaderdoctor import kinds

# Block conditions a signature may require (checked once the traceback that
# contains the line is complete): frames of the forkserver machinery, or of
# a child unpickling what its parent sent.
NEEDS_FORKSERVER = "forkserver"
NEEDS_UNPICKLING = "unpickling"


@dataclass(frozen=True)
class Signature:
    id: str
    kind: str
    keyword: str
    pattern: re.Pattern
    # Reported under a cause found elsewhere in the log when there is one.
    consequence: bool = False
    # Supporting evidence: dropped when a full signature of the same kind is present.
    weak: bool = False
    needs: str = None
    # The line comes right before the stacks it is about (a faulthandler
    # dump): it joins the block that starts on the next lines.
    leads: bool = False


def _sig(id, kind, keyword, pattern, **options):
    return Signature(id, kind, keyword, re.compile(pattern), **options)


SIGNATURES = (
    # Too many open files comes first: torch's shared-memory errors can end
    # with "Too many open files (24)", which is a descriptor problem.
    _sig("too-many-open-files", kinds.TOO_MANY_OPEN_FILES, "Too many open files", r"Too many open files"),
    _sig("ancdata", kinds.TOO_MANY_OPEN_FILES, "items of ancdata", r"received 0 items of ancdata"),
    _sig("errno-24", kinds.TOO_MANY_OPEN_FILES, "[Errno 24]", r"\[Errno 24\]"),

    # torch 2.x reports a full /dev/shm as a Python error relayed from the
    # worker, and torch 1.x as "unable to write to file </torch_...>". A real
    # SIGBUS shows the worker's own "bus error" line and the parent's
    # "killed by signal: Bus error".
    _sig("shm-allocate", kinds.SHARED_MEMORY_EXHAUSTED, "unable to allocate shared memory",
         r"unable to allocate shared memory\(shm\)"),
    _sig("shm-write", kinds.SHARED_MEMORY_EXHAUSTED, "unable to write to file",
         r"unable to write to file </torch_"),
    _sig("shm-mmap", kinds.SHARED_MEMORY_EXHAUSTED, "unable to mmap",
         r"unable to mmap \d+ bytes from file </torch_"),
    _sig("shm-bus-error-worker", kinds.SHARED_MEMORY_EXHAUSTED, "Unexpected bus error",
         r"Unexpected bus error encountered in worker"),
    _sig("shm-bus-error", kinds.SHARED_MEMORY_EXHAUSTED, "killed by signal: Bus error",
         r"DataLoader worker \(pid (?P<pid>\d+)\) is killed by signal: Bus error"),
    _sig("shm-no-space", kinds.SHARED_MEMORY_EXHAUSTED, "No space left on device",
         r"(?:/dev/shm|\bshm\b|</torch_).*No space left on device|No space left on device.*(?:/dev/shm|\bshm\b)"),

    # Windows only; the text after the code is localised, so the code is the anchor.
    _sig("winerror-1455", kinds.PAGING_FILE_TOO_SMALL, "1455", r"WinError 1455|[Ee]rror code:? 1455"),
    _sig("paging-file", kinds.PAGING_FILE_TOO_SMALL, "paging file is too small",
         r"paging file is too small"),

    _sig("cuda-fork", kinds.CUDA_IN_FORKED_WORKER, "Cannot re-initialize CUDA",
         r"Cannot re-initialize CUDA in forked subprocess"),

    # torch's SIGCHLD handler (POSIX) and the worker's own signal handler;
    # torch.multiprocessing.spawn reports "terminated with signal SIGKILL".
    _sig("killed-by-signal", kinds.WORKER_KILLED, "is killed by signal",
         r"DataLoader worker \(pid (?P<pid>\d+)\) is killed by signal: (?P<signal>[^.]+)\."),
    _sig("segfault-worker", kinds.WORKER_KILLED, "Unexpected segmentation fault",
         r"Unexpected (?P<signal>segmentation fault) encountered in worker"),
    _sig("fpe-worker", kinds.WORKER_KILLED, "Unexpected floating-point exception",
         r"Unexpected (?P<signal>floating-point exception) encountered in worker"),
    _sig("spawn-signal", kinds.WORKER_KILLED, "terminated with signal",
         r"process (?P<rank>\d+) terminated with signal (?P<signal>SIG\w+)"),

    # The bootstrap RuntimeError (multiprocessing/spawn.py); the same two
    # sentences in 3.8 to 3.14, re-indented or wrapped by some tools. Each
    # sentence is its own signature so that a message cut by interleaving
    # still counts once.
    _sig("bootstrap", kinds.UNGUARDED_START, "An attempt has been made",
         r"An attempt has been made\s+to\s+start\s+a\s+new\s+process"),
    _sig("bootstrap-tail", kinds.UNGUARDED_START, "bootstrapping phase",
         r"finished\s+its\s+bootstrapping\s+phase"),

    # A frozen program without freeze_support() runs its own main again in
    # every child, whose command line argparse/click then reject.
    _sig("frozen-argv", kinds.FROZEN_WITHOUT_FREEZE_SUPPORT, "--multiprocessing-fork",
         r"(?:unrecognized arguments|[Nn]o such option|unexpected extra argument|error).*--multiprocessing-fork"),
    _sig("frozen-tracker-argv", kinds.FROZEN_WITHOUT_FREEZE_SUPPORT, "resource_tracker import main",
         r"unrecognized arguments:.*from multiprocessing\.resource_tracker import main"),

    _sig("context-set", kinds.START_METHOD_ALREADY_SET, "context has already been set",
         r"context has already been set"),

    # Unpickling in the child cannot find a name in the main module.
    # 3.8-3.11: <module '__main__' (built-in)>; 3.12/3.13:
    # <module '__main__' (<class '_frozen_importlib.BuiltinImporter'>)>;
    # 3.14 drops this wording for "module '__mp_main__' has no attribute".
    _sig("cant-get-attribute", kinds.MISSING_IN_WORKER, "Can't get attribute",
         r"Can't get attribute '(?P<name>[^']+)' on <module '(?P<module>[^']+)'"
         r"(?: from '(?P<path>(?:[^'\\]|\\.)+)')?"),
    _sig("no-attribute", kinds.MISSING_IN_WORKER, "has no attribute",
         r"module '(?P<module>__mp_main__|__main__)' has no attribute '(?P<name>[^']+)'",
         needs=NEEDS_UNPICKLING),
    # A script piped on stdin: __file__ is "<stdin>" and children try to run it.
    _sig("stdin-main", kinds.MISSING_IN_WORKER, "<stdin>",
         r"No such file or directory: '(?P<path>[^']*<stdin>)'"),

    # Pickling in the parent. "Can't pickle local object 'f.<locals>.g'" up
    # to 3.12.4, "Can't get local object" from 3.12.5/3.13, and 3.14's
    # "Can't pickle local object <function f.<locals>.g at 0x...>".
    _sig("pickle-local", kinds.UNPICKLABLE_OBJECT, "local object",
         r"Can't (?:pickle|get) local object "
         r"(?:'(?P<qualname>[^']+)'|<(?:function|class) (?P<qualname2>(?:<\w+>|[^\s<>])+))"),
    # "Can't pickle <function <lambda> at 0x..>: attribute lookup <lambda> on
    # __main__ failed" (3.8-3.13), "...: it's not found as __main__.<lambda>"
    # (3.14), "...: it's not the same object as __main__.X".
    _sig("pickle-lookup", kinds.UNPICKLABLE_OBJECT, "Can't pickle <",
         r"Can't pickle <(?:(?:function|class|built-in function|method) )?'?(?P<qualname>(?:<\w+>|[^\s<>'])+)'?"
         r"(?: at 0x[0-9a-fA-F]+)?>(?::\s*(?P<reason>.*))?"),
    # "cannot pickle '_io.BufferedReader' object" (3.8-3.11) and
    # "cannot pickle 'BufferedReader' instances" (3.12+); "can't pickle X
    # objects" from Python 3.7 and older.
    _sig("pickle-type", kinds.UNPICKLABLE_OBJECT, "pickle '",
         r"(?:cannot|can't|Can't) pickle '(?P<type>[^']+)' (?:object|instances)"),
    _sig("pickle-type-old", kinds.UNPICKLABLE_OBJECT, "t pickle ",
         r"(?:can't|Can't) pickle (?P<type>[\w.]+) objects"),
    _sig("pickle-h5py", kinds.UNPICKLABLE_OBJECT, "objects cannot be pickled",
         r"(?P<type>h5py|[\w.]+) objects cannot be pickled"),
    _sig("pickle-iterator", kinds.UNPICKLABLE_OBJECT, "cannot be pickled",
         r"cannot be pickled', '(?P<type>_\w+DataLoaderIter)'"),
    # Cython extension types (older lmdb, some tokenizers).
    _sig("pickle-cython", kinds.UNPICKLABLE_OBJECT, "no default __reduce__",
         r"no default __reduce__ due to non-trivial __cinit__"),
    _sig("pickling-error", kinds.UNPICKLABLE_OBJECT, "PicklingError",
         r"PicklingError:\s*(?P<reason>.*)"),
    # torch 2.10+ warns before re-raising a pickling error from w.start().
    _sig("pickle-warning", kinds.UNPICKLABLE_OBJECT, "Got pickle error",
         r"Got pickle error when attempting to start a worker Process", weak=True),
    # 3.14 notes after a pickling error: the tuple index is the argument of
    # torch's _worker_loop (1 dataset, 6 collate_fn, 9 worker_init_fn).
    _sig("pickle-note", kinds.UNPICKLABLE_OBJECT, "when serializing",
         r"^\s*when serializing (?P<container>[\w.]+) (?:item (?P<item>\S+)|state)", weak=True),

    _sig("worker-exception", kinds.WORKER_EXCEPTION, "in DataLoader worker process",
         r"(?P<type>[\w.]+): Caught (?P<inner>[\w.]+) in DataLoader worker process (?P<worker>\d+)"),
    # torch up to 0.4 raised the worker's exception type with the worker's
    # whole traceback as its message (KeyError: its repr, on one line).
    _sig("worker-exception-embedded", kinds.WORKER_EXCEPTION, "Traceback (most recent call last)",
         r"^(?P<type>[A-Za-z_][\w.]*): '?Traceback \(most recent call last\):(?P<embedded>.*)$"),

    _sig("dataloader-timeout", kinds.WORKER_TIMEOUT, "DataLoader timed out",
         r"DataLoader timed out after (?P<seconds>[\d.]+) seconds"),
    # A faulthandler dump (probe watchdog, pytest-timeout) of a run that hung.
    _sig("hang-dump", kinds.WORKER_TIMEOUT, "Timeout (",
         r"^Timeout \((?P<after>[\d:.]+)\)!", consequence=True, leads=True),

    # Consequences. The parent's view of a worker that died.
    _sig("worker-exited-pids", kinds.WORKER_EXITED, "exited unexpectedly",
         r"DataLoader worker \(pid\(s\) (?P<pids>\d+(?:, *\d+)*)\) exited unexpectedly", consequence=True),
    _sig("worker-exited-code", kinds.WORKER_EXITED, "exited unexpectedly",
         r"DataLoader worker \(pid (?P<pid>\d+)\) exited unexpectedly(?: with exit code (?P<code>-?\d+))?",
         consequence=True),
    _sig("process-pool-broken", kinds.WORKER_EXITED, "terminated abruptly",
         r"(?:process in the process pool|child process) (?:was )?terminated abruptly", consequence=True),
    _sig("spawn-exit-code", kinds.WORKER_EXITED, "terminated with exit code",
         r"process (?P<rank>\d+) terminated with exit code (?P<code>-?\d+)", consequence=True),

    # The pipe to a child broke: the child died while the parent wrote the
    # pickled process object, or (Windows) the parent failed while the child read it.
    _sig("broken-pipe", kinds.BROKEN_PIPE, "BrokenPipeError", r"BrokenPipeError", consequence=True),
    _sig("eof-ran-out", kinds.BROKEN_PIPE, "Ran out of input", r"EOFError: Ran out of input", consequence=True),

    # Python 3.13.8+/3.14.1+ preload __main__ in the forkserver process; when
    # that import fails, the parent's w.start() loses its connection.
    _sig("forkserver-reset", kinds.UNGUARDED_START, "ConnectionResetError", r"ConnectionResetError",
         consequence=True, needs=NEEDS_FORKSERVER),
    _sig("forkserver-refused", kinds.UNGUARDED_START, "ConnectionRefusedError", r"ConnectionRefusedError",
         consequence=True, needs=NEEDS_FORKSERVER),
    _sig("forkserver-eof", kinds.UNGUARDED_START, "unexpected EOF", r"EOFError: unexpected EOF",
         consequence=True, needs=NEEDS_FORKSERVER),
)

_PREFILTER = re.compile("|".join(sorted({re.escape(signature.keyword) for signature in SIGNATURES},
                                        key=len, reverse=True)))

_QUOTES = ("'", '"')


def _quoted_in_source(line, start):
    # A source line such as "raise RuntimeError('context has already been
    # set')" quotes the message: the match sits right after a quote.
    return start > 0 and line[start - 1] in _QUOTES


# Signatures that may follow another one on the same line and count apart:
# the two sentences of the bootstrap message, from two workers' copies.
_COMPANIONS = {"bootstrap": ("bootstrap-tail",), "bootstrap-tail": ("bootstrap",)}


def match_line(line):
    """Return ``[(signature, fields), ...]`` for the messages in ``line``.

    The first signature that matches decides the kind. Every occurrence of
    it is returned, because interleaving can put two workers' copies of a
    message on one line, and so are the occurrences of its companions.
    """
    if not _PREFILTER.search(line):
        return []
    found = []
    first = None
    for signature in SIGNATURES:
        if signature.keyword not in line:
            continue
        if first is not None and signature.id not in _COMPANIONS.get(first.id, ()):
            continue
        for match in signature.pattern.finditer(line):
            if _quoted_in_source(line, match.start()):
                continue
            fields = {key: value for key, value in match.groupdict().items() if value is not None}
            found.append((signature, fields))
            first = first or signature
    return found
