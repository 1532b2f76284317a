"""Find which object makes a worker's arguments unpicklable, and where it was made.

Runs inside the user's interpreter (standard library only). Pickling errors
rarely name the attribute that failed ("cannot pickle '_io.BufferedReader'
object"), so this module pickles the parts of the dataset, collate_fn and
worker_init_fn one by one and descends into the first part that fails.
"""

import ast
import io
import os
import sys

MAX_CHECKS = 300
MAX_DEPTH = 6


def _fails_to_pickle(obj):
    from multiprocessing.reduction import ForkingPickler

    try:
        ForkingPickler(io.BytesIO(), 2).dump(obj)
    except Exception as error:  # noqa: BLE001 - any error means "not picklable"
        return error
    return None


def _children(obj):
    if isinstance(obj, dict):
        for key, value in list(obj.items())[:200]:
            yield "[%r]" % (key,), value, None
        return
    if isinstance(obj, (list, tuple, set, frozenset)):
        for index, value in enumerate(list(obj)[:200]):
            yield "[%d]" % index, value, None
        return
    closure = getattr(obj, "__closure__", None)
    if closure:
        names = obj.__code__.co_freevars
        for name, cell in zip(names, closure):
            try:
                yield "<closure %s>" % name, cell.cell_contents, None
            except ValueError:
                continue
    partial_func = getattr(obj, "func", None)
    if partial_func is not None and hasattr(obj, "args") and hasattr(obj, "keywords"):
        yield ".func", partial_func, None
        for index, value in enumerate(obj.args):
            yield ".args[%d]" % index, value, None
        for key, value in (obj.keywords or {}).items():
            yield ".keywords[%r]" % (key,), value, None
        return
    attributes = getattr(obj, "__dict__", None)
    if isinstance(attributes, dict) and not isinstance(obj, type):
        for name, value in list(attributes.items())[:200]:
            yield "." + name, value, (obj, name)


def find_culprit(roots):
    """Return a dict describing the innermost unpicklable object among ``roots``.

    ``roots`` is a list of ``(name, object)``. The result has ``path`` (for
    example ``dataset.transform.steps[1]``), ``type``, ``error``, ``qualname``
    and ``origin`` (``{"path", "line"}`` or None).
    """
    budget = [MAX_CHECKS]
    for name, obj in roots:
        error = _fails_to_pickle(obj)
        if error is None:
            continue
        found = _descend(name, obj, None, error, budget, 0)
        return found
    return None


def _descend(path, obj, owner, error, budget, depth):
    if depth < MAX_DEPTH:
        for suffix, child, child_owner in _children(obj):
            if budget[0] <= 0:
                break
            budget[0] -= 1
            if isinstance(child, (str, bytes, int, float, bool, type(None))):
                continue
            child_error = _fails_to_pickle(child)
            if child_error is not None:
                return _descend(path + suffix, child, child_owner, child_error, budget, depth + 1)
    return _describe(path, obj, owner, error)


def _describe(path, obj, owner, error):
    kind = type(obj)
    qualname = getattr(obj, "__qualname__", None) if callable(obj) else None
    if qualname is None and "<locals>" in getattr(kind, "__qualname__", ""):
        qualname = kind.__qualname__
    return {
        "path": path,
        "type": "%s.%s" % (kind.__module__, kind.__qualname__),
        "error": "%s: %s" % (type(error).__name__, error),
        "qualname": qualname,
        "origin": origin_of(obj, owner),
    }


def origin_of(obj, owner=None):
    """Return where ``obj`` was defined or stored, as ``{"path", "line", "how"}``."""
    code = getattr(obj, "__code__", None)
    if code is not None:
        return {"path": code.co_filename, "line": code.co_firstlineno, "how": "definition"}
    func = getattr(obj, "__func__", None)
    if func is not None and getattr(func, "__code__", None) is not None:
        return {"path": func.__code__.co_filename, "line": func.__code__.co_firstlineno, "how": "definition"}

    # An instance of a class that cannot be pickled by reference (a class
    # defined inside a function): point at the class statement.
    kind = obj if isinstance(obj, type) else type(obj)
    if "<locals>" in getattr(kind, "__qualname__", ""):
        location = _class_definition(kind)
        if location:
            return location

    if owner is not None:
        holder, attribute = owner
        location = _attribute_assignment(type(holder), attribute)
        if location:
            return location
    return None


def _module_file(kind):
    module = sys.modules.get(getattr(kind, "__module__", ""), None)
    path = getattr(module, "__file__", None)
    if path and os.path.exists(path):
        return path
    return None


def _parse(path):
    try:
        with open(path, "rb") as handle:
            return ast.parse(handle.read(), path)
    except (OSError, SyntaxError, ValueError):
        return None


def _class_definition(kind):
    first_line = getattr(kind, "__firstlineno__", None)  # Python 3.13+
    path = _module_file(kind)
    if path and first_line:
        return {"path": path, "line": first_line, "how": "definition"}
    tree = _parse(path) if path else None
    if tree is None:
        return None
    parts = [part for part in kind.__qualname__.split(".") if part != "<locals>"]
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == parts[-1]:
            return {"path": path, "line": node.lineno, "how": "definition"}
    return None


def _attribute_assignment(kind, attribute):
    """Find ``self.<attribute> = ...`` in the class of the object that holds the value."""
    for klass in getattr(kind, "__mro__", (kind,)):
        path = _module_file(klass)
        tree = _parse(path) if path else None
        if tree is None:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef) or node.name != klass.__name__:
                continue
            for inner in ast.walk(node):
                targets = []
                if isinstance(inner, ast.Assign):
                    targets = inner.targets
                elif isinstance(inner, (ast.AnnAssign, ast.AugAssign)):
                    targets = [inner.target]
                for target in targets:
                    if (
                        isinstance(target, ast.Attribute)
                        and target.attr == attribute
                        and isinstance(target.value, ast.Name)
                        and target.value.id == "self"
                    ):
                        return {"path": path, "line": inner.lineno, "how": "assignment"}
    return None
