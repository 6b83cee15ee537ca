"""Lesson 6's claims: every sentence of the page that states an outcome, checked by running the lesson's own
experiment (app.lessons.regularization.experiment.trained: the page's run, trained to its end as the page trains
it) and demonstration (demo.calls) with the page's defaults and presets, over SEEDS. Each docstring quotes the
claim's catalog key."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from app.lessons.regularization import PAGE, demo
from app.lessons.regularization import experiment as ex
from app.lessons.regularization.state import RegularizationState
from app.runs import curves as rc

SEEDS = (1, 2, 3, 4, 5)
DEFAULT = RegularizationState()
L1 = RegularizationState(reg="l1")
L2 = RegularizationState(reg="l2")
DROPOUT = PAGE.actions["dropout"](DEFAULT)  # the page's preset buttons
FEW = PAGE.actions["few"](DEFAULT)
FEW_WITHOUT = FEW.model_copy(update={"dropout": 0.0})


@cache
def outcome(state: RegularizationState, seed: int) -> dict:
    """What the page's numbers show at the end of training: the losses in eval mode without the penalty, the
    gap, the lowest validation loss on the way, and the weights."""
    run = ex.trained(state, seed)
    c = rc.curves(run)
    train, gap = ex.losses(run, c)  # what the page's numbers show
    w, _ = ex.weights(run)
    return {"val": c.val[-1], "best_val": c.best[1], "train": train, "gap": gap, "w": w}


def test_the_presets_are_what_the_page_names():
    assert DROPOUT == RegularizationState(dropout=ex.DROPOUT)
    assert (FEW.n, FEW.units, FEW.dropout) == (ex.FEW["n"], ex.FEW["units"], ex.FEW["dropout"])


@pytest.mark.parametrize("seed", SEEDS)
def test_without_a_penalty_the_validation_loss_turns_up(seed):
    """reg.exp.read: "Without a penalty the validation loss reaches a minimum and then rises: the network
    overfits"."""
    o = outcome(DEFAULT, seed)
    assert o["val"] > 1.1 * o["best_val"]
    assert o["gap"] > 0.1


@pytest.mark.parametrize("seed", SEEDS)
def test_l1_drives_most_weights_to_zero_within_gamma_lambda(seed):
    """reg.exp.read: "With L1 most weights collapse to zero – the bar at zero grows and the |w| < 0.001 count
    jumps"; reg.pen.difference: "most weights end up at zero ... such a weight jitters within about γλ of zero"."""
    w, w0 = outcome(L1, seed)["w"], outcome(DEFAULT, seed)["w"]
    assert ex.small_count(w) > 0.9 * w.size
    assert ex.small_count(w) > 20 * ex.small_count(w0)
    assert ex.SMALL <= 1.5 * ex.LR * ex.DEFAULT_LAMBDA  # "about γλ": the count's threshold is that distance
    assert float(np.median(np.abs(w))) < ex.LR * ex.DEFAULT_LAMBDA


@pytest.mark.parametrize("seed", SEEDS)
def test_l2_shrinks_every_weight_but_few_reach_zero(seed):
    """reg.exp.read: "With L2 the histogram narrows: all weights shrink, but few sit right at zero";
    reg.pen.difference: "all of them shrink but seldom reach zero"."""
    w, w0 = outcome(L2, seed)["w"], outcome(DEFAULT, seed)["w"]
    assert np.mean(np.abs(w)) < 0.3 * np.mean(np.abs(w0))
    assert np.max(np.abs(w)) < 0.8 * np.max(np.abs(w0))
    assert ex.small_count(w) < 0.1 * w.size


@pytest.mark.parametrize("seed", SEEDS)
def test_both_penalties_shrink_the_gap(seed):
    """reg.exp.read: "In both cases the gap shrinks"."""
    gap = outcome(DEFAULT, seed)["gap"]
    assert outcome(L1, seed)["gap"] < 0.7 * gap
    assert outcome(L2, seed)["gap"] < 0.8 * gap


@pytest.mark.parametrize("seed", SEEDS)
def test_the_dropout_preset_narrows_the_gap_and_lowers_the_validation_loss(seed):
    """reg.drop.when: "With the defaults (400 points, 64 neurons a layer) p = 0.2 narrows the gap and lowers the
    validation loss"."""
    with_p, without = outcome(DROPOUT, seed), outcome(DEFAULT, seed)
    assert with_p["gap"] < 0.75 * without["gap"]
    assert with_p["val"] < 0.97 * without["val"]


def test_with_little_data_dropout_is_a_lottery():
    """reg.drop.when: "With little data and a small network (80 points, 16 neurons a layer) p = 0.5 is a lottery:
    for some random seeds the validation loss goes down, for others it goes up (for this page's seed it roughly
    doubles)"."""
    ratios = {s: outcome(FEW, s)["val"] / outcome(FEW_WITHOUT, s)["val"] for s in SEEDS}
    assert any(r < 0.8 for r in ratios.values()) and any(r > 1.25 for r in ratios.values()), ratios
    assert 1.6 < ratios[ex.SEED] < 2.5, ratios


@pytest.mark.parametrize("seed", range(5))
def test_train_mode_draws_new_masks_and_eval_mode_repeats_the_lecture_value(seed):
    """reg.drop.modes: "In train mode every call draws a new mask and the results differ; in eval mode dropout
    does nothing, so the results are identical"; reg.drop.note: "For x = 4 ... eval mode gives exactly that [70].
    In training with p = 0.5 the output is 140 (y₁₁ kept and doubled) or 0 (y₁₁ zeroed)"."""
    d = demo.calls(0.5, 4.0, seed, train_calls=40)
    assert d["eval"] == [70.0, 70.0]
    outputs = {y for _, y in d["train"]}
    assert outputs == {0.0, 140.0}
    assert len({mask for mask, _ in d["train"]}) > 1


@pytest.mark.parametrize("p", [0.2, 0.5])
def test_scaling_the_kept_outputs_keeps_the_mean(p):
    """reg.drop.text: "multiplies the others by 1/(1 − p), so that the mean stays the same" (over many calls)."""
    for seed in range(3):
        d = demo.calls(p, 4.0, seed, train_calls=4000)
        assert abs(np.mean([y for _, y in d["train"]]) - d["eval"][0]) < 0.05 * d["eval"][0]


@pytest.mark.parametrize("state", [L1, L2], ids=["l1", "l2"])
def test_the_penalty_counts_weights_and_not_biases(state):
    """reg.pen.text: "Biases are not penalized": the run's penalty is λ times the sum over the dense weights
    alone (|w| for L1, w² for L2)."""
    run = ex.trained(state, ex.SEED, updates=ex.CHUNK)
    dense = run.model.dense_layers()
    w = np.concatenate([d.weight.data.ravel() for d in dense])
    expected = ex.DEFAULT_LAMBDA * (np.sum(np.abs(w)) if state.reg == "l1" else np.sum(w * w))
    assert run.trainer.regularizer.penalty(run.model.parameters()) == pytest.approx(expected, rel=1e-9)
    assert any(np.any(d.bias.data != 0) for d in dense)  # the biases exist and were trained, yet cost nothing
