"""Lesson 7 in Chromium (Playwright) against a real uvicorn: training draws the curves with the best epoch and
the gap; augmentation starts a new run compared with the previous one; the test set is evaluated once."""

from __future__ import annotations

import pytest

from tests.browser_helpers import goto_lesson, live
from tests.browser_helpers import train_until as _train_until

pytestmark = pytest.mark.browser


def open_page(page, live_server, query="?lang=en"):
    goto_lesson(page, live_server, "overfitting", query, "#of-plot .js-plotly-plot")


def train_until(page, step, new_run=False):
    _train_until(page, "#of-train", step, new_run)


def test_training_marks_the_best_epoch_and_testing_happens_once(page, live_server):
    open_page(page, live_server)
    assert page.is_disabled("#of-test-button")  # nothing trained yet
    train_until(page, 300)
    traces = page.evaluate("document.querySelector('#of-plot .js-plotly-plot').data.map(t => t.name)")
    assert traces == ["training", "validation", "best epoch"]
    best = int(live(page, "best_step"))
    step = int(live(page, "step"))
    assert 0 < best < step  # the validation loss was lowest before the end: overfitting
    assert float(live(page, "gap").replace("\u2212", "-")) > 0.2
    page.screenshot(path="/tmp/lesson-overfitting.png", full_page=True)
    # The test set: once.
    page.click("#of-test-button")
    page.wait_for_selector("#of-test-result:not([hidden])")
    assert "Test result after" in page.inner_text("#of-test-result")
    # of.test.truth in Chromium: the defaults' test set is large enough, its size is shown, no warning.
    assert page.get_attribute("#of-test-result", "data-size") == "120"
    assert "on 120 test points" in page.inner_text("#of-test-result")
    assert page.is_hidden("#of-test-warning")
    assert page.is_disabled("#of-test-button")
    assert "unbiased" in page.inner_text("#of-test-why")
    page.problems.assert_none()


def test_augmentation_starts_a_new_run_beside_the_previous(page, live_server):
    open_page(page, live_server)
    train_until(page, 200)
    page.fill("#of-copies", "10")
    page.wait_for_function("() => JSON.parse(document.querySelector('#of-exp-json').textContent).augment_copies === 10")
    train_until(page, 200, new_run=True)
    traces = page.evaluate("document.querySelector('#of-plot .js-plotly-plot').data.map(t => t.name)")
    assert traces[:2] == ["previous: training", "previous: validation"]
    assert live(page, "prev_gap") != "–"
    page.problems.assert_none()


def test_bad_input_shows_the_limit(page, live_server):
    open_page(page, live_server)
    page.fill("#of-n", "5")
    page.wait_for_function("() => document.querySelector('#of-err-n').textContent.includes('400')")
    # The next run keeps the last good setup: 400 samples, split 160 / 120 / 120.
    assert "160 training, 120 validation, 120 test" in page.inner_text("#of-setup")
    assert page.evaluate("JSON.parse(document.querySelector('#of-exp-json').textContent).n") == 400
    page.problems.assert_none()


def test_a_small_test_set_is_warned_about_and_a_disabled_button_looks_disabled(page, live_server):
    """of.setup.small_test and of.test.small in Chromium: 100 samples leave 30 test points, below TEST_WARN."""
    open_page(page, live_server, "?lang=en&n=100")
    assert "only 30 points" in page.inner_text("#of-setup")
    style = page.eval_on_selector("#of-test-button", "b => [getComputedStyle(b).opacity, getComputedStyle(b).cursor]")
    assert float(style[0]) < 0.6 and style[1] == "not-allowed"
    train_until(page, 100)
    page.click("#of-test-button")
    page.wait_for_selector("#of-test-warning:not([hidden])")
    assert "Only 30 test points" in page.inner_text("#of-test-warning")
    assert "on 30 test points" in page.inner_text("#of-test-result")
    page.problems.assert_none()
