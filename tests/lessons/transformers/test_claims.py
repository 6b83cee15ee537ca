"""Lesson 12's claims, each run on the lesson's own experiment (its maths module, presets and defaults) over
several seeds. Each test's docstring quotes the catalog key of the sentence it checks."""

from __future__ import annotations

import numpy as np
import pytest

from app.lessons.transformers import PAGE, maths
from app.runs.experiment import Experiment
from app.runs.run import Run

SEEDS = [1, 2, 3, 4, 5]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_live_model_reverses_sequences_and_its_weights_form_the_reversed_diagonal(seed):
    """tr.live.claim: after LIVE_UPDATES updates >= 95 % validation token accuracy, weights on the diagonal
    from the top right corner (position t looks at T - 1 - t)."""
    run = Run(Experiment.model_validate(maths.experiment(seed)))
    _, before = maths.run_attention(run, 0)
    run.train(maths.LIVE_UPDATES)
    assert run.val_acc[-1] >= maths.LIVE_TARGET
    with run.lock:
        diag = [maths.antidiagonal_weight(maths.run_attention(run, i)[1]) for i in range(maths.LIVE_EXAMPLES)]
    assert min(diag) > 0.6 and maths.antidiagonal_weight(before) < 0.3
    for i in range(maths.LIVE_EXAMPLES):  # every row's largest weight sits on the reversed diagonal
        w = maths.run_attention(run, i)[1]
        assert np.array_equal(np.argmax(w, axis=1), np.arange(len(w))[::-1])


@pytest.mark.parametrize("seed", SEEDS)
def test_without_scaling_rows_saturate_as_dk_grows_and_with_it_they_do_not(seed):
    """tr.sat.claim: not divided, the mean largest weight at d_k = 64 is above 0.8; divided by sqrt(d_k) it
    stays about 0.3 at every d_k."""
    s = maths.saturation(seed)
    assert s.max_unscaled[-1] > 0.8
    assert s.max_unscaled[-1] > s.max_unscaled[0] + 0.3  # it grows with d_k
    assert np.all(np.abs(s.max_scaled - 0.3) < 0.06)
    assert s.entropy_unscaled[-1] < 0.5 * s.entropy_scaled[-1]


@pytest.mark.parametrize("preset", ["identity", "context", "random"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_causal_mask_gives_zero_weight_to_later_tokens(preset, seed):
    """tr.mask.claim: with the causal mask every weight above the diagonal is exactly 0."""
    state = PAGE.handle({"action": preset, "seed": str(seed), "causal": "1"}).state
    w = [state.matrix(m) for m in "qkv"]
    for sentence in maths.SENTENCES:
        h = maths.head(sentence, *w, scale=state.scale, causal=True)
        assert np.all(np.triu(h.weights, k=1) == 0.0)
        assert np.allclose(h.weights.sum(axis=1), 1.0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_context_changes_the_attention_of_the_shared_tokens(seed):
    """tr.context.claim: the same tokens get other weights in the longer sentence (identity, context and random
    presets); with "context", "lamb" gives its largest weight to "hospital" and its output gains the place
    feature."""
    for preset in ("identity", "context", "random"):
        state = PAGE.handle({"action": preset, "seed": str(seed)}).state
        w = [state.matrix(m) for m in "qkv"]
        short, long = (maths.head(s, *w) for s in ("short", "long"))
        assert maths.shared_shift(short, long) > 0.05
    state = PAGE.handle({"action": "context"}).state
    w = [state.matrix(m) for m in "qkv"]
    short, long = (maths.head(s, *w) for s in ("short", "long"))
    lamb_long, lamb_short = long.tokens.index("lamb"), short.tokens.index("lamb")
    assert long.tokens[int(np.argmax(long.weights[lamb_long]))] == "hospital"
    place = maths.FEATURES.index("place")
    assert long.output[lamb_long, place] > 0.3 > 0.1 > short.output[lamb_short, place]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_softmax_gradient_shrinks_to_less_than_half_without_scaling(seed):
    """tr.sat.claim: at d_k = 64, not divided, the softmax's gradient (mean norm of its Jacobian) is less than
    half of the divided one's."""
    unscaled = maths.softmax_gradient(maths.row_weights(maths.DK_MAX, seed, False))
    scaled = maths.softmax_gradient(maths.row_weights(maths.DK_MAX, seed, True))
    assert unscaled < 0.5 * scaled


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dk", [4, 16, 64])
def test_a_dot_product_of_dk_random_components_has_variance_dk(seed, dk):
    """tr.sat.text: the dot product of d_k random components has variance d_k (the page's own draws), and
    divided by sqrt(d_k) variance 1."""
    q, k = maths._draws(seed)
    scores = np.einsum("rd,rkd->rk", q[:, :dk], k[:, :, :dk])
    assert scores.var() == pytest.approx(dk, rel=0.15)
    assert (scores / np.sqrt(dk)).var() == pytest.approx(1.0, rel=0.15)


def test_the_same_token_has_the_same_query_key_and_value_in_both_sentences():
    """tr.bench.text: the same token has the same q, k, v in both sentences (no position in the embeddings)."""
    for preset in ("identity", "context", "random"):
        state = PAGE.handle({"action": preset}).state
        w = [state.matrix(m) for m in "qkv"]
        short, long = (maths.head(s, *w) for s in ("short", "long"))
        offset = len(long.tokens) - len(short.tokens)
        for a, b in ((short.q, long.q), (short.k, long.k), (short.v, long.v)):
            assert np.array_equal(a, b[offset:])
