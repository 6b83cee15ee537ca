"""Lesson 4's plots (Plotly JSON through app.plots; labels in the page's language): the batch loss of every run
against epochs, and the measurements against the batch size (noise, updates per epoch, memory, time)."""

from __future__ import annotations

import numpy as np

from app.plots import WHITE, figure, font

COLORS = ("#1b1b1b", "#6a3d9a", "#1f78b4", "#33a02c", "#b15928", "#e31a1c", "#ff7f00", "#0b5394", "#777777")
MAX_POINTS = 1500  # points per run in the loss plot (more are thinned evenly)
# The four panels: (row key, axis title key, y axis type).
PANELS = (("noise", "bs.axis.noise", "linear"), ("updates_per_epoch", "bs.axis.updates", "log"),
          ("kilobytes", "bs.axis.memory", "log"), ("ms_per_epoch", "bs.axis.seconds", "log"))


def thin(xs: list, ys: list, most: int = MAX_POINTS) -> tuple[list, list]:
    """At most `most` points, evenly spread (first and last kept)."""
    if len(xs) <= most:
        return xs, ys
    idx = np.linspace(0, len(xs) - 1, most).round().astype(int)
    return [xs[i] for i in idx], [ys[i] for i in idx]


def loss_plot(rows: list[dict], t) -> dict:
    """The batch loss against epochs (x = update / updates per epoch), one line per run."""
    curves = []
    for i, r in enumerate(rows):
        upe = r["updates_per_epoch"]
        xs, ys = thin([s / upe for s in r["steps"]], [v if np.isfinite(v) else None for v in r["curve"]])
        curves.append({"type": "scatter", "mode": "lines", "x": xs, "y": ys, "name": t("bs.trace", b=r["batch_size"]),
                       "line": {"width": 1.5 if r["batch_size"] < 8 else 2.5, "color": COLORS[i % len(COLORS)]}})
    return figure(curves, {"height": 380, "margin": {"l": 70, "r": 20, "t": 10, "b": 55}, "font": font(14),
                           "xaxis": {"title": {"text": t("bs.axis.epoch")}, "rangemode": "tozero"},
                           "yaxis": {"title": {"text": t("bs.axis.batch_loss")}}, **WHITE})


def measures_plot(rows: list[dict], t) -> dict:
    """Noise, updates per epoch, memory of one batch and time per epoch against the batch size (log-2 axis)."""
    sizes = [r["batch_size"] for r in rows]
    data, layout = [], {"height": 560, "margin": {"l": 75, "r": 20, "t": 20, "b": 55}, "font": font(14),
                        "showlegend": False,
                        "grid": {"rows": 2, "columns": 2, "pattern": "independent", "xgap": 0.25, "ygap": 0.35}, **WHITE}
    for k, (key, title, ytype) in enumerate(PANELS, start=1):
        data.append({"type": "scatter", "mode": "lines+markers", "x": sizes, "y": [r[key] for r in rows],
                     "name": t(title), "xaxis": f"x{k}", "yaxis": f"y{k}", "marker": {"size": 9, "color": "#0b5394"},
                     "line": {"color": "#0b5394"}})
        suffix = "" if k == 1 else str(k)
        layout["xaxis" + suffix] = {"title": {"text": t("bs.axis.batch_size")}, "type": "log",
                                    "tickvals": sizes, "ticktext": [str(v) for v in sizes]}
        layout["yaxis" + suffix] = {"title": {"text": t(title)}, "type": ytype}
    return figure(data, layout)


def plots(rows: list[dict], t) -> dict[str, dict]:
    """Both plots of the page for the runs' rows (see maths.measure; empty curves before training)."""
    for r in rows:
        spe = r.get("seconds_per_epoch")
        r["ms_per_epoch"] = None if spe is None else spe * 1000
    return {"loss": loss_plot(rows, t), "measures": measures_plot(rows, t)}
