"""Central finite-difference gradient checks (float64, relative error < 1e-6) for convolution, pooling, Flatten,
Residual and attention, and for every layer type of nnlib.spec's LAYER_TYPES registry built from a spec.

Scalar objectives are L = sum(out * G) with a fixed random G, so dL/d out = G (as tests/test_gradcheck.py).
"""

import numpy as np
import pytest

from nnlib.attention import SelfAttention, scaled_dot_product_attention, scaled_dot_product_attention_backward
from nnlib.conv import AvgPool2d, Conv2d, Flatten, MaxPool2d
from nnlib.layers import Dense, Sequential
from nnlib.losses import CrossEntropyLoss
from nnlib.residual import Residual
from nnlib.spec import LAYER_TYPES, build
from tests.helpers_numeric import assert_gradient


def check_module(module, x, what, rng, params=True):
    """dL/dx and every parameter's gradient of L = sum(module(x) * G) against central differences."""
    g = rng.normal(size=module.forward(x).shape)

    def f():
        return float(np.sum(module.forward(x) * g))

    module.zero_grad()
    f()
    dx = module.backward(g)
    assert dx.shape == x.shape
    assert_gradient(dx, f, x, f"{what} dx")
    if params:
        for p in module.parameters():
            assert np.any(p.grad != 0), f"{what}.{p.name}: a zero gradient makes the check meaningless"
            assert_gradient(p.grad.copy(), f, p.data, f"{what} d{p.name}")
    return dx


def random_conv(rng, c_in, c_out, kernel, stride, padding, activation="tanh"):
    conv = Conv2d(c_in, c_out, kernel, stride, padding, activation)
    # std 1/sqrt(fan_in) keeps z of order 1: a saturated tanh makes gradients so small that the finite
    # difference's rounding error dominates them.
    fan_in = np.prod(conv.weight.data.shape[1:])
    conv.weight.data = rng.normal(scale=1 / np.sqrt(fan_in), size=conv.weight.data.shape)
    conv.bias.data = rng.normal(size=c_out)
    return conv


# (C_in, C_out, kernel, stride, padding, H, W): square and rectangular kernels, strides that leave pixels
# uncovered (floor in the output size), padding larger than stride, a 1x1 kernel.
CONV_CASES = [
    (1, 2, 3, 1, 0, 5, 5),
    (2, 3, 3, 1, 1, 4, 5),
    (2, 2, 3, 2, 0, 6, 7),
    (3, 2, 2, 2, 1, 5, 4),
    (2, 3, (2, 3), (1, 2), (1, 0), 5, 6),
    (3, 4, 1, 1, 0, 3, 3),
    (1, 2, 4, 3, 2, 7, 6),
]


@pytest.mark.parametrize(("c_in", "c_out", "kernel", "stride", "padding", "h", "w"), CONV_CASES)
def test_conv2d_gradients(c_in, c_out, kernel, stride, padding, h, w):
    rng = np.random.default_rng(hash((c_in, c_out, h, w)) % 2**32)
    conv = random_conv(rng, c_in, c_out, kernel, stride, padding)
    check_module(conv, rng.normal(size=(2, c_in, h, w)), repr(conv), rng)


def test_conv2d_identity_activation_gradients():
    rng = np.random.default_rng(11)
    conv = random_conv(rng, 2, 3, 3, 1, 1, activation="identity")
    check_module(conv, rng.normal(size=(3, 2, 4, 4)), "Conv2d identity", rng)


def distinct_values(rng, shape, gap=0.01):
    """Values that differ pairwise by at least `gap`: a max over them never flips under a 1e-5 nudge."""
    size = int(np.prod(shape))
    return (rng.permutation(size) * gap - size * gap / 2).reshape(shape)


@pytest.mark.parametrize(("kernel", "stride"), [(2, None), (3, 2), (2, 1), ((2, 3), (1, 2)), (3, 3)])
def test_maxpool2d_gradient_away_from_ties(kernel, stride):
    rng = np.random.default_rng(12)
    check_module(MaxPool2d(kernel, stride), distinct_values(rng, (2, 3, 6, 7)), f"MaxPool2d({kernel}, {stride})",
                 rng, params=False)


@pytest.mark.parametrize(("kernel", "stride"), [(2, None), (3, 2), (2, 1), ((2, 3), (1, 2)), (3, 3)])
def test_avgpool2d_gradient(kernel, stride):
    rng = np.random.default_rng(13)
    check_module(AvgPool2d(kernel, stride), rng.normal(size=(2, 3, 6, 7)), f"AvgPool2d({kernel}, {stride})", rng,
                 params=False)


def test_flatten_gradient():
    rng = np.random.default_rng(14)
    check_module(Flatten(), rng.normal(size=(3, 2, 3, 4)), "Flatten", rng, params=False)


def test_residual_gradients():
    rng = np.random.default_rng(15)
    block = Residual(random_conv(rng, 2, 3, 3, 1, 1), random_conv(rng, 3, 2, 3, 1, 1, "identity"))
    check_module(block, rng.normal(size=(2, 2, 4, 4)), "Residual(conv, conv)", rng)


def test_residual_of_dense_layers_gradients():
    rng = np.random.default_rng(16)
    first, second = Dense(4, 5, "tanh"), Dense(5, 4, "sigmoid")
    for layer in (first, second):
        layer.weight.data = rng.normal(size=layer.weight.data.shape)
        layer.bias.data = rng.normal(size=layer.bias.data.shape)
    check_module(Residual(first, second), rng.normal(size=(3, 4)), "Residual(dense, dense)", rng)


@pytest.mark.parametrize("scale", [True, False], ids=["scaled", "unscaled"])
@pytest.mark.parametrize("causal", [False, True], ids=["full", "causal"])
@pytest.mark.parametrize(("tq", "tk"), [(4, 4), (3, 5)])
def test_scaled_dot_product_attention_gradients(scale, causal, tq, tk):
    rng = np.random.default_rng(17)
    q, k, v = rng.normal(size=(2, tq, 3)), rng.normal(size=(2, tk, 3)), rng.normal(size=(2, tk, 4))
    g = rng.normal(size=(2, tq, 4))

    def f():
        return float(np.sum(scaled_dot_product_attention(q, k, v, scale, causal)[0] * g))

    _, weights, _ = scaled_dot_product_attention(q, k, v, scale, causal)
    dq, dk, dv = scaled_dot_product_attention_backward(g, q, k, v, weights, scale)
    for name, analytic, arr in (("dq", dq, q), ("dk", dk, k), ("dv", dv, v)):
        assert_gradient(analytic, f, arr, f"attention {name} (scale={scale}, causal={causal})")


@pytest.mark.parametrize("scale", [True, False], ids=["scaled", "unscaled"])
@pytest.mark.parametrize("causal", [False, True], ids=["full", "causal"])
def test_self_attention_gradients(scale, causal):
    rng = np.random.default_rng(18)
    layer = SelfAttention(4, 3, 5, causal=causal, scale=scale, rng=rng)
    check_module(layer, rng.normal(size=(2, 5, 4)), repr(layer), rng)
    assert [p.name for p in layer.parameters()] == ["w_q", "w_k", "w_v"]


def test_attention_model_with_token_cross_entropy_gradients():
    # The toy-task model: SelfAttention then a Dense readout applied per token, cross-entropy over (n, T, V).
    rng = np.random.default_rng(19)
    readout = Dense(3, 4)
    readout.weight.data = rng.normal(size=(4, 3))
    readout.bias.data = rng.normal(size=4)
    model = Sequential(SelfAttention(5, 2, 3, causal=True, rng=rng), readout)
    x = rng.normal(size=(3, 4, 5))
    t = rng.integers(0, 4, size=(3, 4))
    loss = CrossEntropyLoss()

    def f():
        return loss.forward(model.forward(x), t)

    model.zero_grad()
    f()
    dx = model.backward(loss.backward())
    assert_gradient(dx, f, x, "attention model dx")
    for p in model.parameters():
        assert_gradient(p.grad.copy(), f, p.data, f"attention model d{p.name}")


def test_lenet_style_network_gradients():
    # conv-pool-conv-pool-flatten-dense with cross-entropy: every layer's backward in one chain.
    rng = np.random.default_rng(20)
    spec = {"inputs": [1, 6, 6], "layers": [
        {"type": "conv2d", "out_channels": 2, "kernel_size": 3, "padding": 1, "activation": "tanh"},
        {"type": "maxpool2d", "kernel_size": 2},
        {"type": "conv2d", "out_channels": 3, "kernel_size": 2, "activation": "softplus"},
        {"type": "avgpool2d", "kernel_size": 2},
        {"type": "flatten"},
        {"units": 3, "activation": "identity"},
    ]}
    model = build(spec, rng, init="xavier_normal")
    x = rng.normal(size=(4, 1, 6, 6))
    t = rng.integers(0, 3, size=4)
    loss = CrossEntropyLoss()

    def f():
        return loss.forward(model.forward(x), t)

    model.zero_grad()
    f()
    # The max-pool's windows must not hold near-ties, or a nudge could move the maximum.
    windows = np.sort(model[0].a.reshape(4, 2, 3, 2, 3, 2).transpose(0, 1, 2, 4, 3, 5).reshape(4, 2, 3, 3, 4), -1)
    assert np.min(windows[..., -1] - windows[..., -2]) > 1e-4
    dx = model.backward(loss.backward())
    assert_gradient(dx, f, x, "LeNet-style dx")
    for i, layer in enumerate(model.layers):
        for p in layer.parameters():
            assert_gradient(p.grad.copy(), f, p.data, f"LeNet-style layer {i} d{p.name}")


def test_skipping_the_input_gradient_leaves_parameter_gradients_unchanged():
    rng = np.random.default_rng(21)
    model = Sequential(random_conv(rng, 1, 2, 3, 1, 1), Flatten(), Dense(2 * 4 * 4, 3))
    model[2].weight.data = rng.normal(size=(3, 32))
    x = rng.normal(size=(2, 1, 4, 4))
    g = rng.normal(size=(2, 3))
    model.zero_grad()
    model.forward(x)
    assert model.backward(g).shape == x.shape
    full = [p.grad.copy() for p in model.parameters()]
    model.zero_grad()
    model.forward(x)
    assert model.backward(g, need_input_grad=False) is None
    for a, p in zip(full, model.parameters(), strict=True):
        assert np.array_equal(a, p.grad)


# ---------- every layer type of the spec registry, built from a spec ----------

# type -> (inputs, layer spec, input batch shape). A new entry of LAYER_TYPES without a case fails below.
SPEC_LAYER_CASES = {
    "dense": (3, {"units": 2, "activation": "tanh"}, (4, 3)),
    "dropout": (3, {"type": "dropout", "p": 0.4}, (4, 3)),
    "batchnorm": (3, {"type": "batchnorm"}, (5, 3)),
    "conv2d": ([2, 5, 4], {"type": "conv2d", "out_channels": 3, "kernel_size": [3, 2], "stride": [2, 1],
                           "padding": 1, "activation": "elu", "alpha": 0.7}, (2, 2, 5, 4)),
    "maxpool2d": ([2, 5, 5], {"type": "maxpool2d", "kernel_size": 2, "stride": 1}, (2, 2, 5, 5)),
    "avgpool2d": ([2, 5, 5], {"type": "avgpool2d", "kernel_size": 3, "stride": 2}, (2, 2, 5, 5)),
    "flatten": ([2, 3, 2], {"type": "flatten"}, (3, 2, 3, 2)),
    "residual": (3, {"type": "residual", "layers": [{"units": 4, "activation": "tanh"}, {"units": 3}]}, (4, 3)),
    "attention": (4, {"type": "attention", "d_k": 3, "d_v": 2, "causal": True}, (2, 5, 4)),
}


def test_every_spec_layer_type_has_a_gradcheck_case():
    assert set(SPEC_LAYER_CASES) == set(LAYER_TYPES)


@pytest.mark.parametrize("kind", sorted(LAYER_TYPES))
def test_spec_layer_gradients(kind):
    inputs, layer_spec, x_shape = SPEC_LAYER_CASES[kind]
    rng = np.random.default_rng(22)
    model = build({"inputs": inputs, "layers": [layer_spec]}, rng, init="xavier_normal")
    layer = model[0]
    for p in layer.parameters():
        if p.name == "bias":
            p.data[...] = rng.normal(size=p.data.shape)
    x = distinct_values(rng, x_shape, 0.05)
    g = rng.normal(size=model.forward(x).shape)

    def f():
        if kind == "dropout":
            layer.rng = np.random.default_rng(5)  # the same mask at every evaluation
        return float(np.sum(model.forward(x) * g))

    model.zero_grad()
    f()
    dx = model.backward(g)
    assert_gradient(dx, f, x, f"{kind} dx")
    for p in model.parameters():
        assert_gradient(p.grad.copy(), f, p.data, f"{kind} d{p.name}")
