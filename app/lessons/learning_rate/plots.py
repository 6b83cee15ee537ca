"""Lesson 3's plots as Plotly specs (app.plots's style); `t` translates the labels."""

from __future__ import annotations

import math

from app.bounds import LR
from app.plots import WHITE, figure, font

from .maths import COLORS, LOSS_FLOOR_LOG10, OPTIMIZERS, PLAIN, SURFACES, TYPICAL, Path, contour_grid, lr_curve


def _layout(title: str, x: str, y: str, **extra) -> dict:
    layout = {"title": {"text": title}, "height": 440, "margin": {"l": 70, "r": 20, "t": 50, "b": 120},
              "font": font(15), **WHITE,
              "legend": {"orientation": "h", "y": -0.3}, "xaxis": {"title": {"text": x}},
              "yaxis": {"title": {"text": y}}}
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


def label(t, name: str) -> str:
    return t(f"name.optimizer.{name}")


def lr_axis(state, t) -> dict:
    """The learning rates on a log axis, with the lecture's typical range 0.001-0.1 shaded."""
    data = [{"x": [getattr(state, f"lr_{name}")], "y": [label(t, name)], "type": "scatter", "mode": "markers",
             "name": label(t, name), "marker": {"size": 14, "color": COLORS[name]}, "showlegend": False}
            for name in OPTIMIZERS]
    lo, hi = math.log10(TYPICAL[0]), math.log10(TYPICAL[1])
    layout = _layout(t("lr.axis.title"), t("lr.axis.x"), "", height=300,
                     margin={"l": 170, "r": 20, "t": 50, "b": 60},
                     xaxis={"type": "log", "range": [math.log10(LR.lo), math.log10(LR.hi)]},
                     yaxis={"title": {"text": ""}, "autorange": "reversed"})
    # On a log axis Plotly takes a shape's x in log10 units.
    layout["shapes"] = [{"type": "rect", "xref": "x", "yref": "paper", "x0": lo, "x1": hi, "y0": 0, "y1": 1,
                         "fillcolor": "#d9ead3", "opacity": 0.7, "line": {"width": 0}, "layer": "below"}]
    layout["annotations"] = [{"xref": "x", "yref": "paper", "x": (lo + hi) / 2, "y": 1.0, "yanchor": "bottom",
                              "text": t("lr.axis.typical"), "showarrow": False, "font": {"color": "#274e13"}}]
    return figure(data, layout)


def paths(state, found: dict[str, Path], t) -> dict:
    """Contours of log10 L with each optimizer's path from the same start."""
    surface = SURFACES[state.surface]
    data = [{"type": "contour", **contour_grid(state.surface), "colorscale": "Greys", "reversescale": True,
             "opacity": 0.55, "contours": {"coloring": "lines"}, "line": {"width": 1.2}, "ncontours": 30,
             "showscale": False, "hoverinfo": "skip", "name": "L"}]
    for name in OPTIMIZERS:
        p = found[name]
        data.append({"x": [q[0] for q in p.points], "y": [q[1] for q in p.points], "type": "scatter",
                     "mode": "lines+markers", "name": label(t, name),
                     "line": {"color": COLORS[name], "width": 2.5}, "marker": {"size": 4}})
    start = found[OPTIMIZERS[0]].points[0]
    data.append({"x": [start[0]], "y": [start[1]], "type": "scatter", "mode": "markers", "name": t("lr.plot.start"),
                 "marker": {"size": 14, "symbol": "x", "color": "#111111"}})
    data.append({"x": [0], "y": [0], "type": "scatter", "mode": "markers", "name": t("lr.plot.minimum"),
                 "marker": {"size": 14, "symbol": "star", "color": "#111111"}})
    (x0, x1), (y0, y1) = surface.view
    layout = _layout(t("lr.plot.paths_title"), "w\u2081", "w\u2082", height=520,
                     xaxis={"range": [x0, x1], "constrain": "domain"},
                     yaxis={"range": [y0, y1], "scaleanchor": "x", "constrain": "domain"},
                     legend={"orientation": "h", "y": -0.22}, margin={"l": 60, "r": 20, "t": 50, "b": 110})
    return figure(data, layout)


def losses(found: dict[str, Path], t) -> dict:
    """L(w(n)) against the update n, log scale, with the plain's height marked."""
    data = [{"x": list(range(len(found[name].losses))), "y": [v if v > 0 else None for v in found[name].losses],
             "type": "scatter", "mode": "lines", "name": label(t, name),
             "line": {"color": COLORS[name], "width": 2.5}} for name in OPTIMIZERS]
    # Below 1e-12 a loss is numerically at the minimum (Adagrad reaches 1e-100): keep the axis there.
    top = max(max(p.losses) for p in found.values())
    layout = _layout(t("lr.plot.loss_title"), t("lr.plot.step"), t("lr.plot.loss_log"),
                     yaxis={"type": "log", "exponentformat": "power",
                            "range": [LOSS_FLOOR_LOG10, math.log10(max(top, PLAIN, 1e-12)) + 0.5]})
    layout["shapes"] = [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": PLAIN, "y1": PLAIN,
                         "line": {"color": "#777777", "width": 1.5, "dash": "dot"}}]
    layout["annotations"] = [{"xref": "paper", "x": 1, "xanchor": "right", "yref": "y", "y": math.log10(PLAIN),
                              "yanchor": "bottom", "text": t("lr.plot.plain"), "showarrow": False,
                              "font": {"color": "#555555"}}]
    return figure(data, layout)


def lr_curves(state, t) -> dict:
    """gamma(n) = gamma_0 e^(-d n) for each optimizer, from nnlib's schedule, log scale."""
    data = [{"x": list(range(state.steps)), "y": lr_curve(getattr(state, f"lr_{name}"), state.decay, state.steps),
             "type": "scatter", "mode": "lines", "name": label(t, name),
             "line": {"color": COLORS[name], "width": 2.5}} for name in OPTIMIZERS]
    layout = _layout(t("lr.plot.lr_title"), t("lr.plot.step"), t("lr.plot.lr_y"),
                     yaxis={"type": "log", "exponentformat": "power"})
    return figure(data, layout)


def live(t) -> dict:
    """The live run's empty frame: the page's script fills loss per update (left axis) and lr (right axis)."""
    layout = _layout(t("lr.live.plot_title"), t("lr.plot.step"), t("lr.live.loss_y"), height=420,
                     yaxis={"rangemode": "tozero"},
                     yaxis2={"title": {"text": t("lr.live.lr_y")}, "overlaying": "y", "side": "right",
                             "rangemode": "tozero", "showgrid": False},
                     margin={"l": 70, "r": 80, "t": 50, "b": 110})
    names = {"loss": t("lr.live.trace_loss"), "previous": t("lr.live.trace_previous"), "lr": t("lr.live.trace_lr")}
    return figure([], layout, names=names)
