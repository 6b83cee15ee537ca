"""Lesson 10's claims, each checked on the lesson's own code or page with the page's defaults.

The six losses and "why cross-entropy" have no randomness: their claims are checked exactly, through the page or
nnlib. The live comparison trains: its claims are checked over five seeds (the page's own among them) with the
page's experiment (maths.experiment), stepped in the page's frames and measured as the stream measures them
(training accuracy after every frame), each with a margin.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.lessons.losses import PAGE, maths
from app.lessons.losses.state import LIVE_LR, LIVE_SEED
from app.runs.experiment import Experiment
from app.runs.run import Run
from nnlib import losses
from tests.page_helpers import _no_cookies, num, page_getter, soup_of  # noqa: F401

get = page_getter(PAGE.path)
SEEDS = (0, 1, 2, 3, 4)  # 1 is the page's own
assert LIVE_SEED in SEEDS
HIGH = 0.9  # "high accuracy": 90 % on the training set, as ls.live.expect says


def at_point(soup, name: str) -> tuple[float, list[float]]:
    loss = num(soup.select_one(f'[data-loss="{name}"]').get_text())
    grads = [num(el.get_text()) for el in soup.select(f'[data-grad^="{name}-"]')]
    return loss, grads


# ---------------------------------------------------------------- conventions

@pytest.mark.parametrize("name", ["mse", "mae", "bce"])
@pytest.mark.parametrize("n", [2, 5, 10])
def test_for_n_examples_every_gradient_is_divided_by_n(name, n):
    """ls.conv.mean: for n examples nnlib (like PyTorch) takes the mean, so every gradient is the one-example
    gradient divided by n."""
    rng = np.random.default_rng(n)
    x = rng.uniform(0.05, 0.95, (n, 1))
    y = rng.uniform(0, 1, (n, 1)) if name != "bce" else rng.integers(0, 2, (n, 1)).astype(float)
    loss = losses.make(name)
    loss.forward(x, y)
    batch = loss.backward()
    for i in range(n):
        one = losses.make(name)
        one.forward(x[i:i + 1], y[i:i + 1])
        assert batch[i, 0] == pytest.approx(one.backward()[0, 0] / n, rel=1e-12)


def test_kl_divergence_sums_over_classes_and_divides_by_the_examples():
    """ls.conv.mean: KL divergence sums over the classes and divides by the number of examples ('batchmean')."""
    q = np.array([[0.7, 0.3], [0.2, 0.8], [0.5, 0.5]])
    y = np.array([[0.3, 0.7], [0.6, 0.4], [0.9, 0.1]])
    value = losses.make("kl_div").forward(np.log(q), y)
    assert value == pytest.approx(np.sum(y * (np.log(y) - np.log(q))) / 3, rel=1e-12)


# ---------------------------------------------------------------- the six losses

@pytest.mark.parametrize("y", [-2.0, 1.0])
def test_the_mse_gradient_grows_linearly_with_the_distance(client, y):
    """ls.mse.note: the gradient grows linearly with the distance from the target: a big error, a big step."""
    grads = [at_point(soup_of(get(client, mse_y=y, mse_x=y + d)), "mse")[1][0] for d in (1, 2, 4, -3)]
    assert grads == pytest.approx([2.0, 4.0, 8.0, -6.0], rel=1e-9)


def test_the_mae_gradient_has_one_size_and_0_at_the_target(client):
    """ls.mae.note: the gradient always has the same size (±1), 0 at x = y as in PyTorch."""
    for d, g in ((0.01, 1.0), (50.0, 1.0), (-0.5, -1.0), (-80.0, -1.0), (0.0, 0.0)):
        assert at_point(soup_of(get(client, mae_y=1, mae_x=1 + d)), "mae")[1] == [g]


def test_one_very_wrong_example_dominates_mse_but_not_mae():
    """ls.mae.note: a few very wrong examples do not dominate training with MAE (they do with MSE): in a batch of
    ten with errors of 0.1 and one of 10, that one gets 10 % of MAE's gradient and over 90 % of MSE's."""
    x = np.array([[0.1]] * 9 + [[10.0]])
    y = np.zeros_like(x)
    share = {}
    for name in ("mae", "mse"):
        loss = losses.make(name)
        loss.forward(x, y)
        g = np.abs(loss.backward()[:, 0])
        share[name] = g[-1] / g.sum()
    assert share["mae"] == pytest.approx(0.1) and share["mse"] > 0.9


@pytest.mark.parametrize(("x", "y"), [(0, 1), (1, 0)])
def test_bce_of_a_certain_wrong_answer_is_large_but_finite(client, x, y):
    """ls.bce.note: nnlib clamps the log at −100, so x = 0 or 1 gives a large but finite number (100)."""
    loss, grads = at_point(soup_of(get(client, bce_x=x, bce_y=y)), "bce")
    assert loss == 100 and all(math.isfinite(g) for g in grads)


@pytest.mark.parametrize(("t", "z1", "z2"), [(1, -2.0, 0.0), (2, 3.0, -1.0), (1, 15.0, -15.0)])
def test_cross_entropy_is_softmax_then_nll(client, t, z1, z2):
    """ls.ce.note / the formula (softmax + NLL): the loss of raw logits is −log of softmax's probability of the
    true class c."""
    loss, grads = at_point(soup_of(get(client, ce_t=t, ce_x=z1, ce_z2=z2)), "cross_entropy")
    z = np.array([z1, z2])
    p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    assert loss == pytest.approx(-math.log(p[t - 1]), rel=1e-5, abs=1e-9)
    assert grads == pytest.approx(list(p - np.eye(2)[t - 1]), rel=1e-5, abs=1e-9)


@pytest.mark.parametrize(("y", "m", "x2"), [(1, 1.0, 0.0), (-1, 2.0, 1.0), (1, 0.5, -3.0)])
def test_margin_ranking_is_zero_once_the_right_score_wins_by_the_margin(client, y, m, x2):
    """ls.mr.note: the loss is zero once the right score wins by at least the margin m (and not before)."""
    win = x2 + y * m  # x1 here wins by exactly m
    for x1, zero in ((win + y * 0.01, True), (win + y * 5, True), (win - y * 0.01, False), (x2, False)):
        loss, grads = at_point(soup_of(get(client, mr_y=y, mr_m=m, mr_x2=x2, mr_x=x1)), "margin_ranking")
        assert (loss == 0) == zero and (grads == [0, 0]) == zero


@pytest.mark.parametrize("y", [0.1, 0.3, 0.5, 0.8])
def test_kl_is_smallest_0_where_q_equals_y_and_its_gradient_is_minus_y(client, y):
    """ls.kl.note: the loss is smallest (0) at q = y₁; the gradient with respect to x is −y, whatever q."""
    soup = soup_of(get(client, kl_y=y, kl_x=y))
    loss, grads = at_point(soup, "kl_div")
    assert loss == pytest.approx(0, abs=1e-9) and grads == pytest.approx([-y, -(1 - y)], rel=1e-5)
    for q in (y / 2, (1 + y) / 2):
        other, grads = at_point(soup_of(get(client, kl_y=y, kl_x=q)), "kl_div")
        assert other > 1e-3 and grads == pytest.approx([-y, -(1 - y)], rel=1e-5)


# ---------------------------------------------------------------- why cross-entropy

@pytest.mark.parametrize("p", [0.0001, 0.01, 0.1, 0.3, 0.5, 0.9, 0.9999])
def test_the_cross_entropy_gradient_is_larger_by_the_stated_ratio(client, p):
    """ls.wrong.ratio: at p the cross-entropy gradient is `ratio` times larger than the MSE one (ratio =
    1 / (2p(1 − p)) >= 2: always larger)."""
    soup = soup_of(get(client, wrong_p=p, lang="en"))
    ratio = float(soup.select_one('[data-wrong="ratio"]')["data-ratio"])
    assert ratio == pytest.approx(1 / (2 * p * (1 - p)), rel=1e-9) and ratio >= 2
    dz = {el["data-wrong"]: num(el.get_text()) for el in soup.select(".num[data-wrong]")}
    assert abs(dz["ce-dz"]) == pytest.approx(ratio * abs(dz["mse-dz"]), rel=1e-4)


def test_mse_learns_slowest_where_the_network_is_most_wrong():
    """ls.wrong.conclusion (and ls.wrong.text, p = 0.01 by default): with MSE the gradient dL/dz shrinks towards
    0 as the true class's p falls (most wrong), while cross-entropy's p − 1 grows: the worse the answer, the
    stronger the correction."""
    c = maths.wrong_curves(0.01)
    wrongest = [i for i, p in enumerate(c["p"]) if p <= 0.3]
    mse = [c["mse"][i] for i in wrongest]
    ce = [c["ce"][i] for i in wrongest]
    assert all(a < b for a, b in zip(mse, mse[1:]))  # the more wrong (smaller p), the smaller
    assert all(a > b for a, b in zip(ce, ce[1:]))  # the more wrong, the larger
    w = maths.wrong(0.01)
    assert abs(w.mse_dz) < 0.02 and abs(w.ce.grad[0]) > 0.98
    assert maths.wrong(0.001).mse_dz == pytest.approx(-2 * 0.999 ** 2 * 0.001, rel=1e-6)
    assert w.ce.grad[0] == pytest.approx(w.p - 1, rel=1e-9) == pytest.approx(w.bce_dz, rel=1e-9)


# ---------------------------------------------------------------- the live comparison

def run_live(loss: str, seed: int, lr: float = LIVE_LR) -> Run:
    """The page's run, stepped in the page's frames (accuracies recorded after each, as the stream does)."""
    run = Run(Experiment.model_validate(maths.experiment(loss, lr, seed)))
    for _ in range(maths.LIVE_UPDATES // maths.LIVE_SPEED):
        run.train(maths.LIVE_SPEED)
    assert run.status != "diverged" and run.trainer.step == maths.LIVE_UPDATES
    return run


def reached(run: Run, acc: float = HIGH) -> int | None:
    """The first update after which the training accuracy was at least `acc` (None: never)."""
    return next((s for s, a in zip(run.val_steps, run.train_acc) if a >= acc), None)


@pytest.fixture(scope="module")
def runs():
    """{(lr, seed): {loss: run}} for the γ the page talks about."""
    out = {}
    for lr in (LIVE_LR, 3.0):
        for seed in SEEDS:
            out[lr, seed] = {loss: run_live(loss, seed, lr) for loss in maths.LIVE_LOSSES}
    for seed in (1, 4):
        out[1.0, seed] = {loss: run_live(loss, seed, 1.0) for loss in maths.LIVE_LOSSES}
    return out


@pytest.mark.parametrize("seed", SEEDS)
def test_at_the_default_rate_bce_reaches_high_accuracy_in_about_half_the_updates(runs, seed):
    """ls.live.expect (and ls.live.honest: "at γ = 0.1 BCE's lead is clear"): at the default γ the BCE run
    reaches 90 % training accuracy in about half the updates the MSE run needs (between 35 % and 65 %)."""
    bce, mse = (reached(runs[LIVE_LR, seed][loss]) for loss in ("bce", "mse"))
    assert bce is not None and mse is not None
    assert 0.35 <= bce / mse <= 0.65


@pytest.mark.parametrize("seed", (1, 4))
def test_at_rate_1_seeds_1_and_4_let_mse_keep_up(runs, seed):
    """ls.live.honest: at γ = 1 some seeds (e.g. 1 or 4) let MSE keep up: it reaches 90 % no later than BCE."""
    bce, mse = (reached(runs[1.0, seed][loss]) for loss in ("bce", "mse"))
    assert mse is not None and bce is not None and mse <= bce


@pytest.mark.parametrize("seed", SEEDS)
def test_at_rate_3_the_roles_reverse(runs, seed):
    """ls.live.honest: at γ = 3 the roles reverse: MSE reaches 90 % first (BCE later or never) and is the more
    accurate over the run (mean validation accuracy ahead by at least 10 points)."""
    pair = runs[3.0, seed]
    bce, mse = (reached(pair[loss]) for loss in ("bce", "mse"))
    assert mse is not None and (bce is None or mse < bce)
    assert np.mean(pair["mse"].val_acc) >= np.mean(pair["bce"].val_acc) + 0.1


@pytest.mark.parametrize("seed", SEEDS)
def test_mse_takes_smaller_steps_from_the_same_start(seed):
    """ls.live.honest: MSE's small gradients act like a smaller γ: from the same initial weights and the same
    first batch, its first update moves the weights about half as far as BCE's (at the output ∂L/∂z is
    2(p − y)·p(1 − p) against p − y, and p ≈ 0.5 at the start: a factor of about 1/2; the margin: below 0.6)."""
    moved = {}
    for loss in maths.LIVE_LOSSES:
        run = Run(Experiment.model_validate(maths.experiment(loss, 3.0, seed)))
        before = [p.data.copy() for p in run.model.parameters()]
        run.train(1)
        moved[loss] = math.sqrt(sum(float(np.sum((p.data - b) ** 2)) for p, b in zip(run.model.parameters(), before)))
    assert moved["mse"] < 0.6 * moved["bce"]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_losses_start_near_ln2_and_025(runs, seed):
    """ls.live.units: BCE starts near ln 2 ≈ 0.69 and MSE near 0.25 (the first update's loss, within 0.12 and
    0.06)."""
    pair = runs[LIVE_LR, seed]
    assert abs(pair["bce"].curve_loss[0] - math.log(2)) < 0.12
    assert abs(pair["mse"].curve_loss[0] - 0.25) < 0.06


def test_the_page_runs_what_the_text_describes(client):
    """ls.live.setup: two trainings of the same network (2 inputs, two hidden layers of 6 tanh, one sigmoid
    output) on the circle set (200 points), SGD in batches of 10; the same seed, so the same initial weights;
    only the loss differs."""
    import json

    cfg = json.loads(soup_of(get(client)).select_one("#ls-live-config").string)
    bce, mse = cfg["runs"]["bce"], cfg["runs"]["mse"]
    assert bce["dataset"] == "circle" and bce["n"] == 200 and bce["batch_size"] == 10
    assert [(h["units"], h["activation"]) for h in bce["hidden"]] == [(6, "tanh"), (6, "tanh")]
    assert bce["optimizer"] == {"name": "sgd", "lr": LIVE_LR} and cfg["updates"] == maths.LIVE_UPDATES
    assert {**bce, "loss": None} == {**mse, "loss": None}
    a, b = (Run(Experiment.model_validate(e)) for e in (bce, mse))
    assert a.model.dense_layers()[-1].activation.name == "sigmoid"
    assert all(np.array_equal(p.data, q.data) for p, q in zip(a.model.parameters(), b.model.parameters()))
