"""Lesson 5's plots (Plotly JSON through app.plots; labels in the page's language): the chains' values and
gradients per layer, the deep network's activation scale, gradient norms and histograms (one per hidden layer),
and the plots of the live runs (loss, scale per layer, histograms; the loss curves of several runs).

The numbers come from app/lessons/initialization/maths.py (Chain, Deep) and from the runs; this module only
draws them. Symbols in legends are written with Plotly's <sub> (y<sub>i</sub>), never as identifiers."""

from __future__ import annotations

import math

import numpy as np

from app.plots import WHITE, figure, font

CHAIN_LABELS = {"a": {"name": "init.chain.a.name", "value": "init.chain.a.value", "grad": "init.chain.a.grad"},
                "b": {"name": "init.chain.b.name", "value": "init.chain.b.value", "grad": "init.chain.b.grad"}}
COLORS = {"a": "#b03a2e", "b": "#1f5f99", "grad": "#6a3d9a", "std": "#0b5394"}
RUN_COLORS = ("#0b5394", "#b03a2e", "#38761d", "#6a3d9a", "#b45f06", "#134f5c", "#741b47")
SCALING_COLORS = {"none": "#b03a2e", "minmax": "#b45f06", "standard": "#0b5394"}
HIST_COLUMNS = 5
MAX_POINTS = 600  # points of a live loss curve (more are thinned evenly)


def _log(v) -> float | None:
    """A value for a log axis: |v|, or None (a gap) where it is 0, missing or not finite."""
    if v is None:
        return None
    v = abs(float(v))
    return v if math.isfinite(v) and v > 0 else None


def _layout(title: str, x: str, y: str, log_y: bool = False, **extra) -> dict:
    layout = {"title": {"text": title}, "height": 400, "margin": {"l": 80, "r": 20, "t": 50, "b": 110},
              "font": font(15), "xaxis": {"title": {"text": x}}, "yaxis": {"title": {"text": y}},
              "legend": {"orientation": "h", "y": -0.3}, **WHITE, **extra}
    if log_y:
        layout["yaxis"].update({"type": "log", "exponentformat": "power"})
    return layout


def _blank(layout: dict) -> dict:
    """An empty plot shows its title and axis names, but no numbers on the axes."""
    for axis in ("xaxis", "yaxis"):
        layout[axis].update({"showticklabels": False, "zeroline": False})
    return layout


def chain_plot(chains: dict, depth: int, t) -> dict:
    """|y_i| and |d y_n / d z_i| of both chains against the layer i, on a log scale."""
    layers = list(range(1, depth + 1))
    data = []
    for c, ch in chains.items():
        data.append({"x": layers, "y": [_log(v) for v in ch.y], "type": "scatter", "mode": "lines+markers",
                     "name": t(CHAIN_LABELS[c]["value"]), "line": {"color": COLORS[c], "width": 3},
                     "marker": {"size": 9}})
        data.append({"x": layers, "y": [_log(v) for v in ch.dz], "type": "scatter", "mode": "lines+markers",
                     "name": t(CHAIN_LABELS[c]["grad"]), "line": {"color": COLORS[c], "width": 2, "dash": "dot"},
                     "marker": {"size": 9, "symbol": "diamond"}})
    layout = _layout(t("init.chain.plot.title"), t("init.axis.layer"), t("init.chain.plot.y"), log_y=True)
    layout["xaxis"].update({"dtick": 1 if depth <= 10 else 2, "range": [0.5, depth + 0.5]})
    return figure(data, layout)


def scale_plot(stds: list, grad_norms: list, t, title_key: str) -> dict:
    """Std of each hidden layer's activations and the norm of dL/dW of every dense layer, log scale."""
    data = [
        {"x": list(range(1, len(stds) + 1)), "y": [_log(v) for v in stds], "type": "scatter",
         "mode": "lines+markers", "name": t("init.deep.std"), "line": {"color": COLORS["std"], "width": 3},
         "marker": {"size": 9}},
        {"x": list(range(1, len(grad_norms) + 1)), "y": [_log(v) for v in grad_norms],
         "type": "scatter", "mode": "lines+markers", "name": t("init.deep.grad"),
         "line": {"color": COLORS["grad"], "width": 3, "dash": "dot"}, "marker": {"size": 9, "symbol": "diamond"}},
    ]
    return figure(data, _layout(t(title_key), t("init.axis.layer_out"), t("init.deep.scale.y"), log_y=True))


def deep_scale_plot(deep, t) -> dict:
    return scale_plot([s.std for s in deep.layers], deep.grad_norms, t, "init.deep.scale.title")


def hist_plot(edges_per_layer: list[list[float]], counts_per_layer: list[list[int]], t, title: str) -> dict:
    """Small multiples: one bar histogram per hidden layer (fraction of the activations per bin)."""
    n = len(counts_per_layer)
    rows = max(1, -(-n // HIST_COLUMNS))
    data, layout = [], {
        "title": {"text": title}, "height": 150 * rows + 110, "font": font(13),
        "margin": {"l": 70, "r": 20, "t": 60, "b": 60}, "showlegend": False,
        "grid": {"rows": rows, "columns": HIST_COLUMNS, "pattern": "independent", "xgap": 0.25, "ygap": 0.45},
        **WHITE, "annotations": [],
    }
    for i, (edges, counts) in enumerate(zip(edges_per_layer, counts_per_layer)):
        k = "" if i == 0 else str(i + 1)
        if any(e is None for e in edges):  # a diverging run's activations: nothing to draw
            edges, counts = [0.0] * len(edges), [0] * len(counts)
        total = sum(counts) or 1
        centres = [(a + b) / 2 for a, b in zip(edges[:-1], edges[1:])]
        width = edges[1] - edges[0] if len(edges) > 1 else 0
        bar = {"x": centres, "y": [c / total for c in counts], "type": "bar", "xaxis": f"x{k}", "yaxis": f"y{k}",
               "marker": {"color": COLORS["std"]}, "name": t("init.axis.layer_n", n=i + 1)}
        if width:
            bar["width"] = width
        data.append(bar)
        xa = {"exponentformat": "power", "nticks": 3}
        ya = {"rangemode": "tozero", "nticks": 3}
        if i + HIST_COLUMNS >= n:
            xa["title"] = {"text": t("init.axis.activation"), "font": {"size": 12}}
        if i % HIST_COLUMNS == 0:
            ya["title"] = {"text": t("init.axis.fraction"), "font": {"size": 12}}
        layout[f"xaxis{k}"] = xa
        layout[f"yaxis{k}"] = ya
        layout["annotations"].append({"text": t("init.axis.layer_n", n=i + 1), "showarrow": False,
                                      "xref": f"x{k} domain", "yref": f"y{k} domain", "x": 0.5, "y": 1.18,
                                      "font": {"size": 13}})
    return figure(data, layout)


def deep_hist_plot(deep, t) -> dict:
    return hist_plot([deep.edges] * len(deep.layers), [s.counts for s in deep.layers], t, t("init.deep.hist.title"))


# ---------------------------------------------------------------- the live runs

def thin(xs: list, ys: list, most: int = MAX_POINTS) -> tuple[list, list]:
    if len(xs) <= most:
        return list(xs), list(ys)
    idx = np.linspace(0, len(xs) - 1, most).round().astype(int)
    return [xs[i] for i in idx], [ys[i] for i in idx]


def loss_trace(steps, losses, name: str, color: str, width: int = 2) -> dict:
    """A run's batch loss against the update (log axis: 0 and non-finite values are gaps)."""
    xs, ys = thin(list(steps), [_log(v) for v in losses])
    return {"x": xs, "y": ys, "type": "scatter", "mode": "lines", "name": name, "line": {"color": color, "width": width}}


def curves_plot(title: str, traces: list[dict], t) -> dict:
    """Loss curves of runs against the update; empty (axes only) before there is one."""
    layout = _layout(title, t("init.axis.update"), t("init.axis.loss"), log_y=True)
    return figure(traces, layout if traces else _blank(layout))


def live_plots(run_stats: list[dict] | None, steps, losses, t) -> dict[str, dict]:
    """The three plots of section 4 for a run (views.layer_stats per dense layer, the loss curve), or empty."""
    if run_stats is None:
        return {"loss": curves_plot(t("init.live.loss_title"), [], t),
                "scale": figure([], _blank(_layout(t("init.live.scale_title"), t("init.axis.layer_out"),
                                                   t("init.deep.scale.y"), log_y=True))),
                "hist": figure([], _blank(_layout(t("init.live.hist_title"), t("init.axis.activation"),
                                                  t("init.axis.fraction"))))}
    hidden = run_stats[:-1]
    return {"loss": curves_plot(t("init.live.loss_title"),
                                [loss_trace(steps, losses, t("init.s5.train_loss"), RUN_COLORS[0])], t),
            "scale": scale_plot([s["std"] for s in hidden], [s["grad_norm"] for s in run_stats], t,
                                "init.live.scale_title"),
            "hist": hist_plot([s["hist"]["edges"] for s in hidden], [s["hist"]["counts"] for s in hidden], t,
                              t("init.live.hist_title"))}
