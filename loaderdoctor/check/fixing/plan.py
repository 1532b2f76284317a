"""Deciding what a fix moves: module-level code into ``main()``, definitions out of the guard.

A ``FilePlan`` contains the decisions for one file as parts:

- the main part moves the statements that start workers or processes at
  import time (LD001, LD002, LD006), and the statements that must run after
  them, into a function called under ``if __name__ == "__main__":``. In a
  module that other modules import for a name that would move, it instead
  computes those names on first access (PEP 562 module ``__getattr__``).
- a hoist part moves a class or function definition out of the guard or out
  of a function to module level, where spawned workers can import it (LD003).
- a manual part says why a finding has no automatic fix.

``render.py`` turns the parts into text edits.
"""

import ast
import os
from collections import Counter
from dataclasses import dataclass, field

from loaderdoctor.check.fixing import importers as importer_lookup
from loaderdoctor.check.fixing.scopes import (
    CONSTANT,
    DEFINITION,
    DOCSTRING,
    FUNCTIONS,
    FUTURE,
    GUARD,
    TRANSPARENT_DECORATORS,
    WORK,
    AnalysisError,
    ModuleInfo,
    bound_names,
    decorator_name,
    free_names,
    function_references,
    global_uses,
    module_scope_reads,
    nested_definitions,
    runs_no_code,
)
from loaderdoctor.check.fixing.text import lines_inside_strings
from loaderdoctor.i18n import tr

SAFE = "safe"
UNSAFE = "unsafe"
MANUAL = "manual"
ALL_APPLICABILITIES = frozenset({SAFE, UNSAFE})

MOVE_CODES = frozenset({"LD001", "LD002", "LD006"})
HOIST_CODES = frozenset({"LD003"})
FIXABLE_CODES = MOVE_CODES | HOIST_CODES

MAIN = "main"
LAZY = "lazy"
HOIST = "hoist"

FUNCTION_NAMES = ("main", "run", "_main", "main_")


@dataclass
class Hoist:
    """A definition that moves to module level."""

    node: ast.stmt
    container: ast.stmt  # the guard or function whose body holds ``node``
    top_index: int  # the module-level statement that contains ``container``
    from_guard: bool
    applicability: str = SAFE
    reasons: list = field(default_factory=list)
    # True for definitions that move only because their guard joins main().
    implicit: bool = False

    @property
    def name(self):
        return self.node.name


@dataclass
class MainMove:
    """Module-level statements that move into a new function."""

    moved: list  # indices of module-level statements, in order
    merged: list  # indices of ``__main__`` guards whose bodies join the function
    function: str
    global_names: list
    mode: str = MAIN  # MAIN or LAZY
    lazy_names: list = field(default_factory=list)
    # Definitions that leave the merged guards for module level.
    hoists: list = field(default_factory=list)


@dataclass
class Part:
    kind: str  # MAIN, LAZY, HOIST or MANUAL
    applicability: str
    findings: list
    message: str
    reasons: list = field(default_factory=list)
    move: MainMove = None
    hoist: Hoist = None


class FilePlan:
    def __init__(self, source, parts, planner=None, findings=()):
        self.source = source
        self.parts = parts
        self.planner = planner  # None when nothing can be rendered
        self.findings = list(findings)

    def part_for(self, finding):
        for part in self.parts:
            if any(item is finding for item in part.findings):
                return part
        return None

    def render(self, allowed):
        """Return ``(edits, parts)``: the text edits that apply the fixes of the ``allowed`` applicabilities.

        The parts are planned again for ``allowed``: whether an unsafe
        definition move happens changes what the main part must declare.
        """
        from loaderdoctor.check.fixing.render import render_edits

        if self.planner is None:
            return [], []
        parts = self.planner.plan(self.findings, allowed)
        chosen = [part for part in parts if part.kind != MANUAL and part.applicability in allowed]
        if not chosen:
            return [], []
        return render_edits(self.planner, chosen)


def plan_file(source, findings, importer_index=None):
    """Decide the fixes for ``findings`` of one loaded source file; return a ``FilePlan``."""
    relevant = [finding for finding in findings if finding.code in FIXABLE_CODES]
    if not relevant:
        return FilePlan(source, [])
    if source.cell_map is not None:
        return FilePlan(source, [_manual(relevant, tr("check.fix.manual.notebook"))])
    try:
        planner = Planner(source, importer_index)
        parts = planner.plan(relevant, ALL_APPLICABILITIES)
    except AnalysisError as error:
        return FilePlan(source, [_manual(relevant, tr("check.fix.manual.unanalysable", error=error))])
    except RecursionError:
        # The scope walks recurse once per nesting level of the code.
        reason = tr("check.fix.manual.unanalysable", error=tr("check.fix.manual.too-deep"))
        return FilePlan(source, [_manual(relevant, reason)])
    return FilePlan(source, parts, planner, relevant)


def _manual(findings, reason):
    return Part(MANUAL, MANUAL, list(findings), tr("check.fix.title.manual"), [reason])


class Planner:
    def __init__(self, source, importer_index=None):
        self.source = source
        self.tree = source.tree
        self.info = ModuleInfo(source.text, source.tree, source.path)
        self.statements = self.info.statements
        try:
            self.string_lines = lines_inside_strings(source.text)
        except ValueError as error:
            raise AnalysisError(str(error)) from None
        self.importer_index = importer_index or importer_lookup.ProjectIndex()
        self._importer_report = None
        self.parents = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parents[id(child)] = node
        self.bind_counts = Counter()
        self.all_names = set()
        self._plans = {}
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Name):
                self.all_names.add(node.id)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                self.bind_counts[node.id] += 1
            elif isinstance(node, FUNCTIONS + (ast.ClassDef,)):
                self.bind_counts[node.name] += 1
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for name in bound_names(node):
                    self.bind_counts[name] += 1
        self.module_binds = set()
        for statement in self.statements:
            self.module_binds.update(statement.binds)

    # -- entry --------------------------------------------------------------

    def plan(self, findings, allowed=ALL_APPLICABILITIES):
        """Plan a part for every finding; definition moves outside ``allowed`` do not shape the main part."""
        key = (tuple(id(finding) for finding in findings), frozenset(allowed))
        if key not in self._plans:
            self._plans[key] = self._plan(findings, allowed)
        return self._plans[key]

    def _plan(self, findings, allowed):
        parts = []
        seeds = {}
        move_findings = []
        for finding in findings:
            if finding.code in HOIST_CODES:
                parts.append(self._plan_hoist(finding))
                continue
            statement, manual = self._seed(finding)
            if manual is not None:
                parts.append(_manual([finding], manual))
                continue
            seeds.setdefault(statement.index, []).append(finding)
            move_findings.append(finding)

        if seeds:
            explicit = [part.hoist for part in parts if part.kind == HOIST and part.applicability in allowed]
            parts.insert(0, self._plan_move(sorted(seeds), move_findings, explicit))
        return parts

    def _seed(self, finding):
        line = finding.line
        if finding.chain and _same_file(finding.chain[0].path, finding.path):
            line = finding.chain[0].line
        statement = self.info.statement_at(line)
        if statement is None:
            return None, tr("check.fix.manual.no-statement", line=line)
        if statement.kind == WORK or statement.kind == CONSTANT:
            return statement, None
        if isinstance(statement.node, (ast.Import, ast.ImportFrom)):
            where = _chain_target(finding)
            return None, tr("check.fix.manual.import", where=where)
        if statement.kind == DEFINITION:
            name = statement.name or (statement.binds[0] if statement.binds else "?")
            return None, tr("check.fix.manual.definition", name=name)
        if statement.kind == GUARD:
            return None, tr("check.fix.manual.guarded")
        return None, tr("check.fix.manual.no-statement", line=line)

    # -- importers ------------------------------------------------------------

    def importer_report(self):
        if self._importer_report is None:
            if self.source.path in ("-", "<stdin>"):
                self._importer_report = importer_lookup.ImporterReport(uses=[])
            else:
                self._importer_report = importer_lookup.find_importers(self.source.path, self.importer_index)
        return self._importer_report

    # -- the main part --------------------------------------------------------

    def _plan_move(self, seed_indices, findings, explicit_hoists):
        try:
            move, reasons, mode_message = self._analyse_move(seed_indices, explicit_hoists)
        except _Manual as manual:
            return _manual(findings, manual.reason)
        applicability = UNSAFE if reasons else SAFE
        kind = LAZY if move.mode == LAZY else MAIN
        return Part(kind, applicability, list(findings), mode_message, reasons, move=move)

    def _analyse_move(self, seed_indices, explicit_hoists):
        statements = self.statements
        first = seed_indices[0]
        report = self.importer_report()
        imported = report.imported

        moved = set(seed_indices)
        merged = set()
        for statement in statements[first + 1:]:
            if statement.kind == WORK:
                moved.add(statement.index)
            elif statement.kind == GUARD:
                if statement.node.orelse:
                    raise _Manual(tr("check.fix.manual.guard-else", line=statement.first_line))
                merged.add(statement.index)

        importer_names = self._importer_names(report)
        guard_defs = self._guard_definitions(merged | {s.index for s in statements if s.kind == GUARD})

        # Counters of what the code that stays at module level reads and
        # binds. A statement can join main() only if that code needs none of
        # the names it binds.
        staying = [s for s in statements if s.index not in moved | merged]
        uses = Counter()
        binds = Counter()
        for statement in staying:
            uses.update(statement.all_uses)
            binds.update(set(statement.binds))
        for node in guard_defs:
            uses.update(self._definition_uses(node))

        parent_only = self._parent_only(moved | merged | self._guard_indices(), importer_names)
        worker_objects = self._worker_objects(staying, parent_only)

        def main_bound():
            names = set()
            for index in moved:
                names.update(statements[index].binds)
            for index in merged:
                for child in statements[index].node.body:
                    if not isinstance(child, FUNCTIONS + (ast.ClassDef,)):
                        names.update(bound_names(child))
            return names

        def pullable(statement):
            own_uses = statement.all_uses
            for name in statement.binds:
                if uses[name] - (1 if name in own_uses else 0) > 0 or binds[name] > 1 or name in importer_names:
                    return False
            if statement.reads & worker_objects:
                return False
            if nested_definitions(statement.node) or _scope_statement(statement.node):
                return False
            return not self._shares_line(statement)

        def take(statement):
            moved.add(statement.index)
            uses.subtract(statement.all_uses)
            binds.subtract(set(statement.binds))

        # Constants after the first seed that main() rebinds move with it,
        # unless the code that stays needs them. A constant that rebinds a
        # name which moved code before it reads must move too, or that code
        # would see the later value.
        bound = main_bound()
        for statement in statements[first + 1:]:
            if statement.kind != CONSTANT:
                continue
            read_before = set()
            for index in moved:
                if index < statement.index:
                    read_before |= statements[index].reads
            if set(statement.binds) & read_before:
                take(statement)
            elif not imported and set(statement.binds) & bound and pullable(statement):
                take(statement)

        # Statements before the first seed move too when only the moved code
        # uses what they bind: then spawned workers no longer run them on
        # import. Walking backwards keeps the order of side effects, so the
        # walk stops at the first statement with side effects that must stay.
        # An imported module keeps its import-time code.
        blocked = imported
        for statement in reversed(statements[:first]):
            if statement.kind in (DOCSTRING, FUTURE):
                continue
            if statement.kind == DEFINITION:
                # An import or a decorator may depend on what the code above
                # it did (``sys.path.insert`` before an import), so code with
                # effects does not move past it.
                if not runs_no_code(statement.node):
                    blocked = True
                continue
            if statement.kind == GUARD:
                if not blocked and not statement.node.orelse and self._guard_mergeable(statement, statements):
                    merged.add(statement.index)
                    uses.subtract(statement.all_uses)
                    binds.subtract(set(statement.binds))
                continue
            if statement.kind == CONSTANT:
                if not imported and set(statement.binds) & main_bound() and pullable(statement):
                    take(statement)
                continue
            if blocked:
                continue
            if pullable(statement):
                take(statement)
            else:
                blocked = True

        # Definitions directly in merged guards move to module level, where
        # workers can import them, when that is safe.
        hoists = []
        explicit_nodes = {id(hoist.node) for hoist in explicit_hoists}
        for index in sorted(merged):
            guard = statements[index]
            for child in guard.node.body:
                if not isinstance(child, FUNCTIONS + (ast.ClassDef,)) or id(child) in explicit_nodes:
                    continue
                hoist = self._hoist_from_guard(child, guard, implicit=True)
                if hoist is not None and hoist.applicability == SAFE:
                    hoists.append(hoist)
        hoists.extend(hoist for hoist in explicit_hoists if hoist.applicability in (SAFE, UNSAFE))
        hoisted_nodes = {id(hoist.node) for hoist in hoists}

        moved_list = sorted(moved)
        merged_list = sorted(merged)
        self._check_layout(moved_list, merged_list)

        # What main() binds, and which of those names the code at module
        # level needs: those get a ``global`` declaration in main().
        bound_order = []
        moved_bound = []
        for index in sorted(moved | merged):
            statement = statements[index]
            if index in merged:
                names = []
                for child in statement.node.body:
                    if id(child) not in hoisted_nodes:
                        names.extend(bound_names(child))
            else:
                names = statement.binds
                moved_bound.extend(name for name in names if name not in moved_bound)
            bound_order.extend(name for name in names if name not in bound_order)

        staying = [s for s in statements if s.index not in moved | merged]
        staying_uses = set()
        staying_binds = set()
        for statement in staying:
            staying_uses |= statement.all_uses
            staying_binds |= set(statement.binds)
        for hoist in hoists:
            staying_uses |= self._definition_uses(hoist.node)
            staying_binds.add(hoist.name)
        global_names = [name for name in bound_order if name in staying_uses or name in staying_binds]

        self._check_definitions_after(first, staying, set(bound_order), moved_list)

        parent_only = self._parent_only(moved | merged | self._guard_indices(), importer_names)
        reasons = []
        function = self._function_name(importer_names)
        reasons.extend(self._nested_definition_reasons(moved_list, function))
        reasons.extend(self._worker_read_reasons(staying, parent_only, set(global_names) & set(moved_bound),
                                                 function))
        worker_objects = self._worker_objects(staying, parent_only)
        reasons.extend(self._mutation_reasons(moved_list, worker_objects, staying, parent_only))

        move = MainMove(moved=moved_list, merged=merged_list, function=function, global_names=global_names,
                        hoists=hoists)
        message = tr("check.fix.title.main", function=function)

        if imported:
            lazy = self._importer_reasons(report, moved_bound, move, staying_uses, reasons)
            if lazy:
                message = tr("check.fix.title.lazy", names=_code_list(move.lazy_names))
        return move, reasons, message

    def _check_layout(self, moved, merged):
        statements = self.statements
        taking = set(moved) | set(merged)
        for index in sorted(taking):
            statement = statements[index]
            if index > 0 and index - 1 not in taking and statements[index - 1].last_line == statement.first_line:
                raise _Manual(tr("check.fix.manual.shared-line", line=statement.first_line))
            if index + 1 < len(statements) and index + 1 not in taking \
                    and statements[index + 1].first_line == statement.last_line:
                raise _Manual(tr("check.fix.manual.shared-line", line=statement.last_line))
            found = _scope_statement(statement.node)
            if found is not None:
                key = "check.fix.manual.star-import" if isinstance(found, ast.ImportFrom) else "check.fix.manual.global"
                raise _Manual(tr(key, line=found.lineno))

    def _check_definitions_after(self, first, staying, bound, moved):
        for statement in staying:
            if statement.index <= first:
                continue
            for name in statement.binds:
                readers = [index for index in moved if index < statement.index and name in self.statements[index].reads]
                if readers:
                    raise _Manual(tr("check.fix.manual.rebinding", name=name, line=statement.first_line,
                                     reader=self.statements[readers[0]].first_line))
            if statement.kind != DEFINITION:
                continue
            needed = statement.definition_reads & bound
            if needed:
                name = statement.name or (statement.binds[0] if statement.binds else
                                          tr("check.where.line", line=statement.first_line))
                raise _Manual(tr("check.fix.manual.definition-needs-moved", name=name,
                                 line=statement.first_line, variable=sorted(needed)[0]))

    def _guard_mergeable(self, guard, statements):
        guard_binds = set(guard.binds)
        for statement in statements[guard.index + 1:]:
            if statement.kind == DEFINITION and statement.definition_reads & guard_binds:
                return False
        return not self._shares_line(guard)

    def _shares_line(self, statement):
        statements = self.statements
        index = statement.index
        if index > 0 and statements[index - 1].last_line == statement.first_line:
            return True
        return index + 1 < len(statements) and statements[index + 1].first_line == statement.last_line

    def _guard_indices(self):
        return {s.index for s in self.statements if s.kind == GUARD and not s.node.orelse}

    def _guard_definitions(self, indices):
        found = []
        for index in sorted(indices):
            for child in self.statements[index].node.body:
                if isinstance(child, FUNCTIONS + (ast.ClassDef,)):
                    found.append(child)
        return found

    def _definition_uses(self, node):
        names = set(module_scope_reads(node))
        table = self.info.tables.get((node.name, node.lineno))
        if table is not None:
            names |= global_uses(table)
        return names

    def _function_name(self, importer_names):
        taken = set(self.bind_counts) | importer_names | self.all_names
        for name in FUNCTION_NAMES:
            if name not in taken:
                return name
        number = 2
        while f"main{number}" in taken:
            number += 1
        return f"main{number}"

    # -- which code may run in spawned workers --------------------------------

    def _parent_only(self, parent_indices, importer_names):
        """Module-level functions that run only in the parent: called by name, only from parent-only code."""
        statements = self.statements
        candidates = {}
        for statement in statements:
            node = statement.node
            if not isinstance(node, FUNCTIONS) or self.bind_counts[node.name] != 1:
                continue
            if node.name in importer_names:
                continue
            if any(decorator_name(d) not in TRANSPARENT_DECORATORS for d in node.decorator_list):
                continue
            candidates[node.name] = statement.index
        references = list(function_references(self.tree, set(candidates)))
        result = set(candidates)
        changed = True
        while changed:
            changed = False
            for index, name, in_call, nested in references:
                if name not in result or index == candidates[name]:
                    continue
                context = statements[index]
                context_ok = index in parent_indices or (
                    isinstance(context.node, FUNCTIONS) and context.node.name in result
                    and candidates.get(context.node.name) == index
                )
                if not (in_call and not nested and context_ok):
                    result.discard(name)
                    changed = True
        return result

    def _worker_readers(self, staying, parent_only):
        # NOTE: every class counts as code that may run in a worker, even one
        # used only by the main process, so some safe fixes come out unsafe.
        for statement in staying:
            if statement.kind != DEFINITION:
                continue
            if isinstance(statement.node, FUNCTIONS) and statement.node.name in parent_only:
                continue
            if not statement.call_uses and not statement.class_reads:
                continue
            yield statement

    def _worker_objects(self, staying, parent_only):
        """Names bound by module-level code that functions or classes which may run in workers read."""
        objects = set()
        for statement in staying:
            if statement.kind in (WORK, CONSTANT):
                objects.update(statement.binds)
        read = set()
        for reader in self._worker_readers(staying, parent_only):
            read |= reader.call_uses | reader.class_reads
        return objects & read

    def _worker_read_reasons(self, staying, parent_only, names, function):
        reasons = []
        for reader in self._worker_readers(staying, parent_only):
            for name in sorted((reader.call_uses | reader.class_reads) & names):
                user = reader.name or tr("check.where.line", line=reader.first_line)
                reasons.append(tr("check.fix.unsafe.worker-reads", user=user, name=name, function=function))
        return reasons

    def _mutation_reasons(self, moved, worker_objects, staying, parent_only):
        reasons = []
        for index in moved:
            statement = self.statements[index]
            for name in sorted(statement.mutates & worker_objects):
                users = [r.name or tr("check.where.line", line=r.first_line)
                         for r in self._worker_readers(staying, parent_only)
                         if name in r.call_uses | r.class_reads]
                reasons.append(tr("check.fix.unsafe.worker-mutation", line=statement.first_line, name=name,
                                  user=users[0] if users else name))
        return reasons

    def _nested_definition_reasons(self, moved, function):
        reasons = []
        for index in moved:
            for node in nested_definitions(self.statements[index].node):
                reasons.append(tr("check.fix.unsafe.local-definition", name=node.name, line=node.lineno,
                                  function=function))
        return reasons

    # -- modules that other modules import ------------------------------------

    def _importer_names(self, report):
        names = set()
        for use in report.uses:
            if use.name:
                names.add(use.name)
        return names

    def _importer_reasons(self, report, moved_bound, move, staying_uses, reasons):
        """Add the reasons that come from other modules importing this one; return True for the lazy form."""
        if not report.complete:
            reasons.append(tr("check.fix.unsafe.project-too-large"))
        moved_set = set(moved_bound)
        used = []
        for use in report.uses:
            if use.kind in (importer_lookup.STAR_IMPORT, importer_lookup.MODULE_VALUE):
                hit = [name for name in moved_bound if use.kind == importer_lookup.MODULE_VALUE
                       or not name.startswith("_")]
            else:
                hit = [use.name] if use.name in moved_set else []
            used.extend((use, name) for name in hit)

        if not used:
            if report.uses:
                use = report.uses[0]
                reasons.append(tr("check.fix.unsafe.imported-side-effect", importer=use.path,
                                  function=move.function))
            return False

        early = [(use, name) for use, name in used if use.import_time]
        if early:
            use, name = early[0]
            raise _Manual(tr("check.fix.manual.import-time-use", importer=use.path, line=use.line, name=name))

        use, name = used[0]
        if not self._lazy_possible(report, moved_set, staying_uses, move):
            reasons.append(tr("check.fix.unsafe.importer-uses", importer=use.path, name=name,
                              function=move.function))
            return False

        move.mode = LAZY
        move.lazy_names = list(moved_bound)
        move.function = self._lazy_function_name(moved_bound)
        move.global_names = list(moved_bound)
        move.merged = []
        reasons.append(tr("check.fix.unsafe.lazy", importer=use.path, name=name))
        return True

    def _lazy_possible(self, report, moved_set, staying_uses, move):
        """Decide whether a module ``__getattr__`` can compute the moved names for the importers.

        It cannot when the module is also run as a script (it has a guard),
        or defines ``__getattr__`` or ``__all__`` already. It cannot either
        when the module's own code reads the names, because a module's own
        global lookups never reach its ``__getattr__``, or when importers use
        the module object as a whole.
        """
        if any(statement.kind == GUARD for statement in self.statements):
            return False
        if "__getattr__" in self.module_binds or "__all__" in self.module_binds:
            return False
        if staying_uses & moved_set:
            return False
        if any(use.kind in (importer_lookup.STAR_IMPORT, importer_lookup.MODULE_VALUE) for use in report.uses):
            return False
        return not any(nested_definitions(self.statements[index].node) for index in move.moved)

    def _lazy_function_name(self, names):
        base = f"_compute_{names[0].lower()}" if len(names) == 1 else "_compute_module_values"
        taken = set(self.bind_counts)
        name = base
        number = 2
        while name in taken:
            name = f"{base}_{number}"
            number += 1
        return name

    # -- hoisting definitions ---------------------------------------------------

    def _plan_hoist(self, finding):
        if os.path.basename(self.source.path) == "__main__.py":
            node = self._definition_at(finding)
            name = node.name if node is not None else "?"
            return _manual([finding], tr("check.fix.manual.main-package", name=name))
        node = self._definition_at(finding)
        if node is None:
            return _manual([finding], tr("check.fix.manual.no-definition", line=finding.line))
        container = self.parents.get(id(node))
        top = self.info.statement_at(node.lineno)
        if container is self.tree or top is None:
            return _manual([finding], tr("check.fix.manual.already-top-level", name=node.name))
        if isinstance(container, ast.If) and top.node is container and top.kind == GUARD and node in container.body:
            hoist = self._hoist_from_guard(node, top, implicit=False)
        elif isinstance(container, FUNCTIONS) and node in container.body:
            hoist = self._hoist_from_function(node, container, top)
        else:
            return _manual([finding], tr("check.fix.manual.nested-block", name=node.name, line=node.lineno))
        if hoist.applicability == MANUAL:
            return _manual([finding], hoist.reasons[0])
        return Part(HOIST, hoist.applicability, [finding], tr("check.fix.title.hoist", name=node.name),
                    list(hoist.reasons), hoist=hoist)

    def _definition_at(self, finding):
        lines = [finding.line] + [link.line for link in finding.chain if _same_file(link.path, finding.path)]
        for line in lines:
            for node in ast.walk(self.tree):
                if isinstance(node, FUNCTIONS + (ast.ClassDef,)):
                    first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                    if first <= line <= node.lineno:
                        return node
        return None

    def _hoist_from_guard(self, node, guard, implicit):
        hoist = Hoist(node=node, container=guard.node, top_index=guard.index, from_guard=True, implicit=implicit)
        name = node.name
        if self._module_scope_bindings(name) != 1:
            return self._no_hoist(hoist, implicit, tr("check.fix.manual.name-clash", name=name))
        guard_bound = set()
        for child in guard.node.body:
            if child is not node:
                guard_bound.update(bound_names(child))
        definition_reads = set(module_scope_reads(node))
        table = self.info.tables.get((name, node.lineno))
        if isinstance(node, ast.ClassDef) and table is not None:
            definition_reads |= {s.get_name() for s in table.get_symbols() if s.is_global() and s.is_referenced()}
        needed = definition_reads & guard_bound
        if needed:
            reason = tr("check.fix.manual.needs-guard-name", name=name, variable=sorted(needed)[0])
            return self._no_hoist(hoist, implicit, reason)
        runtime = (global_uses(table) if table is not None else set()) & guard_bound
        only_in_guard = runtime - self.module_binds_outside_guards()
        if only_in_guard:
            reason = tr("check.fix.unsafe.guard-global", name=name, variable=sorted(only_in_guard)[0])
            if implicit:
                return None
            hoist.applicability = UNSAFE
            hoist.reasons.append(reason)
        return hoist

    def _module_scope_bindings(self, name):
        count = 0
        for statement in self.statements:
            if statement.kind == GUARD:
                count += sum(1 for child in statement.node.body if name in bound_names(child))
            elif name in statement.binds:
                count += 1
        return count

    def module_binds_outside_guards(self):
        names = set()
        for statement in self.statements:
            if statement.kind != GUARD:
                names.update(statement.binds)
        return names

    def _no_hoist(self, hoist, implicit, reason):
        if implicit:
            return None
        hoist.applicability = MANUAL
        hoist.reasons = [reason]
        return hoist

    def _hoist_from_function(self, node, function, top):
        hoist = Hoist(node=node, container=function, top_index=top.index, from_guard=False)
        name = node.name
        table = self.info.tables.get((name, node.lineno))
        if table is None:
            return self._no_hoist(hoist, False, tr("check.fix.manual.no-definition", line=node.lineno))
        free = free_names(table)
        enclosing_locals = set()
        parent = function
        while parent is not None and parent is not self.tree:
            if isinstance(parent, FUNCTIONS):
                outer = self.info.tables.get((parent.name, parent.lineno))
                if outer is not None:
                    enclosing_locals |= {s.get_name() for s in outer.get_symbols() if s.is_local() or s.is_parameter()}
            parent = self.parents.get(id(parent))
        needed = free | (set(module_scope_reads(node)) & enclosing_locals)
        if needed:
            reason = tr("check.fix.manual.closure", name=name, variable=sorted(needed)[0], function=function.name)
            return self._no_hoist(hoist, False, reason)
        own_scope = sum(1 for child in function.body if name in bound_names(child))
        if name in self.module_binds or own_scope != 1:
            return self._no_hoist(hoist, False, tr("check.fix.manual.name-clash", name=name))
        for child in ast.walk(function):
            if isinstance(child, (ast.Global, ast.Nonlocal)) and name in child.names:
                return self._no_hoist(hoist, False, tr("check.fix.manual.name-clash", name=name))
        return hoist


class _Manual(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _scope_statement(node):
    """Return a ``global``/``nonlocal`` statement or star import that runs in the statement's own scope."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, (ast.Global, ast.Nonlocal)):
            return current
        if isinstance(current, ast.ImportFrom) and any(alias.name == "*" for alias in current.names):
            return current
        for child in ast.iter_child_nodes(current):
            if not isinstance(child, FUNCTIONS + (ast.Lambda, ast.ClassDef)):
                stack.append(child)
    return None


def _same_file(first, second):
    if first == second:
        return True
    try:
        return os.path.realpath(first) == os.path.realpath(second)
    except (OSError, ValueError):
        return False


def _chain_target(finding):
    for link in finding.chain[1:]:
        if not _same_file(link.path, finding.path):
            return f"{link.path}:{link.line}"
    if finding.chain:
        last = finding.chain[-1]
        return f"{last.path}:{last.line}"
    return finding.path


def _code_list(names):
    return ", ".join(f"`{name}`" for name in names)
