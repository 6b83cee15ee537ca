"""How an edit redraws a lesson's plots (static/js/nnlab.js), in Debian's Chromium against a real uvicorn.

The learning-rate lesson's first optimizer field changes four plots: the plots on screen are drawn first, those
below the fold after them (each Plotly redraw costs 20-60 ms), and an answer that brings a plot unchanged does not
redraw it. Every draw announces itself with an `nnlab:drawn` event on the plot's box.
"""

from __future__ import annotations

import pytest

from tests.browser_helpers import goto_lesson

pytestmark = pytest.mark.browser

LISTEN = """() => {
  window.__drawn = [];
  document.addEventListener("nnlab:drawn", (event) => {
    const r = event.target.getBoundingClientRect();
    window.__drawn.push([event.target.id, r.bottom > 0 && r.top < window.innerHeight]);
  });
}"""
DRAWN = "() => window.__drawn"
PLOTS = {"lr-axis-plot", "lr-paths-plot", "lr-losses-plot", "lr-curves-plot"}


def type_rate(page, value: str) -> None:
    """Type a learning rate into the plain optimizer's field and wait for the server's answer to be swapped in."""
    with page.expect_response(lambda r: "/lessons/learning-rate" in r.url and r.request.method == "GET"):
        # As typing does, without scrolling the page (Playwright's fill would scroll the field into view).
        page.evaluate("""(v) => { const el = document.querySelector('#lr_sgd'); el.value = v;
                                  el.dispatchEvent(new Event('input', {bubbles: true})); }""", value)
    page.wait_for_function("() => !document.querySelector('#lr-form.htmx-request')")


def test_an_edit_draws_the_plots_on_screen_first_and_skips_the_unchanged(page, live_server):
    goto_lesson(page, live_server, "learning-rate", "", "#lr-paths .js-plotly-plot")
    page.evaluate("() => document.querySelector('#lr-paths').scrollIntoView({block: 'center'})")
    page.evaluate(LISTEN)
    type_rate(page, "0.05")
    page.wait_for_function(f"() => window.__drawn.length >= {len(PLOTS)}")
    drawn = page.evaluate(DRAWN)
    assert {name for name, _ in drawn} == PLOTS and len(drawn) == len(PLOTS), drawn
    on_screen = [visible for _, visible in drawn]
    # The scroll position gives one plot on screen and three below the fold; the order is checked between them.
    assert on_screen.count(True) >= 1 and on_screen.count(False) >= 1, drawn
    assert on_screen == sorted(on_screen, reverse=True), drawn  # every plot on screen before any below the fold
    # The plot below the fold shows the new rate too: γ(n) starts at 0.05.
    page.wait_for_function(
        "() => document.querySelector('#lr-curves .plot-canvas').data[0].y[0] === 0.05")

    # The same rate again: the answer brings four identical plots, and none is redrawn.
    type_rate(page, "0.05")
    page.evaluate("() => new Promise(r => setTimeout(r, 0))")  # past the task that would draw one below the fold
    assert len(page.evaluate(DRAWN)) == len(PLOTS)
    page.problems.assert_none()
