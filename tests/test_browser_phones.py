"""The Playground on a phone, in Chromium: it shows its picture, the decision boundary, before its controls.
(That no page overflows at 360 and 390 px is checked with every page, in tests/test_browser_pages.py.)"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

WIDTHS = (360, 390)


@pytest.mark.parametrize("width", WIDTHS)
def test_playground_shows_its_picture_first_on_a_phone(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server}/playground?lang=en")
    page.wait_for_selector("[data-plot=boundary] .js-plotly-plot")
    boundary = page.eval_on_selector("[data-plot=boundary]", "el => el.getBoundingClientRect().top + scrollY")
    controls = page.eval_on_selector("#pg-form", "el => el.getBoundingClientRect().top + scrollY")
    assert boundary < controls and boundary < 800, (boundary, controls)
    page.problems.assert_none()
