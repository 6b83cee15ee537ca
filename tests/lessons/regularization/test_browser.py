"""Lesson 6 in Chromium (Playwright) against a real uvicorn: L1 training drives the weights to zero (the count
and the histogram change), BatchNorm shows mu_B and sigma_B, the dropout demonstration redraws its masks."""

from __future__ import annotations

import pytest

from tests.browser_helpers import goto_lesson, live
from tests.browser_helpers import train_until as _train_until

pytestmark = pytest.mark.browser


def open_page(page, live_server, query="?lang=en"):
    goto_lesson(page, live_server, "regularization", query, "#reg-hist .js-plotly-plot")


def train_until(page, step, new_run=False):
    _train_until(page, "#reg-train", step, new_run)


def small(page) -> int:
    return int(live(page, "small").split(" / ")[0])


def test_l1_drives_weights_to_zero_compared_with_no_penalty(page, live_server):
    open_page(page, live_server)
    assert live(page, "small").endswith("/ 8384") and small(page) < 100  # fresh He-normal weights
    train_until(page, 300)
    without = small(page)
    page.select_option("#reg-reg", "l1")
    page.wait_for_function("() => JSON.parse(document.querySelector('#reg-exp-json').textContent)"
                           ".regularization.kind === 'l1'")
    train_until(page, 400, new_run=True)
    assert small(page) > 200 > without
    # The previous run's count (read after its last chunk, which may end after the pause was clicked).
    assert int(live(page, "prev_small").split(" / ")[0]) < 200
    names = page.evaluate("document.querySelector('#reg-hist .js-plotly-plot').data.map(t => t.name)")
    assert names == ["previous run", "current run"]
    page.screenshot(path="/tmp/lesson-regularization.png", full_page=True)
    page.problems.assert_none()


def test_batchnorm_shows_the_last_batch_statistics(page, live_server):
    open_page(page, live_server)
    assert page.is_hidden("#reg-bn-table")
    page.check("#reg-bn")
    page.wait_for_function("() => JSON.parse(document.querySelector('#reg-exp-json').textContent).batchnorm")
    train_until(page, 20)
    page.wait_for_selector("#reg-bn-table:not([hidden])")
    assert page.locator('#reg-bn-table [data-bn="sigma"]').count() == 64
    page.problems.assert_none()


def test_dropout_demo_keeps_eval_mode_at_the_lecture_value(page, live_server):
    open_page(page, live_server)
    assert page.inner_text('[data-eval-y="1"]') == "70" and page.inner_text('[data-eval-y="2"]') == "70"
    before = page.eval_on_selector_all("[data-train-y]", "els => els.map(e => e.textContent)")
    page.fill("#reg-demo_p", "0.2")
    # 70 / (1 - 0.2) = 87.5 whenever y11 is kept.
    page.wait_for_function("() => [...document.querySelectorAll('[data-train-y]')]"
                           ".some(e => e.textContent === '87.5')")
    assert page.inner_text('[data-eval-y="1"]') == "70"
    page.click("#reg-draw")
    page.wait_for_function("() => document.querySelector('#reg-demo input[name=draw]').value === '1'")
    assert before != page.eval_on_selector_all("[data-train-y]", "els => els.map(e => e.textContent)")
    page.fill("#reg-lam", "-1")
    page.wait_for_function("() => document.querySelector('#reg-err-lam').textContent.includes('from 0 to 1')")
    page.problems.assert_none()
