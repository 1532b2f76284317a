"""Ways a console mangles a log, applied to real output: line endings, colours,
quoting, progress bars, and the mixing of several processes' writes."""

import random
import re
from collections import deque

ANSI_RED = "\x1b[31m"
ANSI_MAGENTA_BOLD = "\x1b[1;35m"
ANSI_RESET = "\x1b[0m"
HEADER = "Traceback (most recent call last):"


def to_crlf(text):
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def colorize(text):
    """Colour frames and exception names the way IPython and Python 3.13+ consoles do."""
    text = re.sub(r'File "([^"]+)", line (\d+), in (\S+)',
                  lambda m: 'File %s"%s"%s, line %s%s%s, in %s%s%s' % (
                      ANSI_MAGENTA_BOLD, m.group(1), ANSI_RESET, ANSI_MAGENTA_BOLD, m.group(2), ANSI_RESET,
                      ANSI_MAGENTA_BOLD, m.group(3), ANSI_RESET), text)
    text = re.sub(r"^([A-Za-z_][\w.]*(?:Error|Exception|Empty))(:?)", lambda m: ANSI_RED + m.group(1) + ANSI_RESET
                  + m.group(2), text, flags=re.MULTILINE)
    return text.replace(HEADER, ANSI_RED + HEADER + ANSI_RESET)


def quote(text, prefix="> "):
    """Quote every line, as in an e-mail or a GitHub comment reply."""
    return "".join(prefix + line for line in text.splitlines(keepends=True))


def with_progress_bars(text):
    """Put tqdm residue before every traceback header: redraws with \\r, and no newline before the header."""
    template = "\rEpoch 1: %3d%%|%-10s| %d/180 [00:0%d<00:10, 17.5it/s]"
    bar = "".join(template % (p, "#" * (p // 10), p * 18 // 10, p // 20) for p in (0, 10, 20, 40))
    return text.replace(HEADER, bar + HEADER)


def child_tracebacks(stderr, marker="An attempt has been made"):
    """Split real stderr into tracebacks and keep the complete ones that contain ``marker``.

    A complete child traceback starts at the child's first frame, reaches the
    frame that raised, and is followed by the message; tracebacks that other
    processes' lines cut apart are left out.
    """
    parts = stderr.split(HEADER)
    found = []
    for part in parts[1:]:
        if marker not in part:
            continue
        text = HEADER + part.split("\nTraceback", 1)[0].rstrip("\n") + "\n"
        if text.count('File "<string>"') == 1 and "_check_not_importing_main" in text and "spawn_main" in text:
            found.append(text)
    return found


def _writes(traceback):
    """Cut a traceback into the writes that CPython 3.11/3.12 make with unbuffered stderr.

    Frame headers are written whole; indentation, source text and every caret
    of a caret line are separate writes; the exception line is written as
    its type, ": " and the message.
    """
    for line in traceback.splitlines(keepends=True):
        body = line.rstrip("\n")
        if body.strip() and set(body.strip()) <= set("^~"):
            indent = body[: len(body) - len(body.lstrip())]
            yield indent
            for character in body.lstrip():
                yield character
            yield "\n"
        elif body.startswith("    "):
            yield body[:4]
            yield body[4:]
            yield "\n"
        elif re.match(r"^[A-Za-z_][\w.]*: ", body):
            name, message = body.split(": ", 1)
            yield name
            yield ": "
            yield message + "\n"
        else:
            yield line


def interleave(tracebacks, seed):
    """Mix the writes of several processes as a shared stderr pipe does, reproducibly."""
    generator = random.Random(seed)
    queues = [deque(_writes(traceback)) for traceback in tracebacks]
    output = []
    while True:
        active = [queue for queue in queues if queue]
        if not active:
            break
        queue = generator.choice(active)
        for _ in range(generator.randint(1, 4)):
            if queue:
                output.append(queue.popleft())
    return "".join(output)


def has_midline_mixing(text):
    """True when some physical line holds pieces of two different lines."""
    for line in text.splitlines():
        stripped = line.strip()
        if re.search(r'\S.*File "', line) and not stripped.startswith("File"):
            return True
        if re.search(r"[\^~]+\s*[A-Za-z_(]", stripped) or re.search(r"[A-Za-z_)\]:]\s*[\^~]{2,}", stripped):
            return True
    return False
