"""Lesson 9 in a real browser: Debian's Chromium (Playwright) against a real uvicorn on 127.0.0.1.

Every test ends by checking the page logged no console error and threw no page error.
"""

from __future__ import annotations

import pytest

from tests.browser_helpers import MINUS, goto_lesson, symbol, wait_symbol

pytestmark = pytest.mark.browser


def open_lesson(page, live_server, query: str = "") -> None:
    goto_lesson(page, live_server, "activations", query, '[data-plot="act-all"] .js-plotly-plot',
                "#act-live[data-ready]")


def test_loads_with_the_lecture_neuron_and_a_new_weight_revives_it(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    assert symbol(page, "z1") == f"{MINUS}0.34"
    assert page.get_attribute("#act-ten .act-verdict", "data-on") == "0"
    assert page.get_attribute("[data-trained]", "data-trained") == "same"
    page.fill("#w2", "0")  # drop the −0.4: 5.1·0.2 + 1.4·0.1 + 0.2·(−0.5) = 1.06
    wait_symbol(page, "z1", "1.06")
    assert symbol(page, "y1") == "1.06" and symbol(page, "relu_d1") == "1"
    assert page.get_attribute("#act-ten .act-verdict", "data-on") == "10"
    assert page.get_attribute("[data-trained]", "data-trained") == "moved"
    page.screenshot(path="/tmp/lesson-activations.png", full_page=True)
    page.problems.assert_none()


def test_alpha_moves_the_leaky_curve_and_the_probe(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    assert page.inner_text('[data-probe-f="leaky_relu"]') == f"{MINUS}0.034"  # 0.1 · (−0.34)
    page.fill("#leaky_alpha", "0,5")  # a decimal comma reads as a point
    page.wait_for_function("() => document.querySelector('[data-probe-f=\"leaky_relu\"]').textContent === '\u22120.17'")
    # The redrawn curve starts at f(−5) = 0.5 · (−5).
    page.wait_for_function("() => { const p = document.querySelector('[data-plot=\"act-leaky_relu\"] .js-plotly-plot');"
                           " return p && p.data && Math.abs(p.data[0].y[0] + 2.5) < 1e-12; }")
    assert page.inner_text('[data-alpha="leaky_relu"]') == "0.5"
    page.fill("#leaky_alpha", "3")
    page.wait_for_function("() => document.querySelector('#err-leaky_alpha').textContent.includes('1')")
    assert page.inner_text('[data-probe-f="leaky_relu"]') == f"{MINUS}0.17"  # the last good state stays
    page.problems.assert_none()


def test_f_and_its_derivative_look_different(page, live_server):
    """f is a solid dark line, f' a dashed red one with markers; the legend reads f(x) and f′(x)."""
    open_lesson(page, live_server, "?lang=pl")
    traces = page.evaluate("""() => document.querySelector('[data-plot="act-relu"] .js-plotly-plot').data
        .map(t => [t.name, t.line.color, t.line.dash || "solid", t.mode])""")
    (f_name, f_color, f_dash, f_mode), (d_name, d_color, d_dash, d_mode) = traces
    assert (f_name, d_name) == ("f(x)", "f′(x)")
    assert f_color != d_color and f_dash == "solid" and d_dash == "dash" and "markers" in d_mode
    legend = page.eval_on_selector_all('[data-plot="act-relu"] .legendtext', "els => els.map(e => e.textContent)")
    assert legend == ["f(x)", "f′(x)"]
    assert "leaky_relu" not in page.inner_text("#act-functions")
    page.problems.assert_none()


def test_live_comparison_fills_the_plot_and_the_table(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    page.fill("#live_lr", "abc")
    page.wait_for_function("() => document.querySelector('#err-live_lr').textContent.includes('abc')")
    page.fill("#live_lr", "0.7")
    page.wait_for_function("() => document.querySelector('#err-live_lr').textContent === ''")
    page.click("#act-run")
    page.wait_for_function(
        "() => ['relu', 'leaky-relu'].every(a => Number(document.querySelector('[data-plot=\"live-off\"]')"
        ".getAttribute('data-points-' + a) || 0) >= 3)", timeout=15000)
    page.click("#act-run")  # pause
    assert page.get_attribute("#act-live-status", "data-state") == "paused"
    assert page.inner_text('[data-off="relu-1"]').endswith("/ 16")
    traces = page.evaluate("document.querySelector('[data-plot=\"live-off\"] .js-plotly-plot').data"
                           ".map(t => [t.name, t.x.length])")
    assert len(traces) == 4 and all(n >= 3 for _, n in traces)  # 2 layers × 2 runs
    assert {name.split(",")[0] for name, _ in traces} == {"ReLU", "Leaky ReLU"}
    page.problems.assert_none()
