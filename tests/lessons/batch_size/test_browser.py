"""Lesson 4 in Chromium against a real uvicorn: training every batch size live fills the table and the plots
with measurements that behave as the lecture says; both languages; no horizontal overflow; no console errors."""

from __future__ import annotations

import pytest

from app.lessons import BY_SLUG
from tests.browser_helpers import goto_lesson

pytestmark = pytest.mark.browser


def cell(page, b: int, field: str) -> str:
    return page.inner_text(f'[data-bs-row="{b}"] [data-bs="{field}"]').strip()


def number(text: str) -> float:
    return float(text.replace("\u2212", "-").replace(" ms", "").replace(" %", ""))


def open_lesson(page, live_server, query: str) -> None:
    goto_lesson(page, live_server, "batch-size", query, "#bs-train:not([disabled])", "#bs-measures .js-plotly-plot")


def test_training_measures_every_batch_size(page, live_server):
    open_lesson(page, live_server, "?lang=en&m=32&epochs=3")
    assert [cell(page, b, "updates_per_epoch") for b in (1, 2, 4, 8, 16, 32)] == ["32", "16", "8", "4", "2", "1"]
    assert cell(page, 1, "noise") == "—"
    page.click("#bs-train")
    page.wait_for_function("() => document.querySelector('#bs-progress').textContent.includes('3 of 3')")
    page.wait_for_function(
        "() => document.querySelector('[data-bs-row=\"32\"] [data-bs=\"epoch\"]').textContent.trim() === '3'")
    assert cell(page, 1, "epoch") == "3"
    # The lecture: small batches make the curve fluctuate; the full batch is smooth.
    assert number(cell(page, 1, "noise")) > number(cell(page, 32, "noise"))
    # Time per epoch is measured for every size.
    assert all(cell(page, b, "seconds_per_epoch").endswith("ms") for b in (1, 32))
    points = page.evaluate("() => document.querySelector('#bs-loss .plot-canvas').data.map(t => t.x.length)")
    assert points == [96, 48, 24, 12, 6, 3]  # 3 epochs x updates per epoch
    page.screenshot(path="/tmp/lesson-batch-size.png", full_page=True)
    page.problems.assert_none()


def test_changing_the_set_size_rebuilds_the_table(page, live_server):
    open_lesson(page, live_server, "?lang=en&m=32")
    page.select_option("#m", "64")
    page.wait_for_selector('[data-bs-row="64"]')
    assert cell(page, 1, "updates_per_epoch") == "64"
    page.fill("#epochs", "0")
    page.wait_for_function("() => document.querySelector('#err-epochs').textContent.includes('200')")
    page.problems.assert_none()


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_each_language_and_no_horizontal_overflow(page, live_server, lang):
    open_lesson(page, live_server, f"?lang={lang}")
    assert page.inner_text("h1").strip() == BY_SLUG["batch-size"].title[lang]
    width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1]
    page.problems.assert_none()
