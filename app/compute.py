"""The compute pool: where every piece of training, tracing and run evaluation runs, fairly shared by sessions.

A class shares one server, so compute is a metered resource:
- its own threads (about one per core), apart from the thread pool that serves pages and /healthz, so those
  never wait behind training;
- work is cut into slices of about 25 ms (a stream's chunk, a part of a long step, one request), and the next
  slice always goes to the client address that has used the least compute so far among those waiting, and
  within it to the session that has (two-level start-time fair queuing: one who arrives later starts at the
  clock of the last slice begun, level with the others; nobody banks credit). So a session with many requests
  gets the same share as one with a single stream, and a client with many sessions the same share as a client
  with one (a school behind one NAT address is one client: there the sessions share fairly);
- bounded: a session has at most `per_session` requests waiting or running (429 beyond), and at most `max_queue`
  requests wait in all (503 beyond), each with a Retry-After; never a hang.

A job is a function: one slice, or, when it returns a generator, a slice for each `yield` of it; the pool runs it
slice by slice, interleaved with the other sessions' slices, and the awaiting coroutine gets the generator's
return value. Cancelling the awaiting coroutine (a client that went away) stops the job at its next slice.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("nnlab")


class Busy(Exception):
    """The pool cannot take the job now: `status` 429 (this session has too much waiting) or 503 (the server has
    too much waiting), with a `retry_after` in seconds and a catalog message `key`."""

    def __init__(self, status: int, key: str, retry_after: int, **params):
        super().__init__(key)
        self.status, self.key, self.retry_after, self.params = status, key, retry_after, params


@dataclass
class _Job:
    session: str
    step: Callable[[], Any]  # runs one slice; returns (done, value)
    future: asyncio.Future
    loop: asyncio.AbstractEventLoop
    counted: bool  # counts toward the session's and the pool's request limits
    client: str = ""
    long: bool = False  # known to be long (a request that builds or trains a run), whatever the session did before
    cancelled: bool = False


@dataclass
class _Session:
    used: float = 0.0  # CPU seconds used, the fair-queuing clock of this session
    jobs: deque = field(default_factory=deque)  # waiting slices, in order
    requests: int = 0  # counted jobs waiting or running
    running: int = 0  # slices running now
    long: bool = False  # its last slice took more than LONG_SLICE seconds
    name: str = ""

    @property
    def idle(self) -> bool:
        return not self.jobs and self.requests == 0 and self.running == 0


LONG_SLICE = 0.010  # a session whose last slice took more CPU time counts as one with long slices (the
# Playground's frame with its pictures takes about 4 ms, a 20-layer network's slice about 25)


@dataclass
class _Client:
    used: float = 0.0  # CPU seconds used by all its sessions
    sessions: dict[str, _Session] = field(default_factory=dict)
    now: float = 0.0  # its virtual time: the clock of the last of its sessions to begin a slice
    key: str = ""
    queued: int = 0  # slices waiting, over its sessions

    def waiting(self) -> bool:
        return self.queued > 0


def _least(items, waiting) -> tuple | None:
    """The (key, item) with the least `used` among items that have waiting work."""
    best = None
    for key, item in items:
        if waiting(item) and (best is None or item.used < best[1].used):
            best = (key, item)
    return best


class ComputePool:
    """`threads` workers; `per_session` requests per session and `max_queue` requests in all at most."""

    def __init__(self, threads: int, per_session: int, max_queue: int):
        self.per_session, self.max_queue = per_session, max_queue
        # Sessions with long slices (a big network's chunk) run on at most threads - 1 threads at once, so one
        # thread is always free for the short slices of everyone else (a small network's frame waits for no one).
        self.max_long = max(1, threads - 1)
        self._long_running = 0
        self._clients: dict[str, _Client] = {}
        self._now = 0.0  # the virtual time: the clock of the last client to begin a slice (it never goes back)
        self._queued: dict[str, _Client] = {}  # the clients with slices waiting: a job's turn looks only at them
        self._swept = time.monotonic()  # when idle sessions and clients were last looked for everywhere
        self._waiting = 0  # counted jobs waiting or running, over all sessions
        self._cond = threading.Condition()
        self._stopped = False
        self.busy_seconds = 0.0  # total compute time, for /healthz and the benchmarks
        # Thread 0 takes only short slices (when there are others); the others take any, at a lower OS priority,
        # so on a busy CPU a big network's slice gives way to the frames and pages of everyone else.
        self._threads = [threading.Thread(target=self._work, args=(threads == 1 or i > 0,),
                                          name=f"nnlab-compute-{i}", daemon=True) for i in range(threads)]
        for t in self._threads:
            t.start()

    # ------------------------------------------------------------------ the caller's side
    async def run(self, session: str, fn: Callable[[], Any], *, client: str = "", counted: bool = True,
                  long: bool = False) -> Any:
        """Run `fn` in the pool for `session` of `client` (its address): one slice, or one per `yield` of the
        generator fn returns.

        counted: the job counts toward the request limits (True for requests; a stream's chunks pass False, as
        streams have their own quota). long: its slices run only on the threads for long slices (otherwise the
        session's last slice decides). Raises Busy when a limit is reached.
        """
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        job = _Job(session, self._stepper(fn), future, loop, counted, client, long)
        with self._cond:
            c = self._clients.get(client)
            s = c.sessions.get(session) if c is not None else None
            if counted:
                if s is not None and s.requests >= self.per_session:
                    raise Busy(429, "error.busy.session", 1, limit=self.per_session)
                if self._waiting >= self.max_queue:
                    raise Busy(503, "error.busy.server", 2)
            if c is None:
                c = self._clients[client] = _Client(key=client)
            if s is None:
                s = c.sessions[session] = _Session(name=session)
            # (Re)joining the queue: start at the virtual time, level with the others, never with saved-up credit.
            if not c.waiting():
                c.used = max(c.used, self._now)
            if not s.jobs:
                s.used = max(s.used, c.now)
            if counted:
                s.requests += 1
                self._waiting += 1
            self._enqueue(c, s, job)
            self._cond.notify_all()
        try:
            return await future
        except asyncio.CancelledError:
            job.cancelled = True  # not run if still waiting; a generator stops at its next slice
            raise

    @staticmethod
    def _stepper(fn: Callable[[], Any]) -> Callable[[], tuple[bool, Any]]:
        """A function that runs the next slice of the job and says (finished, value): the first call runs fn;
        if that returns a generator, each later call runs it to its next yield."""
        gen: Generator | None = None

        def step() -> tuple[bool, Any]:
            nonlocal gen
            if gen is None:
                value = fn()
                if not inspect.isgenerator(value):
                    return True, value
                gen = value
            try:
                next(gen)
            except StopIteration as stop:
                return True, stop.value
            return False, None

        return step

    # ------------------------------------------------------------------ the workers' side
    def _enqueue(self, c: _Client, s: _Session, job: _Job) -> None:
        s.jobs.append(job)
        c.queued += 1
        self._queued[c.key] = c

    def _forget_idle(self, c: _Client, s: _Session) -> None:
        """_forget_all for the session and client of a job that ended, and for everyone once a second: looking
        at every client after every slice cost a class of 100 learners about 0.1 ms a frame."""
        if self._clients.get(c.key) is c:
            self._forget(c, [s] if c.sessions.get(s.name) is s else [])
        if time.monotonic() - self._swept > 1.0:
            self._forget_all()
            self._swept = time.monotonic()

    def _forget_all(self) -> None:
        """Drop the idle sessions and clients whose clock no longer matters: at or below the virtual time (they
        would rejoin there anyway). The others keep theirs: a stream is idle between two frames, and rejoining
        at the virtual time would put it ahead of everyone who waited, frame after frame. The virtual time never
        goes back: were it the least clock of those waiting, it would fall to 0 whenever the queue ran empty,
        and a session that was running then would wait for seconds while everyone else caught up with it (as
        with a class joining one by one)."""
        for c in list(self._clients.values()):
            self._forget(c, list(c.sessions.values()))

    def _forget(self, c: _Client, sessions: list[_Session]) -> None:
        """Drop the client when all its sessions are idle and the virtual time has passed its clock (its sessions'
        clocks count only against each other); else those of `sessions` that are idle and passed by its own."""
        if c.used <= self._now and all(x.idle for x in c.sessions.values()):
            del self._clients[c.key]
            return
        for x in sessions:
            if x.idle and x.used <= c.now:
                del c.sessions[x.name]

    def _take(self, may_run_long: bool) -> tuple[_Client, _Session, _Job, bool] | None:
        """The next job: the first waiting job of the least-served session of the least-served client; for a
        thread of short slices, or when the threads for long slices are all taken, among short ones only."""
        if not may_run_long or self._long_running >= self.max_long:
            def ready(s: _Session) -> bool:
                return bool(s.jobs) and not (s.long or s.jobs[0].long)
        else:
            def ready(s: _Session) -> bool:
                return bool(s.jobs)
        c = None
        for candidate in self._queued.values():
            if (c is None or candidate.used < c.used) and any(ready(x) for x in candidate.sessions.values()):
                c = candidate
        if c is None:
            return None
        _, s = _least(c.sessions.items(), ready)
        self._now, c.now = max(self._now, c.used), max(c.now, s.used)
        s.running += 1
        job = s.jobs.popleft()
        c.queued -= 1
        if not c.queued:
            del self._queued[c.key]
        long = s.long or job.long
        self._long_running += long
        return c, s, job, long

    def _work(self, may_run_long: bool) -> None:
        if may_run_long and self.max_long < len(self._threads):
            try:
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)  # a thread on Linux; nice 10
            except (AttributeError, OSError):  # no per-thread priority here: fairness still holds, latency less so
                pass
        while True:
            with self._cond:
                taken = self._take(may_run_long)
                while taken is None and not self._stopped:
                    self._cond.wait()
                    taken = self._take(may_run_long)
                if taken is None:
                    return
            c, s, job, long = taken
            if job.cancelled:
                with self._cond:
                    s.running -= 1
                    self._long_running -= long
                    self._cond.notify_all()
                self._finish(c, s, job, None, None, run=False)
                continue
            # The slice's cost is the CPU time of this thread, not the wall time: on a busy machine (several
            # workers, the GIL shared with the event loop) a 2 ms frame can take 20 ms of wall time, and counting
            # that would call a small network's session long and send it to the low-priority thread for good, and
            # charge it for the others' work (with wall time, 200 learners on 2 workers: some had no frame at all).
            started = time.thread_time()
            done, value, error = True, None, None
            try:
                done, value = job.step()
            except BaseException as exc:  # handed to the awaiting coroutine, which answers for it
                error = exc
            elapsed = time.thread_time() - started
            with self._cond:
                s.used += elapsed
                c.used += elapsed
                s.running -= 1
                s.long = elapsed > LONG_SLICE
                self._long_running -= long
                self.busy_seconds += elapsed
                self._cond.notify_all()  # a thread waiting for a short job may now take a long one
                if not done and error is None and not job.cancelled:
                    self._enqueue(c, s, job)  # the next slice waits its turn behind the other sessions
                    self._cond.notify_all()
                    continue
            self._finish(c, s, job, value, error)

    def _finish(self, c: _Client, s: _Session, job: _Job, value: Any, error: BaseException | None,
                run: bool = True) -> None:
        with self._cond:
            if job.counted:
                s.requests -= 1
                self._waiting -= 1
            self._forget_idle(c, s)
        if not run:
            return

        def settle() -> None:
            if job.future.done():
                return
            if error is not None:
                job.future.set_exception(error)
            else:
                job.future.set_result(value)

        try:
            job.loop.call_soon_threadsafe(settle)
        except RuntimeError:  # the loop has closed (shutdown): nobody waits for the answer
            pass

    def stats(self) -> dict:
        with self._cond:
            return {"clients": len(self._clients), "sessions": sum(len(c.sessions) for c in self._clients.values()),
                    "waiting": self._waiting,
                    "queued_slices": sum(len(s.jobs) for c in self._clients.values() for s in c.sessions.values()),
                    "busy_seconds": round(self.busy_seconds, 3)}

    def close(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        for t in self._threads:
            t.join(timeout=5)
