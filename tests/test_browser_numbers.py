"""Numbers as a Polish learner types them, on every page in Chromium: every decimal field takes "0,05" as it
takes "0.05" (no message, no change of scale).
"""

from __future__ import annotations

import pytest

from tests.test_browser_pages import PAGES, wait_for_plots

pytestmark = pytest.mark.browser

DECIMAL_FIELDS = """() => [...document.querySelectorAll('input[inputmode="decimal"]')]
    .filter(el => el.offsetParent !== null && !el.disabled && /^-?\\d+\\.\\d+$/.test(el.value)).map(el => el.id)"""
WHOLE_FIELDS = """() => [...document.querySelectorAll('input[inputmode="decimal"]')]
    .filter(el => el.offsetParent !== null && !el.disabled && /^-?\\d+$/.test(el.value)).map(el => el.id)"""
ERRORS = """() => [...document.querySelectorAll('.field-error')].filter(el => el.offsetParent !== null)
    .map(el => el.textContent.trim()).filter(Boolean)"""


@pytest.mark.parametrize("path", [p for p, _ in PAGES if p != "/"])
def test_every_decimal_field_takes_a_decimal_comma(page, live_server, path):
    page.goto(f"{live_server}{path}?lang=pl")
    wait_for_plots(page)
    fields = page.evaluate(DECIMAL_FIELDS)
    checked = []
    for field in fields:
        locator = page.locator(f"#{field}")
        if not locator.is_visible() or not locator.is_enabled():
            continue  # hidden by an earlier change
        value = locator.input_value()
        if "." not in value:
            continue
        locator.fill(value.replace(".", ","))
        locator.dispatch_event("change")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(100)  # the 20 ms input delay and the swap
        assert page.evaluate(ERRORS) == [], f"{field} = {value.replace('.', ',')}"
        now = page.locator(f"#{field}").input_value()
        assert float(now.replace(",", ".")) == float(value), (field, value, now)
        checked.append(field)
    if not checked:  # every value whole (a kernel, W_Q): half a unit towards 0 with a comma
        field = page.evaluate(WHOLE_FIELDS)[0]
        value = float(page.locator(f"#{field}").input_value())
        typed = value - 0.5 if value > 0 else value + 0.5
        page.locator(f"#{field}").fill(f"{typed:g}".replace(".", ","))
        page.locator(f"#{field}").dispatch_event("change")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(100)
        assert page.evaluate(ERRORS) == [], f"{field} = {typed:g} with a comma"
        assert float(page.locator(f"#{field}").input_value().replace(",", ".")) == typed
        checked.append(field)
    page.problems.assert_none()
