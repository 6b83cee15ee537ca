"""Lesson 2 in Chromium against a real uvicorn: the three live runs, the card numbers, the hazard surface click
and presets, bad input. Every test ends with no console or page error. (Loading in both languages without
overflow: tests/test_browser_pages.py.)"""

from __future__ import annotations

import re

import pytest

from app.lessons.gradient_descent import hazard

pytestmark = pytest.mark.browser
PATH = "/lessons/gradient-descent"


def open_lesson(page, live_server, query: str = "?lang=en") -> None:
    page.goto(f"{live_server}{PATH}{query}")
    # The script has created the three runs and shown their first views.
    page.wait_for_function("() => document.querySelectorAll('[data-gd-card][data-step]').length === 3")
    page.wait_for_selector("#gd-hz-surface .js-plotly-plot")


def card(page, mode: str, field: str) -> str:
    return page.inner_text(f'[data-gd-card="{mode}"] [data-gd="{field}"]').strip()


def test_one_epoch_makes_1_12_and_3_updates(page, live_server):
    open_lesson(page, live_server)
    page.click("#gd-epoch")
    page.wait_for_function(
        "() => ['batch', 'stochastic', 'minibatch'].map(m => document.querySelector(`[data-gd-card=\"${m}\"]`)"
        ".getAttribute('data-step')).join() === '1,12,3'")
    assert [card(page, m, "epoch") for m in ("batch", "stochastic", "minibatch")] == ["1", "1", "1"]
    # The full batch's gradient is the full gradient: angle 0, equal norms; its minibatch is all 12 samples.
    assert card(page, "batch", "angle") == "0°"
    assert card(page, "batch", "mini_norm") == card(page, "batch", "full_norm")
    assert card(page, "batch", "batch") == ", ".join(str(i) for i in range(1, 13))
    assert len(card(page, "minibatch", "batch").split(", ")) == 4
    assert len(card(page, "stochastic", "batch").split(", ")) == 1
    page.screenshot(path="/tmp/lesson-gradient-descent.png", full_page=True)
    page.problems.assert_none()


def test_training_streams_loss_points_into_the_plots(page, live_server):
    open_lesson(page, live_server)
    page.click("#gd-play")
    page.wait_for_function(
        "() => Number(document.querySelector('[data-gd-card=\"stochastic\"]').getAttribute('data-step')) >= 36")
    page.click("#gd-play")  # pause
    counts = page.evaluate(
        "() => document.querySelector('#gd-loss-update .plot-canvas').data.map(t => t.x.length)")
    assert counts[1] >= 36 and counts[0] >= 3  # stochastic makes 12 updates per epoch, batch 1
    assert counts[1] == 12 * counts[0] or counts[1] > counts[0]
    page.wait_for_function(
        "() => document.querySelector('#gd-loss-epoch .plot-canvas').data[0].x.length >= 3")
    page.problems.assert_none()


def test_a_click_on_the_surface_starts_a_descent_there(page, live_server):
    open_lesson(page, live_server)
    assert page.get_attribute("#gd-hz-summary", "data-outcome") == "local"  # the default start at w1 = 0.08
    page.locator("#gd-hz-surface").scroll_into_view_if_needed()  # mouse coordinates are the viewport's
    box = page.locator("#gd-hz-surface .nsewdrag").first.bounding_box()
    # Left part of the plot, upper half: w1 < 0, inside the global minimum's valley.
    page.mouse.click(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.35)
    page.wait_for_function("() => document.querySelector('#gd-hz-summary').dataset.outcome === 'global'")
    assert float(page.input_value("#x0")) < 0
    page.wait_for_function("() => location.search.includes('x0=-')")
    # The fields show the click as a learner would type it: no float noise (0.85, never 0.8500000000000001).
    for field in ("#x0", "#y0"):
        assert re.fullmatch(r"-?\d+(\.\d{1,2})?", page.input_value(field)), page.input_value(field)
    # Another click, on the right half: a start in the local minimum's valley, once the first one's answer is
    # drawn (the surface redraws in the next animation frame; a click during that redraw can miss the plot).
    page.wait_for_load_state("networkidle")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.mouse.click(box["x"] + box["width"] * 0.85, box["y"] + box["height"] * 0.3)
    page.wait_for_function("() => document.querySelector('#gd-hz-summary').dataset.outcome === 'local'",
                           timeout=10000)
    for field in ("#x0", "#y0"):
        assert re.fullmatch(r"-?\d+(\.\d{1,2})?", page.input_value(field)), page.input_value(field)
    page.problems.assert_none()


def test_the_momentum_preset_carries_the_point_into_the_global_valley(page, live_server):
    open_lesson(page, live_server)
    page.click("#gd-hz-momentum")
    page.wait_for_function("() => document.querySelector('#gd-hz-summary').dataset.outcome === 'global'")
    assert page.input_value("#x0") == "1.8" and page.input_value("#y0") == "1.8"
    assert page.input_value("#opt") == "momentum" and page.input_value("#hlr") == "0.02"
    assert page.input_value("#steps") == str(hazard.MOMENTUM["steps"])
    assert "global minimum's valley" in page.inner_text("#gd-hz-summary")
    # Plain gradient descent from the same start ends in the local valley.
    page.select_option("#opt", "sgd")
    page.wait_for_function("() => document.querySelector('#gd-hz-summary').dataset.outcome === 'local'")
    page.click("#gd-hz-default")
    page.wait_for_function("() => document.querySelector('#x0').value === '0.08'")
    page.problems.assert_none()


def test_bad_minibatch_size_shows_a_message_and_keeps_the_runs(page, live_server):
    open_lesson(page, live_server)
    page.fill("#mb", "13")
    page.wait_for_function("() => document.querySelector('#err-mb').textContent.includes('12')")
    assert card(page, "minibatch", "batch_size") == "4"
    page.fill("#mb", "6")
    page.wait_for_function(
        "() => document.querySelector('[data-gd-card=\"minibatch\"] [data-gd=\"updates_per_epoch\"]')"
        ".textContent.trim() === '2'")
    assert page.inner_text("#err-mb").strip() == ""
    page.problems.assert_none()
