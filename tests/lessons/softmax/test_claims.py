"""Lesson 8's claims, each checked on the lesson's own code or page with the page's defaults and presets.

The calculator has no randomness: its claims are checked on the lecture's examples and on logits drawn with five
seeds. The classifier trains: its claims are checked over five seeds of the page's experiment (the page's own
seed among them), each with a margin.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.lessons.softmax import PAGE, maths
from app.lessons.softmax.state import SoftmaxState
from app.runs.run import Run
from tests.page_helpers import _no_cookies, num, page_getter, plot, soup_of  # noqa: F401

get = page_getter(PAGE.path)
SEEDS = (0, 1, 2, 3, 4)  # 3 is the page's own
assert maths.CLASSIFIER.seed in SEEDS


def shown_p(soup) -> list[float]:
    return [num(td.get_text()) for td in soup.select("#sm-table [data-p]")]


def calculator(client, z, t=1.0, true=1):
    return soup_of(get(client, k=len(z), **{f"z{i + 1}": v for i, v in enumerate(z)}, t=t, true=true))


def logits(seed: int) -> list[float]:
    """2..6 distinct logits in [-5, 5], one decimal, at least 0.1 apart."""
    rng = np.random.default_rng(seed)
    k = int(rng.integers(2, 7))
    return [float(v) / 10 for v in rng.choice(np.arange(-50, 51), size=k, replace=False)]


# ---------------------------------------------------------------- the lecture's examples

def test_the_lecture_examples_give_the_lecture_numbers(client):
    """sm.lecture.rounding: softmax(0.02, 0.6) = (0.3589…, 0.6410…) ≈ (0.36, 0.64); slide 51 also has
    softmax(1.7, 0.6) ≈ (0.75, 0.25)."""
    examples = maths.lecture_examples()
    assert [round(v, 2) for v in examples[0].p] == [0.36, 0.64]
    assert [round(v, 2) for v in examples[1].p] == [0.75, 0.25]
    assert f"{examples[0].p[0]:.4f}" == "0.3589" and f"{examples[0].p[1]:.4f}" == "0.6411"
    assert str(examples[0].p[0]).startswith("0.3589") and str(examples[0].p[1]).startswith("0.6410")
    # The page loads both into the calculator (its presets) and shows the same numbers.
    for preset, (y, rounded) in zip(("preset1", "preset2"), maths.LECTURE):
        p = shown_p(soup_of(get(client, action=preset)))
        assert [round(v, 2) for v in p] == list(rounded)


def test_the_raw_outputs_mean_bad_then_good(client):
    """sm.why.raw: y21 = 0.02, y22 = 0.6 means "bad fruit"; y21 = 1.7, y22 = 0.6 means "good fruit"."""
    soup = soup_of(get(client))
    verdicts = [td["data-verdict"] for td in soup.select("#sm-examples [data-verdict]")]
    assert verdicts == ["bad", "good"]


# ---------------------------------------------------------------- the calculator

@pytest.mark.parametrize("seed", SEEDS)
def test_softmax_is_positive_sums_to_one_and_keeps_the_order(client, seed):
    """sm.why.formula: the results are positive, add up to 1 and keep the order of the outputs."""
    z = logits(seed)
    p = shown_p(calculator(client, z))
    assert all(v > 0 for v in p)
    assert sum(p) == pytest.approx(1, abs=1e-5)
    assert list(np.argsort(p)) == list(np.argsort(z))


@pytest.mark.parametrize("seed", SEEDS)
def test_a_low_temperature_sharpens_a_high_one_flattens_and_the_order_stays(client, seed):
    """sm.calc.temperature: at a low T nearly all the mass goes to the largest logit; at a high T every class
    approaches 1/k; the order of the classes never changes."""
    z = logits(seed)
    k = len(z)
    low, one, high = (maths.calc(SoftmaxState(k=k, **{f"z{i + 1}": v for i, v in enumerate(z)}, t=t, true=1)).p
                      for t in (maths.T_MIN, 1.0, maths.T_MAX))
    assert low[int(np.argmax(z))] > 0.99
    assert np.abs(high - 1 / k).max() < 0.02
    assert np.abs(high - 1 / k).max() < np.abs(one - 1 / k).max()
    for p in (low, one, high):
        assert list(np.argsort(-p, kind="stable"))[:1] == [int(np.argmax(z))]
        assert all(p[i] >= p[j] for i in range(k) for j in range(k) if z[i] > z[j])
    # The page says the same: the calculator at T = 0.01 and T = 100.
    assert max(shown_p(calculator(client, z, t=maths.T_MIN))) > 0.99


def test_a_sure_right_answer_costs_almost_nothing_and_a_sure_wrong_one_a_lot(client):
    """sm.calc.ce_text: a sure, right answer costs almost 0; a sure, wrong one costs a lot."""
    right = num(calculator(client, (10, 0), true=1).select_one("#sm-ce").get_text())
    wrong = num(calculator(client, (10, 0), true=2).select_one("#sm-ce").get_text())
    assert right < 1e-3 and wrong > 9
    assert wrong == pytest.approx(10 + math.log1p(math.exp(-10)), rel=1e-5)


def test_softmax_stays_exact_when_the_exponentials_overflow(client):
    """sm.calc.overflow: some e^(z/T) do not fit in float64, softmax still comes out exact."""
    soup = soup_of(get(client, lang="en", z1=100, z2=99, t=0.01))
    assert soup.select_one("#sm-overflow") is not None
    p = shown_p(soup)
    assert p[0] == 1 and p[1] == pytest.approx(math.exp(-100), rel=1e-5)


def test_the_true_label_is_anchored_to_its_bar(client):
    """sm.bars.true: the label names the true class's bar: placed at that bar's position and height."""
    for true in (1, 2):
        spec = plot(calculator(client, (0.02, 0.6), true=true), "bars")
        (label,) = spec["layout"]["annotations"]
        assert (label["xref"], label["yref"]) == ("x", "y")
        assert label["x"] == true - 1 and label["y"] == spec["data"][0]["y"][true - 1]
        assert label["yanchor"] == "bottom" and label["yshift"] > 0
        assert spec["data"][0]["marker"]["line"]["width"] == [4 if i == true - 1 else 0 for i in range(2)]


# ---------------------------------------------------------------- the classifier

def train(seed: int, updates: int) -> Run:
    run = Run(maths.CLASSIFIER.model_copy(update={"seed": seed}))
    for _ in range(updates // maths.CHUNK):  # the page's chunks
        run.train(maths.CHUNK)
    return run


def right_class_probabilities(run: Run) -> np.ndarray:
    x, y, _ = run.parts["train"]
    p = maths.softmax(run.predict(x))
    return p[np.arange(len(y)), y]


def test_the_setup_text_is_the_experiment():
    """sm.cls.setup: 1 input (x, standardized), 4 tanh neurons, 2 outputs; Adam, γ = 0.02, batch 12 (the whole
    set), up to 1000 updates."""
    e = maths.CLASSIFIER
    assert e.scaling == "standard" and [(h.units, h.activation.value) for h in e.hidden] == [(4, "tanh")]
    assert e.optimizer.name.value == "adam" and e.optimizer.lr == 0.02 and e.batch_size == 12
    assert maths.MAX_UPDATES == 1000
    run = Run(e)
    assert run.inputs == 1 and run.model.dense_layers()[-1].out_features == 2 and len(run.parts["train"][0]) == 12


@pytest.mark.parametrize("seed", SEEDS)
def test_the_probability_curves_settle_around_the_data(seed):
    """sm.cls.text: press Train and the probability curves settle around the data: after 300 updates every fruit
    gets at least 0.8 for its own class, after the page's 1000 at least 0.95."""
    run = train(seed, 300)
    assert right_class_probabilities(run).min() >= 0.8
    for _ in range((maths.MAX_UPDATES - 300) // maths.CHUNK):
        run.train(maths.CHUNK)
    assert right_class_probabilities(run).min() >= 0.95


@pytest.mark.parametrize("seed", SEEDS)
def test_the_cursor_starts_at_the_lectures_good_fruit(seed):
    """sm.cls.hover: at first the cursor is at x = 4, the lecture's sample rated 75, a good fruit: the trained
    network gives it P(good) > 0.9."""
    view = maths.classifier_view(train(seed, 300))
    i = maths.default_index()
    assert maths.readouts(view)["x"][i] == "4"
    assert view["p"][i, view["classes"].index("good")] > 0.9
    raw_x, y = view["data_x"], view["data_y"]
    assert y[list(raw_x).index(4.0)] == view["classes"].index("good")
