"""Summarise a probe run's events: loaders, their iterations, workers and other processes."""


def _by_event(events, name):
    return [record for record in events if record.get("event") == name]


def summarize(events, memory):
    """Return ``(loaders, workers, other_processes)`` as JSON-ready lists."""
    loaders = {}
    for record in _by_event(events, "loader-created"):
        site = record.get("site") or {}
        loaders[record["loader"]] = {
            "id": record["loader"],
            "path": site.get("path"),
            "line": site.get("line"),
            "num_workers": record.get("num_workers"),
            "batch_size": record.get("batch_size"),
            "persistent_workers": record.get("persistent_workers"),
            "multiprocessing_context": record.get("context"),
            "dataset": record.get("dataset"),
            "iterations": [],
        }

    iterations = {}
    for record in _by_event(events, "iteration-start"):
        site = record.get("site") or {}
        iteration = {
            "id": record["iteration"],
            "path": site.get("path"),
            "line": site.get("line"),
            "num_workers": record.get("num_workers"),
            "started": record.get("time"),
            "first_batch_seconds": None,
            "workers_start_seconds": None,
            "batches": None,
            "start_method": None,
        }
        iterations[record["iteration"]] = iteration
        loader = loaders.get(record.get("loader"))
        if loader is not None:
            loader["iterations"].append(iteration)

    for record in events:
        iteration = iterations.get(record.get("iteration"))
        if iteration is None:
            continue
        name = record.get("event")
        if name == "first-batch":
            iteration["first_batch_seconds"] = record.get("seconds")
        elif name == "workers-started":
            iteration["workers_start_seconds"] = record.get("seconds")
        elif name == "loader-probed":
            iteration["batches"] = record.get("batches")
        elif name == "process-started" and record.get("method"):
            iteration["start_method"] = record.get("method")

    workers, others = _processes(events, memory)
    for iteration in iterations.values():
        iteration.pop("started", None)
    return list(loaders.values()), workers, others


def _processes(events, memory):
    pickled = {record.get("name"): record.get("pickled_bytes") for record in _by_event(events, "worker-pickled")}
    ready = {record["pid"]: record for record in _by_event(events, "worker-ready")}
    first = {record["pid"]: record for record in _by_event(events, "worker-first-batch")}
    targets = {record.get("name"): record.get("target") for record in _by_event(events, "process-starting")}
    workers = []
    others = []
    for record in _by_event(events, "process-started"):
        pid = record.get("child")
        entry = {
            "pid": pid,
            "name": record.get("name"),
            "start_method": record.get("method"),
            "start_call_seconds": record.get("seconds"),
            "pickled_bytes": record.get("pickled_bytes") or pickled.get(record.get("name")),
        }
        if record.get("worker_id") is None:
            entry["target"] = targets.get(record.get("name"))
            others.append(entry)
            continue
        ready_record = ready.get(pid, {})
        entry.update({
            "iteration": record.get("iteration"),
            "worker_id": record.get("worker_id"),
            "ready_seconds": ready_record.get("ready_after"),
            "first_batch_seconds": first.get(pid, {}).get("after"),
            "uss_bytes": memory.get(pid),
            "main_module": ready_record.get("main_module"),
            "sharing_strategy": ready_record.get("sharing_strategy"),
        })
        workers.append(entry)
    return workers, others
