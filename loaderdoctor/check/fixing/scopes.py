"""What each module-level statement binds, reads and changes.

The fixer decides from this which statements can move into a function and
which must stay at module level. Names read inside function and class bodies
come from ``symtable``, which applies Python's own scoping rules. Names read
by the module-level code itself come from a walk of the AST that skips the
bodies of nested functions.
"""

import ast
import bisect
import symtable
from dataclasses import dataclass, field

from loaderdoctor.check import sources

DOCSTRING = "docstring"
FUTURE = "future"
DEFINITION = "definition"
CONSTANT = "constant"
GUARD = "guard"
WORK = "work"

# Decorators that neither register nor hand out the function they wrap, so a
# function decorated with them is still only reachable through its name.
TRANSPARENT_DECORATORS = frozenset(
    {
        "torch.no_grad",
        "torch.inference_mode",
        "torch.enable_grad",
        "functools.lru_cache",
        "functools.cache",
        "functools.wraps",
        "lru_cache",
        "cache",
        "no_grad",
        "inference_mode",
    }
)

COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
TRY_NODES = tuple(getattr(ast, name) for name in ("Try", "TryStar") if hasattr(ast, name))


@dataclass
class Statement:
    index: int
    node: ast.stmt
    first_line: int  # the first decorator for decorated definitions
    last_line: int
    kind: str
    binds: list = field(default_factory=list)
    # Names the statement reads while it runs at module level.
    reads: set = field(default_factory=set)
    # Global names read or assigned later, when functions and methods defined
    # in the statement are called.
    call_uses: set = field(default_factory=set)
    # Global names a class body reads while the class is being defined.
    class_reads: set = field(default_factory=set)
    # Names whose object the statement may change in place: ``x[k] = v``,
    # ``x.a = v``, ``x.append(v)``.
    mutates: set = field(default_factory=set)

    @property
    def name(self):
        return getattr(self.node, "name", None)

    @property
    def definition_reads(self):
        """Names read when the statement runs, including a class body's reads."""
        return self.reads | self.class_reads

    @property
    def all_uses(self):
        return self.reads | self.class_reads | self.call_uses


class AnalysisError(Exception):
    """The module cannot be analysed (``symtable`` rejects it)."""


def is_main_guard(node):
    """True for ``if __name__ == "__main__":`` and its spellings with ``is`` or swapped sides."""
    if not isinstance(node, ast.If):
        return False
    test = node.test
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Eq, ast.Is))):
        return False
    left, right = test.left, test.comparators[0]
    return (_is_dunder_name(left) and _is_main_string(right)) or (_is_main_string(left) and _is_dunder_name(right))


def _is_dunder_name(node):
    return isinstance(node, ast.Name) and node.id == "__name__"


def _is_main_string(node):
    return isinstance(node, ast.Constant) and node.value == "__main__"


def is_literal(node):
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return isinstance(node.operand, ast.Constant) and isinstance(node.operand.value, (int, float, complex))
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return all(is_literal(element) for element in node.elts)
    if isinstance(node, ast.Dict):
        return all(key is not None and is_literal(key) for key in node.keys) and all(map(is_literal, node.values))
    return False


def _simple_targets(targets):
    for target in targets:
        if isinstance(target, ast.Name):
            continue
        if isinstance(target, (ast.Tuple, ast.List)) and all(isinstance(e, ast.Name) for e in target.elts):
            continue
        return False
    return True


def is_constant_assignment(node):
    if isinstance(node, ast.Assign):
        return _simple_targets(node.targets) and is_literal(node.value)
    if isinstance(node, ast.AnnAssign):
        return isinstance(node.target, ast.Name) and (node.value is None or is_literal(node.value))
    return False


def is_definition_like(node):
    """True for imports, definitions, and ``if``/``try`` blocks made only of those and constants."""
    if isinstance(node, (ast.Import, ast.ImportFrom, ast.ClassDef) + FUNCTIONS):
        return True
    if isinstance(node, ast.If) and not is_main_guard(node):
        children = node.body + node.orelse
    elif TRY_NODES and isinstance(node, TRY_NODES):
        children = node.body + node.orelse + node.finalbody
        for handler in node.handlers:
            children = children + handler.body
    else:
        return False
    return all(_quiet(child) for child in children)


def _quiet(node):
    if isinstance(node, ast.Pass) or is_constant_assignment(node):
        return True
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
        return True
    return is_definition_like(node)


def classify(node, index):
    if index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) \
            and isinstance(node.value.value, str):
        return DOCSTRING
    if isinstance(node, ast.ImportFrom) and node.module == "__future__":
        return FUTURE
    if is_main_guard(node):
        return GUARD
    if is_constant_assignment(node):
        return CONSTANT
    if is_definition_like(node):
        return DEFINITION
    return WORK


def first_line(node):
    decorators = getattr(node, "decorator_list", None) or []
    return min([node.lineno] + [decorator.lineno for decorator in decorators])


class _Bindings(ast.NodeVisitor):
    """Collect the names a statement binds in the scope it runs in."""

    def __init__(self):
        self.names = []

    def add(self, name):
        if name not in self.names:
            self.names.append(name)

    def visit_Name(self, node):
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            self.add(node.id)

    def _definition(self, node):
        for decorator in node.decorator_list:
            self.visit(decorator)
        self.add(node.name)

    def visit_FunctionDef(self, node):
        self._definition(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self._definition(node)

    def visit_Lambda(self, node):
        pass

    def visit_Import(self, node):
        for alias in node.names:
            self.add(alias.asname or alias.name.split(".")[0])

    def visit_ImportFrom(self, node):
        for alias in node.names:
            if alias.name != "*":
                self.add(alias.asname or alias.name)

    def visit_ExceptHandler(self, node):
        if node.name:
            self.add(node.name)
        self.generic_visit(node)

    def visit_NamedExpr(self, node):
        self.add(node.target.id)
        self.visit(node.value)

    def _comprehension(self, node):
        # Comprehension variables are local to the comprehension; only an
        # assignment expression inside it binds in the enclosing scope.
        for child in ast.walk(node):
            if isinstance(child, ast.NamedExpr):
                self.add(child.target.id)

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comprehension

    def visit_MatchAs(self, node):
        if node.name:
            self.add(node.name)
        self.generic_visit(node)

    def visit_MatchStar(self, node):
        if node.name:
            self.add(node.name)

    def visit_MatchMapping(self, node):
        if node.rest:
            self.add(node.rest)
        self.generic_visit(node)


def bound_names(node):
    visitor = _Bindings()
    visitor.visit(node)
    return visitor.names


class _Reads(ast.NodeVisitor):
    """Collect the names read by code that runs in the statement's own scope."""

    def __init__(self, annotations_evaluated=True):
        self.names = set()
        self.annotations_evaluated = annotations_evaluated

    def visit_Name(self, node):
        if isinstance(node.ctx, (ast.Load, ast.Del)):
            self.names.add(node.id)

    def visit_AugAssign(self, node):
        if isinstance(node.target, ast.Name):
            self.names.add(node.target.id)
        self.generic_visit(node)

    def _arguments(self, args):
        for default in list(args.defaults) + [d for d in args.kw_defaults if d is not None]:
            self.visit(default)
        if self.annotations_evaluated:
            every = list(args.posonlyargs) + list(args.args) + list(args.kwonlyargs)
            every += [arg for arg in (args.vararg, args.kwarg) if arg is not None]
            for arg in every:
                if arg.annotation is not None:
                    self.visit(arg.annotation)

    def visit_FunctionDef(self, node):
        for decorator in node.decorator_list:
            self.visit(decorator)
        self._arguments(node.args)
        if self.annotations_evaluated and node.returns is not None:
            self.visit(node.returns)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        self._arguments(node.args)

    def visit_ClassDef(self, node):
        # The class body's own reads come from symtable (``class_reads``).
        for child in node.decorator_list + node.bases + [keyword.value for keyword in node.keywords]:
            self.visit(child)

    def _comprehension(self, node):
        inner = _Reads(self.annotations_evaluated)
        for child in ast.iter_child_nodes(node):
            inner.visit(child)
        local = set()
        for generator in node.generators:
            local.update(bound_names(generator.target))
        self.names.update(inner.names - local)

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comprehension


def module_scope_reads(node, annotations_evaluated=True):
    visitor = _Reads(annotations_evaluated)
    visitor.visit(node)
    return visitor.names


def mutated_names(node):
    """Names whose objects the statement may change in place, at module scope."""
    names = set()
    for child in _walk_module_scope(node):
        if isinstance(child, (ast.Subscript, ast.Attribute)) and isinstance(child.ctx, (ast.Store, ast.Del)):
            base = _base_name(child.value)
            if base:
                names.add(base)
        elif isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute):
            base = _base_name(child.func.value)
            if base:
                names.add(base)
    return names


def _base_name(node):
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _walk_module_scope(node):
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        for child in ast.iter_child_nodes(current):
            if isinstance(child, FUNCTIONS + (ast.Lambda, ast.ClassDef)):
                continue
            stack.append(child)


def nested_definitions(node):
    """Function and class definitions inside a compound statement, outside nested function bodies."""
    found = []
    for child in _walk_module_scope(node):
        for inner in ast.iter_child_nodes(child):
            if isinstance(inner, FUNCTIONS + (ast.ClassDef,)):
                found.append(inner)
    return found


def decorator_name(node):
    target = node.func if isinstance(node, ast.Call) else node
    parts = []
    while isinstance(target, ast.Attribute):
        parts.append(target.attr)
        target = target.value
    if isinstance(target, ast.Name):
        parts.append(target.id)
        return ".".join(reversed(parts))
    return None


def runs_no_code(node):
    """True for a definition whose own execution calls nothing, so moving code past it keeps the order of effects.

    Imports run the imported module, and decorators, default values and class
    bodies may call anything. A plain ``def``, or a class made of methods and
    literal constants, calls nothing.
    """
    if isinstance(node, FUNCTIONS):
        decorators_ok = all(decorator_name(d) in TRANSPARENT_DECORATORS for d in node.decorator_list)
        defaults = list(node.args.defaults) + [d for d in node.args.kw_defaults if d is not None]
        return decorators_ok and not any(_contains_call(default) for default in defaults)
    if isinstance(node, ast.ClassDef):
        if node.decorator_list or any(_contains_call(base) for base in node.bases):
            return False
        if any(_contains_call(keyword.value) for keyword in node.keywords):
            return False
        for child in node.body:
            quiet = isinstance(child, ast.Pass) or is_constant_assignment(child) or (
                isinstance(child, ast.Expr) and isinstance(child.value, ast.Constant))
            if not quiet and not runs_no_code(child):
                return False
        return True
    return False


def _contains_call(node):
    return any(isinstance(child, ast.Call) for child in ast.walk(node))


def has_future_annotations(tree):
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            if any(alias.name == "annotations" for alias in node.names):
                return True
    return False


class ModuleInfo:
    """The module-level statements of one file, each with what it binds, reads and changes."""

    def __init__(self, text, tree, path="<module>"):
        self.tree = tree
        evaluated = not has_future_annotations(tree)
        self.statements = []
        for index, node in enumerate(tree.body):
            statement = Statement(
                index=index,
                node=node,
                first_line=first_line(node),
                last_line=node.end_lineno,
                kind=classify(node, index),
                binds=bound_names(node),
                reads=module_scope_reads(node, evaluated),
                mutates=mutated_names(node),
            )
            self.statements.append(statement)
        self._starts = [statement.first_line for statement in self.statements]
        self._add_symtable_uses(text, path)

    def _add_symtable_uses(self, text, path):
        table, self.tables = symbol_tables(text, path)
        for child in table.get_children():
            statement = self.statement_at(child.get_lineno())
            if statement is None:
                continue
            statement.call_uses |= _global_uses(child)
            if child.get_type() == "class" and isinstance(statement.node, ast.ClassDef) \
                    and child.get_lineno() == statement.node.lineno:
                statement.class_reads |= _own_global_reads(child)

    def statement_at(self, line):
        """Return the module-level statement whose lines contain ``line``, or None."""
        position = bisect.bisect_right(self._starts, line) - 1
        if position < 0:
            return None
        statement = self.statements[position]
        return statement if line <= statement.last_line else None

    def guards(self):
        return [statement for statement in self.statements if statement.kind == GUARD]


def _own_global_reads(table):
    names = set()
    for symbol in table.get_symbols():
        if symbol.is_global() and symbol.is_referenced():
            names.add(symbol.get_name())
    return names


def _global_uses(table):
    names = set()
    for symbol in table.get_symbols():
        if symbol.is_global() and (symbol.is_referenced() or symbol.is_assigned()):
            names.add(symbol.get_name())
    for child in table.get_children():
        names |= _global_uses(child)
    return names


def function_references(tree, names):
    """Yield ``(statement_index, name, in_call, nested)`` for every load of one of ``names`` in the module.

    ``in_call`` is True when the name is called directly, ``name(...)``.
    ``nested`` is True when the load sits inside a function, lambda or class
    nested in the module-level statement (the body of a module-level function
    itself does not count as nested).
    """
    for index, statement in enumerate(tree.body):
        called = set()
        for node in ast.walk(statement):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                called.add(id(node.func))
        start = list(statement.body) if isinstance(statement, FUNCTIONS) else [statement]
        if isinstance(statement, FUNCTIONS):
            start += list(statement.decorator_list) + list(statement.args.defaults)
        stack = [(node, False) for node in start]
        while stack:
            node, nested = stack.pop()
            if isinstance(node, ast.Name) and node.id in names and isinstance(node.ctx, ast.Load):
                yield index, node.id, id(node) in called, nested
            inner = nested or isinstance(node, FUNCTIONS + (ast.Lambda, ast.ClassDef))
            for child in ast.iter_child_nodes(node):
                stack.append((child, inner))


def symbol_tables(text, path):
    """Return every symbol table of the module below the top one, keyed by ``(name, first line)``."""
    try:
        with sources.compiler_warnings_silenced():
            top = symtable.symtable(text, path, "exec")
    except (SyntaxError, ValueError, RecursionError) as error:
        raise AnalysisError(str(error)) from None
    tables = {}
    stack = list(top.get_children())
    while stack:
        table = stack.pop()
        tables.setdefault((table.get_name(), table.get_lineno()), table)
        stack.extend(table.get_children())
    return top, tables


def global_uses(table):
    """Global names that ``table`` and the scopes nested in it read or assign."""
    return _global_uses(table)


def free_names(table):
    """Names that ``table`` or its nested scopes take from a function enclosing ``table``."""
    names = set()
    stack = [(table, ())]
    while stack:
        current, ancestors = stack.pop()
        for symbol in current.get_symbols():
            if not symbol.is_free():
                continue
            name = symbol.get_name()
            # A free name resolves to the nearest enclosing function that
            # binds it; only bindings outside ``table`` make a closure.
            if not any(_binds_locally(ancestor, name) for ancestor in ancestors):
                names.add(name)
        for child in current.get_children():
            stack.append((child, ancestors + (current,)))
    return names


def _binds_locally(table, name):
    if table.get_type() == "class":
        return False  # class bodies are not enclosing scopes for their methods
    try:
        return table.lookup(name).is_local()
    except KeyError:
        return False
