"""Where runs live between requests, shared fairly by the sessions of a class.

`RunStore` is the interface the routes use; `MemoryRunStore` is the embedded default: one process, bounded in
runs, in runs per session and in bytes, with an idle timeout. A shared store (e.g. Redis, for several workers)
implements the same methods, keeping each run's export document (app.runs.export).

Fair eviction: a session that adds a run beyond its own quota loses its own least recently used run; a full
store evicts from the session holding the most runs (its least recently used one), and never takes another
session's only run: then the store answers "full" (StoreFull, a 503 with Retry-After) instead. A run that leaves
the store (deleted, evicted, expired) is marked closed, so a stream training it ends within one chunk.
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections import OrderedDict

from .run import Run


class StoreFull(Exception):
    """No run can be evicted fairly to make room for a new one."""


class RunStore(ABC):
    @abstractmethod
    def add(self, session: str, run: Run) -> list[Run]:
        """Keep a new run for a session; returns the runs evicted to make room. Raises StoreFull."""

    @abstractmethod
    def get(self, session: str, run_id: str) -> Run | None:
        """The session's run, or None (also for another session's run)."""

    @abstractmethod
    def delete(self, session: str, run_id: str) -> bool:
        """Forget a run; False if the session has no such run."""

    @abstractmethod
    def count(self, session: str) -> int:
        """Runs the session holds."""

    @abstractmethod
    def __len__(self) -> int:
        """Runs held."""


class MemoryRunStore(RunStore):
    """At most `max_runs` runs and `max_bytes` bytes (Run.nbytes) in all, `per_session` runs per session; a run
    idle for `idle_seconds` expires."""

    def __init__(self, max_runs: int, idle_seconds: float, per_session: int = 20, max_bytes: int = 2**30,
                 clock=time.monotonic):
        self.max_runs, self.idle_seconds, self.per_session, self.max_bytes = max_runs, idle_seconds, per_session, max_bytes
        self.clock = clock
        self._runs: OrderedDict[tuple[str, str], tuple[Run, float]] = OrderedDict()  # least recently used first
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ bookkeeping (lock held)
    def _drop(self, key: tuple[str, str]) -> Run:
        run, _ = self._runs.pop(key)
        self._counts[key[0]] -= 1
        if not self._counts[key[0]]:
            del self._counts[key[0]]
        run.closed = True
        return run

    def _expire(self, now: float) -> None:
        while self._runs:
            key, (_, used) = next(iter(self._runs.items()))
            if now - used <= self.idle_seconds:
                break
            self._drop(key)

    def _oldest_of(self, session: str) -> tuple[str, str]:
        return next(key for key in self._runs if key[0] == session)

    def _bytes(self) -> int:
        return sum(run.nbytes() for run, _ in self._runs.values())

    def _victim(self, adder: str) -> tuple[str, str]:
        """The run to evict from a full store: the least recently used run of the session holding the most runs
        (the adder itself first among equals); never another session's only run."""
        most = max(self._counts.values())
        if self._counts.get(adder, 0) == most:
            return self._oldest_of(adder)
        if most < 2:
            raise StoreFull
        for key in self._runs:  # least recently used first: the stalest of the biggest sessions
            if self._counts[key[0]] == most:
                return key
        raise StoreFull  # unreachable: some session holds `most` runs

    # ------------------------------------------------------------------ the interface
    def add(self, session, run):
        evicted = []
        with self._lock:
            self._expire(self.clock())
            if self._counts.get(session, 0) >= self.per_session:
                evicted.append(self._drop(self._oldest_of(session)))
            size = run.nbytes()
            while self._runs and (len(self._runs) >= self.max_runs or self._bytes() + size > self.max_bytes):
                evicted.append(self._drop(self._victim(session)))
            self._runs[(session, run.id)] = (run, self.clock())
            self._counts[session] = self._counts.get(session, 0) + 1
        return evicted

    def get(self, session, run_id):
        with self._lock:
            now = self.clock()
            self._expire(now)
            entry = self._runs.get((session, run_id))
            if entry is None:
                return None
            self._runs[(session, run_id)] = (entry[0], now)
            self._runs.move_to_end((session, run_id))
            return entry[0]

    def delete(self, session, run_id):
        with self._lock:
            if (session, run_id) not in self._runs:
                return False
            self._drop((session, run_id))
            return True

    def count(self, session):
        with self._lock:
            return self._counts.get(session, 0)

    def __len__(self):
        with self._lock:
            return len(self._runs)
