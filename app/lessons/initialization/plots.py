"""Lesson 5's plots (Plotly JSON; labels in the page's language): the chains' values and gradients per layer,
and the deep network's activation scale, gradient norms and histograms (one per hidden layer).

The numbers come from app/services/initialization.py (LessonState, Deep); this module only draws them.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from app.plots import WHITE, figure, font

if TYPE_CHECKING:
    from app.services.initialization import Deep, LessonState

CHAIN_LABELS = {"a": {"name": "init.chain.a.name", "value": "init.chain.a.value", "grad": "init.chain.a.grad"},
                "b": {"name": "init.chain.b.name", "value": "init.chain.b.value", "grad": "init.chain.b.grad"}}
COLORS = {"a": "#b03a2e", "b": "#1f5f99", "grad": "#6a3d9a", "std": "#0b5394"}
FONT = font(15)


def _log(v: float) -> float | None:
    """A value for a log axis: |v|, or None (a gap) where it is 0 or not finite."""
    v = abs(float(v))
    return v if math.isfinite(v) and v > 0 else None


def _layout(t, title: str, x: str, y: str, **extra) -> dict:
    return {"title": {"text": title}, "height": 400, "margin": {"l": 80, "r": 20, "t": 50, "b": 110},
            "font": FONT, "xaxis": {"title": {"text": x}}, "yaxis": {"title": {"text": y}},
            "legend": {"orientation": "h", "y": -0.3}, **WHITE,
            **extra}


def chain_plot(s: LessonState, t) -> dict:
    """|y_i| and |d y_n / d z_i| of both chains against the layer i, on a log scale."""
    layers = list(range(1, s.depth + 1))
    data = []
    for c, ch in s.chains.items():
        data.append({"x": layers, "y": [_log(v) for v in ch.y], "type": "scatter", "mode": "lines+markers",
                     "name": t(CHAIN_LABELS[c]["value"]), "line": {"color": COLORS[c], "width": 3},
                     "marker": {"size": 9}})
        data.append({"x": layers, "y": [_log(v) for v in ch.dz], "type": "scatter", "mode": "lines+markers",
                     "name": t(CHAIN_LABELS[c]["grad"]), "line": {"color": COLORS[c], "width": 2, "dash": "dot"},
                     "marker": {"size": 9, "symbol": "diamond"}})
    layout = _layout(t, t("init.chain.plot.title"), t("init.axis.layer"), t("init.chain.plot.y"))
    layout["yaxis"].update({"type": "log", "exponentformat": "power"})
    layout["xaxis"].update({"dtick": 1 if s.depth <= 10 else 2, "range": [0.5, s.depth + 0.5]})
    return figure(data, layout)


def deep_scale_plot(deep: Deep, t) -> dict:
    """Std of each hidden layer's activations and the norm of dL/dW of every dense layer, log scale."""
    hidden = list(range(1, len(deep.layers) + 1))
    data = [
        {"x": hidden, "y": [_log(s.std) for s in deep.layers], "type": "scatter", "mode": "lines+markers",
         "name": t("init.deep.std"), "line": {"color": COLORS["std"], "width": 3}, "marker": {"size": 9}},
        {"x": list(range(1, len(deep.grad_norms) + 1)), "y": [_log(v) for v in deep.grad_norms],
         "type": "scatter", "mode": "lines+markers", "name": t("init.deep.grad"),
         "line": {"color": COLORS["grad"], "width": 3, "dash": "dot"}, "marker": {"size": 9, "symbol": "diamond"}},
    ]
    layout = _layout(t, t("init.deep.scale.title"), t("init.axis.layer_out"), t("init.deep.scale.y"))
    layout["yaxis"].update({"type": "log", "exponentformat": "power"})
    return figure(data, layout)


HIST_COLUMNS = 5


def hist_plot(edges_per_layer: list[list[float]], counts_per_layer: list[list[int]], t, title: str) -> dict:
    """Small multiples: one bar histogram per hidden layer (fraction of the activations per bin)."""
    n = len(counts_per_layer)
    rows = -(-n // HIST_COLUMNS)
    data, layout = [], {
        "title": {"text": title}, "height": 150 * rows + 110, "font": font(13),
        "margin": {"l": 70, "r": 20, "t": 60, "b": 60}, "showlegend": False,
        "grid": {"rows": rows, "columns": HIST_COLUMNS, "pattern": "independent", "xgap": 0.25, "ygap": 0.45},
        **WHITE, "annotations": [],
    }
    for i, (edges, counts) in enumerate(zip(edges_per_layer, counts_per_layer)):
        k = "" if i == 0 else str(i + 1)
        total = sum(counts) or 1
        centres = [(a + b) / 2 for a, b in zip(edges[:-1], edges[1:])]
        data.append({"x": centres, "y": [c / total for c in counts], "type": "bar", "xaxis": f"x{k}",
                     "yaxis": f"y{k}", "marker": {"color": COLORS["std"]}, "width": edges[1] - edges[0],
                     "name": t("init.axis.layer_n", n=i + 1)})
        xa = {"exponentformat": "power", "nticks": 3}
        ya = {"rangemode": "tozero", "nticks": 3}
        if i // HIST_COLUMNS == rows - 1 or i + HIST_COLUMNS >= n:
            xa["title"] = {"text": t("init.axis.activation"), "font": {"size": 12}}
        if i % HIST_COLUMNS == 0:
            ya["title"] = {"text": t("init.axis.fraction"), "font": {"size": 12}}
        layout[f"xaxis{k}"] = xa
        layout[f"yaxis{k}"] = ya
        layout["annotations"].append({"text": t("init.axis.layer_n", n=i + 1), "showarrow": False,
                                      "xref": f"x{k} domain", "yref": f"y{k} domain", "x": 0.5, "y": 1.18,
                                      "font": {"size": 13}})
    return figure(data, layout)


def deep_hist_plot(deep: Deep, t) -> dict:
    return hist_plot([deep.edges] * len(deep.layers), [s.counts for s in deep.layers], t, t("init.deep.hist.title"))
