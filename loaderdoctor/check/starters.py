"""Calls to worker-starting helpers that the project declares in its configuration.

``worker-starters = ["mypkg.train.fit"]`` names functions whose source check
cannot read (an installed package, a compiled module) but which start
DataLoader workers when called. A call to one of them iterates the loaders it
receives, as positional or keyword arguments or inside a list, tuple or dict
argument, so their ``num_workers`` decide the finding. A call that receives
no loader is taken to start workers of its own, with a number that check
cannot see.
"""

from loaderdoctor.check import events
from loaderdoctor.check.values import (
    UNKNOWN,
    Dict,
    Estimate,
    Generator,
    Instance,
    IterWrapper,
    Loader,
    Sequence,
    options_of,
)
from loaderdoctor.i18n import tr

# Maximum nesting of list, tuple and dict arguments searched for loaders.
MAX_CONTAINER_DEPTH = 2


def call_worker_starter(interp, qualname, args, kwargs, node, frame):
    """Record the worker starts of a call to a declared worker starter; return its unknown result."""
    before = len(interp.events)
    arguments = list(args) + [value for name, value in kwargs.items() if name not in ("*", "**")]
    received = False
    for value in arguments:
        received |= _iterate_loaders(interp, value, node, frame, MAX_CONTAINER_DEPTH)

    started = any(isinstance(event, events.WorkerStart) for event in interp.events[before:])
    if not received and not started:
        interp.emit(events.WorkerStart, node, frame, loader=_own_loader(interp, qualname, node, frame))
    return UNKNOWN


def _iterate_loaders(interp, value, node, frame, depth):
    """Iterate what in ``value`` can be iterated; return True when it contains a loader."""
    options = [option for option, _ in options_of(value)]
    if any(_is_iterable(option) for option in options):
        interp.get_iterator(value, node, frame)
        return any(_is_loader(option) for option in options)
    if depth == 0:
        return False
    received = False
    for option in options:
        if isinstance(option, Sequence):
            items = option.items
        elif isinstance(option, Dict):
            items = option.entries.values()
        else:
            continue
        for item in items:
            received |= _iterate_loaders(interp, item, node, frame, depth - 1)
    return received


def _is_loader(value):
    # An iterator over a loader (enumerate(loader), already started when it
    # was made) counts as a loader the helper received.
    if isinstance(value, (Loader, IterWrapper)):
        return True
    return isinstance(value, Instance) and "__loader__" in value.attrs


def _is_iterable(value):
    if _is_loader(value) or isinstance(value, Generator):
        return True
    return isinstance(value, Instance) and value.cls.lookup("__iter__") is not None


def _own_loader(interp, qualname, node, frame):
    site = interp.origin(node, frame.module)
    # At least one worker: the user declared that the call starts workers.
    workers = Estimate(1, float("inf"), tr("check.worker-starter.workers", name=qualname), site)
    return Loader(qualname=qualname, workers=workers, workers_expr=site, site=site, guarded=interp.guarded > 0)
