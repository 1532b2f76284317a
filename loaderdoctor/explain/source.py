"""Read the user's source files named by a log, and find definitions in them.

Only plain ``ast`` is used; nothing is imported or executed.
"""

import ast
import io
import tokenize

MAX_SOURCE_BYTES = 5 * 1024 * 1024


class SourceFile:
    """A user's file on this machine: its lines and, when it parses, its syntax tree."""

    def __init__(self, path):
        self.path = path
        self.lines = []
        self.tree = None
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_SOURCE_BYTES + 1)
        except OSError:
            return
        if len(data) > MAX_SOURCE_BYTES:
            return
        text = _decode_source(data)
        self.lines = text.splitlines()
        try:
            self.tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            self.tree = None

    def line(self, number):
        if 1 <= number <= len(self.lines):
            return self.lines[number - 1].strip()
        return ""


def _decode_source(data):
    # PEP 263 cookie or BOM first, then GBK (Chinese Windows editors save
    # without a cookie), then UTF-8 with replacement characters.
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError):
        pass
    try:
        return data.decode("gbk")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


def _is_main_guard(node):
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    test = node.test
    if len(test.ops) != 1 or not isinstance(test.ops[0], ast.Eq):
        return False
    sides = [test.left, test.comparators[0]]
    has_name = any(isinstance(side, ast.Name) and side.id == "__name__" for side in sides)
    has_main = any(isinstance(side, ast.Constant) and side.value == "__main__" for side in sides)
    return has_name and has_main


def _children_with_context(body, inside_guard, inside_function):
    for node in body:
        yield node, inside_guard, inside_function
        guard = inside_guard or _is_main_guard(node)
        function = inside_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for field in ("body", "orelse", "finalbody", "handlers"):
            children = getattr(node, field, None)
            if isinstance(children, list):
                yield from _children_with_context(children, guard, function)


class Definition:
    def __init__(self, line, inside_guard, inside_function):
        self.line = line
        self.inside_guard = inside_guard
        self.inside_function = inside_function


def find_named_definition(tree, name):
    """Find the ``class``/``def``/assignment that defines ``name`` anywhere in the module."""
    if tree is None:
        return None
    for node, guard, function in _children_with_context(tree.body, False, False):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            return Definition(node.lineno, guard, function)
        if isinstance(node, ast.Assign):
            if any(isinstance(target, ast.Name) and target.id == name for target in node.targets):
                return Definition(node.lineno, guard, function)
    return None


def _named_child(body, name):
    for node in ast.walk(ast.Module(body=body, type_ignores=[])):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            return node
    return None


def find_qualname(tree, qualname):
    """Return the line defining a local object such as ``make.<locals>.<lambda>``, or None."""
    if tree is None:
        return None
    parts = [part for part in qualname.split(".") if part != "<locals>"]
    if not parts:
        return None
    body = tree.body
    node = None
    for part in parts:
        if part == "<lambda>":
            scope = node if node is not None else tree
            lambdas = [child for child in ast.walk(scope) if isinstance(child, ast.Lambda)]
            return min(lambda_.lineno for lambda_ in lambdas) if lambdas else None
        node = _named_child(body, part)
        if node is None:
            return None
        body = node.body
    return node.lineno if node is not None else None


def find_module_lambdas(tree):
    """Lines of module-level assignments of a lambda (``f = lambda x: ...``)."""
    if tree is None:
        return []
    lines = []
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Lambda):
            lines.append(node.lineno)
    return lines


def globals_set_only_in_guard(tree, line):
    """Names read at ``line`` whose module-level value is None and that only
    code in a function (``global`` statement) or in the ``__main__`` block
    changes. Returns ``[(name, module_line, changed_line)]``.

    Spawned workers import the module again, so they see the module-level
    value, not the one that the guarded code set in the parent.
    """
    if tree is None:
        return []
    read = {node.id for node in ast.walk(tree)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
            and getattr(node, "lineno", None) == line}
    if not read:
        return []

    module_values = {}
    changed = {}
    for node, guard, function in _children_with_context(tree.body, False, False):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if not isinstance(target, ast.Name) or target.id not in read:
                    continue
                if not guard and not function:
                    module_values.setdefault(target.id, (node.lineno, node.value))
                elif guard:
                    changed.setdefault(target.id, node.lineno)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            declared = {name for child in ast.walk(node) if isinstance(child, ast.Global) for name in child.names}
            for child in ast.walk(node):
                if isinstance(child, ast.Assign):
                    for target in child.targets:
                        if isinstance(target, ast.Name) and target.id in declared and target.id in read:
                            changed.setdefault(target.id, child.lineno)

    found = []
    for name in sorted(read):
        if name not in module_values or name not in changed:
            continue
        module_line, value = module_values[name]
        if isinstance(value, ast.Constant) and value.value is None:
            found.append((name, module_line, changed[name]))
    return found
