"""Property tests (Hypothesis) of nnlib's invariants, and initializer statistics.

Softmax rows are distributions; losses are >= 0 on valid inputs; spec -> build -> to_spec round-trips every
number bit for bit; a zero gradient moves no parameter on a fresh optimizer; trace returns the documented shapes;
dropout is the identity in eval and keeps the expected value in training. Initializers: empirical spread of a
large matrix matches the formula (SYLLABUS L5), same seed gives the same weights.
"""

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnlib.activations import ACTIVATIONS, ALPHA_DEFAULTS, value
from nnlib.initializers import INITIALIZERS
from nnlib.layers import Dense, Dropout
from nnlib.losses import LOSSES
from nnlib.module import Parameter
from nnlib.optimizers import OPTIMIZERS
from nnlib.regularizers import REGULARIZERS
from nnlib.spec import build, to_spec
from nnlib.trace import trace
from tests.helpers_numeric import log_softmax_rows, softmax_rows

FEW = settings(max_examples=30, deadline=None)

finite = st.floats(-50.0, 50.0, allow_nan=False, allow_infinity=False)


def matrices(elements=finite, rows=(1, 6), cols=(1, 5)):
    shapes = st.tuples(st.integers(*rows), st.integers(*cols))
    return shapes.flatmap(lambda s: arrays(np.float64, s, elements=elements))


# ---------- softmax ----------

@FEW
@given(matrices())
def test_softmax_rows_are_distributions(z):
    # Entries within +-50 differ by at most 100, and e^-100 > 0: every probability is strictly positive.
    a = value("softmax", z)
    assert a.shape == z.shape
    assert np.all(a > 0) and np.all(a <= 1)
    np.testing.assert_allclose(a.sum(axis=1), 1.0, rtol=0, atol=1e-12)


@FEW
@given(matrices(st.floats(-1e300, 1e300)))
def test_softmax_never_overflows(z):
    a = value("softmax", z)
    assert np.all(np.isfinite(a)) and np.all(a >= 0)
    np.testing.assert_allclose(a.sum(axis=1), 1.0, rtol=0, atol=1e-12)


# ---------- losses >= 0 ----------

def pairs(elements, other=None):
    """Two arrays of the same random shape."""
    shapes = st.tuples(st.integers(1, 6), st.integers(1, 4))
    return shapes.flatmap(lambda s: st.tuples(arrays(np.float64, s, elements=elements),
                                              arrays(np.float64, s, elements=other or elements)))


prob = st.floats(0.0, 1.0)


@st.composite
def logits_and_targets(draw, prob_rows: bool):
    z = draw(matrices(rows=(1, 6), cols=(2, 5)))
    n, c = z.shape
    if prob_rows:
        return z, softmax_rows(draw(arrays(np.float64, (n, c), elements=finite)))
    return z, np.array(draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)))


@st.composite
def ranking_inputs(draw):
    n = draw(st.integers(1, 6))
    x = draw(arrays(np.float64, (n, 2), elements=finite))
    y = np.array(draw(st.lists(st.sampled_from([-1.0, 1.0]), min_size=n, max_size=n)))
    return x, y, draw(st.floats(0.0, 2.0))


@st.composite
def kl_inputs(draw):
    z = draw(matrices(rows=(1, 6), cols=(2, 5)))
    target = softmax_rows(draw(arrays(np.float64, z.shape, elements=finite)))
    return log_softmax_rows(z), target


@FEW
@given(pairs(finite))
def test_mse_and_mae_are_nonnegative(xt):
    x, t = xt
    assert LOSSES["mse"]().forward(x, t) >= 0
    assert LOSSES["mae"]().forward(x, t) >= 0


@FEW
@given(pairs(prob))
def test_bce_is_nonnegative_and_finite(xt):
    # Inputs include exactly 0 and 1: the clamped logs keep the loss finite, as in PyTorch.
    x, t = xt
    v = LOSSES["bce"]().forward(x, t)
    assert np.isfinite(v) and v >= 0


@FEW
@given(st.booleans().flatmap(lambda rows: logits_and_targets(rows)))
def test_cross_entropy_is_nonnegative(zt):
    z, t = zt
    assert LOSSES["cross_entropy"]().forward(z, t) >= 0


@FEW
@given(ranking_inputs())
def test_margin_ranking_is_nonnegative(xym):
    x, y, m = xym
    assert LOSSES["margin_ranking"](margin=m).forward(x, y) >= 0


@FEW
@given(kl_inputs())
def test_kl_div_is_nonnegative(xt):
    x, t = xt
    # Gibbs' inequality: KL(t || p) >= 0; rounding may leave -1e-16 when t == p.
    assert LOSSES["kl_div"]().forward(x, t) >= -1e-12


@FEW
@given(logits_and_targets(False))
def test_nll_of_log_probabilities_is_nonnegative(zt):
    z, t = zt
    assert LOSSES["nll"]().forward(log_softmax_rows(z), t) >= 0


def test_kl_div_of_a_distribution_with_itself_is_zero():
    t = softmax_rows(np.array([[0.3, -1.0, 2.0], [0.0, 0.0, 0.0]]))
    assert abs(LOSSES["kl_div"]().forward(np.log(t), t)) < 1e-15


# ---------- spec round trip ----------

@st.composite
def specs(draw):
    inputs = draw(st.integers(1, 4))
    layers = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["dense", "dense", "dropout", "batchnorm"]))
        if kind == "dense":
            act = draw(st.sampled_from(sorted(ACTIVATIONS)))
            layer = {"units": draw(st.integers(1, 5)), "activation": act}
            if act in ALPHA_DEFAULTS and draw(st.booleans()):
                layer["alpha"] = draw(st.floats(0.01, 2.0))
            layers.append(layer)
        elif kind == "dropout":
            layers.append({"type": "dropout", "p": draw(st.floats(0.0, 0.9))})
        else:
            layers.append({"type": "batchnorm"})
    if not any(layer.get("type", "dense") == "dense" for layer in layers):
        layers.append({"units": 2, "activation": "identity"})
    return {"inputs": inputs, "layers": layers}


def all_numbers(model):
    """Every parameter and running statistic, in layer order."""
    out = [p.data for p in model.parameters()]
    for layer in model.layers:
        if hasattr(layer, "running_mean"):
            out += [layer.running_mean, layer.running_var]
    return out


@FEW
@given(specs(), st.integers(0, 2**32 - 1), st.sampled_from(["he_normal", "xavier_uniform", "normal"]))
def test_spec_round_trips_weights_bit_for_bit(spec, seed, init):
    model = build(spec, np.random.default_rng(seed), init=init)
    # Move BatchNorm's running statistics away from their initial 0 / 1 with one training pass.
    rng = np.random.default_rng(seed + 1)
    model.train()
    model.forward(rng.normal(size=(4, spec["inputs"])))
    first = to_spec(model, spec["inputs"])
    # Through JSON, as the API sends it.
    rebuilt = build(json.loads(json.dumps(first)), np.random.default_rng(seed + 2), init=init)
    assert to_spec(rebuilt, spec["inputs"]) == first
    a, b = all_numbers(model), all_numbers(rebuilt)
    assert len(a) == len(b)
    for u, v in zip(a, b, strict=True):
        assert u.shape == v.shape and u.tobytes() == v.tobytes()
    x = rng.normal(size=(3, spec["inputs"]))
    assert model.eval().forward(x).tobytes() == rebuilt.eval().forward(x).tobytes()


# ---------- optimizers: a zero gradient moves nothing ----------

@FEW
@given(st.sampled_from(sorted(OPTIMIZERS)), st.lists(arrays(np.float64, st.integers(1, 5), elements=finite),
                                                       min_size=1, max_size=3),
       st.floats(1e-4, 10.0), st.integers(1, 5))
def test_zero_gradient_leaves_parameters_unchanged(name, datas, lr, steps):
    # On a fresh optimizer every state (velocity, m, v, sums of squares) is zero too, so nothing may move.
    params = [Parameter(d, f"p{i}") for i, d in enumerate(datas)]
    before = [p.data.copy() for p in params]
    opt = OPTIMIZERS[name](params, lr=lr)
    for _ in range(steps):
        opt.zero_grad()
        opt.step()
    for p, b in zip(params, before, strict=True):
        # Equal values (w + 0 may turn -0.0 into +0.0, the same number).
        assert np.array_equal(p.data, b)


def test_momentum_keeps_moving_after_the_gradient_vanishes():
    # The counterpart of the property above: with a non-zero velocity, a zero gradient still moves w by mu v.
    p = Parameter([1.0], "w")
    opt = OPTIMIZERS["momentum"]([p], lr=0.1)
    p.grad = np.array([1.0])
    opt.step()  # v = -0.1, w = 0.9
    opt.zero_grad()
    opt.step()  # v = 0.9 * -0.1 = -0.09, w = 0.81
    assert p.data[0] == pytest.approx(0.81, abs=1e-15)


# ---------- trace shapes ----------

@FEW
@given(specs(), st.integers(2, 7), st.integers(0, 1000), st.sampled_from(sorted(REGULARIZERS) + [None]))
def test_trace_output_shapes(spec, n, seed, reg_name):
    rng = np.random.default_rng(seed)
    model = build(spec, rng)
    x = rng.normal(size=(n, spec["inputs"]))
    dense = model.dense_layers()
    out_units = dense[-1].out_features
    loss = LOSSES["mse"]()
    reg = None if reg_name is None else REGULARIZERS[reg_name](0.01)
    y = rng.normal(size=(n, out_units))
    result = trace(model, x, y, loss, reg)
    assert set(result) == {"loss", "data_loss", "penalty", "output", "layers"}
    assert result["output"].shape == (n, out_units)
    assert len(result["layers"]) == len(dense)
    fan_in = spec["inputs"]
    for layer in model.layers:
        if isinstance(layer, Dense):
            d = result["layers"][dense.index(layer)]
            for key in ("z", "a", "grad_a", "grad_z"):
                assert d[key].shape == (n, layer.out_features), key
            assert d["grad_weight"].shape == (layer.out_features, fan_in)
            assert d["grad_bias"].shape == (layer.out_features,)
            fan_in = layer.out_features
    for key in ("loss", "data_loss", "penalty"):
        assert isinstance(result[key], float)
    assert result["loss"] == result["data_loss"] + result["penalty"]
    if reg is None:
        assert result["penalty"] == 0.0


# ---------- dropout ----------

@FEW
@given(st.floats(0.0, 1.0), st.integers(0, 1000))
def test_dropout_in_eval_is_the_identity(p, seed):
    x = np.random.default_rng(seed).normal(size=(7, 3))
    layer = Dropout(p, np.random.default_rng(seed))
    layer.eval()
    assert layer.forward(x).tobytes() == x.tobytes()
    g = np.ones_like(x)
    assert np.array_equal(layer.backward(g), g)


@settings(max_examples=15, deadline=None)
@given(st.floats(0.05, 0.9), st.integers(0, 1000))
def test_dropout_in_training_drops_p_and_keeps_the_expected_value(p, seed):
    n = 100_000
    x = np.full((n // 10, 10), 3.0)
    layer = Dropout(p, np.random.default_rng(seed))
    out = layer.forward(x)
    dropped = out == 0
    # Survivors are scaled by 1/(1 - p), so E[out] = x.
    np.testing.assert_allclose(out[~dropped], 3.0 / (1 - p), rtol=1e-15)
    # 6 binomial standard deviations: the test fails by chance with probability ~1e-9.
    sd = math.sqrt(p * (1 - p) / n)
    assert abs(dropped.mean() - p) < 6 * sd
    assert abs(out.mean() - 3.0) < 6 * 3.0 * sd / (1 - p)


def test_dropout_p_zero_and_one_in_training():
    x = np.arange(6.0).reshape(2, 3)
    assert np.array_equal(Dropout(0.0, np.random.default_rng(0)).forward(x), x)
    assert np.array_equal(Dropout(1.0, np.random.default_rng(0)).forward(x), np.zeros_like(x))


# ---------- initializers ----------

SHAPE = (400, 600)  # fan_out = 400, fan_in = 600, fan_avg = 500: a fan mix-up changes every number below.
FAN_IN, FAN_AVG = 600, 500

# name -> (kwargs, kind, expected std, bound or None); formulas from SYLLABUS L5 (He uniform: the standard
# sqrt(6/fan_in)), normal's default sigma 0.01 from the lecture.
INIT_EXPECTED = {
    "zeros": ({}, "const", 0.0, 0.0),
    "constant": ({"value": 0.25}, "const", 0.0, 0.25),
    "normal": ({}, "normal", 0.01, None),
    "uniform": ({"low": -0.2, "high": 0.2}, "uniform", 0.2 / math.sqrt(3), 0.2),
    "xavier_normal": ({}, "normal", math.sqrt(1 / FAN_AVG), None),
    "xavier_uniform": ({}, "uniform", math.sqrt(3 / FAN_AVG) / math.sqrt(3), math.sqrt(3 / FAN_AVG)),
    "he_normal": ({}, "normal", math.sqrt(2 / FAN_IN), None),
    "he_uniform": ({}, "uniform", math.sqrt(6 / FAN_IN) / math.sqrt(3), math.sqrt(6 / FAN_IN)),
}


def test_every_initializer_has_expected_statistics():
    assert set(INIT_EXPECTED) == set(INITIALIZERS)


@pytest.mark.parametrize("name", sorted(INITIALIZERS))
def test_initializer_statistics_match_the_formula(name):
    kw, kind, std, bound = INIT_EXPECTED[name]
    w = INITIALIZERS[name](SHAPE, np.random.default_rng(0), **kw)
    assert w.shape == SHAPE and w.dtype == np.float64
    if kind == "const":
        assert np.all(w == bound)
        return
    n = w.size
    # Sample std has relative standard error ~ 1/sqrt(2n) ~ 0.0014 here; 2% is > 10 of those.
    assert abs(w.std() / std - 1) < 0.02
    assert abs(w.mean()) < 6 * std / math.sqrt(n)
    if kind == "uniform":
        assert np.max(np.abs(w)) <= bound
        assert np.max(np.abs(w)) > 0.999 * bound  # the bound is reached, not a smaller one
    else:
        # A normal sample this size has |w| beyond 4 sigma a few times, beyond 6 sigma practically never.
        assert 4 * std < np.max(np.abs(w)) < 6 * std


def test_default_normal_is_the_lectures_sigma():
    w = INITIALIZERS["normal"]((300, 300), np.random.default_rng(1))
    assert abs(w.std() - 0.01) < 0.0002


@pytest.mark.parametrize("name", sorted(INITIALIZERS))
def test_same_seed_gives_the_same_weights(name):
    kw = INIT_EXPECTED[name][0]
    a = INITIALIZERS[name]((5, 7), np.random.default_rng(42), **kw)
    b = INITIALIZERS[name]((5, 7), np.random.default_rng(42), **kw)
    assert a.tobytes() == b.tobytes()
    if INIT_EXPECTED[name][1] != "const":
        c = INITIALIZERS[name]((5, 7), np.random.default_rng(43), **kw)
        assert not np.array_equal(a, c)
