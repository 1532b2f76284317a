"""Entry points: analyse a log given as text, bytes, a binary stream or a file."""

import io

from loaderdoctor.explain import checklink
from loaderdoctor.explain.classify import Analyzer
from loaderdoctor.explain.decoding import iter_binary_lines, iter_text_lines
from loaderdoctor.explain.diagnosis import Diagnosis, build_failures
from loaderdoctor.explain.parse import LogParser
from loaderdoctor.explain.paths import SourceFinder


def analyze_lines(lines, source_dir=None, run_check=False, cwd=None):
    """Analyse an iterable of clean text lines and return a :class:`Diagnosis`.

    ``source_dir`` is where to look for the user's files when the paths in
    the log do not exist here. With ``run_check``, ``loaderdoctor check``
    runs on the user's files that are found, and each failure whose kind has
    LD rules says which finding matches (``failure.extra["check"]``).
    """
    analyzer = Analyzer()
    parser = LogParser(analyzer.add_block)
    for line in lines:
        parser.feed(line)
    parser.finish()
    incidents = analyzer.finish()

    finder = SourceFinder(source_dir, cwd)
    failures = build_failures(incidents, parser, finder)
    if run_check:
        checklink.annotate(failures, finder.find)
    return Diagnosis(failures, lines_read=parser.line_no, tracebacks=parser.tracebacks, unlisted=analyzer.unlisted)


def analyze_text(text, source_dir=None, **options):
    """Analyse a log held in a string (a child's captured stderr, a paste)."""
    return analyze_lines(iter_text_lines(text), source_dir=source_dir, **options)


def analyze_stream(stream, source_dir=None, **options):
    """Analyse a binary stream line by line, in memory that does not grow with its size."""
    return analyze_lines(iter_binary_lines(stream), source_dir=source_dir, **options)


def analyze_bytes(data, source_dir=None, **options):
    """Analyse raw bytes: UTF-8, GBK/cp936 or UTF-16, with NUL bytes and ANSI codes removed."""
    return analyze_stream(io.BytesIO(data), source_dir=source_dir, **options)


def analyze_file(path, source_dir=None, **options):
    """Analyse a log file; raises OSError when it cannot be opened or read."""
    with open(path, "rb") as stream:
        return analyze_stream(stream, source_dir=source_dir, **options)
