"""Record classes: the part of ``dataclasses`` that loaderdoctor uses, cheap to import.

``check`` runs on every commit through pre-commit, so its start-up time is
part of what users wait for. ``dataclasses`` compiles several methods for
each class when the class is created. Across the checker's few dozen
classes that took 14 of the 24 ms spent importing loaderdoctor's own
modules (``python -X importtime``, Python 3.11). ``record`` creates the
class at once and compiles its ``__init__`` the first time an instance is
made, so classes that a run never instantiates cost almost nothing.

Supported: annotated fields with defaults, ``field(default=...,
default_factory=..., init=..., compare=...)``, ``eq`` (field-wise
comparison, as dataclasses does it), ``frozen`` (read-only and hashable),
``__post_init__``, and ``replace``. Fields of record base classes come
first, as with dataclasses.
"""

_MISSING = object()


class field:  # noqa: N801 - named after dataclasses.field, which it stands in for
    """Options of one field; use it as the field's default value."""

    __slots__ = ("default", "default_factory", "init", "compare")

    def __init__(self, *, default=_MISSING, default_factory=_MISSING, init=True, compare=True):
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.compare = compare


class FrozenInstanceError(AttributeError):
    """Raised when a field of a frozen record is assigned or deleted."""


def record(cls=None, *, eq=True, frozen=False):
    """Turn an annotated class into a record; usable as ``@record`` or ``@record(eq=False)``."""

    def wrap(cls):
        return _make_record(cls, eq, frozen)

    return wrap if cls is None else wrap(cls)


def replace(instance, **changes):
    """Return a copy of ``instance`` with the given fields changed."""
    values = {}
    for name, spec in type(instance).__record_fields__.items():
        if spec.init:
            values[name] = changes.pop(name) if name in changes else getattr(instance, name)
    if changes:
        raise TypeError(f"{type(instance).__name__} has no init field(s) {', '.join(changes)}")
    return type(instance)(**values)


def _make_record(cls, eq, frozen):
    fields = {}
    for base in reversed(cls.__mro__[1:]):
        fields.update(getattr(base, "__record_fields__", {}))
    for name in cls.__dict__.get("__annotations__", {}):
        value = cls.__dict__.get(name, _MISSING)
        spec = value if isinstance(value, field) else field(default=value)
        fields[name] = spec
        if spec.default is _MISSING:
            if name in cls.__dict__:
                delattr(cls, name)
        else:
            setattr(cls, name, spec.default)
    cls.__record_fields__ = fields
    cls.__record_frozen__ = frozen
    compared = tuple(name for name, spec in fields.items() if spec.compare)

    def __init__(self, *args, **kwargs):
        # The first instance compiles the real initialiser and installs it.
        real = _compile_init(cls)
        cls.__init__ = real
        real(self, *args, **kwargs)

    cls.__init__ = __init__
    if "__repr__" not in cls.__dict__:
        cls.__repr__ = _repr
    if eq:
        def __eq__(self, other):
            if other.__class__ is not self.__class__:
                return NotImplemented
            return all(getattr(self, name) == getattr(other, name) for name in compared)

        cls.__eq__ = __eq__
        if frozen:
            cls.__hash__ = lambda self: hash(tuple(getattr(self, name) for name in compared))
        else:
            cls.__hash__ = None
    if frozen:
        cls.__setattr__ = _reject_change
        cls.__delattr__ = _reject_change
    return cls


def _compile_init(cls):
    fields = cls.__record_fields__
    setter = "_set(self, {name!r}, {value})" if cls.__record_frozen__ else "self.{name} = {value}"
    parameters = []
    body = []
    namespace = {"_set": object.__setattr__, "_MISSING": _MISSING}
    for name, spec in fields.items():
        if spec.default_factory is not _MISSING:
            namespace[f"_factory_{name}"] = spec.default_factory
        elif spec.default is not _MISSING:
            namespace[f"_default_{name}"] = spec.default
        if not spec.init:
            if spec.default_factory is not _MISSING:
                body.append(setter.format(name=name, value=f"_factory_{name}()"))
            elif spec.default is not _MISSING:
                body.append(setter.format(name=name, value=f"_default_{name}"))
            continue
        if spec.default_factory is not _MISSING:
            parameters.append(f"{name}=_MISSING")
            body.append(setter.format(name=name, value=f"_factory_{name}() if {name} is _MISSING else {name}"))
            continue
        parameters.append(name if spec.default is _MISSING else f"{name}=_default_{name}")
        body.append(setter.format(name=name, value=name))
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    source = f"def __init__(self, {', '.join(parameters)}):\n    " + ("\n    ".join(body) or "pass") + "\n"
    exec(compile(source, f"<record {cls.__qualname__}>", "exec"), namespace)  # noqa: S102 - built from field names
    initializer = namespace["__init__"]
    initializer.__qualname__ = f"{cls.__qualname__}.__init__"
    return initializer


def _repr(self):
    fields_text = ", ".join(f"{name}={getattr(self, name, None)!r}" for name in type(self).__record_fields__)
    return f"{type(self).__qualname__}({fields_text})"


def _reject_change(self, name, *value):
    raise FrozenInstanceError(f"cannot assign to field {name!r} of a frozen {type(self).__name__}")
