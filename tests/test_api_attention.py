"""POST /api/v1/attention: the formula written out in NumPy, the causal mask (null scores, zero weights), every
bound and every rule across fields as a 422 naming its field, the schema's example, the compute pool.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.main import create_app
from app.openapi import ATTENTION

rng = np.random.default_rng(0)
Q, K, V = rng.normal(size=(3, 4)), rng.normal(size=(5, 4)), rng.normal(size=(5, 2))


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app())


def strict_json(text: str):
    def refuse(token):
        raise AssertionError(f"non-finite JSON token {token}")
    return json.loads(text, parse_constant=refuse)


def post(client, body, status=200):
    r = client.post("/api/v1/attention", json=body)
    assert r.status_code == status, r.text[:2000]
    return strict_json(r.text)


def softmax_rows(s):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("scale", [True, False])
def test_attention_is_softmax_of_scaled_scores_times_v(client, scale):
    out = post(client, {"q": Q.tolist(), "k": K.tolist(), "v": V.tolist(), "scale": scale})
    s = Q @ K.T / (math.sqrt(4) if scale else 1.0)
    np.testing.assert_allclose(out["scores"], s, rtol=1e-12)
    np.testing.assert_allclose(out["weights"], softmax_rows(s), rtol=1e-12)
    np.testing.assert_allclose(out["output"], softmax_rows(s) @ V, rtol=1e-12)
    assert np.array(out["output"]).shape == (3, 2)


def test_scale_is_the_default(client):
    body = {"q": Q.tolist(), "k": K.tolist(), "v": V.tolist()}
    assert post(client, body) == post(client, {**body, "scale": True, "causal": False})


def test_causal_scores_above_the_diagonal_are_null_and_their_weights_zero(client):
    q, k, v = Q[:3], K[:3], V[:3]
    out = post(client, {"q": q.tolist(), "k": k.tolist(), "v": v.tolist(), "causal": True})
    s = q @ k.T / 2
    for i in range(3):
        assert out["scores"][i][i + 1:] == [None] * (2 - i)
        np.testing.assert_allclose(out["scores"][i][:i + 1], s[i, :i + 1], rtol=1e-12)
        np.testing.assert_allclose(out["weights"][i][:i + 1], softmax_rows(s[i:i + 1, :i + 1])[0], rtol=1e-12)
        assert out["weights"][i][i + 1:] == [0.0] * (2 - i)
    assert out["output"][0] == pytest.approx(v[0].tolist(), rel=1e-12)  # query 0 sees key 0 alone


def test_schema_example_answers_200_and_documents_the_bounds(client):
    spec = client.get(client.app.openapi_url).json()
    example = spec["paths"]["/api/v1/attention"]["post"]["requestBody"]["content"]["application/json"]["examples"]
    assert example["causal"]["value"] == ATTENTION
    out = post(client, ATTENTION)
    assert out["scores"][0][1:] == [None, None] and out["weights"][0] == [1, 0, 0]
    schemas = spec["components"]["schemas"]
    for name in ("q", "k", "v"):
        field = schemas["AttentionRequest"]["properties"][name]
        assert field["maxItems"] == 64 and field["items"]["maxItems"] == 64 and field["minItems"] == 1
        assert field["items"]["items"]["maximum"] == 1e6 and "1..64" in field["description"]
    scores = schemas["AttentionResponse"]["properties"]["scores"]
    assert "null" in scores["description"] and {"type": "null"} in scores["items"]["items"]["anyOf"]


def body_with(**changes):
    return {"q": Q.tolist(), "k": K.tolist(), "v": V.tolist(), **changes}


BAD = [
    # (name, body, expected loc, words the message must contain)
    ("65 queries", body_with(q=[[1.0] * 4] * 65), ["body", "q"], "64"),
    ("65 keys", body_with(k=[[1.0] * 4] * 65, v=[[1.0]] * 65), ["body", "k"], "64"),
    ("d_k of 65", body_with(q=[[1.0] * 65], k=[[1.0] * 65]), ["body", "q", 0], "64"),
    ("d_v of 65", body_with(v=[[1.0] * 65] * 5), ["body", "v", 0], "64"),
    ("no queries", body_with(q=[]), ["body", "q"], "1"),
    ("an empty row", body_with(v=[[]] * 5), ["body", "v", 0], "1"),
    ("a number too big", body_with(k=[[2e6] * 4] * 5), ["body", "k", 0, 0], "1000000"),
    ("a number as text", body_with(q=[["1"] * 4] * 3), ["body", "q", 0, 0], "valid number"),
    ("scale as text", body_with(scale="yes"), ["body", "scale"], "valid boolean"),
    ("causal as 1", body_with(causal=1), ["body", "causal"], "valid boolean"),
    ("an unknown key", body_with(heads=2), ["body", "heads"], "not permitted"),
    ("q missing", {"k": K.tolist(), "v": V.tolist()}, ["body", "q"], "required"),
    # rules across fields
    ("ragged q", body_with(q=[[1.0] * 4, [1.0] * 3, [1.0] * 4]), ["body", "q", 1], "4 numbers"),
    ("k of another d_k than q", body_with(k=[[1.0] * 3] * 5), ["body", "k"], "d_k"),
    ("v of another length than k", body_with(v=[[1.0]] * 4), ["body", "v"], "5 rows"),
    ("causal with Tq != Tk", body_with(causal=True), ["body", "causal"], "Tq = 3 and Tk = 5"),
]


@pytest.mark.parametrize(("body", "loc", "words"), [case[1:] for case in BAD], ids=[c[0] for c in BAD])
def test_bad_attention_input_is_422_naming_the_field(client, body, loc, words):
    out = post(client, body, status=422)
    hits = [e for e in out["detail"] if e["loc"] == loc]
    assert hits, f"no error at {loc}: {out['detail']}"
    assert any(words in e["msg"] for e in hits), hits


@pytest.mark.parametrize("raw", ["1e400", "NaN", "-Infinity"])
def test_non_finite_number_is_422_not_500(client, raw):
    text = json.dumps(body_with(q=[[12345.0] * 4] * 3)).replace("12345.0", raw, 1)
    r = client.post("/api/v1/attention", content=text, headers={"content-type": "application/json"})
    assert r.status_code == 422 and strict_json(r.text)["detail"][0]["loc"] == ["body", "q", 0, 0]


def test_largest_numbers_allowed_give_finite_answers(client):
    big = [[1e6] * 64] * 64
    out = post(client, {"q": big, "k": [[-1e6] * 64] * 64, "v": big, "causal": True})
    assert all(math.isfinite(w) for row in out["weights"] for w in row)
    assert out["output"][63] == pytest.approx([1e6] * 64)


def test_attention_runs_in_the_compute_pool(client):
    pool = client.app.state.compute
    before = pool.busy_seconds
    post(client, {"q": [[1.0] * 64] * 64, "k": [[0.5] * 64] * 64, "v": [[1.0] * 64] * 64})
    assert pool.busy_seconds > before


MATRIX = st.integers(1, 6).flatmap(lambda t: st.integers(1, 5).flatmap(
    lambda d: st.lists(st.lists(st.floats(-50, 50), min_size=d, max_size=d), min_size=t, max_size=t)))


@given(q=MATRIX, k=MATRIX, v=MATRIX, scale=st.booleans(), causal=st.booleans())
@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_weights_rows_sum_to_one_or_the_shapes_are_named(client, q, k, v, scale, causal):
    r = client.post("/api/v1/attention", json={"q": q, "k": k, "v": v, "scale": scale, "causal": causal})
    out = strict_json(r.text)
    fits = len(q[0]) == len(k[0]) and len(k) == len(v) and (not causal or len(q) == len(k))
    if not fits:
        assert r.status_code == 422 and {e["type"] for e in out["detail"]} == {"value_error"}
        return
    assert r.status_code == 200
    weights = np.array(out["weights"])
    assert weights.shape == (len(q), len(k)) and np.array(out["output"]).shape == (len(q), len(v[0]))
    np.testing.assert_allclose(weights.sum(axis=1), 1.0, rtol=1e-12)
    hidden = np.array([[s is None for s in row] for row in out["scores"]])
    assert np.array_equal(hidden, np.triu(np.ones_like(hidden), 1) if causal else np.zeros_like(hidden))
    assert np.all(weights[hidden] == 0)
