"""Lesson 8 in Chromium (Playwright) against a real uvicorn: the calculator recomputes as the learner types,
the classifier trains live and shows the probabilities under the cursor. Every test ends without console errors."""

from __future__ import annotations

import math

import pytest

from tests.browser_helpers import goto_lesson
from tests.browser_helpers import text_of as text

pytestmark = pytest.mark.browser


def open_page(page, live_server, query="?lang=en"):
    goto_lesson(page, live_server, "softmax", query, "#sm-classifier-plot .js-plotly-plot", "#sm-bars .js-plotly-plot")


P1 = f"{math.exp(0.02) / (math.exp(0.02) + math.exp(0.6)):.6g}"  # softmax(0.02, 0.6)_1, computed here


def test_loads_with_both_lecture_examples_and_a_screenshot(page, live_server):
    open_page(page, live_server)
    assert page.eval_on_selector_all("[data-lecture-p]", "els => els.map(e => e.textContent.trim())") == [
        "≈ 0.36", "≈ 0.64", "≈ 0.75", "≈ 0.25"]
    assert text(page, '[data-p="1"]') == P1
    page.screenshot(path="/tmp/lesson-softmax.png", full_page=True)
    page.problems.assert_none()


def test_typing_a_logit_recomputes_the_probabilities(page, live_server):
    open_page(page, live_server)
    page.fill("#sm-z1", "1.7")
    expected = f"{math.exp(1.7) / (math.exp(1.7) + math.exp(0.6)):.6g}"
    page.wait_for_function("(v) => document.querySelector('[data-p=\"1\"]').textContent.trim() === v", arg=expected)
    # A lower temperature sharpens: p1 grows.
    page.fill("#sm-t", "0.5")
    sharp = f"{math.exp(3.4) / (math.exp(3.4) + math.exp(1.2)):.6g}"
    page.wait_for_function("(v) => document.querySelector('[data-p=\"1\"]').textContent.trim() === v", arg=sharp)
    page.problems.assert_none()


def test_bad_temperature_shows_the_limit_and_keeps_the_numbers(page, live_server):
    open_page(page, live_server)
    page.fill("#sm-t", "0")
    page.wait_for_function("() => document.querySelector('#sm-err-t').textContent.includes('0.01')")
    assert text(page, '[data-p="1"]') == P1
    page.problems.assert_none()


def test_training_the_classifier_moves_the_probabilities_under_the_cursor(page, live_server):
    open_page(page, live_server)
    before = float(text(page, '[data-readout="p_good"]'))
    page.click("#sm-train")
    page.wait_for_function("() => Number(document.querySelector('#sm-step').textContent) >= 100",
                           timeout=20000)  # 100 live updates: seconds on a loaded machine, not a UI reaction
    page.click("#sm-train")  # pause
    after = float(text(page, '[data-readout="p_good"]'))
    assert text(page, '[data-readout="x"]') == "4"
    assert after > 0.9 and after > before  # x = 4 (quality 75) learned as good
    # Hovering near x = 1 shows that point's numbers: a bad fruit.
    box = page.locator("#sm-classifier-plot .nsewdrag").bounding_box()
    page.mouse.move(box["x"] + box["width"] * (1 - 0.4) / (9.85 - 0.4), box["y"] + box["height"] / 2)
    page.wait_for_function("() => document.querySelector('[data-readout=\"x\"]').textContent !== '4'")
    assert float(text(page, '[data-readout="p_bad"]')) > 0.9
    page.problems.assert_none()


# The "true" label and the true class's bar, as drawn: (label centre x, label bottom, bar left, bar right, bar top).
ANCHOR = """() => {
  const plot = document.querySelector("#sm-bars .js-plotly-plot");
  const label = plot.querySelector(".annotation").getBoundingClientRect();
  const true_ = plot.data[0].marker.line.width.findIndex(w => w > 0);
  const bar = plot.querySelectorAll(".bars .point path")[true_].getBoundingClientRect();
  return [label.left + label.width / 2, label.bottom, bar.left, bar.right, bar.top];
}"""


def assert_label_on_its_bar(page) -> None:
    cx, bottom, left, right, top = page.evaluate(ANCHOR)
    assert left <= cx <= right, (cx, left, right)  # over the bar, whatever the bar's width
    assert top - 45 <= bottom <= top, (bottom, top)  # just above its top (the value text sits between)


@pytest.mark.parametrize("width", [480, 1400])
def test_the_true_label_sits_on_its_bar_at_any_width(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, live_server, "?lang=pl")
    assert page.text_content("#sm-bars .annotation").strip() == "prawdziwa"
    assert_label_on_its_bar(page)  # class 2, p = 0.64
    # Another true class with a low bar, and more classes (narrower bars): the label follows its bar.
    page.select_option("#sm-true", "1")
    page.wait_for_function("() => document.querySelector('#sm-bars .js-plotly-plot').data[0].marker.line.width[0] > 0")
    assert_label_on_its_bar(page)  # class 1, p = 0.36
    page.select_option("#sm-k", "5")
    page.wait_for_function("() => document.querySelector('#sm-bars .js-plotly-plot').data[0].x.length === 5")
    assert_label_on_its_bar(page)
    page.problems.assert_none()
