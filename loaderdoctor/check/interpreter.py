"""An abstract interpreter that follows a module the way a spawned worker imports it.

It walks the module's statements top to bottom and evaluates expressions to
the stand-ins in ``values``. It follows calls into functions, methods and
constructors of the checked file, of other project modules and of catalog
stubs, and records events (a DataLoader iterated, a pool started) with the
chain of call sites that led there. It never imports or runs the code.

Branches are followed both ways and loops run once, so a value may be a
``Union`` of what each path produced. The walk has a step budget, so a
pathological file ends the analysis early instead of hanging the check.
"""

import ast
import builtins
import copy
import re

from loaderdoctor.check import events
from loaderdoctor.check.values import (
    ABSENT,
    ALL_PLATFORMS,
    LINUX,
    MACOS,
    UNKNOWN,
    WINDOWS,
    ArgParser,
    Class,
    Const,
    Dict,
    Estimate,
    External,
    Function,
    Generator,
    GuardTest,
    Instance,
    IterWrapper,
    Loader,
    Method,
    ModuleRef,
    Namespace,
    Opaque,
    Origin,
    PlatformName,
    PlatformTest,
    Sequence,
    Union,
    Value,
    options_of,
    restrict,
    union,
)

MAX_CALL_DEPTH = 32
MAX_STEPS = 200_000

# DataLoader's parameters in order (torch 2.x); num_workers is the sixth.
DATALOADER_PARAMETERS = (
    "dataset",
    "batch_size",
    "shuffle",
    "sampler",
    "batch_sampler",
    "num_workers",
    "collate_fn",
    "pin_memory",
    "drop_last",
    "timeout",
    "worker_init_fn",
    "multiprocessing_context",
    "generator",
)

LOADER_CLASSES = frozenset(
    {
        "torch.utils.data.DataLoader",
        "torch.utils.data.dataloader.DataLoader",
    }
)

# Calls that call iter() on their iterable arguments as soon as they are made.
EAGER_ITER_CALLS = {
    "builtins.enumerate": slice(0, 1),
    "builtins.zip": slice(0, None),
    "builtins.map": slice(1, None),
    "builtins.filter": slice(1, 2),
    "itertools.islice": slice(0, 1),
    "itertools.cycle": slice(0, 1),
    "itertools.zip_longest": slice(0, None),
    "itertools.starmap": slice(1, 2),
    "itertools.tee": slice(0, 1),
}
# Calls that consume their first argument completely.
CONSUMING_CALLS = frozenset(
    {
        "builtins.list",
        "builtins.tuple",
        "builtins.set",
        "builtins.frozenset",
        "builtins.sorted",
        "builtins.sum",
        "builtins.any",
        "builtins.all",
        "builtins.dict",
        "collections.deque",
        "collections.Counter",
    }
)
# Lazy wrappers: iterating them iterates their argument.
LAZY_WRAPPERS = frozenset({"itertools.chain", "rich.progress.track"})
CPU_COUNT_CALLS = frozenset(
    {
        "os.cpu_count",
        "os.process_cpu_count",
        "multiprocessing.cpu_count",
        "torch.multiprocessing.cpu_count",
        "psutil.cpu_count",
    }
)
SET_START_METHOD_CALLS = frozenset(
    {
        "multiprocessing.set_start_method",
        "torch.multiprocessing.set_start_method",
        "multiprocess.set_start_method",
    }
)


def is_tqdm(qualname):
    return qualname.startswith("tqdm") and qualname.rsplit(".", 1)[-1] in ("tqdm", "trange")


class BudgetExceeded(Exception):
    pass


class Module:
    """A module being interpreted: its source, dotted name and global namespace."""

    def __init__(self, source, name, package="", library=False, display_path=None):
        self.source = source
        self.name = name
        self.package = package
        self.library = library
        self.path = source.path
        self.display_path = display_path or source.path
        self.globals = {"__name__": Const(name)}
        self.state = "new"
        # Events recorded while the top level ran, each with the length of
        # the call-site prefix in front of them, and the interpreter that ran
        # it: another interpreter reusing the module replays them.
        self.import_events = []
        self.imported_by = None
        # The globals as the top level left them, for the next script to start from.
        self.pristine_globals = None
        # Installed libraries run only their definitions when imported:
        # their top level never starts workers, and skipping the rest keeps
        # a large library cheap.
        self.definitions_only = False
        # Star imports of project modules that run only when one of their
        # names is looked up: (path, dotted name, bytes, import site), in
        # import order.
        self.deferred_stars = []


class Frame:
    def __init__(self, module, namespace=None, function=None, closure=None, kind="function"):
        self.module = module
        self.locals = module.globals if namespace is None else namespace
        self.function = function
        self.closure = closure
        self.kind = kind  # "module", "class" or "function"
        self.declared_global = set()
        self.returns = []
        self.yields = False
        self.conditional = 0
        self.platforms = ALL_PLATFORMS


class SuperRef(Value):
    """``super()`` inside a method: lookups start after the defining class."""

    def __init__(self, owner, instance):
        self.owner = owner
        self.instance = instance


class Interpreter:
    def __init__(self, project, loader_classes=LOADER_CLASSES, max_steps=MAX_STEPS, worker_starters=()):
        self.project = project
        self.loader_classes = frozenset(loader_classes)
        # Qualified names the user declared as starting workers when called.
        self.worker_starters = frozenset(worker_starters)
        self.events = []
        self.stack = []
        self.active = set()
        self.guarded = 0
        self.steps = 0
        self.max_steps = max_steps
        self.truncated = False

    # -- entry points -----------------------------------------------------

    def run_main(self, module):
        """Interpret ``module`` as the script being run, guard blocks included."""
        module.globals["__name__"] = Const("__main__")
        module.state = "running"
        frame = Frame(module, kind="module")
        try:
            self.exec_block(module.source.tree.body, frame)
        except BudgetExceeded:
            self.truncated = True
        module.state = "done"

    def import_module(self, module, site):
        """Run a module's top level the first time it is imported, as Python does.

        A module already run for another checked file in the same run is
        reused as it is, and the events of its top level are replayed with
        this import's call sites in front.
        """
        if module.state == "running":
            return
        if module.state == "done":
            if module.imported_by is not self:
                module.imported_by = self
                # Each checked script starts from the module as its import
                # left it, not as an earlier script's assignments left it.
                if module.pristine_globals is not None:
                    module.globals = dict(module.pristine_globals)
                prefix = list(self.stack) + [site]
                for event, skipped in module.import_events:
                    replayed = copy.copy(event)
                    replayed.chain = prefix + event.chain[skipped:]
                    replayed.guarded = self.guarded > 0
                    self.events.append(replayed)
            return

        # Python imports the packages that contain a module before the
        # module itself. Doing the same makes circular imports between them
        # resolve the same way whatever a script imports first.
        for parent in self._parent_packages(module):
            self.import_module(parent, site)
        if module.state != "new":
            return
        module.state = "running"
        module.imported_by = self
        first_event = len(self.events)
        self.stack.append(site)
        prefix_length = len(self.stack)
        body = module.source.tree.body
        if module.definitions_only:
            body = _definitions(body)
        try:
            self.exec_block(body, Frame(module, kind="module"))
        except BudgetExceeded:
            self.truncated = True
        finally:
            self.stack.pop()
            module.state = "done"
            module.pristine_globals = dict(module.globals)
        module.import_events = [(event, prefix_length) for event in self.events[first_event:]]

    def _parent_packages(self, module):
        parts = module.name.split(".")
        if module.name.startswith("__") or len(parts) < 2:
            return []
        parents = []
        for end in range(1, len(parts)):
            parent = self.project.resolve_import(".".join(parts[:end]), 0, module)
            if parent is not None and parent is not module and parent.state == "new":
                parents.append(parent)
        return parents

    # -- helpers -----------------------------------------------------------

    def origin(self, node, module):
        line = getattr(node, "lineno", 0) or 0
        return Origin(
            path=module.display_path,
            line=line,
            column=(getattr(node, "col_offset", 0) or 0) + 1,
            text=module.source.line_text(line),
            library=module.library,
        )

    def emit(self, event_type, node, frame, **fields):
        chain = list(self.stack) + [self.origin(node, frame.module)]
        self.events.append(event_type(chain=chain, guarded=self.guarded > 0, **fields))

    def tick(self):
        self.steps += 1
        if self.steps > self.max_steps:
            raise BudgetExceeded()

    # -- statements --------------------------------------------------------

    def exec_block(self, statements, frame):
        """Execute statements; return True when the block always leaves (return, raise)."""
        for statement in statements:
            if self.exec_statement(statement, frame):
                return True
        return False

    def exec_statement(self, node, frame):
        self.tick()
        handler = getattr(self, "exec_" + type(node).__name__, None)
        if handler is None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.eval(child, frame)
            return False
        return handler(node, frame)

    def exec_Expr(self, node, frame):
        self.eval(node.value, frame)

    def exec_Assign(self, node, frame):
        value = self.eval(node.value, frame)
        for target in node.targets:
            self.assign(target, value, frame)

    def exec_AnnAssign(self, node, frame):
        if node.value is not None:
            self.assign(node.target, self.eval(node.value, frame), frame)
        elif frame.kind == "class" and isinstance(node.target, ast.Name):
            frame.locals.setdefault("__annotations_order__", Sequence([], "list")).items.append(node.target.id)

    def exec_AugAssign(self, node, frame):
        self.eval(node.value, frame)
        if isinstance(node.target, ast.Name):
            self.store(node.target.id, UNKNOWN, frame)

    def exec_NamedExpr(self, node, frame):
        self.eval(node, frame)

    def exec_Global(self, node, frame):
        frame.declared_global.update(node.names)

    exec_Nonlocal = exec_Global

    def exec_Return(self, node, frame):
        value = self.eval(node.value, frame) if node.value is not None else Const(None)
        frame.returns.append(restrict(value, frame.platforms))
        return frame.conditional == 0

    def exec_Raise(self, node, frame):
        if node.exc is not None:
            self.eval(node.exc, frame)
        return frame.conditional == 0

    def exec_Pass(self, node, frame):
        return False

    def exec_Break(self, node, frame):
        return False

    exec_Continue = exec_Break

    def exec_Delete(self, node, frame):
        return False

    def exec_Import(self, node, frame):
        for alias in node.names:
            module = self.project.resolve_import(alias.name, 0, frame.module)
            if alias.asname:
                self.store(alias.asname, self._import_value(alias.name, module, node, frame), frame)
            else:
                top = alias.name.split(".")[0]
                if module is not None:
                    self._import_value(alias.name, module, node, frame)
                top_module = self.project.resolve_import(top, 0, frame.module)
                self.store(top, self._import_value(top, top_module, node, frame), frame)

    def _import_value(self, dotted, module, node, frame):
        if module is None:
            return External(dotted)
        if not module.library or module.source.tree is not None:
            self.import_module(module, self.origin(node, frame.module))
        return ModuleRef(module)

    def exec_ImportFrom(self, node, frame):
        if frame.kind == "module" and len(node.names) == 1 and node.names[0].name == "*":
            deferred = self.project.deferrable_star(node.module or "", node.level, frame.module)
            if deferred is not None:
                frame.module.deferred_stars.append((*deferred, self.origin(node, frame.module)))
                return
        base = self.project.resolve_import(node.module or "", node.level, frame.module)
        base_name = self.project.absolute_name(node.module or "", node.level, frame.module)
        if base is not None:
            self.import_module(base, self.origin(node, frame.module))
        for alias in node.names:
            if alias.name == "*":
                if base is not None:
                    for name, value in base.globals.items():
                        if not name.startswith("_"):
                            self.store(name, value, frame)
                    frame.module.deferred_stars.extend(base.deferred_stars)
                else:
                    # The names are unknown; lookup() resolves the modelled ones.
                    frame.module.star_imports = getattr(frame.module, "star_imports", []) + [base_name]
                continue
            value = None
            if base is not None and alias.name in base.globals:
                value = base.globals[alias.name]
            if value is None and base is not None and base.deferred_stars:
                value = self._from_deferred_stars(base, alias.name)
            if value is None:
                submodule = self.project.resolve_import(f"{base_name}.{alias.name}", 0, frame.module)
                if submodule is not None:
                    value = self._import_value(f"{base_name}.{alias.name}", submodule, node, frame)
            if value is None:
                value = External(f"{base_name}.{alias.name}") if base is None else UNKNOWN
            self.store(alias.asname or alias.name, value, frame)

    def exec_FunctionDef(self, node, frame):
        owner = frame.locals.get("__class__") if frame.kind == "class" else None
        prefix = frame.locals.get("__qualname__")
        if frame.kind == "function":
            qualname = f"{frame.function.qualname}.<locals>.{node.name}"
        elif prefix is not None:
            qualname = f"{prefix.value}.{node.name}"
        else:
            qualname = node.name
        function = Function(
            node=node,
            module=frame.module,
            qualname=qualname,
            closure=frame if frame.kind == "function" else None,
            owner=owner,
            defined_in_guard=self.guarded > 0 and frame.kind == "module" and _is_main(frame.module),
        )
        for default in node.args.defaults + [d for d in node.args.kw_defaults if d is not None]:
            self.eval(default, frame)
        self.store(node.name, function, frame)

    exec_AsyncFunctionDef = exec_FunctionDef

    def exec_ClassDef(self, node, frame):
        bases = [self.eval(base, frame) for base in node.bases]
        if frame.kind == "function":
            qualname = f"{frame.function.qualname}.<locals>.{node.name}"
        else:
            qualname = node.name
        klass = Class(
            node=node,
            module=frame.module,
            qualname=qualname,
            bases=bases,
            closure=frame if frame.kind == "function" else None,
            defined_in_guard=self.guarded > 0 and frame.kind == "module" and _is_main(frame.module),
            is_dataclass=any(_decorator_name(d) in ("dataclass", "dataclasses.dataclass") for d in node.decorator_list),
        )
        namespace = {"__class__": klass, "__qualname__": Const(qualname)}
        body_frame = Frame(frame.module, namespace=namespace, function=frame.function, closure=frame, kind="class")
        self.exec_block(node.body, body_frame)
        namespace.pop("__class__")
        namespace.pop("__qualname__")
        klass.namespace = namespace
        self.store(node.name, klass, frame)

    def exec_If(self, node, frame):
        test = self.eval(node.test, frame)
        guard = self._guard_polarity(test)
        at_main_module = frame.kind == "module" and frame.module.globals.get("__name__") is not None
        if guard is not None and at_main_module:
            is_main = _is_main(frame.module)
            runs_body = guard if is_main else not guard
            if is_main:
                # In the script being checked both sides run in the parent;
                # the side the guard protects is marked, because a spawned
                # worker (which imports the script as __mp_main__) skips it.
                protected, exposed = (node.body, node.orelse) if guard else (node.orelse, node.body)
                exposed_leaves = self._exec_branch(exposed, frame)
                self.guarded += 1
                try:
                    self._exec_branch(protected, frame)
                finally:
                    self.guarded -= 1
                return exposed_leaves and not protected
            return self.exec_block(node.body if runs_body else node.orelse, frame)

        if isinstance(test, Const) and isinstance(test.value, (bool, type(None))):
            # A decided test (``args is None`` on a known object, a False
            # flag) runs one side only, as Python would.
            return self.exec_block(node.body if test.value else node.orelse, frame)
        if isinstance(test, PlatformTest):
            body_leaves = self._exec_branch(node.body, frame, test.platforms)
            else_leaves = self._exec_branch(node.orelse, frame, ALL_PLATFORMS - test.platforms)
            return body_leaves and else_leaves and bool(node.orelse)
        body_leaves = self._exec_branch(node.body, frame)
        else_leaves = self._exec_branch(node.orelse, frame)
        return body_leaves and else_leaves and bool(node.orelse)

    def _guard_polarity(self, test):
        if isinstance(test, GuardTest):
            return not test.negated
        return None

    def _exec_branch(self, statements, frame, platforms=None):
        if not statements:
            return False
        before = dict(frame.locals) if frame.kind != "module" or frame.conditional else None
        saved_platforms = frame.platforms
        if platforms is not None:
            frame.platforms = frame.platforms & platforms
        frame.conditional += 1
        try:
            leaves = self.exec_block(statements, frame)
        finally:
            frame.conditional -= 1
            frame.platforms = saved_platforms
        if before is not None:
            self._merge_after_branch(before, frame, platforms)
        return leaves

    def _merge_after_branch(self, before, frame, platforms):
        for name, value in list(frame.locals.items()):
            old = before.get(name)
            if old is value:
                continue
            if platforms is not None:
                value = restrict(value, platforms)
                if old is not None:
                    old = restrict(old, ALL_PLATFORMS - platforms)
            frame.locals[name] = union(old, value) if old is not None else value

    def exec_For(self, node, frame):
        iterable = self.eval(node.iter, frame)
        element = self.iterate(iterable, node, frame)
        self.assign(node.target, element, frame)
        self._exec_branch(node.body, frame)
        self._exec_branch(node.orelse, frame)

    exec_AsyncFor = exec_For

    def exec_While(self, node, frame):
        self.eval(node.test, frame)
        self._exec_branch(node.body, frame)
        self._exec_branch(node.orelse, frame)

    def exec_With(self, node, frame):
        for item in node.items:
            value = self.eval(item.context_expr, frame)
            if item.optional_vars is not None:
                entered = value
                if isinstance(value, Instance):
                    enter = value.cls.lookup("__enter__")
                    if isinstance(enter, Function):
                        entered = self.call_function(enter, [value], {}, item.context_expr, frame)
                self.assign(item.optional_vars, entered, frame)
        return self.exec_block(node.body, frame)

    exec_AsyncWith = exec_With

    def exec_Try(self, node, frame):
        self._exec_branch(node.body, frame)
        for handler in node.handlers:
            if handler.name:
                self.store(handler.name, UNKNOWN, frame)
            self._exec_branch(handler.body, frame)
        self._exec_branch(node.orelse, frame)
        return self.exec_block(node.finalbody, frame)

    exec_TryStar = exec_Try

    def exec_Match(self, node, frame):
        self.eval(node.subject, frame)
        for case in node.cases:
            self._exec_branch(case.body, frame)

    def exec_Assert(self, node, frame):
        self.eval(node.test, frame)

    # -- names and assignment ------------------------------------------------

    def store(self, name, value, frame):
        if name in frame.declared_global:
            frame.module.globals[name] = value
            return
        if frame.conditional and frame.kind == "module":
            old = frame.locals.get(name)
            value = restrict(value, frame.platforms)
            if old is not None:
                value = union(old, value)
        frame.locals[name] = value

    def lookup(self, name, frame):
        if name in frame.locals and name not in frame.declared_global:
            return frame.locals[name]
        scope = frame.closure
        while scope is not None:
            if scope.kind != "class" and name in scope.locals:
                return scope.locals[name]
            scope = scope.closure
        if name in frame.module.globals:
            return frame.module.globals[name]
        if name == "__name__":
            return Const(frame.module.name)
        if frame.module.deferred_stars and not hasattr(builtins, name):
            value = self._from_deferred_stars(frame.module, name)
            if value is not None:
                return value
        for star in reversed(getattr(frame.module, "star_imports", ())):
            # `from torch.utils.data import *`: only names the checker models.
            qualname = f"{star}.{name}"
            if qualname in self.loader_classes or qualname in EXTERNAL_CALLS:
                return External(qualname)
        if hasattr(builtins, name):
            return External(f"builtins.{name}")
        return UNKNOWN

    def _from_deferred_stars(self, module, name):
        """Run the deferred star imports of ``module`` that may define ``name``; return its value or None.

        The last star import wins, as in Python. A module is run only if its
        text contains the name, or star-imports further modules itself.
        """
        pattern = re.compile(rb"\b" + re.escape(name.encode("utf-8")) + rb"\b")
        index = len(module.deferred_stars) - 1
        while index >= 0:
            path, dotted, data, site = module.deferred_stars[index]
            if b"import *" not in data and pattern.search(data) is None:
                index -= 1
                continue
            del module.deferred_stars[index]
            base = self.project.load_deferred(path, dotted)
            if base is not None:
                self.import_module(base, site)
                for key, value in base.globals.items():
                    if not key.startswith("_") and key not in module.globals:
                        module.globals[key] = value
                        if module.pristine_globals is not None:
                            module.pristine_globals.setdefault(key, value)
                # The deferred star imports of the base take its place in the list.
                module.deferred_stars[index:index] = base.deferred_stars
                index += len(base.deferred_stars)
                if name in module.globals:
                    return module.globals[name]
            index -= 1
        return None

    def assign(self, target, value, frame):
        if isinstance(target, ast.Name):
            self.store(target.id, value, frame)
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = _unpack(value, len(target.elts))
            for index, element in enumerate(target.elts):
                if isinstance(element, ast.Starred):
                    self.assign(element.value, UNKNOWN, frame)
                else:
                    self.assign(element, items[index], frame)
        elif isinstance(target, ast.Attribute):
            owner = self.eval(target.value, frame)
            weak = frame.conditional > 0
            for option, _ in options_of(owner):
                if isinstance(option, (Instance, Namespace, Opaque)):
                    option.attrs[target.attr] = union(option.attrs.get(target.attr), value) if weak else value
                elif isinstance(option, Class):
                    option.namespace[target.attr] = value
                elif isinstance(option, ModuleRef):
                    option.module.globals[target.attr] = value
        elif isinstance(target, ast.Subscript):
            owner = self.eval(target.value, frame)
            key = self.eval(target.slice, frame)
            if isinstance(owner, Dict) and isinstance(key, Const):
                owner.set(key.value, value, weak=frame.conditional > 0)
        elif isinstance(target, ast.Starred):
            self.assign(target.value, UNKNOWN, frame)

    # -- expressions -------------------------------------------------------

    def eval(self, node, frame):
        if node is None:
            return UNKNOWN
        handler = getattr(self, "eval_" + type(node).__name__, None)
        if handler is None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.eval(child, frame)
            return UNKNOWN
        return handler(node, frame)

    def eval_Constant(self, node, frame):
        return Const(node.value, self.origin(node, frame.module))

    def eval_Name(self, node, frame):
        return self.lookup(node.id, frame)

    def eval_NamedExpr(self, node, frame):
        value = self.eval(node.value, frame)
        self.assign(node.target, value, frame)
        return value

    def eval_Attribute(self, node, frame):
        return self.get_attribute(self.eval(node.value, frame), node.attr, node, frame)

    def eval_Subscript(self, node, frame):
        owner = self.eval(node.value, frame)
        key = self.eval(node.slice, frame)
        results = []
        for option, platforms in options_of(owner):
            if isinstance(option, Dict) and isinstance(key, Const):
                found = option.get(key.value)
                results.append(restrict(found if found is not ABSENT else UNKNOWN, platforms))
            elif isinstance(option, Sequence) and isinstance(key, Const) and isinstance(key.value, int):
                try:
                    results.append(restrict(option.items[key.value], platforms))
                except IndexError:
                    results.append(UNKNOWN)
            elif (type(option).__name__, "__getitem__") in METHOD_CALLS:
                handler = METHOD_CALLS[(type(option).__name__, "__getitem__")]
                results.append(restrict(handler(self, option, [key], {}, node, frame, {}), platforms))
            else:
                results.append(UNKNOWN)
        return union(*results)

    def eval_Tuple(self, node, frame):
        return Sequence([self.eval(element, frame) for element in node.elts], "tuple")

    def eval_List(self, node, frame):
        return Sequence([self.eval(element, frame) for element in node.elts], "list")

    def eval_Set(self, node, frame):
        return Sequence([self.eval(element, frame) for element in node.elts], "set")

    def eval_Dict(self, node, frame):
        result = Dict(origin=self.origin(node, frame.module))
        for key_node, value_node in zip(node.keys, node.values):
            value = self.eval(value_node, frame)
            if key_node is None:
                if isinstance(value, Dict):
                    result.entries.update(value.entries)
                    result.open = result.open or value.open
                else:
                    result.open = True
                continue
            key = self.eval(key_node, frame)
            if isinstance(key, Const):
                result.entries[key.value] = value
            else:
                result.open = True
        return result

    def eval_IfExp(self, node, frame):
        test = self.eval(node.test, frame)
        body = self.eval(node.body, frame)
        orelse = self.eval(node.orelse, frame)
        if isinstance(test, PlatformTest):
            return union(restrict(body, test.platforms), restrict(orelse, ALL_PLATFORMS - test.platforms))
        if isinstance(test, Const):
            return body if test.value else orelse
        return union(body, orelse)

    def eval_BoolOp(self, node, frame):
        values = [self.eval(value, frame) for value in node.values]
        if all(isinstance(value, PlatformTest) for value in values):
            platforms = values[0].platforms
            for value in values[1:]:
                if isinstance(node.op, ast.And):
                    platforms = platforms & value.platforms
                else:
                    platforms = platforms | value.platforms
            return PlatformTest(platforms)
        if isinstance(node.op, ast.And):
            guards = [value for value in values if isinstance(value, GuardTest) and not value.negated]
            if guards:
                # `__name__ == "__main__" and other` runs only in the main process.
                return guards[0]
            return values[-1] if len(values) == 1 else union(*values[1:])
        if isinstance(values[0], Const) and values[0].value:
            return values[0]
        if isinstance(values[0], Const) and not values[0].value:
            return union(*values[1:])
        return union(*values)

    def eval_UnaryOp(self, node, frame):
        operand = self.eval(node.operand, frame)
        if isinstance(node.op, ast.Not):
            if isinstance(operand, PlatformTest):
                return PlatformTest(ALL_PLATFORMS - operand.platforms)
            if isinstance(operand, GuardTest):
                return GuardTest(not operand.negated)
            if isinstance(operand, Const):
                return Const(not operand.value, operand.origin)
            return UNKNOWN
        if isinstance(node.op, ast.USub) and isinstance(operand, Const) and isinstance(operand.value, (int, float)):
            return Const(-operand.value, operand.origin)
        return UNKNOWN

    def eval_BinOp(self, node, frame):
        left = self.eval(node.left, frame)
        right = self.eval(node.right, frame)
        return _arithmetic(node.op, left, right)

    def eval_Compare(self, node, frame):
        left = self.eval(node.left, frame)
        rights = [self.eval(comparator, frame) for comparator in node.comparators]
        if len(node.ops) != 1:
            return UNKNOWN
        op, right = node.ops[0], rights[0]

        guard = _guard_test(node.left, op, node.comparators[0])
        if guard is not None:
            return guard

        if isinstance(op, (ast.Is, ast.IsNot)):
            decided = _is_none_test(left, right)
            if decided is not None:
                return Const(decided if isinstance(op, ast.Is) else not decided)

        if isinstance(left, PlatformName) and isinstance(op, (ast.In, ast.NotIn)) and isinstance(right, Sequence):
            literals = [item.value for item in right.items if isinstance(item, Const)]
            if len(literals) == len(right.items):
                values = PLATFORM_VALUES[left.source]
                matching = frozenset(p for p, v in values.items() if v in literals)
                return PlatformTest(matching if isinstance(op, ast.In) else ALL_PLATFORMS - matching)
        platform_value, literal = (left, right) if isinstance(left, PlatformName) else (right, left)
        if isinstance(platform_value, PlatformName) and isinstance(literal, Const):
            platforms = _platforms_matching(platform_value.source, op, literal.value,
                                            reversed_in=platform_value is right)
            if platforms is not None:
                return PlatformTest(platforms)
        if isinstance(left, Const) and isinstance(right, Const):
            try:
                return Const(_compare(op, left.value, right.value))
            except TypeError:
                return UNKNOWN
        return UNKNOWN

    def eval_Lambda(self, node, frame):
        for default in node.args.defaults:
            self.eval(default, frame)
        name = "<lambda>"
        # A comprehension at module level runs in a "function" frame without a function.
        in_function = frame.kind == "function" and frame.function is not None
        qualname = f"{frame.function.qualname}.<locals>.{name}" if in_function else name
        return Function(node=node, module=frame.module, qualname=qualname,
                        closure=frame if frame.kind == "function" else None,
                        defined_in_guard=self.guarded > 0 and frame.kind == "module" and _is_main(frame.module))

    def eval_Call(self, node, frame):
        self.tick()
        function = self.eval(node.func, frame)
        args, kwargs, arg_nodes = [], {}, {}
        for argument in node.args:
            if isinstance(argument, ast.Starred):
                value = self.eval(argument.value, frame)
                if isinstance(value, Sequence):
                    args.extend(value.items)
                else:
                    args.append(UNKNOWN)
                    kwargs["*"] = UNKNOWN
                continue
            arg_nodes[len(args)] = argument
            args.append(self.eval(argument, frame))
        for keyword in node.keywords:
            value = self.eval(keyword.value, frame)
            if keyword.arg is None:
                for option, _ in options_of(value):
                    if isinstance(option, Dict):
                        for key, entry in option.entries.items():
                            kwargs[key] = union(kwargs.get(key), entry) if key in kwargs else entry
                        if option.open:
                            kwargs["**"] = UNKNOWN
                    else:
                        kwargs["**"] = UNKNOWN
                if isinstance(value, Union) and len(value.options) > 1:
                    # Keys that only some of the dicts define may be absent.
                    for key in list(kwargs):
                        if any(isinstance(o, Dict) and key not in o.entries for o, _ in options_of(value)):
                            kwargs[key] = union(kwargs[key], ABSENT)
                continue
            arg_nodes[keyword.arg] = keyword.value
            kwargs[keyword.arg] = value
        return self.call(function, args, kwargs, node, frame, arg_nodes)

    def eval_Starred(self, node, frame):
        self.eval(node.value, frame)
        return UNKNOWN

    def eval_Await(self, node, frame):
        return self.eval(node.value, frame)

    def eval_Yield(self, node, frame):
        frame.yields = True
        if node.value is not None:
            self.eval(node.value, frame)
        return UNKNOWN

    def eval_YieldFrom(self, node, frame):
        frame.yields = True
        value = self.eval(node.value, frame)
        self.iterate(value, node, frame)
        return UNKNOWN

    def eval_JoinedStr(self, node, frame):
        for value in node.values:
            self.eval(value, frame)
        return UNKNOWN

    def eval_FormattedValue(self, node, frame):
        return self.eval(node.value, frame)

    def _eval_comprehension(self, node, frame, elements):
        scope = Frame(frame.module, namespace={}, function=frame.function, closure=frame, kind="function")
        scope.declared_global = set()
        scope.platforms = frame.platforms
        # Comprehension scopes read the enclosing function's names.
        if frame.kind == "function":
            scope.locals.update(frame.locals)
        elif frame.kind == "class":
            scope.closure = frame.closure
        for generator in node.generators:
            iterable = self.eval(generator.iter, frame if generator is node.generators[0] else scope)
            element = self.iterate(iterable, generator.iter, scope)
            self.assign(generator.target, element, scope)
            for condition in generator.ifs:
                self.eval(condition, scope)
        for element in elements:
            self.eval(element, scope)
        return UNKNOWN

    def eval_ListComp(self, node, frame):
        return self._eval_comprehension(node, frame, [node.elt])

    eval_SetComp = eval_ListComp

    def eval_GeneratorExp(self, node, frame):
        # The outermost iterable of a generator expression is evaluated, and
        # iter() called on it, when the expression is created.
        return self._eval_comprehension(node, frame, [node.elt])

    def eval_DictComp(self, node, frame):
        return self._eval_comprehension(node, frame, [node.key, node.value])

    # -- attributes ----------------------------------------------------------

    def get_attribute(self, owner, name, node, frame):
        results = []
        for option, platforms in options_of(owner):
            results.append(restrict(self._attribute_of(option, name, node, frame), platforms))
        return union(*results)

    def _attribute_of(self, owner, name, node, frame):
        if isinstance(owner, External):
            qualname = f"{owner.qualname}.{name}"
            if qualname in ("os.name", "sys.platform"):
                return PlatformName(qualname)
            return External(qualname)
        if isinstance(owner, ModuleRef):
            module = owner.module
            if name in module.globals:
                return module.globals[name]
            if module.deferred_stars:
                value = self._from_deferred_stars(module, name)
                if value is not None:
                    return value
            submodule = self.project.resolve_import(f"{module.name}.{name}", 0, module)
            if submodule is not None:
                self.import_module(submodule, self.origin(node, frame.module))
                return ModuleRef(submodule)
            return UNKNOWN
        if isinstance(owner, SuperRef):
            return self._super_attribute(owner, name)
        if isinstance(owner, Instance):
            if name in owner.attrs:
                return owner.attrs[name]
            found = owner.cls.lookup(name)
            if isinstance(found, Function):
                if _is_staticmethod(found):
                    return found
                receiver = owner.cls if _is_classmethod(found) else owner
                return Function(found.node, found.module, found.qualname, found.closure, receiver, found.owner)
            if found is not None:
                return found
            if "__loader__" in owner.attrs:
                return self._attribute_of(owner.attrs["__loader__"], name, node, frame)
            if owner.cls.external_bases() or owner.cls.lookup("__getattr__") is not None:
                return Method(owner, name)
            return UNKNOWN
        if isinstance(owner, Class):
            found = owner.lookup(name)
            if isinstance(found, Function) and _is_classmethod(found):
                return Function(found.node, found.module, found.qualname, found.closure, owner, found.owner)
            if found is not None:
                return found
            return UNKNOWN
        if isinstance(owner, Namespace):
            if name in owner.attrs:
                return owner.attrs[name]
            if name in owner.parser.options:
                return owner.parser.options[name]
            return UNKNOWN
        if isinstance(owner, Loader):
            if name == "num_workers":
                return owner.workers
            if name in owner.arguments:
                return owner.arguments[name]
            return Method(owner, name)
        if isinstance(owner, Opaque):
            if name in owner.attrs:
                return owner.attrs[name]
            return Method(owner, name)
        if isinstance(owner, (ArgParser, Dict, Generator, Sequence, Const, PlatformName)):
            return Method(owner, name)
        return UNKNOWN

    def _super_attribute(self, proxy, name):
        mro = proxy.instance.cls.mro() if isinstance(proxy.instance, Instance) else []
        after = mro[mro.index(proxy.owner) + 1:] if proxy.owner in mro else mro[1:]
        for klass in after:
            found = klass.namespace.get(name)
            if isinstance(found, Function):
                return Function(found.node, found.module, found.qualname, found.closure, proxy.instance, found.owner)
            if found is not None:
                return found
        return Method(proxy, name)

    # -- calls -------------------------------------------------------------

    def call(self, function, args, kwargs, node, frame, arg_nodes=None):
        results = []
        for option, platforms in options_of(function):
            result = self._call_one(option, args, kwargs, node, frame, arg_nodes or {})
            results.append(restrict(result, platforms))
        return union(*results)

    def _call_one(self, function, args, kwargs, node, frame, arg_nodes):
        if isinstance(function, Function):
            if function.bound_self is not None:
                args = [function.bound_self] + list(args)
            return self.call_function(function, args, kwargs, node, frame)
        if isinstance(function, Class):
            return self.instantiate(function, args, kwargs, node, frame, arg_nodes)
        if isinstance(function, External):
            return self.call_external(function.qualname, args, kwargs, node, frame, arg_nodes)
        if isinstance(function, Method):
            return self.call_method(function.receiver, function.name, args, kwargs, node, frame, arg_nodes)
        if isinstance(function, Instance):
            dunder = function.cls.lookup("__call__")
            if isinstance(dunder, Function):
                return self.call_function(dunder, [function] + list(args), kwargs, node, frame)
        return UNKNOWN

    def call_function(self, function, args, kwargs, node, frame):
        if function.module.definitions_only and not _carries_state(args, kwargs, function.bound_self):
            # An installed library's function matters only when it receives
            # something that can start workers; its other calls are skipped.
            return UNKNOWN
        if function.is_lambda:
            scope = self._bind(function, args, kwargs, frame)
            return self.eval(function.node.body, scope) if scope is not None else UNKNOWN
        if _is_generator(function.node):
            return Generator(function, list(args), dict(kwargs), self.origin(node, frame.module))
        return self._run_body(function, args, kwargs, node, frame)

    def _run_body(self, function, args, kwargs, node, frame):
        key = id(function.node)
        if key in self.active or len(self.stack) >= MAX_CALL_DEPTH:
            return UNKNOWN
        scope = self._bind(function, args, kwargs, frame)
        if scope is None:
            return UNKNOWN
        self.active.add(key)
        self.stack.append(self.origin(node, frame.module))
        try:
            self.exec_block(function.node.body, scope)
        finally:
            self.stack.pop()
            self.active.discard(key)
        if not scope.returns:
            return Const(None)
        return union(*scope.returns)

    def _bind(self, function, args, kwargs, frame):
        node = function.node
        parameters = node.args
        scope = Frame(function.module, namespace={}, function=function, closure=function.closure, kind="function")
        if function.owner is not None:
            scope.locals["__class__"] = function.owner

        positional = list(parameters.posonlyargs) + list(parameters.args)
        defaults = [None] * (len(positional) - len(parameters.defaults)) + list(parameters.defaults)
        definition_frame = Frame(function.module, kind="module") if function.closure is None else function.closure

        for index, parameter in enumerate(positional):
            if index < len(args):
                value = args[index]
            elif parameter.arg in kwargs:
                value = kwargs[parameter.arg]
            elif defaults[index] is not None:
                value = self.eval(defaults[index], definition_frame)
            elif "**" in kwargs or "*" in kwargs:
                value = UNKNOWN
            else:
                value = UNKNOWN
            scope.locals[parameter.arg] = value
        if parameters.vararg is not None:
            scope.locals[parameters.vararg.arg] = Sequence(list(args[len(positional):]))
        for parameter, default in zip(parameters.kwonlyargs, parameters.kw_defaults):
            if parameter.arg in kwargs:
                scope.locals[parameter.arg] = kwargs[parameter.arg]
            elif default is not None:
                scope.locals[parameter.arg] = self.eval(default, definition_frame)
            else:
                scope.locals[parameter.arg] = UNKNOWN
        if parameters.kwarg is not None:
            named = {p.arg for p in positional} | {p.arg for p in parameters.kwonlyargs}
            extra = Dict({k: v for k, v in kwargs.items() if k not in named and k not in ("*", "**")})
            extra.open = "**" in kwargs
            scope.locals[parameters.kwarg.arg] = extra
        return scope

    def instantiate(self, klass, args, kwargs, node, frame, arg_nodes):
        site = self.origin(node, frame.module)
        external = klass.external_bases()
        loader_base = next((name for name in external if name in self.loader_classes), None)
        initializer = klass.lookup("__init__")
        instance = Instance(klass, origin=site)

        if klass.is_dataclass and initializer is None:
            self._init_dataclass(instance, args, kwargs)
            return instance
        if loader_base is not None and not isinstance(initializer, Function):
            loader = self.make_loader(klass.qualname, args, kwargs, node, frame, arg_nodes)
            instance.attrs["__loader__"] = loader
            return instance
        if isinstance(initializer, Function):
            self.call_function(initializer, [instance] + list(args), kwargs, node, frame)
        return instance

    def _init_dataclass(self, instance, args, kwargs):
        fields = []
        for klass in reversed(instance.cls.mro()):
            order = klass.namespace.get("__annotations_order__")
            names = list(order.items) if isinstance(order, Sequence) else []
            for statement in klass.node.body:
                if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                    if statement.target.id not in names:
                        names.append(statement.target.id)
            for name in names:
                if name not in fields:
                    fields.append(name)
        for index, name in enumerate(fields):
            if index < len(args):
                instance.attrs[name] = args[index]
            elif name in kwargs:
                instance.attrs[name] = kwargs[name]
            else:
                default = instance.cls.lookup(name)
                instance.attrs[name] = default if default is not None else UNKNOWN
        post_init = instance.cls.lookup("__post_init__")
        if isinstance(post_init, Function):
            self.call_function(post_init, [instance], {}, instance.cls.node, Frame(instance.cls.module, kind="module"))

    def make_loader(self, qualname, args, kwargs, node, frame, arg_nodes):
        arguments = {}
        for index, name in enumerate(DATALOADER_PARAMETERS):
            if index < len(args):
                arguments[name] = args[index]
            elif name in kwargs:
                arguments[name] = kwargs[name]
        for name, value in kwargs.items():
            arguments.setdefault(name, value)

        workers = arguments.get("num_workers")
        workers_node = arg_nodes.get("num_workers", arg_nodes.get(5))
        if workers is None:
            workers = UNKNOWN if ("**" in kwargs or "*" in kwargs) else Const(0)
        workers_expr = self.origin(workers_node if workers_node is not None else node, frame.module)
        loader = Loader(
            qualname=qualname,
            workers=workers,
            workers_expr=workers_expr,
            site=self.origin(node, frame.module),
            arguments=arguments,
            guarded=self.guarded > 0,
        )
        self.emit(events.LoaderCreated, node, frame, loader=loader)
        return loader

    def call_external(self, qualname, args, kwargs, node, frame, arg_nodes):
        if qualname in self.worker_starters:
            from loaderdoctor.check.starters import call_worker_starter

            return call_worker_starter(self, qualname, args, kwargs, node, frame)
        handler = EXTERNAL_CALLS.get(qualname)
        if handler is not None:
            return handler(self, args, kwargs, node, frame, arg_nodes)
        if qualname in self.loader_classes:
            return self.make_loader(qualname, args, kwargs, node, frame, arg_nodes)
        if qualname in EAGER_ITER_CALLS:
            for value in args[EAGER_ITER_CALLS[qualname]]:
                self.get_iterator(value, node, frame)
            return IterWrapper([])
        if qualname in CONSUMING_CALLS:
            if args:
                self.iterate(args[0], node, frame)
                if qualname in ("builtins.list", "builtins.tuple") and isinstance(args[0], Sequence):
                    # Rules that look inside objects (pickling) need the items of a copied list.
                    return Sequence(list(args[0].items), qualname.rsplit(".", 1)[-1])
            return UNKNOWN
        if qualname in LAZY_WRAPPERS or is_tqdm(qualname):
            sources = list(args) if qualname == "itertools.chain" else args[:1]
            if "iterable" in kwargs:
                sources.append(kwargs["iterable"])
            return IterWrapper(sources)
        if qualname in CPU_COUNT_CALLS:
            return Estimate(1, float("inf"), f"{qualname}()", self.origin(node, frame.module))
        for handler_prefix, prefix_handler in EXTERNAL_PREFIX_CALLS:
            if qualname.endswith(handler_prefix):
                return prefix_handler(self, args, kwargs, node, frame, arg_nodes)
        for fallback in EXTERNAL_FALLBACKS:
            value = fallback(self, qualname, args, kwargs, node, frame)
            if value is not None:
                return value
        if _carries_state(args, kwargs, None):
            target = self._installed_target(qualname, node, frame)
            if target is not None:
                return self._call_one(target, args, kwargs, node, frame, arg_nodes)
        return UNKNOWN

    def _installed_target(self, qualname, node, frame):
        module, attributes = self.project.resolve_installed(qualname)
        if module is None or not attributes:
            return None
        self.import_module(module, self.origin(node, frame.module))
        value = ModuleRef(module)
        for attribute in attributes:
            value = self._attribute_of(value, attribute, node, frame)
        if isinstance(value, (Function, Class)):
            return value
        return None

    def call_method(self, receiver, name, args, kwargs, node, frame, arg_nodes):
        handler = METHOD_CALLS.get((type(receiver).__name__, name))
        if handler is not None:
            return handler(self, receiver, args, kwargs, node, frame, arg_nodes)
        if isinstance(receiver, SuperRef):
            return self._call_super_external(receiver, name, args, kwargs, node, frame, arg_nodes)
        if isinstance(receiver, Loader) and name == "__iter__":
            return self.get_iterator(receiver, node, frame)
        if isinstance(receiver, Instance) and "__loader__" in receiver.attrs and name == "__iter__":
            return self.get_iterator(receiver.attrs["__loader__"], node, frame)
        return UNKNOWN

    def _call_super_external(self, proxy, name, args, kwargs, node, frame, arg_nodes):
        instance = proxy.instance
        if name == "__init__" and isinstance(instance, Instance):
            external = instance.cls.external_bases()
            loader_base = next((base for base in external if base in self.loader_classes), None)
            if loader_base is not None:
                loader = self.make_loader(instance.cls.qualname, args, kwargs, node, frame, arg_nodes)
                instance.attrs["__loader__"] = loader
        return UNKNOWN

    # -- iteration -----------------------------------------------------------

    def get_iterator(self, value, node, frame):
        """Do what ``iter(value)`` does; a DataLoader starts its workers here."""
        results = []
        for option, platforms in options_of(value):
            results.append(restrict(self._iterator_of(option, node, frame), platforms))
        return union(*results)

    def _iterator_of(self, value, node, frame):
        if isinstance(value, Loader):
            self.emit(events.WorkerStart, node, frame, loader=value)
            return IterWrapper([])
        if isinstance(value, Generator):
            return value
        if isinstance(value, IterWrapper):
            for source in value.sources:
                self.get_iterator(source, node, frame)
            return IterWrapper([])
        if isinstance(value, Instance):
            dunder = value.cls.lookup("__iter__")
            if isinstance(dunder, Function):
                result = self.call_function(dunder, [value], {}, node, frame)
                return result
            if "__loader__" in value.attrs:
                return self._iterator_of(value.attrs["__loader__"], node, frame)
            return UNKNOWN
        if isinstance(value, Method):
            return UNKNOWN
        return UNKNOWN

    def advance(self, iterator, node, frame):
        """Do what ``next(iterator)`` does: run a generator's body."""
        for option, _ in options_of(iterator):
            if isinstance(option, Generator):
                self._run_generator(option, node, frame)
            elif isinstance(option, Instance):
                dunder = option.cls.lookup("__next__")
                if isinstance(dunder, Function):
                    self.call_function(dunder, [option], {}, node, frame)
        return UNKNOWN

    def _run_generator(self, generator, node, frame):
        function = generator.function
        args = list(generator.args)
        if function.bound_self is not None:
            args = [function.bound_self] + args
        self._run_body(function, args, generator.kwargs, node, frame)

    def iterate(self, value, node, frame):
        """Iterate ``value`` completely, as a ``for`` loop does; return the element value."""
        iterator = self.get_iterator(value, node, frame)
        self.advance(iterator, node, frame)
        elements = []
        for option, _ in options_of(value):
            if isinstance(option, Sequence):
                elements.extend(option.items)
            elif isinstance(option, Dict):
                elements.extend(Const(key) for key in option.entries)
        return union(*elements) if elements else UNKNOWN


INTERESTING = (Loader, IterWrapper, Generator, Instance, Dict, Sequence, Function, Class, Opaque)


def _carries_state(args, kwargs, bound_self):
    values = list(args) + list(kwargs.values())
    if bound_self is not None:
        values = values[1:] if values and values[0] is bound_self else values
    for value in values:
        for option, _ in options_of(value):
            if isinstance(option, INTERESTING):
                return True
    return False


def _unpack(value, count):
    per_position = [[] for _ in range(count)]
    for option, platforms in options_of(value):
        if isinstance(option, Sequence) and len(option.items) == count:
            for index, item in enumerate(option.items):
                per_position[index].append(restrict(item, platforms))
        else:
            for items in per_position:
                items.append(UNKNOWN)
    return [union(*items) for items in per_position]


DEFINITION_STATEMENTS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                         ast.Assign, ast.AnnAssign)


def _definitions(statements):
    kept = []
    for statement in statements:
        if isinstance(statement, DEFINITION_STATEMENTS):
            kept.append(statement)
        elif isinstance(statement, ast.If):
            kept.append(ast.If(test=statement.test, body=_definitions(statement.body) or [ast.Pass()],
                               orelse=_definitions(statement.orelse)))
        elif isinstance(statement, ast.Try):
            kept.extend(_definitions(statement.body))
    return kept


_generator_cache = {}


def _is_generator(node):
    key = id(node)
    cached = _generator_cache.get(key)
    if cached is not None and cached[0] is node:
        return cached[1]
    result = _contains_yield(node)
    if len(_generator_cache) > 100_000:
        _generator_cache.clear()
    _generator_cache[key] = (node, result)
    return result


def _contains_yield(node):
    pending = list(node.body)
    while pending:
        current = pending.pop()
        if isinstance(current, (ast.Yield, ast.YieldFrom)):
            return True
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        pending.extend(ast.iter_child_nodes(current))
    return False


NEVER_NONE = (Instance, Loader, Dict, Sequence, Function, Class, Generator, IterWrapper, ArgParser, Namespace)


def _is_none_test(left, right):
    """Decide ``left is None`` when one side is None and the other a value known never to be None."""
    for value, other in ((left, right), (right, left)):
        if isinstance(other, Const) and other.value is None:
            if isinstance(value, Const):
                return value.value is None
            if isinstance(value, NEVER_NONE):
                return False
    return None


def _is_classmethod(function):
    return any(_decorator_name(d) == "classmethod" for d in getattr(function.node, "decorator_list", []))


def _is_staticmethod(function):
    return any(_decorator_name(d) == "staticmethod" for d in getattr(function.node, "decorator_list", []))


def _decorator_name(node):
    if isinstance(node, ast.Call):
        node = node.func
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def _is_main(module):
    name = module.globals.get("__name__")
    return isinstance(name, Const) and name.value == "__main__"


def _is_name_dunder(node):
    return isinstance(node, ast.Name) and node.id == "__name__"


def _is_main_literal(node):
    return isinstance(node, ast.Constant) and node.value == "__main__"


def _guard_test(left, op, right):
    if not ((_is_name_dunder(left) and _is_main_literal(right)) or (_is_main_literal(left) and _is_name_dunder(right))):
        return None
    if isinstance(op, (ast.Eq, ast.Is)):
        return GuardTest(negated=False)
    if isinstance(op, (ast.NotEq, ast.IsNot)):
        return GuardTest(negated=True)
    if isinstance(op, ast.In) and _is_main_literal(left):
        return GuardTest(negated=False)
    return None


# Values each platform reports, for the strings a script may compare against.
PLATFORM_VALUES = {
    "os.name": {WINDOWS: "nt", MACOS: "posix", LINUX: "posix"},
    "sys.platform": {WINDOWS: "win32", MACOS: "darwin", LINUX: "linux"},
    "platform.system()": {WINDOWS: "Windows", MACOS: "Darwin", LINUX: "Linux"},
}


def _platforms_matching(source, op, literal, reversed_in=False):
    if not isinstance(literal, str):
        return None
    values = PLATFORM_VALUES[source]
    if isinstance(op, (ast.Eq, ast.Is)):
        return frozenset(p for p, v in values.items() if v == literal)
    if isinstance(op, (ast.NotEq, ast.IsNot)):
        return frozenset(p for p, v in values.items() if v != literal)
    if isinstance(op, ast.In):
        # `"win" in sys.platform` tests a substring; `sys.platform in ("win32", ...)` does not reach here.
        if reversed_in:
            return frozenset(p for p, v in values.items() if literal in v)
        return None
    if isinstance(op, ast.NotIn) and reversed_in:
        return frozenset(p for p, v in values.items() if literal not in v)
    return None


def _compare(op, left, right):
    operations = {
        ast.Eq: lambda a, b: a == b,
        ast.NotEq: lambda a, b: a != b,
        ast.Lt: lambda a, b: a < b,
        ast.LtE: lambda a, b: a <= b,
        ast.Gt: lambda a, b: a > b,
        ast.GtE: lambda a, b: a >= b,
        ast.Is: lambda a, b: a is b,
        ast.IsNot: lambda a, b: a is not b,
    }
    operation = operations.get(type(op))
    if operation is None:
        raise TypeError("unsupported comparison")
    return operation(left, right)


def _bounds(value):
    if isinstance(value, Const) and isinstance(value.value, (int, float)) and not isinstance(value.value, bool):
        return value.value, value.value
    if isinstance(value, Estimate):
        return value.low, value.high
    return None


def _arithmetic(op, left, right):
    left_bounds, right_bounds = _bounds(left), _bounds(right)
    if left_bounds is None or right_bounds is None:
        return UNKNOWN
    if isinstance(left, Const) and isinstance(right, Const):
        try:
            result = _apply(op, left.value, right.value)
        except (ArithmeticError, TypeError, ValueError):
            return UNKNOWN
        return UNKNOWN if result is None else Const(result, left.origin)
    estimate = left if isinstance(left, Estimate) else right
    corners = []
    for a in left_bounds:
        for b in right_bounds:
            try:
                corner = _apply(op, a, b)
            except (ArithmeticError, TypeError, ValueError, OverflowError):
                corner = None
            if corner is None:
                return UNKNOWN
            corners.append(corner)
    if any(corner != corner for corner in corners):  # NaN from inf - inf
        return UNKNOWN
    return Estimate(min(corners), max(corners), estimate.description, estimate.origin)


def _apply(op, a, b):
    if isinstance(op, ast.Add):
        return a + b
    if isinstance(op, ast.Sub):
        return a - b
    if isinstance(op, ast.Mult):
        return a * b
    if isinstance(op, ast.FloorDiv):
        return a // b if b not in (float("inf"),) else 0
    if isinstance(op, ast.Div):
        return a / b
    if isinstance(op, ast.Mod):
        return a % b
    return None


# -- calls the interpreter models by name -------------------------------------

EXTERNAL_CALLS = {}
EXTERNAL_PREFIX_CALLS = []
# Called in order for external names no other handler models; each returns a
# value or None. Rule helpers use them for whole library namespaces.
EXTERNAL_FALLBACKS = []
METHOD_CALLS = {}


def external_call(*qualnames):
    def register(handler):
        for qualname in qualnames:
            EXTERNAL_CALLS[qualname] = handler
        return handler

    return register


def method_call(value_type, *names):
    def register(handler):
        for name in names:
            METHOD_CALLS[(value_type.__name__, name)] = handler
        return handler

    return register


@external_call("builtins.iter")
def _iter(interp, args, kwargs, node, frame, arg_nodes):
    if not args:
        return UNKNOWN
    return interp.get_iterator(args[0], node, frame)


@external_call("builtins.next")
def _next(interp, args, kwargs, node, frame, arg_nodes):
    if args:
        interp.advance(args[0], node, frame)
    return UNKNOWN


@external_call("builtins.int", "builtins.round")
def _int(interp, args, kwargs, node, frame, arg_nodes):
    if not args:
        return Const(0)
    results = []
    for option, platforms in options_of(args[0]):
        if isinstance(option, Const):
            try:
                results.append(restrict(Const(int(option.value), option.origin), platforms))
            except (TypeError, ValueError):
                results.append(UNKNOWN)
        elif isinstance(option, Estimate):
            results.append(restrict(option, platforms))
        else:
            results.append(UNKNOWN)
    return union(*results)


@external_call("builtins.min", "builtins.max")
def _min_max(interp, args, kwargs, node, frame, arg_nodes):
    if len(args) == 1:
        interp.iterate(args[0], node, frame)
        return UNKNOWN
    bounds = [_bounds(arg) for arg in args]
    if any(bound is None for bound in bounds):
        return UNKNOWN
    called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "max")
    pick = min if called == "min" else max
    low = pick(bound[0] for bound in bounds)
    high = pick(bound[1] for bound in bounds)
    if low == high:
        return Const(low, next((a.origin for a in args if isinstance(a, Const)), None))
    estimate = next(arg for arg in args if isinstance(arg, Estimate))
    return Estimate(low, high, estimate.description, estimate.origin)


@external_call("builtins.len")
def _len(interp, args, kwargs, node, frame, arg_nodes):
    # len(os.sched_getaffinity(0)) is the number of CPUs the process may use.
    if args and isinstance(args[0], Sequence) and args[0].kind == "affinity":
        return args[0].items[0]
    return UNKNOWN


@external_call("os.sched_getaffinity")
def _affinity(interp, args, kwargs, node, frame, arg_nodes):
    estimate = Estimate(1, float("inf"), "len(os.sched_getaffinity(0))", interp.origin(node, frame.module))
    return Sequence([estimate], "affinity")


@external_call("builtins.super")
def _super(interp, args, kwargs, node, frame, arg_nodes):
    if frame.function is None or frame.function.owner is None:
        return UNKNOWN
    first = frame.function.node.args.args[0].arg if frame.function.node.args.args else None
    instance = frame.locals.get(first) if first else None
    if instance is None:
        return UNKNOWN
    return SuperRef(frame.function.owner, instance)


@external_call("builtins.getattr")
def _getattr(interp, args, kwargs, node, frame, arg_nodes):
    if len(args) >= 2 and isinstance(args[1], Const) and isinstance(args[1].value, str):
        found = interp.get_attribute(args[0], args[1].value, node, frame)
        if found is UNKNOWN and len(args) == 3:
            return args[2]
        return found
    return UNKNOWN


@external_call("platform.system")
def _platform_system(interp, args, kwargs, node, frame, arg_nodes):
    return PlatformName("platform.system()")


@external_call("argparse.ArgumentParser")
def _argument_parser(interp, args, kwargs, node, frame, arg_nodes):
    return ArgParser(origin=interp.origin(node, frame.module))


@external_call(*SET_START_METHOD_CALLS)
def _set_start_method(interp, args, kwargs, node, frame, arg_nodes):
    method = args[0] if args else kwargs.get("method", UNKNOWN)
    forced = kwargs.get("force", args[1] if len(args) > 1 else Const(False))
    interp.emit(
        events.StartMethodSet,
        node,
        frame,
        method=method,
        forced=isinstance(forced, Const) and bool(forced.value),
    )
    return Const(None)


@method_call(ArgParser, "add_argument")
def _add_argument(interp, parser, args, kwargs, node, frame, arg_nodes):
    names = [arg.value for arg in args if isinstance(arg, Const) and isinstance(arg.value, str)]
    if not names:
        return UNKNOWN
    destination = kwargs.get("dest")
    if isinstance(destination, Const):
        dest = destination.value
    else:
        long_names = [name for name in names if name.startswith("--")]
        dest = (long_names[0] if long_names else names[0]).lstrip("-").replace("-", "_")
    default = kwargs.get("default")
    if default is None:
        action = kwargs.get("action")
        if isinstance(action, Const) and action.value == "store_true":
            default = Const(False, interp.origin(node, frame.module))
        else:
            default = Const(None, interp.origin(node, frame.module))
    elif isinstance(default, Const):
        # The add_argument line is where a reader looks for the value.
        default = Const(default.value, interp.origin(node, frame.module))
    choices_type = kwargs.get("type")
    if isinstance(choices_type, External) and choices_type.qualname == "builtins.int" and isinstance(default, Const):
        try:
            default = Const(int(default.value), default.origin) if default.value is not None else default
        except (TypeError, ValueError):
            pass
    parser.options[dest] = default
    return UNKNOWN


@method_call(ArgParser, "set_defaults")
def _set_defaults(interp, parser, args, kwargs, node, frame, arg_nodes):
    for name, value in kwargs.items():
        if name not in ("*", "**"):
            parser.options[name] = value
    return UNKNOWN


@method_call(ArgParser, "parse_args")
def _parse_args(interp, parser, args, kwargs, node, frame, arg_nodes):
    return Namespace(parser)


@method_call(ArgParser, "parse_known_args")
def _parse_known_args(interp, parser, args, kwargs, node, frame, arg_nodes):
    return Sequence([Namespace(parser), UNKNOWN])


@method_call(ArgParser, "add_argument_group", "add_mutually_exclusive_group")
def _argument_group(interp, parser, args, kwargs, node, frame, arg_nodes):
    return parser


@method_call(Dict, "get")
def _dict_get(interp, mapping, args, kwargs, node, frame, arg_nodes):
    if not args or not isinstance(args[0], Const):
        return UNKNOWN
    found = mapping.get(args[0].value)
    fallback = args[1] if len(args) > 1 else Const(None)
    if found is ABSENT:
        return fallback
    if isinstance(found, Union):
        return union(*[(fallback if o is ABSENT else o) for o, _ in found.options])
    return found


@method_call(Dict, "update")
def _dict_update(interp, mapping, args, kwargs, node, frame, arg_nodes):
    weak = frame.conditional > 0
    for arg in args:
        for option, _ in options_of(arg):
            if isinstance(option, Dict):
                for key, value in option.entries.items():
                    mapping.set(key, value, weak=weak)
            else:
                mapping.open = True
    for key, value in kwargs.items():
        if key not in ("*", "**"):
            mapping.set(key, value, weak=weak)
    return Const(None)


@method_call(Dict, "setdefault")
def _dict_setdefault(interp, mapping, args, kwargs, node, frame, arg_nodes):
    if args and isinstance(args[0], Const):
        if mapping.get(args[0].value) is ABSENT:
            mapping.set(args[0].value, args[1] if len(args) > 1 else Const(None))
        return mapping.get(args[0].value)
    return UNKNOWN


@method_call(Dict, "copy")
def _dict_copy(interp, mapping, args, kwargs, node, frame, arg_nodes):
    return Dict(dict(mapping.entries), mapping.open, mapping.origin)


@method_call(Dict, "values")
def _dict_values(interp, mapping, args, kwargs, node, frame, arg_nodes):
    return Sequence(list(mapping.entries.values()), "list")


@method_call(Dict, "items")
def _dict_items(interp, mapping, args, kwargs, node, frame, arg_nodes):
    return Sequence([Sequence([Const(k), v]) for k, v in mapping.entries.items()], "list")


@method_call(Generator, "send", "__next__")
def _generator_next(interp, generator, args, kwargs, node, frame, arg_nodes):
    interp.advance(generator, node, frame)
    return UNKNOWN


@method_call(Sequence, "append")
def _sequence_append(interp, sequence, args, kwargs, node, frame, arg_nodes):
    if args and sequence.kind == "list":
        sequence.items.append(args[0])
    return Const(None)


@method_call(PlatformName, "startswith")
def _platform_startswith(interp, name, args, kwargs, node, frame, arg_nodes):
    if args and isinstance(args[0], Const) and isinstance(args[0].value, (str, tuple)):
        prefixes = args[0].value if isinstance(args[0].value, tuple) else (args[0].value,)
        values = PLATFORM_VALUES[name.source]
        return PlatformTest(frozenset(p for p, v in values.items() if v.startswith(prefixes)))
    return UNKNOWN


@method_call(PlatformName, "lower")
def _platform_lower(interp, name, args, kwargs, node, frame, arg_nodes):
    lowered = f"{name.source}.lower()"
    PLATFORM_VALUES.setdefault(lowered, {p: v.lower() for p, v in PLATFORM_VALUES[name.source].items()})
    return PlatformName(lowered)
