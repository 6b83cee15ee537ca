"""The lecture's L1 example through nnlib.spec and nnlib.trace, regularizer penalties, and spec validation.

Expected numbers are SYLLABUS L1 (forward y11 = 70, y12 = 0, y21 = 70, loss 25; backward dL/dw211 = -700, ...)
and L6 (L2: lambda sum w^2, L1: lambda sum |w|, weights only).
"""

import numpy as np
import pytest

from nnlib.activations import ACTIVATIONS, ALPHA_DEFAULTS
from nnlib.layers import BatchNorm1d, Dense, Sequential
from nnlib.losses import LOSSES
from nnlib.optimizers import OPTIMIZERS
from nnlib.regularizers import REGULARIZERS
from nnlib.spec import build, to_spec
from nnlib.trace import trace

# SYLLABUS L1: w111 = 20, b11 = -10, w121 = 40, b12 = -200; w211 = 1, w212 = -1, b21 = 0; relu everywhere.
L1_SPEC = {
    "inputs": 1,
    "layers": [
        {"units": 2, "activation": "relu", "weight": [[20.0], [40.0]], "bias": [-10.0, -200.0]},
        {"units": 1, "activation": "relu", "weight": [[1.0, -1.0]], "bias": [0.0]},
    ],
}


def l1_net():
    return build(L1_SPEC, np.random.default_rng(0))


def l1_trace(regularizer=None):
    return trace(l1_net(), [[4.0]], [75.0], LOSSES["mse"](), regularizer)


def test_trace_matches_lecture_forward_pass():
    t = l1_trace()
    hidden, out = t["layers"]
    assert hidden["z"].tolist() == [[70.0, -40.0]]  # z11 = 20*4 - 10, z12 = 40*4 - 200
    assert hidden["a"].tolist() == [[70.0, 0.0]]  # y11 = 70, y12 = 0
    assert out["a"].tolist() == [[70.0]]  # y21 = 70
    assert t["output"].tolist() == [[70.0]]
    assert t["loss"] == 25.0 and t["data_loss"] == 25.0 and t["penalty"] == 0.0


def test_trace_matches_lecture_backward_pass():
    hidden, out = l1_trace()["layers"]
    assert out["grad_a"].tolist() == [[-10.0]]  # dL/dy21 = 2*70 - 2*75
    assert out["grad_z"].tolist() == [[-10.0]]  # relu passes it (z21 = 70 > 0)
    w211, w212 = out["grad_weight"][0]
    assert (w211, w212) == (-700.0, 0.0)
    assert out["grad_bias"].tolist() == [-10.0]  # dL/db21
    assert hidden["grad_weight"].tolist() == [[-40.0], [0.0]]  # dL/dw111, dL/dw121
    assert hidden["grad_bias"].tolist() == [-10.0, 0.0]  # dL/db11, dL/db12 (z12 < 0: no gradient)


def test_lecture_update_rule_on_the_l1_network():
    # Delta w = -gamma dL/dw with gamma = 0.01: w211 = 1 + 7, w212 unchanged, w111 = 20 + 0.4, b11 = -10 + 0.1.
    model = l1_net()
    trace(model, [[4.0]], [75.0], LOSSES["mse"]())
    OPTIMIZERS["sgd"](model.parameters(), lr=0.01).step()
    assert model[1].weight.data.tolist() == [[8.0, -1.0]]
    assert model[0].weight.data[0, 0] == pytest.approx(20.4, abs=1e-12)
    assert model[0].bias.data[0] == pytest.approx(-9.9, abs=1e-12)
    assert model[0].weight.data[1, 0] == 40.0 and model[0].bias.data[1] == -200.0


def test_l1_network_round_trips_through_to_spec():
    spec = to_spec(l1_net(), 1)
    assert spec["inputs"] == 1
    assert [(ly["units"], ly["activation"]) for ly in spec["layers"]] == [(2, "relu"), (1, "relu")]
    assert spec["layers"][0]["weight"] == [[20.0], [40.0]] and spec["layers"][0]["bias"] == [-10.0, -200.0]
    assert spec["layers"][1]["weight"] == [[1.0, -1.0]] and spec["layers"][1]["bias"] == [0.0]


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_to_spec_keeps_each_activations_alpha(name):
    # A learned PReLU alpha (here moved to 0.42 as training would) and a chosen leaky/elu alpha survive the trip.
    layer = {"units": 2, "activation": name}
    if name in ALPHA_DEFAULTS:
        layer["alpha"] = 0.7
    model = build({"inputs": 1, "layers": [layer]}, np.random.default_rng(0))
    for p in model.parameters():
        if p.name == "alpha":
            p.data[...] = 0.42
    rebuilt = build(to_spec(model, 1), np.random.default_rng(1))
    assert [p.data.tolist() for p in rebuilt.parameters()] == [p.data.tolist() for p in model.parameters()]
    x = np.array([[-1.5], [2.0]])
    assert rebuilt.forward(x).tolist() == model.forward(x).tolist()


def test_trace_of_a_batch_reuses_each_sample():
    # Two copies of the lecture's sample: mean loss stays 25, mean gradients stay the lecture's.
    t = trace(l1_net(), [[4.0], [4.0]], [75.0, 75.0], LOSSES["mse"]())
    assert t["loss"] == 25.0
    assert t["layers"][1]["grad_weight"].tolist() == [[-700.0, 0.0]]
    assert t["layers"][0]["grad_weight"].tolist() == [[-40.0], [0.0]]


# ---------- regularizers: weights only ----------

def test_l2_penalty_on_the_l1_network():
    # lambda = 0.001: sum w^2 = 20^2 + 40^2 + 1^2 + (-1)^2 = 2002 -> penalty 2.002; biases (-10, -200, 0) excluded.
    t = l1_trace(REGULARIZERS["l2"](0.001))
    assert t["penalty"] == pytest.approx(2.002, rel=1e-14)
    assert t["loss"] == pytest.approx(27.002, rel=1e-14)
    assert t["data_loss"] == 25.0
    # d/dw of lambda w^2 = 2 lambda w: w211: -700 + 0.002, w111: -40 + 0.04; biases keep the data gradient.
    assert t["layers"][1]["grad_weight"][0, 0] == pytest.approx(-699.998, rel=1e-14)
    assert t["layers"][0]["grad_weight"][0, 0] == pytest.approx(-39.96, rel=1e-14)
    assert t["layers"][1]["grad_bias"].tolist() == [-10.0]
    assert t["layers"][0]["grad_bias"].tolist() == [-10.0, 0.0]


def test_l1_penalty_on_the_l1_network():
    # lambda = 0.01: sum |w| = 20 + 40 + 1 + 1 = 62 -> 0.62; gradient lambda sign(w): w212 = -1 -> 0 - 0.01.
    t = l1_trace(REGULARIZERS["l1"](0.01))
    assert t["penalty"] == pytest.approx(0.62, rel=1e-14)
    assert t["layers"][1]["grad_weight"][0].tolist() == pytest.approx([-699.99, -0.01], rel=1e-14)
    assert t["layers"][0]["grad_bias"].tolist() == [-10.0, 0.0]


@pytest.mark.parametrize("name", sorted(REGULARIZERS))
def test_penalty_ignores_biases_batchnorm_and_prelu_alpha(name):
    model = Sequential(Dense(2, 3, "prelu"), BatchNorm1d(3), Dense(3, 1))
    model[0].weight.data = np.array([[1.0, -2.0], [0.5, 0.0], [3.0, 1.0]])
    model[2].weight.data = np.array([[-1.0, 2.0, 0.25]])
    reg = REGULARIZERS[name](0.5)
    # Independent sums over the two weight matrices only.
    w = np.concatenate([model[0].weight.data.ravel(), model[2].weight.data.ravel()])
    expected = 0.5 * (np.sum(w ** 2) if name == "l2" else np.sum(np.abs(w)))
    assert reg.penalty(model.parameters()) == pytest.approx(expected, rel=1e-15)
    # Changing everything that is not a weight changes nothing.
    for p in model.parameters():
        if p.name != "weight":
            p.data += 5.0
    assert reg.penalty(model.parameters()) == pytest.approx(expected, rel=1e-15)
    model.zero_grad()
    reg.backward(model.parameters())
    for p in model.parameters():
        if p.name == "weight":
            assert np.any(p.grad != 0)
        else:
            assert np.all(p.grad == 0), p.name


def test_regularizer_rejects_negative_lambda():
    for name in REGULARIZERS:
        with pytest.raises(ValueError, match="lambda"):
            REGULARIZERS[name](-1.0)


# ---------- spec validation ----------

@pytest.mark.parametrize(("layer", "message"), [
    ({"units": 2, "weight": [[1.0, 2.0]]}, r"layers\[0\]\.weight: expected shape \(2, 1\)"),
    ({"units": 2, "bias": [1.0]}, r"layers\[0\]\.bias: expected shape \(2,\)"),
    ({"units": 1, "weight": [[float("nan")]]}, r"layers\[0\]\.weight: values must be finite"),
    ({"type": "conv"}, r"layers\[0\]\.type: unknown layer type"),
    ({"units": 2, "activation": "swish"}, "unknown activation"),
    ({"units": 2, "activation": "relu", "alpha": 0.1}, "takes no alpha"),
    ({"type": "dropout", "p": 1.5}, "dropout p"),
])
def test_build_rejects_bad_specs(layer, message):
    with pytest.raises(ValueError, match=message):
        build({"inputs": 1, "layers": [layer]}, np.random.default_rng(0))


def test_trace_rejects_wrong_feature_count():
    with pytest.raises(ValueError, match="1 features"):
        trace(l1_net(), [[1.0, 2.0]], [0.0], LOSSES["mse"]())


def test_missing_weights_come_from_the_initializer_and_rng():
    spec = {"inputs": 3, "layers": [{"units": 4, "activation": "relu"}, {"units": 1}]}
    a = build(spec, np.random.default_rng(5), init="xavier_uniform")
    b = build(spec, np.random.default_rng(5), init="xavier_uniform")
    assert a[0].weight.data.tobytes() == b[0].weight.data.tobytes()
    assert np.all(a[0].bias.data == 0) and np.all(a[1].bias.data == 0)
    bound = np.sqrt(6 / (3 + 4))  # xavier uniform, fan_in 3, fan_out 4
    assert np.all(np.abs(a[0].weight.data) <= bound) and np.any(a[0].weight.data != 0)
