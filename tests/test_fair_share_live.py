"""A class shares one server: limits and fair shares against a real uvicorn on loopback.

Costly requests are refused before they start (422 naming the largest allowed value), bodies are bounded before
they are parsed (413), a session's streams and requests are capped (429 with Retry-After), a stream ends when its
run is deleted, and pages and /healthz answer while heavy work runs.
"""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest
from httpx_sse import connect_sse

# The largest network the runs API allows, with the batch the activation cap allows for it.
MAX_NET = {"dataset": "circle", "n": 2000, "features": ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2"],
           "hidden": [{"units": 64, "activation": "elu"}] * 20, "batchnorm": True, "dropout": 0.5,
           "augment_copies": 10, "batch_size": 200, "optimizer": {"name": "adam", "lr": 0.001}}
SMALL = {"dataset": "circle", "n": 100, "batch_size": 10, "hidden": [{"units": 8, "activation": "tanh"}]}


@pytest.fixture
def client(live_server):
    with httpx.Client(base_url=live_server, timeout=30) as c:
        c.get("/healthz")
        yield c


def new_run(client, exp=SMALL) -> str:
    r = client.post("/api/v1/runs", json=exp)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_a_step_beyond_the_work_ceiling_is_refused_naming_the_largest_allowed(client):
    big = {**MAX_NET, "batch_size": 2000}
    r = client.post("/api/v1/runs", json=big)
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "batch_size"] and "at most 203" in r.json()["detail"][0]["msg"]
    run_id = new_run(client, MAX_NET)
    r = client.post(f"/api/v1/runs/{run_id}/step", json={"updates": 10_000})
    assert r.status_code == 422
    detail = r.json()["detail"][0]
    assert detail["loc"] == ["body", "updates"]
    largest = int(detail["msg"].split("at most ")[1].split()[0])
    assert 1 <= largest < 500
    start = time.monotonic()
    assert client.post(f"/api/v1/runs/{run_id}/step", json={"updates": largest}).status_code == 200
    assert time.monotonic() - start < 10  # the ceiling is about 1.5 s of work; generous for a loaded CI machine


def test_a_train_request_beyond_the_ceiling_names_the_most_epochs(client):
    req = {"network": {"inputs": 64, "layers": [{"units": 64, "activation": "relu"}] * 7 + [{"units": 1}]},
           "data": {"x": [[0.5] * 64] * 2000, "y": [1.0] * 2000}, "loss": "mse",
           "optimizer": {"name": "sgd", "lr": 0.001}, "batch_size": 2000, "epochs": 600}
    r = client.post("/api/v1/train", json=req)
    assert r.status_code in (413, 422)  # 2,000 rows of 64 numbers are over 256 KB: refused before parsing
    req["data"] = {"x": [[0.5] * 64] * 300, "y": [1.0] * 300}
    req["batch_size"] = 300
    r = client.post("/api/v1/train", json=req)
    assert r.status_code == 422
    detail = r.json()["detail"][0]
    assert detail["loc"] == ["body", "epochs"] and "at most" in detail["msg"]


def test_bodies_over_the_limit_are_refused_before_parsing(client):
    big = b'{"x": [' + b"1," * 200_000 + b"1]}"
    start = time.monotonic()
    r = client.post("/api/v1/trace", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["limit"] == 256 * 1024
    assert time.monotonic() - start < 2
    # Sent in chunks without a length: counted as it arrives.
    r = client.post("/api/v1/trace", content=iter([b"[" + b"0," * 50_000] * 4),
                    headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert client.get("/healthz").status_code == 200


def test_a_session_may_hold_only_a_few_streams(client, live_server):
    ids = [new_run(client) for _ in range(5)]
    opened, readers = [], []  # a reader let go closes its response, and with it the stream
    try:
        for run_id in ids[:4]:
            cm = connect_sse(client, "GET", f"/api/v1/runs/{run_id}/stream?speed=1")
            opened.append(cm)
            readers.append(cm.__enter__().iter_sse())
            assert next(readers[-1]).event == "frame"
        with client.stream("GET", f"/api/v1/runs/{ids[4]}/stream") as r:
            assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        with httpx.Client(base_url=live_server) as other:  # another session is not affected
            run_id = new_run(other)
            with connect_sse(other, "GET", f"/api/v1/runs/{run_id}/stream") as source:
                assert next(source.iter_sse()).event == "frame"
    finally:
        for cm in opened:
            cm.__exit__(None, None, None)
    time.sleep(0.3)  # the server sees the disconnects and frees the quota
    with connect_sse(client, "GET", f"/api/v1/runs/{ids[4]}/stream") as source:
        assert next(source.iter_sse()).event == "frame"


def test_deleting_a_run_ends_its_stream(client):
    run_id = new_run(client)
    events = []
    with connect_sse(client, "GET", f"/api/v1/runs/{run_id}/stream?speed=1") as source:
        for event in source.iter_sse():
            events.append(event)
            if len(events) == 3:
                assert client.delete(f"/api/v1/runs/{run_id}").status_code == 204
            if event.event == "end":
                break
            assert len(events) < 10, "the stream went on after its run was deleted"
    assert events[-1].event == "end" and json.loads(events[-1].data) == {"reason": "gone"}


def test_too_many_requests_from_one_session_get_429_and_others_are_served(client, live_server):
    run_id = new_run(client, MAX_NET)
    r = client.post(f"/api/v1/runs/{run_id}/step", json={"updates": 10_000})
    largest = int(r.json()["detail"][0]["msg"].split("at most ")[1].split()[0])
    statuses = []

    def hammer():
        statuses.append(client.post(f"/api/v1/runs/{run_id}/step", json={"updates": largest}).status_code)

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    timings = []
    with httpx.Client(base_url=live_server, timeout=30) as other:
        for path in ("/healthz", "/lessons/backprop", "/static/css/nnlab.css", "/healthz"):
            start = time.monotonic()
            assert other.get(path).status_code == 200
            timings.append(time.monotonic() - start)
    for t in threads:
        t.join()
    assert statuses.count(429) >= 4 and set(statuses) <= {200, 429}
    assert max(timings) < 2.0, timings  # pages never wait behind training (p99 is measured by the benchmark)
