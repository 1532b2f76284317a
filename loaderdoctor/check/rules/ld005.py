"""LD005 unpicklable-dataset-state: open handles, locks, generators and modules kept on a dataset."""

import ast

from loaderdoctor.check import pickling
from loaderdoctor.check.findings import Finding
from loaderdoctor.check.rules import register
from loaderdoctor.check.rules.helpers import (
    loaders_with_workers,
    sentences,
    where,
    worker_platforms_sentence,
    workers_text,
)
from loaderdoctor.check.values import External, Generator, Instance, ModuleRef
from loaderdoctor.i18n import tr
from loaderdoctor.kinds import UNPICKLABLE_OBJECT

GENERATOR = "generator"
MODULE = "module"
# Help text for each resource: reopen it lazily (the default), create it again, or keep only a name.
HELP_OF_RESOURCE = {"lock": "recreate", "writer": "recreate", GENERATOR: GENERATOR, MODULE: MODULE}


@register("LD005", "unpicklable-dataset-state")
def check_unpicklable_dataset_state(context):
    imported_modules = _ImportedModules(context)
    reported = set()
    for use in loaders_with_workers(context.events):
        for reached in pickling.walk_payload(use.loader):
            resource = _resource(reached.value, imported_modules)
            if resource is not None:
                found = _stored_state(reached, resource, use, context)
            elif isinstance(reached.value, Instance) and not pickling.has_custom_pickling(reached.value.cls):
                found = _generator_expression(reached, use, context)
            else:
                found = None
            if found is None:
                continue
            key = (found.path, found.line, found.column)
            if key not in reported:
                reported.add(key)
                yield found


def _resource(value, imported_modules):
    if isinstance(value, pickling.Handle):
        return value.resource
    if isinstance(value, Generator):
        return GENERATOR
    if isinstance(value, ModuleRef) or (isinstance(value, External) and imported_modules.contains(value.qualname)):
        return MODULE
    return None


def _stored_state(reached, resource, use, context):
    """Build the finding for a resource, at the statement that stores it on the object."""
    node, module, owner = None, None, None
    if reached.holder is not None:
        instance, attribute = reached.holder
        found = pickling.assignment_node(instance.cls, attribute)
        if found is not None:
            klass, node = found
            module, owner = klass.module, f"{instance.cls.qualname}.{attribute}"
    created = getattr(reached.value, "origin", None) or getattr(reached.value, "site", None)
    if node is not None and module.library:
        return None
    if node is None:
        if created is None or created.library:
            return None
        path, line, column = created.path, created.line, created.column
    else:
        path, line, column = module.display_path, node.lineno, node.col_offset + 1
    return _finding(use, path, line, column, resource, owner or reached.path, reached.path, context)


def _generator_expression(reached, use, context):
    """Find ``self.x = (... for ...)`` in ``__init__``: a generator the interpreter does not model."""
    klass = reached.value.cls
    for current in klass.mro():
        if current.node is None or current.module.library:
            continue
        for method in current.node.body:
            if not isinstance(method, ast.FunctionDef) or method.name != "__init__" or not method.args.args:
                continue
            receiver = method.args.args[0].arg
            for node in ast.walk(method):
                if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.GeneratorExp)):
                    continue
                for target in node.targets:
                    if not isinstance(target, ast.Attribute) or not isinstance(target.value, ast.Name):
                        continue
                    if target.value.id == receiver:
                        owner = f"{klass.qualname}.{target.attr}"
                        return _finding(use, current.module.display_path, node.lineno, node.col_offset + 1,
                                        GENERATOR, owner, f"{reached.path}.{target.attr}", context)
    return None


def _finding(use, path, line, column, resource, owner, role, context):
    resource_text = tr(f"check.LD005.resource.{resource}")
    fields = {
        "owner": owner,
        "resource": resource_text,
        "loader": where(use.loader.site, path, context.source),
        "role": role,
        "workers": workers_text(use),
    }
    message = sentences(tr("check.LD005.message", **fields), worker_platforms_sentence(use))
    help_key = HELP_OF_RESOURCE.get(resource, "reopen")
    return Finding(
        code="LD005",
        path=path,
        line=line,
        column=column,
        message=message,
        kind=UNPICKLABLE_OBJECT,
        help=tr(f"check.LD005.help.{help_key}", **fields),
        chain=list(use.chain),
        value_sources=list(use.verdict.sources),
        value_text=workers_text(use),
    )


class _ImportedModules:
    """Names bound by ``import`` statements in the analysed files: an ``External`` with one is a module.

    The files are scanned on the first question only, because most checked
    files have no loader that sends an external value to its workers.
    """

    def __init__(self, context):
        self.context = context
        self.names = None

    def contains(self, qualname):
        if self.names is None:
            self.names = self._scan()
        return qualname in self.names

    def _scan(self):
        names = set()
        project_modules = self.context.interpreter.project.modules.values()
        for module in [self.context.module] + [m for m in project_modules if m is not None]:
            tree = module.source.tree
            if tree is None:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    for alias in node.names:
                        parts = alias.name.split(".")
                        names.update(".".join(parts[: index + 1]) for index in range(len(parts)))
        return names
