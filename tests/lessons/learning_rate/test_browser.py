"""Lesson 3 in a real browser: Debian's Chromium (Playwright) against a real uvicorn on 127.0.0.1.

wait_for_function gets arrow functions only (a string expression would need eval, which the CSP forbids).
(Loading in both languages without overflow: tests/test_browser_pages.py.)
"""

from __future__ import annotations

import math

import pytest

from app.lessons.learning_rate import maths
from tests.browser_helpers import goto_lesson

pytestmark = pytest.mark.browser

READ_FINAL = """() => Object.fromEntries([...document.querySelectorAll('[data-final-loss]')]
    .map(el => [el.dataset.finalLoss, Number(el.dataset.value)]))"""


def open_lesson(page, live_server, query: str = "") -> None:
    goto_lesson(page, live_server, "learning-rate", query, "#lr-paths .js-plotly-plot")


def click_preset(page, name: str) -> dict[str, float]:
    """Click a preset button, wait until the table shows its learning rates, read every final loss."""
    page.click(f"#lr-preset-{name}")
    lrs = {opt: maths.PRESETS[name][opt] for opt in maths.OPTIMIZERS}
    page.wait_for_function(
        "(lrs) => Object.entries(lrs).every(([o, v]) => Number(document.querySelector(`#lr_${o}`).value) === v)",
        arg=lrs)
    page.wait_for_function(
        "(lrs) => Object.entries(lrs).every(([o, v]) =>"
        " Number(document.querySelector(`[data-lr0=\"${o}\"]`).textContent) === v)", arg=lrs)
    return page.evaluate(READ_FINAL)


@pytest.mark.parametrize("surface", ["bowl", "tilted"])
def test_the_presets_order_the_final_losses_as_named_for_every_optimizer(page, live_server, surface):
    """The issue's browser counterpart: click each preset and read the summary table the page shows."""
    open_lesson(page, live_server, f"?lang=en&surface={surface}")
    shown = {name: click_preset(page, name) for name in ("low", "good", "high", "diverge")}
    for opt in maths.OPTIMIZERS:
        low, good, high, far = (shown[name][opt] for name in ("low", "good", "high", "diverge"))
        assert low >= 10 * good and high >= 10 * good and far >= 0.99 * high and far >= 1000 * good, (opt, shown)
    # Far too high: every optimizer stands on the plain, and the table says so.
    assert all(page.get_attribute(f'[data-status="{opt}"]', "data-out-at") != "" for opt in maths.OPTIMIZERS)
    assert "on the plain" in page.inner_text('[data-status="adam"]')
    page.problems.assert_none()


def test_typing_recomputes_and_the_url_follows_without_reload(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    page.click("#lr-preset-diverge")
    page.wait_for_function("() => document.querySelector('[data-status=\"sgd\"]').dataset.outAt !== ''")
    assert page.input_value("#lr_sgd") == "1"
    # Typing a smaller rate brings SGD back into the valley; the URL follows without a reload.
    page.fill("#lr_sgd", "0.05")
    page.wait_for_function("() => document.querySelector('[data-status=\"sgd\"]').dataset.outAt === ''")
    page.wait_for_function("() => location.search.includes('lr_sgd=0.05')")
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    page.problems.assert_none()


def test_bad_input_shows_a_message_and_keeps_the_plots(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    before = page.inner_text('[data-final-loss="sgd"]')
    page.fill("#mu", "1.5")
    page.wait_for_function("() => document.querySelector('#err-mu').textContent.includes('less than 1')")
    assert page.inner_text('[data-final-loss="sgd"]') == before
    page.fill("#mu", "0,5")  # a decimal comma is read too
    page.wait_for_function("() => document.querySelector('#err-mu').textContent.trim() === ''")
    page.wait_for_function("() => location.search.includes('mu=0.5')")
    page.problems.assert_none()


def test_a_disabled_button_looks_disabled(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    stop = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('#lr-live-stop'));
        return [document.querySelector('#lr-live-stop').disabled, Number(s.opacity), s.cursor]; }""")
    start = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('#lr-live-start'));
        return [Number(s.opacity), s.cursor]; }""")
    assert stop[0] is True and stop[1] < 0.6 and stop[2] == "not-allowed"
    assert start == [1, "pointer"]
    page.problems.assert_none()


def test_live_run_plots_a_bumpy_curve_and_the_lr(page, live_server):
    open_lesson(page, live_server, "?lang=en&live_updates=60&live_decay=0.01")
    page.click("#lr-live-start")
    page.wait_for_function("() => document.querySelector('#lr-live-status').dataset.state === 'done'",
                           timeout=15000)
    points = int(page.get_attribute("#lr-live-plot", "data-points"))
    assert points == 60
    status = page.inner_text("#lr-live-status")
    assert status.startswith("Done: 60 updates")
    # The lr the server reports after 60 updates is 0.5 e^(-0.01 * 60) (4 significant digits shown).
    assert f"γ = {float(f'{0.5 * math.exp(-0.6):.4g}')}" in status
    assert page.is_enabled("#lr-live-start") and not page.is_enabled("#lr-live-stop")
    page.problems.assert_none()
