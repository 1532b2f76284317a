"""What the interpreter observes. Rules turn these events into findings."""

from loaderdoctor.records import field, record


@record
class Event:
    # Call sites from the module-level statement (first) to the place where
    # the event happened (last), as a traceback reads.
    chain: list
    # True when the module-level statement that led here is inside an
    # ``if __name__ == "__main__":`` block of the checked file.
    guarded: bool


@record
class WorkerStart(Event):
    loader: object = None


@record
class LoaderCreated(Event):
    loader: object = None


@record
class ProcessStart(Event):
    """A process starter other than a DataLoader (pool, executor, spawn)."""

    starter: str = ""
    detail: dict = field(default_factory=dict)


@record
class StartMethodSet(Event):
    method: object = None
    forced: bool = False
