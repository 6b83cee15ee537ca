"""Lesson 2's claims, each checked by running the lesson's own experiment (its runs' experiments, its card view,
its hazard descent, with the page's defaults and presets) with a margin. Each docstring quotes the catalog key
of the sentence it checks.

The three runs are random (the order of the samples in each epoch): their claims are checked over five seeds.
The hazard surface is deterministic: its claims are checked from several starts near the stated one.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from app import lecture
from app.i18n import translator
from app.lessons.gradient_descent import hazard, runs
from app.lessons.gradient_descent.state import GradientDescentState
from app.runs import views
from app.runs.experiment import Experiment
from app.runs.run import Run
from app.runs.views import epoch_losses
from nnlib import data, losses
from nnlib.spec import build
from nnlib.trace import trace

SEEDS = (0, 1, 2, 3, 4)
DEFAULT = GradientDescentState()
SIZES = runs.batch_sizes(DEFAULT.mb)  # batch 12, stochastic 1, minibatch 4
EPOCHS = 10
t = translator("en")


def make_run(mode: str, seed: int, lr: float = DEFAULT.lr) -> Run:
    """One of the page's three runs (its own Experiment JSON), with another seed."""
    return Run(Experiment.model_validate(runs.experiment(SIZES[mode], lr, DEFAULT.shuffle, seed)))


def trained(mode: str, seed: int, epochs: int = EPOCHS) -> Run:
    run = make_run(mode, seed)
    run.train(epochs * run.trainer.updates_per_epoch, evaluate=False)
    return run


def jumpiness(values) -> float:
    """How much a loss curve jumps: the standard deviation of the successive differences of log L."""
    return float(np.std(np.diff(np.log(np.asarray(values, dtype=float)))))


def full_loss(run: Run) -> float:
    return runs.run_view(run, t)["full_loss"]


# ---------------------------------------------------------------- the idea and the three variants

def test_a_step_against_the_gradient_lowers_the_loss_fastest():
    """gd.idea.text: "The gradient points where the loss grows fastest, so a step the opposite way lowers it
    fastest." At the lecture's weights on all 12 samples: a small step of the same length along -g beats 500
    random directions."""
    ds = data.fruit()
    names = lecture.PARAMETERS
    w0 = np.array([lecture.WEIGHTS[n] for n in names], dtype=float)
    g = np.array([runs.start().grads[n] for n in names])

    def loss(w):
        model = build(lecture.network_spec(dict(zip(names, w, strict=True))), np.random.default_rng(0))
        return float(trace(model, ds.x, ds.y, losses.make("mse"))["loss"])

    eps = 1e-4
    best = loss(w0 - eps * g / np.linalg.norm(g))
    rng = np.random.default_rng(0)
    for _ in range(500):
        d = rng.normal(size=len(w0))
        assert loss(w0 + eps * d / np.linalg.norm(d)) > best
    assert best < runs.start().loss


def test_an_epoch_takes_1_12_and_3_updates():
    """gd.idea.epoch: "Batch makes 1 update in it, stochastic 12, and a minibatch of 4 samples makes 3" (also
    gd.verdict.batch: "one update per pass over the data")."""
    upe = {mode: make_run(mode, 0).trainer.updates_per_epoch for mode in SIZES}
    assert upe == {"batch": 1, "stochastic": 12, "minibatch": 3}
    assert {mode: runs.updates_per_epoch(size) for mode, size in SIZES.items()} == upe


@pytest.mark.parametrize("seed", SEEDS)
def test_batch_is_exact_but_holds_the_most_memory_per_update(seed):
    """gd.verdict.batch: "exact gradient, but costly in compute and memory"; gd.verdict.stochastic: "cheap
    update". Exact: the card's angle between the batch's gradient and the full one is 0 at every update; costly:
    every update works through all 12 samples, and one batch's activations take 12 times the memory of one
    sample's (Run.batch_bytes), 3 times a minibatch's of 4."""
    run = make_run("batch", seed)
    for _ in range(5):
        run.train(1, evaluate=False)
        view = runs.run_view(run, t)
        assert view["angle"] == pytest.approx(0, abs=1e-3) and len(view["batch"]) == 12
    memory = {mode: make_run(mode, seed).batch_bytes() for mode in SIZES}
    assert memory["batch"] == 12 * memory["stochastic"] == 3 * memory["minibatch"]


@pytest.mark.parametrize("seed", SEEDS)
def test_stochastic_is_noisiest_minibatch_between_batch_smooth(seed):
    """gd.verdict.stochastic: "the loss jumps around: one sample is a noisy hint"; gd.verdict.minibatch: "the
    practical compromise"; gd.runs.read: "Against updates, batch draws a smooth curve and stochastic jumps ...
    Minibatch jumps less than stochastic". The loss per update over 10 epochs; margins: stochastic at least 3
    times minibatch, minibatch at least 20 times batch."""
    jumps = {mode: jumpiness(trained(mode, seed).curve_loss) for mode in SIZES}
    assert jumps["stochastic"] >= 3 * jumps["minibatch"]
    assert jumps["minibatch"] >= 20 * jumps["batch"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_stochastic_point_is_one_samples_loss_from_4_to_36_at_the_start(seed):
    """gd.runs.read: "each of its points is one sample's loss ({low} to {high} at the start)"."""
    start = runs.start()
    run = make_run("stochastic", seed)
    run.train(1, evaluate=False)
    assert min(start.sample_loss) == 4 and max(start.sample_loss) == 36
    number = runs.run_view(run, t)["samples"][0]  # the card names the sample by its number in the table
    assert run.curve_loss[0] == pytest.approx(start.sample_loss[number - 1])


@pytest.mark.parametrize("seed", SEEDS)
def test_epoch_curves_calm_down_but_stochastic_still_wavers(seed):
    """gd.runs.read: "Against epochs each point averages a whole epoch's updates ..., so the curves calm down –
    but stochastic still wavers". Over 20 epochs: stochastic's epoch curve jumps at most half as much as its
    update curve, and at least 20 times as much as batch's epoch curve."""
    curves = {}
    for mode in ("batch", "stochastic"):
        run = trained(mode, seed, 20)
        upe = run.trainer.updates_per_epoch
        curves[mode] = epoch_losses(list(run.curve_steps), list(run.curve_loss), upe, SIZES[mode], runs.M)[1]
        if mode == "stochastic":
            per_update = jumpiness(run.curve_loss)
    assert len(curves["stochastic"]) == 20
    assert jumpiness(curves["stochastic"]) <= 0.5 * per_update
    assert jumpiness(curves["stochastic"]) >= 20 * jumpiness(curves["batch"])


def test_each_frame_is_one_epoch_for_every_run():
    """gd.runs.text: "Each frame is the same number of epochs for every run, so batch makes 1 update while
    stochastic makes 12"."""
    for speed in (1, 2, 5):
        config = runs.run_config(DEFAULT.model_copy(update={"speed": speed}), "/x", t)
        assert {r["mode"]: r["speed"] for r in config["runs"]} == {"batch": speed, "stochastic": 12 * speed,
                                                                   "minibatch": 3 * speed}


def test_the_three_runs_start_from_the_same_lecture_weights():
    """gd.lead: "in three ways at once from the same starting weights"; gd.start.text: "All three runs start from
    lesson 1's weights ... x = 4, gives y₂₁ = 70 and loss 25"."""
    config = runs.run_config(DEFAULT, "/x", t)
    weights = [r["experiment"]["weights"] for r in config["runs"]]
    assert weights[0] == weights[1] == weights[2]
    start = runs.start()
    i = start.x.index(4.0)
    assert (start.y[i], start.out[i], start.sample_loss[i]) == (75, 70, 25)
    assert start.loss == pytest.approx(sum(start.sample_loss) / 12)


# ---------------------------------------------------------------- the learning rate of the runs

@pytest.mark.parametrize("mode", ["batch", "stochastic", "minibatch"])
@pytest.mark.parametrize("seed", SEEDS)
def test_the_lectures_typical_rate_switches_the_output_neuron_off_for_good(mode, seed):
    """gd.start.lr: "With γ = 0.001 the first updates switch the output neuron off: ReLU gives 0 for every sample
    and learning stops"; gd.status.dead: "the gradient is zero and the weights will not change again"."""
    run = make_run(mode, seed, lr=0.001)
    run.train(3 * run.trainer.updates_per_epoch, evaluate=False)
    view = runs.run_view(run, t)
    assert view["dead"] and view["full_norm"] == 0
    before = views.network(run)
    run.train(2 * run.trainer.updates_per_epoch, evaluate=False)
    assert views.network(run) == before


@pytest.mark.parametrize("mode", ["batch", "stochastic", "minibatch"])
@pytest.mark.parametrize("seed", SEEDS)
def test_our_rate_keeps_every_run_alive(mode, seed):
    """gd.start.lr: "So we start at γ = 0.00002": no run's output neuron dies in 20 epochs, and batch lowers the
    loss of the whole set."""
    run = trained(mode, seed, 20)
    view = runs.run_view(run, t)
    assert not view["dead"] and view["status"] != "diverged"
    if mode == "batch":
        assert view["full_loss"] < runs.start().loss


# ---------------------------------------------------------------- the minibatch gradient against the full one

@pytest.mark.parametrize("mb", [1, 4])
def test_an_epochs_minibatch_gradients_average_to_the_full_gradient(mb):
    """gd.grad.text: "averaged over the minibatches of one epoch (at the same weights) it gives exactly the full
    gradient. A single minibatch may point quite another way"."""
    ds = data.fruit()
    model = build(runs.lecture_network(), np.random.default_rng(0))
    parts = data.batches(runs.M, mb, shuffle=True, rng=np.random.default_rng(1))
    loss = losses.make("mse")

    def gradient(rows):
        tr = trace(model, ds.x[rows], ds.y[rows], loss)
        return np.concatenate([np.concatenate([lay["grad_weight"].ravel(), lay["grad_bias"].ravel()])
                               for lay in tr["layers"]])

    full = gradient(np.arange(runs.M))
    assert np.mean([gradient(rows) for rows in parts], axis=0) == pytest.approx(full, rel=1e-9, abs=1e-9)
    angles = [runs.compare_gradients(model, ds.x, ds.y, rows)["angle"] for rows in parts]
    assert max(a for a in angles if a is not None) > 60


@pytest.mark.parametrize("seed", SEEDS)
def test_batch_always_goes_down_one_sample_often_points_away_and_raises_the_loss(seed):
    """gd.grad.read: "For batch the angle is 0°: ... at our γ every update lowers the loss of the whole set. For
    one sample (and for a minibatch) the angle is often large, even above 90°, and after many of their updates
    the loss of all 12 samples rises for a moment". Over 10 epochs; the angle of each update's minibatch gradient
    to the full gradient, both at the weights before the update. Margins: above 90° in at least 15 % of the
    updates; the loss of all 12 samples rises after at least 20 % of them."""
    ds = data.fruit()
    for mode in SIZES:
        run = make_run(mode, seed)
        away = rises = 0
        updates = EPOCHS * run.trainer.updates_per_epoch
        for _ in range(updates):
            model = build(views.network(run), np.random.default_rng(0))
            before = full_loss(run)
            run.train(1, evaluate=False)
            angle = runs.compare_gradients(model, ds.x, ds.y, np.asarray(run.last_batch))["angle"]
            rose = full_loss(run) > before
            if mode == "batch":
                assert angle == pytest.approx(0, abs=1e-3) and not rose
            away += angle is not None and angle > 90
            rises += rose
        if mode != "batch":
            assert away >= 0.15 * updates, (mode, away)
            assert rises >= 0.2 * updates, (mode, rises)


# ---------------------------------------------------------------- hazards on the way

def descend(**change) -> hazard.Descent:
    p = {**hazard.DEFAULT, **change}
    return hazard.descend(p["x0"], p["y0"], p["opt"], p["hlr"], p["mu"], p["steps"])


def test_the_default_start_slows_down_at_the_saddle_then_turns_into_the_local_minimum():
    """gd.hz.try: "A start at w₁ = {x0}, just right of the saddle, slides towards the saddle and slows down there
    (‖∇f‖ drops on the plot), then turns right, into the local minimum; it never finds the lower valley on the
    left". Slows down: ‖∇f‖ falls below a quarter of the start's while within 0.35 of the saddle, then rises
    again by half before it settles."""
    d = descend()
    saddle = np.array(hazard.critical_points()["saddle"])
    g, dist = np.array(d.grad_norm), np.linalg.norm(d.path - saddle, axis=1)
    slow = int(np.argmin(g[:30]))
    assert g[slow] < 0.25 * g[0] and dist[slow] < 0.35
    assert g[slow:].max() > 1.5 * g[slow]
    assert d.outcome == "local" and d.path[:, 0].min() > saddle[0]


@pytest.mark.parametrize("x0", [1.55, 1.6, 1.7, 1.8, 1.9, 2.0])
@pytest.mark.parametrize("y0", [-1.8, 1.0, 1.5, 1.8, 2.0])
def test_momentum_from_the_top_right_reaches_the_global_valley_and_plain_descent_does_not(x0, y0):
    """gd.hz.try: "“Momentum over the hump” starts in the top right corner, ({mx}, {my}), with momentum μ = {mu}
    and γ = {lr}: within {steps} steps its speed carries the point over the hump into the global valley, while
    plain gradient descent from the same start ends in the local valley". Starts around the stated one; the
    point also stays in the global valley (500 steps end at the global minimum)."""
    m = hazard.MOMENTUM
    d = hazard.descend(x0, y0, "momentum", m["hlr"], m["mu"], m["steps"])
    assert d.outcome == "global"
    longer = hazard.descend(x0, y0, "momentum", m["hlr"], m["mu"], 500)
    assert math.dist(longer.end, hazard.critical_points()["global"]) < 0.01
    assert hazard.descend(x0, y0, "sgd", m["hlr"], m["mu"], m["steps"]).outcome == "local"
    assert hazard.descend(x0, y0, "sgd", hazard.DEFAULT["hlr"], m["mu"], 500).outcome == "local"


def test_the_momentum_preset_is_the_page_state_the_sentence_describes():
    """gd.hz.try: the preset button sets the start, μ, γ and steps the sentence names."""
    from app.lessons.gradient_descent import PAGE

    parsed = PAGE.handle({"action": "hz_momentum"})
    st = parsed.state
    assert (st.x0, st.y0, st.opt, st.mu, st.hlr, st.steps) == (
        hazard.MOMENTUM["x0"], hazard.MOMENTUM["y0"], "momentum", hazard.MOMENTUM["mu"], hazard.MOMENTUM["hlr"],
        hazard.MOMENTUM["steps"])


@pytest.mark.parametrize("y0", [-1.5, 0.5, 1.5])
def test_on_the_saddle_line_the_point_stays_and_the_smallest_nudge_frees_it(y0):
    """gd.hz.nudge: "A start exactly on the saddle's line (w₁ = {saddle}) stays on the saddle for good ... the
    smallest nudge – minibatch noise, for instance – makes it slide into one of the valleys"."""
    s = hazard.critical_points()["saddle"][0]
    assert descend(x0=s, y0=y0, steps=500).outcome == "saddle"
    assert descend(x0=s - 1e-6, y0=y0, steps=500).outcome == "global"
    assert descend(x0=s + 1e-6, y0=y0, steps=500).outcome == "local"


def test_valleys_are_recognised_by_region_not_only_at_their_minimum():
    """gd.hz.outcome.global / .local: "In the global minimum's valley: below the saddle's height, left of it";
    a point still moving down inside the valley counts (the issue: momentum at (2, 2) after 60 steps)."""
    d = descend(x0=2.0, y0=2.0, opt="momentum", hlr=0.05, mu=0.9, steps=60)
    assert d.end[0] < -0.5 and d.outcome == "global"
    assert hazard.classify(np.array([-1.3, 0.4]), 2.0) == "global"
    assert hazard.classify(np.array([1.2, -0.3]), 2.0) == "local"
    assert hazard.classify(np.array([0.0, 1.5]), 3.0) == "moving"  # above the saddle's height


def test_too_large_a_step_overshoots_more_each_time_and_diverges():
    """gd.hz.outcome.diverged: "γ is too large and threw the point off the surface; each step overshoots more
    than the last"."""
    d = descend(hlr=1.5, steps=100)
    assert d.outcome == "diverged"
    w1 = np.abs(d.path[-5:, 0])
    assert all(b > a for a, b in zip(w1, w1[1:]))
