"""JSON API v1 (/api/v1/trace, /api/v1/train) through HTTP: lecture numbers, update rules, bounds, determinism.

Expected values come from the lecture (L1) or from NumPy computations written out here, never from the API.
"""

from __future__ import annotations

import copy
import json
import math

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from nnlib import activations, data, initializers, losses, optimizers, regularizers, schedules

# The lecture's L1 network (weight rows are units, as in PyTorch: weight[j][k] = w_{i,j+1,k+1}).
L1_NETWORK = {"inputs": 1, "layers": [
    {"units": 2, "activation": "relu", "weight": [[20], [40]], "bias": [-10, -200]},
    {"units": 1, "activation": "relu", "weight": [[1, -1]], "bias": [0]},
]}
L1_TRACE = {"network": L1_NETWORK, "x": [[4]], "y": [75], "loss": "mse"}

# A tiny regression net for the update-rule tests: 1 -> 2 (tanh) -> 1.
W1, B1 = np.array([[0.5], [-0.3]]), np.array([0.1, 0.2])
W2, B2 = np.array([[0.7, -0.4]]), np.array([0.05])
X = np.array([[0.5], [1.0], [-1.5], [2.0], [0.25]])
Y = np.array([0.3, 0.9, -0.8, 1.1, 0.2])
TINY_NETWORK = {"inputs": 1, "layers": [
    {"units": 2, "activation": "tanh", "weight": W1.tolist(), "bias": B1.tolist()},
    {"units": 1, "weight": W2.tolist(), "bias": B2.tolist()},
]}
TRAIN = {"network": TINY_NETWORK, "data": {"x": X.tolist(), "y": Y.tolist()}, "loss": "mse",
         "optimizer": {"name": "sgd", "lr": 0.1}, "batch_size": 2, "epochs": 1, "shuffle": False}


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app())


def strict_json(text: str):
    """Parse JSON refusing the NaN / Infinity tokens Python's json would accept."""
    def refuse(token):
        raise AssertionError(f"non-finite JSON token {token}")
    return json.loads(text, parse_constant=refuse)


def post(client, path, body, status=200):
    r = client.post(f"/api/v1/{path}", json=body)
    assert r.status_code == status, r.text
    return strict_json(r.text)


def locs(body) -> list[list]:
    return [e["loc"] for e in body["detail"]]


# ---------------------------------------------------------------- trace

def test_trace_matches_lecture_example(client):
    out = post(client, "trace", L1_TRACE)
    assert out["loss"] == 25 and out["data_loss"] == 25 and out["penalty"] == 0
    assert out["output"] == [[70]]
    first, second = out["layers"]
    assert first["z"] == [[70, -40]] and first["a"] == [[70, 0]]
    assert second["grad_a"] == [[-10]]  # dL/dy21 = 2 y21 - 2 y_true
    assert second["grad_weight"] == [[-700, 0]] and second["grad_bias"] == [-10]
    assert first["grad_weight"] == [[-40], [0]] and first["grad_bias"] == [-10, 0]
    assert [layer["index"] for layer in out["layers"]] == [0, 1]


def test_whole_numbers_are_integers_however_written(client):
    # JSON has one number type: 1.0 is the integer 1 (JSON Schema's "integer"); 1.5 and "1" are not.
    raw = json.dumps({**L1_TRACE, "network": {**L1_NETWORK, "inputs": 1.0}, "seed": 0.0})
    r = client.post("/api/v1/trace", content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    assert strict_json(r.text)["loss"] == post(client, "trace", L1_TRACE)["loss"]
    for inputs in (1.5, "1", True):
        bad = {**L1_TRACE, "network": {**L1_NETWORK, "inputs": inputs}}
        assert locs(post(client, "trace", bad, 422)) == [["body", "network", "inputs"]]


def test_trace_adds_the_l2_penalty_and_its_gradient(client):
    lam = 0.001
    out = post(client, "trace", {**L1_TRACE, "regularization": {"kind": "l2", "lambda": lam}})
    sum_sq = 20**2 + 40**2 + 1**2 + (-1) ** 2  # weights only, not biases
    assert out["penalty"] == pytest.approx(lam * sum_sq, rel=1e-12)
    assert out["loss"] == pytest.approx(25 + lam * sum_sq, rel=1e-12)
    # dL/dw = lecture's gradient + 2 lambda w
    np.testing.assert_allclose(out["layers"][1]["grad_weight"], [[-700 + 2 * lam, -2 * lam]], rtol=1e-12)
    np.testing.assert_allclose(out["layers"][0]["grad_weight"], [[-40 + 2 * lam * 20], [2 * lam * 40]], rtol=1e-12)
    assert out["layers"][0]["grad_bias"] == [-10, 0]


def test_trace_fills_missing_weights_from_init_and_seed(client):
    body = {"network": {"inputs": 3, "layers": [{"units": 4, "activation": "tanh"}, {"units": 1}]},
            "x": [[1, 2, 3]], "y": [0.5], "loss": "mse", "init": "xavier_uniform", "seed": 7}
    net = post(client, "trace", body)["network"]
    w = np.array(net["layers"][0]["weight"])
    assert w.shape == (4, 3) and np.all(np.abs(w) <= math.sqrt(6 / (3 + 4)))  # Xavier uniform bound
    assert net["layers"][0]["bias"] == [0, 0, 0, 0]
    assert post(client, "trace", body)["network"] == net
    assert post(client, "trace", {**body, "seed": 8})["network"] != net


def test_trace_eval_mode_makes_dropout_the_identity(client):
    with_dropout = copy.deepcopy(L1_NETWORK)
    with_dropout["layers"].insert(1, {"type": "dropout", "p": 0.5})
    out = post(client, "trace", {**L1_TRACE, "network": with_dropout, "mode": "eval"})
    assert out["loss"] == 25 and out["layers"][1]["grad_weight"] == [[-700, 0]]
    assert [layer["index"] for layer in out["layers"]] == [0, 2]


def test_trace_train_mode_batchnorm_uses_batch_statistics(client):
    x = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]])
    w = np.array([[1.0, -1.0], [0.5, 2.0]])
    net = {"inputs": 2, "layers": [{"units": 2, "weight": w.tolist()}, {"type": "batchnorm"}]}
    out = post(client, "trace", {"network": net, "x": x.tolist(), "y": [[0, 0]] * 3, "loss": "mse"})
    z = x @ w.T
    expected = (z - z.mean(axis=0)) / np.sqrt(z.var(axis=0) + 1e-5)
    np.testing.assert_allclose(out["output"], expected, rtol=1e-12)


# ---------------------------------------------------------------- train: update rules

def _forward_backward(w1, b1, w2, b2, x, y):
    """The tiny net by hand: loss and gradients of mean((out - y)^2), out = tanh(x W1^T + b1) W2^T + b2."""
    a1 = np.tanh(x @ w1.T + b1)
    out = a1 @ w2.T + b2
    g_out = 2 * (out - y[:, None]) / len(x)
    g_z1 = (g_out @ w2) * (1 - a1**2)
    return float(np.mean((out - y[:, None]) ** 2)), g_z1.T @ x, g_z1.sum(0), g_out.T @ a1, g_out.sum(0)


@pytest.mark.parametrize("mu", [0.0, 0.9])
def test_train_sgd_follows_the_update_rule(client, mu):
    lr = 0.1
    body = {**TRAIN, "optimizer": {"name": "sgd", "lr": lr, "momentum": mu}}
    out = post(client, "train", body)
    # shuffle false: batches are x[0:2], x[2:4], x[4:5]; lecture's momentum v = mu v - lr g, w += v.
    params = [W1.copy(), B1.copy(), W2.copy(), B2.copy()]
    velocity = [np.zeros_like(p) for p in params]
    expected_loss = []
    for rows in (slice(0, 2), slice(2, 4), slice(4, 5)):
        loss, *grads = _forward_backward(*params, X[rows], Y[rows])
        expected_loss.append(loss)
        for p, v, g in zip(params, velocity, grads):
            v *= mu
            v -= lr * g
            p += v
    assert out["status"] == "ok" and out["diverged_at"] is None
    np.testing.assert_allclose(out["history"]["loss"], expected_loss, rtol=1e-12)
    np.testing.assert_allclose(out["history"]["epoch_loss"],
                               [(2 * expected_loss[0] + 2 * expected_loss[1] + expected_loss[2]) / 5], rtol=1e-12)
    assert out["history"]["lr"] == [lr] * 3
    dense = [layer for layer in out["network"]["layers"] if layer["type"] == "dense"]
    for got, want in zip([dense[0]["weight"], dense[0]["bias"], dense[1]["weight"], dense[1]["bias"]], params):
        np.testing.assert_allclose(got, want, rtol=1e-12)


def test_train_exponential_schedule_sets_each_updates_lr(client):
    body = {**TRAIN, "epochs": 2, "schedule": {"name": "exponential", "decay": 0.5}}
    lr = post(client, "train", body)["history"]["lr"]
    np.testing.assert_allclose(lr, [0.1 * math.exp(-0.5 * n) for n in range(6)], rtol=1e-12)


def test_train_full_batch_epoch_loss_is_the_first_loss_of_each_epoch(client):
    out = post(client, "train", {**TRAIN, "batch_size": 5, "epochs": 3})
    assert len(out["history"]["loss"]) == 3 and out["history"]["epoch_loss"] == out["history"]["loss"]
    assert out["history"]["loss"][0] == pytest.approx(_forward_backward(W1, B1, W2, B2, X, Y)[0], rel=1e-12)


@pytest.mark.parametrize("optimizer", list(optimizers.OPTIMIZERS))
@pytest.mark.parametrize("schedule", [None, {"name": "constant"}, {"name": "exponential", "decay": 0.01},
                                      {"name": "step", "step_size": 2, "gamma": 0.5}])
def test_every_optimizer_and_schedule_trains(client, optimizer, schedule):
    body = {**TRAIN, "optimizer": {"name": optimizer, "lr": 0.01}, "epochs": 2}
    if schedule:
        body["schedule"] = schedule
    out = post(client, "train", body)
    assert out["status"] == "ok" and len(out["history"]["loss"]) == 6
    first = np.array(out["network"]["layers"][0]["weight"])
    assert first.shape == (2, 1) and not np.array_equal(first, W1)  # the weights moved
    if schedule and schedule["name"] == "step":
        assert out["history"]["lr"] == [0.01, 0.01, 0.005, 0.005, 0.0025, 0.0025]


def _targets_for(loss: str, n: int, units: int, rng) -> list:
    if loss == "margin_ranking":
        return rng.choice([-1.0, 1.0], n).tolist()
    if loss in ("nll", "cross_entropy"):
        return rng.integers(0, units, n).tolist()
    if loss in ("bce", "kl_div"):
        return rng.dirichlet(np.ones(units), n).tolist()
    return rng.normal(size=(n, units)).tolist()


@pytest.mark.parametrize("loss", list(losses.LOSSES))
def test_every_loss_trains_and_the_result_round_trips_into_trace(client, loss):
    rng = np.random.default_rng(1)
    units = 2
    net = {"inputs": 3, "layers": [{"units": 4, "activation": "elu", "alpha": 0.5}, {"type": "batchnorm"},
                                   {"units": units, "activation": "sigmoid" if loss == "bce" else "identity"}]}
    x, y = rng.normal(size=(6, 3)).tolist(), _targets_for(loss, 6, units, rng)
    body = {"network": net, "data": {"x": x, "y": y}, "loss": loss, "optimizer": {"name": "adam", "lr": 0.01},
            "batch_size": 3, "epochs": 2, "regularization": {"kind": "l1", "lambda": 0.01}}
    trained = post(client, "train", body)
    assert trained["status"] == "ok" and len(trained["history"]["loss"]) == 4
    traced = post(client, "trace", {"network": trained["network"], "x": x, "y": y, "loss": loss, "mode": "eval"})
    assert traced["network"] == trained["network"]


# ---------------------------------------------------------------- train: data sets by name

def _net_for(dataset: str) -> tuple[dict, str]:
    ds = data.make(dataset, n=40, rng=np.random.default_rng(0))
    outputs, loss = (1, "mse") if ds.task == "regression" else (len(ds.classes), "cross_entropy")
    net = {"inputs": ds.x.shape[1], "layers": [{"units": 6, "activation": "tanh"}, {"units": outputs}]}
    return net, loss


@pytest.mark.parametrize("dataset", list(data.DATASETS))
def test_train_by_dataset_name_equals_sending_its_arrays(client, dataset):
    net, loss = _net_for(dataset)
    common = {"network": net, "loss": loss, "seed": 3, "optimizer": {"name": "adam", "lr": 0.01},
              "batch_size": 8, "epochs": 3}
    by_name = post(client, "train", {**common, "data": {"dataset": dataset, "n": 40, "noise": 0.2, "seed": 5}})
    ds = data.make(dataset, n=40, noise=0.2, rng=np.random.default_rng(5))
    by_arrays = post(client, "train", {**common, "data": {"x": ds.x.tolist(), "y": ds.y.tolist()}})
    assert by_name["status"] == "ok"
    assert len(by_name["history"]["loss"]) == 3 * math.ceil(len(ds) / 8)
    assert by_name == by_arrays


# ---------------------------------------------------------------- bounds: 422 naming the field

def _trace_with(**changes):
    body = copy.deepcopy(L1_TRACE)
    body.update(changes)
    return body


def _train_with(**changes):
    body = copy.deepcopy(TRAIN)
    body.update(changes)
    return body


def _network(layers, inputs=1):
    return {"inputs": inputs, "layers": layers}


BAD = [
    # (name, path, body, expected loc, words the message must contain)
    ("9 layers", "trace", _trace_with(network=_network([{"units": 1}] * 9)),
     ["body", "network", "layers"], "8"),
    ("65 units", "trace", _trace_with(network=_network([{"units": 65}])),
     ["body", "network", "layers", 0, "units"], "64"),
    ("65 inputs", "trace", _trace_with(network=_network([{"units": 1}], inputs=65)),
     ["body", "network", "inputs"], "64"),
    ("10,001 samples to trace", "trace", _trace_with(x=[[1.0]] * 10_001, y=[1.0] * 10_001),
     ["body", "x"], "10000"),
    ("10,001 samples to train", "train",
     _train_with(data={"x": [[1.0]] * 10_001, "y": [1.0] * 10_001}), ["body", "data", "x"], "10000"),
    ("10,001 samples by name", "train", _train_with(data={"dataset": "circle", "n": 10_001}),
     ["body", "data", "n"], "10000"),
    ("lr 0", "train", _train_with(optimizer={"name": "sgd", "lr": 0}), ["body", "optimizer", "lr"], "0"),
    ("lr 11", "train", _train_with(optimizer={"name": "sgd", "lr": 11}), ["body", "optimizer", "lr"], "10"),
    ("momentum 1", "train", _train_with(optimizer={"name": "sgd", "lr": 0.1, "momentum": 1}),
     ["body", "optimizer", "momentum"], "1"),
    ("momentum for adam", "train", _train_with(optimizer={"name": "adam", "lr": 0.1, "momentum": 0.5}),
     ["body", "optimizer", "momentum"], "adam"),
    ("lambda 11", "trace", _trace_with(regularization={"kind": "l2", "lambda": 11}),
     ["body", "regularization", "lambda"], "10"),
    ("dropout p 1", "trace", _trace_with(network=_network([{"type": "dropout", "p": 1}, {"units": 1}])),
     ["body", "network", "layers", 0, "p"], "1"),
    ("weight too big", "trace",
     _trace_with(network=_network([{"units": 1, "weight": [[2e6]]}])),
     ["body", "network", "layers", 0, "weight", 0, 0], "1000000"),
    ("a string as a number", "trace", _trace_with(x=[["4"]]), ["body", "x", 0, 0], "valid number"),
    ("true as a number", "trace", _trace_with(network=_network([{"units": 1, "weight": [[True]]}])),
     ["body", "network", "layers", 0, "weight", 0, 0], "valid number"),
    ("unknown activation", "trace", _trace_with(network=_network([{"units": 1, "activation": "gelu"}])),
     ["body", "network", "layers", 0, "activation"], "relu"),
    ("unknown layer type", "trace", _trace_with(network=_network([{"type": "conv"}])),
     ["body", "network", "layers", 0], "dense"),
    ("unknown loss", "trace", _trace_with(loss="hinge"), ["body", "loss"], "mse"),
    ("unknown dataset", "train", _train_with(data={"dataset": "mnist"}), ["body", "data", "dataset"], "iris"),
    ("unknown key", "train", _train_with(epoch=3), ["body", "epoch"], "not permitted"),
    ("alpha for relu", "trace", _trace_with(network=_network([{"units": 1, "activation": "relu", "alpha": 0.1}])),
     ["body", "network", "layers", 0, "alpha"], "leaky_relu"),
    ("weight wrong shape", "trace", _trace_with(network=_network([
        {"units": 2, "weight": [[20], [40]]}, {"units": 1, "weight": [[1, -1, 0]]}])),
     ["body", "network", "layers", 1, "weight", 0], "2"),
    ("weight wrong rows", "trace", _trace_with(network=_network([{"units": 2, "weight": [[20]]}, {"units": 1}])),
     ["body", "network", "layers", 0, "weight"], "2 rows"),
    ("bias wrong length", "trace", _trace_with(network=_network([{"units": 2, "bias": [1]}, {"units": 1}])),
     ["body", "network", "layers", 0, "bias"], "2"),
    ("x rows vs inputs", "trace", _trace_with(x=[[4, 5]]), ["body", "x", 0], "1 numbers"),
    ("y length", "trace", _trace_with(y=[75, 1]), ["body", "y"], "1 targets"),
    ("y ragged rows", "train", _train_with(data={"x": [[1], [2]], "y": [[1, 2], [3]]}), ["body", "data", "y", 1],
     "2 numbers"),
    ("class index out of range", "trace",
     _trace_with(network=_network([{"units": 3}]), loss="cross_entropy", y=[3]), ["body", "y"], "0..2"),
    ("class index not an integer", "trace",
     _trace_with(network=_network([{"units": 3}]), loss="nll", y=[0.5]), ["body", "y"], "integers"),
    ("bce target outside [0, 1]", "trace",
     _trace_with(network=_network([{"units": 1, "activation": "sigmoid"}]), loss="bce", y=[2]),
     ["body", "y"], "[0, 1]"),
    ("output units vs targets", "trace", _trace_with(y=[[1, 2]]), ["body", "y"], "(1, 1)"),
    ("margin_ranking needs 2 outputs", "trace", _trace_with(loss="margin_ranking", y=[1]), ["body", "loss"], "2"),
    ("margin for mse", "trace", _trace_with(margin=1), ["body", "margin"], "margin_ranking"),
    ("batchnorm with one sample", "trace",
     _trace_with(network=_network([{"units": 1}, {"type": "batchnorm"}])), ["body", "x"], "2 samples"),
    ("batchnorm wrong size", "trace",
     _trace_with(network=_network([{"units": 1}, {"type": "batchnorm", "gamma": [1, 1]}]), mode="eval"),
     ["body", "network", "layers", 1, "gamma"], "1"),
    ("no dense layer", "trace", _trace_with(network=_network([{"type": "dropout"}])),
     ["body", "network", "layers"], "dense"),
    ("dataset features vs inputs", "train", _train_with(data={"dataset": "iris"}), ["body", "network", "inputs"],
     "4 features"),
    ("batch_size 0", "train", _train_with(batch_size=0), ["body", "batch_size"], "1"),
    ("batch_size > samples", "train", _train_with(batch_size=6), ["body", "batch_size"], "1..5"),
    ("batchnorm leaves a batch of 1", "train", _train_with(
        network=_network([{"units": 2}, {"type": "batchnorm"}, {"units": 1}])), ["body", "batch_size"], "1"),
    ("epochs 1001", "train", _train_with(epochs=1001), ["body", "epochs"], "1000"),
    ("samples x epochs cap", "train",
     _train_with(data={"dataset": "circle", "n": 10_000}, network=_network([{"units": 1}], inputs=2),
                 batch_size=10_000, epochs=21), ["body", "epochs"], "200000"),
    ("updates cap", "train", _train_with(data={"dataset": "circle", "n": 100}, network=_network([{"units": 1}], 2),
                                         batch_size=1, epochs=201), ["body", "epochs"], "20000"),
    ("schedule option it does not take", "train", _train_with(schedule={"name": "constant", "gamma": 0.5}),
     ["body", "schedule", "gamma"], "constant"),
    ("seed negative", "train", _train_with(seed=-1), ["body", "seed"], "0"),
]


@pytest.mark.parametrize(("path", "body", "loc", "words"), [case[1:] for case in BAD], ids=[c[0] for c in BAD])
def test_bad_input_is_422_naming_the_field(client, path, body, loc, words):
    out = post(client, path, body, status=422)
    hits = [e for e in out["detail"] if e["loc"] == loc]
    assert hits, f"no error at {loc}: {locs(out)}"
    assert any(words in e["msg"] for e in hits), hits
    assert all(set(e) >= {"loc", "msg", "type"} for e in out["detail"])


@pytest.mark.parametrize("raw", ["1e400", "-1e400", "NaN", "Infinity"])
def test_non_finite_number_is_422_not_500(client, raw):
    text = json.dumps(_trace_with(x=[[12345]])).replace("12345", raw)
    r = client.post("/api/v1/trace", content=text, headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert locs(strict_json(r.text)) == [["body", "x", 0, 0]]


def test_value_error_inside_nnlib_is_422(client):
    # bce on an identity output of 70: nnlib refuses probabilities outside [0, 1] while computing.
    out = post(client, "trace", _trace_with(loss="bce", y=[1]), status=422)
    assert "probabilities" in out["detail"][0]["msg"] and out["detail"][0]["loc"] == ["body"]


def test_trace_overflow_is_422_not_nan(client, monkeypatch):
    # Within the bounds (|v| <= 1e6, 8 layers of 64) a pass stays below ~1e150, so force the overflow: the
    # guard must answer 422 instead of putting a non-finite number in the JSON.
    from app.services import api as service
    real = service.nn_trace

    def overflowing(*args, **kw):
        out = real(*args, **kw)
        out["layers"][0]["grad_z"] = out["layers"][0]["grad_z"] * np.inf
        return out

    monkeypatch.setattr(service, "nn_trace", overflowing)
    out = post(client, "trace", L1_TRACE, status=422)
    assert out["detail"][0]["loc"] == ["body", "network"] and "finite" in out["detail"][0]["msg"]


def test_cost_cap_comes_from_settings(client):
    from app.settings import Settings
    small = TestClient(create_app(Settings(api_train_max_sample_passes=10)))
    assert small.post("/api/v1/train", json=TRAIN).status_code == 200  # 5 samples x 1 epoch
    r = small.post("/api/v1/train", json={**TRAIN, "epochs": 3})
    assert r.status_code == 422 and "limit 10" in r.json()["detail"][0]["msg"]


# ---------------------------------------------------------------- determinism and divergence

def test_same_seed_gives_identical_training(client):
    net = {"inputs": 2, "layers": [{"units": 8, "activation": "relu"}, {"type": "dropout", "p": 0.3},
                                   {"units": 2}]}
    body = {"network": net, "data": {"dataset": "xor", "n": 64, "noise": 0.1}, "loss": "cross_entropy",
            "optimizer": {"name": "momentum", "lr": 0.05}, "batch_size": 10, "epochs": 4, "shuffle": True,
            "seed": 11}
    first, second = post(client, "train", body), post(client, "train", body)
    assert first == second
    # The seed matters: another one changes the initial weights, the masks and the shuffling.
    assert post(client, "train", {**body, "seed": 12})["network"] != first["network"]


def test_diverging_run_answers_200_with_finite_json(client):
    net = {"inputs": 1, "layers": [{"units": 8, "activation": "relu"}, {"units": 1}]}
    body = {"network": net, "data": {"dataset": "fruit"}, "loss": "mse", "optimizer": {"name": "sgd", "lr": 10},
            "batch_size": 12, "epochs": 1000, "seed": 0}
    out = post(client, "train", body)  # post() parses strictly: no NaN or Infinity tokens
    assert out["status"] == "diverged" and out["network"] is None
    assert isinstance(out["diverged_at"], int) and out["diverged_at"] >= 1
    assert len(out["history"]["loss"]) == out["diverged_at"] - 1
    assert all(math.isfinite(v) for v in out["history"]["loss"] + out["history"]["epoch_loss"])


# ---------------------------------------------------------------- schema and routes

def test_schema_enums_come_from_the_nnlib_registries(client):
    schemas = client.get(client.app.openapi_url).json()["components"]["schemas"]
    registries = {
        ("DenseSpec", "activation"): activations.ACTIVATIONS, ("TraceRequest", "loss"): losses.LOSSES,
        ("TraceRequest", "init"): initializers.INITIALIZERS, ("OptimizerSpec", "name"): optimizers.OPTIMIZERS,
        ("ScheduleSpec", "name"): schedules.SCHEDULES, ("RegularizationSpec", "kind"): regularizers.REGULARIZERS,
        ("DatasetData", "dataset"): data.DATASETS,
    }
    for (model, field), registry in registries.items():
        assert schemas[model]["properties"][field]["enum"] == list(registry), (model, field)


def test_schema_documents_the_bounds(client):
    schemas = client.get(client.app.openapi_url).json()["components"]["schemas"]
    assert schemas["NetworkSpec"]["properties"]["layers"]["maxItems"] == 8
    assert schemas["DenseSpec"]["properties"]["units"]["maximum"] == 64
    assert schemas["TrainRequest"]["properties"]["epochs"]["maximum"] == 1000
    lr = schemas["OptimizerSpec"]["properties"]["lr"]
    assert lr["exclusiveMinimum"] == 0 and lr["maximum"] == 10
    assert all(schemas[m]["properties"][f].get("description") for m, f in
               [("TrainRequest", "batch_size"), ("DenseSpec", "units"), ("OptimizerSpec", "lr")])


def test_api_work_runs_in_the_compute_pool_not_on_the_event_loop(client):
    # The NumPy work of a request is a job of the compute pool (app.compute), which counts the time it spent.
    pool = client.app.state.compute
    before = pool.busy_seconds
    r = client.post("/api/v1/train", json={
        "network": {"inputs": 1, "layers": [{"units": 4, "activation": "tanh"}, {"units": 1}]},
        "data": {"dataset": "fruit"}, "optimizer": {"name": "sgd", "lr": 0.001}, "loss": "mse", "batch_size": 4,
        "epochs": 50})
    assert r.status_code == 200, r.text
    assert pool.busy_seconds > before
