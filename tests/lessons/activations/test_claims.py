"""Lesson 9's claims, each checked on the lesson's own code or page with the page's defaults.

The gallery and the lecture's neuron have no randomness: their claims are checked exactly (the neuron's training
over five seeds of the batch order). The live comparison trains: its claims are checked over five seeds (the
page's own among them) with the page's experiment, stepped in the page's frames, each with a margin.
"""

from __future__ import annotations

import numpy as np
import pytest

from app.lessons.activations import PAGE, maths
from app.lessons.activations.state import ActivationsState
from app.runs.experiment import Experiment
from app.runs.run import Run
from tests.page_helpers import MINUS, _no_cookies, num, page_getter, soup_of, symbol  # noqa: F401

get = page_getter(PAGE.path)
SEEDS = (0, 1, 2, 3, 4)  # 1 is the page's own
assert maths.LIVE_SEED in SEEDS
LECTURE_ROWS = [[5.1, 3.5, 1.4, 0.2], [4.9, 3.0, 1.4, 0.2], [4.7, 3.2, 1.3, 0.2], [4.6, 3.1, 1.5, 0.2],
                [5.0, 3.6, 1.4, 0.2], [5.4, 3.9, 1.7, 0.4], [4.6, 3.4, 1.4, 0.3], [5.0, 3.4, 1.5, 0.2],
                [4.4, 2.9, 1.4, 0.2], [4.9, 3.1, 1.5, 0.1]]  # slide 53


# ---------------------------------------------------------------- the functions

@pytest.mark.parametrize("x", [-4.0, -1.0, -0.34, -0.01])
def test_where_relu_has_no_gradient_leaky_relu_and_elu_keep_one(client, x):
    """act.s1.keep (and act.s1.text, act.lead): for x < 0 ReLU's derivative is 0; Leaky ReLU's is α and ELU's
    α·e^x, both > 0, so a gradient still flows."""
    soup = soup_of(get(client, x=x))
    df = {el["data-probe-df"]: num(el.get_text()) for el in soup.select("[data-probe-df]")}
    assert df["relu"] == 0
    assert df["leaky_relu"] == pytest.approx(0.1) and df["elu"] == pytest.approx(np.exp(x), rel=1e-5)
    assert min(df["leaky_relu"], df["elu"], df["prelu"]) > 0.01  # e^-4 = 0.018: clearly not 0


def test_at_zero_relu_takes_0_and_leaky_relu_and_elu_take_alpha(client):
    """act.s1.kink: at x = 0 we take ReLU'(0) = 0, as PyTorch does, and α for Leaky ReLU and ELU."""
    soup = soup_of(get(client, x=0, leaky_alpha=0.2, elu_alpha=1.5))
    df = {el["data-probe-df"]: num(el.get_text()) for el in soup.select("[data-probe-df]")}
    assert df["relu"] == 0 and df["leaky_relu"] == 0.2 and df["elu"] == 1.5


@pytest.mark.parametrize("seed", SEEDS)
def test_prelu_alpha_starts_where_given_and_is_learned(seed):
    """act.s1.prelu: in PReLU α is a parameter: it starts at the value given (0.25, as in PyTorch) and changes
    during training like any weight."""
    run = Run(Experiment.model_validate(maths.experiment("prelu", 0.1, seed)))
    alphas = lambda: [d.activation.alpha.data[0] for d in run.model.dense_layers()[:-1]]  # noqa: E731
    assert alphas() == [ActivationsState().prelu_alpha] * maths.LIVE_LAYERS
    run.train(50)
    assert all(abs(a - 0.25) > 1e-4 for a in alphas())


# ---------------------------------------------------------------- the lecture's dead neuron

def test_the_lecture_neuron_is_negative_on_all_ten_rows(client):
    """act.s2.text and act.ten.dead: with the weights [0.2, −0.4, 0.1, −0.5] the first row gives
    5.1·0.2 + 3.5·(−0.4) + 1.4·0.1 + 0.2·(−0.5) = −0.34, and every one of the ten rows is negative."""
    soup = soup_of(get(client))
    assert symbol(soup, "z1") == f"{MINUS}0.34"
    zs = [num(symbol(soup, f"z{i}")) for i in range(1, 11)]
    by_hand = [sum(x * w for x, w in zip(row, maths.LECTURE_W)) for row in LECTURE_ROWS]
    assert zs == pytest.approx(by_hand, abs=1e-12)
    assert max(zs) < 0 and max(by_hand) == pytest.approx(-0.16, abs=1e-12)  # the margin: the largest, row 10
    assert soup.select_one("#act-ten .act-verdict")["data-on"] == "0"
    assert [symbol(soup, f"dw{k}") for k in range(1, 5)] == ["0"] * 4 and symbol(soup, "db") == "0"


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("target", [1.0, -3.0, 50.0])
def test_training_does_not_change_the_dead_neurons_weights(seed, target):
    """act.ten.dead and act.s2.why: every gradient of the weights passes through ReLU'(z) = 0, so training (any
    target, any order of the batches) leaves the weights exactly where they were."""
    w, b = maths.train_neuron(maths.LECTURE_W, 0.0, updates=300, lr=0.5, seed=seed, target=target)
    assert w == list(maths.LECTURE_W) and b == 0.0
    n = maths.neuron(maths.LECTURE_W, 0.0, slice(0, maths.ROWS), target=target)
    assert n.dw == [0.0] * 4 and n.db == 0.0 and n.dz == [0.0] * maths.ROWS


@pytest.mark.parametrize("seed", SEEDS)
def test_a_neuron_that_some_rows_switch_on_learns(client, seed):
    """act.ten.alive: when some rows give z > 0 the neuron passes a signal and receives a gradient: training
    moves its weights."""
    soup = soup_of(get(client, b=0.3))
    assert 0 < int(soup.select_one("#act-ten .act-verdict")["data-on"]) < 10
    assert soup.select_one("[data-trained]")["data-trained"] == "moved"
    w, b = maths.train_neuron(maths.LECTURE_W, 0.3, seed=seed)
    assert max(abs(a - c) for a, c in zip(w, maths.LECTURE_W)) > 1e-3 and b != 0.3


def test_on_the_whole_iris_set_some_rows_switch_it_on(client):
    """act.s3.text / act.all.count: on all 150 rows the same neuron is positive for some (14, none of them a
    setosa)."""
    soup = soup_of(get(client))
    assert soup.select_one("[data-all-on]")["data-all-on"] == "14"
    assert soup.select_one('[data-species-on="setosa"]').get_text() == "0"


# ---------------------------------------------------------------- the live comparison

def run_live(activation: str, seed: int, lr: float = maths.LIVE_LR, updates: int = maths.LIVE_UPDATES):
    """The page's run stepped in the page's frames; per frame the units off in each hidden layer. Returns the
    list of masks per frame (frame 0: before training)."""
    run = Run(Experiment.model_validate(maths.experiment(activation, lr, seed)))
    frames = [maths.off_units(run)]
    for _ in range(updates // maths.LIVE_SPEED):
        run.train(maths.LIVE_SPEED)
        frames.append(maths.off_units(run))
    assert run.status != "diverged"
    return frames


def off(frames) -> float:
    """The fraction of all hidden units off for every training row at the end."""
    return float(np.mean(np.concatenate(frames[-1])))


def revived(frames, layer: int) -> int:
    """How often a unit of `layer` that was off in one frame was on in the next."""
    return sum(int(np.sum(a[layer] & ~b[layer])) for a, b in zip(frames, frames[1:]))


@pytest.fixture(scope="module")
def live_runs():
    return {seed: {a: run_live(a, seed) for a in maths.LIVE_ACTIVATIONS} for seed in SEEDS}


@pytest.mark.parametrize("seed", SEEDS)
def test_at_the_default_rate_relu_ends_with_clearly_more_units_off(live_runs, seed):
    """act.s4.when: at the default γ the ReLU network ends with clearly more of its units off for every example
    than the Leaky ReLU network (margin: 15 percentage points of all hidden units)."""
    runs = live_runs[seed]
    assert off(runs["relu"]) >= off(runs["leaky_relu"]) + 0.15


@pytest.mark.parametrize("seed", SEEDS)
def test_at_a_small_rate_the_difference_vanishes(seed):
    """act.s4.when: at a small γ (0.05) the difference vanishes: both networks end with about the same share of
    units off (within 10 percentage points)."""
    relu, leaky = (run_live(a, seed, lr=0.05) for a in maths.LIVE_ACTIVATIONS)
    assert abs(off(relu) - off(leaky)) <= 0.1


@pytest.mark.parametrize("seed", SEEDS)
def test_a_dead_relu_unit_of_the_first_layer_never_comes_back(live_runs, seed):
    """act.s4.note: in the first hidden layer, whose inputs are the data, a ReLU unit off for every example is
    dead for good (and units do die there)."""
    frames = live_runs[seed]["relu"]
    assert revived(frames, 0) == 0
    assert frames[-1][0].sum() > frames[0][0].sum()  # units did die in layer 1 during training


@pytest.mark.parametrize("seed", SEEDS)
def test_deeper_relu_units_and_leaky_units_can_come_back(live_runs, seed):
    """act.s4.note: in a deeper layer a ReLU unit can come back when the layers below change its inputs; a Leaky
    ReLU unit can come back in any layer (α times the gradient still reaches it)."""
    runs = live_runs[seed]
    assert revived(runs["relu"], 1) > 0
    assert all(revived(runs["leaky_relu"], k) > 0 for k in range(maths.LIVE_LAYERS))


def test_the_page_runs_what_the_text_describes(client):
    """act.s4.text: two identical networks (2 hidden layers of 16, normalized Iris, SGD) that differ only in the
    activation, ReLU or Leaky ReLU with α = 0.1, for 1500 updates."""
    import json

    cfg = json.loads(soup_of(get(client)).select_one("#act-config").string)
    relu, leaky = cfg["runs"]["relu"], cfg["runs"]["leaky_relu"]
    assert [(h["units"], h["activation"]) for h in relu["hidden"]] == [(16, "relu")] * 2
    assert [(h["units"], h["activation"], h["alpha"]) for h in leaky["hidden"]] == [(16, "leaky_relu", 0.1)] * 2
    assert relu["scaling"] == "minmax" and relu["optimizer"]["name"] == "sgd" and cfg["updates"] == 1500
    assert {**relu, "hidden": None} == {**leaky, "hidden": None}
