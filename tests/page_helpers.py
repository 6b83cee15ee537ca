"""Helpers the lessons' HTTP tests share: fetch a page (whole or its htmx answer), parse it, read its numbers.

HTML is read with BeautifulSoup by ids and data- attributes, never by string search.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup

HX = {"HX-Request": "true"}  # the header htmx sends: the route answers with the out-of-band fragments
MINUS = "\u2212"  # the pages write negative numbers with a true minus


def page_getter(path: str):
    """`get(client, headers=None, **params)`: GET `path` with `params` as its query string."""

    def get(client, headers=None, **params):
        return client.get(path + ("?" + urlencode(params) if params else ""), headers=headers or {})

    return get


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def num(text: str) -> float:
    """A number as the page shows it ("−0.34") as a float."""
    return float(text.strip().replace(MINUS, "-"))


def symbol(soup, name: str) -> str:
    """The text of the one element with data-symbol=`name` (the page has exactly one)."""
    found = soup.select(f'[data-symbol="{name}"]')
    assert len(found) == 1, f"{name}: {len(found)} elements"
    return found[0].get_text(strip=True)


def plot(soup, name: str) -> dict:
    """The Plotly figure (data, layout) the `[data-plot=name]` container carries as JSON, or that an htmx answer
    sends for it alone (`script[data-plot-spec=name]`)."""
    found = soup.select_one(f'[data-plot="{name}"] script[type="application/json"], script[data-plot-spec="{name}"]')
    return json.loads(found.string)


@pytest.fixture(autouse=True)
def _no_cookies(client):
    """Each test starts without the cookies (language, settings) an earlier test left in the module's client."""
    client.cookies.clear()
