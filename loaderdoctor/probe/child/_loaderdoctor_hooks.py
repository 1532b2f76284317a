"""DataLoader and multiprocessing instrumentation for ``loaderdoctor probe``.

Runs inside the user's interpreter (standard library and torch only). The
bootstrap installs the parent-side hooks before the script runs; workers
import this module only to unpickle ``WorkerStartHook``, which records the
worker's side. Nothing in torch's files is changed: methods are wrapped on
the classes at run time.

Hook points (torch 1.8 to 2.13): ``DataLoader.__init__`` (creation site),
``DataLoader.__iter__`` (iteration site, end of the run),
``_MultiProcessingDataLoaderIter.__init__`` (worker start),
``_BaseDataLoaderIter.__next__`` (batches), the ``worker_init_fn`` the
worker calls (worker side) and ``_DatasetKind.create_fetcher`` in the worker
(its first batch). On the multiprocessing side: ``BaseProcess.start``,
``reduction.dump`` (pickled size, pickling errors) and
``spawn.get_command_line`` (a boot step in every spawned child).
"""

import itertools
import os
import sys
import sysconfig
import threading
import time

import _loaderdoctor_events as events

WORKER_READY_EVENTS = ("worker-ready",)
ACK_WAIT_SECONDS = 5.0


class ProbeFinished(BaseException):
    """Raised into the script when every loader has delivered its probe batches.

    It derives from BaseException so that ``except Exception`` in the script
    does not swallow it; ``finally`` blocks and context managers still run.
    """


_settings = {"batches": 1, "full": False}
_thread_state = threading.local()
_probed_keys = set()
_loader_ids = itertools.count(1)
_iteration_ids = itertools.count(1)
_library_prefixes = ()
_event_offset = [0]
_seen_events = []


# ---------------------------------------------------------------------------
# Where the user's code is


def _normalized(path):
    return os.path.normcase(os.path.abspath(path))


def set_library_prefixes(extra=()):
    global _library_prefixes
    prefixes = set()
    paths = sysconfig.get_paths()
    for name in ("stdlib", "platstdlib", "purelib", "platlib"):
        if paths.get(name):
            prefixes.add(_normalized(paths[name]))
    prefixes.add(_normalized(os.path.dirname(os.__file__)))
    prefixes.add(_normalized(os.path.dirname(__file__)))
    for path in extra:
        prefixes.add(_normalized(path))
    _library_prefixes = tuple(sorted(prefixes))
    return list(_library_prefixes)


def is_library_path(path):
    if not path or path.startswith("<"):
        return True
    normalized = _normalized(path)
    return any(normalized == prefix or normalized.startswith(prefix + os.sep) for prefix in _library_prefixes)


def user_frame():
    """Return ``(path, line, function)`` of the innermost frame in the user's code."""
    frame = sys._getframe(1)
    while frame is not None:
        path = frame.f_code.co_filename
        if not is_library_path(path):
            return {"path": path, "line": frame.f_lineno, "function": frame.f_code.co_name}
        frame = frame.f_back
    return None


# ---------------------------------------------------------------------------
# The start method


def force_start_method(method):
    """Make ``method`` the default start method without fixing it.

    ``set_start_method(force=True)`` would make a later plain
    ``set_start_method()`` in the script fail in the parent, which is not
    what happens on Windows or macOS. Replacing the default context that
    ``DefaultContext`` falls back to keeps the script's own calls working
    (a private attribute of multiprocessing.context, present in 3.8 to 3.14).
    """
    if not method or method == "default":
        return
    import multiprocessing
    import multiprocessing.context as contexts

    concrete = getattr(contexts, "_concrete_contexts", None)
    default = getattr(contexts, "_default_context", None)
    if concrete is None or default is None or not hasattr(default, "_default_context"):
        multiprocessing.set_start_method(method, force=True)
        return
    default._default_context = concrete[method]


# ---------------------------------------------------------------------------
# multiprocessing hooks (the script's process)


class _CountingWriter:
    def __init__(self, target):
        self.target = target
        self.count = 0

    def write(self, data):
        self.count += memoryview(data).nbytes
        return self.target.write(data)


def _torch_worker_args(process):
    target = getattr(process, "_target", None)
    if getattr(target, "__name__", "") != "_worker_loop":
        return None
    if "torch" not in getattr(target, "__module__", ""):
        return None
    return getattr(process, "_args", None)


def _qualname(target):
    if target is None:
        return None
    module = getattr(target, "__module__", None) or ""
    name = getattr(target, "__qualname__", None) or getattr(target, "__name__", None) or repr(target)
    return "%s.%s" % (module, name) if module else name


def _start_method_of(process):
    module = type(getattr(process, "_popen", None)).__module__ or ""
    name = module.rsplit(".", 1)[-1]
    for method in ("forkserver", "spawn", "fork"):
        if method in name:
            return method
    return None


def install_multiprocessing_hooks(run_dir):
    from multiprocessing import process, reduction, spawn

    original_dump = reduction.dump

    def dump(obj, file, protocol=None):
        if not isinstance(obj, process.BaseProcess):
            return original_dump(obj, file, protocol)
        writer = _CountingWriter(file)
        try:
            result = original_dump(obj, writer, protocol)
        except Exception as error:
            _report_pickle_error(obj, error)
            raise
        obj._loaderdoctor_pickled_bytes = writer.count
        if _torch_worker_args(obj):
            # Sent before the bytes go down the pipe: under spawn the write
            # blocks when the payload is larger than the pipe buffer.
            events.emit("worker-pickled", name=obj.name, pickled_bytes=writer.count)
        return result

    reduction.dump = dump

    original_start = process.BaseProcess.start

    def start(self):
        worker_args = _torch_worker_args(self)
        iteration = getattr(_thread_state, "iteration", None) if worker_args else None
        worker_id = worker_args[10] if worker_args and len(worker_args) > 10 else None
        started = time.time()
        events.emit(
            "process-starting",
            name=self.name,
            kind=type(self).__name__,
            target=_qualname(getattr(self, "_target", None)),
            iteration=iteration["id"] if iteration else None,
            worker_id=worker_id,
            site=user_frame(),
        )
        original_start(self)
        events.emit(
            "process-started",
            name=self.name,
            kind=type(self).__name__,
            child=self.pid,
            seconds=time.time() - started,
            pickled_bytes=getattr(self, "_loaderdoctor_pickled_bytes", None),
            method=_start_method_of(self),
            iteration=iteration["id"] if iteration else None,
            worker_id=worker_id,
        )
        # The first worker of a loader starts alone: a failure in the re-import
        # of __main__ then shows after one worker start instead of after all
        # workers have imported torch at once on a few cores.
        if iteration and worker_id == 0 and iteration["num_workers"] > 1:
            _wait_for_workers(iteration, [self], ("worker-ready",))

    process.BaseProcess.start = start

    original_command_line = spawn.get_command_line

    def get_command_line(**kwargs):
        command = original_command_line(**kwargs)
        if "-c" in command:
            index = command.index("-c") + 1
            boot = "import sys; sys.path.insert(0, %r); import _loaderdoctor_events; " % run_dir
            command[index] = boot + "_loaderdoctor_events.boot_child(); " + command[index]
        return command

    spawn.get_command_line = get_command_line


def _report_pickle_error(process_obj, error):
    worker_args = _torch_worker_args(process_obj)
    culprit = None
    if worker_args:
        roots = [("dataset", worker_args[1]), ("collate_fn", worker_args[6])]
        init_fn = worker_args[9]
        roots.append(("worker_init_fn", getattr(init_fn, "user_fn", init_fn)))
    else:
        roots = [("target", getattr(process_obj, "_target", None)), ("args", getattr(process_obj, "_args", ()))]
    try:
        import _loaderdoctor_culprit

        culprit = _loaderdoctor_culprit.find_culprit(roots)
    except Exception as search_error:  # noqa: BLE001 - the search must never hide the real error
        culprit = {"search_error": repr(search_error)}
    iteration = getattr(_thread_state, "iteration", None)
    events.emit(
        "pickle-error",
        error_type=type(error).__name__,
        error=str(error),
        process=process_obj.name,
        torch_worker=bool(worker_args),
        iteration=iteration["id"] if iteration else None,
        culprit=culprit,
        site=user_frame(),
    )


# ---------------------------------------------------------------------------
# Waiting for what workers report


def _new_events():
    records, _event_offset[0] = events.read_events(_event_offset[0])
    _seen_events.extend(records)
    return _seen_events


def _wait_for_workers(iteration, processes, names):
    """Wait until each process has sent one of the events ``names`` or has exited."""
    pending = {process.pid: process for process in processes if process.pid}
    while pending:
        for record in _new_events():
            if record.get("event") in names and record.get("pid") in pending:
                pending.pop(record["pid"], None)
        for pid, process in list(pending.items()):
            if process.exitcode is not None:
                pending.pop(pid, None)
        if pending:
            time.sleep(0.02)


def _wait_for_ack(token):
    path = os.path.join(events.run_dir(), "ack-%s" % token)
    deadline = time.time() + ACK_WAIT_SECONDS
    while time.time() < deadline and not os.path.exists(path):
        time.sleep(0.02)


# ---------------------------------------------------------------------------
# torch hooks (the script's process)


def _context_name(context):
    if context is None:
        return None
    if isinstance(context, str):
        return context
    try:
        return context.get_start_method()
    except Exception:  # noqa: BLE001 - a custom context object may not support this
        return repr(context)


def install_torch_hooks(dataloader_module):
    DataLoader = dataloader_module.DataLoader
    base_iterator = dataloader_module._BaseDataLoaderIter
    multi_iterator = dataloader_module._MultiProcessingDataLoaderIter

    original_init = DataLoader.__init__

    def loader_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        if "_loaderdoctor_id" in self.__dict__:
            return
        site = user_frame()
        self._loaderdoctor_id = next(_loader_ids)
        self._loaderdoctor_site = site
        events.emit(
            "loader-created",
            loader=self._loaderdoctor_id,
            site=site,
            num_workers=self.num_workers,
            batch_size=self.batch_size,
            persistent_workers=getattr(self, "persistent_workers", False),
            context=_context_name(self.multiprocessing_context),
            dataset=type(self.dataset).__qualname__,
        )

    DataLoader.__init__ = loader_init

    original_iter = DataLoader.__iter__

    def loader_iter(self):
        site = user_frame()
        creation = self.__dict__.get("_loaderdoctor_site") or {}
        key = (creation.get("path"), creation.get("line"), (site or {}).get("path"), (site or {}).get("line"))
        if not _settings["full"] and key in _probed_keys:
            events.emit("finished", reason="loaders-probed", loader=self.__dict__.get("_loaderdoctor_id"))
            raise ProbeFinished()
        record = {
            "id": next(_iteration_ids),
            "loader": self.__dict__.get("_loaderdoctor_id"),
            "key": key,
            "site": site,
            "num_workers": self.num_workers,
            "started": time.time(),
            "batches": 0,
            "processes": [],
        }
        events.emit("iteration-start", iteration=record["id"], loader=record["loader"], site=site,
                    num_workers=self.num_workers)
        _thread_state.pending = record
        try:
            iterator = original_iter(self)
        finally:
            _thread_state.pending = None
        try:
            iterator._loaderdoctor = record
        except AttributeError:
            pass
        return iterator

    DataLoader.__iter__ = loader_iter

    original_multi_init = multi_iterator.__init__

    def multi_init(self, loader):
        record = getattr(_thread_state, "pending", None) or {
            "id": next(_iteration_ids),
            "loader": loader.__dict__.get("_loaderdoctor_id"),
            "key": None,
            "site": user_frame(),
            "num_workers": loader.num_workers,
            "started": time.time(),
            "batches": 0,
            "processes": [],
        }
        events.emit(
            "workers-starting",
            iteration=record["id"],
            loader=record["loader"],
            num_workers=loader.num_workers,
            sharing_strategy=_sharing_strategy(),
        )
        user_init_fn = loader.worker_init_fn
        loader.worker_init_fn = WorkerStartHook(user_init_fn, record["id"], record["started"])
        _thread_state.iteration = record
        started = time.time()
        try:
            original_multi_init(self, loader)
        finally:
            loader.worker_init_fn = user_init_fn
            _thread_state.iteration = None
        record["processes"] = list(self._workers)
        events.emit(
            "workers-started",
            iteration=record["id"],
            loader=record["loader"],
            pids=[worker.pid for worker in self._workers],
            kind=type(self._workers[0]).__name__ if self._workers else None,
            seconds=time.time() - started,
        )

    multi_iterator.__init__ = multi_init

    original_next = base_iterator.__next__

    def iterator_next(self):
        record = self.__dict__.get("_loaderdoctor")
        if record is None:
            return original_next(self)
        limit = _settings["batches"]
        if not _settings["full"] and record["batches"] >= limit:
            if record["num_workers"] > 0 and not getattr(self, "_persistent_workers", False):
                try:
                    self._shutdown_workers()
                except RuntimeError as error:
                    # A worker still sending a batch when the probe stops the
                    # loader early can die in the shutdown (seen as SIGABRT
                    # with the file_system sharing strategy). The probe caused
                    # that, so it is recorded and not passed to the script.
                    events.emit("early-stop-error", iteration=record["id"], loader=record["loader"],
                                error=str(error))
            raise StopIteration
        try:
            data = original_next(self)
        except StopIteration:
            _mark_probed(record, self)
            raise
        record["batches"] += 1
        if record["batches"] == 1:
            events.emit("first-batch", iteration=record["id"], loader=record["loader"],
                        seconds=time.time() - record["started"])
        if record["batches"] == limit:
            _mark_probed(record, self)
        return data

    base_iterator.__next__ = iterator_next


def _batches_in(iterator):
    try:
        return len(iterator)
    except Exception:  # noqa: BLE001 - an IterableDataset has no length
        return None


def _mark_probed(record, iterator=None):
    if record.get("done"):
        return
    record["done"] = True
    if record["key"] is not None:
        _probed_keys.add(record["key"])
    # Batches go to the workers in turn, so a loader with fewer batches than
    # workers never gives the last workers anything to send.
    working = record["processes"]
    total = _batches_in(iterator) if iterator is not None else None
    if total is not None and total < len(working):
        working = working[:total]
    if working:
        _wait_for_workers(record, working, ("worker-first-batch",))
    token = "%d-%d" % (os.getpid(), record["id"])
    events.emit("loader-probed", iteration=record["id"], loader=record["loader"], token=token,
                batches=record["batches"], pids=[process.pid for process in record["processes"]])
    if record["processes"]:
        _wait_for_ack(token)


def _sharing_strategy():
    module = sys.modules.get("torch.multiprocessing")
    try:
        return module.get_sharing_strategy() if module else None
    except Exception:  # noqa: BLE001 - reported as unknown
        return None


# ---------------------------------------------------------------------------
# Worker side


class WorkerStartHook:
    """The ``worker_init_fn`` each worker receives: it reports, then calls the user's function.

    Pickled by reference (this module is importable in the worker because
    the run folder is on the parent's sys.path, which spawn copies).
    """

    def __init__(self, user_fn, iteration, started):
        self.user_fn = user_fn
        self.iteration = iteration
        self.started = started

    def __call__(self, worker_id):
        events.register_stack_dump_once()
        main = sys.modules.get("__main__")
        events.emit(
            "worker-ready",
            iteration=self.iteration,
            worker_id=worker_id,
            ppid=os.getppid() if hasattr(os, "getppid") else None,
            ready_after=time.time() - self.started,
            main_module=getattr(main, "__name__", None),
            sharing_strategy=_sharing_strategy(),
        )
        self._time_first_fetch(worker_id)
        if self.user_fn is not None:
            self.user_fn(worker_id)

    def _time_first_fetch(self, worker_id):
        try:
            from torch.utils.data import _DatasetKind
        except ImportError:
            return
        original_create = _DatasetKind.create_fetcher
        iteration = self.iteration
        started = self.started

        def create_fetcher(*args, **kwargs):
            fetcher = original_create(*args, **kwargs)
            original_fetch = fetcher.fetch
            state = {"reported": False}

            def fetch(*fetch_args, **fetch_kwargs):
                data = original_fetch(*fetch_args, **fetch_kwargs)
                if not state["reported"]:
                    state["reported"] = True
                    events.emit("worker-first-batch", iteration=iteration, worker_id=worker_id,
                                after=time.time() - started)
                return data

            fetcher.fetch = fetch
            return fetcher

        _DatasetKind.create_fetcher = staticmethod(create_fetcher)


# ---------------------------------------------------------------------------
# Installing the torch hooks when the script imports torch


class _ImportWatcher:
    """A meta path finder that runs a callback after selected modules are executed.

    Importing torch eagerly would change the script's import order (and
    environment variables set before ``import torch`` would come too late),
    so the hooks are installed when the script itself imports the module.
    """

    def __init__(self, callbacks):
        self.callbacks = callbacks
        self.busy = set()

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in self.callbacks or fullname in self.busy:
            return None
        self.busy.add(fullname)
        try:
            import importlib.util

            spec = importlib.util.find_spec(fullname)
        finally:
            self.busy.discard(fullname)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        callback = self.callbacks[fullname]
        original_exec = spec.loader.exec_module

        def exec_module(module):
            started = time.time()
            original_exec(module)
            callback(module, time.time() - started)

        spec.loader.exec_module = exec_module
        return spec


def _torch_imported(module, seconds):
    events.emit("torch-imported", seconds=seconds, version=getattr(module, "__version__", None))


def _torch_multiprocessing_imported(module, seconds):
    original = module.set_sharing_strategy

    def set_sharing_strategy(new_strategy):
        events.emit("sharing-strategy-set", strategy=new_strategy, site=user_frame())
        return original(new_strategy)

    module.set_sharing_strategy = set_sharing_strategy


def _dataloader_imported(module, seconds):
    install_torch_hooks(module)
    events.emit("hooks-installed")


def install(settings):
    _settings.update(settings)
    sys.meta_path.insert(0, _ImportWatcher({
        "torch": _torch_imported,
        "torch.multiprocessing": _torch_multiprocessing_imported,
        "torch.utils.data.dataloader": _dataloader_imported,
    }))
