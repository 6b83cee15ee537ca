"""Random networks sent to /api/v1/trace agree with PyTorch (float64): output, loss, penalty and, for every dense
layer, z, a, dL/da, dL/dz, dL/dW and dL/db, within 1e-9.

Each case draws a network (1-3 dense layers, any activation of the registry, batchnorm and dropout sometimes),
a loss of the registry with fitting targets, an optional L1/L2 penalty and a mode (train/eval) from its own seed.
"""

from __future__ import annotations

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from nnlib import activations, losses, regularizers

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.torch

TOL = 1e-9
CASES = 60


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app())


def _activation(name: str, alpha):
    nn = torch.nn
    table = {
        "identity": lambda: nn.Identity(), "relu": lambda: nn.ReLU(), "silu": lambda: nn.SiLU(),
        "sigmoid": lambda: nn.Sigmoid(), "tanh": lambda: nn.Tanh(), "softmax": lambda: nn.Softmax(dim=-1),
        # PyTorch switches to the identity above `threshold`; ours is exact everywhere.
        "softplus": lambda: nn.Softplus(threshold=1e4),
        "leaky_relu": lambda: nn.LeakyReLU(alpha), "elu": lambda: nn.ELU(alpha),
        "prelu": lambda: nn.PReLU(init=alpha, dtype=torch.float64),
    }
    return table[name]()


def random_case(seed: int) -> dict:
    """A trace request drawn from `seed`: weights and biases given, so PyTorch can use the same ones."""
    rng = np.random.default_rng(seed)
    loss = list(losses.LOSSES)[seed % len(losses.LOSSES)]
    mode = "eval" if rng.random() < 0.3 else "train"
    n, inputs = int(rng.integers(2, 6)), int(rng.integers(1, 5))
    depth = int(rng.integers(1, 4))
    out_units = {"margin_ranking": 2, "bce": int(rng.integers(1, 4))}.get(loss, int(rng.integers(2, 5)))
    layers, features = [], inputs
    for i in range(depth):
        last = i == depth - 1
        units = out_units if last else int(rng.integers(1, 6))
        act = "sigmoid" if last and loss == "bce" else str(rng.choice(list(activations.ACTIVATIONS)))
        layer = {"units": units, "activation": act,
                 "weight": rng.normal(0, 1, (units, features)).tolist(), "bias": rng.normal(0, 0.5, units).tolist()}
        if act in activations.ALPHA_DEFAULTS and rng.random() < 0.7:
            layer["alpha"] = float(rng.uniform(0.01, 1.5))
        layers.append(layer)
        features = units
        if not last and rng.random() < 0.4:
            bn = {"type": "batchnorm", "gamma": rng.uniform(0.5, 2, units).tolist(),
                  "beta": rng.normal(0, 0.5, units).tolist()}
            if mode == "eval":
                bn |= {"running_mean": rng.normal(0, 1, units).tolist(),
                       "running_var": rng.uniform(0.2, 3, units).tolist()}
            layers.append(bn)
        if not last and mode == "eval" and rng.random() < 0.4:
            layers.append({"type": "dropout", "p": float(rng.uniform(0, 0.9))})  # eval: the identity
    x = rng.normal(0, 1.5, (n, inputs))
    if loss in ("mse", "mae"):
        y = rng.normal(0, 1, (n, out_units)).tolist()
    elif loss == "bce":
        y = rng.uniform(0, 1, (n, out_units)).tolist()
    elif loss == "kl_div":
        y = rng.dirichlet(np.ones(out_units), n).tolist()
    elif loss == "cross_entropy" and rng.random() < 0.5:
        y = rng.dirichlet(np.ones(out_units), n).tolist()
    elif loss == "margin_ranking":
        y = rng.choice([-1.0, 1.0], n).tolist()
    else:
        y = rng.integers(0, out_units, n).tolist()
    body = {"network": {"inputs": inputs, "layers": layers}, "x": x.tolist(), "y": y, "loss": loss, "mode": mode}
    if loss == "margin_ranking":
        body["margin"] = float(rng.uniform(0, 1))
    if rng.random() < 0.5:
        body["regularization"] = {"kind": str(rng.choice(list(regularizers.REGULARIZERS))),
                                  "lambda": float(rng.uniform(0, 0.1))}
    return body


def torch_trace(body: dict) -> dict:
    """The same pass in PyTorch: nn modules in float64, autograd for every gradient."""
    nn, t = torch.nn, lambda v: torch.tensor(v, dtype=torch.float64)
    x = t(body["x"])
    h, dense, weights = x, [], []
    for spec in body["network"]["layers"]:
        kind = spec.get("type", "dense")
        if kind == "dense":
            w, b = t(spec["weight"]).requires_grad_(), t(spec["bias"]).requires_grad_()
            z = h @ w.T + b
            alpha = spec.get("alpha", activations.ALPHA_DEFAULTS.get(spec["activation"]))
            a = _activation(spec["activation"], alpha)(z)
            z.retain_grad()
            a.retain_grad()
            dense.append((z, a, w, b))
            weights.append(w)
            h = a
        elif kind == "batchnorm":
            bn = nn.BatchNorm1d(h.shape[1], eps=1e-5, momentum=0.1, dtype=torch.float64)
            with torch.no_grad():
                bn.weight.copy_(t(spec["gamma"]))
                bn.bias.copy_(t(spec["beta"]))
                if "running_mean" in spec:
                    bn.running_mean.copy_(t(spec["running_mean"]))
                    bn.running_var.copy_(t(spec["running_var"]))
            bn.train(body["mode"] == "train")
            h = bn(h)
        else:
            h = nn.Dropout(spec["p"]).eval()(h)
    out = h
    name, y = body["loss"], t(body["y"])
    if name == "mse":
        data_loss = nn.MSELoss()(out, y)
    elif name == "mae":
        data_loss = nn.L1Loss()(out, y)
    elif name == "bce":
        data_loss = nn.BCELoss()(out, y)
    elif name == "kl_div":
        data_loss = nn.KLDivLoss(reduction="batchmean")(out, y)
    elif name == "margin_ranking":
        data_loss = nn.MarginRankingLoss(margin=body["margin"])(out[:, 0], out[:, 1], y)
    elif name == "nll":
        data_loss = nn.NLLLoss()(out, y.long())
    else:
        data_loss = nn.CrossEntropyLoss()(out, y if y.ndim == 2 else y.long())
    penalty = torch.zeros((), dtype=torch.float64)
    if "regularization" in body:
        reg = body["regularization"]
        penalty = reg["lambda"] * sum((w**2).sum() if reg["kind"] == "l2" else w.abs().sum() for w in weights)
    total = data_loss + penalty
    total.backward()
    return {"loss": total.item(), "data_loss": data_loss.item(), "penalty": penalty.item(),
            "output": out.detach().numpy(),
            "layers": [{"z": z.detach().numpy(), "a": a.detach().numpy(), "grad_a": a.grad.numpy(),
                        "grad_z": z.grad.numpy(), "grad_weight": w.grad.numpy(), "grad_bias": b.grad.numpy()}
                       for z, a, w, b in dense]}


def close(got, want, what):
    np.testing.assert_allclose(np.asarray(got, dtype=np.float64), want, rtol=TOL, atol=TOL, err_msg=what)


@pytest.mark.parametrize("seed", range(CASES))
def test_trace_matches_pytorch(client, seed):
    body = random_case(seed)
    r = client.post("/api/v1/trace", json=body)
    assert r.status_code == 200, r.text
    got, want = r.json(), torch_trace(body)
    for key in ("loss", "data_loss", "penalty", "output"):
        close(got[key], want[key], key)
    assert len(got["layers"]) == len(want["layers"])
    for i, (g, w) in enumerate(zip(got["layers"], want["layers"])):
        for key in ("z", "a", "grad_a", "grad_z", "grad_weight", "grad_bias"):
            close(g[key], w[key], f"layer {i} {key}")


def test_cases_cover_every_loss_activation_and_layer_type():
    # Guards the generator above: if it stopped drawing some part, parity for it would go untested.
    bodies = [random_case(s) for s in range(CASES)]
    assert {b["loss"] for b in bodies} == set(losses.LOSSES)
    acts = {layer.get("activation") for b in bodies for layer in b["network"]["layers"]}
    assert set(activations.ACTIVATIONS) <= acts
    kinds = {(layer.get("type", "dense"), b["mode"]) for b in bodies for layer in b["network"]["layers"]}
    assert {("batchnorm", "train"), ("batchnorm", "eval"), ("dropout", "eval")} <= kinds
    assert {b["regularization"]["kind"] for b in bodies if "regularization" in b} == set(regularizers.REGULARIZERS)
