"""Lesson 11's live runs (app/runs, streamed and metered like every run): the LeNet-style network on the 8x8
digits, and a deep plain network against the same network with residual connections.

The page's script gets the Experiments from `config`, trains them through the runs API's streams
(nnlabCommon.liveStream) and asks `lenet_view` (GET /lessons/convolutional/runs/{id}/lenet) for what only the
server can compute: the learned first-layer filters, the feature maps of the chosen image and the confusion matrix
on the test set. Shapes: first-layer weight (c1, 1, 3, 3); feature maps (c1, 8, 8); confusion (10, 10).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from app.formatting import percent
from app.plots import plot
from app.runs.experiment import Experiment
from app.runs.run import Run
from nnlib.conv import Conv2d

from .maths import IMAGES, SHAPE_NAMES, image

API = "/api/v1/runs"
VIEW = "/lessons/convolutional/runs/{id}/lenet"

# conv(1 -> 6, 3x3, padding 1) + ReLU + max-pool 2, conv(6 -> 12) + ReLU + max-pool 2, flatten, 10 outputs;
# Adam, batch 32, all 1,797 digits split 60 / 20 / 20 % (training, validation, test).
LENET = {"model": "lenet", "n": 1797, "hidden": [], "batch_size": 32, "optimizer": {"name": "adam", "lr": 0.01},
         "val": 0.2, "test": 0.2, "seed": 1, "conv": {"channels": [6, 12], "kernel": 3}}
LENET_UPDATES = 300  # the page stops training here
LENET_SPEED = 5  # updates per stream frame

# Twelve sigmoid layers of 16 units on the circle data set, SGD; the residual one adds its input to every layer
# that is as wide as the one before (eleven of them): y = x + f(W x + b).
DEEP = {"dataset": "circle", "n": 400, "noise": 0.1, "hidden": [{"units": 16, "activation": "sigmoid"}] * 12,
        "optimizer": {"name": "sgd", "lr": 0.1}, "batch_size": 20, "init": "xavier_normal", "val": 0.2,
        "test": 0.2, "seed": 1}
DEEP_UPDATES = 1500
DEEP_SPEED = 20
DEPTH = len(DEEP["hidden"]) + 1  # dense layers with a gradient norm (the output layer included)


# What the status line says in each state of a live experiment (the script picks one by the controller's state).
STATUS = {"idle": "conv.live.idle", "running": "conv.live.running", "paused": "conv.live.paused",
          "done": "conv.live.done", "diverged": "conv.live.diverged"}


def lenet_experiment(seed: int = 1) -> Experiment:
    return Experiment.model_validate({**LENET, "seed": seed})


def deep_experiment(residual: bool, seed: int = 1) -> Experiment:
    return Experiment.model_validate({**DEEP, "residual": residual, "seed": seed})


def config() -> dict:
    """What the page's script needs: the runs' Experiments, the streams' speed and where each stops."""
    return {"api": API, "view": VIEW,
            "lenet": {"runs": {"lenet": lenet_experiment().model_dump(mode="json")}, "speed": LENET_SPEED,
                      "updates": LENET_UPDATES},
            "deep": {"runs": {"plain": deep_experiment(False).model_dump(mode="json"),
                              "residual": deep_experiment(True).model_dump(mode="json")},
                     "speed": DEEP_SPEED, "updates": DEEP_UPDATES}}


def is_lenet(run) -> bool:
    return run.experiment.model == "lenet"


# ---------------------------------------------------------------- what the server computes of a LeNet run

def first_conv(run: Run) -> Conv2d:
    return next(layer for layer in run.model.layers if isinstance(layer, Conv2d))


def confusion(run: Run) -> tuple[np.ndarray, float]:
    """(counts (10, 10): rows the true digit, columns the predicted one; accuracy) on the test set."""
    x, y, _ = run.parts["test"]
    pred = run.predict(x).argmax(axis=1)
    counts = np.zeros((10, 10), dtype=np.int64)
    np.add.at(counts, (y, pred), 1)
    return counts, float(np.mean(pred == y))


def feature_maps(run: Run, name: str) -> np.ndarray:
    """The first convolution's outputs a = ReLU(W * x + b) for the image `name`: (c1, 8, 8)."""
    run.predict(image(name)[None, None])
    return first_conv(run).a[0]


def tiles(maps: np.ndarray, per_row: int, normalize: bool) -> list[list[float | None]]:
    """Maps (m, h, w) side by side, per_row to a row, one empty (None) row and column between them; each scaled
    to [0, 1] by its own largest |value| when `normalize`."""
    m, h, w = maps.shape
    rows = -(-m // per_row)
    out = np.full((rows * (h + 1) - 1, per_row * (w + 1) - 1), np.nan)
    for k in range(m):
        r, c = divmod(k, per_row)
        tile = maps[k]
        if normalize:
            top = float(np.max(np.abs(tile)))
            tile = tile / top if top > 0 else tile
        out[r * (h + 1): r * (h + 1) + h, c * (w + 1): c * (w + 1) + w] = tile
    return [[None if np.isnan(v) else round(float(v), 5) for v in row] for row in out]


def _tiled(z, title: str, colorscale: str, zmin: float, zmax: float, height: int) -> dict:
    return plot([{"type": "heatmap", "z": z, "colorscale": colorscale, "zmin": zmin, "zmax": zmax,
                  "hoverongaps": False, "hoverinfo": "skip", "showscale": False}],
                {"title": {"text": title}, "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
                 "xaxis": {"visible": False, "constrain": "domain"},
                 "yaxis": {"visible": False, "autorange": "reversed", "scaleanchor": "x", "constrain": "domain"}},
                height=height)


def filters_plot(weight: np.ndarray, t) -> dict:
    """The first layer's filters (c1, 1, 3, 3), each on its own diverging scale (red +, blue -)."""
    z = tiles(weight[:, 0], per_row=weight.shape[0], normalize=True)
    return _tiled(z, t("conv.live.filters"), "RdBu", -1.0, 1.0, 200)


def maps_plot(maps: np.ndarray, name: str, t) -> dict:
    return _tiled(tiles(maps, per_row=3, normalize=True), t("conv.live.maps", image=image_label(name, t)),
                  "Greys", 0.0, 1.0, 330)


def confusion_plot(counts: np.ndarray, t) -> dict:
    labels = [str(d) for d in range(10)]
    return plot([{"type": "heatmap", "z": counts.tolist(), "x": labels, "y": labels, "colorscale": "Blues",
                  "showscale": False, "texttemplate": "%{z}", "xgap": 1, "ygap": 1,
                  "hovertemplate": t("conv.live.cell") + "<extra></extra>"}],
                {"title": {"text": t("conv.live.confusion")}, "margin": {"l": 70, "r": 10, "t": 50, "b": 60},
                 "xaxis": {"title": {"text": t("conv.live.predicted")}, "type": "category", "constrain": "domain"},
                 "yaxis": {"title": {"text": t("conv.live.true")}, "type": "category", "autorange": "reversed",
                           "scaleanchor": "x", "constrain": "domain"}}, height=420)


def image_label(name: str, t) -> str:
    return t("conv.image.digit", digit=name) if name.isdigit() else t(SHAPE_NAMES[name])


def image_choices(t) -> list[tuple[str, str]]:
    """(value, label) of every image the workbench offers."""
    return [(name, image_label(name, t)) for name in IMAGES]


def lenet_view(run: Run, state, t) -> dict:
    """GET /lessons/convolutional/runs/{id}/lenet: step, the test accuracy and the three figures."""
    counts, acc = confusion(run)
    return {"step": run.trainer.step, "test_acc": acc, "text": {"test_acc": percent(acc)},
            "filters": filters_plot(first_conv(run).weight.data, t),
            "maps": maps_plot(feature_maps(run, state.image), state.image, t),
            "confusion": confusion_plot(counts, t)}


@cache
def _untrained() -> Run:
    return Run(lenet_experiment())


def untrained(state, t) -> dict:
    """lenet_view of the run a new Train starts from (the experiment fixes every random choice): what the page
    shows before any training. The run is built once per process."""
    run = _untrained()
    with run.lock:
        try:
            return lenet_view(run, state, t)
        finally:
            run.release()


# ---------------------------------------------------------------- the live curves (the script fills x and y)

def _curves(title: str, x: str, y: str, traces: list[tuple[str, list, str, str]], log_y: bool = False,
            y_range=None) -> dict:
    """A line plot without points yet; `series` tells the script what each trace shows: [run, quantity]."""
    spec = plot([{"type": "scatter", "mode": "lines", "x": [], "y": [], "name": label,
                  "line": {"width": 3, "color": color, "dash": dash}} for label, _, color, dash in traces],
                {"title": {"text": title}, "xaxis": {"title": {"text": x}},
                 "yaxis": {"title": {"text": y}, "type": "log" if log_y else "linear", "exponentformat": "power",
                           **({"range": y_range} if y_range else {})}})
    spec["series"] = [which for _, which, _, _ in traces]
    return spec


def lenet_curves(t) -> tuple[dict, dict]:
    loss = _curves(t("conv.live.loss"), t("conv.axis.update"), t("glossary.loss"),
                   [(t("conv.live.train_loss"), ["lenet", "loss"], "#0b5394", "solid")])
    acc = _curves(t("conv.live.accuracy"), t("conv.axis.update"), t("glossary.accuracy"),
                  [(t("conv.live.val_acc"), ["lenet", "val_acc"], "#1b7837", "solid")], y_range=[0, 1])
    return loss, acc


PLAIN_COLOR, RESIDUAL_COLOR = "#b2182b", "#1b7837"


def deep_curves(t) -> tuple[dict, dict]:
    loss = _curves(t("conv.res.loss"), t("conv.axis.update"), t("glossary.loss"),
                   [(t("conv.res.plain"), ["plain", "loss"], PLAIN_COLOR, "solid"),
                    (t("conv.res.residual"), ["residual", "loss"], RESIDUAL_COLOR, "solid")])
    grads = _bars(t)
    return loss, grads


def _bars(t) -> dict:
    layers = list(range(1, DEPTH + 1))
    spec = plot([{"type": "bar", "x": layers, "y": [], "name": t("conv.res.plain"), "marker": {"color": PLAIN_COLOR}},
                 {"type": "bar", "x": layers, "y": [], "name": t("conv.res.residual"),
                  "marker": {"color": RESIDUAL_COLOR}}],
                {"title": {"text": t("conv.res.grads")}, "barmode": "group",
                 "xaxis": {"title": {"text": t("conv.axis.layer")}, "dtick": 1},
                 "yaxis": {"title": {"text": t("conv.axis.grad")}, "type": "log", "exponentformat": "power"}})
    spec["series"] = [["plain", "grad_norms"], ["residual", "grad_norms"]]
    return spec
