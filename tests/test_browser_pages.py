"""Every page in Chromium, in both languages: it loads without console or page errors, shows its title in that
language, draws its plots, and has no horizontal overflow (one test for every page, generated from the registry).
"""

from __future__ import annotations

import pytest

from app.i18n import translate
from app.lessons import LESSONS

pytestmark = pytest.mark.browser

PAGES = [(lesson.path, lesson.title) for lesson in LESSONS if lesson.has_page]
PAGES += [("/", {"pl": translate("pl", "index.title"), "en": translate("en", "index.title")}),
          ("/playground", {"pl": translate("pl", "pg.title"), "en": translate("en", "pg.title")})]


def wait_for_plots(page) -> None:
    """Every plot container of the page has its Plotly plot (or the page has none)."""
    page.wait_for_function("""() => [...document.querySelectorAll("[data-plot]")]
        .every(el => el.querySelector(".js-plotly-plot"))""", timeout=15000)


@pytest.mark.parametrize("lang", ["pl", "en"])
@pytest.mark.parametrize(("path", "title"), PAGES, ids=[p for p, _ in PAGES])
def test_page_loads_in_its_language_draws_its_plots_and_does_not_overflow(page, live_server, path, title, lang):
    page.goto(f"{live_server}{path}?lang={lang}")
    assert page.evaluate("document.documentElement.lang") == lang
    assert title[lang] in page.inner_text("h1")
    wait_for_plots(page)
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"{path} overflows sideways: {width}"
    page.problems.assert_none()
