"""Every page on a phone, in Chromium: at 360 and 390 px wide, in both languages, nothing overflows sideways
(the document is no wider than the window once the page has drawn its plots); the Playground shows its picture,
the decision boundary, before its controls."""

from __future__ import annotations

import pytest

from tests.test_browser_pages import PAGES, wait_for_plots

pytestmark = pytest.mark.browser

WIDTHS = (360, 390)
# What is wider than the window, for a readable failure: the outermost elements whose right edge passes it
# outside any box that scrolls or clips.
WIDEST = """() => { const w = window.innerWidth;
    const clipped = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== "visible") return true; } return false; };
    return [...document.querySelectorAll("body *")].filter(el => el.getBoundingClientRect().right > w + 0.5
        && !clipped(el) && !(el.parentElement && el.parentElement.getBoundingClientRect().right > w + 0.5))
      .slice(0, 5).map(el => `${el.tagName.toLowerCase()}#${el.id}.${[...el.classList].join(".")} `
        + `${Math.round(el.getBoundingClientRect().right)}px`); }"""


@pytest.mark.parametrize("lang", ["pl", "en"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", [p for p, _ in PAGES])
def test_page_fits_a_phone_without_sideways_overflow(page, live_server, path, width, lang):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server}{path}?lang={lang}")
    wait_for_plots(page)
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{path} at {width} px ({lang}) is {scroll} px wide: {page.evaluate(WIDEST)}"
    page.problems.assert_none()


@pytest.mark.parametrize("width", WIDTHS)
def test_playground_shows_its_picture_first_on_a_phone(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server}/playground?lang=en")
    page.wait_for_selector("[data-plot=boundary] .js-plotly-plot")
    boundary = page.eval_on_selector("[data-plot=boundary]", "el => el.getBoundingClientRect().top + scrollY")
    controls = page.eval_on_selector("#pg-form", "el => el.getBoundingClientRect().top + scrollY")
    assert boundary < controls and boundary < 800, (boundary, controls)
    page.problems.assert_none()
