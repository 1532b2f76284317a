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

# How deep to look into list, tuple and dict arguments for loaders.
MAX_CONTAINER_DEPTH = 2


def call_worker_starter(interp, qualname, args, kwargs, node, frame):
    """Record the worker starts of a call to a declared worker starter; return its unknown result."""
    before = len(interp.events)
    arguments = list(args) + [value for name, value in kwargs.items() if name not in ("*", "**")]
    for value in arguments:
        _iterate_loaders(interp, value, node, frame, MAX_CONTAINER_DEPTH)

    started = any(isinstance(event, events.WorkerStart) for event in interp.events[before:])
    if not started:
        interp.emit(events.WorkerStart, node, frame, loader=_own_loader(interp, qualname, node, frame))
    return UNKNOWN


def _iterate_loaders(interp, value, node, frame, depth):
    for option, _ in options_of(value):
        if _is_iterable_loader(option):
            interp.get_iterator(value, node, frame)
            return
    if depth == 0:
        return
    for option, _ in options_of(value):
        if isinstance(option, Sequence):
            for item in option.items:
                _iterate_loaders(interp, item, node, frame, depth - 1)
        elif isinstance(option, Dict):
            for item in option.entries.values():
                _iterate_loaders(interp, item, node, frame, depth - 1)


def _is_iterable_loader(value):
    if isinstance(value, (Loader, IterWrapper, Generator)):
        return True
    if isinstance(value, Instance):
        return "__loader__" in value.attrs or value.cls.lookup("__iter__") is not None
    return False


def _own_loader(interp, qualname, node, frame):
    site = interp.origin(node, frame.module)
    # At least one worker: the user declared that the call starts workers.
    workers = Estimate(1, float("inf"), tr("check.worker-starter.workers", name=qualname), site)
    return Loader(qualname=qualname, workers=workers, workers_expr=site, site=site, guarded=interp.guarded > 0)
