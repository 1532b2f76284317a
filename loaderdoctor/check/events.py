"""What the interpreter observes. Rules turn these events into findings."""

from dataclasses import dataclass, field


@dataclass
class Event:
    # Call sites from the module-level statement (first) to the place where
    # the event happened (last), as a traceback reads.
    chain: list
    # True when the module-level statement that led here is inside an
    # ``if __name__ == "__main__":`` block of the checked file.
    guarded: bool


@dataclass
class WorkerStart(Event):
    loader: object = None


@dataclass
class LoaderCreated(Event):
    loader: object = None


@dataclass
class ProcessStart(Event):
    """A process starter other than a DataLoader (pool, executor, spawn)."""

    starter: str = ""
    detail: dict = field(default_factory=dict)


@dataclass
class StartMethodSet(Event):
    method: object = None
    forced: bool = False
