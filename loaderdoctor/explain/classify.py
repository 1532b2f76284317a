"""Turn parsed blocks into incidents: one per distinct failure, with a count.

N workers print N copies of the same failure, and a Pool that respawns its
workers prints hundreds. They collapse into one incident keyed by kind,
the object or message involved and the user lines. Consequences (a worker
that exited, a broken pipe, a lost forkserver connection, a hang) are
linked to the failure that caused them instead of being reported as
problems of their own.
"""

import re

from loaderdoctor import kinds
from loaderdoctor.explain import locate
from loaderdoctor.explain.paths import basename, normalize
from loaderdoctor.explain.signatures import NEEDS_FORKSERVER, NEEDS_UNPICKLING
from loaderdoctor.failures import ROLE_FRAME, ROLE_MODULE_LEVEL, ROLE_WORKER_START

MAX_INCIDENTS = 200
MAX_EVIDENCE = 6
MAX_PIDS = 256

# The failures that can make a worker exit, break a pipe, kill the
# forkserver or hang a run. A consequence is linked to the nearest such failure before
# it in the log, else to the first one after it (on Windows the parent's
# pickling error and the child's EOFError can come in either order).
_CAUSES = {
    kinds.WORKER_EXITED: {
        kinds.UNGUARDED_START, kinds.MISSING_IN_WORKER, kinds.START_METHOD_ALREADY_SET,
        kinds.PAGING_FILE_TOO_SMALL, kinds.WORKER_KILLED, kinds.SHARED_MEMORY_EXHAUSTED,
        kinds.TOO_MANY_OPEN_FILES, kinds.FROZEN_WITHOUT_FREEZE_SUPPORT, kinds.UNPICKLABLE_OBJECT,
    },
    kinds.BROKEN_PIPE: {
        kinds.UNGUARDED_START, kinds.UNPICKLABLE_OBJECT, kinds.MISSING_IN_WORKER,
        kinds.PAGING_FILE_TOO_SMALL, kinds.START_METHOD_ALREADY_SET, kinds.FROZEN_WITHOUT_FREEZE_SUPPORT,
    },
    kinds.UNGUARDED_START: {
        kinds.UNGUARDED_START, kinds.START_METHOD_ALREADY_SET, kinds.MISSING_IN_WORKER,
        kinds.PAGING_FILE_TOO_SMALL, kinds.FROZEN_WITHOUT_FREEZE_SUPPORT,
    },
    kinds.WORKER_TIMEOUT: {
        kinds.UNGUARDED_START, kinds.SHARED_MEMORY_EXHAUSTED, kinds.MISSING_IN_WORKER,
        kinds.UNPICKLABLE_OBJECT, kinds.FROZEN_WITHOUT_FREEZE_SUPPORT, kinds.TOO_MANY_OPEN_FILES,
    },
    # A worker that the main process itself terminates while it shuts down
    # after any failure ("killed by signal: Terminated" from the exit handler).
    kinds.WORKER_KILLED: set(kinds.KINDS) - {kinds.WORKER_EXITED, kinds.BROKEN_PIPE, kinds.WORKER_KILLED},
}

# Signatures that report the same event as another one. They are the two
# sentences of the bootstrap message (interleaving can put them in different
# blocks), a worker's own crash line and the parent's line about it, and the
# chained pair of messages torch prints for one dead worker. An incident
# counts each event once: the largest count within a group, summed over groups.
_SAME_EVENT = {
    "bootstrap-tail": "bootstrap",
    "worker-exited-code": "worker-exited-pids",
    "shm-bus-error-worker": "shm-bus-error",
    "segfault-worker": "killed-by-signal",
    "fpe-worker": "killed-by-signal",
}

# The worker's own crash lines and torch.multiprocessing.spawn name signals
# differently from the parent's "killed by signal: <strsignal text>".
_SIGNAL_NAMES = {
    "segmentation fault": "Segmentation fault",
    "sigsegv": "Segmentation fault",
    "floating-point exception": "Floating point exception",
    "sigfpe": "Floating point exception",
    "sigkill": "Killed",
    "sigabrt": "Aborted",
    "sigterm": "Terminated",
    "sigbus": "Bus error",
}

# Failures that a worker exception can carry inside its relayed traceback.
_INNER_KINDS = {
    kinds.CUDA_IN_FORKED_WORKER, kinds.SHARED_MEMORY_EXHAUSTED, kinds.TOO_MANY_OPEN_FILES,
    kinds.START_METHOD_ALREADY_SET, kinds.PAGING_FILE_TOO_SMALL, kinds.UNPICKLABLE_OBJECT,
}


class Incident:
    """One distinct failure seen in the log, possibly many times."""

    def __init__(self, kind, variant, consequence, detail):
        self.kind = kind
        self.variant = variant
        self.consequence = consequence
        self.detail = detail
        # How many lines matched each signature; see ``count``.
        self.signal_counts = {}
        self.first_line = None
        self.last_line = None
        self.fields = {}
        self.pids = []
        self.evidence = []
        # (Frame, role) pairs, the most specific first.
        self.locations = []
        self.context_frames = []
        self.inner_exception = None
        self.consequences = []
        self.weak = False

    @property
    def count(self):
        if not self.signal_counts:
            return 1
        groups = {}
        for signature_id, count in self.signal_counts.items():
            group = _SAME_EVENT.get(signature_id, signature_id)
            groups[group] = max(groups.get(group, 0), count)
        return sum(groups.values())

    @property
    def key(self):
        places = tuple((normalize(frame.path), frame.line, role) for frame, role in self.locations)
        return (self.kind, self.variant, self.detail, self.consequence, places)

    def add_evidence(self, text):
        if text and text not in self.evidence and len(self.evidence) < MAX_EVIDENCE:
            self.evidence.append(text)

    def add_pids(self, pids):
        for pid in pids:
            if pid not in self.pids and len(self.pids) < MAX_PIDS:
                self.pids.append(pid)

    def absorb(self, other):
        for signature_id, count in other.signal_counts.items():
            self.signal_counts[signature_id] = self.signal_counts.get(signature_id, 0) + count
        self.first_line = min(self.first_line, other.first_line)
        self.last_line = max(self.last_line, other.last_line)
        for key, value in other.fields.items():
            self.fields.setdefault(key, value)
        self.add_pids(other.pids)
        for text in other.evidence:
            self.add_evidence(text)
        for frame in other.context_frames:
            if frame not in self.context_frames:
                self.context_frames.append(frame)
        if self.inner_exception is None:
            self.inner_exception = other.inner_exception


def _needs_met(signal, frames):
    needs = signal.signature.needs
    if needs is None:
        return True
    if needs == NEEDS_FORKSERVER:
        return any(locate.is_forkserver(frame) for frame in frames)
    if needs == NEEDS_UNPICKLING:
        if signal.fields.get("module") == "__mp_main__":
            return True
        return any(basename(frame.path).lower() in ("spawn.py", "forkserver.py", "reduction.py", "pickle.py")
                   for frame in frames)
    return False


def _pids(signals):
    pids = []
    for signal in signals:
        if "pids" in signal.fields:
            pids.extend(int(pid) for pid in signal.fields["pids"].replace(" ", "").split(",") if pid)
        elif "pid" in signal.fields:
            pids.append(int(signal.fields["pid"]))
    return pids


_EMBEDDED_EXCEPTION_RE = re.compile(r"\\n([A-Za-z_][\w.]*): ?(.*?)\\n'?\s*$")


def _embedded_exception(wrapper, block):
    """Return the worker's exception from torch 0.4's relayed traceback, or None."""
    # KeyError relays its message as a repr on one line; other types print
    # the worker's traceback as lines, the last of which is the exception.
    match = _EMBEDDED_EXCEPTION_RE.search(wrapper.fields.get("embedded", ""))
    if match:
        return match.group(1), match.group(2).replace("\\'", "'")
    if block.exceptions:
        exc_type, message, _ = block.exceptions[-1]
        return exc_type, message
    return None


def _with_roles(frames, role=ROLE_FRAME):
    """Return the user frames, the innermost (closest to the failure) first, then the rest in call order."""
    users = locate.user_frames(frames)
    if not users:
        return []
    ordered = [users[-1]] + users[:-1]
    return [(frame, role) for frame in ordered]


class Analyzer:
    """Collect incidents from blocks as the parser completes them."""

    def __init__(self):
        self._incidents = {}
        # Distinct incidents beyond MAX_INCIDENTS are counted, not kept.
        self.unlisted = 0
        self._pending = None

    # -- blocks ------------------------------------------------------------

    def add_block(self, block):
        frames = block.ordered_frames()
        if self._pending is not None:
            pending, self._pending = self._pending, None
            if block.original:
                self._worker_exception(pending, block, frames)
                return
            self._worker_exception(pending, None, [])

        signals = [signal for signal in block.signals if _needs_met(signal, frames)]
        wrappers = [signal for signal in signals if signal.signature.kind == kinds.WORKER_EXCEPTION]
        if wrappers and not block.original:
            # Wait for the "Original Traceback" block that torch prints next.
            self._pending = (block, frames, wrappers, [s for s in signals if s not in wrappers])
            return
        self._signals(block, frames, signals)

    def finish(self):
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._worker_exception(pending, None, [])
        incidents = self._merge_unlocated(list(self._incidents.values()))
        incidents.sort(key=lambda incident: incident.first_line)
        incidents = self._resolve_weak(incidents)
        return self._link_consequences(incidents)

    def _signals(self, block, frames, signals):
        by_kind = {}
        for signal in signals:
            by_kind.setdefault(signal.signature.kind, []).append(signal)
        for kind, group in by_kind.items():
            strong = [signal for signal in group if not signal.signature.weak]
            if kind == kinds.UNGUARDED_START:
                self._unguarded(block, frames, strong)
                continue
            if not strong:
                self._weak(block, frames, group)
                continue
            self._generic(kind, block, frames, strong, group)

    # -- kinds -------------------------------------------------------------

    def _unguarded(self, block, frames, signals):
        bootstrap = [signal for signal in signals if not signal.signature.consequence]
        lost = [signal for signal in signals if signal.signature.consequence]
        if bootstrap:
            frozen = locate.is_frozen(frames)
            kind = kinds.FROZEN_WITHOUT_FREEZE_SUPPORT if frozen else kinds.UNGUARDED_START
            incident = Incident(kind, "bootstrap", False, "")
            incident.locations = self._bootstrap_locations(frames)
            self._record(incident, block, bootstrap)
        if lost:
            incident = Incident(kinds.UNGUARDED_START, "forkserver", True, "")
            starter = locate.caller_of(frames, locate.is_starter)
            if starter is not None:
                incident.locations = [(starter, ROLE_WORKER_START)]
            self._record(incident, block, lost)

    def _bootstrap_locations(self, frames):
        found = locate.locate_bootstrap(frames)
        if found is None:
            return []
        locations = [(found.module_level, ROLE_MODULE_LEVEL), (found.worker_start, ROLE_WORKER_START)]
        if found.imported_from is not None:
            locations.append((found.imported_from, ROLE_FRAME))
        return locations

    def _generic(self, kind, block, frames, strong, group):
        best = strong[0]
        signature_id = best.signature.id
        fields = dict(best.fields)
        variant, detail = self._variant(kind, signature_id, fields, frames)
        consequence = best.signature.consequence
        if kind == kinds.WORKER_KILLED and fields.get("signal") == "Terminated":
            # SIGTERM is how the main process stops its workers when it exits.
            consequence = True
        incident = Incident(kind, variant, consequence, detail)
        incident.fields = fields
        incident.locations = self._locations(kind, frames)
        incident.context_frames = locate.user_frames(frames)
        incident.add_pids(_pids(strong))
        for signal in group:
            if signal.signature.id == "pickle-note":
                # Only a tuple index names the argument of the worker process.
                if signal.fields.get("container") == "tuple":
                    incident.fields.setdefault("tuple_item", signal.fields.get("item"))
            elif signal.signature.weak:
                incident.fields.update({key: value for key, value in signal.fields.items()
                                        if key not in incident.fields})
        self._record(incident, block, strong)

    def _weak(self, block, frames, group):
        # Only supporting lines (torch's pickle warning, 3.14 notes): kept
        # until the end, where they join a full signature of their kind.
        signal = group[0]
        incident = Incident(signal.signature.kind, "warning", False, "weak:" + signal.signature.id)
        incident.weak = True
        incident.fields = dict(signal.fields)
        incident.context_frames = locate.user_frames(frames)
        incident.locations = self._locations(signal.signature.kind, frames)
        self._record(incident, block, group)

    def _variant(self, kind, signature_id, fields, frames):
        if kind == kinds.MISSING_IN_WORKER:
            if signature_id == "stdin-main":
                return "stdin", "<stdin>"
            module = fields.get("module", "")
            return ("guard" if module == "__mp_main__" else "no-file"), fields.get("name", "")
        if kind == kinds.UNPICKLABLE_OBJECT:
            if signature_id == "pickle-local":
                fields["qualname"] = fields.get("qualname") or fields.pop("qualname2", "")
                fields.pop("qualname2", None)
                return "local", fields["qualname"]
            if signature_id == "pickle-lookup":
                qualname = fields.get("qualname", "")
                return ("lambda" if qualname.endswith("<lambda>") else "lookup"), qualname
            if "type" in fields:
                return "type", fields["type"]
            if signature_id == "pickle-cython":
                return "type", "extension type"
            return "generic", fields.get("reason", "")[:80]
        if kind == kinds.START_METHOD_ALREADY_SET:
            return ("worker" if locate.has_reimport(frames) else "parent"), ""
        if kind == kinds.WORKER_KILLED:
            signal = _SIGNAL_NAMES.get(fields.get("signal", "").strip().lower(), fields.get("signal", "").strip())
            fields["signal"] = signal
            return "signal", signal
        if kind == kinds.WORKER_EXITED:
            if signature_id == "process-pool-broken":
                return "pool", ""
            if signature_id == "spawn-exit-code":
                return "spawn", ""
            return "dataloader", ""
        if kind == kinds.BROKEN_PIPE:
            return ("eof" if signature_id == "eof-ran-out" else "pipe"), ""
        if kind == kinds.WORKER_TIMEOUT:
            return ("hang" if signature_id == "hang-dump" else "dataloader"), ""
        if kind == kinds.FROZEN_WITHOUT_FREEZE_SUPPORT:
            return "argv", ""
        return "default", ""

    def _locations(self, kind, frames):
        if kind == kinds.START_METHOD_ALREADY_SET:
            frame = locate.caller_of(
                frames, lambda f: basename(f.path).lower() == "context.py" and f.func == "set_start_method")
            if frame is None:
                return _with_roles(frames)
            role = ROLE_MODULE_LEVEL if locate.has_reimport(frames) and frame.func == "<module>" else ROLE_FRAME
            return [(frame, role)]
        if kind == kinds.PAGING_FILE_TOO_SMALL and locate.has_reimport(frames):
            found = locate.locate_bootstrap(frames)
            if found is not None:
                return [(found.module_level, ROLE_MODULE_LEVEL)]
        return _with_roles(frames)

    def _worker_exception(self, pending, inner_block, inner_frames):
        block, frames, wrappers, others = pending
        if others:
            self._signals(block, frames, others)
        wrapper = wrappers[0]
        inner_signals = []
        if inner_block is not None:
            inner_signals = [signal for signal in inner_block.signals if _needs_met(signal, inner_frames)]
        relayed = [signal for signal in inner_signals if signal.signature.kind in _INNER_KINDS
                   and not signal.signature.weak]

        if relayed:
            kind = relayed[0].signature.kind
            variant, detail = self._variant(kind, relayed[0].signature.id, dict(relayed[0].fields), inner_frames)
            incident = Incident(kind, variant, False, detail)
            incident.fields = dict(relayed[0].fields)
        else:
            incident = Incident(kinds.WORKER_EXCEPTION, "default", False, wrapper.fields.get("inner", ""))
            incident.fields = dict(wrapper.fields)
            incident.fields.pop("embedded", None)
            if inner_block is not None and inner_block.exceptions:
                exc_type, message, _ = inner_block.exceptions[-1]
                incident.inner_exception = (exc_type, message)
            elif wrapper.signature.id == "worker-exception-embedded":
                incident.inner_exception = _embedded_exception(wrapper, block)
            if incident.inner_exception is not None:
                incident.detail = "%s: %s" % (incident.inner_exception[0], incident.inner_exception[1][:80])
            if inner_signals:
                # Anything else the relayed traceback matched is the same failure.
                self._signals(inner_block, inner_frames,
                              [signal for signal in inner_signals if signal.signature.kind not in _INNER_KINDS
                               and signal.signature.kind != kinds.WORKER_EXCEPTION
                               and signal.signature.kind != kinds.UNPICKLABLE_OBJECT])

        incident.fields.setdefault("worker", wrapper.fields.get("worker", ""))
        outer = locate.user_frames(frames)
        if wrapper.signature.id == "worker-exception-embedded":
            # The worker's frames follow the parent's in the same block.
            incident.locations = _with_roles(frames)
        else:
            locations = _with_roles(inner_frames)
            for frame in reversed(outer):
                if all(frame.key != existing.key for existing, _ in locations):
                    locations.append((frame, ROLE_FRAME))
                    break
            incident.locations = locations
        incident.context_frames = locate.user_frames(inner_frames) + outer
        for signal in relayed:
            incident.add_evidence(signal.text)
        stored = self._record(incident, block, [wrapper])
        if inner_block is not None:
            stored.last_line = max(stored.last_line, inner_block.last_line)
        if incident.inner_exception is not None:
            exc_type, message = incident.inner_exception
            stored.add_evidence("%s: %s" % (exc_type, message) if message else exc_type)

    # -- aggregation -------------------------------------------------------

    def _record(self, incident, block, signals):
        for signal in signals:
            signature_id = signal.signature.id
            incident.signal_counts[signature_id] = incident.signal_counts.get(signature_id, 0) + 1
        incident.first_line = min(signal.line_no for signal in signals)
        incident.last_line = max(signal.line_no for signal in signals)
        for signal in signals:
            incident.add_evidence(signal.text)
        key = incident.key
        existing = self._incidents.get(key)
        if existing is not None:
            existing.absorb(incident)
            return existing
        if len(self._incidents) >= MAX_INCIDENTS:
            self.unlisted += 1
            return incident
        self._incidents[key] = incident
        return incident

    def _merge_unlocated(self, incidents):
        # A block cut out of interleaved output may lack the user frames
        # that another copy of the same failure shows; merge it there.
        located = {}
        for incident in incidents:
            if incident.locations:
                located.setdefault((incident.kind, incident.variant, incident.detail, incident.consequence),
                                   incident)
        merged = []
        for incident in incidents:
            target = None
            if not incident.locations:
                target = located.get((incident.kind, incident.variant, incident.detail, incident.consequence))
                if target is None and incident.consequence:
                    target = next((other for other in incidents if other is not incident and other.locations
                                   and other.kind == incident.kind and other.variant == incident.variant
                                   and other.consequence), None)
            if target is not None:
                target.absorb(incident)
            else:
                merged.append(incident)
        return merged

    def _resolve_weak(self, incidents):
        result = []
        for incident in incidents:
            if not incident.weak:
                result.append(incident)
                continue
            strong = [other for other in incidents if other.kind == incident.kind and not other.weak]
            if strong:
                target = min(strong, key=lambda other: abs(other.first_line - incident.first_line))
                for key, value in incident.fields.items():
                    target.fields.setdefault(key, value)
                for text in incident.evidence:
                    target.add_evidence(text)
                continue
            if incident.detail == "weak:pickle-warning":
                incident.weak = False
                incident.variant = "warning"
                result.append(incident)
        return result

    def _link_consequences(self, incidents):
        primaries = [incident for incident in incidents if not incident.consequence]
        standalone = []
        for incident in incidents:
            if not incident.consequence:
                continue
            causes = _CAUSES.get(incident.kind, set())
            candidates = [primary for primary in primaries if primary.kind in causes]
            before = [primary for primary in candidates if primary.first_line <= incident.first_line]
            if before:
                cause = before[-1]
            elif candidates:
                cause = candidates[0]
            else:
                standalone.append(incident)
                continue
            if incident.kind == kinds.UNGUARDED_START:
                # A lost forkserver connection under a bootstrap failure is a
                # broken connection, like a broken pipe.
                incident.kind = kinds.BROKEN_PIPE
            cause.consequences.append(incident)
            if not cause.locations and incident.context_frames:
                cause.locations = _with_roles(incident.context_frames)

        # Consequences without a cause in the log are reported on their own;
        # identical ones (the chained pair torch prints for one dead worker)
        # become one.
        reported = list(primaries)
        for incident in standalone:
            incident.consequence = False
            same = next((other for other in reported if other.kind == incident.kind
                         and other.variant == incident.variant and other not in primaries), None)
            if same is not None:
                same.absorb(incident)
                if not same.locations:
                    same.locations = incident.locations
            else:
                reported.append(incident)
        reported.sort(key=lambda incident: incident.first_line)
        return reported
