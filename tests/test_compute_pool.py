"""The compute pool (app.compute): fair between sessions, bounded, cancellable; and the fair run store."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time

import pytest

from app.compute import Busy, ComputePool
from app.runs.experiment import Experiment
from app.runs.run import Run
from app.runs.store import MemoryRunStore, StoreFull


def run_async(coro):
    """asyncio.run in a thread of its own: the browser tests' Playwright keeps an event loop in the main thread."""
    out: dict = {}

    def target():
        try:
            out["value"] = asyncio.run(coro)
        except BaseException as exc:  # re-raised in the test's thread
            out["error"] = exc

    t = threading.Thread(target=target)
    t.start()
    t.join()
    if "error" in out:
        raise out["error"]
    return out.get("value")


def spin(seconds: float) -> None:
    """Work for `seconds` of this thread's CPU time (the pool counts CPU time, not time asleep)."""
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def sliced(n: int, seconds: float, log: list, name: str):
    """A job of n slices of `seconds` of CPU each, noting each slice in `log`."""
    def gen():
        for i in range(n):
            spin(seconds)
            log.append((name, i))
            yield
        return name
    return gen


async def all_queued_then_run(pool: ComputePool, jobs: list) -> list:
    """The jobs (pool.run coroutines) queued while the pool's one thread is held by a gate job, then let go: the
    order they run in is the pool's scheduling alone, not which submission the event loop got to first."""
    started, gate = threading.Event(), threading.Event()

    def blocker():
        started.set()
        gate.wait(10)

    held = asyncio.ensure_future(pool.run("gate", blocker, client="gate"))
    await asyncio.get_running_loop().run_in_executor(None, started.wait, 10)
    tasks = [asyncio.ensure_future(job) for job in jobs]
    while pool.stats()["waiting"] < 1 + len(jobs):
        await asyncio.sleep(0.005)
    gate.set()
    await held
    return await asyncio.gather(*tasks)


@pytest.fixture
def pool():
    p = ComputePool(threads=1, per_session=3, max_queue=8)
    yield p
    p.close()


def test_a_later_session_is_served_before_a_long_job_of_another_finishes(pool):
    log: list = []

    async def main():
        long = asyncio.ensure_future(pool.run("hog", sliced(40, 0.005, log, "hog")))
        await asyncio.sleep(0.02)  # the hog is well under way
        small = [asyncio.ensure_future(pool.run("learner", lambda i=i: log.append(("learner", i)) or i))
                 for i in range(3)]
        results = await asyncio.gather(*small)
        hog_done_at_that_time = sum(1 for name, _ in log if name == "hog")
        await long
        return results, hog_done_at_that_time

    results, hog_slices = run_async(main())
    assert results == [0, 1, 2]
    # Round by round: the learner's three one-slice jobs came between the hog's slices, not after all 40.
    assert hog_slices < 20


def test_slices_alternate_between_two_sessions(pool):
    log: list = []

    async def main():
        await all_queued_then_run(pool, [pool.run("a", sliced(10, 0.002, log, "a")),
                                         pool.run("b", sliced(10, 0.002, log, "b"))])

    run_async(main())
    # Neither session runs more than a couple of slices in a row while both are waiting.
    longest = max(len(list(group)) for _, group in itertools.groupby(name for name, _ in log))
    assert longest <= 3


def test_a_client_with_many_sessions_gets_the_share_of_one_client():
    # A client address opening ten sessions competes with a client that has one: slice for slice, not 10 to 1.
    p = ComputePool(threads=1, per_session=10, max_queue=100)
    log: list = []

    async def main():
        hog = [p.run(f"hog{i}", sliced(10, 0.002, log, "hog"), client="10.0.0.66") for i in range(10)]
        learner = p.run("learner", sliced(10, 0.002, log, "learner"), client="10.0.0.7")
        await all_queued_then_run(p, [*hog, learner])

    try:
        run_async(main())
    finally:
        p.close()
    first_20 = [name for name, _ in log[:20]]
    assert 8 <= first_20.count("learner") <= 12


def test_a_stream_idle_between_frames_does_not_jump_ahead_of_those_waiting():
    # A stream submits its next frame as soon as the last one is done: between the two it is idle. Ten others
    # each wait with a job of several slices. The stream keeps its clock while idle, so it gets about one slice a
    # round; rejoining at the least clock of those waiting would put it ahead of most of them, frame after frame.
    p = ComputePool(threads=1, per_session=10, max_queue=100)
    log: list = []

    async def stream(stop: asyncio.Event):
        while not stop.is_set():
            await p.run("stream", lambda: (spin(0.002), log.append(("stream", 0))), client="10.0.0.1")

    async def main():
        stop = asyncio.Event()
        others = [p.run(f"s{i}", sliced(5, 0.002, log, f"other{i}"), client=f"10.0.1.{i}") for i in range(10)]
        streaming = asyncio.ensure_future(stream(stop))
        await asyncio.sleep(0.01)  # the stream is under way
        await asyncio.gather(*others)
        stop.set()
        await streaming

    try:
        run_async(main())
    finally:
        p.close()
    others_done = max(i for i, (name, _) in enumerate(log) if name != "stream")
    frames = sum(1 for name, _ in log[:others_done] if name == "stream")
    # 50 slices of the others: a fair share is 5 to 10 frames meanwhile (one a round of 11 slices; the stream,
    # the oldest entry, wins the ties). Rejoining at the least clock gave 21.
    assert frames <= 13, frames


def test_sessions_that_join_while_another_works_alone_start_level_with_it():
    # A session works alone for 20 slices (nobody waits meanwhile: the queue is empty during each of its slices).
    # Then ten streams join. They start at the clock of the last slice begun, so the first session keeps about
    # one slice a round; starting at 0 (the least clock of those waiting, when none are) made it wait until each
    # stream had used as much CPU as it had: 200 slices, seconds for a class joining one by one.
    p = ComputePool(threads=1, per_session=10, max_queue=100)
    log: list = []

    async def stream(name: str, stop: asyncio.Event):
        while not stop.is_set():
            await p.run(name, lambda: (spin(0.002), log.append((name, 0))), client=name)

    async def main():
        stop = asyncio.Event()
        alone = asyncio.ensure_future(p.run("alone", sliced(80, 0.002, log, "alone"), client="10.0.0.1"))
        while len(log) < 20:
            await asyncio.sleep(0.001)
        streams = [asyncio.ensure_future(stream(f"10.0.1.{i}", stop)) for i in range(10)]
        await alone
        stop.set()
        await asyncio.gather(*streams)

    try:
        run_async(main())
    finally:
        p.close()
    joined = next(i for i, (name, _) in enumerate(log) if name != "alone")
    served = [name for name, _ in log[joined:joined + 55]]
    # A fair share is 5 of the 55 slices (one of 11 a round).
    assert served.count("alone") >= 3, served


def test_the_pool_forgets_idle_sessions_and_clients_once_the_others_have_passed_them():
    # Thirty learners ask once each; then one session works on for over a second. The thirty are idle with clocks
    # the virtual time has passed: the pool keeps nothing of them (a class's worth of sessions a lesson, all day).
    p = ComputePool(threads=1, per_session=3, max_queue=100)

    async def main():
        await asyncio.gather(*(p.run(f"s{i}", lambda: spin(0.002), client=f"10.0.0.{i}") for i in range(30)))
        assert p.stats()["sessions"] >= 2  # just finished: some clocks are still ahead of the virtual time
        end = time.monotonic() + 1.2
        while time.monotonic() < end:
            await p.run("worker", lambda: spin(0.002), client="10.0.1.1")
        return p.stats()

    try:
        stats = run_async(main())
    finally:
        p.close()
    assert stats["clients"] <= 1 and stats["sessions"] <= 1, stats


def test_a_session_with_too_many_requests_gets_429_with_retry_after(pool):
    gate = threading.Event()

    async def main():
        held = [asyncio.ensure_future(pool.run("s", gate.wait)) for _ in range(3)]
        await asyncio.sleep(0.05)
        with pytest.raises(Busy) as busy:
            await pool.run("s", lambda: 1)
        assert busy.value.status == 429 and busy.value.retry_after >= 1
        other = asyncio.ensure_future(pool.run("other", lambda: 2))  # another session is still admitted
        gate.set()
        await asyncio.gather(*held)
        assert await other == 2

    run_async(asyncio.wait_for(main(), 10))


def test_a_full_queue_answers_503():
    p = ComputePool(threads=1, per_session=10, max_queue=4)
    gate = threading.Event()

    async def main():
        held = [asyncio.ensure_future(p.run(f"s{i}", gate.wait)) for i in range(4)]
        await asyncio.sleep(0.05)
        with pytest.raises(Busy) as busy:
            await p.run("late", lambda: 1)
        assert busy.value.status == 503
        gate.set()
        await asyncio.gather(*held)
        assert await p.run("late", lambda: 1) == 1  # and afterwards it takes work again

    try:
        run_async(asyncio.wait_for(main(), 10))
    finally:
        p.close()


def test_cancelling_the_caller_stops_a_sliced_job_at_its_next_slice(pool):
    log: list = []

    async def main():
        job = asyncio.ensure_future(pool.run("s", sliced(1000, 0.002, log, "s")))
        await asyncio.sleep(0.05)
        job.cancel()
        with pytest.raises(asyncio.CancelledError):
            await job
        stopped_at = len(log)
        await asyncio.sleep(0.1)
        return stopped_at

    stopped_at = run_async(main())
    assert len(log) <= stopped_at + 1 < 1000
    assert pool.stats()["waiting"] == 0


def test_an_error_in_a_job_reaches_the_caller_and_the_pool_goes_on(pool):
    async def main():
        with pytest.raises(ValueError, match="bad"):
            await pool.run("s", lambda: (_ for _ in ()).throw(ValueError("bad")))
        return await pool.run("s", lambda: 5)

    assert run_async(main()) == 5


# ---------------------------------------------------------------- the store

SMALL = Experiment(dataset="circle", n=40, hidden=[{"units": 2}])


def runs(k: int) -> list[Run]:
    return [Run(SMALL) for _ in range(k)]


def test_a_session_over_its_quota_loses_its_own_oldest_run():
    store = MemoryRunStore(max_runs=100, idle_seconds=60, per_session=3)
    mine = runs(4)
    for run in mine[:3]:
        store.add("me", run)
    store.add("other", Run(SMALL))
    evicted = store.add("me", mine[3])
    assert evicted == [mine[0]] and mine[0].closed
    assert store.get("me", mine[0].id) is None and store.count("me") == 3 and store.count("other") == 1


def test_a_full_store_evicts_from_the_session_holding_the_most_runs():
    store = MemoryRunStore(max_runs=6, idle_seconds=60, per_session=10)
    flood = runs(4)
    for run in flood:
        store.add("flood", run)
    learners = runs(2)
    store.add("a", learners[0])
    store.add("b", learners[1])
    newcomer = Run(SMALL)
    evicted = store.add("c", newcomer)
    assert evicted == [flood[0]]
    assert all(store.get(s, r.id) is r for s, r in (("a", learners[0]), ("b", learners[1]), ("c", newcomer)))


def test_a_store_of_single_runs_refuses_rather_than_take_anyones_only_run():
    store = MemoryRunStore(max_runs=3, idle_seconds=60, per_session=10)
    for s, run in zip("abc", runs(3)):
        store.add(s, run)
    with pytest.raises(StoreFull):
        store.add("d", Run(SMALL))
    assert len(store) == 3


def test_deleting_or_expiring_a_run_closes_it():
    now = [0.0]
    store = MemoryRunStore(max_runs=10, idle_seconds=5, per_session=10, clock=lambda: now[0])
    a, b = runs(2)
    store.add("s", a)
    store.add("s", b)
    assert store.delete("s", a.id) and a.closed
    now[0] = 10.0
    assert store.get("s", b.id) is None and b.closed
    assert b.train(5) == 0  # a closed run trains no more


def test_the_store_bounds_its_bytes():
    big = Experiment(dataset="circle", n=2000, hidden=[{"units": 64}] * 4)
    size = Run(big).nbytes()
    store = MemoryRunStore(max_runs=100, idle_seconds=60, per_session=100, max_bytes=int(size * 3.5))
    for run in runs(0) + [Run(big) for _ in range(5)]:
        store.add("s", run)
    assert len(store) == 3
