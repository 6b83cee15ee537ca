"""Accessibility in Chromium: axe-core (vendored for tests only, tests/vendor/) over every page in both languages
finds no violation of impact serious or critical, on the page as it is once its plots are drawn."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_browser_pages import PAGES, wait_for_plots

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core-4.10.2.min.js"
RUN_AXE = """async () => { const r = await axe.run(document, {resultTypes: ["violations"]});
    return r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
      .map(v => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ") + " :: " + n.failureSummary.slice(0, 200))})); }"""


@pytest.fixture
def axe_page(browser):
    """A page whose context lets Playwright add axe's script tag (the site's CSP forbids inline scripts)."""
    context = browser.new_context(viewport={"width": 1024, "height": 768}, bypass_csp=True)
    pg = context.new_page()
    pg.set_default_timeout(10000)
    yield pg
    context.close()


def violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


@pytest.mark.parametrize("lang", ["pl", "en"])
@pytest.mark.parametrize("path", [p for p, _ in PAGES])
def test_axe_finds_nothing_serious_or_critical(axe_page, live_server, path, lang):
    axe_page.goto(f"{live_server}{path}?lang={lang}")
    wait_for_plots(axe_page)
    found = violations(axe_page)
    assert found == [], "\n".join(f"{v['impact']} {v['id']}: {v['help']}\n  " + "\n  ".join(v["nodes"]) for v in found)
