"""Several workers sharing one Redis (NNLAB_STORE_URL=redis://...), against real uvicorn processes and a real
redis-server: any worker serves any request of any run with the same answers as the memory store; requests
reach the worker streaming a run within a frame; deleting a run ends its stream on the other worker; and a
streaming worker killed with SIGKILL loses at most a second of training, the stream resuming on another."""

from __future__ import annotations

import json
import os
import signal
import tempfile
import threading
import time

import httpx
import pytest
from httpx_sse import connect_sse

from tests.redis_helpers import start_worker, stop_worker

SMALL = {"dataset": "circle", "n": 100, "batch_size": 10, "seed": 3, "hidden": [{"units": 6, "activation": "tanh"}]}


def db_url(redis_url: str, db: int) -> str:
    import redis

    url = redis_url.rsplit("/", 1)[0] + f"/{db}"
    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture(scope="module")
def pair(redis_url):
    """Two single-process workers A and B on one Redis database."""
    url = db_url(redis_url, 1)
    data = tempfile.mkdtemp(prefix="nnlab-workers-")
    a, b = start_worker(url, data), start_worker(url, data)
    yield a[1], b[1]
    stop_worker(a[0])
    stop_worker(b[0])


@pytest.fixture
def http():
    """One client for both workers: the session cookie (signed with the shared key) goes to each."""
    with httpx.Client(timeout=30) as c:
        yield c


class Listener:
    """A stream read in a thread: its frames (with arrival times) and its end event."""

    def __init__(self, http: httpx.Client, url: str, headers: dict | None = None):
        self.frames: list[tuple[float, dict]] = []
        self.end: dict | None = None
        self.error: Exception | None = None
        self.ids: list[str] = []
        self._stop = False
        self._thread = threading.Thread(target=self._read, args=(http, url, headers or {}), daemon=True)
        self._thread.start()

    def _read(self, http, url, headers):
        try:
            with connect_sse(http, "GET", url, headers=headers, timeout=30) as source:
                for event in source.iter_sse():
                    if event.event == "end":
                        self.end = json.loads(event.data)
                        return
                    self.frames.append((time.monotonic(), json.loads(event.data)))
                    self.ids.append(event.id)
                    if self._stop:
                        return
        except Exception as exc:  # noqa: BLE001 - reported by the test
            self.error = exc

    def wait_frames(self, n: int, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while len(self.frames) < n and self.end is None and self.error is None:
            assert time.monotonic() < deadline, f"only {len(self.frames)} frames in {timeout} s"
            time.sleep(0.02)

    def stop(self, timeout: float = 5) -> None:
        self._stop = True
        self._thread.join(timeout)


def scenario(post, put, patch, get) -> tuple[dict, dict]:
    """The same requests in the same order; each callable takes the worker (0 or 1) it goes to."""
    run = post(0, "/api/v1/runs", SMALL)
    rid = run["id"]
    post(1, f"/api/v1/runs/{rid}/step", {"updates": 40})
    patch(1, f"/api/v1/runs/{rid}", {"optimizer": {"name": "adam", "lr": 0.02}, "batch_size": 5})
    post(0, f"/api/v1/runs/{rid}/step", {"updates": 25})
    put(1, f"/api/v1/runs/{rid}/weight", {"layer": 0, "row": 1, "col": 0, "value": 0.75})
    post(0, f"/api/v1/runs/{rid}/step", {"updates": 10})
    state = get(0, f"/api/v1/runs/{rid}")
    return get(1, f"/api/v1/runs/{rid}/export"), state


def test_any_worker_serves_a_run_with_the_memory_stores_answers(pair, http, client):
    def via(call, bases):
        def do(worker, path, body=None):
            r = call(bases[worker] + path, body) if body is not None else call(bases[worker] + path)
            assert r.status_code in (200, 201), (path, r.status_code, r.text)
            return r.json()
        return do

    shared = scenario(via(lambda u, b: http.post(u, json=b), pair), via(lambda u, b: http.put(u, json=b), pair),
                      via(lambda u, b: http.patch(u, json=b), pair), via(http.get, pair))
    local = ("", "")
    memory = scenario(via(lambda u, b: client.post(u, json=b), local), via(lambda u, b: client.put(u, json=b), local),
                      via(lambda u, b: client.patch(u, json=b), local), via(client.get, local))
    assert shared[0] == memory[0]  # the export: weights, optimizer and generator state, curves, bit for bit
    strip = {"id"}
    assert {k: v for k, v in shared[1].items() if k not in strip} == {k: v for k, v in memory[1].items()
                                                                     if k not in strip}


def test_requests_reach_the_streaming_worker_within_a_frame_and_delete_ends_its_stream(pair, http):
    a, b = pair
    rid = http.post(a + "/api/v1/runs", json=SMALL).json()["id"]
    listener = Listener(http, f"{a}/api/v1/runs/{rid}/stream?speed=5")
    try:
        listener.wait_frames(5)
        assert listener.ids[-1] == str(listener.frames[-1][1]["step"])  # the frame's id is its step
        # a PATCH through B: its answer and A's next frames show the new rate
        seen = len(listener.frames)
        answer = http.patch(f"{b}/api/v1/runs/{rid}", json={"optimizer": {"name": "sgd", "lr": 0.05}})
        assert answer.status_code == 200 and answer.json()["experiment"]["optimizer"]["lr"] == 0.05
        listener.wait_frames(seen + 2)
        assert all(f["lr"] == 0.05 for _, f in listener.frames[seen + 1:])
        # a step through B is done on the live run: its answer is past every frame A sent before it
        before = listener.frames[-1][1]["step"]
        stepped = http.post(f"{b}/api/v1/runs/{rid}/step", json={"updates": 50}).json()
        assert stepped["step"] >= before + 50
        listener.wait_frames(len(listener.frames) + 2)
        assert listener.frames[-1][1]["step"] >= stepped["step"]
        # reads through B reflect the live run too
        assert http.get(f"{b}/api/v1/runs/{rid}").json()["step"] >= stepped["step"]
        # DELETE through B: A's stream ends within about a frame
        deleted_at = time.monotonic()
        assert http.delete(f"{b}/api/v1/runs/{rid}").status_code == 204
        deadline = time.monotonic() + 5
        while listener.end is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert listener.end == {"reason": "gone"}
        assert time.monotonic() - deleted_at < 1.0
        assert http.get(f"{a}/api/v1/runs/{rid}").status_code == 404
    finally:
        listener.stop()
    assert listener.error is None


def test_a_stopped_stream_saves_the_run_for_every_worker(pair, http):
    a, b = pair
    rid = http.post(a + "/api/v1/runs", json=SMALL).json()["id"]
    listener = Listener(http, f"{a}/api/v1/runs/{rid}/stream?speed=5")
    listener.wait_frames(8)
    listener.stop()
    time.sleep(0.5)  # A notices the client left at its next chunk, saves and lets go
    last = listener.frames[-1][1]["step"]
    state = http.get(f"{b}/api/v1/runs/{rid}").json()
    assert last <= state["step"] <= last + 2 * 5
    assert http.get(f"{a}/api/v1/runs/{rid}").json()["step"] == state["step"]


def test_one_run_streams_on_one_worker_at_a_time(pair, http):
    a, b = pair
    rid = http.post(a + "/api/v1/runs", json=SMALL).json()["id"]
    first = Listener(http, f"{a}/api/v1/runs/{rid}/stream?speed=5")
    try:
        first.wait_frames(3)
        second = Listener(http, f"{b}/api/v1/runs/{rid}/stream?speed=5")
        # B waits for the run (A holds it); when A's client leaves, B takes over from A's saved state
        time.sleep(0.5)
        assert second.frames == []
        first.stop()
        second.wait_frames(3)
        assert second.frames[0][1]["step"] >= first.frames[-1][1]["step"]
        second.stop()
    finally:
        first.stop()


def test_kill_9_of_the_streaming_worker_loses_at_most_a_second_and_the_stream_resumes(redis_url, http):
    url = db_url(redis_url, 2)
    data = tempfile.mkdtemp(prefix="nnlab-workers-")
    (pa, a), (pb, b) = start_worker(url, data), start_worker(url, data)
    try:
        rid = http.post(b + "/api/v1/runs", json=SMALL).json()["id"]
        listener = Listener(http, f"{a}/api/v1/runs/{rid}/stream?speed=5")
        listener.wait_frames(40)
        os.killpg(pa.pid, signal.SIGKILL)
        killed = time.monotonic()
        pa.wait()
        listener.stop(timeout=2)
        frames = [(t, f) for t, f in listener.frames if t <= killed]
        last_time, last = frames[-1]
        second_ago = [f for t, f in frames if t <= last_time - 1.0]
        per_second = last["step"] - second_ago[-1]["step"]  # updates A made in its last second
        resumed = Listener(http, f"{b}/api/v1/runs/{rid}/stream?speed=5",
                           headers={"Last-Event-ID": listener.ids[len(frames) - 1]})
        try:
            resumed.wait_frames(3, timeout=10)  # after A's lease ran out (3 s)
            first = resumed.frames[0][1]
            lost = last["step"] - first["step"]
            assert lost <= per_second + 5, (lost, per_second)
            assert resumed.frames[-1][1]["step"] > first["step"]  # training goes on, on B
        finally:
            resumed.stop()
        assert resumed.error is None
    finally:
        stop_worker(pa)
        stop_worker(pb)


def test_uvicorn_with_two_workers_on_one_port_serves_runs_and_streams(redis_url, http):
    url = db_url(redis_url, 3)
    proc, base = start_worker(url, tempfile.mkdtemp(prefix="nnlab-workers-"), workers=2)
    try:
        rid = http.post(base + "/api/v1/runs", json=SMALL).json()["id"]
        for _ in range(6):  # new connections: the kernel spreads them over both workers
            with httpx.Client(timeout=30, cookies=http.cookies) as fresh:
                assert fresh.post(f"{base}/api/v1/runs/{rid}/step", json={"updates": 5}).status_code == 200
        listener = Listener(http, f"{base}/api/v1/runs/{rid}/stream?speed=5")
        listener.wait_frames(3)
        assert listener.frames[0][1]["step"] == 30
        with httpx.Client(timeout=30, cookies=http.cookies) as fresh:
            assert fresh.delete(f"{base}/api/v1/runs/{rid}").status_code == 204
        deadline = time.monotonic() + 5
        while listener.end is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert listener.end == {"reason": "gone"}
    finally:
        stop_worker(proc)


def test_streams_left_at_once_let_go_of_their_run(pair, http):
    a, b = pair
    rid = http.post(a + "/api/v1/runs", json=SMALL).json()["id"]
    for _ in range(5):  # the client goes away as soon as the stream is answered, before or while A takes the run
        with http.stream("GET", f"{a}/api/v1/runs/{rid}/stream?speed=5") as r:
            assert r.status_code == 200
    taken_at = time.monotonic()
    listener = Listener(http, f"{b}/api/v1/runs/{rid}/stream?speed=5")
    try:
        listener.wait_frames(2, timeout=10)
        assert listener.end is None and listener.frames
        assert listener.frames[0][0] - taken_at < 3.0  # A let go: B did not wait for a lease to run out
    finally:
        listener.stop()


def test_the_stream_quota_of_a_session_holds_over_all_workers(pair, http):
    a, b = pair
    ids = [http.post(a + "/api/v1/runs", json=SMALL).json()["id"] for _ in range(5)]
    listeners = [Listener(http, f"{a if i % 2 else b}/api/v1/runs/{rid}/stream?speed=1") for i, rid in
                 enumerate(ids[:4])]  # the default quota: 4 a session, two on each worker
    try:
        for listener in listeners:
            listener.wait_frames(1)
        for base in (a, b):
            r = http.get(f"{base}/api/v1/runs/{ids[4]}/stream")
            assert r.status_code == 429 and r.headers["retry-after"]
        listeners[0].stop()
        time.sleep(0.5)  # its worker notices at its next chunk
        fifth = Listener(http, f"{a}/api/v1/runs/{ids[4]}/stream?speed=1")
        fifth.wait_frames(1)
        fifth.stop()
    finally:
        for listener in listeners:
            listener.stop()
