"""The objects a DataLoader pickles for its workers, and the ones that cannot be sent.

Under spawn and forkserver, starting a worker pickles the loader's
``dataset``, ``collate_fn`` and ``worker_init_fn`` (torch 2.x,
``_MultiProcessingDataLoaderIter``). The ``sampler``, ``batch_sampler`` and
``generator`` stay in the main process and are not pickled. Pickle stores
functions and classes by module and qualified name, so the worker must be
able to import each of them again, and it cannot store open handles,
locks, generators or modules at all.

Importing this module registers the value models the walk needs:
``functools.partial``, objects of libraries whose arguments end up inside
the object (torchvision transforms and datasets, ``torch.utils.data``
wrappers such as ``Subset``), and handles (``open``, ``h5py.File``,
``lmdb.open``, ``sqlite3.connect``, locks, ...).
"""

import ast

from loaderdoctor.check.interpreter import EXTERNAL_FALLBACKS, external_call
from loaderdoctor.check.values import (
    ABSENT,
    Class,
    Dict,
    External,
    Function,
    Generator,
    Instance,
    ModuleRef,
    Opaque,
    Sequence,
    Union,
)
from loaderdoctor.records import field, record

# DataLoader arguments that every worker receives pickled.
PICKLED_ARGUMENTS = ("dataset", "collate_fn", "worker_init_fn")
MAX_DEPTH = 8

# Library namespaces whose objects keep the values they were built from
# (Compose([...]), Lambda(fn), MNIST(transform=...), Subset(dataset, ...)).
# NOTE: objects of other libraries stay opaque, so a lambda handed to them
# is not seen.
KEEPING_NAMESPACES = (
    "torch.utils.data.",
    "torchvision.transforms.",
    "torchvision.datasets.",
    "torchaudio.transforms.",
    "torchaudio.datasets.",
    "torchtext.",
    "albumentations.",
    "monai.transforms.",
    "monai.data.",
)
KEEPING_CALLS = frozenset({"collections.defaultdict", "numpy.vectorize", "functools.lru_cache"})

# Constructors of objects that pickle rejects, by the resource they hold.
HANDLE_CALLS = {
    "builtins.open": "file",
    "io.open": "file",
    "io.FileIO": "file",
    "codecs.open": "file",
    "gzip.open": "file",
    "gzip.GzipFile": "file",
    "bz2.open": "file",
    "bz2.BZ2File": "file",
    "lzma.open": "file",
    "lzma.LZMAFile": "file",
    "tempfile.TemporaryFile": "file",
    "tempfile.NamedTemporaryFile": "file",
    "tempfile.SpooledTemporaryFile": "file",
    "mmap.mmap": "file",
    "zipfile.ZipFile": "zip",
    "tarfile.open": "tar",
    "tarfile.TarFile": "tar",
    "h5py.File": "h5py",
    "tables.open_file": "hdf5",
    "netCDF4.Dataset": "netcdf",
    "lmdb.open": "lmdb",
    "lmdb.Environment": "lmdb",
    "sqlite3.connect": "sqlite",
    "psycopg2.connect": "database",
    "pymysql.connect": "database",
    "pymongo.MongoClient": "database",
    "sqlalchemy.create_engine": "database",
    "redis.Redis": "database",
    "redis.StrictRedis": "database",
    "threading.Lock": "lock",
    "threading.RLock": "lock",
    "threading.Condition": "lock",
    "threading.Semaphore": "lock",
    "threading.BoundedSemaphore": "lock",
    "threading.Event": "lock",
    "_thread.allocate_lock": "lock",
    "socket.socket": "socket",
    "socket.create_connection": "socket",
    "cv2.VideoCapture": "video",
    "soundfile.SoundFile": "file",
    "torch.utils.tensorboard.SummaryWriter": "writer",
    "tensorboardX.SummaryWriter": "writer",
}


@record(eq=False)
class Partial(Opaque):
    """``functools.partial(func, *args, **kwargs)``: pickled with its function and arguments."""

    func: object = None
    args: list = field(default_factory=list)
    kwargs: dict = field(default_factory=dict)


@record(eq=False)
class LibraryObject(Opaque):
    """An object of a library that keeps the arguments it was built from."""

    args: list = field(default_factory=list)
    kwargs: dict = field(default_factory=dict)


@record(eq=False)
class Handle(Opaque):
    """An open file, connection, lock or similar resource; ``resource`` names which."""

    resource: str = "file"


def _keep_arguments(args, kwargs):
    return list(args), {name: value for name, value in kwargs.items() if name not in ("*", "**")}


@external_call("functools.partial")
def _partial(interp, args, kwargs, node, frame, arg_nodes):
    if not args:
        return Opaque("functools.partial")
    rest, named = _keep_arguments(args[1:], kwargs)
    return Partial("functools.partial", origin=interp.origin(node, frame.module), func=args[0], args=rest, kwargs=named)


def _handle(resource):
    def make(interp, args, kwargs, node, frame, arg_nodes):
        return Handle(resource, origin=interp.origin(node, frame.module), resource=resource)

    return make


for _qualname, _resource in HANDLE_CALLS.items():
    external_call(_qualname)(_handle(_resource))


@external_call("torch.utils.data.random_split")
def _random_split(interp, args, kwargs, node, frame, arg_nodes):
    dataset = args[0] if args else kwargs.get("dataset")
    lengths = args[1] if len(args) > 1 else kwargs.get("lengths")
    if not isinstance(lengths, Sequence) or dataset is None:
        return LibraryObject("torch.utils.data.random_split", args=[dataset] if dataset is not None else [])
    origin = interp.origin(node, frame.module)
    subsets = [LibraryObject("torch.utils.data.Subset", origin=origin, args=[dataset]) for _ in lengths.items]
    return Sequence(subsets, "list")


def _keeping_fallback(interp, qualname, args, kwargs, node, frame):
    if qualname in KEEPING_CALLS or qualname.startswith(KEEPING_NAMESPACES):
        rest, named = _keep_arguments(args, kwargs)
        return LibraryObject(qualname, origin=interp.origin(node, frame.module), args=rest, kwargs=named)
    return None


EXTERNAL_FALLBACKS.append(_keeping_fallback)


# -- the walk -------------------------------------------------------------------------


@record
class Reached:
    """A value found in what a loader pickles for its workers.

    ``path`` names where it sits, e.g. ``dataset.transform``; ``holder`` is
    the ``(Instance, attribute)`` that stores it, when an instance does.
    ``as_dataset`` is set for the dataset object itself (also when wrapped
    by ``Subset`` or ``ConcatDataset``).
    """

    value: object
    path: str
    holder: tuple = None
    as_dataset: bool = False


def walk_payload(loader):
    """Yield a ``Reached`` for every value the loader's workers receive pickled."""
    seen = set()
    for name in PICKLED_ARGUMENTS:
        value = loader.arguments.get(name)
        if value is None or value is ABSENT:
            continue
        yield from _walk(value, name, None, name == "dataset", seen, 0)


def _walk(value, path, holder, as_dataset, seen, depth):
    if depth > MAX_DEPTH:
        return
    if isinstance(value, Union):
        for option, _ in value.options:
            yield from _walk(option, path, holder, as_dataset, seen, depth)
        return
    key = (id(value), path)
    if key in seen:
        return
    seen.add(key)

    if isinstance(value, (Function, Class, Handle, Generator, ModuleRef, External)):
        yield Reached(value, path, holder, as_dataset)
    if isinstance(value, Function) and value.bound_self is not None:
        # A bound method pickles the object it is bound to.
        yield from _walk(value.bound_self, path, holder, False, seen, depth + 1)
    elif isinstance(value, Instance):
        yield Reached(value, path, holder, as_dataset)
        if not has_custom_pickling(value.cls):
            for attribute, item in value.attrs.items():
                if attribute.startswith("__") and attribute.endswith("__"):
                    continue
                yield from _walk(item, f"{path}.{attribute}", (value, attribute), False, seen, depth + 1)
    elif isinstance(value, Partial):
        for item in [value.func, *value.args, *value.kwargs.values()]:
            yield from _walk(item, path, holder, False, seen, depth + 1)
    elif isinstance(value, LibraryObject):
        # Dataset wrappers (Subset, ConcatDataset) keep the dataset a dataset.
        wraps_dataset = as_dataset and value.kind.startswith("torch.utils.data.")
        for item in [*value.args, *value.kwargs.values()]:
            yield from _walk(item, path, holder, wraps_dataset, seen, depth + 1)
    elif isinstance(value, Sequence):
        # ConcatDataset([a, b]) holds datasets; a plain list given as the dataset holds samples.
        items_are_datasets = as_dataset and depth > 0
        for item in value.items:
            yield from _walk(item, path, holder, items_are_datasets, seen, depth + 1)
    elif isinstance(value, Dict):
        for item in value.entries.values():
            yield from _walk(item, path, holder, False, seen, depth + 1)


def has_custom_pickling(klass):
    """Return True when a class of the project controls its own pickled state."""
    for current in klass.mro():
        if any(name in current.namespace for name in ("__getstate__", "__reduce__", "__reduce_ex__")):
            return True
    return False


def defining_function(value):
    """Return the name of the function whose body defines ``value``, or None at module level."""
    qualname = value.qualname
    if ".<locals>." not in qualname:
        return None
    return qualname.rsplit(".<locals>.", 1)[0]


def assignment_node(klass, attribute):
    """Find the statement of the class (or its bases) that sets ``self.<attribute>``; prefer ``__init__``."""
    found = None
    for current in klass.mro():
        if current.node is None:
            continue
        for method in current.node.body:
            if not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) or not method.args.args:
                continue
            receiver = method.args.args[0].arg
            for node in ast.walk(method):
                if _sets_attribute(node, receiver, attribute):
                    if method.name == "__init__":
                        return current, node
                    if found is None:
                        found = (current, node)
    return found


def _sets_attribute(node, receiver, attribute):
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        targets = [node.target]
    else:
        return False
    pending = list(targets)
    while pending:
        target = pending.pop()
        if isinstance(target, (ast.Tuple, ast.List)):
            pending.extend(target.elts)
        elif (
            isinstance(target, ast.Attribute)
            and target.attr == attribute
            and isinstance(target.value, ast.Name)
            and target.value.id == receiver
        ):
            return True
    return False


# -- definitions that workers cannot use ----------------------------------------------

GUARD = "guard"
NOTEBOOK = "notebook"
MAIN_PACKAGE = "main-package"
LOCAL_DATASET = "local-dataset"
LAMBDA = "lambda"
NESTED_FUNCTION = "nested-function"
LOCAL_CLASS = "local-class"

# The rule that reports each reason. Definitions in the guard, a notebook or
# a package's __main__.py pickle fine but are missing in the worker (LD003).
# Pickle rejects lambdas and local functions and classes in the main process
# (LD004). The dataset's own class, when it is local, is reported by LD003
# as code that workers cannot import.
RULE_OF_REASON = {
    GUARD: "LD003",
    NOTEBOOK: "LD003",
    MAIN_PACKAGE: "LD003",
    LOCAL_DATASET: "LD003",
    LAMBDA: "LD004",
    NESTED_FUNCTION: "LD004",
    LOCAL_CLASS: "LD004",
}


@record
class Misplaced:
    """A function, lambda or class that a worker cannot get, and why."""

    reason: str
    definition: object  # values.Function or values.Class
    reached: Reached

    @property
    def code(self):
        return RULE_OF_REASON[self.reason]


def misplaced_definition(reached, main_module, notebook):
    """Return a ``Misplaced`` when the reached value's definition cannot be sent to a worker."""
    value = reached.value
    if isinstance(value, Function):
        if value.module.library:
            return None
        if value.is_lambda:
            return Misplaced(LAMBDA, value, reached)
        if value.owner is not None:
            return _misplaced_class(value.owner, reached, False, main_module, notebook)
        if value.closure is not None:
            return Misplaced(NESTED_FUNCTION, value, reached)
        return _misplaced_at_top(value, reached, main_module, notebook)
    if isinstance(value, Class):
        return _misplaced_class(value, reached, False, main_module, notebook)
    if isinstance(value, Instance):
        return _misplaced_class(value.cls, reached, reached.as_dataset, main_module, notebook)
    return None


def _misplaced_class(klass, reached, as_dataset, main_module, notebook):
    if klass.module.library or klass.node is None:
        return None
    if klass.closure is not None:
        return Misplaced(LOCAL_DATASET if as_dataset else LOCAL_CLASS, klass, reached)
    return _misplaced_at_top(klass, reached, main_module, notebook)


def _misplaced_at_top(definition, reached, main_module, notebook):
    if definition.defined_in_guard and not notebook:
        return Misplaced(GUARD, definition, reached)
    if definition.module is not main_module:
        return None
    if notebook:
        return Misplaced(NOTEBOOK, definition, reached)
    if main_module.path.replace("\\", "/").rsplit("/", 1)[-1] == "__main__.py":
        return Misplaced(MAIN_PACKAGE, definition, reached)
    return None


def definition_name(definition):
    """Return the name a reader knows the definition by: its own name, or "lambda"."""
    if isinstance(definition, Function) and definition.is_lambda:
        return "lambda"
    return definition.qualname.rsplit(".", 1)[-1]
