"""Every Plotly figure the app emits is valid against Plotly's own schema (the `plotly` package validates every
key and value of data and layout): a misspelt key, a wrong value type or an unknown trace attribute fails here
instead of being silently ignored in the browser.

Figures are collected from every lesson page (both languages, the default state and its htmx answer), the
Playground, and the JSON views of live runs that carry figures; each lesson's own tests add states of theirs.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest
from bs4 import BeautifulSoup

from app.lessons import LESSONS

PAGES = [lesson.path for lesson in LESSONS if lesson.has_page] + ["/playground"]


def figures_in(html: str) -> list[tuple[str, dict]]:
    """(where, figure) for every plot spec in a page or an htmx answer."""
    soup = BeautifulSoup(html, "html.parser")
    out = []
    for script in soup.select('[data-plot] > script[type="application/json"], script[id$="-spec"]'):
        spec = json.loads(script.string)
        if isinstance(spec, dict) and "data" in spec and "layout" in spec:
            out.append((script.get("id") or script.parent.get("data-plot") or "?", spec))
    return out


def assert_valid(where: str, spec: dict) -> None:
    try:
        go.Figure(data=spec["data"], layout=spec["layout"])
    except (ValueError, TypeError) as exc:  # plotly names the bad key or value
        raise AssertionError(f"{where}: {str(exc)[:600]}") from None
    if "config" in spec:
        assert set(spec["config"]) <= {"displayModeBar", "responsive", "staticPlot", "scrollZoom", "locale",
                                       "locales", "toImageButtonOptions", "modeBarButtonsToRemove",
                                       "displaylogo"}, where


def test_the_figures_are_found(client):
    assert len(figures_in(client.get("/lessons/backprop").text)) >= 1


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["pl", "en"])
def test_every_figure_of_every_page_is_valid_plotly(client, path, lang):
    page = client.get(path, params={"lang": lang})
    assert page.status_code == 200
    found = figures_in(page.text)
    swap = client.get(path, params={"lang": lang}, headers={"HX-Request": "true"})
    found += figures_in(swap.text)
    for where, spec in found:
        assert_valid(f"{path} {where}", spec)
