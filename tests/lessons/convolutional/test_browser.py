"""Lesson 11 in Chromium (Playwright) against a real uvicorn: the workbench recomputes as the learner types and
answers a bad field with a message; the LeNet-style network trains live through the runs API's stream until its
test accuracy reaches 90 % within 60 s; the plain and residual networks train side by side. Both languages. Every
test ends without console errors."""

from __future__ import annotations

import time

import pytest

from tests.browser_helpers import goto_lesson
from tests.browser_helpers import text_of as text

pytestmark = pytest.mark.browser


def open_page(page, live_server, lang):
    goto_lesson(page, live_server, "convolutional", f"?lang={lang}", "#conv-feature .js-plotly-plot",
                "#conv-filters .js-plotly-plot", '#conv-lenet[data-ready="true"]')


def out_size(page) -> str:
    return page.get_attribute("#conv-out", "data-out")


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_the_workbench_answers_stride_padding_presets_and_bad_input(page, live_server, lang):
    open_page(page, live_server, lang)
    assert out_size(page) == "8"  # floor((8 + 2 - 3) / 1) + 1
    page.fill("#conv-stride", "2")
    page.wait_for_function("() => document.querySelector('#conv-out').dataset.out === '4'")
    page.fill("#conv-padding", "0")
    page.wait_for_function("() => document.querySelector('#conv-out').dataset.out === '3'")
    page.click("#conv-preset-blur")
    page.wait_for_function("() => document.querySelector('#conv-w22').value === '0.25'")
    assert page.input_value("#conv-stride") == "2"  # a preset changes the kernel only
    page.fill("#conv-w11", "11")
    page.wait_for_function("() => document.querySelector('#conv-err-w11').textContent.includes('10')")
    assert out_size(page) == "3"  # the last good state stays
    page.fill("#conv-w11", "0,5")  # a decimal comma reads as 0.5
    page.wait_for_function("() => document.querySelector('#conv-err-w11').textContent.trim() === ''")
    page.select_option("#conv-image", "vertical")
    page.wait_for_function("() => document.querySelector('#conv-shown').value.includes('image=vertical')")
    page.problems.assert_none()


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_lenet_trains_live_to_90_percent_on_the_test_set_within_a_minute(page, live_server, lang):
    open_page(page, live_server, lang)
    started = time.monotonic()
    page.click("#conv-train")
    page.wait_for_function("() => Number(document.querySelector('#conv-test').dataset.value) >= 0.9",
                           timeout=60_000)
    seconds = time.monotonic() - started
    assert seconds < 60
    step = int(text(page, "#conv-step"))
    print(f"\nLeNet ({lang}): test accuracy {text(page, '#conv-test')} after {step} updates, {seconds:.1f} s")
    assert text(page, "#conv-test").endswith("\u202f%")
    # The curves and the server's views were drawn from the run.
    assert page.evaluate("document.querySelector('#conv-lenet-loss .js-plotly-plot').data[0].x.length") > 10
    assert page.evaluate("document.querySelector('#conv-lenet-acc .js-plotly-plot').data[0].x.length") > 1
    page.problems.assert_none()


def test_plain_and_residual_train_side_by_side_with_their_gradient_norms(page, live_server):
    open_page(page, live_server, "en")
    page.click("#conv-res-train")
    # The norms of frames after 200 updates in both runs (the first frame's are those before any update: 0).
    page.wait_for_function("() => Number(document.querySelector('#conv-res-grads').dataset.plainStep) >= 200"
                           " && Number(document.querySelector('#conv-res-grads').dataset.residualStep) >= 200",
                           timeout=30_000)
    page.click("#conv-res-train")  # pause
    plain = float(page.get_attribute("#conv-res-grads", "data-plain"))
    residual = float(page.get_attribute("#conv-res-grads", "data-residual"))
    assert residual > 100 * plain  # the first layer's gradient vanishes in the plain network only
    traces = page.evaluate("document.querySelector('#conv-res-loss .js-plotly-plot').data.map(d => d.x.length)")
    assert min(traces) > 10
    page.problems.assert_none()
