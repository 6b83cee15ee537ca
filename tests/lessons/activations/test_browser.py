"""Lesson 9 in a real browser: Debian's Chromium (Playwright) against a real uvicorn on 127.0.0.1.

Every test ends by checking the page logged no console error and threw no page error.
"""

from __future__ import annotations

import pytest

from tests.browser_helpers import MINUS, goto_lesson, symbol, wait_symbol

pytestmark = pytest.mark.browser


def open_lesson(page, live_server, query: str = "") -> None:
    goto_lesson(page, live_server, "activations", query, '[data-plot="act-all"] .js-plotly-plot')


def test_loads_with_the_lecture_neuron_and_a_new_weight_revives_it(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    assert symbol(page, "z1") == f"{MINUS}0.34"
    assert page.get_attribute("#act-ten .act-verdict", "data-on") == "0"
    page.fill("#w2", "0")  # drop the −0.4: 5.1·0.2 + 1.4·0.1 + 0.2·(−0.5) = 1.06
    wait_symbol(page, "z1", "1.06")
    assert symbol(page, "y1") == "1.06" and symbol(page, "relu_d1") == "1"
    assert page.get_attribute("#act-ten .act-verdict", "data-on") == "10"
    page.screenshot(path="/tmp/lesson-activations.png", full_page=True)
    page.problems.assert_none()


def test_alpha_moves_the_leaky_curve_and_the_probe(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    assert page.inner_text('[data-probe-f="leaky_relu"]') == f"{MINUS}0.034"  # 0.1 · (−0.34)
    page.fill("#leaky_alpha", "0.5")
    page.wait_for_function("() => document.querySelector('[data-probe-f=\"leaky_relu\"]').textContent === '\u22120.17'")
    # The redrawn curve starts at f(−5) = 0.5 · (−5).
    page.wait_for_function("() => { const p = document.querySelector('[data-plot=\"act-leaky_relu\"] .js-plotly-plot');"
                           " return p && p.data && Math.abs(p.data[0].y[0] + 2.5) < 1e-12; }")
    page.fill("#leaky_alpha", "3")
    page.wait_for_function("() => document.querySelector('#err-leaky_alpha').textContent.includes('1')")
    assert page.inner_text('[data-probe-f="leaky_relu"]') == f"{MINUS}0.17"  # the last good state stays
    page.problems.assert_none()


def test_live_comparison_fills_the_dead_fractions(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    page.fill("#live_lr", "abc")
    page.click("#act-run")
    assert "abc" in page.inner_text("#err-live_lr")
    page.fill("#live_lr", "1")
    page.click("#act-run")
    page.wait_for_function(
        "() => { const p = document.querySelector('#act-live-dead');"
        " return p.data && p.data.length && p.data[0].x.length > 5; }",
        timeout=10000)
    page.click("#act-run")  # pause
    assert page.inner_text('[data-inactive="relu-1"]') != "–"
    assert page.evaluate("document.querySelector('#act-live-dead').data.length") == 6  # 3 layers × 2 runs
    page.problems.assert_none()


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_no_horizontal_overflow_in_either_language(page, live_server, lang):
    open_lesson(page, live_server, f"?lang={lang}")
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1]
    assert page.get_attribute("html", "lang") == lang
    page.problems.assert_none()
