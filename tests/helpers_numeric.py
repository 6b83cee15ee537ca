"""Shared numeric helpers for nnlib's tests: central finite differences, relative error, valid loss inputs.

The finite-difference gradient is CS231n's `eval_numerical_gradient`: for every entry x_i,
df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / (2h), with x perturbed in place and restored, so `f` can read x
(or a Parameter's `.data`) directly. Relative error is |a - n| / max(|a| + |n|, tiny), elementwise, the max taken.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

# Float64 central differences: truncation O(h^2) and rounding O(eps/h) both stay near 1e-10 with h = 1e-5.
H = 1e-5
# CS231n's floor for the denominator: two gradients that are both below it count as equal.
TINY = 1e-8
GRAD_TOL = 1e-6


def numerical_gradient(f: Callable[[], float], x: np.ndarray, h: float = H) -> np.ndarray:
    """df/dx by central differences; x (any shape, float64) is changed in place during the call and restored.

    f takes no arguments and returns a float computed from the current x. Returns an array of x's shape.
    """
    assert x.dtype == np.float64, "finite differences need float64"
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=[["readwrite"]])
    while not it.finished:
        i = it.multi_index
        old = x[i]
        x[i] = old + h
        f_plus = f()
        x[i] = old - h
        f_minus = f()
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
        it.iternext()
    return grad


def rel_error(analytic, numeric, tiny: float = TINY) -> float:
    """max over entries of |a - n| / max(|a| + |n|, tiny)."""
    a = np.asarray(analytic, dtype=np.float64)
    n = np.asarray(numeric, dtype=np.float64)
    assert a.shape == n.shape, f"gradient shapes differ: {a.shape} vs {n.shape}"
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), tiny)))


def assert_gradient(analytic, f: Callable[[], float], x: np.ndarray, what: str, tol: float = GRAD_TOL) -> None:
    """Assert that `analytic` equals the central-difference gradient of f with respect to x."""
    numeric = numerical_gradient(f, x)
    err = rel_error(analytic, numeric)
    assert err < tol, f"{what}: relative error {err:.3e} >= {tol:g}\nanalytic={analytic}\nnumeric={numeric}"


def away_from_zero(rng: np.random.Generator, shape, low: float = 0.2, high: float = 2.0) -> np.ndarray:
    """Values with |v| in [low, high] and random sign: safely away from kinks at 0."""
    return rng.uniform(low, high, size=shape) * rng.choice([-1.0, 1.0], size=shape)


def softmax_rows(z: np.ndarray) -> np.ndarray:
    """Independent softmax over the last axis (for building valid targets)."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax_rows(z: np.ndarray) -> np.ndarray:
    return np.log(softmax_rows(z))


# Valid (kwargs, input, target) for each loss, away from kinks. Each entry returns a list of cases so one loss
# can be checked with several target kinds (cross_entropy: indices and probability rows). Keyed by LOSSES name:
# a test asserts the key sets are equal, so a new loss without cases fails.
def _mse(rng):
    return [({}, rng.normal(size=(4, 3)), rng.normal(size=(4, 3)))]


def _mae(rng):
    x = rng.normal(size=(4, 3))
    # target at least 0.1 away from the input: |x - t| has its kink at 0.
    return [({}, x, x + away_from_zero(rng, (4, 3), 0.1, 1.0))]


def _bce(rng):
    x = rng.uniform(0.05, 0.95, size=(5, 2))
    return [({}, x, rng.integers(0, 2, size=(5, 2)).astype(np.float64)),
            ({}, x.copy(), rng.uniform(0.0, 1.0, size=(5, 2)))]


def _nll(rng):
    return [({}, log_softmax_rows(rng.normal(size=(5, 3))), rng.integers(0, 3, size=5))]


def _cross_entropy(rng):
    return [({}, rng.normal(size=(5, 3)), rng.integers(0, 3, size=5)),
            ({}, rng.normal(size=(5, 3)), softmax_rows(rng.normal(size=(5, 3))))]


def _margin_ranking(rng):
    n, margin = 6, 0.5
    y = np.array([1.0, -1.0, 1.0, -1.0, 1.0, -1.0])
    # Choose the hinge argument h = -y (x1 - x2) + m first, half active and half inactive, all |h| >= 0.2,
    # then solve for x2: x1 - x2 = (m - h) y.
    h = np.array([0.7, 0.3, -0.4, 1.2, -0.9, 0.2])
    x1 = rng.normal(size=n)
    x2 = x1 - (margin - h) * y
    return [({"margin": margin}, np.stack([x1, x2], axis=1), y)]


def _kl_div(rng):
    target = softmax_rows(rng.normal(size=(4, 3)))
    target_with_zero = target.copy()
    target_with_zero[0] = [0.0, 0.4, 0.6]
    return [({}, log_softmax_rows(rng.normal(size=(4, 3))), target),
            ({}, log_softmax_rows(rng.normal(size=(4, 3))), target_with_zero)]


LOSS_CASES = {
    "mse": _mse,
    "mae": _mae,
    "bce": _bce,
    "nll": _nll,
    "cross_entropy": _cross_entropy,
    "margin_ranking": _margin_ranking,
    "kl_div": _kl_div,
}

# Keyword arguments used to build each activation in checks (alpha away from the defaults where there is one).
ACTIVATION_KW = {
    "identity": {},
    "relu": {},
    "leaky_relu": {"alpha": 0.1},
    "prelu": {"alpha": 0.3},
    "silu": {},
    "elu": {"alpha": 1.5},
    "softplus": {},
    "sigmoid": {},
    "tanh": {},
    "softmax": {},
}
