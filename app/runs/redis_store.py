"""Runs in Redis, shared by several workers (NNLAB_STORE_URL=redis://host:port/db); imported only then.

What Redis holds (keys under `nnlab:`; a member is "session\\nrun id"):
- `run:{session}:{id}`: the packed run (app.runs.packed), with the idle timeout as its TTL;
- `session:{session}` and `all`: sorted sets of runs by last use, for the per-session cap, LRU and fair
  eviction across workers; `bytes`: a hash of each run's size (Run.nbytes) for the byte budget;
- `lease:{session}:{id}`: the worker that holds the run (trains it, or changes it for a request), with a short
  TTL that a thread of that worker renews, so a worker that dies lets go within LEASE_SECONDS;
- `cmd:{session}:{id}`: requests other workers forward to the holder, read by its stream between frames;
  `reply:{token}`: the holder's answers.

Adding a run takes a Redis lock (`lock:add`), so the caps hold when several workers add at once. Changes are
saved with SET XX: a run deleted or evicted by another worker is never written back; its holder sees it gone at
its next poll and ends the stream. The sync client serves the compute threads and sync routes; the asyncio
client the event loop (forwarding, polling).
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass

import redis
import redis.asyncio

from . import packed
from .run import Run
from .store import Elsewhere, RunStore, StoreFull

log = logging.getLogger("nnlab")

LEASE_SECONDS = 3.0  # a dead worker's runs are free again after this
REPLY_WAIT = 0.25  # how long a forwarded request waits before it checks that the holder still reads its commands
FORWARD_SECONDS = 15.0  # then it gives up with a 503
MAX_COMMANDS = 16  # commands a holder takes between two frames
SOCKET_SECONDS = 5.0  # a Redis that does not answer within this is an error, not a hang

_RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0"
_UNLEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"
# A save in one round trip: KEYS run, session index, all, bytes; ARGV data, ttl ms, now, run id, member, size.
# SET XX: a run deleted, evicted or expired meanwhile is never written back (and its indexes are not touched).
_SAVE = """
if not redis.call('set', KEYS[1], ARGV[1], 'XX', 'PX', ARGV[2]) then return 0 end
redis.call('zadd', KEYS[2], 'XX', ARGV[3], ARGV[4])
redis.call('zadd', KEYS[3], 'XX', ARGV[3], ARGV[5])
redis.call('hset', KEYS[4], ARGV[5], ARGV[6])
return 1
"""
# KEYS[1]: a session's open streams (token -> until when it counts); ARGV: now, limit, token, until.
_OPEN_STREAM = """
redis.call('zremrangebyscore', KEYS[1], '-inf', ARGV[1])
if redis.call('zcard', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('zadd', KEYS[1], ARGV[4], ARGV[3])
redis.call('expire', KEYS[1], 3600)
return 1
"""
STREAM_SECONDS = 10.0  # an open stream counts this long after its worker last said it is open (a dead worker's)


@dataclass
class _Held:
    run: Run
    users: int


class RedisRunStore(RunStore):
    """The same bounds as MemoryRunStore (runs, runs per session, bytes, idle timeout), over all workers."""

    shared = True

    def __init__(self, url: str, max_runs: int, idle_seconds: float, per_session: int = 20, max_bytes: int = 2**30,
                 lease_seconds: float = LEASE_SECONDS, prefix: str = "nnlab:"):
        self.url, self.prefix = url, prefix
        self.max_runs, self.idle_seconds, self.per_session, self.max_bytes = max_runs, idle_seconds, per_session, max_bytes
        self.lease_seconds = lease_seconds
        self.redis = redis.Redis.from_url(url, socket_timeout=SOCKET_SECONDS, socket_connect_timeout=SOCKET_SECONDS)
        self.worker = uuid.uuid4().hex  # this process, as a lease holder
        self._async: dict[int, redis.asyncio.Redis] = {}  # per event loop
        self._held: dict[tuple[str, str], _Held] = {}
        self._lock = threading.RLock()
        self._renewer: threading.Thread | None = None
        self._renew = self.redis.register_script(_RENEW)
        self._unlease = self.redis.register_script(_UNLEASE)
        self._save = self.redis.register_script(_SAVE)

    # ------------------------------------------------------------------ keys
    def _key(self, kind: str, session: str, run_id: str) -> str:
        return f"{self.prefix}{kind}:{session}:{run_id}"

    @property
    def _idle_ms(self) -> int:
        return max(1, int(self.idle_seconds * 1000))

    def _aclient(self) -> redis.asyncio.Redis:
        loop = asyncio.get_running_loop()
        client = self._async.get(id(loop))
        if client is None:
            client = self._async[id(loop)] = redis.asyncio.Redis.from_url(
                self.url, socket_timeout=SOCKET_SECONDS, socket_connect_timeout=SOCKET_SECONDS)
        return client

    def alive(self) -> bool:
        try:
            return bool(self.redis.ping())
        except redis.RedisError:
            return False

    # ------------------------------------------------------------------ bookkeeping
    def _drop(self, session: str, run_id: str) -> bool:
        member = f"{session}\n{run_id}"
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(self._key("run", session, run_id))
        pipe.zrem(f"{self.prefix}session:{session}", run_id)
        pipe.zrem(f"{self.prefix}all", member)
        pipe.hdel(f"{self.prefix}bytes", member)
        deleted = pipe.execute()[0]
        with self._lock:
            held = self._held.get((session, run_id))
            if held is not None:
                held.run.closed = True
        return bool(deleted)

    def _prune(self, now: float) -> None:
        """Forget the index entries of runs idle too long (Redis expired the runs themselves)."""
        for member in self.redis.zrangebyscore(f"{self.prefix}all", "-inf", now - self.idle_seconds):
            self._drop(*member.decode().split("\n", 1))

    def _victim(self, adder: str, members: list[str]) -> tuple[str, str]:
        """As MemoryRunStore._victim: the least recently used run of the session holding the most runs (the
        adder first among equals); never another session's only run."""
        keys = [tuple(m.split("\n", 1)) for m in members]  # least recently used first
        counts = Counter(s for s, _ in keys)
        most = max(counts.values())
        if counts.get(adder, 0) == most:
            return next(k for k in keys if k[0] == adder)
        if most < 2:
            raise StoreFull
        return next(k for k in keys if counts[k[0]] == most)

    def _touch(self, session: str, run_id: str) -> bool:
        now = time.time()
        pipe = self.redis.pipeline(transaction=False)
        pipe.pexpire(self._key("run", session, run_id), self._idle_ms)
        pipe.zadd(f"{self.prefix}session:{session}", {run_id: now}, xx=True)
        pipe.zadd(f"{self.prefix}all", {f"{session}\n{run_id}": now}, xx=True)
        return bool(pipe.execute()[0])

    # ------------------------------------------------------------------ the interface
    def add(self, session, run):
        with run.lock:
            data = packed.pack(run)
            size = run.nbytes()
        evicted: list[Run] = []
        with self.redis.lock(f"{self.prefix}lock:add", timeout=10, blocking_timeout=10):
            now = time.time()
            self._prune(now)
            mine = self.redis.zrange(f"{self.prefix}session:{session}", 0, 0)
            if mine and self.redis.zcard(f"{self.prefix}session:{session}") >= self.per_session:
                self._drop(session, mine[0].decode())
            while True:
                members = [m.decode() for m in self.redis.zrange(f"{self.prefix}all", 0, -1)]
                total = sum(int(v) for v in self.redis.hvals(f"{self.prefix}bytes"))
                if not members or (len(members) < self.max_runs and total + size <= self.max_bytes):
                    break
                self._drop(*self._victim(session, members))
            member = f"{session}\n{run.id}"
            pipe = self.redis.pipeline(transaction=True)
            pipe.set(self._key("run", session, run.id), data, px=self._idle_ms)
            pipe.zadd(f"{self.prefix}session:{session}", {run.id: now})
            pipe.zadd(f"{self.prefix}all", {member: now})
            pipe.hset(f"{self.prefix}bytes", member, size)
            pipe.execute()
        return evicted  # runs evicted here are other objects (other workers' copies): closed where held

    def get(self, session, run_id):
        with self._lock:
            held = self._held.get((session, run_id))
        if held is not None:
            if self._touch(session, run_id):
                return held.run
            held.run.closed = True
            return None
        data = self.redis.get(self._key("run", session, run_id))
        if data is None:
            return None
        self._touch(session, run_id)
        return packed.unpack(data)

    def delete(self, session, run_id):
        return self._drop(session, run_id)

    def count(self, session):
        return self.redis.zcount(f"{self.prefix}session:{session}", time.time() - self.idle_seconds, "+inf")

    def __len__(self):
        return self.redis.zcount(f"{self.prefix}all", time.time() - self.idle_seconds, "+inf")

    # ------------------------------------------------------------------ ownership
    def acquire(self, session, run_id):
        key = (session, run_id)
        lease = self._key("lease", session, run_id)
        with self._lock:
            held = self._held.get(key)
            if held is not None:
                held.users += 1
                return held.run
            if not self.redis.set(lease, self.worker, nx=True, px=int(self.lease_seconds * 1000)):
                raise Elsewhere(run_id)
            try:
                data = self.redis.get(self._key("run", session, run_id))
                run = packed.unpack(data) if data is not None else None
            except BaseException:
                self._unlease(keys=[lease], args=[self.worker])
                raise
            if run is None:
                self._unlease(keys=[lease], args=[self.worker])
                return None
            self._touch(session, run_id)
            self._held[key] = _Held(run, 1)
            self._start_renewer()
            return run

    def save(self, session, run):
        if run.closed:
            return False
        with run.lock:
            data = packed.pack(run)
            size = run.nbytes()
        keys = [self._key("run", session, run.id), f"{self.prefix}session:{session}", f"{self.prefix}all",
                f"{self.prefix}bytes"]
        if not self._save(keys=keys, args=[data, self._idle_ms, time.time(), run.id, f"{session}\n{run.id}", size]):
            run.closed = True  # deleted, evicted or expired meanwhile: never written back
            return False
        return True

    def release(self, session, run):
        key = (session, run.id)
        with self._lock:
            held = self._held.get(key)
            if held is None or held.run is not run:
                return
            held.users -= 1
            if held.users:
                return
            try:
                self.save(session, run)
            finally:
                del self._held[key]
                self._unlease(keys=[self._key("lease", session, run.id)], args=[self.worker])

    def holds(self, session: str, run_id: str) -> bool:
        with self._lock:
            return (session, run_id) in self._held

    def _start_renewer(self) -> None:
        if self._renewer is None or not self._renewer.is_alive():
            self._renewer = threading.Thread(target=self._renew_leases, name="nnlab-leases", daemon=True)
            self._renewer.start()

    def _renew_leases(self) -> None:
        """Keep this worker's leases alive while it holds the runs (a quarter of the TTL apart), all in one round
        trip (with 100 streams, one call a lease took a tenth of the worker's time)."""
        ms = int(self.lease_seconds * 1000)
        while True:
            time.sleep(self.lease_seconds / 4)
            with self._lock:
                keys = list(self._held)
            if not keys:
                continue
            pipe = self.redis.pipeline(transaction=False)
            for session, run_id in keys:
                self._renew(keys=[self._key("lease", session, run_id)], args=[self.worker, ms], client=pipe)
            try:
                renewed = pipe.execute()
            except redis.RedisError as exc:
                log.warning("could not renew the leases of %d runs: %s", len(keys), exc)
                continue
            for (session, run_id), ok in zip(keys, renewed, strict=True):
                if ok:
                    continue
                lease = self._key("lease", session, run_id)
                try:
                    with self._lock:  # released meanwhile, or the lease ran out while this worker stalled
                        held = self._held.get((session, run_id))
                        if held is not None and not self.redis.set(lease, self.worker, nx=True, px=ms):
                            # two trainers would fork the run: this one stops (its stream ends) and saves nothing
                            log.warning("run %s: another worker took it while this one stalled for over %s s",
                                        run_id, self.lease_seconds)
                            held.run.closed = True
                except redis.RedisError as exc:
                    log.warning("could not renew the lease of run %s: %s", run_id, exc)

    # ------------------------------------------------------------------ streams open per session, over all workers
    def stream_quota(self, per_session: int) -> RedisStreamQuota:
        return RedisStreamQuota(self, per_session)

    # ------------------------------------------------------------------ forwarding
    async def forward(self, session, run_id, op, args):
        r = self._aclient()
        lease, commands = self._key("lease", session, run_id), self._key("cmd", session, run_id)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + FORWARD_SECONDS
        while loop.time() < deadline:
            holder = await r.get(lease)
            if holder is None or holder.decode() == self.worker:
                return None
            token = uuid.uuid4().hex
            payload = json.dumps({"op": op, "args": args, "reply": token}, separators=(",", ":"))
            await r.rpush(commands, payload)
            while loop.time() < deadline:
                got = await r.blpop([f"{self.prefix}reply:{token}"], timeout=REPLY_WAIT)
                if got is not None:
                    return json.loads(got[1])
                if await r.lrem(commands, 1, payload):
                    break  # not taken: the holder does not read commands (a request, or it died): look again
        return {"status": 503, "body": {"detail": "the worker training this run does not answer; try again"},
                "headers": {"Retry-After": "1"}}

    async def has(self, session, run_id):
        return bool(await self._aclient().exists(self._key("run", session, run_id)))

    async def poll(self, session, run):
        r = self._aclient()
        pipe = r.pipeline(transaction=False)
        pipe.lpop(self._key("cmd", session, run.id), MAX_COMMANDS)
        pipe.exists(self._key("run", session, run.id))
        commands, exists = await pipe.execute()
        if not exists:
            run.closed = True
        return [json.loads(c) for c in commands or []]

    async def reply(self, command, answer):
        r = self._aclient()
        key = f"{self.prefix}reply:{command['reply']}"
        pipe = r.pipeline(transaction=False)
        pipe.rpush(key, json.dumps(answer, separators=(",", ":")))
        pipe.expire(key, 30)
        await pipe.execute()


class RedisStreamQuota:
    """Streams open per session over all workers, at most `per_session` (the API of app.routers.runs.StreamQuota).
    Each open stream is a token in a sorted set, counted until a deadline its stream pushes on (`alive`), so the
    streams of a worker that died stop counting after STREAM_SECONDS."""

    def __init__(self, store: RedisRunStore, per_session: int):
        self.store, self.per_session = store, per_session
        self._open = store.redis.register_script(_OPEN_STREAM)

    def _key(self, session: str) -> str:
        return f"{self.store.prefix}streams:{session}"

    def acquire(self, session: str) -> str | None:
        token, now = uuid.uuid4().hex, time.time()
        ok = self._open(keys=[self._key(session)], args=[now, self.per_session, token, now + STREAM_SECONDS])
        return token if ok else None

    def alive(self, session: str, token: str) -> None:
        self.store.redis.zadd(self._key(session), {token: time.time() + STREAM_SECONDS}, xx=True)

    def release(self, session: str, token: str) -> None:
        self.store.redis.zrem(self._key(session), token)
