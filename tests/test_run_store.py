"""The run store's contract, for both stores: the embedded MemoryRunStore and the RedisRunStore against a real
redis-server (tests/redis_helpers.py). Round trips are bit for bit; the caps, the idle timeout and deletion
behave the same; and the Redis store's bounds and leases hold across workers (two store objects)."""

from __future__ import annotations

import time
import uuid

import numpy as np
import pytest

from app.runs import export, packed, service
from app.runs.experiment import Experiment
from app.runs.run import Run
from app.runs.store import Elsewhere, MemoryRunStore, RunStore, StoreFull, open_store

SMALL = {"dataset": "circle", "n": 60, "batch_size": 10, "hidden": [{"units": 4, "activation": "tanh"}]}
KINDS = {
    "playground": {},
    "adam_batchnorm_dropout": {"dataset": "spiral", "batchnorm": True, "dropout": 0.2,
                               "optimizer": {"name": "adam", "lr": 0.01}},
    "lenet": {"model": "lenet", "n": 200, "hidden": [], "batch_size": 16, "optimizer": {"name": "adam", "lr": 0.01}},
    "attention": {"model": "attention", "n": 200, "hidden": [], "batch_size": 16,
                  "optimizer": {"name": "momentum", "lr": 0.02, "momentum": 0.9}},
}


@pytest.fixture(params=["memory", "redis"])
def make_store(request):
    """A function (idle_seconds, max_runs, per_session, max_bytes, worker) -> a fresh store of the kind; the
    Redis stores of one test share one key prefix (one 'deployment', several workers)."""
    prefix = f"test-{uuid.uuid4().hex[:8]}:"
    made: list[RunStore] = []

    def make(idle_seconds=60.0, max_runs=100, per_session=20, max_bytes=2**30) -> RunStore:
        if request.param == "memory":
            store = MemoryRunStore(max_runs, idle_seconds, per_session, max_bytes)
        else:
            from app.runs.redis_store import RedisRunStore

            store = RedisRunStore(request.getfixturevalue("redis_url"), max_runs, idle_seconds, per_session,
                                  max_bytes, lease_seconds=1.0, prefix=prefix)
        made.append(store)
        return store

    make.kind = request.param
    return make


def small_run(**changes) -> Run:
    return Run(Experiment.model_validate({**SMALL, **changes}))


def params(run: Run) -> list[bytes]:
    return [p.data.tobytes() for p in run.model.parameters()]


def trained(kind: str, updates: int = 25) -> Run:
    run = Run(Experiment.model_validate(KINDS[kind]))
    run.train(updates)
    run.release()
    return run


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_store_gives_back_a_trained_run_bit_for_bit_and_it_continues_identically(make_store, kind):
    store = make_store()
    run = trained(kind)
    store.add("a", run)
    back = store.get("a", run.id)
    assert back is not None and back.id == run.id
    assert export.export(back) == export.export(run)
    assert params(back) == params(run)
    assert back.trainer.rng.bit_generator.state == run.trainer.rng.bit_generator.state
    run.train(10)
    back.train(10)
    assert params(back) == params(run) and back.history() == run.history()


def test_packed_run_is_smaller_than_its_export_and_exact():
    import json

    run = trained("lenet", 5)
    data = packed.pack(run)
    assert len(data) < len(json.dumps(export.export(run))) / 1.5
    again = packed.unpack(data)
    assert export.export(again) == export.export(run) and params(again) == params(run)
    assert again.seconds_per_update == run.seconds_per_update


def test_unpack_rejects_bytes_that_are_not_a_packed_run():
    with pytest.raises(ValueError, match="not a packed nnlab run"):
        packed.unpack(b'{"format": "nnlab-run"}')


def test_store_hides_other_sessions_runs_and_counts_per_session(make_store):
    store = make_store()
    a, b = small_run(), small_run()
    store.add("a", a)
    store.add("b", b)
    assert store.get("b", a.id) is None and store.get("a", b.id) is None
    assert store.count("a") == 1 and store.count("b") == 1 and store.count("c") == 0 and len(store) == 2


def test_store_evicts_the_sessions_own_oldest_run_beyond_its_cap(make_store):
    store = make_store(per_session=2)
    runs = [small_run() for _ in range(3)]
    other = small_run()
    store.add("b", other)
    for run in runs:
        store.add("a", run)
        time.sleep(0.01)
    assert store.get("a", runs[0].id) is None
    assert store.get("a", runs[1].id) is not None and store.get("a", runs[2].id) is not None
    assert store.get("b", other.id) is not None and store.count("a") == 2


def test_full_store_evicts_least_recently_used_of_the_biggest_session(make_store):
    store = make_store(max_runs=3)
    a1, a2, b1 = small_run(), small_run(), small_run()
    store.add("a", a1)
    time.sleep(0.01)
    store.add("a", a2)
    time.sleep(0.01)
    store.add("b", b1)
    time.sleep(0.01)
    store.get("a", a1.id)  # now a2 is a's least recently used
    time.sleep(0.01)
    store.add("c", small_run())  # c has none: the biggest session (a) gives its LRU run
    assert store.get("a", a2.id) is None and store.get("a", a1.id) is not None
    assert store.get("b", b1.id) is not None and len(store) == 3
    store.add("a", small_run())  # a is among the biggest itself: loses its own oldest
    assert store.get("a", a1.id) is None


def test_full_store_of_only_runs_answers_full(make_store):
    store = make_store(max_runs=2)
    store.add("x", small_run())
    store.add("y", small_run())
    with pytest.raises(StoreFull):  # every session holds one run: nobody's only run is taken
        store.add("z", small_run())
    assert len(store) == 2


def test_store_keeps_within_its_byte_budget(make_store):
    size = small_run().nbytes()
    store = make_store(max_bytes=int(size * 2.5))
    runs = [small_run() for _ in range(3)]
    for run in runs:
        store.add("a", run)
        time.sleep(0.01)
    assert store.get("a", runs[0].id) is None and len(store) == 2


def test_idle_runs_expire(make_store):
    store = make_store(idle_seconds=0.4)
    idle, used = small_run(), small_run()
    store.add("a", idle)
    store.add("a", used)
    for _ in range(3):
        time.sleep(0.2)
        assert store.get("a", used.id) is not None  # each use restarts its idle time
    assert store.get("a", idle.id) is None
    assert store.count("a") == 1 and len(store) == 1


def test_delete_forgets_a_run_once(make_store):
    store = make_store()
    run = small_run()
    store.add("a", run)
    assert not store.delete("b", run.id)
    assert store.delete("a", run.id)
    assert not store.delete("a", run.id)
    assert store.get("a", run.id) is None and store.count("a") == 0 and len(store) == 0


def test_a_saved_change_is_what_the_store_gives_back(make_store):
    store = make_store()
    run = small_run()
    store.add("a", run)
    held = store.acquire("a", run.id)
    list(service.step(held, 30))
    assert store.save("a", held)
    store.release("a", held)
    back = store.get("a", run.id)
    assert back.trainer.step == 30 and export.export(back) == export.export(held)


def test_a_deleted_run_is_closed_for_its_holder_and_never_written_back(make_store):
    store = make_store()
    run = small_run()
    store.add("a", run)
    held = store.acquire("a", run.id)
    store.delete("a", run.id)
    held.train(5)
    assert not store.save("a", held) and held.closed
    store.release("a", held)
    assert store.get("a", run.id) is None and len(store) == 0


def test_open_store_picks_the_store_by_url_and_rejects_others(redis_url):
    assert isinstance(open_store("memory://", 10, 60, 5, 2**20), MemoryRunStore)
    from app.runs.redis_store import RedisRunStore

    assert isinstance(open_store(redis_url, 10, 60, 5, 2**20), RedisRunStore)
    with pytest.raises(ValueError, match="store_url"):
        open_store("sqlite:///runs.db", 10, 60, 5, 2**20)


# ---------------------------------------------------------------- several workers (Redis only)

@pytest.fixture
def workers(redis_url):
    """Two RedisRunStores on one Redis under one prefix: two workers of one deployment."""
    from app.runs.redis_store import RedisRunStore

    prefix = f"test-{uuid.uuid4().hex[:8]}:"
    return [RedisRunStore(redis_url, 100, 60, per_session=2, lease_seconds=1.0, prefix=prefix) for _ in range(2)]


def test_per_session_cap_holds_across_workers(workers):
    one, two = workers
    runs = [small_run() for _ in range(3)]
    one.add("a", runs[0])
    time.sleep(0.01)
    two.add("a", runs[1])
    time.sleep(0.01)
    one.add("a", runs[2])
    assert two.count("a") == 2 and one.get("a", runs[0].id) is None and two.get("a", runs[1].id) is not None


def test_a_run_is_held_by_one_worker_at_a_time(workers):
    one, two = workers
    run = small_run()
    one.add("a", run)
    held = one.acquire("a", run.id)
    assert one.acquire("a", run.id) is held  # the same worker shares its live run
    with pytest.raises(Elsewhere):
        two.acquire("a", run.id)
    time.sleep(1.5)  # longer than the lease: the holder's thread renews it
    with pytest.raises(Elsewhere):
        two.acquire("a", run.id)
    one.release("a", held)
    with pytest.raises(Elsewhere):
        two.acquire("a", run.id)  # still one user left
    held.train(7)
    one.release("a", held)  # the last user: saved and let go
    taken = two.acquire("a", run.id)
    assert taken is not held and taken.trainer.step == 7
    two.release("a", taken)


def test_a_dead_workers_lease_runs_out(workers, redis_url):
    import redis

    one, two = workers
    run = small_run()
    one.add("a", run)
    # a worker that died: its lease is in Redis, nobody renews it
    redis.Redis.from_url(redis_url).set(one._key("lease", "a", run.id), "dead-worker", px=500)
    with pytest.raises(Elsewhere):
        two.acquire("a", run.id)
    time.sleep(0.7)
    taken = two.acquire("a", run.id)
    assert taken is not None
    two.release("a", taken)


def test_the_memory_store_gives_the_same_run_object_each_time():
    store = MemoryRunStore(10, 60)
    run = small_run()
    store.add("a", run)
    assert store.get("a", run.id) is run and store.acquire("a", run.id) is run


def test_an_array_of_ints_with_a_float_among_them_is_kept_as_is():
    chunks: list[bytes] = []
    doc = packed._take_arrays({"mixed": [1, 2.5, 3], "ints": [1, 2], "floats": [[0.1, -0.0], [np.nan, 2.0]]},
                              chunks, [0])
    assert doc["mixed"] == [1, 2.5, 3] and "$a" in doc["ints"] and "$a" in doc["floats"]
    back = packed._put_arrays(doc, memoryview(b"".join(chunks)))
    assert back["ints"] == [1, 2] and all(type(v) is int for v in back["ints"])
    assert np.array_equal(np.array(back["floats"]), np.array([[0.1, -0.0], [np.nan, 2.0]]), equal_nan=True)
    assert np.signbit(back["floats"][0][1])


def test_the_default_app_runs_without_redis_and_never_imports_it():
    import os
    import subprocess
    import sys

    code = "import sys, app.main; print(type(app.main.app.state.runs).__name__, 'redis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={k: v for k, v in os.environ.items() if k != "NNLAB_STORE_URL"})
    assert out.stdout.split() == ["MemoryRunStore", "False"], out.stderr


def test_healthz_fails_when_redis_does_not_answer(redis_url):
    from fastapi.testclient import TestClient

    from app.main import create_app
    from app.settings import Settings
    from tests.redis_helpers import free_port

    with TestClient(create_app(Settings(store_url=redis_url))) as up:
        assert up.get("/healthz").json() == {"status": "ok"}
    with TestClient(create_app(Settings(store_url=f"redis://127.0.0.1:{free_port()}/0"))) as down:
        r = down.get("/healthz")
        assert r.status_code == 503 and r.json() == {"status": "run store unreachable"}
