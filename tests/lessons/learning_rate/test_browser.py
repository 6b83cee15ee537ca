"""Lesson 3 in a real browser: Debian's Chromium (Playwright) against a real uvicorn on 127.0.0.1.

wait_for_function gets arrow functions only (a string expression would need eval, which the CSP forbids).
"""

from __future__ import annotations

import math

import pytest

from tests.browser_helpers import goto_lesson

pytestmark = pytest.mark.browser


def sgd_diverges_at(lr: float, start=(-4.0, 1.5)) -> int:
    """The first SGD step on L = (w1^2 + 25 w2^2)/2 whose loss passes 1e8, by hand."""
    w1, w2 = start
    for n in range(1, 1000):
        w1, w2 = w1 - lr * w1, w2 - lr * 25 * w2
        if 0.5 * (w1 * w1 + 25 * w2 * w2) > 1e8:
            return n
    raise AssertionError("no divergence")


def open_lesson(page, live_server, query: str = "") -> None:
    goto_lesson(page, live_server, "learning-rate", query, "#lr-paths .js-plotly-plot")


def test_loads_without_errors_or_overflow_in_both_languages(page, live_server):
    for lang, heading in (("en", "Momentum"), ("pl", "Pęd")):
        open_lesson(page, live_server, f"?lang={lang}")
        assert heading in page.inner_text("#lr-s4-heading")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 1024
        assert page.locator(".js-plotly-plot").count() == 5
    page.screenshot(path="/tmp/lesson-learning-rate.png", full_page=True)
    page.problems.assert_none()


def test_presets_show_divergence_and_typing_recomputes(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    assert page.get_attribute('[data-status="sgd"]', "data-diverged-at") == ""
    page.click("#lr-preset-diverge")
    expected = sgd_diverges_at(0.1)
    page.wait_for_function("() => document.querySelector('[data-status=\"sgd\"]').dataset.divergedAt !== ''")
    assert page.get_attribute('[data-status="sgd"]', "data-diverged-at") == str(expected)
    assert page.input_value("#lr_sgd") == "0.1"
    assert f"at step {expected}" in page.inner_text('[data-status="sgd"]')
    # Typing a smaller rate brings SGD back; the URL follows without a reload.
    page.fill("#lr_sgd", "0.05")
    page.wait_for_function("() => document.querySelector('[data-status=\"sgd\"]').dataset.divergedAt === ''")
    page.wait_for_function("() => location.search.includes('lr_sgd=0.05')")
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    page.problems.assert_none()


def test_bad_input_shows_a_message_and_keeps_the_plots(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    before = page.inner_text('[data-final-loss="sgd"]')
    page.fill("#mu", "1.5")
    page.wait_for_function("() => document.querySelector('#err-mu').textContent.includes('less than 1')")
    assert page.inner_text('[data-final-loss="sgd"]') == before
    page.fill("#mu", "0.5")
    page.wait_for_function("() => document.querySelector('#err-mu').textContent.trim() === ''")
    page.problems.assert_none()


def test_live_run_plots_a_bumpy_curve_and_the_lr(page, live_server):
    open_lesson(page, live_server, "?lang=en&live_updates=60&live_decay=0.01")
    page.click("#lr-live-start")
    page.wait_for_function("() => document.querySelector('#lr-live-status').dataset.state === 'done'",
                           timeout=15000)
    points = int(page.get_attribute("#lr-live-plot", "data-points"))
    assert points == 60
    status = page.inner_text("#lr-live-status")
    assert status.startswith("Done: 60 updates")
    # The lr the server reports after 60 updates is 0.5 e^(-0.01 * 60) (4 significant digits shown).
    assert f"γ = {float(f'{0.5 * math.exp(-0.6):.4g}')}" in status
    page.problems.assert_none()
