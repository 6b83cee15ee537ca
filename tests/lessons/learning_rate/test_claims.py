"""Lesson 3's claims, each checked by running the lesson's own experiment (its presets and defaults, through the
lesson's code) with a margin. Each docstring quotes the catalog key of the sentence it checks.

The valley is deterministic: the claims about it hold on both surfaces. The live run is random (weights and the
order of the minibatches): its claims are checked over five seeds.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.lessons.learning_rate import maths, preset
from app.lessons.learning_rate.state import LearningRateState
from app.runs.experiment import Experiment
from app.runs.run import Run

OPTIMIZERS = maths.OPTIMIZERS
SURFACES = tuple(maths.SURFACES)
SEEDS = (0, 1, 2, 3, 4)


def preset_paths(surface: str, name: str, **change) -> dict[str, maths.Path]:
    """Every optimizer's path after the page's preset action `name` on `surface` (plus any `change`)."""
    state = preset(LearningRateState(surface=surface, preset=name))
    return maths.paths(state.model_copy(update=change))


def final(surface: str, name: str, opt: str) -> float:
    return preset_paths(surface, name)[opt].final_loss


def oscillates(path: maths.Path) -> bool:
    """The issue's "visibly oscillating": w2 changes sign at least 3 times, or the loss rises at least once."""
    return path.sign_changes >= 3 or path.rises >= 1


# ---------------------------------------------------------------- the presets are ordered as named

@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("opt", OPTIMIZERS)
def test_too_low_ends_clearly_above_about_right(surface, opt):
    """lr.preset.explain: "too low a γ ends higher than a good one" (and lr.lead: "too small and training
    crawls"). Margin: 10 times the final loss."""
    assert final(surface, "low", opt) >= 10 * final(surface, "good", opt)


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("opt", OPTIMIZERS)
def test_about_right_ends_near_the_minimum(surface, opt):
    """lr.preset.good ("about right"): within the preset's steps every optimizer gets below 1 % of the start."""
    p = preset_paths(surface, "good")[opt]
    assert p.final_loss <= 0.01 * p.losses[0] and p.out_at is None and p.diverged_at is None


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("opt", OPTIMIZERS)
def test_too_high_ends_clearly_above_about_right_and_oscillates(surface, opt):
    """lr.preset.explain: "too high a γ [ends] higher too"; the issue's "visibly oscillating": w2 changes sign
    or the loss curve is not monotone. Margin: 10 times the final loss."""
    high = preset_paths(surface, "high")[opt]
    assert high.final_loss >= 10 * final(surface, "good", opt)
    assert oscillates(high)


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("opt", OPTIMIZERS)
def test_far_too_high_ends_on_the_plain(surface, opt):
    """lr.preset.explain: "a far too high one ends on the plain" (diverges or ends far higher): at least as high
    as too high, a thousand times the good preset's loss, standing on the plain."""
    far = preset_paths(surface, "diverge")[opt]
    assert far.diverged_at is not None or far.out_at is not None
    assert far.final_loss >= 0.99 * final(surface, "high", opt)
    assert far.final_loss >= 1000 * final(surface, "good", opt)


def test_a_preset_sets_its_steps_and_start_and_clears_the_decay():
    """lr.preset.explain: "each preset starts from the default point and makes {steps} steps"."""
    typed = LearningRateState(w1=2, w2=1, steps=7, decay=0.3, mu=0.5, preset="high")
    state = preset(typed)
    assert (state.w1, state.w2) == maths.START and state.steps == maths.PRESET_STEPS
    assert state.decay == 0 and state.mu == maths.DEFAULT_MU
    assert {f"lr_{o}": getattr(state, f"lr_{o}") for o in OPTIMIZERS} == {
        f"lr_{o}": lr for o, lr in maths.PRESETS["high"].items()}


# ---------------------------------------------------------------- how each too high a γ fails

@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("opt", ["sgd", "rmsprop"])
def test_too_high_sgd_and_rmsprop_keep_jumping_across_the_valley(surface, opt):
    """lr.summary.read: "SGD at γ = 0.15 and RMSprop at γ = 0.3 keep jumping across the valley to the end (w₂
    changes sign, the loss curve jumps)"."""
    p = preset_paths(surface, "high")[opt]
    w2 = [q[1] for q in p.points[-21:]]
    last = p.losses[-21:]
    assert sum(1 for a, b in zip(w2, w2[1:]) if a * b < 0) >= 5
    assert sum(1 for a, b in zip(last, last[1:]) if b > a) >= 3
    assert p.out_at is None


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("opt", ["momentum", "adagrad", "adam"])
def test_too_high_momentum_adagrad_adam_fly_out_onto_the_plain_and_stall(surface, opt):
    """lr.summary.read: "SGD with momentum, Adagrad and Adam fly out onto the plain and stand there"; and
    lr.preset.explain: "on the plain the gradient almost vanishes and training stalls"."""
    p = preset_paths(surface, "high")[opt]
    assert p.out_at is not None and p.out_at <= 10
    surf = maths.SURFACES[surface]
    grad_start = np.linalg.norm(surf.gradient(np.array(p.points[0])))
    grad_end = np.linalg.norm(surf.gradient(np.array(p.points[-1])))
    assert grad_end <= 0.05 * grad_start
    assert abs(p.losses[-1] - p.losses[-51]) <= 0.01 * p.losses[-1]


@pytest.mark.parametrize("opt", ["adagrad", "rmsprop", "adam"])
def test_first_adaptive_step_is_gamma_or_ten_gamma_per_weight(opt):
    """lr.preset.explain: "The first step of Adagrad and Adam moves each weight by γ, that of RMSprop by 10·γ"."""
    lr = maths.PRESETS["good"][opt]
    p = maths.descend("bowl", opt, maths.START, lr, 1)
    moved = np.abs(np.subtract(p.points[1], p.points[0]))
    assert moved == pytest.approx([(10 if opt == "rmsprop" else 1) * lr] * 2, rel=1e-6)


@pytest.mark.parametrize("opt", ["adagrad", "rmsprop", "adam"])
def test_a_large_first_adaptive_step_alone_throws_the_point_out(opt):
    """lr.preset.explain: "with a large γ that step alone throws the point out of the valley"."""
    for name in ("high", "diverge"):
        lr = maths.PRESETS[name][opt]
        if opt == "rmsprop" and name == "high":
            continue  # RMSprop's too high a γ bounces inside the valley instead (test above)
        p = maths.descend("bowl", opt, maths.START, lr, 1)
        assert p.losses[1] > maths.OUT * maths.PLAIN


# ---------------------------------------------------------------- limits of stability

def amplitude_after(opt: str, lr: float, steps: int = 300) -> float:
    """|w2| at the end of a run from near the minimum, w = (0, 0.01), where the valley is L = q."""
    return abs(maths.descend("bowl", opt, (0.0, 0.01), lr, steps).points[-1][1])


def test_sgd_is_stable_below_two_25ths_and_not_above():
    """lr.preset.explain: "For SGD the limit of stability at the minimum is γ = 2/25 = 0.08: above it each step
    along w₂ jumps past the bottom further than the last"."""
    assert amplitude_after("sgd", 0.98 * 0.08) < 0.001 * 0.01
    p = maths.descend("bowl", "sgd", (0.0, 0.01), 1.02 * 0.08, 30)
    w2 = [abs(q[1]) for q in p.points]
    assert all(b > a for a, b in zip(w2, w2[1:]))  # further past the bottom each step
    assert all(a * b < 0 for a, b in zip([q[1] for q in p.points], [q[1] for q in p.points][1:]))


def test_momentum_limit_is_two_times_one_plus_mu_over_25():
    """lr.preset.explain: "With momentum μ the limit grows to 2(1 + μ)/25"."""
    limit = 2 * (1 + maths.DEFAULT_MU) / 25
    assert amplitude_after("momentum", 0.98 * limit, 600) < 0.01 * 0.01
    assert amplitude_after("momentum", 1.02 * limit, 300) > 10 * 0.01


def test_sgd_above_its_limit_bounces_where_the_valley_flattens_or_flies_out():
    """lr.preset.explain: "until the point bounces where the valley flattens out, or flies out onto the plain"."""
    bounce = maths.descend("bowl", "sgd", maths.START, maths.PRESETS["high"]["sgd"], 300)
    assert bounce.out_at is None and bounce.final_loss > 1 and bounce.sign_changes > 250
    out = maths.descend("bowl", "sgd", maths.START, maths.PRESETS["diverge"]["sgd"], 300)
    assert out.out_at is not None


# ---------------------------------------------------------------- the surfaces

def test_the_valley_is_25_times_steeper_along_w2_and_levels_off_at_40():
    """lr.s2.text: "the valley is 25 times steeper along w₂ than along w₁ ... Far from the minimum the loss levels
    off at 40 and the ground is flat"."""
    surf, h = maths.BOWL, 1e-4
    curv = [(surf.value(h, 0) + surf.value(-h, 0)) / h**2, (surf.value(0, h) + surf.value(0, -h)) / h**2]
    assert curv[1] / curv[0] == pytest.approx(25, rel=1e-4)
    assert surf.value(20.0, 20.0) == pytest.approx(40, rel=1e-9)
    assert np.linalg.norm(surf.gradient(np.array([20.0, 20.0]))) < 1e-6


def steps_to_bottom(p: maths.Path) -> int:
    """The first update after which the loss is below 1 % of the start's."""
    return next(n for n, v in enumerate(p.losses) if v < 0.01 * p.losses[0])


def test_adaptive_optimizers_prefer_the_aligned_valley_and_sgd_hardly_minds():
    """lr.s2.surfaces: "in the valley aligned with the axes they [Adagrad, RMSprop, Adam] get down to the bottom
    several times faster than in the turned one; SGD and SGD with momentum hardly mind the turn". The good
    preset on both surfaces; "the bottom": below 1 % of the start. Margins: at least twice as fast; within 10 %."""
    aligned, turned = preset_paths("bowl", "good"), preset_paths("tilted", "good")
    for opt in ("adagrad", "rmsprop", "adam"):
        assert steps_to_bottom(turned[opt]) >= 2 * steps_to_bottom(aligned[opt]), opt
    for opt in ("sgd", "momentum"):
        ratio = steps_to_bottom(turned[opt]) / steps_to_bottom(aligned[opt])
        assert 1 / 1.1 <= ratio <= 1.1, (opt, ratio)


# ---------------------------------------------------------------- loss curves and decay

@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("opt", OPTIMIZERS)
def test_loss_curves_fall_slowly_quickly_or_jump_and_climb(surface, opt):
    """lr.s3.text: "Too small a γ gives a curve that falls slowly; a good one a quick fall; too large a γ a curve
    that jumps up and down, or climbs and stays high". Slowly: above 3 % of the start halfway; quickly: below
    10 % of the start a quarter of the way in (and 1 % at the end); too large: rises at least 3 times, or climbs
    above the start and stays there."""
    low, good, high = (preset_paths(surface, name)[opt] for name in ("low", "good", "high"))
    half, quarter = maths.PRESET_STEPS // 2, maths.PRESET_STEPS // 4
    assert low.losses[half] > 0.03 * low.losses[0]
    assert good.losses[quarter] < 0.1 * good.losses[0] and good.final_loss < 0.01 * good.losses[0]
    jumps = high.rises >= 3
    climbs = high.final_loss > high.losses[0] and min(high.losses[high.out_at:]) > high.losses[0]
    assert jumps or climbs


@pytest.mark.parametrize("surface", SURFACES)
def test_decay_calms_the_oscillation_of_sgd_and_rmsprop_but_rescues_no_one_on_the_plain(surface):
    """lr.s3.decay: "Set d > 0 (e.g. 0.02) with the “too high” preset and watch the oscillation of SGD and RMSprop
    die down as γ(n) falls ... Decay does not rescue whoever has already flown out onto the plain". Margin: the
    final loss 100 times lower, and no rise of the loss in the last 20 steps (against at least 3 without decay)."""
    plain, decayed = preset_paths(surface, "high"), preset_paths(surface, "high", decay=0.02)
    for opt in ("sgd", "rmsprop"):
        assert decayed[opt].final_loss <= 0.01 * plain[opt].final_loss, opt
        jumps = [sum(1 for a, b in zip(p.losses[-21:], p.losses[-20:]) if b > a) for p in (plain[opt], decayed[opt])]
        assert jumps[0] >= 3 and jumps[1] == 0, (opt, jumps)
    for opt in ("momentum", "adagrad", "adam"):
        assert decayed[opt].out_at is not None, opt


# ---------------------------------------------------------------- momentum and the adaptive steps

def test_momentum_steps_add_up_along_w1_and_partly_cancel_across_the_valley():
    """lr.s4.text: "While the gradient keeps pointing the same way — as along the gentle w₁ axis — the steps add up
    and grow; when it flips sign (bouncing across the valley along w₂) they partly cancel"."""
    p = preset_paths("bowl", "good")["momentum"]
    mu, lr = maths.DEFAULT_MU, p.lr0

    def share(k: int, i: int) -> float:
        """|v_i(k)| against the sum of the gradient steps it holds, mu^(k-j) lr |g_i(j)|: 1 when they all point
        the same way, less when they cancel."""
        return abs(p.velocity[k][i]) / sum(mu ** (k - j) * lr * abs(p.grads[j][i]) for j in range(k + 1))

    v1 = [abs(v[0]) for v in p.velocity[:10]]
    assert all(g[0] < 0 for g in p.grads[:10]) and all(b > a for a, b in zip(v1, v1[1:])) and v1[-1] > 5 * v1[0]
    assert all(share(k, 0) > 0.99 for k in range(10))  # along w1 the steps add up
    assert all(share(k, 1) < 0.5 for k in range(10, 30))  # along w2 they partly cancel


@pytest.mark.parametrize("opt", ["adagrad", "rmsprop", "adam"])
def test_adaptive_steps_are_smaller_for_the_weight_with_large_gradients(opt):
    """lr.s5.text: "a weight with large gradients (here w₂) gets a smaller step for its gradient, one with small
    gradients (here w₁) a larger one". The first update from the start, where w2's gradient is 9 times w1's:
    step / gradient per weight, at least 5 times smaller for w2."""
    p = preset_paths("bowl", "good")[opt]
    g = p.grads[0]
    step = np.subtract(p.points[1], p.points[0])
    assert abs(g[1]) > 5 * abs(g[0])
    assert abs(step[1] / g[1]) < 0.2 * abs(step[0] / g[0])


# ---------------------------------------------------------------- the live run

def live_noise(lr: float, batch: int, seed: int, updates: int = 300) -> float:
    """How much the live run's loss jumps from update to update: the standard deviation of its successive
    differences after the first 50 updates, for the page's experiment with this γ, batch and seed."""
    exp = maths.live_experiment(LearningRateState(live_lr=lr, live_batch=batch)).model_dump(mode="json")
    run = Run(Experiment.model_validate({**exp, "seed": seed}))
    run.train(updates, evaluate=False)
    return float(np.std(np.diff(np.asarray(run.curve_loss)[50:])))


@pytest.mark.parametrize("seed", SEEDS)
def test_live_curve_jumps_more_with_a_smaller_batch_and_a_larger_gamma(seed):
    """lr.s6.text: "the curve jumps up and down — the more so the smaller the batch and the larger γ". The page's
    live run (γ 0.5, batch 2) against batch 16, and against γ 0.05. Margins: 2 times and 1.3 times."""
    default = LearningRateState()
    noisy = live_noise(default.live_lr, default.live_batch, seed)
    assert noisy >= 2 * live_noise(default.live_lr, 16, seed)
    assert noisy >= 1.3 * live_noise(0.05, default.live_batch, seed)
    assert math.isfinite(noisy)
