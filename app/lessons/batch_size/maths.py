"""Lesson 4 (slides 24-26): one network and one data set trained with batch sizes 1, 2, 4, ... up to the whole
training set, measured live: loss-curve noise, updates per epoch, memory of one batch, time per epoch.

The runs live in app/runs (trained through /api/v1/runs by the page's script); this module builds their
experiments, validates the page's controls, and reads the measurements off the runs:
- updates per epoch and batch_bytes from the run (Trainer.updates_per_epoch, Run.batch_bytes),
- seconds per epoch = Run.seconds_per_update (measured over the last chunk) x updates per epoch,
- noise = the standard deviation of successive differences of the per-update batch loss over the last
  NOISE_WINDOW updates (a smooth curve gives ~0, a jumpy one a large value),
- the loss of the whole training set at the current weights (Run.evaluate), and the accuracy.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import numpy as np

from app.formatting import field_value, number
from app.forms import Message, NumberField, parse_fields, query_choice
from app.plots import CONFIG, WHITE, font
from app.runs.experiment import Experiment
from app.runs.run import Run
from app.services.gradient_descent import LR_MAX, LR_MIN, clipped, epoch_losses, number_field

PATH = "/lessons/batch-size"
SET_SIZES = (32, 64, 128, 256)  # training-set sizes offered (all of them powers of 2)
POPULAR = (32, 64, 128, 256)  # the lecture's popular sizes
SMALL = (1, 2, 4, 8)  # the lecture's small sizes
NOISE_WINDOW = 100  # updates the noise is measured over
MAX_POINTS = 1500  # points per run in the loss plot (more are thinned evenly)
MAX_RUNS = 9  # 1, 2, 4, ..., 256

FIELDS: tuple[NumberField, ...] = (
    number_field("lr", 0.1, LR_MIN, LR_MAX),
    number_field("epochs", 20, 1, 200, integer=True),
    number_field("seed", 1, 0, 2**32 - 1, integer=True),
)
DEFAULTS = {f.name: f.default for f in FIELDS}
DEFAULT_SIZE = 256


def batch_sizes(m: int) -> list[int]:
    """1, 2, 4, ... up to m (m itself included: the full batch)."""
    sizes = [2**k for k in range(int(math.log2(m)) + 1)]
    return sizes if sizes[-1] == m else [*sizes, m]


def experiment(m: int, batch_size: int, lr: float, seed: int) -> dict:
    """Circle data (m points, all for training), one hidden layer of 8 tanh units, bce, plain sgd."""
    exp = {"dataset": "circle", "n": m, "noise": 0.1, "data_seed": 1, "val": 0, "test": 0,
           "features": ["x1", "x2"], "hidden": [{"units": 8, "activation": "tanh"}], "loss": "bce",
           "init": "xavier_normal", "seed": seed, "optimizer": {"name": "sgd", "lr": lr},
           "batch_size": batch_size, "shuffle": True}
    return Experiment.model_validate(exp).model_dump(mode="json")


def plan(m: int) -> list[dict]:
    """Per batch size, what is known before training: updates per epoch and the memory of one batch, read off
    runs built (not trained) with the lesson's setup."""
    rows = []
    for b in batch_sizes(m):
        run = Run(Experiment.model_validate(experiment(m, b, DEFAULTS["lr"], 1)))
        rows.append({"batch_size": b, "updates_per_epoch": run.trainer.updates_per_epoch,
                     "batch_bytes": run.batch_bytes()})
    return rows


@dataclass
class PageState:
    settings: dict
    texts: dict[str, str]
    errors: dict[str, Message]
    m: int
    m_error: Message | None

    @property
    def url(self) -> str:
        query = [(f.name, field_value(self.settings[f.name])) for f in FIELDS] + [("m", str(self.m))]
        return PATH + "?" + urlencode(query)


def page_state(query: Mapping[str, str]) -> PageState:
    settings, texts, errors = parse_fields(FIELDS, clipped(FIELDS, query))
    m, m_error = DEFAULT_SIZE, None
    if "m" in query:
        m = query_choice(str(query["m"]), SET_SIZES)
        if m is None:
            m = DEFAULT_SIZE
            m_error = Message("bs.err.m", {"sizes": ", ".join(str(v) for v in SET_SIZES)})
    return PageState(settings, texts, errors, m, m_error)


def run_config(s: PageState, t) -> dict:
    return {"epochs": int(s.settings["epochs"]), "view": PATH + "/view",
            "runs": [{"batch_size": b, "label": t("bs.trace", b=b), "experiment":
                      experiment(s.m, b, s.settings["lr"], int(s.settings["seed"]))} for b in batch_sizes(s.m)]}


# ---------------------------------------------------------------- measurements of live runs

def noise(losses: list[float], window: int = NOISE_WINDOW) -> float | None:
    """Std of the successive differences of the last `window` losses (None with fewer than 3 points)."""
    tail = np.array([v for v in losses[-window:] if v is not None and math.isfinite(v)])
    if len(tail) < 3:
        return None
    return float(np.std(np.diff(tail)))


def measure(run: Run) -> dict:
    """One run's numbers right now: {batch_size, updates_per_epoch, batch_bytes, seconds_per_update,
    seconds_per_epoch, epoch, step, loss, accuracy, noise, status, steps, curve}."""
    with run.lock:
        t = run.trainer
        upe = t.updates_per_epoch
        loss, acc = run.evaluate("train") if run.status != "diverged" else (float("nan"), None)
        spu = run.seconds_per_update
        out = {"batch_size": t.batch_size, "updates_per_epoch": upe, "batch_bytes": run.batch_bytes(),
               "seconds_per_update": spu, "seconds_per_epoch": spu * upe if spu is not None else None,
               "epoch": t.epoch, "step": t.step, "loss": loss if math.isfinite(loss) else None, "accuracy": acc,
               "status": run.status, "steps": list(run.curve_steps), "curve": list(run.curve_loss),
               "m": len(run.parts["train"][0])}
    out["noise"] = noise(out["curve"])
    out["epochs"], out["epoch_loss"] = epoch_losses(out["steps"], out["curve"], upe, out["batch_size"], out["m"])
    return out


def _text(v, digits: int | None = None) -> str:
    if v is None:
        return "\u2014"
    if digits is not None:
        v = float(f"{v:.{digits}g}")
    return number(v) or "\u2014"


def seconds_text(v: float | None) -> str:
    """Seconds as milliseconds with 3 significant digits ("12.3 ms")."""
    return "\u2014" if v is None else f"{_text(v * 1000, 3)} ms"


def row_texts(r: dict, t) -> dict[str, str]:
    return {"updates_per_epoch": _text(r["updates_per_epoch"]), "batch_bytes": _text(r["batch_bytes"]),
            "seconds_per_update": seconds_text(r["seconds_per_update"]),
            "seconds_per_epoch": seconds_text(r["seconds_per_epoch"]), "epoch": _text(r["epoch"]),
            "loss": _text(r["loss"], 4), "accuracy": "\u2014" if r["accuracy"] is None else f"{_text(100 * r['accuracy'], 3)} %",
            "noise": _text(r["noise"], 3),
            "status": t("bs.status.diverged") if r["status"] == "diverged" else ""}


COLORS = ("#1b1b1b", "#6a3d9a", "#1f78b4", "#33a02c", "#b15928", "#e31a1c", "#ff7f00", "#0b5394", "#777777")


def _thin(xs: list, ys: list) -> tuple[list, list]:
    if len(xs) <= MAX_POINTS:
        return xs, ys
    idx = np.linspace(0, len(xs) - 1, MAX_POINTS).round().astype(int)
    return [xs[i] for i in idx], [ys[i] for i in idx]


def plots(rows: list[dict], t) -> dict[str, dict]:
    """The batch loss against epochs (x = update / updates per epoch) per run; and the measurements against
    the batch size (log-2 axis): noise, updates per epoch, batch memory, seconds per epoch."""
    font_ = font(14)
    curves = []
    for i, r in enumerate(rows):
        xs, ys = _thin([s / r["updates_per_epoch"] for s in r["steps"]], r["curve"])
        curves.append({"type": "scatter", "mode": "lines", "x": xs, "y": ys, "name": t("bs.trace", b=r["batch_size"]),
                       "line": {"width": 1.5 if r["batch_size"] < 8 else 2.5, "color": COLORS[i % len(COLORS)]}})
    loss = {"data": curves,
            "layout": {"height": 380, "margin": {"l": 70, "r": 20, "t": 10, "b": 55}, "font": font_,
                       "xaxis": {"title": {"text": t("bs.axis.epoch")}, "rangemode": "tozero"},
                       "yaxis": {"title": {"text": t("bs.axis.batch_loss")}},
                       **WHITE},
            "config": CONFIG}
    sizes = [r["batch_size"] for r in rows]
    panels = (("noise", "bs.axis.noise", "linear"), ("updates_per_epoch", "bs.axis.updates", "log"),
              ("batch_bytes", "bs.axis.bytes", "log"), ("seconds_per_epoch", "bs.axis.seconds", "log"))
    data, layout = [], {"height": 560, "margin": {"l": 75, "r": 20, "t": 20, "b": 55}, "font": font_,
                        "showlegend": False, "grid": {"rows": 2, "columns": 2, "pattern": "independent",
                                                      "xgap": 0.25, "ygap": 0.35},
                        **WHITE}
    for k, (key, title, ytype) in enumerate(panels, start=1):
        ys = [r[key] * 1000 if key == "seconds_per_epoch" and r[key] is not None else r[key] for r in rows]
        data.append({"type": "scatter", "mode": "lines+markers", "x": sizes, "y": ys, "name": t(title),
                     "xaxis": f"x{k}", "yaxis": f"y{k}", "marker": {"size": 9, "color": "#0b5394"},
                     "line": {"color": "#0b5394"}})
        suffix = "" if k == 1 else str(k)
        layout["xaxis" + suffix] = {"title": {"text": t("bs.axis.batch_size")}, "type": "log",
                                    "tickvals": sizes, "ticktext": [str(v) for v in sizes]}
        layout["yaxis" + suffix] = {"title": {"text": t(title)}, "type": ytype}
    measures = {"data": data, "layout": layout, "config": CONFIG}
    return {"loss": loss, "measures": measures}


def view(runs: list[Run], t) -> dict:
    rows = [measure(r) for r in runs]
    return {"rows": [{"batch_size": r["batch_size"], "texts": row_texts(r, t), "epoch": r["epoch"],
                      "noise": r["noise"], "seconds_per_epoch": r["seconds_per_epoch"],
                      "updates_per_epoch": r["updates_per_epoch"], "batch_bytes": r["batch_bytes"],
                      "loss": r["loss"]} for r in rows],
            "plots": plots(rows, t)}


def empty_plots(m: int, t) -> dict[str, dict]:
    """The plots before any training: the known measurements (updates per epoch, memory) and empty curves."""
    rows = [{**p, "seconds_per_update": None, "seconds_per_epoch": None, "epoch": 0, "step": 0, "loss": None,
             "accuracy": None, "status": "ready", "steps": [], "curve": [], "noise": None} for p in plan(m)]
    return plots(rows, t)


def playground_url(s: PageState) -> str:
    query = [("dataset", "circle"), ("n", str(s.m)), ("noise", "0.1"), ("val", "0"), ("test", "0"),
             ("hidden", "8-tanh"), ("opt", "sgd"), ("lr", field_value(s.settings["lr"])), ("batch", "8")]
    return "/playground?" + urlencode(query)
