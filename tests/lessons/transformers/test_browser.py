"""Lesson 12 in a real browser: Debian's Chromium (Playwright) against a real uvicorn on 127.0.0.1, in both
languages: the workbench's controls (a weight, a preset, the mask, a bad field), d_k, and the attention model
trained live through its stream to at least 95 % token accuracy. Every test ends without console errors."""

from __future__ import annotations

import pytest

from tests.browser_helpers import goto_lesson

pytestmark = pytest.mark.browser

HEAT = "document.querySelector('#tr-heat-long .js-plotly-plot')"


def open_page(page, live_server, lang):
    goto_lesson(page, live_server, "transformers", f"?lang={lang}", "#tr-heat-long .js-plotly-plot",
                "#tr-live-heat .js-plotly-plot", "#tr-live[data-ready]")


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_workbench_controls_redraw_the_heatmaps_and_bad_input_keeps_the_last_state(page, live_server, lang):
    open_page(page, live_server, lang)
    first = page.evaluate(f"{HEAT}.data[0].z[8][2]")  # "lamb" looking at "hospital"
    page.click("#tr-preset-context")
    page.wait_for_function(f"(v) => {HEAT}.data[0].z[8][2] > v + 0.1", arg=first)
    assert page.input_value("#tr-q32") == "4"
    assert page.inner_text("#tr-row-maths [data-weight='3']").strip() == page.evaluate(
        f"{HEAT}.data[0].z[8][2].toFixed(3).replace(/0+$/, '')")
    page.check("#tr-causal")
    page.wait_for_function(f"() => {HEAT}.data[0].z[0][1] === 0 && {HEAT}.data[0].z[8][9] === 0")
    page.fill("#tr-k11", "abc")
    page.wait_for_function("() => document.querySelector('#tr-err-k11').textContent.includes('abc')")
    kept = page.evaluate(f"{HEAT}.data[0].z[4][4]")
    page.fill("#tr-k11", "2,5")  # a decimal comma reads as a point
    page.wait_for_function("() => document.querySelector('#tr-err-k11').textContent === ''")
    page.wait_for_function(f"(v) => {HEAT}.data[0].z[4][4] !== v", arg=kept)  # "Mary" looks more at itself
    page.eval_on_selector(
        "#tr-dk", "el => { el.value = '64'; el.dispatchEvent(new Event('input', {bubbles: true})); }")
    page.wait_for_function("() => document.querySelector('#tr-sat-numbers').textContent.includes('64')")
    page.problems.assert_none()


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_the_attention_model_trains_live_to_95_percent(page, live_server, lang):
    open_page(page, live_server, lang)
    page.click("#tr-train")
    page.wait_for_function("() => document.querySelector('#tr-live-status').dataset.state === 'done'",
                           timeout=120_000)
    page.wait_for_function("() => Number(document.querySelector('#tr-live-heat').dataset.step) >= 400")
    acc = float(page.inner_text("#tr-acc").replace("\u202f%", "").strip())
    assert acc >= 95.0
    assert int(page.get_attribute("#tr-curves", "data-points")) >= 10
    curves = page.evaluate("document.querySelector('#tr-curves .js-plotly-plot').data.map(t => t.x.length)")
    assert all(n >= 10 for n in curves)
    # The heatmap of another example, from the same trained run.
    page.select_option("#tr-example", "4")
    page.wait_for_function("() => Number(document.querySelector('#tr-diag').textContent) > 0.6")
    page.problems.assert_none()
