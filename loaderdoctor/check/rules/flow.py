"""Control flow questions that rules ask about the lines of an event chain."""

import ast


def modules_by_path(context):
    modules = {context.module.display_path: context.module}
    for module in context.interpreter.project.modules.values():
        if module is not None:
            modules.setdefault(module.display_path, module)
    return modules


def is_conditional(origin, modules):
    """Return True when the statement at ``origin`` may be skipped within its function or module.

    Branches of ``if``, loop bodies, ``except`` and ``else`` clauses and
    ``match`` cases are conditional. The body of the ``__main__`` guard is
    not, because the main process always runs it. A place in a file that
    was not analysed counts as conditional.
    """
    module = modules.get(origin.path)
    if module is None or module.source.tree is None:
        return True
    statements = module.source.tree.body
    conditional = False
    while statements:
        statement = _statement_at(statements, origin.line)
        if statement is None or origin.line < _body_start(statement):
            # A simple statement, or the header of a compound one (the
            # `for` line that iterates, the `with` line), runs when reached.
            return conditional
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            # The link is a call site inside this function; the call into the
            # function is judged by the link before it.
            statements, conditional = statement.body, False
        elif isinstance(statement, ast.If):
            in_body = _contains(statement.body, origin.line)
            if not (_is_main_guard(statement.test) and in_body):
                conditional = True
            statements = statement.body if in_body else statement.orelse
        elif isinstance(statement, (ast.For, ast.AsyncFor, ast.While)):
            conditional = True
            statements = statement.body if _contains(statement.body, origin.line) else statement.orelse
        elif isinstance(statement, ast.Try) or type(statement).__name__ == "TryStar":
            if _contains(statement.body, origin.line):
                statements = statement.body
            elif _contains(statement.finalbody, origin.line):
                statements = statement.finalbody
            else:
                conditional = True
                statements = statement.orelse + [line for handler in statement.handlers for line in handler.body]
        elif isinstance(statement, (ast.With, ast.AsyncWith)):
            statements = statement.body
        elif type(statement).__name__ == "Match":
            conditional = True
            statements = [line for case in statement.cases for line in case.body]
        else:
            return conditional
    return conditional


def _body_start(statement):
    body = getattr(statement, "body", None)
    if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
        return body[0].lineno
    cases = getattr(statement, "cases", None)
    if cases:
        return cases[0].pattern.lineno
    return statement.lineno + 1


def _statement_at(statements, line):
    for statement in statements:
        if statement.lineno <= line <= (statement.end_lineno or statement.lineno):
            return statement
    return None


def _contains(statements, line):
    return _statement_at(statements, line) is not None


def _is_main_guard(test):
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(_is_main_guard(value) for value in test.values)
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Eq, ast.Is))):
        return False
    sides = [test.left, test.comparators[0]]
    has_name = any(isinstance(side, ast.Name) and side.id == "__name__" for side in sides)
    has_main = any(isinstance(side, ast.Constant) and side.value == "__main__" for side in sides)
    return has_name and has_main
