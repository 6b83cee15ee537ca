"""Central finite-difference gradient checks (float64, relative error < 1e-6) for every backward in nnlib.

Parametrized from the registries (ACTIVATIONS, LOSSES, REGULARIZERS), so a new entry is checked automatically and
an entry without a case fails `test_every_*_has_a_gradcheck_case`. Points are kept away from kinks (relu at 0,
|x - t| at 0, the margin hinge), where a finite difference says nothing about the derivative.

Scalar objectives for modules are L = sum(out * G) with a fixed random G, so dL/d out = G.
"""

import numpy as np
import pytest

from nnlib.activations import ACTIVATIONS, make
from nnlib.layers import BatchNorm1d, Dense, Dropout, Sequential
from nnlib.losses import LOSSES, CrossEntropyLoss
from nnlib.regularizers import REGULARIZERS
from tests.helpers_numeric import ACTIVATION_KW, LOSS_CASES, assert_gradient, away_from_zero

REGULARIZER_LAMBDAS = {"l1": 0.3, "l2": 0.7}



def test_every_activation_has_a_gradcheck_case():
    assert set(ACTIVATION_KW) == set(ACTIVATIONS)


def test_every_loss_has_a_gradcheck_case():
    assert set(LOSS_CASES) == set(LOSSES)


def test_every_regularizer_has_a_gradcheck_case():
    assert set(REGULARIZER_LAMBDAS) == set(REGULARIZERS)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_input_gradient(name):
    rng = np.random.default_rng(1)
    act = make(name, **ACTIVATION_KW[name])
    z = away_from_zero(rng, (3, 4), 0.2, 3.0)
    g = rng.normal(size=(3, 4))

    def f():
        return float(np.sum(act.forward(z) * g))

    f()
    analytic = act.backward(g)
    assert_gradient(analytic, f, z, f"{name} dz")


@pytest.mark.parametrize("name", sorted(n for n in ACTIVATIONS if make(n, **ACTIVATION_KW[n]).parameters()))
def test_activation_parameter_gradients(name):
    # Today only prelu has a learned parameter (alpha); a new learned activation is picked up here.
    rng = np.random.default_rng(2)
    act = make(name, **ACTIVATION_KW[name])
    z = away_from_zero(rng, (4, 3))
    g = rng.normal(size=(4, 3))

    def f():
        return float(np.sum(act.forward(z) * g))

    for p in act.parameters():
        act.zero_grad()
        f()
        act.backward(g)
        assert np.any(p.grad != 0), f"{name}.{p.name}: zero gradient makes the check meaningless"
        assert_gradient(p.grad.copy(), f, p.data, f"{name}.{p.name}")


def test_prelu_is_in_the_parameter_check():
    assert "prelu" in [n for n in ACTIVATIONS if make(n, **ACTIVATION_KW[n]).parameters()]


def loss_case_ids():
    rng = np.random.default_rng(0)
    return [(name, i) for name in sorted(LOSSES) for i in range(len(LOSS_CASES[name](rng)))]


@pytest.mark.parametrize(("name", "case"), loss_case_ids())
def test_loss_input_gradient(name, case):
    kw, x, t = LOSS_CASES[name](np.random.default_rng(3))[case]
    loss = LOSSES[name](**kw)

    def f():
        return loss.forward(x, t)

    f()
    analytic = loss.backward()
    assert analytic.shape == x.shape
    assert_gradient(analytic, f, x, f"{name} case {case} d input")


@pytest.mark.parametrize("name", sorted(REGULARIZERS))
def test_regularizer_gradient(name):
    rng = np.random.default_rng(4)
    model = Sequential(Dense(3, 4, "prelu"), BatchNorm1d(4), Dense(4, 2, "tanh"))
    for p in model.parameters():
        # Away from 0: |w| has its kink there.
        p.data[...] = away_from_zero(rng, p.data.shape, 0.1, 1.5)
    reg = REGULARIZERS[name](REGULARIZER_LAMBDAS[name])
    params = model.parameters()

    def f():
        return reg.penalty(params)

    model.zero_grad()
    reg.backward(params)
    for p in params:
        assert_gradient(p.grad.copy(), f, p.data, f"{name} d{p.name}")
        if not p.regularize:
            # biases, BatchNorm's gamma/beta and PReLU's alpha carry no penalty.
            assert np.all(p.grad == 0), p.name


def dense_with_points_away_from_kink(name, rng, n=5, d_in=3, d_out=4):
    """A Dense layer and input whose pre-activations are all >= 0.1 from 0 (relu-like kinks)."""
    layer = Dense(d_in, d_out, name, **ACTIVATION_KW[name])
    layer.weight.data = rng.normal(size=(d_out, d_in))
    layer.bias.data = rng.normal(size=d_out)
    x = rng.normal(size=(n, d_in))
    for _ in range(100):
        z = x @ layer.weight.data.T + layer.bias.data
        if np.min(np.abs(z)) >= 0.1:
            break
        x = rng.normal(size=(n, d_in))
    else:
        raise AssertionError("could not draw inputs away from the kink")
    # Both sides of the kink occur, so relu's zero branch is exercised too.
    assert np.any(z > 0) and np.any(z < 0)
    return layer, x


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_dense_gradients_for_each_activation(name):
    rng = np.random.default_rng(5)
    layer, x = dense_with_points_away_from_kink(name, rng)
    g = rng.normal(size=(x.shape[0], layer.out_features))

    def f():
        return float(np.sum(layer.forward(x) * g))

    layer.zero_grad()
    f()
    dx = layer.backward(g)
    assert_gradient(dx, f, x, f"Dense({name}) dx")
    for p in layer.parameters():
        assert_gradient(p.grad.copy(), f, p.data, f"Dense({name}) d{p.name}")
    names = [p.name for p in layer.parameters()]
    assert names[:2] == ["weight", "bias"]


def test_dropout_gradient_with_a_fixed_mask():
    rng = np.random.default_rng(6)
    layer = Dropout(0.4, np.random.default_rng(0))
    x = rng.normal(size=(6, 5))
    g = rng.normal(size=(6, 5))

    def f():
        layer.rng = np.random.default_rng(123)  # same mask at every evaluation
        return float(np.sum(layer.forward(x) * g))

    f()
    dx = layer.backward(g)
    assert np.any(layer.mask == 0) and np.any(layer.mask != 0), "the mask must drop some values and keep others"
    assert_gradient(dx, f, x, "Dropout dx")


@pytest.mark.parametrize("training", [True, False], ids=["train", "eval"])
def test_batchnorm_gradients(training):
    rng = np.random.default_rng(7)
    layer = BatchNorm1d(3)
    layer.gamma.data = rng.uniform(0.5, 2.0, size=3)
    layer.beta.data = rng.normal(size=3)
    layer.running_mean = rng.normal(size=3)
    layer.running_var = rng.uniform(0.5, 2.0, size=3)
    layer.train(training)
    x = rng.normal(loc=1.0, scale=2.0, size=(6, 3))
    g = rng.normal(size=(6, 3))

    def f():
        return float(np.sum(layer.forward(x) * g))

    layer.zero_grad()
    f()
    dx = layer.backward(g)
    assert_gradient(dx, f, x, f"BatchNorm1d({'train' if training else 'eval'}) dx")
    assert_gradient(layer.gamma.grad.copy(), f, layer.gamma.data, "BatchNorm1d dgamma")
    assert_gradient(layer.beta.grad.copy(), f, layer.beta.data, "BatchNorm1d dbeta")


def test_sequential_with_dropout_and_batchnorm_gradients():
    rng = np.random.default_rng(8)
    model = Sequential(Dense(3, 5, "tanh"), BatchNorm1d(5), Dropout(0.3, rng), Dense(5, 4, "prelu"),
                       Dense(4, 3, "softplus"))
    for p in model.parameters():
        if p.name in ("weight", "bias"):
            p.data[...] = rng.normal(size=p.data.shape)
    model[1].gamma.data = rng.uniform(0.5, 1.5, size=5)
    model[1].beta.data = rng.normal(size=5)
    x = rng.normal(size=(8, 3))
    t = rng.integers(0, 3, size=8)
    loss = CrossEntropyLoss()

    def f():
        model[2].rng = np.random.default_rng(99)  # fixed dropout mask
        return loss.forward(model.forward(x), t)

    model.zero_grad()
    f()
    assert np.min(np.abs(model[3].z)) >= 1e-3, "prelu inputs must stay away from the kink"
    assert np.any(model[2].mask == 0)
    dx = model.backward(loss.backward())
    assert_gradient(dx, f, x, "Sequential dx")
    for i, layer in enumerate(model.layers):
        for p in layer.parameters():
            assert_gradient(p.grad.copy(), f, p.data, f"Sequential layer {i} d{p.name}")
