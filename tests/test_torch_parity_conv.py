"""Convolution, pooling, residual blocks and attention against PyTorch (float64, one thread).

Comparisons are relative, 1e-10 (as tests/test_torch_parity.py), far inside the 1e-6 the lessons need; the
trained-network comparison allows 1e-9 after its SGD steps.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="PyTorch is the reference for parity tests; install torch==2.13.0")
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

from nnlib.attention import SelfAttention, scaled_dot_product_attention, scaled_dot_product_attention_backward  # noqa: E402
from nnlib.conv import AvgPool2d, Conv2d, Flatten, MaxPool2d  # noqa: E402
from nnlib.initializers import fans  # noqa: E402
from nnlib.layers import Dense  # noqa: E402
from nnlib.losses import LOSSES  # noqa: E402
from nnlib.optimizers import OPTIMIZERS  # noqa: E402
from nnlib.residual import Residual  # noqa: E402
from nnlib.spec import build  # noqa: E402

pytestmark = pytest.mark.torch

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

RTOL = 1e-10


def assert_close(ours, theirs, what, rtol=RTOL):
    theirs = theirs.detach().numpy() if isinstance(theirs, torch.Tensor) else np.asarray(theirs)
    ours = np.asarray(ours, dtype=np.float64)
    assert ours.shape == theirs.shape, f"{what}: shape {ours.shape} vs torch {theirs.shape}"
    scale = float(np.max(np.abs(theirs))) if theirs.size else 0.0
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=1e-13 * scale, err_msg=what)


def t(a, grad=False):
    return torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=grad)


# ---------- Conv2d ----------

CONV_CASES = [
    # (C_in, C_out, kernel, stride, padding, H, W, activation)
    (1, 8, 3, 1, 0, 8, 8, "identity"),
    (1, 6, 3, 1, 1, 8, 8, "relu"),
    (3, 4, 3, 2, 1, 9, 7, "tanh"),
    (2, 5, (2, 3), (2, 1), (0, 1), 7, 8, "sigmoid"),
    (4, 2, 5, 3, 2, 11, 10, "leaky_relu"),
    (8, 16, 3, 1, 0, 28, 28, "relu"),
]


@pytest.mark.parametrize(("c_in", "c_out", "kernel", "stride", "padding", "h", "w", "act"), CONV_CASES)
def test_conv2d_forward_and_backward_match_torch(c_in, c_out, kernel, stride, padding, h, w, act):
    rng = np.random.default_rng(c_in * 100 + c_out)
    conv = Conv2d(c_in, c_out, kernel, stride, padding, act)
    conv.weight.data = rng.normal(size=conv.weight.data.shape)
    conv.bias.data = rng.normal(size=c_out)
    x = rng.normal(size=(3, c_in, h, w))
    a = conv.forward(x)
    g = rng.normal(size=a.shape)
    dx = conv.backward(g)

    xt, wt, bt = t(x, True), t(conv.weight.data, True), t(conv.bias.data, True)
    zt = F.conv2d(xt, wt, bt, stride=conv.stride, padding=conv.padding)
    at = {"identity": lambda z: z, "relu": F.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid,
          "leaky_relu": F.leaky_relu}[act](zt)
    at.backward(t(g))
    assert_close(conv.z, zt, "z")
    assert_close(a, at, "a")
    assert_close(dx, xt.grad, "dx")
    assert_close(conv.weight.grad, wt.grad, "dW")
    assert_close(conv.bias.grad, bt.grad, "db")


def test_conv2d_rejects_bad_shapes():
    conv = Conv2d(2, 3, 5)
    with pytest.raises(ValueError, match="expected x with 2 channels"):
        conv.forward(np.zeros((1, 3, 8, 8)))
    with pytest.raises(ValueError, match=r"expected x of shape \(n, C, H, W\)"):
        conv.forward(np.zeros((2, 8, 8)))
    with pytest.raises(ValueError, match="output size 0 < 1"):
        conv.forward(np.zeros((1, 2, 4, 8)))
    for bad in ({"kernel_size": 0}, {"kernel_size": 3, "stride": 0}, {"kernel_size": 3, "padding": -1},
                {"kernel_size": (3, 3, 3)}, {"kernel_size": 2.5}):
        with pytest.raises(ValueError, match="must be an integer"):
            Conv2d(1, 1, **bad)
    with pytest.raises(ValueError, match="at least 1 input and 1 output channel"):
        Conv2d(0, 1, 3)
    with pytest.raises(ValueError, match="output size"):
        MaxPool2d(3).forward(np.zeros((1, 1, 2, 5)))


# ---------- pooling ----------

@pytest.mark.parametrize(("kernel", "stride"), [(2, None), (3, 2), (2, 1), ((2, 3), (1, 2)), (3, None)])
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_pooling_matches_torch(kind, kernel, stride):
    rng = np.random.default_rng(1)
    ours = MaxPool2d(kernel, stride) if kind == "max" else AvgPool2d(kernel, stride)
    ref = F.max_pool2d if kind == "max" else F.avg_pool2d
    x = rng.normal(size=(2, 3, 8, 7))
    y = ours.forward(x)
    g = rng.normal(size=y.shape)
    dx = ours.backward(g)
    xt = t(x, True)
    yt = ref(xt, kernel, stride)
    yt.backward(t(g))
    assert_close(y, yt, f"{kind} pool value")
    assert_close(dx, xt.grad, f"{kind} pool gradient")


@pytest.mark.parametrize(("kernel", "stride"), [(2, None), (2, 1), (3, 1)])
def test_maxpool_ties_send_the_gradient_where_torch_does(kernel, stride):
    # Whole planes of equal values and repeated small integers: many windows have several maxima; the first
    # in row-major order takes the gradient, as in torch's CPU kernel. Overlapping windows add up.
    rng = np.random.default_rng(2)
    x = np.concatenate([np.zeros((1, 2, 6, 6)), rng.integers(0, 3, size=(2, 2, 6, 6)).astype(np.float64)])
    ours = MaxPool2d(kernel, stride)
    y = ours.forward(x)
    g = rng.normal(size=y.shape)
    dx = ours.backward(g)
    xt = t(x, True)
    F.max_pool2d(xt, kernel, stride).backward(t(g))
    assert_close(dx, xt.grad, "max pool gradient with ties")


def test_flatten_matches_torch_flatten():
    x = np.arange(2 * 3 * 4 * 5, dtype=np.float64).reshape(2, 3, 4, 5)
    assert_close(Flatten().forward(x), torch.flatten(t(x), 1), "flatten")


# ---------- Residual ----------

def test_residual_block_matches_torch():
    rng = np.random.default_rng(3)
    c1, c2 = Conv2d(3, 3, 3, 1, 1, "relu"), Conv2d(3, 3, 3, 1, 1)
    for c in (c1, c2):
        c.weight.data = rng.normal(scale=0.3, size=c.weight.data.shape)
        c.bias.data = rng.normal(size=3)
    block = Residual(c1, c2)
    x = rng.normal(size=(2, 3, 5, 5))
    y = block.forward(x)
    g = rng.normal(size=y.shape)
    dx = block.backward(g)
    xt = t(x, True)
    w1, b1, w2, b2 = (t(a, True) for a in (c1.weight.data, c1.bias.data, c2.weight.data, c2.bias.data))
    yt = xt + F.conv2d(F.relu(F.conv2d(xt, w1, b1, padding=1)), w2, b2, padding=1)
    yt.backward(t(g))
    assert_close(y, yt, "residual output")
    assert_close(dx, xt.grad, "residual dx")
    for p, q in zip(block.parameters(), (w1, b1, w2, b2), strict=True):
        assert_close(p.grad, q.grad, f"residual d{p.name}")


# ---------- attention ----------

@pytest.mark.parametrize("scale", [True, False], ids=["scaled", "unscaled"])
@pytest.mark.parametrize("causal", [False, True], ids=["full", "causal"])
def test_attention_matches_a_torch_reference_with_autograd(scale, causal):
    rng = np.random.default_rng(4)
    q, k, v = rng.normal(size=(2, 3, 5, 4)), rng.normal(size=(2, 3, 5, 4)), rng.normal(size=(2, 3, 5, 6))
    out, weights, scores = scaled_dot_product_attention(q, k, v, scale, causal)
    g = rng.normal(size=out.shape)
    dq, dk, dv = scaled_dot_product_attention_backward(g, q, k, v, weights, scale)

    qt, kt, vt = t(q, True), t(k, True), t(v, True)
    st = qt @ kt.transpose(-1, -2) / (np.sqrt(4) if scale else 1.0)
    if causal:
        st = st.masked_fill(torch.ones(5, 5, dtype=torch.bool).triu(1), float("-inf"))
    at = torch.softmax(st, dim=-1)
    ot = at @ vt
    ot.backward(t(g))
    # Masked scores are -inf in both; the rest must agree.
    st_np = st.detach().numpy()
    assert np.array_equal(np.isinf(scores), np.isinf(st_np)) and np.all(scores[np.isinf(scores)] < 0)
    assert np.isinf(scores).any() == causal
    assert_close(np.where(np.isinf(scores), 0.0, scores), np.where(np.isinf(st_np), 0.0, st_np), "scores")
    assert_close(weights, at, "weights")
    assert_close(out, ot, "output")
    for name, ours, ref in (("dq", dq, qt), ("dk", dk, kt), ("dv", dv, vt)):
        assert_close(ours, ref.grad, name)
    # And torch's own fused function agrees on the value.
    fused = F.scaled_dot_product_attention(t(q), t(k), t(v), is_causal=causal, scale=None if scale else 1.0)
    assert_close(out, fused, "output vs F.scaled_dot_product_attention")


def test_causal_attention_gives_no_weight_to_later_positions():
    rng = np.random.default_rng(5)
    _, weights, _ = scaled_dot_product_attention(*(rng.normal(size=(4, 3)) for _ in range(3)), causal=True)
    assert np.all(weights[np.triu_indices(4, 1)] == 0.0)
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0, rtol=0, atol=1e-15)
    assert weights[0, 0] == 1.0


@pytest.mark.parametrize("causal", [False, True], ids=["full", "causal"])
def test_self_attention_matches_torch_linear_projections(causal):
    rng = np.random.default_rng(6)
    layer = SelfAttention(6, 4, 5, causal=causal, rng=rng)
    x = rng.normal(size=(3, 7, 6))
    y = layer.forward(x)
    g = rng.normal(size=y.shape)
    dx = layer.backward(g)
    lins = []
    for p in layer.parameters():
        lin = nn.Linear(6, p.data.shape[0], bias=False)
        with torch.no_grad():
            lin.weight.copy_(t(p.data))
        lins.append(lin)
    xt = t(x, True)
    qt, kt, vt = (lin(xt) for lin in lins)
    yt = F.scaled_dot_product_attention(qt, kt, vt, is_causal=causal)
    yt.backward(t(g))
    assert_close(y, yt, "self-attention output")
    assert_close(dx, xt.grad, "self-attention dx")
    for p, lin in zip(layer.parameters(), lins, strict=True):
        assert_close(p.grad, lin.weight.grad, f"self-attention d{p.name}")
    assert layer.weights.shape == (3, 7, 7)


def test_token_cross_entropy_matches_torch_on_flattened_positions():
    rng = np.random.default_rng(7)
    z, y = rng.normal(size=(3, 5, 4)), rng.integers(0, 4, size=(3, 5))
    loss = LOSSES["cross_entropy"]()
    value = loss.forward(z, y)
    grad = loss.backward()
    zt = t(z, True)
    ref = F.cross_entropy(zt.reshape(-1, 4), torch.tensor(y.reshape(-1)))
    ref.backward()
    assert_close(value, ref, "token cross-entropy")
    assert_close(grad, zt.grad, "token cross-entropy gradient")


# ---------- initializer fans, a whole conv network trained in both ----------

@pytest.mark.parametrize("shape", [(8, 1, 3, 3), (16, 8, 3, 3), (6, 4, 2, 5), (10, 7)])
def test_fans_match_torch(shape):
    assert fans(shape) == nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))


LENET_SPEC = {"inputs": [1, 8, 8], "layers": [
    {"type": "conv2d", "out_channels": 4, "kernel_size": 3, "padding": 1, "activation": "relu"},
    {"type": "maxpool2d", "kernel_size": 2},
    {"type": "conv2d", "out_channels": 6, "kernel_size": 3, "activation": "tanh"},
    {"type": "avgpool2d", "kernel_size": 2},
    {"type": "flatten"},
    {"units": 10, "activation": "identity"},
]}


def torch_twin(model):
    mods = []
    for layer in model.layers:
        if isinstance(layer, Conv2d):
            conv = nn.Conv2d(layer.in_channels, layer.out_channels, layer.kernel_size, layer.stride, layer.padding)
            with torch.no_grad():
                conv.weight.copy_(t(layer.weight.data))
                conv.bias.copy_(t(layer.bias.data))
            mods += [conv, {"relu": nn.ReLU(), "tanh": nn.Tanh()}[layer.activation.name]]
        elif isinstance(layer, MaxPool2d):
            mods.append(nn.MaxPool2d(layer.kernel_size, layer.stride))
        elif isinstance(layer, AvgPool2d):
            mods.append(nn.AvgPool2d(layer.kernel_size, layer.stride))
        elif isinstance(layer, Flatten):
            mods.append(nn.Flatten())
        elif isinstance(layer, Dense):
            lin = nn.Linear(layer.in_features, layer.out_features)
            with torch.no_grad():
                lin.weight.copy_(t(layer.weight.data))
                lin.bias.copy_(t(layer.bias.data))
            mods.append(lin)
    return nn.Sequential(*mods)


@pytest.mark.parametrize("opt_name", ["sgd", "adam"])
def test_conv_network_trains_like_torch(opt_name):
    rng = np.random.default_rng(8)
    model = build(LENET_SPEC, rng)
    ref = torch_twin(model)
    start = [p.data.copy() for p in model.parameters()]
    x = rng.uniform(0.0, 1.0, size=(20, 1, 8, 8))
    y = rng.integers(0, 10, size=20)
    loss = LOSSES["cross_entropy"]()
    opt = OPTIMIZERS[opt_name](model.parameters(), lr=0.05 if opt_name == "sgd" else 0.01)
    ref_opt = (torch.optim.SGD(ref.parameters(), lr=0.05) if opt_name == "sgd"
               else torch.optim.Adam(ref.parameters(), lr=0.01))
    for step in range(5):
        xb, yb = x[4 * step:4 * step + 4], y[4 * step:4 * step + 4]
        opt.zero_grad()
        value = loss.forward(model.forward(xb), yb)
        model.backward(loss.backward(), need_input_grad=False)
        opt.step()
        ref_opt.zero_grad()
        ref_loss = F.cross_entropy(ref(t(xb)), torch.tensor(yb))
        ref_loss.backward()
        ref_opt.step()
        assert_close(value, ref_loss, f"loss at step {step}", rtol=1e-9)
    ours, theirs = model.parameters(), list(ref.parameters())
    assert [p.data.shape for p in ours] == [tuple(q.shape) for q in theirs]
    for p, q, s in zip(ours, theirs, start, strict=True):
        assert not np.allclose(p.data, s), f"{p.name} must have moved"
        assert_close(p.data, q, f"{p.name} after 5 {opt_name} steps", rtol=1e-9)
