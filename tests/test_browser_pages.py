"""Every page in Chromium, in both languages, loaded once and checked for everything a page owes every reader:
it loads without console or page errors, shows its title in that language, draws its plots, shows no raw
identifier (leaky_relu, data_seed), axe-core (vendored for tests only, tests/vendor/) finds no violation of impact
serious or critical, and nothing overflows sideways at 1024 px nor, the window narrowed, on a 390 or 360 px phone.
One test for every page, generated from the registry.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.i18n import translate
from app.lessons import LESSONS

pytestmark = pytest.mark.browser

PAGES = [(lesson.path, lesson.title) for lesson in LESSONS if lesson.has_page]
PAGES += [("/", {"pl": translate("pl", "index.title"), "en": translate("en", "index.title")}),
          ("/playground", {"pl": translate("pl", "pg.title"), "en": translate("en", "pg.title")})]
PHONES = (390, 360)
RAW_IDENTIFIER = re.compile(r"\b[a-z]+_[a-z_]+\b")

# axe-core, added as an init script: Chromium runs those whatever the page's CSP says, so the CSP stays on.
AXE = Path(__file__).parent / "vendor" / "axe-core-4.10.2.min.js"
RUN_AXE = """async () => { const r = await axe.run(document, {resultTypes: ["violations"]});
    return r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
      .map(v => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ") + " :: " + n.failureSummary.slice(0, 200))})); }"""

# What is wider than the window, for a readable failure: the outermost elements whose right edge passes it
# outside any box that scrolls or clips.
WIDEST = """() => { const w = window.innerWidth;
    const clipped = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== "visible") return true; } return false; };
    return [...document.querySelectorAll("body *")].filter(el => el.getBoundingClientRect().right > w + 0.5
        && !clipped(el) && !(el.parentElement && el.parentElement.getBoundingClientRect().right > w + 0.5))
      .slice(0, 5).map(el => `${el.tagName.toLowerCase()}#${el.id}.${[...el.classList].join(".")} `
        + `${Math.round(el.getBoundingClientRect().right)}px`); }"""
FITS = "() => document.documentElement.scrollWidth <= window.innerWidth"


def wait_for_plots(page) -> None:
    """Every plot container of the page has its Plotly plot (or the page has none)."""
    page.wait_for_function("""() => [...document.querySelectorAll("[data-plot]")]
        .every(el => el.querySelector(".js-plotly-plot"))""", timeout=15000)


def assert_fits(page, where: str) -> None:
    try:
        page.wait_for_function(FITS, timeout=3000)  # Plotly redraws a plot a moment after the window changed
    except Exception:
        scroll = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        raise AssertionError(f"{where} overflows sideways: {scroll} px: {page.evaluate(WIDEST)}") from None


@pytest.mark.parametrize("lang", ["pl", "en"])
@pytest.mark.parametrize(("path", "title"), PAGES, ids=[p for p, _ in PAGES])
def test_page_in_its_language_is_accessible_and_fits_a_projector_and_a_phone(page, live_server, path, title, lang):
    page.add_init_script(path=str(AXE))
    page.goto(f"{live_server}{path}?lang={lang}")
    assert page.evaluate("document.documentElement.lang") == lang
    assert title[lang] in page.inner_text("h1")
    wait_for_plots(page)
    assert RAW_IDENTIFIER.findall(page.evaluate("document.querySelector('main').innerText")) == []
    found = page.evaluate(RUN_AXE)
    assert found == [], "\n".join(f"{v['impact']} {v['id']}: {v['help']}\n  " + "\n  ".join(v["nodes"]) for v in found)
    assert_fits(page, f"{path} at 1024 px ({lang})")
    for width in PHONES:
        page.set_viewport_size({"width": width, "height": 800})
        assert_fits(page, f"{path} at {width} px ({lang})")
    page.problems.assert_none()
