"""Lesson 10 in a real browser: Debian's Chromium (Playwright) against a real uvicorn on 127.0.0.1."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
MINUS = "\u2212"


def open_lesson(page, live_server, query: str = "") -> None:
    page.goto(f"{live_server}/lessons/losses{query}")
    page.wait_for_selector('[data-plot="wrong"] .js-plotly-plot')


def text_of(page, selector: str) -> str:
    return page.inner_text(selector).strip()


def test_loads_without_errors_or_overflow_in_both_languages(page, live_server):
    for lang, heading in (("en", "Why cross-entropy"), ("pl", "Dlaczego entropia")):
        open_lesson(page, live_server, f"?lang={lang}")
        assert heading in page.inner_text("#ls-why-heading")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 1024
        assert page.locator(".js-plotly-plot").count() == 7
    page.screenshot(path="/tmp/lesson-losses.png", full_page=True)
    page.problems.assert_none()


def test_moving_the_point_recomputes_loss_and_gradient(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    assert text_of(page, '[data-loss="mse"]') == "4"
    page.fill("#mse_x", "5")
    page.wait_for_function("() => document.querySelector('[data-loss=\"mse\"]').textContent.trim() === '16'")
    assert text_of(page, '[data-grad="mse-0"]') == "8"  # 2 (5 - 1)
    page.problems.assert_none()


def test_wrong_prediction_comparison_follows_p(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    assert text_of(page, '[data-wrong="mse-dz"]') == f"{MINUS}0.019602"
    assert text_of(page, '[data-wrong="ce-dz"]') == f"{MINUS}0.99"
    page.fill("#wrong_p", "0.5")
    # mse: 2 (0.5 - 1) * 0.5 * 0.5 = -0.25; cross-entropy: 0.5 - 1 = -0.5
    page.wait_for_function("() => document.querySelector('[data-wrong=\"ce-dz\"]').textContent.trim() === '\u22120.5'")
    assert text_of(page, '[data-wrong="mse-dz"]') == f"{MINUS}0.25"
    page.problems.assert_none()


def test_bad_input_shows_a_message_and_keeps_the_numbers(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    page.fill("#bce_x", "1.5")
    page.wait_for_function("() => document.querySelector('#err-bce_x').textContent.includes('from 0 to 1')")
    assert text_of(page, '[data-loss="bce"]') == "1.60944"
    page.problems.assert_none()
