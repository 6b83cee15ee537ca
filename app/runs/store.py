"""Where runs live between requests, shared fairly by the sessions of a class.

`RunStore` is the interface the routes use; `MemoryRunStore` is the embedded default: one process, bounded in
runs, in runs per session and in bytes, with an idle timeout. `RedisRunStore` (app.runs.redis_store, chosen by
NNLAB_STORE_URL=redis://...) is shared by several workers; it keeps each run packed (app.runs.packed).

Work on a run goes through `acquire` ... `release` (`save` in between after a change): in one process that is
the run itself; with a shared store it also makes this worker the run's only trainer (a lease), and a request
that reaches another worker meanwhile is `forward`ed to it, which takes it between two frames (`poll`).

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


class Elsewhere(Exception):
    """Another worker holds the run (trains it): forward the request to it, or wait."""


class RunStore(ABC):
    shared = False  # several processes see the same runs

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

    def alive(self) -> bool:
        """Whether the store answers (/healthz)."""
        return True

    async def has(self, session: str, run_id: str) -> bool:
        """Whether the session has the run (cheap: nothing is loaded)."""
        return self.get(session, run_id) is not None

    # Ownership, for stores shared by several workers; in one process a run is simply the object held.
    def acquire(self, session: str, run_id: str) -> Run | None:
        """The run, to change or train here until `release`; None if the session has no such run. A shared
        store raises Elsewhere while another worker holds it."""
        return self.get(session, run_id)

    def save(self, session: str, run: Run) -> bool:
        """Make the run's current state the stored one; False when it has left the store (then it is closed)."""
        return not run.closed

    def release(self, session: str, run: Run) -> None:
        """End an `acquire` (a shared store saves the run and lets other workers take it)."""

    async def forward(self, session: str, run_id: str, op: str, args: dict) -> dict | None:
        """When another worker holds the run: have it do `op` (app.runs.service.OPS) and give its answer
        {status, json (the body, encoded), headers}; None when this worker should do it itself."""
        return None

    async def poll(self, session: str, run: Run) -> list[dict]:
        """Requests forwarded to this worker for a run it holds (a stream's loop asks between frames); marks
        the run closed when it has left the store."""
        return []

    async def reply(self, command: dict, answer: dict) -> None:
        """Send the answer to a command `poll` gave."""


def open_store(url: str, max_runs: int, idle_seconds: float, per_session: int, max_bytes: int) -> RunStore:
    """The store NNLAB_STORE_URL names: memory:// (one process) or redis://host:port/db (several workers).
    The Redis client is imported only when Redis is asked for."""
    if url.startswith("memory:"):
        return MemoryRunStore(max_runs, idle_seconds, per_session, max_bytes)
    if url.startswith(("redis://", "rediss://", "unix://")):
        from .redis_store import RedisRunStore

        return RedisRunStore(url, max_runs, idle_seconds, per_session, max_bytes)
    raise ValueError(f"store_url: expected memory:// or redis://host:port/db, got {url!r}")


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
