"""Plotly specs in the site's style: the pieces every lesson's plots share.

A spec is the JSON Plotly.react takes, {"data": [traces], "layout": {...}, "config": {...}}; it reaches the page
as JSON only (STYLE.md), and static/js draws it.
"""

from __future__ import annotations

# The plot follows its box's width; the mode bar (on hover) keeps only Plotly's own PNG download (toImage): zoom
# and pan would only get in a lesson's way.
TOOLS_REMOVED = ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d", "resetScale2d",
                 "hoverClosestCartesian", "hoverCompareCartesian", "toggleSpikelines"]
CONFIG = {"displayModeBar": "hover", "responsive": True, "displaylogo": False,
          "modeBarButtonsToRemove": TOOLS_REMOVED, "toImageButtonOptions": {"format": "png", "scale": 2}}
WHITE = {"paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff"}  # spread into a layout: white paper and plot area


def font(size: int) -> dict:
    """Dark text of the given size (readable on a projector)."""
    return {"size": size, "color": "#111111"}


def figure(data: list[dict], layout: dict, **extra) -> dict:
    """The spec {"data", "layout", "config"} (plus any `extra` keys the page's script reads)."""
    return {"data": data, "layout": layout, "config": {**CONFIG, "modeBarButtonsToRemove": list(TOOLS_REMOVED),
                                                       "toImageButtonOptions": dict(CONFIG["toImageButtonOptions"])},
            **extra}


def plot(data: list[dict], layout: dict, height: int = 380) -> dict:
    """A spec with the lessons 6-8 layout: large dark text, white background, the legend under the plot;
    `layout` adds to it or overrides it."""
    base = {"height": height, "margin": {"l": 70, "r": 20, "t": 50, "b": 110},
            "font": font(16), **WHITE,
            "legend": {"orientation": "h", "x": 0, "y": -0.27, "yanchor": "top"}}
    return figure(data, {**base, **layout})
