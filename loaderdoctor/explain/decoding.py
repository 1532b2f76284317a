"""Turn a log of unknown encoding into clean text lines, one at a time.

Logs arrive as UTF-8, as GBK/cp936 from a Chinese Windows console, as
UTF-16 from PowerShell redirection, with NUL bytes (torch's worker signal
handlers write one after their message) and with ANSI colour codes. Every
function here streams, so a log of any size is read in bounded memory.
"""

import io
import re

# A physical line longer than this is cut into pieces; tracebacks never come
# close, and the cap keeps memory bounded on binary or single-line input.
MAX_LINE_BYTES = 1 << 20
MAX_LINE_CHARS = MAX_LINE_BYTES

_SNIFF_BYTES = 4096

# CSI sequences (colours, cursor moves), OSC sequences (window titles,
# hyperlinks) and the remaining two-byte escapes.
ANSI_RE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]")


def decode_line(raw):
    """Decode one line: UTF-8, then GBK (cp936), then UTF-8 with replacement characters."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gbk")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace")


def clean_segments(line):
    """Yield the parts of one decoded line as the console showed them.

    NUL bytes and ANSI codes are removed, and a carriage return (a progress
    bar redrawing itself) starts a new part.
    """
    line = line.rstrip("\n")
    if line.endswith("\r"):
        line = line[:-1]
    if "\x00" in line:
        line = line.replace("\x00", "")
    if "\x1b" in line:
        line = ANSI_RE.sub("", line)
    if "\r" in line:
        yield from line.split("\r")
    else:
        yield line


def _utf16_encoding(head):
    """Return "utf-16-le"/"utf-16-be" when ``head`` looks like BOM-less UTF-16, else None."""
    if len(head) < 64:
        return None
    even_nul = head[0::2].count(0)
    odd_nul = head[1::2].count(0)
    half = len(head) // 2
    if odd_nul > half * 0.4 and even_nul < half * 0.05:
        return "utf-16-le"
    if even_nul > half * 0.4 and odd_nul < half * 0.05:
        return "utf-16-be"
    return None


CHUNK_BYTES = 256 * 1024


def _decode_block(data):
    # Most logs are UTF-8 throughout: decode a whole chunk at once, and fall
    # back to deciding line by line only when that fails.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return "\n".join(decode_line(raw) for raw in data.split(b"\n"))


def _clean_block(text):
    """Split decoded text into clean lines: NULs and ANSI codes removed, \r\n and \r end lines."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    if "\x1b" in text:
        text = ANSI_RE.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def iter_binary_lines(stream):
    """Yield clean text lines from a binary stream (a file opened with "rb", stdin's buffer)."""
    head = stream.read(_SNIFF_BYTES)
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    encoding = None
    if head.startswith(b"\xff\xfe"):
        encoding = "utf-16-le"
        head = head[2:]
    elif head.startswith(b"\xfe\xff"):
        encoding = "utf-16-be"
        head = head[2:]
    else:
        encoding = _utf16_encoding(head)

    if encoding:
        # PowerShell 5 writes redirected output as UTF-16; decode it as text
        # instead of stripping the NULs, which would garble non-ASCII paths.
        text = io.TextIOWrapper(_Prefixed(head, stream), encoding=encoding, errors="replace", newline="")
        yield from iter_text_stream(text)
        return

    pending = head
    finished = False
    while not finished:
        chunk = stream.read(CHUNK_BYTES)
        finished = not chunk
        data = pending + chunk
        # Everything up to the last line end is complete; at the end of the
        # input, so is the rest.
        end = len(data) if finished else data.rfind(b"\n") + 1
        complete, pending = data[:end], data[end:]
        while len(pending) >= MAX_LINE_BYTES:
            # No line end in sight: hand the text on in pieces.
            complete += b"\n" + pending[:MAX_LINE_BYTES] if complete else pending[:MAX_LINE_BYTES]
            pending = pending[MAX_LINE_BYTES:]
        if not complete:
            continue
        lines = _clean_block(_decode_block(complete))
        if complete.endswith(b"\n"):
            lines.pop()
        for line in lines:
            if len(line) > MAX_LINE_CHARS:
                for start in range(0, len(line), MAX_LINE_CHARS):
                    yield line[start:start + MAX_LINE_CHARS]
            else:
                yield line


def iter_text_stream(text_stream):
    """Yield clean lines from a text stream, cutting very long lines."""
    while True:
        line = text_stream.readline(MAX_LINE_CHARS)
        if not line:
            return
        yield from clean_segments(line)


def iter_text_lines(text):
    """Yield clean lines from a string."""
    yield from iter_text_stream(io.StringIO(text, newline=""))


class _Prefixed(io.RawIOBase):
    """A readable binary stream that returns ``prefix`` before the rest of ``stream``."""

    def __init__(self, prefix, stream):
        self._prefix = prefix
        self._stream = stream

    def readable(self):
        return True

    def readinto(self, buffer):
        if self._prefix:
            size = min(len(buffer), len(self._prefix))
            buffer[:size] = self._prefix[:size]
            self._prefix = self._prefix[size:]
            return size
        data = self._stream.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        return size
