"""Recover frames, exception lines and known messages from console output.

The parser reads one line at a time and never assumes one clean traceback
per block of text. Several workers print their tracebacks at the same time,
so their lines alternate and can be cut mid-way. Carets, progress bars and
quoting prefixes surround them. Instead of parsing tracebacks one by one, the
parser groups everything printed while at least one traceback is open into a
:class:`Block`: the frames of all tracebacks in it (each distinct frame once,
in order of first appearance), their exception lines, and the known messages
(signals) found in it. For N workers printing the same traceback, the order
of first appearance is the order of their common call chain, however the
lines were mixed.
"""

import re

from loaderdoctor.explain import signatures
from loaderdoctor.explain.paths import normalize

FRAME_RE = re.compile(r'File "(?P<path>[^"\n]{1,1000}?)", line (?P<line>\d+)(?:,? in (?P<func>[^\s,"]+))?')
# IPython/Jupyter: "File /path/dataloader.py:1291, in _MultiProcessingDataLoaderIter._try_get_data(self)"
IPYTHON_FRAME_RE = re.compile(r'(?:^|\s)File (?P<path>[^\s"][^"]*?\.py[xw]?):(?P<line>\d+),? in (?P<func>[\w.<>]+)')
CELL_FRAME_RE = re.compile(r"Cell In ?\[(?P<cell>\d+)\], line (?P<line>\d+)(?:, in (?P<func>[\w.<>]+))?")
# rich: "│ c:\\users\\me\\train.py:640 in main │"; long paths wrap, and the
# function name may be on the next row.
RICH_FRAME_RE = re.compile(r"│\s*(?P<path>(?:[A-Za-z]:)?[^│:\s][^│:]*?\.py[xw]?):(?P<line>\d+)"
                           r"(?: in (?P<func>[\w.<>]+))?")
# IPython marks the failing line of a frame with an arrow: "----> 6 print(x)".
IPYTHON_ARROW_RE = re.compile(r"^-*>\s*(?P<line>\d+)\s(?P<text>.*)$")
# IPython 7 and older name a frame without its line, which only the arrow
# line below gives: "<ipython-input-5-8f3e0b1b7c2d> in <module>" or
# "~/lib/python3.8/site-packages/torch/utils/data/dataloader.py in __next__(self)".
OLD_IPYTHON_FRAME_RE = re.compile(
    r"^(?:<ipython-input-(?P<cell>\d+)-[0-9a-f]+>|(?P<path>(?:[A-Za-z]:)?[^\s<>\"]+\.py[xw]?)) in (?P<func>[\w.<>]+)")
# Lines an old-style frame header may wait for its arrow line.
OLD_FRAME_REACH = 40
# The continuation of a frame header that another process's output cut in two.
FRAME_TAIL_RE = re.compile(r'^(?P<rest>[^"\n]{0,500}?)", line (?P<line>\d+)(?:,? in (?P<func>[^\s,"]+))?')

EXCEPTION_RE = re.compile(r"^(?P<type>[A-Za-z_][\w.]*)(?::(?P<message>.*))?$")
_EXCEPTION_SUFFIXES = ("Error", "Exception", "Exit", "Interrupt", "Pool", "Iteration", "Empty", "Warning")

CARET_PREFIX_RE = re.compile(r"^[ \t]*[\^~][\s^~]*")
CARET_LINE_RE = re.compile(r"^[\s^~]*$")
ELISION_RE = re.compile(r"^\s*\.\.\.<\d+ lines>\.\.\.\s*$")
QUOTE_PREFIX_RE = re.compile(r"^(?:[ \t]{0,3}>)+ ?")
RANK_PREFIX_RE = re.compile(r"^\[(?:rank|default)\d+\]:\s?")

HEADER = "Traceback (most recent call last)"
ORIGINAL_HEADER = "Original Traceback (most recent call last)"
REVERSED_HEADER = "(most recent call first)"
CHAIN_MARKERS = ("The above exception was the direct cause", "During handling of the above exception")

# Bounds that keep memory flat on huge logs: a block stops collecting new
# frames and signals at these sizes. A block is also closed after IDLE_LINES
# lines without traceback activity, because a traceback whose process died
# before printing its exception line would otherwise stay open.
MAX_BLOCK_FRAMES = 2000
MAX_BLOCK_SIGNALS = 256
MAX_BLOCK_EXCEPTIONS = 64
IDLE_LINES = 200
# Lines after an exception line that still belong to its message (the
# bootstrap message has 17, 3.14 adds notes after pickling errors).
TAIL_LINES = 40
# Lines a leading signal waits for the stacks it introduces.
LEADING_LINES = 5
MAX_TEXT_KEYS = 20000
MAX_TEXT_CANDIDATES = 6
CARET_RUN_RE = re.compile(r"[\^~]{2,}|(?:^|\s)[\^~](?=\s|$)")
MAX_EVIDENCE_CHARS = 300


class Frame(tuple):
    """One ``File "path", line N, in func`` entry as printed."""

    __slots__ = ()

    def __new__(cls, path, line, func):
        return tuple.__new__(cls, (path, line, func))

    path = property(lambda self: self[0])
    line = property(lambda self: self[1])
    func = property(lambda self: self[2])

    @property
    def key(self):
        return (normalize(self[0]), self[1], self[2])


class Signal:
    """A line that matched a message signature."""

    __slots__ = ("signature", "fields", "line_no", "text")

    def __init__(self, signature, fields, line_no, text):
        self.signature = signature
        self.fields = fields
        self.line_no = line_no
        self.text = text


class Block:
    """Everything printed while one or more tracebacks were open."""

    __slots__ = ("frames", "signals", "exceptions", "first_line", "last_line", "open",
                 "original", "reverse", "chained", "active_line", "headers")

    def __init__(self, line_no, original=False, reverse=False, chained=False):
        self.frames = {}
        self.signals = []
        self.exceptions = []
        self.first_line = line_no
        self.last_line = line_no
        self.active_line = line_no
        self.open = 0
        self.headers = 0
        self.original = original
        self.reverse = reverse
        self.chained = chained

    def ordered_frames(self):
        frames = list(self.frames.values())
        if self.reverse:
            frames.reverse()
        return frames

    def add_frame(self, frame):
        key = frame.key
        if key not in self.frames and len(self.frames) < MAX_BLOCK_FRAMES:
            self.frames[key] = frame


def _unrepeat(text):
    """``"x()x()"`` -> ``"x()"``: the same source line written by two processes at once."""
    period = (text + text).find(text, 1)
    return text[:period] if 0 < period < len(text) else text


def _is_exception_type(name):
    last = name.rsplit(".", 1)[-1]
    return last.endswith(_EXCEPTION_SUFFIXES) or last in ("Exception", "EOFError")


def parse_exception(text):
    """Return ``(type, message)`` when ``text`` is an exception line such as ``KeyError: 3``."""
    if not text or not (text[0].isalpha() or text[0] == "_"):
        return None
    match = EXCEPTION_RE.match(text)
    if match is None or not _is_exception_type(match.group("type")):
        return None
    message = match.group("message")
    return match.group("type"), (message or "").strip()


class LogParser:
    """Feed lines with :meth:`feed`; completed blocks go to ``sink`` in log order."""

    def __init__(self, sink):
        self._sink = sink
        self._block = None
        self._tail = None
        self._tail_lines = 0
        self._chained = False
        self._last_frame = None
        self._arrow_frame = None
        # An old-style IPython frame header (path, function, log line) whose arrow line is still to come.
        self._old_header = None
        self._leading = []
        self._leading_age = 0
        self._partial = None
        self._partial_age = 0
        self.line_no = 0
        self.tracebacks = 0
        # Votes for the source text printed under each frame: interleaving
        # can put another process's line under a frame, but most copies of
        # a frame are followed by their own source line.
        self.frame_texts = {}

    # -- input -------------------------------------------------------------

    def feed(self, raw_line):
        self.line_no += 1
        line = raw_line
        if ">" in line[:4]:
            line = QUOTE_PREFIX_RE.sub("", line, count=1)
        if line[:1] == "[":
            line = RANK_PREFIX_RE.sub("", line, count=1)

        previous_frame = self._last_frame
        self._last_frame = None
        structural = False
        frame_only = False

        if "(most recent call" in line:
            structural = self._header(line) or structural

        if "File " in line or "Cell In" in line or "\u2502" in line:
            found, frame_only = self._frames(line)
            structural = structural or found
        elif self._partial is not None:
            self._join_partial(line)

        if not structural and " in " in line:
            old_header = OLD_IPYTHON_FRAME_RE.match(line)
            if old_header is not None:
                cell = old_header.group("cell")
                path = "Cell In[%s]" % cell if cell else old_header.group("path")
                self._old_header = (path, old_header.group("func"), self.line_no)
                structural = True
        if self._old_header is not None and not structural and line.startswith("-"):
            arrow = IPYTHON_ARROW_RE.match(line)
            if arrow:
                path, func, _ = self._old_header
                self._old_header = None
                frame = Frame(path, int(arrow.group("line")), func)
                self._add_frame(frame)
                self._vote_text(frame, arrow.group("text"))
                self._last_frame = None  # the context lines below are not this frame's text
                structural = True
        if self._old_header is not None and self.line_no - self._old_header[2] > OLD_FRAME_REACH:
            self._old_header = None

        if self._arrow_frame is not None and not structural and line.startswith("-"):
            arrow = IPYTHON_ARROW_RE.match(line)
            if arrow:
                self._vote_text(self._arrow_frame, arrow.group("text"))
                self._arrow_frame = None
                structural = True

        if not structural and previous_frame is not None and line.startswith("    ") \
                and previous_frame is not self._arrow_frame:
            self._vote_text(previous_frame, line)
            structural = True

        stripped = line
        if line[:1] in (" ", "\t", "^", "~"):
            caret = CARET_PREFIX_RE.match(line)
            if caret:
                stripped = line[caret.end():]
                if not stripped:
                    self._touch()
                    return
        exception = parse_exception(stripped) if not structural else None

        if not frame_only:
            for signature, fields in signatures.match_line(line):
                self._signal(Signal(signature, fields, self.line_no, line.strip()[:MAX_EVIDENCE_CHARS]))

        if exception is not None:
            self._exception(exception)
        elif not structural and line.startswith(CHAIN_MARKERS):
            self._chained = True
        elif structural:
            self._touch()
        else:
            self._idle()

    def finish(self):
        """Flush the open block and the message tail at the end of the input."""
        if self._block is not None:
            self._close_block()
        self._flush_tail()
        self._flush_leading()

    def _flush_leading(self):
        for signal in self._leading:
            block = Block(signal.line_no)
            block.signals.append(signal)
            self._sink(block)
        self._leading = []

    # -- structure ---------------------------------------------------------

    def _header(self, line):
        if HEADER not in line and REVERSED_HEADER not in line:
            return False
        self.tracebacks += 1
        self._flush_tail()
        original = ORIGINAL_HEADER in line
        reverse = REVERSED_HEADER in line and HEADER not in line
        if original and self._block is not None:
            # torch relays a worker's traceback inside the parent's exception
            # message; it gets its own block so that its frames stay apart.
            self._close_block()
            self._flush_tail()
        if self._block is None:
            self._block = Block(self.line_no, original=original, reverse=reverse, chained=self._chained)
            self._chained = False
            self._block.signals.extend(self._leading)
            self._leading = []
        self._block.open += 1
        self._block.headers += 1
        self._touch()
        return True

    def _frames(self, line):
        """Record the frames in ``line``; return (found any, the line is one frame header and nothing else)."""
        found = False
        frame_only = False
        for match in FRAME_RE.finditer(line):
            self._add_frame(Frame(match.group("path"), int(match.group("line")), match.group("func") or ""))
            frame_only = not found and not line[:match.start()].strip() and not line[match.end():].strip()
            found = True
        if not found:
            for regex in (IPYTHON_FRAME_RE, CELL_FRAME_RE, RICH_FRAME_RE):
                for match in regex.finditer(line):
                    groups = match.groupdict()
                    path = groups.get("path") or "Cell In[%s]" % groups["cell"]
                    self._add_frame(Frame(path, int(groups["line"]), groups.get("func") or "<module>"))
                    self._arrow_frame = self._last_frame if regex is not RICH_FRAME_RE else None
                    found = True
        if not found:
            start = line.rfind('File "')
            if start != -1:
                self._partial = line[start + 6:]
                self._partial_age = 0
            elif self._partial is not None:
                self._join_partial(line)
        return found, frame_only

    def _join_partial(self, line):
        # A frame header cut by another process's output: 'File "C:\\Us' at
        # the end of one line, 'ers\\me\\train.py", line 9, in <module>' later.
        match = FRAME_TAIL_RE.match(line)
        if match is not None:
            path = self._partial + match.group("rest")
            self._partial = None
            self._add_frame(Frame(path, int(match.group("line")), match.group("func") or ""))
            return
        self._partial_age += 1
        if self._partial_age > 3:
            self._partial = None

    def _add_frame(self, frame):
        self._flush_tail()
        if self._block is None:
            # Frames without a header: the paste starts in the middle of a traceback.
            self._block = Block(self.line_no, chained=self._chained)
            self._block.open = 1
            self._chained = False
            self._block.signals.extend(self._leading)
            self._leading = []
        self._block.add_frame(frame)
        self._last_frame = frame
        self._touch()

    def _vote_text(self, frame, line):
        votes = self.frame_texts.get(frame.key)
        if votes is None:
            if len(self.frame_texts) >= MAX_TEXT_KEYS:
                return
            votes = self.frame_texts[frame.key] = {}
        # Carets of another process's caret line split a line or stick to it.
        for piece in CARET_RUN_RE.split(line):
            text = _unrepeat(piece.strip())
            if not text or ELISION_RE.match(text):
                continue
            if text in votes:
                votes[text] += 1
            elif len(votes) < MAX_TEXT_CANDIDATES:
                votes[text] = 1

    def frame_text(self, frame):
        """Return the source line printed under ``frame``, as most copies of the frame show it."""
        votes = self.frame_texts.get(frame.key)
        if not votes:
            return ""
        # A candidate glued to another process's text contains the clean
        # one, so the clean one also gets the votes of the glued ones.
        scores = {text: sum(count for other, count in votes.items() if text in other) for text in votes}
        return min(scores, key=lambda text: (-scores[text], len(text)))

    def _exception(self, exception):
        block = self._block
        if block is None:
            # An exception line outside any traceback ends the previous
            # message; it carries no frames.
            self._flush_tail()
            return
        if len(block.exceptions) < MAX_BLOCK_EXCEPTIONS:
            block.exceptions.append((exception[0], exception[1], self.line_no))
        if exception[0].endswith("Warning"):
            self._touch()
            return
        block.open -= 1
        self._touch()
        if block.open <= 0:
            self._block = None
            self._tail = block
            self._tail_lines = 0

    def _signal(self, signal):
        target = self._block or self._tail
        if target is None and signal.signature.leads:
            self._leading.append(signal)
            self._leading_age = 0
            return
        if target is None:
            block = Block(self.line_no)
            block.signals.append(signal)
            self._sink(block)
            return
        if len(target.signals) < MAX_BLOCK_SIGNALS:
            target.signals.append(signal)
        target.last_line = self.line_no
        if target is self._block and len(target.signals) >= MAX_BLOCK_SIGNALS:
            self._close_block()

    def _touch(self):
        if self._block is not None:
            self._block.active_line = self.line_no
            self._block.last_line = self.line_no
        elif self._tail is not None:
            self._tail_line()

    def _idle(self):
        if self._leading:
            self._leading_age += 1
            if self._leading_age > LEADING_LINES:
                self._flush_leading()
        if self._block is not None:
            if self.line_no - self._block.active_line > IDLE_LINES:
                self._close_block()
        elif self._tail is not None:
            self._tail_line()

    def _tail_line(self):
        self._tail_lines += 1
        if self._tail_lines > TAIL_LINES:
            self._flush_tail()

    def _close_block(self):
        block, self._block = self._block, None
        self._flush_tail()
        self._sink(block)

    def _flush_tail(self):
        if self._tail is not None:
            tail, self._tail = self._tail, None
            self._sink(tail)
