"""Lesson 1's claims, each checked by running the lesson's own experiment with the page's defaults.

No randomness is involved (the lecture's weights, one sample), so each claim is checked once, exactly.
"""

from __future__ import annotations

import pytest

from app.lessons.backprop import PAGE, maths
from app.lessons.backprop.state import BackpropState
from tests.page_helpers import HX, _no_cookies, soup_of  # noqa: F401


def losses_after(lr: float, steps: int) -> list[float]:
    """The loss before each step and after the last, stepping the page's own way (the step action)."""
    state, out = BackpropState(lr=lr), []
    for _ in range(steps):
        out.append(maths.evaluate(state, state.history, state.view, state.param).values["loss"])
        state, _ = PAGE.actions["step"](state)
    out.append(maths.evaluate(state, state.history, state.view, state.param).values["loss"])
    return out


def test_the_default_gamma_is_too_big_for_this_example():
    """bp.advice.too_big: with the page's γ = 0.001 one step raises the loss (25 -> 1962.4, then 5625)."""
    losses = losses_after(0.001, 2)
    assert losses[0] == 25 and losses[1] == pytest.approx(1962.401, abs=1e-3) and losses[2] == 5625


def test_after_two_steps_the_output_relu_is_dead_and_nothing_changes_any_more():
    """bp.advice.dead: z21 < 0, ReLU passes no gradient, so no further step changes anything."""
    state = BackpropState()
    for _ in range(2):
        state, _ = PAGE.actions["step"](state)
    view = maths.evaluate(state, state.history, state.view, state.param)
    assert view.output_dead and view.values["y21"] == 0
    assert all(view.values["dL/d" + p] == 0 for p in maths.PARAMETERS)
    after, _ = PAGE.actions["step"](state)
    assert all(getattr(after, p) == getattr(state, p) for p in maths.PARAMETERS)


@pytest.mark.parametrize("steps", [1, 5, 20])
def test_the_offered_gamma_brings_the_loss_down_at_every_step(steps):
    """bp.advice.use: γ = 0.0001 takes the loss from 25 towards 0, lower at every step."""
    losses = losses_after(maths.GOOD_LR, steps)
    assert losses[1] < 0.01 and all(b <= a for a, b in zip(losses, losses[1:]))


def test_the_page_says_so_at_the_moment_and_offers_the_gamma(client):
    r = client.get(PAGE.path, params={"action": "step", "lang": "en"}, headers=HX)
    soup = soup_of(r)
    advice = soup.select_one("[data-advice]")
    assert advice["data-advice"] == "too_big" and "too big" in advice.get_text()
    assert "γ = 0.0001" in soup.select_one("#bp-good-lr").get_text()
    # The offered γ: the lecture's values again, with γ = 0.0001, and its step lowers the loss.
    r = client.get(PAGE.path, params={"action": "good_lr", "lr": "0.001", "w111": "7"}, headers=HX)
    url = r.headers["HX-Replace-Url"]
    assert "lr=0.0001" in url and "w111=20" in url
    step = soup_of(client.get(url + "&action=step", headers=HX))
    assert float(step.select_one(".last-step")["data-last-loss-new"]) < 25
    assert step.select_one("[data-advice]") is None
