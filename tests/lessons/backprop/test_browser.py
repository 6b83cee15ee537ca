"""Lesson 1 in a real browser: Debian's Chromium (Playwright) against a real uvicorn on 127.0.0.1.

Every test ends by checking the page logged no console error and threw no page error (CSP violations and
failed requests show up there too).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser_helpers import MINUS, goto_lesson, symbol, wait_symbol

pytestmark = pytest.mark.browser


def open_lesson(page, live_server, query: str = "") -> None:
    # Plotly has drawn the chart: the page is fully up.
    goto_lesson(page, live_server, "backprop", query, "#bp-chart .js-plotly-plot")
    page.evaluate("window.__nnlabMarker = 'still-the-same-document'")


def assert_not_reloaded(page) -> None:
    assert page.evaluate("window.__nnlabMarker") == "still-the-same-document"
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1


def test_page_loads_with_the_lecture_numbers(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    expected = {"y11": "70", "y12": "0", "y21": "70", "loss": "25", "dL/dw211": f"{MINUS}700", "dL/dw212": "0",
                "dL/dw111": f"{MINUS}40", "dL/dw121": "0"}
    assert {name: symbol(page, name) for name in expected} == expected
    # MathML is laid out by the browser (a fraction has a real height, not a line of raw text).
    height = page.evaluate("document.querySelector('#bp-gradients mfrac').getBoundingClientRect().height")
    assert height > 25
    page.screenshot(path="/tmp/backprop.png", full_page=True)
    page.problems.assert_none()


def test_typing_recomputes_and_updates_the_url_without_reload(page, live_server):
    open_lesson(page, live_server)
    page.fill("#w111", "10")
    wait_symbol(page, "y11", "30")  # 10·4 − 10
    assert symbol(page, "loss") == "2025"  # (75 − 30)²
    page.wait_for_function("() => location.search.includes('w111=10')")
    assert_not_reloaded(page)
    # The language links follow the new URL.
    href = page.get_attribute('#lang-switch a[data-lang="en"]', "href")
    assert parse_qs(urlsplit(href).query)["w111"] == ["10"]
    # Opening that URL shows that state.
    page.goto(page.url)
    page.wait_for_selector("#bp-chart .js-plotly-plot")
    assert symbol(page, "y11") == "30" and page.input_value("#w111") == "10"
    page.problems.assert_none()


def test_enter_does_not_reload(page, live_server):
    open_lesson(page, live_server)
    page.fill("#x", "5")
    page.press("#x", "Enter")
    wait_symbol(page, "y11", "90")  # 20·5 − 10
    page.wait_for_timeout(300)
    assert_not_reloaded(page)
    page.problems.assert_none()


def test_bad_input_shows_the_message_and_keeps_the_values(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    page.fill("#w111", "abc")
    page.wait_for_function("() => document.querySelector('#err-w111').textContent.trim() !== ''")
    assert "is not a number" in page.inner_text("#err-w111")
    assert symbol(page, "y11") == "70" and symbol(page, "dL/dw211") == f"{MINUS}700"
    page.fill("#lr", "0")
    page.wait_for_function("() => document.querySelector('#err-lr').textContent.includes('10')")
    assert symbol(page, "y11") == "70"
    # Correct both: the messages go and the values follow.
    page.fill("#lr", "0.001")
    page.fill("#w111", "10")
    wait_symbol(page, "y11", "30")
    assert page.inner_text("#err-w111").strip() == "" and page.inner_text("#err-lr").strip() == ""
    assert_not_reloaded(page)
    page.problems.assert_none()


def test_step_twice_grows_the_loss_chart_to_three_points(page, live_server):
    open_lesson(page, live_server)
    # Null-safe: between the swap and the redraw the new chart has no plot yet.
    points = "(document.querySelector('#bp-chart .js-plotly-plot') || {data: [{y: []}]}).data[0].y.length"
    assert page.evaluate(points) == 1
    page.click("#bp-step")
    page.wait_for_function(f"() => {points} === 2")
    assert page.input_value("#w211") == "1.7"  # 1 − 0.001·(−700)
    page.click("#bp-step")
    page.wait_for_function(f"() => {points} === 3")
    assert page.evaluate("document.querySelector('#bp-chart .js-plotly-plot').data[0].y[0]") == 25
    assert "hist=" in page.url
    page.click("#bp-reset")
    page.wait_for_function(f"() => {points} === 1")
    assert page.input_value("#w211") == "1" and symbol(page, "loss") == "25"
    assert_not_reloaded(page)
    page.problems.assert_none()


def test_keys_s_steps_and_r_resets_even_after_a_click(page, live_server):
    open_lesson(page, live_server)
    points = "(document.querySelector('#bp-chart .js-plotly-plot') || {data: [{y: []}]}).data[0].y.length"
    page.click("#bp-step")  # the focus stays on the button: the keys still work
    page.wait_for_function(f"() => {points} === 2")
    page.keyboard.press("s")
    page.wait_for_function(f"() => {points} === 3")
    page.focus("#w211")  # typing in a field is typing, not a shortcut
    page.keyboard.press("r")
    page.wait_for_timeout(200)
    assert page.evaluate(points) == 3
    page.click("h1")
    page.keyboard.press("r")
    page.wait_for_function(f"() => {points} === 1")
    assert page.input_value("#w211") == "1"
    page.problems.assert_none()


def test_backward_view_shows_the_gradients_on_the_diagram(page, live_server):
    open_lesson(page, live_server)
    assert page.query_selector('[data-symbol-diagram="dL/dw211"]') is None
    page.check("#view-backward")
    page.wait_for_selector('[data-symbol-diagram="dL/dw211"]')
    assert page.text_content('[data-symbol-diagram="dL/dw211"]') == f"{MINUS}700"
    assert page.text_content('[data-symbol-diagram="dL/dz21"]') == f"{MINUS}10"
    page.wait_for_function("() => location.search.includes('view=backward')")
    assert_not_reloaded(page)
    page.problems.assert_none()


def test_chain_panel_follows_the_chosen_parameter(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    page.select_option("#param", "w111")
    page.wait_for_selector('#bp-chain[data-param="w111"]')
    values = page.eval_on_selector_all("#bp-chain [data-factor-value]", "els => els.map(e => e.textContent.trim())")
    assert values == [f"{MINUS}10", "1", "1", "1", "4"]
    page.problems.assert_none()


@pytest.mark.parametrize("path", ["/", "/lessons/backprop", "/lessons/backprop?view=backward&param=w121"])
def test_no_horizontal_overflow_at_1024x768(page, live_server, path):
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(live_server + path)
    page.wait_for_load_state("load")
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"{path}: scrollWidth {width[0]} > clientWidth {width[1]}"
    page.problems.assert_none()


@pytest.mark.parametrize(
    ("lang", "h1", "step1"),
    [("pl", "Przejście w przód i wsteczna propagacja błędu", "1. Sieć: wagi, biasy, architektura"),
     ("en", "Forward pass and backpropagation", "1. The network: weights, biases, architecture")],
)
def test_each_language_shows_its_own_headings(page, live_server, lang, h1, step1):
    open_lesson(page, live_server, f"?lang={lang}")
    assert page.inner_text("h1").strip() == h1
    assert page.inner_text("#step-1-heading").strip() == step1
    assert page.get_attribute("html", "lang") == lang
    page.problems.assert_none()
