"""Import is a schema, not a trust: thousands of mutated exports never get a 5xx, and every document the server
accepts exports, steps and streams like any run.

Each example takes a real export (several experiments, trained to different points) and mutates one place in it:
a number made huge, negative, fractional, non-finite or out of range, a value of the wrong type, a key removed
or added, a list shortened, lengthened or nested deeper. The document goes to POST /api/v1/runs/import as JSON
text (NaN and Infinity written as the literals some JSON writers emit, 1e400 as a number that overflows a double).
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.main import create_app
from app.runs import export, service
from app.runs.experiment import Experiment
from app.runs.run import Run

OVERFLOW = "__overflow__"  # written as 1e400 in the JSON text: parsed, it is infinite
EXPERIMENTS = [
    ({}, 7),
    ({"dataset": "moons", "optimizer": {"name": "adam", "lr": 0.01}, "batch_size": 8, "dropout": 0.3,
      "batchnorm": True}, 53),
    ({"dataset": "fruit", "hidden": [{"units": 3, "activation": "relu"}], "batch_size": 4,
      "optimizer": {"name": "momentum", "lr": 0.001}}, 12),
    ({"dataset": "blobs", "classes": 4, "loss": "cross_entropy", "optimizer": {"name": "rmsprop", "lr": 0.01},
      "schedule": {"name": "exponential", "decay": 0.01}, "augment_copies": 2}, 30),
    ({"dataset": "fruit", "hidden": [], "batch_size": 4, "optimizer": {"name": "sgd", "lr": 10}}, 40),  # diverges
]


def documents() -> list[dict]:
    docs = []
    for exp, updates in EXPERIMENTS:
        run = Run(Experiment.model_validate(exp))
        run.train(updates)
        if len(run.parts["test"][0]):
            run.evaluate_test()
        docs.append(json.loads(json.dumps(export.export(run))))
    return docs


DOCS = documents()
BAD_VALUES = st.sampled_from([
    -1, 0, 1, 2, 3, 0.5, -0.5, 2**31, 2**53 + 1, 2**63, 2**64, 10**19, 10**400, -(10**30), 1e308, -1e308, 5e-324,
    float("nan"), float("inf"), float("-inf"), OVERFLOW, True, False, None, "", "0", "1e3", "²", "x" * 1000, [], {},
    [[[[1.0]]]], [0] * 50, {"extra": 1}, "NaN",
])


def paths(doc, prefix=()):
    """Every place in the document: dict keys and list indices (the first few of a long list)."""
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc[:3]):
            yield from paths(v, (*prefix, i))
        if len(doc) > 3:
            yield from paths(doc[-1], (*prefix, len(doc) - 1))


def deep(depth: int) -> str:
    """A placeholder for a list nested `depth` deep, written into the JSON text by as_text (too deep for a Python
    value that json.dumps could write)."""
    return f"__deep_{depth}__"


@st.composite
def mutated(draw):
    doc = json.loads(json.dumps(draw(st.sampled_from(DOCS))))
    where = draw(st.sampled_from(list(paths(doc))))
    kind = draw(st.sampled_from(["replace", "replace", "replace", "delete", "add_key", "grow", "shrink", "nest"]))
    parent, key = (None, None) if not where else (_at(doc, where[:-1]), where[-1])
    target = _at(doc, where)
    if kind == "replace" and parent is not None:
        parent[key] = draw(BAD_VALUES)
    elif kind == "delete" and parent is not None:
        del parent[key]
    elif kind == "add_key" and isinstance(target, dict):
        target[draw(st.sampled_from(["extra", "x", "__proto__", "weight"]))] = draw(BAD_VALUES)
    elif kind == "grow" and isinstance(target, list):
        target.append(target[-1] if target else 1.0)
    elif kind == "shrink" and isinstance(target, list) and target:
        target.pop()
    elif kind == "nest" and parent is not None:
        parent[key] = deep(draw(st.sampled_from([2, 5, 900, 5000])))
    else:  # nothing to do at this place: replace the whole value of a random top-level key
        doc[draw(st.sampled_from(sorted(doc)))] = draw(BAD_VALUES)
    return doc


def _at(doc, path):
    for key in path:
        doc = doc[key]
    return doc


def as_text(doc) -> str:
    text = json.dumps(doc, allow_nan=True)  # NaN, Infinity, -Infinity as literals
    for depth in (2, 5, 900, 5000):
        text = text.replace(json.dumps(deep(depth)), "[" * depth + "1.0" + "]" * depth)
    return text.replace(json.dumps(OVERFLOW), "1e400")


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as c:
        yield c


def test_the_unmutated_exports_import_and_continue(client):
    for doc in DOCS:
        r = client.post("/api/v1/runs/import", content=as_text(doc), headers={"content-type": "application/json"})
        assert r.status_code == 201, r.text


@settings(max_examples=1500, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(doc=mutated())
def test_mutated_exports_never_get_a_5xx_and_accepted_ones_work(client, doc):
    r = client.post("/api/v1/runs/import", content=as_text(doc), headers={"content-type": "application/json"})
    assert r.status_code in (201, 413, 422), (r.status_code, r.text[:500])
    assert "Traceback" not in r.text
    if r.status_code != 201:
        return
    run_id = r.json()["id"]
    exported = client.get(f"/api/v1/runs/{run_id}/export")
    assert exported.status_code == 200
    json.loads(exported.text)  # strict JSON: no NaN, no Infinity
    step = client.post(f"/api/v1/runs/{run_id}/step", json={"updates": 3})
    assert step.status_code == 200, step.text[:500]
    # The stream's frames, as its chunks make them (the endless stream itself is tested on a real server).
    run = service.get(client.app.state.runs, _session(client), run_id)
    slices = service.FrameMaker(run).chunk(2)
    while True:
        try:
            next(slices)
        except StopIteration as done:
            json.loads(done.value.split("data: ", 1)[1])
            break
    client.delete(f"/api/v1/runs/{run_id}")


def _session(client) -> str:
    cookie = client.cookies.get("nnlab_session")
    return cookie.split(".")[0]
