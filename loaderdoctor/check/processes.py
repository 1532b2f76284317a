"""Process starters other than DataLoader, as the interpreter models them.

Importing this module registers handlers with the interpreter. They turn
``multiprocessing`` and ``torch.multiprocessing`` pools and processes,
``concurrent.futures.ProcessPoolExecutor``, ``torch.multiprocessing.spawn``
and ``start_processes``, and Hugging Face ``datasets`` ``map``/``filter``
with ``num_proc`` into ``events.ProcessStart`` events at the call that
starts the child processes:

- a ``Pool`` starts its workers in its constructor;
- a ``Process`` starts at ``.start()``;
- a ``ProcessPoolExecutor`` starts its workers at the first ``submit`` or
  ``map`` (CPython 3.9 to 3.13 launch them there, not in the constructor);
- ``spawn`` and ``start_processes`` start processes when called;
- ``datasets`` ``map``/``filter`` start a pool when ``num_proc`` is above 1.

It also records ``ContextFixed`` events for calls that fix the global start
method without setting it (``get_start_method()``, ``get_context()``), which
make a later ``set_start_method`` call fail.
"""

from loaderdoctor.check import events
from loaderdoctor.check.interpreter import (
    EXTERNAL_FALLBACKS,
    external_call,
    method_call,
)
from loaderdoctor.check.values import (
    UNKNOWN,
    Const,
    Estimate,
    Instance,
    Opaque,
    options_of,
)
from loaderdoctor.records import field, record

MULTIPROCESSING_MODULES = ("multiprocessing", "torch.multiprocessing", "multiprocess")
POOL_CLASSES = frozenset(
    name for module in MULTIPROCESSING_MODULES for name in (f"{module}.Pool", f"{module}.pool.Pool")
)
PROCESS_CLASSES = frozenset(
    name
    for module in MULTIPROCESSING_MODULES
    for name in (f"{module}.Process", f"{module}.context.Process", f"{module}.process.BaseProcess")
)
EXECUTOR_CLASSES = frozenset(
    {
        "concurrent.futures.ProcessPoolExecutor",
        "concurrent.futures.process.ProcessPoolExecutor",
        "loky.ProcessPoolExecutor",
    }
)
TORCH_SPAWN_CALLS = frozenset({"torch.multiprocessing.spawn", "torch.multiprocessing.spawn.spawn"})
TORCH_START_PROCESSES_CALLS = frozenset(
    {"torch.multiprocessing.start_processes", "torch.multiprocessing.spawn.start_processes"}
)
GET_CONTEXT_CALLS = frozenset(f"{module}.get_context" for module in MULTIPROCESSING_MODULES)
GET_START_METHOD_CALLS = frozenset(f"{module}.get_start_method" for module in MULTIPROCESSING_MODULES)

# Methods of a datasets.Dataset or DatasetDict that return another one.
HF_DATASET_METHODS = (
    "select", "shuffle", "sort", "shard", "take", "skip", "rename_column", "rename_columns",
    "remove_columns", "select_columns", "cast", "cast_column", "flatten", "with_format",
    "with_transform", "train_test_split", "add_column", "add_item", "class_encode_column",
    "unique", "flatten_indices", "to_iterable_dataset",
)


@record(eq=False)
class StartContext(Opaque):
    """A multiprocessing context from ``get_context(method)``; ``method`` is None for the default."""

    method: object = None


@record(eq=False)
class ProcessObject(Opaque):
    """A ``Process`` that has been created but not yet started."""

    method: object = None
    starter: str = ""


@record(eq=False)
class ExecutorObject(Opaque):
    """A ``ProcessPoolExecutor``; its workers start at the first submitted task."""

    method: object = None
    starter: str = ""
    # The call sites that led to the constructor, as an event chain reads.
    created: list = field(default_factory=list)
    created_guarded: bool = False
    started: bool = False


@record(eq=False)
class PoolObject(Opaque):
    """A started ``multiprocessing.Pool``."""


@record(eq=False)
class HfDataset(Opaque):
    """A Hugging Face ``datasets.Dataset`` or ``DatasetDict``."""


@record
class ContextFixed(events.Event):
    """A call that fixes the global start method without setting it (``get_start_method()``)."""

    call: str = ""


def _method_of(value):
    """Return the start method a context value names, or None for the default context."""
    if isinstance(value, StartContext):
        return value.method
    return None


def _start_method_argument(args, kwargs, position=0, name="method"):
    if len(args) > position:
        return args[position]
    return kwargs.get(name)


def emit_start(interp, node, frame, starter, method=None, always_spawn=False, created=None, **detail):
    """Record an ``events.ProcessStart`` at ``node``.

    ``method`` is the start method value the starter uses, or None for the
    global default. ``always_spawn`` marks starters that use spawn on every
    platform. ``created`` is the chain to the object's constructor, for
    objects whose processes start later than the object is made.
    """
    detail.update(method=method, always_spawn=always_spawn, created=created or [])
    interp.emit(events.ProcessStart, node, frame, starter=starter, detail=detail)


# -- multiprocessing and torch.multiprocessing ----------------------------------


@external_call(*POOL_CLASSES)
def _pool(interp, args, kwargs, node, frame, arg_nodes):
    emit_start(interp, node, frame, "multiprocessing.Pool")
    return PoolObject("multiprocessing.Pool", origin=interp.origin(node, frame.module))


@external_call(*PROCESS_CLASSES)
def _process(interp, args, kwargs, node, frame, arg_nodes):
    return ProcessObject("multiprocessing.Process", origin=interp.origin(node, frame.module),
                         starter="multiprocessing.Process")


@external_call(*GET_CONTEXT_CALLS)
def _get_context(interp, args, kwargs, node, frame, arg_nodes):
    method = _start_method_argument(args, kwargs)
    if method is None or (isinstance(method, Const) and method.value is None):
        # get_context() without a method fixes the global default context.
        interp.emit(ContextFixed, node, frame, call="get_context()")
        method = None
    return StartContext("multiprocessing.context", origin=interp.origin(node, frame.module), method=method)


@external_call(*GET_START_METHOD_CALLS)
def _get_start_method(interp, args, kwargs, node, frame, arg_nodes):
    allow_none = _start_method_argument(args, kwargs, 0, "allow_none")
    if not (isinstance(allow_none, Const) and allow_none.value):
        interp.emit(ContextFixed, node, frame, call="get_start_method()")
    return UNKNOWN


@method_call(StartContext, "Pool")
def _context_pool(interp, context, args, kwargs, node, frame, arg_nodes):
    emit_start(interp, node, frame, "multiprocessing.Pool", method=context.method)
    return PoolObject("multiprocessing.Pool", origin=interp.origin(node, frame.module))


@method_call(StartContext, "Process")
def _context_process(interp, context, args, kwargs, node, frame, arg_nodes):
    return ProcessObject("multiprocessing.Process", origin=interp.origin(node, frame.module),
                         method=context.method, starter="multiprocessing.Process")


@method_call(ProcessObject, "start")
def _process_start(interp, process, args, kwargs, node, frame, arg_nodes):
    emit_start(interp, node, frame, process.starter, method=process.method)
    return Const(None)


@method_call(Instance, "start")
def _process_subclass_start(interp, instance, args, kwargs, node, frame, arg_nodes):
    # Reached only when the class does not define start() itself.
    bases = set(instance.cls.external_bases())
    if bases & PROCESS_CLASSES:
        emit_start(interp, node, frame, "multiprocessing.Process")
        return Const(None)
    return UNKNOWN


# -- concurrent.futures -------------------------------------------------------------


@external_call(*EXECUTOR_CLASSES)
def _executor(interp, args, kwargs, node, frame, arg_nodes):
    # ProcessPoolExecutor(max_workers=None, mp_context=None, ...)
    context = _start_method_argument(args, kwargs, 1, "mp_context")
    methods = [_method_of(option) for option, _ in options_of(context)] if context is not None else [None]
    method = methods[0] if len(methods) == 1 else None
    return ExecutorObject(
        "concurrent.futures.ProcessPoolExecutor",
        origin=interp.origin(node, frame.module),
        method=method,
        starter="concurrent.futures.ProcessPoolExecutor",
        created=list(interp.stack) + [interp.origin(node, frame.module)],
        created_guarded=interp.guarded > 0,
    )


@method_call(ExecutorObject, "submit", "map")
def _executor_task(interp, executor, args, kwargs, node, frame, arg_nodes):
    if not executor.started:
        executor.started = True
        emit_start(interp, node, frame, executor.starter, method=executor.method, created=executor.created,
                   created_guarded=executor.created_guarded)
    return UNKNOWN


# -- torch.multiprocessing.spawn --------------------------------------------------


def _torch_starter(starter):
    def start(interp, args, kwargs, node, frame, arg_nodes):
        # spawn() and start_processes() share the signature
        # (fn, args=(), nprocs=1, join=True, daemon=False, start_method="spawn") in torch 2.x.
        method = _start_method_argument(args, kwargs, 5, "start_method")
        if method is None:
            method = Const("spawn")
        always_spawn = isinstance(method, Const) and method.value == "spawn"
        emit_start(interp, node, frame, starter, method=method, always_spawn=always_spawn)
        return UNKNOWN

    return start


external_call(*TORCH_SPAWN_CALLS)(_torch_starter("torch.multiprocessing.spawn"))
external_call(*TORCH_START_PROCESSES_CALLS)(_torch_starter("torch.multiprocessing.start_processes"))


# -- Hugging Face datasets ------------------------------------------------------------


def _hf_dataset_fallback(interp, qualname, args, kwargs, node, frame):
    # load_dataset, load_from_disk, Dataset.from_dict, concatenate_datasets, ...
    # NOTE: a dataset that reaches the script through code check cannot read
    # is unknown, so its map(num_proc=...) is not reported.
    if qualname.startswith("datasets."):
        return HfDataset("datasets.Dataset", origin=interp.origin(node, frame.module))
    return None


EXTERNAL_FALLBACKS.append(_hf_dataset_fallback)


def may_exceed_one(value):
    """Return True, False, or None (unknown) for whether ``value`` may be above 1."""
    unknown = False
    for option, _ in options_of(value):
        if isinstance(option, Const) and isinstance(option.value, (int, float)) and not isinstance(option.value, bool):
            if option.value > 1:
                return True
        elif isinstance(option, Const) and option.value is None:
            continue
        elif isinstance(option, Estimate):
            if option.high > 1:
                return True
        else:
            unknown = True
    return None if unknown else False


@method_call(HfDataset, "map", "filter")
def _hf_map(interp, dataset, args, kwargs, node, frame, arg_nodes):
    num_proc = kwargs.get("num_proc")
    if num_proc is not None:
        verdict = may_exceed_one(num_proc)
        if verdict is not False:
            name = node.func.attr if hasattr(node.func, "attr") else "map"
            emit_start(interp, node, frame, f"datasets.Dataset.{name}", num_proc=num_proc,
                       num_proc_known=verdict is True)
    return HfDataset("datasets.Dataset", origin=interp.origin(node, frame.module))


@method_call(HfDataset, "__getitem__", *HF_DATASET_METHODS)
def _hf_derived(interp, dataset, args, kwargs, node, frame, arg_nodes):
    return dataset
