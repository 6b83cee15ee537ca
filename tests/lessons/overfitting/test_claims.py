"""Lesson 7's claims: every sentence of the page that states an outcome, checked by running the lesson's own
experiment (app.lessons.overfitting.experiment.trained: the page's run, trained to its end as the page trains it)
with the page's defaults and presets, over SEEDS. Each docstring quotes the claim's catalog key."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from app.lessons.overfitting import PAGE
from app.lessons.overfitting import experiment as ex
from app.lessons.overfitting.state import OverfittingState
from app.runs import curves as rc

SEEDS = (1, 2, 3, 4, 5)
DEFAULT = OverfittingState()
SMALL = OverfittingState(layers=ex.SMALL_LAYERS, units=ex.SMALL_UNITS)
AUGMENTED = PAGE.actions["augment"](DEFAULT)  # the page's preset button
WEAK = OverfittingState(copies=ex.WEAK_COPIES, sigma=ex.WEAK_SIGMA)


@cache
def outcome(state: OverfittingState, seed: int) -> dict:
    """What the page shows at the end of training (and after "Evaluate on the test set")."""
    run = ex.trained(state, seed)
    c = rc.curves(run)
    best_step, best_val = c.best
    train_at = dict(zip(c.steps, c.train))  # the training loss of the weights after s updates (the last: at the end)
    train_at[c.val_steps[-1]] = c.train[-1]
    val_loss, val_acc = run.evaluate("val")
    train_loss, train_acc = run.evaluate("train")
    test = run.evaluate_test()
    return {"train": c.train[-1], "val": c.val[-1], "gap": c.gap, "best_val": best_val,
            "gap_at_best": best_val - train_at[best_step], "val_acc": val_acc, "train_loss": train_loss,
            "train_acc": train_acc, "test_loss": test["test_loss"], "test_acc": test["test_acc"], "run": run}


@pytest.mark.parametrize("seed", SEEDS)
def test_the_training_loss_falls_to_zero_while_the_validation_loss_turns_up(seed):
    """of.exp.read: "The training loss falls almost to zero, while the validation loss reaches a minimum and then
    rises ... The gap grows with overfitting"."""
    o = outcome(DEFAULT, seed)
    assert o["train"] < 0.01
    assert o["val"] > 2 * o["best_val"]
    assert o["gap"] > 2 * o["gap_at_best"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_small_network_has_much_less_gap(seed):
    """of.exp.read: "a small network (1 layer of 4 neurons) has much less of it [the gap]"."""
    assert outcome(SMALL, seed)["gap"] < 0.3 * outcome(DEFAULT, seed)["gap"]


def test_the_augmentation_preset_shrinks_the_gap_clearly():
    """of.aug.try: "The gap shrinks clearly": smaller for every seed, and by at least half over the seeds."""
    ratios = [outcome(AUGMENTED, s)["gap"] / outcome(DEFAULT, s)["gap"] for s in SEEDS]
    assert max(ratios) < 0.8, ratios
    assert float(np.median(ratios)) < 0.5, ratios


@pytest.mark.parametrize("seed", SEEDS[:3])  # 3 seeds: the slowest runs (k + 1 times the rows)
def test_copies_with_a_tiny_sigma_leave_the_gap_at_least_twice_as_large(seed):
    """of.aug.when: "With σ = 0.1 the copies almost repeat the points: with k = 5 such copies the gap stays at
    least twice as large as with copies of σ = 0.5"."""
    assert outcome(WEAK, seed)["gap"] > 2 * outcome(AUGMENTED, seed)["gap"]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_test_set_used_once_tells_the_truth(seed):
    """of.test.truth: "the test accuracy comes out close to the validation accuracy (less than 10 percentage points
    apart) and clearly below the training accuracy, which reaches 100 %; the test loss, like the validation loss,
    is many times the training loss ... ({test} points with the defaults)"."""
    o = outcome(DEFAULT, seed)
    assert o["train_acc"] == 1.0
    assert abs(o["test_acc"] - o["val_acc"]) < 0.1
    assert o["test_acc"] < o["train_acc"] - 0.05
    assert o["test_loss"] > 0.5 and o["test_loss"] > 10 * o["train_loss"]
    assert o["val"] > 10 * o["train_loss"]
    assert len(o["run"].parts["test"][0]) == ex.setup(DEFAULT).test >= 2 * ex.TEST_WARN


def test_the_three_sets_are_disjoint():
    """of.sets.disjoint: "The three sets are disjoint: no example is in two of them" (also with copies: they are
    made from the training set only)."""
    for state in (DEFAULT, AUGMENTED):
        parts = outcome(state, 1)["run"].parts
        rows = {name: {tuple(x) for x in parts[name][0]} for name in ("train", "val", "test")}
        assert not rows["train"] & rows["val"] and not rows["train"] & rows["test"] and not rows["val"] & rows["test"]
        assert len(parts["val"][0]) == ex.setup(state).val and len(parts["test"][0]) == ex.setup(state).test


@pytest.mark.parametrize(("n", "warned"), [(ex.DEFAULT_N, False), (160, True), (40, True)])
def test_a_test_set_under_the_limit_is_called_small(client, n, warned):
    """of.setup.small_test: "The test set has only {size} points: its result will be largely a matter of chance"
    below TEST_WARN points, and not with the defaults."""
    html = client.get(f"/lessons/overfitting?lang=en&n={n}").text
    assert ("its result will be largely a matter of chance" in html) is warned
    assert (ex.setup(OverfittingState(n=n)).test < ex.TEST_WARN) is warned
