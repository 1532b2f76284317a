"""Abstract values that the checker's interpreter computes for expressions.

The interpreter never runs user code. It evaluates expressions to these
stand-ins, which keep just enough to decide whether a DataLoader may start
workers and to say where ``num_workers`` got its value.
"""

from loaderdoctor.check.findings import Origin  # noqa: F401 - part of this module's vocabulary
from loaderdoctor.records import field, record

WINDOWS = "windows"
MACOS = "macos"
LINUX = "linux"
ALL_PLATFORMS = frozenset({WINDOWS, MACOS, LINUX})


class Value:
    __slots__ = ()
    origin = None


class _Unknown(Value):
    __slots__ = ()

    def __repr__(self):
        return "UNKNOWN"


class _Absent(Value):
    """The value of a keyword argument or dict key that was never given."""

    __slots__ = ()

    def __repr__(self):
        return "ABSENT"


UNKNOWN = _Unknown()
ABSENT = _Absent()


@record(eq=False)
class Const(Value):
    value: object
    origin: Origin = None


@record(eq=False)
class Estimate(Value):
    """A number known only within bounds, such as ``os.cpu_count()``."""

    low: float
    high: float
    description: str
    origin: Origin = None


@record(eq=False)
class Union(Value):
    """One of several values; each option may hold on some platforms only."""

    options: list  # of (Value, frozenset of platforms)


@record(eq=False)
class PlatformTest(Value):
    """A condition that is true exactly on ``platforms`` (``os.name == "nt"``)."""

    platforms: frozenset


@record(eq=False)
class PlatformName(Value):
    """``os.name``, ``sys.platform`` or ``platform.system()``."""

    source: str


@record(eq=False)
class GuardTest(Value):
    """``__name__ == "__main__"``; ``negated`` for ``!=`` and ``not``."""

    negated: bool = False


@record(eq=False)
class Sequence(Value):
    items: list
    kind: str = "tuple"


@record(eq=False)
class Dict(Value):
    entries: dict = field(default_factory=dict)
    # Set when the dict came from ``**kwargs`` or an unknown source, so a
    # missing key is unknown rather than absent.
    open: bool = False
    origin: Origin = None

    def get(self, key):
        if key in self.entries:
            return self.entries[key]
        return UNKNOWN if self.open else ABSENT

    def set(self, key, value, weak=False):
        if weak:
            value = union(self.get(key), value)
        self.entries[key] = value


@record(eq=False)
class External(Value):
    """A name from a module that is not analysed, by its dotted path."""

    qualname: str


@record(eq=False)
class ModuleRef(Value):
    """A module whose source is analysed (the project's own or a catalog stub)."""

    module: object  # check.interpreter.Module


@record(eq=False)
class Function(Value):
    node: object
    module: object
    qualname: str
    closure: object = None  # the defining Frame for nested functions
    bound_self: Value = None
    owner: object = None  # the Class whose body defines it
    defined_in_guard: bool = False

    @property
    def is_lambda(self):
        return type(self.node).__name__ == "Lambda"

    @property
    def is_nested(self):
        return self.closure is not None


@record(eq=False)
class Class(Value):
    node: object
    module: object
    qualname: str
    bases: list = field(default_factory=list)
    namespace: dict = field(default_factory=dict)
    closure: object = None
    defined_in_guard: bool = False
    is_dataclass: bool = False

    def mro(self):
        order, pending = [], [self]
        while pending:
            current = pending.pop(0)
            if current in order:
                continue
            order.append(current)
            pending.extend(base for base in current.bases if isinstance(base, Class))
        return order

    def lookup(self, name):
        for klass in self.mro():
            if name in klass.namespace:
                return klass.namespace[name]
        return None

    def external_bases(self):
        names = []
        for klass in self.mro():
            names.extend(base.qualname for base in klass.bases if isinstance(base, External))
        return names


@record(eq=False)
class Instance(Value):
    cls: Class
    attrs: dict = field(default_factory=dict)
    origin: Origin = None


@record(eq=False)
class Loader(Value):
    """A DataLoader (or a subclass, or a known loader-like class)."""

    qualname: str
    workers: Value
    workers_expr: Origin  # the ``num_workers=...`` argument or the call site
    site: Origin
    arguments: dict = field(default_factory=dict)
    guarded: bool = False


@record(eq=False)
class IterWrapper(Value):
    """A lazy wrapper such as ``enumerate(loader)`` or ``tqdm(loader)``."""

    sources: list


@record(eq=False)
class Generator(Value):
    """A generator object: its body runs only when it is iterated."""

    function: Function
    args: list
    kwargs: dict
    site: Origin = None


@record(eq=False)
class Method(Value):
    """A method of a value the interpreter models itself (``parser.add_argument``)."""

    receiver: Value
    name: str


@record(eq=False)
class ArgParser(Value):
    options: dict = field(default_factory=dict)  # dest -> default Value
    origin: Origin = None


@record(eq=False)
class Namespace(Value):
    parser: ArgParser
    attrs: dict = field(default_factory=dict)


@record(eq=False)
class Opaque(Value):
    """An object from a library with a known kind (``"datasets.Dataset"``)."""

    kind: str
    attrs: dict = field(default_factory=dict)
    origin: Origin = None


# Past this many options a union tells nothing useful about num_workers and
# only slows the walk down (loops that merge values grow unions quickly).
MAX_UNION_OPTIONS = 32


def union(*values):
    """Join values into one, flattening nested unions and dropping duplicates."""
    options = []
    for value in values:
        if value is None:
            continue
        if isinstance(value, Union):
            candidates = value.options
        else:
            candidates = [(value, ALL_PLATFORMS)]
        for candidate, platforms in candidates:
            if not any(candidate is existing and platforms == seen for existing, seen in options):
                options.append((candidate, platforms))
        if len(options) > MAX_UNION_OPTIONS:
            return UNKNOWN
    if not options:
        return UNKNOWN
    if len(options) == 1 and options[0][1] == ALL_PLATFORMS:
        return options[0][0]
    return Union(options)


def restrict(value, platforms):
    """Return ``value`` as holding only on ``platforms``."""
    if platforms == ALL_PLATFORMS:
        return value
    if isinstance(value, Union):
        return Union([(option, seen & platforms) for option, seen in value.options if seen & platforms])
    return Union([(value, platforms)])


def options_of(value):
    """Yield ``(value, platforms)`` pairs for a possibly-union value."""
    if isinstance(value, Union):
        for option, platforms in value.options:
            for inner, inner_platforms in options_of(option):
                if platforms & inner_platforms:
                    yield inner, platforms & inner_platforms
    else:
        yield value, ALL_PLATFORMS
