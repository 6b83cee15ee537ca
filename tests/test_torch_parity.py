"""nnlib against PyTorch (float64, one thread): networks, losses, activations, optimizers, BatchNorm statistics.

Each comparison is relative, 1e-10: |ours - torch| <= 1e-10 * |torch| (plus 1e-13 of the array's scale, so exact
zeros and values that cancel to rounding noise compare sanely). Every registry entry needs a torch counterpart;
a test asserts the key sets are equal.
"""

import numpy as np
import pytest

from tests.helpers_numeric import ACTIVATION_KW, LOSS_CASES, away_from_zero

torch = pytest.importorskip("torch", reason="PyTorch is the reference for parity tests; install torch==2.13.0")
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

from nnlib.activations import ACTIVATIONS, make  # noqa: E402
from nnlib.layers import BatchNorm1d, Dense, Dropout  # noqa: E402
from nnlib.losses import LOSSES  # noqa: E402
from nnlib.module import Parameter  # noqa: E402
from nnlib.optimizers import OPTIMIZERS  # noqa: E402
from nnlib.spec import build  # noqa: E402

pytestmark = pytest.mark.torch

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

RTOL = 1e-10


def assert_close(ours, theirs, what):
    theirs = theirs.detach().numpy() if isinstance(theirs, torch.Tensor) else np.asarray(theirs)
    ours = np.asarray(ours, dtype=np.float64)
    assert ours.shape == theirs.shape, f"{what}: shape {ours.shape} vs torch {theirs.shape}"
    scale = float(np.max(np.abs(theirs))) if theirs.size else 0.0
    np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=1e-13 * scale, err_msg=what)


def t(a):
    return torch.tensor(np.asarray(a, dtype=np.float64))


# ---------- activations ----------

def torch_activation(name, kw):
    alpha = kw.get("alpha")
    return {
        "identity": lambda: nn.Identity(),
        "relu": lambda: nn.ReLU(),
        "leaky_relu": lambda: nn.LeakyReLU(alpha),
        "prelu": lambda: nn.PReLU(init=alpha),
        "silu": lambda: nn.SiLU(),
        "elu": lambda: nn.ELU(alpha),
        "softplus": lambda: nn.Softplus(),
        "sigmoid": lambda: nn.Sigmoid(),
        "tanh": lambda: nn.Tanh(),
        "softmax": lambda: nn.Softmax(dim=-1),
    }[name]()


TORCH_ACTIVATION_NAMES = {"identity", "relu", "leaky_relu", "prelu", "silu", "elu", "softplus", "sigmoid", "tanh",
                          "softmax"}


def test_every_activation_has_a_torch_counterpart():
    assert set(ACTIVATIONS) == TORCH_ACTIVATION_NAMES


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_matches_torch(name):
    rng = np.random.default_rng(0)
    kw = ACTIVATION_KW[name]
    # Ordinary values, exact zeros (the kink convention: relu'(0) = 0, leaky'(0) = alpha, as torch) and large
    # magnitudes (overflow-safe sigmoid/softplus/silu).
    z = np.concatenate([rng.normal(scale=2.0, size=(4, 5)), np.zeros((1, 5)),
                        np.array([[-800.0, -30.0, 25.0, 40.0, 800.0]])])
    g = rng.normal(size=z.shape)
    ours = make(name, **kw)
    a = ours.forward(z)
    dz = ours.backward(g)
    ref = torch_activation(name, kw)
    zt = t(z).requires_grad_(True)
    at = ref(zt)
    at.backward(t(g))
    assert_close(a, at, f"{name} value")
    assert_close(dz, zt.grad, f"{name} gradient")
    for p_ours, p_ref in zip(ours.parameters(), ref.parameters(), strict=True):
        assert_close(p_ours.grad, p_ref.grad, f"{name}.{p_ours.name} gradient")


# ---------- losses ----------

def torch_loss(name, x, target, kw):
    if name == "mse":
        return F.mse_loss(x, t(target))
    if name == "mae":
        return F.l1_loss(x, t(target))
    if name == "bce":
        return F.binary_cross_entropy(x, t(target))
    if name == "nll":
        return F.nll_loss(x, torch.tensor(target, dtype=torch.long))
    if name == "cross_entropy":
        if np.asarray(target).ndim == 1:
            return F.cross_entropy(x, torch.tensor(target, dtype=torch.long))
        return F.cross_entropy(x, t(target))
    if name == "margin_ranking":
        return F.margin_ranking_loss(x[:, 0], x[:, 1], t(target), margin=kw.get("margin", 0.0))
    if name == "kl_div":
        return F.kl_div(x, t(target), reduction="batchmean")
    raise KeyError(name)


TORCH_LOSS_NAMES = {"mse", "mae", "bce", "nll", "cross_entropy", "margin_ranking", "kl_div"}


def test_every_loss_has_a_torch_counterpart():
    assert set(LOSSES) == TORCH_LOSS_NAMES


def loss_case_ids():
    return [(name, i) for name in sorted(LOSSES) for i in range(len(LOSS_CASES[name](np.random.default_rng(0))))]


@pytest.mark.parametrize(("name", "case"), loss_case_ids())
def test_loss_matches_torch(name, case):
    kw, x, target = LOSS_CASES[name](np.random.default_rng(10))[case]
    ours = LOSSES[name](**kw)
    value = ours.forward(x, target)
    grad = ours.backward()
    xt = t(x).requires_grad_(True)
    ref = torch_loss(name, xt, target, kw)
    ref.backward()
    assert_close(value, ref, f"{name} value")
    assert_close(grad, xt.grad, f"{name} gradient")


def test_bce_clamps_like_torch_at_zero_and_one():
    x = np.array([[0.0, 1.0, 0.5], [1.0, 0.0, 0.25]])
    y = np.array([[1.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    ours = LOSSES["bce"]()
    value = ours.forward(x, y)
    grad = ours.backward()
    xt = t(x).requires_grad_(True)
    ref = F.binary_cross_entropy(xt, t(y))
    ref.backward()
    assert_close(value, ref, "bce value")
    interior = (x > 0) & (x < 1)
    assert_close(grad[interior], xt.grad.numpy()[interior], "bce gradient inside (0, 1)")
    # At x = 0 or 1 both divide by the floor 1e-12, but torch stores it in single precision (9.99999996e-13),
    # a relative difference of 4e-9.
    np.testing.assert_allclose(grad[~interior], xt.grad.numpy()[~interior], rtol=1e-8, atol=0)


# ---------- whole networks ----------

def torch_model(model):
    """The torch twin of an nnlib Sequential, parameters copied."""
    mods = []
    for layer in model.layers:
        if isinstance(layer, Dense):
            lin = nn.Linear(layer.in_features, layer.out_features)
            with torch.no_grad():
                lin.weight.copy_(t(layer.weight.data))
                lin.bias.copy_(t(layer.bias.data))
            act = layer.activation
            kw = {}
            if act.name == "prelu":
                kw = {"alpha": float(act.alpha.data[0])}
            elif hasattr(act, "alpha"):
                kw = {"alpha": act.alpha}
            mods += [lin, torch_activation(act.name, kw)]
        elif isinstance(layer, Dropout):
            mods.append(nn.Dropout(layer.p))
        elif isinstance(layer, BatchNorm1d):
            bn = nn.BatchNorm1d(layer.num_features, momentum=layer.momentum, eps=layer.eps)
            with torch.no_grad():
                bn.weight.copy_(t(layer.gamma.data))
                bn.bias.copy_(t(layer.beta.data))
                bn.running_mean.copy_(t(layer.running_mean))
                bn.running_var.copy_(t(layer.running_var))
            mods.append(bn)
    return nn.Sequential(*mods)


def random_spec(rng, inputs, hidden, acts, out, kind):
    """kind: "plain", "bn" (batchnorm after each hidden layer), "dropout0" (dropout p = 0 in training),
    "dropout_eval" (dropout p = 0.5, whole model in eval)."""
    layers = []
    for units, act in zip(hidden, acts, strict=True):
        layer = {"units": units, "activation": act}
        if act in ("leaky_relu", "prelu", "elu"):
            layer["alpha"] = float(rng.uniform(0.05, 1.5))
        layers.append(layer)
        if kind == "bn":
            layers.append({"type": "batchnorm", "gamma": rng.uniform(0.5, 1.5, units).tolist(),
                           "beta": rng.normal(size=units).tolist(),
                           "running_mean": rng.normal(size=units).tolist(),
                           "running_var": rng.uniform(0.5, 2.0, units).tolist()})
        elif kind == "dropout0":
            layers.append({"type": "dropout", "p": 0.0})
        elif kind == "dropout_eval":
            layers.append({"type": "dropout", "p": 0.5})
    layers.append({"units": out, "activation": "identity", "bias": rng.normal(size=out).tolist()})
    return {"inputs": inputs, "layers": layers}


# Several architectures; activations cycle through the registry so every one appears in a network.
KINDS = [("plain", True), ("bn", True), ("bn", False), ("dropout0", True), ("dropout_eval", False)]
NET_LOSSES = ["mse", "cross_entropy", "mae"]


def network_cases():
    names = sorted(ACTIVATIONS)
    cases = []
    for i in range(12):
        kind, training = KINDS[i % len(KINDS)]
        acts = [names[(2 * i) % len(names)], names[(2 * i + 1) % len(names)]]
        cases.append((i, kind, training, acts, NET_LOSSES[i % len(NET_LOSSES)]))
    return cases


def test_network_cases_cover_every_activation_and_kind():
    cases = network_cases()
    assert {a for c in cases for a in c[3]} == set(ACTIVATIONS)
    assert {(c[1], c[2]) for c in cases} == set(KINDS)


@pytest.mark.parametrize(("seed", "kind", "training", "acts", "loss_name"), network_cases())
def test_random_network_matches_torch(seed, kind, training, acts, loss_name):
    rng = np.random.default_rng(seed)
    inputs, out, n = 3, 3, 6
    spec = random_spec(rng, inputs, [int(rng.integers(2, 6)), int(rng.integers(2, 6))], acts, out, kind)
    model = build(spec, rng, init="xavier_normal")
    ref = torch_model(model)
    model.train(training)
    ref.train(training)
    x = rng.normal(size=(n, inputs))
    if loss_name == "cross_entropy":
        y = rng.integers(0, out, size=n)
        y_t = torch.tensor(y, dtype=torch.long)
        ref_loss = F.cross_entropy
    else:
        y = rng.normal(size=(n, out))
        y_t = t(y)
        ref_loss = F.mse_loss if loss_name == "mse" else F.l1_loss
    loss = LOSSES[loss_name]()

    model.zero_grad()
    output = model.forward(x)
    value = loss.forward(output, y)
    dx = model.backward(loss.backward())

    xt = t(x).requires_grad_(True)
    out_t = ref(xt)
    loss_t = ref_loss(out_t, y_t)
    loss_t.backward()

    assert_close(output, out_t, "output")
    assert_close(value, loss_t, "loss")
    assert_close(dx, xt.grad, "d input")
    ours = model.parameters()
    theirs = list(ref.parameters())
    assert [p.data.shape for p in ours] == [tuple(p.shape) for p in theirs]
    for i, (p, q) in enumerate(zip(ours, theirs, strict=True)):
        assert_close(p.grad, q.grad, f"parameter {i} ({p.name}) gradient")
    for layer, mod in zip([ly for ly in model.layers if isinstance(ly, BatchNorm1d)],
                          [m for m in ref if isinstance(m, nn.BatchNorm1d)], strict=True):
        assert_close(layer.running_mean, mod.running_mean, "running_mean")
        assert_close(layer.running_var, mod.running_var, "running_var")


# ---------- optimizers ----------

def torch_optimizer(name, params, lr):
    return {
        "sgd": lambda: torch.optim.SGD(params, lr=lr),
        # The lecture's v = mu v - lr g, w += v is torch's buf = mu buf + g, w -= lr buf at constant lr.
        "momentum": lambda: torch.optim.SGD(params, lr=lr, momentum=0.9, dampening=0.0),
        "adagrad": lambda: torch.optim.Adagrad(params, lr=lr, eps=1e-10),
        "rmsprop": lambda: torch.optim.RMSprop(params, lr=lr, alpha=0.99, eps=1e-8),
        "adam": lambda: torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=1e-8),
    }[name]()


def test_every_optimizer_has_a_torch_counterpart():
    assert set(OPTIMIZERS) == {"sgd", "momentum", "adagrad", "rmsprop", "adam"}


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_optimizer_twenty_steps_match_torch(name):
    rng = np.random.default_rng(3)
    shapes = [(3, 2), (3,)]
    init = [rng.normal(size=s) for s in shapes]
    ours = [Parameter(a, f"p{i}") for i, a in enumerate(init)]
    theirs = [torch.nn.Parameter(t(a)) for a in init]
    opt = OPTIMIZERS[name](ours, lr=0.01)
    ref = torch_optimizer(name, theirs, 0.01)
    for _ in range(20):
        grads = [rng.normal(size=s) for s in shapes]
        opt.zero_grad()
        ref.zero_grad()
        for p, q, g in zip(ours, theirs, grads, strict=True):
            p.grad += g
            q.grad = t(g)
        opt.step()
        ref.step()
    for p, q in zip(ours, theirs, strict=True):
        assert_close(p.data, q, f"{name} {p.name}")
        assert not np.allclose(p.data, init[int(p.name[1])]), "the parameters must have moved"


# ---------- BatchNorm running statistics ----------

def test_batchnorm_running_stats_match_torch_after_training_batches():
    rng = np.random.default_rng(4)
    ours = BatchNorm1d(3)
    ref = nn.BatchNorm1d(3, momentum=0.1, eps=1e-5)
    ours.gamma.data = rng.uniform(0.5, 1.5, 3)
    ours.beta.data = rng.normal(size=3)
    with torch.no_grad():
        ref.weight.copy_(t(ours.gamma.data))
        ref.bias.copy_(t(ours.beta.data))
    for n in (5, 2, 8):
        x = rng.normal(loc=[1.0, -2.0, 0.5], scale=[1.0, 3.0, 0.1], size=(n, 3))
        assert_close(ours.forward(x), ref(t(x)), f"training output, batch of {n}")
    assert_close(ours.running_mean, ref.running_mean, "running_mean")
    assert_close(ours.running_var, ref.running_var, "running_var")
    ours.eval()
    ref.eval()
    x = away_from_zero(rng, (4, 3))
    assert_close(ours.forward(x), ref(t(x)), "eval output")
