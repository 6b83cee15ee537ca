"""Property tests (Hypothesis) for convolution, pooling and attention: output sizes follow the formula (or a
clear ValueError), pooling bounds, Flatten round-trips, attention weights are distributions (zero where masked)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlib.attention import SelfAttention, scaled_dot_product_attention
from nnlib.conv import AvgPool2d, Conv2d, Flatten, MaxPool2d

FEW = settings(max_examples=40, deadline=None)


@FEW
@given(st.integers(1, 9), st.integers(1, 9), st.integers(1, 4), st.integers(1, 4), st.integers(1, 3),
       st.integers(0, 2), st.integers(0, 1000))
def test_conv_output_size_is_the_formula_or_a_clear_error(h, w, kh, kw, s, p, seed):
    conv = Conv2d(2, 3, (kh, kw), s, p)
    x = np.random.default_rng(seed).normal(size=(2, 2, h, w))
    ho, wo = (h + 2 * p - kh) // s + 1, (w + 2 * p - kw) // s + 1
    if ho < 1 or wo < 1:
        with pytest.raises(ValueError, match="does not fit"):
            conv.forward(x)
        return
    assert conv.forward(x).shape == (2, 3, ho, wo)
    assert conv.backward(np.ones((2, 3, ho, wo))).shape == x.shape


@FEW
@given(st.integers(1, 8), st.integers(1, 8), st.integers(1, 3), st.one_of(st.none(), st.integers(1, 3)),
       st.integers(0, 1000))
def test_max_pool_bounds_avg_pool_and_both_keep_constants(h, w, k, s, seed):
    x = np.random.default_rng(seed).normal(size=(2, 3, h, w))
    stride = k if s is None else s
    if k > h or k > w:
        with pytest.raises(ValueError, match="output size"):
            MaxPool2d(k, s).forward(x)
        return
    mx, avg = MaxPool2d(k, s).forward(x), AvgPool2d(k, s).forward(x)
    assert mx.shape == avg.shape == (2, 3, (h - k) // stride + 1, (w - k) // stride + 1)
    assert np.all(mx >= avg - 1e-12) and np.all(mx <= x.max())
    const = np.full_like(x, 1.5)
    assert np.all(MaxPool2d(k, s).forward(const) == 1.5)
    np.testing.assert_allclose(AvgPool2d(k, s).forward(const), 1.5, rtol=1e-15)


@FEW
@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 5), st.integers(1, 5), st.integers(0, 1000))
def test_flatten_round_trips(n, c, h, w, seed):
    x = np.random.default_rng(seed).normal(size=(n, c, h, w))
    f = Flatten()
    y = f.forward(x)
    assert y.shape == (n, c * h * w) and np.array_equal(y[:, 0], x[:, 0, 0, 0])
    assert np.array_equal(f.backward(y), x)


@FEW
@given(st.integers(1, 6), st.integers(1, 6), st.integers(1, 4), st.booleans(), st.booleans(), st.integers(0, 1000))
def test_attention_weights_are_distributions(tq, tk, d, scale, causal, seed):
    rng = np.random.default_rng(seed)
    q, k, v = rng.normal(size=(2, tq, d)) * 5, rng.normal(size=(2, tk, d)) * 5, rng.normal(size=(2, tk, 3))
    out, weights, _ = scaled_dot_product_attention(q, k, v, scale, causal)
    assert out.shape == (2, tq, 3) and weights.shape == (2, tq, tk)
    assert np.all(weights >= 0)
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0, rtol=0, atol=1e-12)
    if causal:
        assert np.all(weights[:, np.triu(np.ones((tq, tk), dtype=bool), 1)] == 0)
    # Each output is a convex combination of the values: it stays inside their range.
    assert np.all(out <= v.max(axis=1, keepdims=True) + 1e-12) and np.all(out >= v.min(axis=1, keepdims=True) - 1e-12)


def test_self_attention_rejects_the_wrong_width_and_conv_the_wrong_channels():
    with pytest.raises(ValueError, match=r"expected x of shape \(n, T, 4\)"):
        SelfAttention(4, 2).forward(np.zeros((2, 3, 5)))
    with pytest.raises(ValueError, match="same d_k"):
        scaled_dot_product_attention(np.zeros((2, 3)), np.zeros((2, 4)), np.zeros((2, 4)))
    with pytest.raises(ValueError, match="same number of positions"):
        scaled_dot_product_attention(np.zeros((2, 3)), np.zeros((2, 3)), np.zeros((3, 4)))
    with pytest.raises(ValueError, match="expected x with 3 channels"):
        Conv2d(3, 1, 1).forward(np.zeros((1, 2, 4, 4)))


def test_residual_needs_a_shape_preserving_inner_path():
    from nnlib.residual import Residual

    with pytest.raises(ValueError, match=r"F changes the shape from \(1, 2, 4, 4\) to \(1, 3, 4, 4\)"):
        Residual(Conv2d(2, 3, 3, padding=1)).forward(np.zeros((1, 2, 4, 4)))
    with pytest.raises(ValueError, match="at least one layer"):
        Residual()
    # With F = 0 the block is the identity, in value and in gradient.
    block = Residual(Conv2d(2, 2, 3, padding=1))
    x = np.random.default_rng(0).normal(size=(1, 2, 4, 4))
    assert np.array_equal(block.forward(x), x)
    assert np.array_equal(block.backward(x), x)
