"""Turning planned fixes into text edits on the original source.

Moved code is cut out as whole lines, together with the comment lines
directly above it, and re-indented for its new place. Every line that does
not move keeps its bytes. New lines use the file's line ending and its
indentation unit.
"""

from loaderdoctor.check.fixing.plan import HOIST, LAZY, MAIN
from loaderdoctor.check.fixing.text import (
    Edit,
    Lines,
    detect_indent,
    ensure_line_end,
    leading_whitespace,
    merge_touching,
    reindent,
)
from loaderdoctor.i18n import tr

DEFAULT_GUARD = 'if __name__ == "__main__":'


def render_edits(planner, parts):
    """Return ``(edits, applied_parts)`` for the chosen ``parts`` of one file."""
    return _Renderer(planner).render(parts)


class _Renderer:
    def __init__(self, planner):
        self.planner = planner
        self.source = planner.source
        self.lines = Lines(self.source.text)
        self.statements = planner.statements
        self.unit = detect_indent(self.lines, self.source.tree)
        self.newline = self.source.newline or "\n"
        self.string_lines = planner.string_lines

    # -- layout helpers -----------------------------------------------------

    def segment_start(self, first, floor):
        """First line of the comment block directly above line ``first``, staying below line ``floor``."""
        line = first
        while line - 1 > floor and self.lines.is_comment(line - 1):
            line -= 1
        return line

    def extended_end(self, node, first_line):
        """Last line of ``node``, including indented comment lines that directly follow a compound statement."""
        last = node.end_lineno
        if not isinstance(getattr(node, "body", None), list):
            return last
        own = len(leading_whitespace(self.lines.content(first_line)))
        while last + 1 <= self.lines.count and self.lines.is_comment(last + 1):
            if len(leading_whitespace(self.lines.content(last + 1))) <= own:
                break
            last += 1
        return last

    def top_end(self, index):
        statement = self.statements[index]
        return self.extended_end(statement.node, statement.first_line)

    def top_start(self, index):
        statement = self.statements[index]
        if index == 0:
            return statement.first_line
        return self.segment_start(statement.first_line, self.top_end(index - 1))

    def child_range(self, container, child):
        """Lines of ``child`` in ``container``'s body, with its comments."""
        body = container.body
        position = next(i for i, item in enumerate(body) if item is child)
        first = _first_line(child)
        if position == 0:
            floor = container.lineno
        else:
            floor = self.extended_end(body[position - 1], _first_line(body[position - 1]))
        return self.segment_start(first, floor), self.extended_end(child, first), floor

    # -- rendering --------------------------------------------------------------

    def render(self, parts):
        edits = []
        applied = []
        main_part = next((part for part in parts if part.kind in (MAIN, LAZY)), None)
        hoist_parts = [part for part in parts if part.kind == HOIST]
        chosen_nodes = {id(part.hoist.node) for part in hoist_parts}

        taken = set()
        merged = set()
        hoists_in_main = []
        if main_part is not None:
            move = main_part.move
            taken = set(move.moved) | set(move.merged)
            merged = set(move.merged)
            for hoist in move.hoists:
                chosen = hoist.implicit or id(hoist.node) in chosen_nodes
                if chosen and hoist.from_guard and hoist.top_index in merged:
                    hoists_in_main.append(hoist)
            edits.extend(self._main_edits(move, hoists_in_main))
            applied.append(main_part)

        in_main = {id(hoist.node) for hoist in hoists_in_main}
        separate = {}
        for part in hoist_parts:
            hoist = part.hoist
            if id(hoist.node) in in_main:
                applied.append(part)
                continue
            if hoist.top_index in taken:
                # The definition sits in code that moves into main() as a
                # whole; the finding stays for a later run.
                continue
            separate.setdefault(id(hoist.container), []).append(hoist)
            applied.append(part)
        for hoists in separate.values():
            edits.extend(self._hoist_edits(hoists))
        return merge_touching(edits), applied

    def _main_edits(self, move, hoists_in_main):
        lines = self.lines
        nl = self.newline
        taken = sorted(set(move.moved) | set(move.merged))
        runs = []
        for index in taken:
            if runs and runs[-1][-1] == index - 1:
                runs[-1].append(index)
            else:
                runs.append([index])

        edits = []
        deleted = []
        pieces = []
        hoisted = {id(hoist.node) for hoist in hoists_in_main}
        for run in runs:
            start = self.top_start(run[0])
            end = self.top_end(run[-1])
            delete_from = start
            if end >= lines.count or lines.is_blank(end + 1):
                floor = self.top_end(run[0] - 1) if run[0] > 0 else 0
                while delete_from - 1 > floor and lines.is_blank(delete_from - 1):
                    delete_from -= 1
            edits.append(Edit(lines.start(delete_from), lines.end(end), ""))
            deleted.append((delete_from, end))
            text = self._run_text(run, set(move.merged), hoisted)
            if pieces and lines.is_blank(start - 1):
                text = nl + text
            pieces.append(text)

        body = ensure_line_end("".join(pieces), nl)
        last_index = len(self.statements) - 1
        insert_line = self.top_end(last_index)
        offset = lines.end(insert_line)
        insert_deleted = any(first <= insert_line <= last for first, last in deleted)
        needs_newline = not insert_deleted and lines.ending(insert_line) == ""
        content_before = any(
            not lines.is_blank(line) and not any(first <= line <= last for first, last in deleted)
            for line in range(1, insert_line + 1)
        )

        block = nl if needs_newline else ""
        if content_before:
            block += nl * 2
        for hoist in hoists_in_main:
            block += self._definition_text(hoist) + nl * 3
        if move.mode == LAZY:
            block += self._lazy_text(move, body)
        else:
            block += f"def {move.function}():{nl}"
            if move.global_names:
                block += f"{self.unit}global {', '.join(move.global_names)}{nl}"
            block += body
            block += nl * 2 + self._guard_header(move) + nl + f"{self.unit}{move.function}(){nl}"
        edits.append(Edit(offset, offset, block))
        return edits

    def _run_text(self, run, merged, hoisted):
        out = []
        line = self.top_start(run[0])
        for index in run:
            statement = self.statements[index]
            start = self.top_start(index)
            end = self.top_end(index)
            if line < start:
                out.append(reindent(self.lines, line, start - 1, "", self.unit, self.string_lines))
            if index in merged:
                if start < statement.first_line:
                    out.append(reindent(self.lines, start, statement.first_line - 1, "", self.unit, self.string_lines))
                out.append(self._guard_body_text(statement.node, end, hoisted))
            else:
                out.append(reindent(self.lines, start, end, "", self.unit, self.string_lines))
            line = end + 1
        return "".join(out)

    def _guard_body_text(self, guard, end, hoisted):
        lines = self.lines
        body = guard.body
        if body[0].lineno == guard.lineno:
            # ``if __name__ == "__main__": main()`` on one line.
            content = lines.content(guard.lineno)
            column = _char_column(content, body[0].col_offset)
            return self.unit + content[column:].strip() + self.newline
        prefix = leading_whitespace(lines.content(_first_line(body[0])))
        skipped = set()
        for child in body:
            if id(child) not in hoisted:
                continue
            first, last, floor = self.child_range(guard, child)
            first, last = self._widen_for_blanks(first, last, floor, end, child is body[0])
            skipped.update(range(first, last + 1))
        out = []
        line = guard.lineno + 1
        while line <= end:
            if line in skipped:
                line += 1
                continue
            stop = line
            while stop + 1 <= end and stop + 1 not in skipped:
                stop += 1
            out.append(reindent(lines, line, stop, prefix, self.unit, self.string_lines))
            line = stop + 1
        return "".join(out)

    def _widen_for_blanks(self, first, last, floor, end, first_in_block):
        """Widen the lines ``first..last`` that leave a block so that no doubled or leading blank lines stay behind."""
        lines = self.lines
        if first_in_block:
            while last + 1 <= end and lines.is_blank(last + 1):
                last += 1
            return first, last
        indent = len(leading_whitespace(lines.content(first)))
        after = last + 1
        ends_block = after > end or (
            not lines.is_blank(after) and len(leading_whitespace(lines.content(after))) < indent
        )
        if ends_block or lines.is_blank(after):
            while first - 1 > floor and lines.is_blank(first - 1):
                first -= 1
        return first, last

    def _guard_header(self, move):
        for index in move.merged:
            guard = self.statements[index].node
            if guard.body[0].lineno > guard.lineno and guard.test.end_lineno == guard.lineno:
                return self.lines.content(guard.lineno).strip()
        return DEFAULT_GUARD

    def _definition_text(self, hoist):
        first, last, _ = self.child_range(hoist.container, hoist.node)
        prefix = leading_whitespace(self.lines.content(_first_line(hoist.node)))
        return reindent(self.lines, first, last, prefix, "", self.string_lines).rstrip("\r\n")

    def _lazy_text(self, move, body):
        nl = self.newline
        unit = self.unit
        names = ", ".join(f'"{name}"' for name in move.lazy_names)
        if len(move.lazy_names) == 1:
            names += ","
        comment = tr("check.fix.code.lazy-comment")
        try:
            comment.encode(self.source.encoding)
        except (UnicodeEncodeError, LookupError):
            comment = tr("check.fix.code.lazy-comment", language="en")
        text = f"def {move.function}():{nl}"
        text += f"{unit}global {', '.join(move.global_names)}{nl}"
        text += body
        text += nl * 2
        text += f"def __getattr__(name):{nl}"
        for comment_line in comment.split("\n"):
            text += f"{unit}# {comment_line}{nl}"
        # NOTE: a name that the moved code binds only on some paths is
        # computed again on every access while it stays unbound.
        text += f"{unit}if name in ({names}):{nl}"
        text += f"{unit * 2}{move.function}(){nl}"
        text += f"{unit * 2}if name in globals():{nl}"
        text += f"{unit * 3}return globals()[name]{nl}"
        text += f'{unit}raise AttributeError(f"module {{__name__!r}} has no attribute {{name!r}}"){nl}'
        return text

    def _hoist_edits(self, hoists):
        """Edits that move definitions out of one guard or function, to just above its module-level statement."""
        lines = self.lines
        nl = self.newline
        container = hoists[0].container
        edits = []
        moving = {id(hoist.node) for hoist in hoists}
        end = self.extended_end(container, _first_line(container))
        for hoist in sorted(hoists, key=lambda item: item.node.lineno):
            first, last, floor = self.child_range(container, hoist.node)
            first, last = self._widen_for_blanks(first, last, floor, end, hoist.node is container.body[0])
            edits.append(Edit(lines.start(first), lines.end(last), ""))

        if all(id(child) in moving for child in container.body):
            prefix = leading_whitespace(lines.content(_first_line(container.body[0])))
            first_edit = min(edits, key=lambda edit: edit.start)
            edits.remove(first_edit)
            edits.append(Edit(first_edit.start, first_edit.end, f"{prefix}pass{nl}"))

        top_line = self.top_start(hoists[0].top_index)
        blank_above = 0
        while top_line - blank_above - 1 >= 1 and lines.is_blank(top_line - blank_above - 1):
            blank_above += 1
        ordered = sorted(hoists, key=lambda item: item.node.lineno)
        text = nl * max(0, 2 - blank_above) if top_line - blank_above > 1 else ""
        text += "".join(self._definition_text(hoist) + nl * 3 for hoist in ordered)
        offset = lines.start(top_line)
        edits.append(Edit(offset, offset, text))
        return edits


def _first_line(node):
    decorators = getattr(node, "decorator_list", None) or []
    return min([node.lineno] + [decorator.lineno for decorator in decorators])


def _char_column(content, byte_offset):
    """Convert an ``ast`` column (UTF-8 bytes) to a character index in ``content``."""
    return len(content.encode("utf-8")[:byte_offset].decode("utf-8", "ignore"))
