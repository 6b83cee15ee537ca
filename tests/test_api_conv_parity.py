"""Convolutional networks and attention through the JSON API agree with PyTorch (float64, within 1e-9):

- /api/v1/trace on random conv networks (conv2d with any kernel, stride and padding, per side too; max and
  average pooling; flatten; dense layers; a loss; an optional L1/L2 penalty): output, loss and, for every conv2d
  and dense layer, z, a, dL/da, dL/dz, dL/dW, dL/db, against F.conv2d, F.max_pool2d, F.avg_pool2d and autograd;
- /api/v1/train of a small conv net, a few SGD steps with momentum: the loss of every batch and the final
  weights, against torch.optim.SGD;
- /api/v1/attention against torch.nn.functional.scaled_dot_product_attention and a manual
  softmax(Q K^T / sqrt(d_k)) V (scores with -inf where the causal mask hides a key: null in the JSON).
"""

from __future__ import annotations

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.api_models import ConvActivationName
from app.main import create_app
from nnlib import activations

torch = pytest.importorskip("torch", reason="PyTorch is not installed (.ci/run installs it: "
                                            ".venv/bin/pip install torch==2.13.0)")
F = torch.nn.functional
pytestmark = pytest.mark.torch

TOL = 1e-9
CASES = 30
CONV_ACTIVATIONS = list(ConvActivationName.__args__)


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app())


def t(v):
    return torch.tensor(v, dtype=torch.float64)


def _activation(name: str, alpha):
    nn = torch.nn
    table = {
        "identity": nn.Identity, "relu": nn.ReLU, "silu": nn.SiLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh,
        "softmax": lambda: nn.Softmax(dim=-1),
        "softplus": lambda: nn.Softplus(threshold=1e4),  # PyTorch's is the identity above `threshold`
        "leaky_relu": lambda: nn.LeakyReLU(alpha), "elu": lambda: nn.ELU(alpha),
        "prelu": lambda: nn.PReLU(init=alpha, dtype=torch.float64),
    }
    return table[name]()


def _side(size: int, k: int, s: int, p: int) -> int:
    return (size + 2 * p - k) // s + 1


def _pair(rng, lo: int, hi: int):
    """An int, or [height, width] one time in three."""
    return [int(v) for v in rng.integers(lo, hi + 1, 2)] if rng.random() < 1 / 3 else int(rng.integers(lo, hi + 1))


def _sides(v) -> tuple[int, int]:
    return tuple(v) if isinstance(v, list) else (v, v)


def random_case(seed: int) -> dict:
    """A trace request drawn from `seed`: 1-2 conv2d layers (each maybe followed by pooling), flatten, 1-2 dense."""
    rng = np.random.default_rng(seed)
    c, h, w = int(rng.integers(1, 4)), int(rng.integers(5, 10)), int(rng.integers(5, 10))
    n = int(rng.integers(2, 5))
    layers, shape = [], (c, h, w)
    for _ in range(int(rng.integers(1, 3))):
        while True:
            k, s, p = _pair(rng, 1, 3), _pair(rng, 1, 2), _pair(rng, 0, 1)
            out = [_side(size, kk, ss, pp) for size, kk, ss, pp in zip(shape[1:], _sides(k), _sides(s), _sides(p))]
            if min(out) >= 1:
                break
        act = str(rng.choice(CONV_ACTIVATIONS))
        channels = int(rng.integers(1, 4))
        kh, kw = _sides(k)
        layer = {"type": "conv2d", "out_channels": channels, "kernel_size": k, "stride": s, "padding": p,
                 "activation": act, "weight": rng.normal(0, 0.5, (channels, shape[0], kh, kw)).tolist(),
                 "bias": rng.normal(0, 0.3, channels).tolist()}
        if act in activations.ALPHA_DEFAULTS and rng.random() < 0.7:
            layer["alpha"] = float(rng.uniform(0.01, 1.5))
        layers.append(layer)
        shape = (channels, *out)
        if min(shape[1:]) >= 2 and rng.random() < 0.6:
            pool = {"type": str(rng.choice(["maxpool2d", "avgpool2d"])), "kernel_size": _pair(rng, 1, 2)}
            if rng.random() < 0.5:
                pool["stride"] = _pair(rng, 1, 2)
            stride = _sides(pool.get("stride", pool["kernel_size"]))
            shape = (shape[0], *(_side(size, kk, ss, 0) for size, kk, ss in
                                 zip(shape[1:], _sides(pool["kernel_size"]), stride)))
            layers.append(pool)
    layers.append({"type": "flatten"})
    features = int(np.prod(shape))
    loss = ["mse", "cross_entropy"][seed % 2]
    outputs = int(rng.integers(1, 4)) if loss == "mse" else int(rng.integers(2, 4))
    widths = ([int(rng.integers(2, 5))] if rng.random() < 0.5 else []) + [outputs]
    for units in widths:
        act = str(rng.choice(["tanh", "relu", "sigmoid"])) if units != outputs else "identity"
        layers.append({"units": units, "activation": act, "weight": rng.normal(0, 0.5, (units, features)).tolist(),
                       "bias": rng.normal(0, 0.3, units).tolist()})
        features = units
    y = rng.normal(size=(n, outputs)).tolist() if loss == "mse" else rng.integers(0, outputs, n).tolist()
    body = {"network": {"inputs": [c, h, w], "layers": layers}, "x": rng.normal(0, 1, (n, c, h, w)).tolist(),
            "y": y, "loss": loss}
    if rng.random() < 0.5:
        body["regularization"] = {"kind": str(rng.choice(["l1", "l2"])), "lambda": float(rng.uniform(0, 0.1))}
    return body


def leaves(layers: list[dict]) -> dict[int, tuple]:
    """(weight, bias) of each conv2d and dense layer of a spec, by position, as tensors that take gradients."""
    return {i: (t(spec["weight"]).requires_grad_(), t(spec["bias"]).requires_grad_())
            for i, spec in enumerate(layers) if spec.get("type", "dense") in ("conv2d", "dense")}


def torch_forward(layers: list[dict], h, traced: list, params: dict | None = None):
    """The layers of a spec on h in PyTorch, with `params` (default: leaves(layers)); conv2d and dense layers
    append (z, a, w, b) to `traced`."""
    params = leaves(layers) if params is None else params
    for i, spec in enumerate(layers):
        kind = spec.get("type", "dense")
        if kind in ("conv2d", "dense"):
            w, b = params[i]
            if kind == "conv2d":
                z = F.conv2d(h, w, b, stride=_sides(spec.get("stride", 1)), padding=_sides(spec.get("padding", 0)))
            else:
                z = h @ w.T + b
            act = spec.get("activation", "identity")
            a = _activation(act, spec.get("alpha", activations.ALPHA_DEFAULTS.get(act)))(z)
            z.retain_grad()
            a.retain_grad()
            traced.append((z, a, w, b))
            h = a
        elif kind in ("maxpool2d", "avgpool2d"):
            pool = F.max_pool2d if kind == "maxpool2d" else F.avg_pool2d
            h = pool(h, _sides(spec["kernel_size"]), _sides(spec.get("stride", spec["kernel_size"])))
        elif kind == "flatten":
            h = h.flatten(1)
    return h


def torch_loss(name: str, out, y):
    if name == "mse":
        return F.mse_loss(out, t(y))
    return F.cross_entropy(out, torch.tensor(y, dtype=torch.long))


def torch_trace(body: dict) -> dict:
    traced: list = []
    out = torch_forward(body["network"]["layers"], t(body["x"]), traced)
    data_loss = torch_loss(body["loss"], out, body["y"])
    penalty = torch.zeros((), dtype=torch.float64)
    if "regularization" in body:
        reg = body["regularization"]
        penalty = reg["lambda"] * sum((w**2).sum() if reg["kind"] == "l2" else w.abs().sum() for _, _, w, _ in traced)
    total = data_loss + penalty
    total.backward()
    return {"loss": total.item(), "data_loss": data_loss.item(), "penalty": penalty.item(),
            "output": out.detach().numpy(),
            "layers": [{"z": z.detach().numpy(), "a": a.detach().numpy(), "grad_a": a.grad.numpy(),
                        "grad_z": z.grad.numpy(), "grad_weight": w.grad.numpy(), "grad_bias": b.grad.numpy()}
                       for z, a, w, b in traced]}


def close(got, want, what):
    np.testing.assert_allclose(np.asarray(got, dtype=np.float64), want, rtol=TOL, atol=TOL, err_msg=what)


@pytest.mark.parametrize("seed", range(CASES))
def test_conv_trace_matches_pytorch(client, seed):
    body = random_case(seed)
    r = client.post("/api/v1/trace", json=body)
    assert r.status_code == 200, r.text[:1000]
    got, want = r.json(), torch_trace(body)
    for key in ("loss", "data_loss", "penalty", "output"):
        close(got[key], want[key], key)
    assert len(got["layers"]) == len(want["layers"])
    for i, (g, w) in enumerate(zip(got["layers"], want["layers"])):
        for key in ("z", "a", "grad_a", "grad_z", "grad_weight", "grad_bias"):
            close(g[key], w[key], f"layer {i} ({g['type']}) {key}")


def test_conv_cases_cover_every_layer_type_activation_and_per_side_sizes():
    # Guards the generator above: parity of a part it stopped drawing would go untested.
    layers = [layer for s in range(CASES) for layer in random_case(s)["network"]["layers"]]
    assert {layer.get("type", "dense") for layer in layers} == {"conv2d", "maxpool2d", "avgpool2d", "flatten",
                                                                "dense"}
    convs = [layer for layer in layers if layer.get("type") == "conv2d"]
    assert {layer["activation"] for layer in convs} == set(CONV_ACTIVATIONS)
    for key in ("kernel_size", "stride", "padding"):
        assert {type(layer[key]) for layer in convs} == {int, list}, key
    assert {v for layer in convs for v in _sides(layer["stride"])} == {1, 2}
    assert {v for layer in convs for v in _sides(layer["padding"])} == {0, 1}


# ---------------------------------------------------------------- train

def test_conv_training_with_sgd_momentum_matches_pytorch(client):
    rng = np.random.default_rng(7)
    net = {"inputs": [2, 6, 6], "layers": [
        {"type": "conv2d", "out_channels": 3, "kernel_size": 3, "padding": 1, "activation": "relu",
         "weight": rng.normal(0, 0.4, (3, 2, 3, 3)).tolist(), "bias": rng.normal(0, 0.1, 3).tolist()},
        {"type": "maxpool2d", "kernel_size": 2},
        {"type": "conv2d", "out_channels": 2, "kernel_size": [2, 3], "stride": [1, 2], "padding": [0, 1],
         "activation": "tanh", "weight": rng.normal(0, 0.4, (2, 3, 2, 3)).tolist(), "bias": [0.05, -0.05]},
        {"type": "avgpool2d", "kernel_size": [2, 1]},
        {"type": "flatten"},
        {"units": 3, "weight": rng.normal(0, 0.4, (3, 4)).tolist(), "bias": [0.0, 0.1, -0.1]},
    ]}
    x, y = rng.normal(size=(6, 2, 6, 6)), rng.integers(0, 3, 6)
    lr, mu, batch, epochs = 0.1, 0.9, 2, 3
    out = client.post("/api/v1/train", json={
        "network": net, "data": {"x": x.tolist(), "y": y.tolist()}, "loss": "cross_entropy",
        "optimizer": {"name": "sgd", "lr": lr, "momentum": mu}, "batch_size": batch, "epochs": epochs,
        "shuffle": False})
    assert out.status_code == 200, out.text[:1000]
    out = out.json()
    assert out["status"] == "ok"

    params = leaves(net["layers"])
    opt = torch.optim.SGD([p for pair in params.values() for p in pair], lr=lr, momentum=mu)
    losses = []
    for _ in range(epochs):
        for start in range(0, len(x), batch):  # shuffle false: consecutive batches
            opt.zero_grad()
            h = torch_forward(net["layers"], t(x[start:start + batch]), [], params)
            loss = F.cross_entropy(h, torch.tensor(y[start:start + batch]))
            losses.append(loss.item())
            loss.backward()
            opt.step()
    close(out["history"]["loss"], losses, "loss of each batch")
    for i, (w, b) in params.items():
        close(out["network"]["layers"][i]["weight"], w.detach().numpy(), f"layer {i} weight")
        close(out["network"]["layers"][i]["bias"], b.detach().numpy(), f"layer {i} bias")


# ---------------------------------------------------------------- attention

def attention_case(seed: int) -> dict:
    rng = np.random.default_rng(seed)
    causal = bool(seed % 3 == 0)
    tq, tk = int(rng.integers(1, 9)), int(rng.integers(1, 9))
    tq = tk if causal else tq
    d_k, d_v = int(rng.integers(1, 9)), int(rng.integers(1, 9))
    return {"q": rng.normal(0, 2, (tq, d_k)).tolist(), "k": rng.normal(0, 2, (tk, d_k)).tolist(),
            "v": rng.normal(0, 1, (tk, d_v)).tolist(), "scale": bool(seed % 2 == 0), "causal": causal}


def manual_attention(body: dict):
    """softmax(Q K^T / sqrt(d_k)) V in PyTorch, written out: scores (-inf where masked), weights, output."""
    q, k, v = t(body["q"]), t(body["k"]), t(body["v"])
    scores = q @ k.T / (q.shape[-1] ** 0.5 if body["scale"] else 1.0)
    if body["causal"]:
        scores = scores.masked_fill(torch.ones_like(scores, dtype=torch.bool).triu(1), float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return scores.numpy(), weights.numpy(), (weights @ v).numpy()


@pytest.mark.parametrize("seed", range(CASES))
def test_attention_matches_pytorch(client, seed):
    body = attention_case(seed)
    r = client.post("/api/v1/attention", json=body)
    assert r.status_code == 200, r.text[:1000]
    got = r.json()
    scores, weights, output = manual_attention(body)
    sdpa = F.scaled_dot_product_attention(t(body["q"])[None], t(body["k"])[None], t(body["v"])[None],
                                          is_causal=body["causal"], scale=None if body["scale"] else 1.0)[0]
    close(got["output"], sdpa.numpy(), "output against scaled_dot_product_attention")
    close(got["output"], output, "output against the manual softmax")
    close(got["weights"], weights, "weights")
    got_scores = np.array([[-np.inf if s is None else s for s in row] for row in got["scores"]])
    assert np.array_equal(np.isneginf(got_scores), np.isneginf(scores))
    finite = np.isfinite(scores)
    close(got_scores[finite], scores[finite], "scores")


def test_attention_cases_cover_scale_causal_and_uneven_lengths():
    bodies = [attention_case(s) for s in range(CASES)]
    assert {(b["scale"], b["causal"]) for b in bodies} == {(s, c) for s in (True, False) for c in (True, False)}
    assert any(len(b["q"]) != len(b["k"]) for b in bodies)
    assert any(len(b["q"][0]) != len(b["v"][0]) for b in bodies)
