"""Lesson 5 in a real browser: Debian's Chromium (Playwright) against a real uvicorn on 127.0.0.1.

Every test ends by checking the page logged no console error and threw no page error.
"""

from __future__ import annotations

import pytest

from tests.browser_helpers import MINUS, goto_lesson, symbol, wait_symbol

pytestmark = pytest.mark.browser


def open_lesson(page, live_server, query: str = "") -> None:
    goto_lesson(page, live_server, "initialization", query, "#init-chain-plot .js-plotly-plot")


def test_loads_with_the_lecture_chains_and_deepening_explodes_further(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    assert [symbol(page, f"a.y{i}") for i in range(1, 5)] == ["10", "190", "3790", "75790"]
    assert [symbol(page, f"b.y{i}") for i in range(1, 5)] == ["0.2", "0.04", "0.008", "0.0016"]
    page.fill("#depth", "6")
    wait_symbol(page, "a.y6", "30315790")  # 20 · (20 · 75790 − 10) − 10
    assert symbol(page, "b.y6") == f"6.4e{MINUS}05"  # 0.2^6, written as app/formatting writes it
    # The swapped-in region is drawn by nnlab.js right after the swap: wait for the plot, then read it.
    page.wait_for_function("() => { const g = document.querySelector('#init-chain-plot .js-plotly-plot');"
                           " return g && g.data && g.data[0].x.length === 6; }")
    assert "depth=6" in page.url
    page.screenshot(path="/tmp/lesson-initialization.png", full_page=True)
    page.problems.assert_none()


def test_bad_depth_shows_a_message_and_keeps_the_numbers(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    page.fill("#depth", "25")
    page.wait_for_function("() => document.querySelector('#err-depth').textContent.includes('20')")
    assert symbol(page, "a.y4") == "75790"
    assert page.query_selector('[data-symbol="a.y5"]') is None
    page.problems.assert_none()


def test_initializer_choice_changes_the_activation_scale(page, live_server):
    open_lesson(page, live_server, "?lang=en&layers=6&width=16&act=relu")
    small = float(page.inner_text('[data-deep-std="6"]').replace(MINUS, "-"))
    page.select_option("#init", "he_normal")
    page.wait_for_function("() => location.search.includes('init=he_normal')")
    big = float(page.inner_text('[data-deep-std="6"]').replace(MINUS, "-"))
    assert small < 1e-6 < 0.1 < big  # N(0, 0.01) shrinks the signal; He keeps it
    page.problems.assert_none()


def test_live_training_shows_loss_and_layer_statistics(page, live_server):
    open_lesson(page, live_server, "?lang=en&layers=4&width=8&init=he_normal&act=relu")
    page.click("#init-train:not([disabled])")
    page.wait_for_function(
        "() => { const p = document.querySelector('#init-live-scale .js-plotly-plot');"
        " return p && p.data && p.data.length === 2 && p.data[0].x.length === 4; }", timeout=10000)
    page.wait_for_function("() => { const p = document.querySelector('#init-live-loss .js-plotly-plot');"
                           " return p && p.data && p.data.length && p.data[0].x.length > 20; }", timeout=10000)
    page.click("#init-train")  # pause
    page.wait_for_function("() => document.querySelector('#init-live-status').textContent.includes('Paused')")
    hist = page.evaluate("document.querySelector('#init-live-hist .js-plotly-plot').data.length")
    assert hist == 4  # one histogram per hidden layer
    page.problems.assert_none()


def test_exploding_weights_make_the_live_run_diverge(page, live_server):
    """init.s1.consequences on the page: N(0, 1) with ReLU, and after a few updates the loss is NaN."""
    open_lesson(page, live_server, "?lang=en&init=normal_1&act=relu&seed=2")
    page.click("#init-train:not([disabled])")
    page.wait_for_function("() => document.querySelector('#init-live-status').textContent.includes('diverged')",
                           timeout=10000)
    assert page.get_attribute("#init-train", "aria-pressed") == "false"
    page.problems.assert_none()


def test_seeds_give_five_curves_and_a_table(page, live_server):
    open_lesson(page, live_server, "?lang=en&layers=3&width=8&init=xavier_normal")
    page.click("#init-seeds-run:not([disabled])")
    page.wait_for_function("() => document.querySelectorAll('#init-seeds-table tbody tr').length === 5",
                           timeout=15000)
    page.wait_for_function("() => { const p = document.querySelector('#init-seeds-plot .js-plotly-plot');"
                           " return p && p.data && p.data.length === 5; }")
    accuracies = page.eval_on_selector_all("#init-seeds-table tbody tr td:last-child", "els => els.map(e => e.textContent)")
    assert all(a.endswith("\u202f%") for a in accuracies)
    page.problems.assert_none()


def test_a_bad_field_stops_the_live_run_with_a_message(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    page.fill("#lr", "0")
    page.wait_for_function("() => document.querySelector('#err-lr').textContent.includes('10')")
    page.click("#init-train:not([disabled])")
    page.wait_for_function("() => document.querySelector('#init-live-error').textContent.includes('marked')")
    page.problems.assert_none()
