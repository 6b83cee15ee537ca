"""The training stream against a real uvicorn on loopback (in-process clients hang on endless streams)."""

from __future__ import annotations

import json
import math
import time

import httpx
import pytest
from httpx_sse import connect_sse

SMALL = {"dataset": "circle", "n": 100, "batch_size": 10, "hidden": [{"units": 8, "activation": "tanh"}]}


def frames(client: httpx.Client, url: str, count: int, timeout: float = 10.0):
    out = []
    with connect_sse(client, "GET", url, timeout=timeout) as source:
        assert source.response.headers["content-type"].startswith("text/event-stream")
        assert "content-encoding" not in source.response.headers
        for event in source.iter_sse():
            assert event.event == "frame"
            out.append((time.monotonic(), json.loads(event.data)))
            if len(out) == count or out[-1][1]["status"] == "diverged":
                break
    return out


@pytest.fixture
def client(live_server):
    with httpx.Client(base_url=live_server, headers={"Accept-Encoding": "gzip"}) as c:
        yield c


def test_stream_trains_while_connected_and_stops_after(client):
    run_id = client.post("/api/v1/runs", json=SMALL).json()["id"]
    got = frames(client, f"/api/v1/runs/{run_id}/stream?speed=5", 12)
    first = got[0][1]
    assert first["step"] == 0 and "grid" in first and "network" in first
    steps = [f["step"] for _, f in got]
    assert steps == sorted(steps) and steps[-1] >= 5 * 10
    sent = [s for _, f in got for s in f["loss_step"]]
    assert sent == list(range(1, steps[-1] + 1))  # every update's loss arrives once, in order
    for _, f in got:
        assert {"step", "epoch", "loss", "val_loss", "lr", "status"} <= f.keys()
    span = got[-1][0] - got[1][0]
    assert len(got) - 2 <= 20 * span + 1  # at most ~20 frames a second
    # Disconnected: training stops within one chunk.
    time.sleep(0.3)
    step_after = client.get(f"/api/v1/runs/{run_id}").json()["step"]
    time.sleep(0.5)
    assert client.get(f"/api/v1/runs/{run_id}").json()["step"] == step_after
    assert step_after <= steps[-1] + 2 * 5


def test_stream_of_a_diverging_run_ends_with_status_and_no_nan(client):
    bad = {"dataset": "fruit", "hidden": [], "batch_size": 4, "optimizer": {"name": "sgd", "lr": 10}}
    run_id = client.post("/api/v1/runs", json=bad).json()["id"]
    got = frames(client, f"/api/v1/runs/{run_id}/stream?speed=50", 100)
    last = got[-1][1]
    assert last["status"] == "diverged" and last["diverged_at"] >= 1
    for _, f in got:
        assert all(v is None or math.isfinite(v) for v in f["loss"])
    assert client.get(f"/api/v1/runs/{run_id}").json()["status"] == "diverged"


def test_stream_of_another_sessions_run_is_404(client, live_server):
    run_id = client.post("/api/v1/runs", json=SMALL).json()["id"]
    with httpx.Client(base_url=live_server) as stranger:
        assert stranger.get(f"/api/v1/runs/{run_id}/stream").status_code == 404


def test_first_frame_arrives_at_once(client):
    run_id = client.post("/api/v1/runs", json=SMALL).json()["id"]
    start = time.monotonic()
    got = frames(client, f"/api/v1/runs/{run_id}/stream", 1)
    assert got[0][0] - start < 1.0


def test_an_imported_run_streams_on_from_where_it_was(client):
    run_id = client.post("/api/v1/runs", json=SMALL).json()["id"]
    client.post(f"/api/v1/runs/{run_id}/step", json={"updates": 25})
    doc = client.get(f"/api/v1/runs/{run_id}/export").json()
    copy = client.post("/api/v1/runs/import", json=doc)
    assert copy.status_code == 201
    got = frames(client, f"/api/v1/runs/{copy.json()['id']}/stream?speed=5", 3)
    assert got[0][1]["step"] == 25 and got[-1][1]["step"] > 25


def test_a_stream_with_until_stops_exactly_there_and_says_so(client):
    """A lesson that trains 12 updates at 5 a frame asks for until=12: frames at 0, 5, 10, 12, then `end`
    {reason: until}; the run is at step 12, not one chunk beyond."""
    run_id = client.post("/api/v1/runs", json=SMALL).json()["id"]
    events = []
    with connect_sse(client, "GET", f"/api/v1/runs/{run_id}/stream?speed=5&until=12", timeout=10) as source:
        for event in source.iter_sse():
            events.append((event.event, json.loads(event.data)))
            if event.event == "end":
                break
    assert [data["step"] for name, data in events if name == "frame"] == [0, 5, 10, 12]
    assert events[-1] == ("end", {"reason": "until"})
    assert client.get(f"/api/v1/runs/{run_id}").json()["step"] == 12
