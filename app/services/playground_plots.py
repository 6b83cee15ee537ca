"""The Playground's plots: their layouts, trace styles and Plotly configuration, sent to the page as JSON.

The page's script (static/playground/plots.js) only fills in the data of a run (curves, samples, the boundary's
grid) and the names it knows at run time (the features on the axes): every layout, colour, hover text and label
is made here, in the page's language, so tests/test_playground_page.py validates the figures against Plotly's
schema (tests.test_plotly_schema.assert_valid) without a browser.

Hover templates may name "{xname}" and "{yname}" (the features on the two axes), a gradient norm's name
"{layer}": filled in by the script.
"""

from __future__ import annotations

from app import bounds as B
from app import plots
from app.i18n import translator

# Samples and the boundary's tints per class; curves per layer (colour-blind-safe, dark enough for a projector).
CLASS_COLORS = ["#c25400", "#0b5394", "#137333", "#7b1fa2", "#b0185a"]
CLASS_TINTS = ["#f6c9a6", "#b9d3ee", "#b7dfc3", "#dcc3ea", "#efbdd2"]
LAYER_COLORS = ["#0b5394", "#c25400", "#137333", "#7b1fa2", "#b0185a", "#5f6368", "#00838f"]
TRAIN, VALIDATION = "#0b5394", "#c25400"
PERCENT = "\u202f%"  # accuracy reads "93.3 %": a narrow no-break space before the sign

# Plotly's own texts (mode-bar buttons, notices) -> catalog keys. plotly.js ships no Polish dictionary (its
# locale-pl file has month and day names only), so the Polish texts are ours; the English ones are Plotly's
# source texts (tests check they occur in the vendored bundle).
PLOTLY_TEXTS = {
    "Download plot as a PNG": "pg.plotly.download_png",
    "Download plot": "pg.plotly.download",
    "Zoom": "pg.plotly.zoom",
    "Pan": "pg.plotly.pan",
    "Box Select": "pg.plotly.box_select",
    "Lasso Select": "pg.plotly.lasso_select",
    "Zoom in": "pg.plotly.zoom_in",
    "Zoom out": "pg.plotly.zoom_out",
    "Autoscale": "pg.plotly.autoscale",
    "Reset axes": "pg.plotly.reset_axes",
    "Reset": "pg.plotly.reset",
    "Toggle Spike Lines": "pg.plotly.spikes",
    "Show closest data on hover": "pg.plotly.hover_closest",
    "Compare data on hover": "pg.plotly.hover_compare",
    "Double-click to zoom back out": "pg.plotly.zoom_back",
    "Double-click on legend to isolate one trace": "pg.plotly.isolate",
    "Taking snapshot - this may take a few seconds": "pg.plotly.snapshot_wait",
    "Snapshot succeeded": "pg.plotly.snapshot_done",
    "Sorry, there was a problem downloading your snapshot!": "pg.plotly.snapshot_failed",
}
LOCALES = {"pl": "pl", "en": "en-US"}  # the page's language -> Plotly's locale (plotly-locale-pl-*.js)


def config(lang: str) -> dict:
    """The Playground's Plotly config: the mode bar (zoom, pan, PNG) without Plotly's logo or the selection
    tools, in the page's language."""
    t = translator(lang)
    out = {"responsive": True, "displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"],
           "locale": LOCALES[lang]}
    if lang != "en":
        out["locales"] = {LOCALES[lang]: {"dictionary": {en: t(key) for en, key in PLOTLY_TEXTS.items()}}}
    return out


def layout(x_title: str, y_title: str, legend: bool = True) -> dict:
    """The Playground's compact layout (13 px type, legend above the plot): four plots fit beside the
    controls on a 1024 px projector."""
    return {
        "margin": {"l": 60, "r": 12, "t": 28 if legend else 8, "b": 44},
        "font": {**plots.font(13), "family": "system-ui, sans-serif"}, **plots.WHITE,
        "xaxis": {"title": {"text": x_title}, "automargin": True, "rangemode": "nonnegative" if legend else "normal"},
        "yaxis": {"title": {"text": y_title}, "automargin": True},
        "legend": {"orientation": "h", "x": 0, "y": 1.01, "yanchor": "bottom", "font": {"size": 11}},
        "showlegend": legend, "uirevision": "pg", "hovermode": "closest", "separators": ".\u202f",
    }


def _line(name: str, color: str, hover: str, **extra) -> dict:
    return {"type": "scatter", "mode": "lines", "name": name, "line": {"width": 2, "color": color},
            "hovertemplate": hover + "<extra>%{fullData.name}</extra>", **extra}


def _heat_scales() -> dict[str, list]:
    """The boundary's colour scales by the number of classes: two classes a diverging scale over P(class 1),
    more a step of one tint per class over the predicted class."""
    scales: dict[str, list] = {"2": [[0, CLASS_TINTS[0]], [0.5, "#ffffff"], [1, CLASS_TINTS[1]]]}
    for k in range(3, int(B.CLASSES.hi) + 1):
        scale = []
        for c in range(k):
            tint = CLASS_TINTS[c % len(CLASS_TINTS)]
            scale += [[c / k, tint], [(c + 1) / k, tint]]
        scales[str(k)] = scale
    return scales


def templates(lang: str) -> dict:
    """Everything plots.js draws with, in the page's language: {"config", "colors", "layouts": {plot: layout},
    "traces": {kind: a trace without its data}, "heat_scales": {classes: colour scale}, "texts"}."""
    t = translator(lang)
    update, prob, cls = t("pg.axis.update"), t("pg.axis.prob"), t("pg.axis.class")
    loss_layout = layout(update, t("pg.axis.loss"))
    loss_layout["yaxis"]["exponentformat"] = "power"
    accuracy = layout(update, t("pg.axis.accuracy"))
    accuracy["yaxis"].update({"range": [0, 102], "ticksuffix": PERCENT})
    grad = layout(update, t("pg.axis.gradnorm"))
    grad["yaxis"].update({"type": "log", "exponentformat": "power"})
    loss_hover = "%{x}: %{y:.8g}"
    samples = "%{x:.3g}, %{y:.3g}: " + cls + " %{text}<extra></extra>"
    return {
        "config": config(lang),
        "colors": {"classes": CLASS_COLORS, "tints": CLASS_TINTS, "layers": LAYER_COLORS},
        "layouts": {
            "loss": loss_layout,
            "accuracy": accuracy,
            "gradnorms": grad,
            "boundary": layout("", "", legend=False),
        },
        "traces": {
            "kept_loss": _line(t("pg.trace.train_loss"), LAYER_COLORS[2], loss_hover, line={"width": 2, "dash": "dash"}),
            "train_loss": _line(t("pg.trace.train_loss"), TRAIN, loss_hover),
            "val_loss": _line(t("pg.trace.val_loss"), VALIDATION, loss_hover, mode="lines+markers", marker={"size": 4}),
            "train_acc": _line(t("pg.trace.train_acc"), TRAIN, "%{x}: %{y:.1f}" + PERCENT),
            "val_acc": _line(t("pg.trace.val_acc"), VALIDATION, "%{x}: %{y:.1f}" + PERCENT),
            "gradnorm": _line(t("pg.trace.layer"), LAYER_COLORS[0], "%{x}: %{y:.6g}"),
            "curve": {"type": "scatter", "mode": "lines", "name": t("pg.trace.model"),
                      "line": {"width": 3, "color": TRAIN}, "hovertemplate": "%{x:.4g} → %{y:.6g}<extra></extra>"},
            "train_1d": {"type": "scatter", "mode": "markers", "name": t("pg.trace.train_xy"),
                         "marker": {"size": 9, "color": VALIDATION}, "hovertemplate": "%{x:.4g}, %{y:.6g}<extra></extra>"},
            "test_1d": {"type": "scatter", "mode": "markers", "name": t("pg.trace.test_xy"),
                        "marker": {"size": 10, "symbol": "diamond", "color": "#ffffff",
                                   "line": {"width": 2, "color": "#111111"}},
                        "hovertemplate": "%{x:.4g}, %{y:.6g}<extra></extra>"},
            "heat_prob": {"type": "heatmap", "name": "", "hoverongaps": False, "zmin": 0, "zmax": 1,
                          "colorbar": {"title": {"text": prob, "side": "right"}, "thickness": 12, "len": 0.9},
                          "hovertemplate": "{xname} %{x:.3g}, {yname} %{y:.3g}<br>" + prob + " = %{z:.4f}<extra></extra>"},
            "heat_class": {"type": "heatmap", "name": "", "hoverongaps": False, "showscale": False,
                           "hovertemplate": "{xname} %{x:.3g}, {yname} %{y:.3g}<br>" + cls + " %{z}<extra></extra>"},
            "train_xy": {"type": "scatter", "mode": "markers", "name": t("pg.trace.train_xy"),
                         "marker": {"size": 7, "line": {"width": 1, "color": "#ffffff"}}, "hovertemplate": samples},
            "test_xy": {"type": "scatter", "mode": "markers", "name": t("pg.trace.test_xy"),
                        "marker": {"size": 8, "symbol": "diamond", "line": {"width": 1.5, "color": "#111111"}},
                        "hovertemplate": samples},
        },
        "heat_scales": _heat_scales(),
        "texts": {"prob": prob, "y": t("pg.axis.y"), "output": t("pg.network.output"),
                  "current": t("pg.compare.current")},
    }
