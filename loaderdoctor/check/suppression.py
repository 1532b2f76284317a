"""Suppression comments: ``# noqa``, ``# noqa: LD001`` and ``# loaderdoctor: ignore[LD001]``.

A finding is suppressed by a comment on the line it is reported at. When that
line belongs to a statement written over several lines, a comment on any of
them counts, as in flake8. A finding is reported at the module-level
statement that starts its chain, so one comment there suppresses the finding
with its whole chain; comments on the other lines of the chain do not.

``# noqa`` follows flake8: the comment must be spelled ``# noqa`` (any case),
the codes follow a colon directly, a code suppresses every code it is a
prefix of, codes compare case-sensitively, and ``# noqa`` without codes
suppresses every finding on the line. ``# loaderdoctor: ignore`` without
brackets also suppresses every finding. A ``# loaderdoctor:`` comment of any
other shape suppresses nothing.
"""

import io
import re
import tokenize

# The pattern flake8 uses (flake8/defaults.py), so that check and flake8
# agree on what a noqa comment suppresses.
NOQA = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
DIRECTIVE = re.compile(r"#\s*loaderdoctor:")
IGNORE = re.compile(r"\s*ignore(?:\[(?P<codes>\s*LD[0-9]{0,3}(?:\s*,\s*LD[0-9]{0,3})*\s*,?\s*)\])?\s*(?=#|$)")
CODE_SEPARATOR = re.compile(r"[,\s]+")
ALL = None


def remove_suppressed(findings, text, honor_noqa=True):
    """Return the findings that no suppression comment in ``text`` covers."""
    if not findings:
        return findings
    if "noqa" not in text.lower() and "loaderdoctor:" not in text:
        return findings

    comments, statements = _comments_and_statements(text)
    kept = []
    for finding in findings:
        first, last = statements.get(finding.line, (finding.line, finding.line))
        suppressed = False
        for line in range(first, last + 1):
            for comment in comments.get(line, ()):
                codes = directive_codes(comment, honor_noqa)
                if codes is not False and (codes is ALL or finding.code.startswith(codes)):
                    suppressed = True
        if not suppressed:
            kept.append(finding)
    return kept


def directive_codes(comment, honor_noqa=True):
    """Return what a comment suppresses: ``ALL``, a tuple of code prefixes, or False for nothing."""
    for directive in DIRECTIVE.finditer(comment):
        match = IGNORE.match(comment, directive.end())
        if match:
            codes = match.group("codes")
            return ALL if codes is None else tuple(code for code in CODE_SEPARATOR.split(codes) if code)
    if honor_noqa:
        match = NOQA.search(comment)
        if match:
            codes = match.group("codes")
            return ALL if codes is None else tuple(code for code in CODE_SEPARATOR.split(codes) if code)
    return False


def _comments_and_statements(text):
    """Map lines to their comments, and each line of a statement to the statement's first and last line."""
    comments = {}
    statements = {}
    start = None
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            kind = token.type
            if kind == tokenize.COMMENT:
                comments.setdefault(token.start[0], []).append(token.string)
                continue
            if kind in (tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER):
                continue
            if start is None:
                start = token.start[0]
            if kind == tokenize.NEWLINE:
                for line in range(start, token.end[0] + 1):
                    statements[line] = (start, token.end[0])
                start = None
    except (tokenize.TokenError, IndentationError, SyntaxError):
        # The file parsed, so this does not happen in practice; comments seen
        # up to here still count, each for its own line.
        pass
    return comments, statements
