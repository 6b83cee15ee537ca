"""Where runs live between requests.

`RunStore` is the interface the routes use; `MemoryRunStore` is the embedded default: one process, bounded,
least-recently-used eviction and an idle timeout. A shared store (e.g. Redis, for several workers) implements
the same four methods, keeping each run's export document (Run.export / Run.from_export) under its key.
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections import OrderedDict

from .run import Run


class RunStore(ABC):
    @abstractmethod
    def add(self, session: str, run: Run) -> None:
        """Keep a new run for a session."""

    @abstractmethod
    def get(self, session: str, run_id: str) -> Run | None:
        """The session's run, or None (also for another session's run)."""

    @abstractmethod
    def delete(self, session: str, run_id: str) -> bool:
        """Forget a run; False if the session has no such run."""

    @abstractmethod
    def __len__(self) -> int:
        """Runs held."""


class MemoryRunStore(RunStore):
    """At most `max_runs` runs; the least recently used goes first, and a run idle for `idle_seconds` expires."""

    def __init__(self, max_runs: int, idle_seconds: float, clock=time.monotonic):
        self.max_runs = max_runs
        self.idle_seconds = idle_seconds
        self.clock = clock
        self._runs: OrderedDict[tuple[str, str], tuple[Run, float]] = OrderedDict()
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        while self._runs:
            key, (_, used) = next(iter(self._runs.items()))
            if now - used <= self.idle_seconds:
                break
            del self._runs[key]

    def add(self, session, run):
        with self._lock:
            now = self.clock()
            self._expire(now)
            self._runs[(session, run.id)] = (run, now)
            while len(self._runs) > self.max_runs:
                self._runs.popitem(last=False)

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
            return self._runs.pop((session, run_id), None) is not None

    def __len__(self):
        with self._lock:
            return len(self._runs)
