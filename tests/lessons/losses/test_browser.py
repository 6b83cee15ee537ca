"""Lesson 10 in a real browser: Debian's Chromium (Playwright) against a real uvicorn on 127.0.0.1.

(Both languages, the plots drawn and no overflow: tests/test_browser_pages.py checks that for every page.) Every
test ends by checking the page logged no console error and threw no page error.
"""

from __future__ import annotations

import pytest

from tests.browser_helpers import MINUS, text_of

pytestmark = pytest.mark.browser


def open_lesson(page, live_server, query: str = "") -> None:
    page.goto(f"{live_server}/lessons/losses{query}", wait_until="domcontentloaded", timeout=15000)
    # 15 s, not the default 5: nine plots, and a loaded machine (parallel suites) can take longer to draw them.
    page.wait_for_selector('[data-plot="wrong"] .js-plotly-plot', timeout=15000)
    page.wait_for_selector("#ls-live[data-ready]", state="attached")


def test_moving_the_point_recomputes_loss_and_gradient(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    assert text_of(page, '[data-loss="mse"]') == "4"
    page.fill("#mse_x", "5")
    page.wait_for_function("() => document.querySelector('[data-loss=\"mse\"]').textContent.trim() === '16'")
    assert text_of(page, '[data-grad="mse-0"]') == "8"  # 2 (5 - 1)
    # The plot was redrawn in place from its new JSON: the marked point is at x = 5, the curve reaches it.
    page.wait_for_function("() => { const p = document.querySelector('#ls-plot-mse .js-plotly-plot');"
                           " return p && p.data[2].x[0] === 5 && p.data[2].y[0] === 16; }")
    assert page.locator("#ls-plot-mse .js-plotly-plot").count() == 1
    page.screenshot(path="/tmp/lesson-losses.png", full_page=True)
    page.problems.assert_none()


def test_wrong_prediction_comparison_follows_p(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    assert text_of(page, '[data-wrong="mse-dz"]') == f"{MINUS}0.019602"
    assert text_of(page, '[data-wrong="ce-dz"]') == f"{MINUS}0.99"
    page.fill("#wrong_p", "0.5")
    # mse: 2 (0.5 - 1) * 0.5 * 0.5 = -0.25; cross-entropy: 0.5 - 1 = -0.5
    page.wait_for_function("() => document.querySelector('[data-wrong=\"ce-dz\"]').textContent.trim() === '\u22120.5'")
    assert text_of(page, '[data-wrong="mse-dz"]') == f"{MINUS}0.25"
    page.problems.assert_none()


def test_bad_input_shows_a_message_and_keeps_the_numbers(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    page.fill("#bce_x", "1.5")
    page.wait_for_function("() => document.querySelector('#err-bce_x').textContent.includes('from 0 to 1')")
    assert text_of(page, '[data-loss="bce"]') == "1.60944"
    page.problems.assert_none()


def points(page, box: str, run: str) -> int:
    return int(page.get_attribute(box, f"data-points-{run}") or 0)


def test_live_runs_train_side_by_side_and_pause(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    page.wait_for_selector("#ls-live-acc .js-plotly-plot")
    page.click("#ls-live-train")
    assert text_of(page, "#ls-live-train") == "Pause"
    # Both curves gain points: the loss per update and the accuracy per frame of each run.
    page.wait_for_function("""() => ["bce", "mse"].every(r =>
        Number(document.querySelector("#ls-live-loss").dataset["points" + r[0].toUpperCase() + r.slice(1)] || 0) >= 50
        && Number(document.querySelector("#ls-live-acc").dataset["points" + r[0].toUpperCase() + r.slice(1)] || 0) >= 5)""",
                           timeout=15000)
    page.click("#ls-live-train")
    assert text_of(page, "#ls-live-train") == "Train"
    assert page.get_attribute("#ls-live-status", "data-state") == "paused"
    # Pause closed both streams: a closed EventSource delivers nothing more, so the counts hold from here on.
    held = {r: points(page, "#ls-live-loss", r) for r in ("bce", "mse")}
    page.wait_for_timeout(600)  # an observation window, not a wait for something to happen
    assert {r: points(page, "#ls-live-loss", r) for r in ("bce", "mse")} == held
    # The drawn traces hold the points: two loss curves, four accuracy curves.
    counts = page.evaluate("""() => [...document.querySelectorAll("#ls-live-loss .js-plotly-plot, #ls-live-acc .js-plotly-plot")]
        .map(el => el.data.map(t => t.x.length))""")
    assert all(n > 0 for n in counts[0]) and len(counts[0]) == 2
    assert all(n > 0 for n in counts[1]) and len(counts[1]) == 4
    # The table shows each run's latest update, as the stream sent it.
    for r in ("bce", "mse"):
        assert int(text_of(page, f'#ls-live-table tr[data-run="{r}"] [data-live-value="step"]')) > 0
        # Accuracy as the pages write it: "93.3 %" (one decimal, a narrow no-break space before %).
        acc = text_of(page, f'#ls-live-table tr[data-run="{r}"] [data-live-value="val_acc"]')
        assert acc.endswith("\u202f%") and len(acc.split("\u202f")[0].split(".")[1]) == 1, acc
    page.problems.assert_none()


def test_a_bad_lr_gets_a_message_and_the_runs_keep_the_good_one(page, live_server):
    open_lesson(page, live_server, "?lang=en")
    page.fill("#live_lr", "9")
    page.wait_for_function("() => document.querySelector('#err-live_lr').textContent.includes('0.001 to 5')")
    config_lr = "() => JSON.parse(document.querySelector('#ls-live-config').textContent).runs.bce.optimizer.lr"
    assert page.evaluate(config_lr) == 0.1
    page.fill("#live_lr", "0.5")
    page.wait_for_function("() => document.querySelector('#err-live_lr').textContent === ''")
    page.wait_for_function("() => JSON.parse(document.querySelector('#ls-live-config').textContent).runs.bce.optimizer.lr === 0.5")
    assert page.evaluate(config_lr) == 0.5
    page.problems.assert_none()
