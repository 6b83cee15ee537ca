"""Lesson 6 (slides 30-32): regularization — dropout, batch normalization, L1 and L2 penalties.

- A live run (app/runs) on the overfitting setup of lesson 7 (80 noisy moons, 3 x 16 ReLU), trained with plain
  SGD (gamma = 0.1, full batch), with the learner's dropout p, BatchNorm on/off and L1/L2 with lambda. The view
  shows the loss curves, a histogram of the network's weights (L1 drives many to about 0, L2 shrinks them all),
  the count of |w| < 1e-3, and BatchNorm's mu_B and sigma_B of the last training batch.
- Train mode against eval mode: the lecture's L1 network (slide 6) with a Dropout(p) layer after its hidden layer,
  evaluated with nnlib for one input x: in train mode every call draws a new mask (and scales the kept values by
  1/(1-p)), in eval mode dropout is the identity, so repeated calls agree.

Shapes: weights of dense layer i are (out, in); the histogram is over all dense weights (biases excluded, as
the penalties exclude them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import numpy as np

from app.formatting import field_value, number
from app.forms import Message, NumberField, parse_fields
from app.plots import plot
from app.runs import views
from app.runs.experiment import Experiment
from app.runs.run import Run
from app.services import overfitting as of
from nnlib.spec import build

PATH = "/lessons/regularization"
SMALL = 1e-3  # |w| below this counts as (near) zero
KINDS = ("none", "l1", "l2")
KIND_LABELS = {"none": "reg.kind.none", "l1": "reg.kind.l1", "l2": "reg.kind.l2"}
SETUP_TEXT = {"none": "reg.setup.none", "l1": "reg.setup.l1", "l2": "reg.setup.l2"}
MAX_UPDATES = 1500
CHUNK = 10
TRAIN_CALLS = 5  # train-mode calls shown
EVAL_CALLS = 2  # eval-mode calls shown

FIELDS: tuple[NumberField, ...] = (
    NumberField("lam", 0.01, 0, 1),  # lambda
    NumberField("dropout", 0, 0, 0.9),
    NumberField("demo_p", 0.5, 0, 0.9),  # dropout p of the train/eval demonstration
    NumberField("x", 4, -1000, 1000),  # its input (the lecture's sample x = 4)
    NumberField("draw", 0, 0, 1_000_000, integer=True),  # which random masks the demonstration draws
)


def experiment(kind: str, lam: float, dropout: float, batchnorm: bool) -> Experiment:
    """Lesson 7's default setup (which overfits), trained by SGD with gamma = 0.1, with the chosen regularization."""
    base = of.experiment({f.name: f.default for f in of.FIELDS}).model_dump(mode="json")
    return Experiment.model_validate({**base, "optimizer": {"name": "sgd", "lr": 0.1},
                                      "regularization": {"kind": kind, "lam": lam},
                                      "dropout": dropout, "batchnorm": batchnorm})


@dataclass
class State:
    values: dict[str, float]
    texts: dict[str, str]
    errors: dict[str, Message]
    kind: str
    batchnorm: bool

    @property
    def experiment(self) -> Experiment:
        return experiment(self.kind, self.values["lam"], self.values["dropout"], self.batchnorm)

    @property
    def url(self) -> str:
        query = [("reg", self.kind), ("lam", field_value(self.values["lam"])),
                 ("dropout", field_value(self.values["dropout"])), ("bn", "1" if self.batchnorm else "0"),
                 ("demo_p", field_value(self.values["demo_p"])), ("x", field_value(self.values["x"])),
                 ("draw", str(int(self.values["draw"])))]
        return PATH + "?" + urlencode(query)

    def demo(self) -> dict:
        return dropout_demo(self.values["demo_p"], self.values["x"], int(self.values["draw"]))


def handle(query: Mapping[str, str]) -> State:
    """Validate the form; `action=reset` restores the defaults, `action=draw` draws new dropout masks."""
    if query.get("action") == "reset":
        query = {}
    values, texts, errors = parse_fields(FIELDS, query)
    kind = query.get("reg", "none")
    if kind not in KINDS:
        kind = "none"
    batchnorm = query.get("bn", "0") in ("1", "on", "true")
    if query.get("action") == "draw" and "draw" not in errors:
        values["draw"] = (int(values["draw"]) + 1) % 1_000_001
        texts["draw"] = str(values["draw"])
    return State(values, texts, errors, kind, batchnorm)


# ---------------------------------------------------------------- train mode against eval mode

def demo_network(p: float, seed: int):
    """The lecture's L1 network (w111 = 20, b11 = -10, w121 = 40, b12 = -200; w211 = 1, w212 = -1, b21 = 0)
    with Dropout(p) after the hidden layer; the dropout masks come from a generator seeded with `seed`."""
    return build({"inputs": 1, "layers": [
        {"units": 2, "activation": "relu", "weight": [[20.0], [40.0]], "bias": [-10.0, -200.0]},
        {"type": "dropout", "p": p},
        {"units": 1, "activation": "relu", "weight": [[1.0, -1.0]], "bias": [0.0]},
    ]}, np.random.default_rng(seed))


def dropout_demo(p: float, x: float, seed: int) -> dict:
    """The same weights and input, called TRAIN_CALLS times in train mode and EVAL_CALLS times in eval mode.

    Returns {"hidden": (y11, y12), "train": [(mask (2,), y21)], "eval": [y21]}; masks are what Dropout multiplied
    the hidden outputs by (0 or 1/(1-p)).
    """
    model = demo_network(p, seed)
    xs = np.array([[x]])
    model.train()
    train = []
    for _ in range(TRAIN_CALLS):
        y = float(model.forward(xs)[0, 0])
        train.append((tuple(float(m) for m in model.layers[1].mask[0]), y))
    hidden = tuple(float(v) for v in model.layers[0].a[0])
    model.eval()
    evals = [float(model.forward(xs)[0, 0]) for _ in range(EVAL_CALLS)]
    return {"hidden": hidden, "train": train, "eval": evals}


# ---------------------------------------------------------------- the view of a run

def weights(run: Run) -> tuple[np.ndarray, np.ndarray]:
    """(all dense weights flattened, the first layer's weights flattened)."""
    with run.lock:
        dense = run.model.dense_layers()
        return np.concatenate([d.weight.data.ravel() for d in dense]), dense[0].weight.data.ravel().copy()


def weight_stats(w: np.ndarray, first: np.ndarray) -> dict[str, str]:
    small = int(np.sum(np.abs(w) < SMALL))
    return {"small": f"{small} / {w.size}", "small_first": f"{int(np.sum(np.abs(first) < SMALL))} / {first.size}",
            "mean_abs": number(float(np.mean(np.abs(w)))) or "–", "max_abs": number(float(np.max(np.abs(w)))) or "–"}


def histogram_plot(w: np.ndarray, t, prev: np.ndarray | None = None) -> dict:
    """Counts of the weights in common bins (the previous run's faded behind)."""
    both = w if prev is None else np.concatenate([w, prev])
    top = float(np.max(np.abs(both[np.isfinite(both)]))) if both.size else 1.0
    edges = np.linspace(-top, top, 42) if top > 0 else np.linspace(-1, 1, 42)
    centers = ((edges[:-1] + edges[1:]) / 2).tolist()
    width = float(edges[1] - edges[0])
    data = []
    if prev is not None:
        data.append({"type": "bar", "x": centers, "y": np.histogram(prev, edges)[0].tolist(), "width": width,
                     "name": t("reg.trace.prev_weights"), "marker": {"color": "rgba(230,145,56,0.45)"}})
    data.append({"type": "bar", "x": centers, "y": np.histogram(w, edges)[0].tolist(), "width": width,
                 "name": t("reg.trace.weights"), "marker": {"color": "rgba(11,83,148,0.8)"}})
    return plot(data, {"title": {"text": t("reg.hist.title")}, "barmode": "overlay",
                       "xaxis": {"title": {"text": t("reg.axis.w")}},
                       "yaxis": {"title": {"text": t("reg.axis.count")}, "type": "log"}}, height=400)


def batchnorm_rows(run: Run) -> list[dict[str, str]]:
    """mu_B and sigma_B per feature of the first BatchNorm layer on the last training batch (empty without BN
    or before the first update)."""
    with run.lock:
        stats = views.batchnorm_stats(run)
    if not stats:
        return []
    first = stats[0]
    return [{"unit": str(i + 1), "mu": number(m) if m is not None else "–", "sigma": number(s) if s is not None else "–"}
            for i, (m, s) in enumerate(zip(first["mu_b"], first["sigma_b"]))]


def payload(run: Run, t, compare: Run | None = None) -> dict:
    """The view after a chunk. The curve shows what SGD minimizes (data loss + penalty, with dropout); the
    numbers use the data loss alone in eval mode, so the gap compares like with like."""
    c = of.curves(run)
    with run.lock:
        train_loss = run.evaluate("train")[0]
    train = train_loss if np.isfinite(train_loss) else None
    gap = c.val[-1] - train if (c.val and train is not None) else None
    w, first = weights(run)
    prev_w = weights(compare)[0] if compare is not None else None
    text = {"train": of.fmt(train), "val": of.fmt(c.val[-1] if c.val else None),
            "gap": of.fmt(gap), **weight_stats(w, first),
            "prev_small": weight_stats(prev_w, weights(compare)[1])["small"] if prev_w is not None else "–"}
    return {"step": run.trainer.step, "text": text, "batchnorm": batchnorm_rows(run),
            "plots": {"curves": of.curves_plot(c, t, of.curves(compare) if compare is not None else None,
                                               train_key="reg.trace.objective"),
                      "hist": histogram_plot(w, t, prev_w)}}


def initial_payload(t, exp: Experiment) -> dict:
    """The view of a run that has not trained yet (what the page shows at load)."""
    return payload(Run(exp), t)


# ---------------------------------------------------------------- the lecture's formulas (LaTeX -> MathML)

TEX_L2 = r"L(y_{\text{true}}, y_{\text{out}}) = (y_{\text{true}} - y_{21})^2 + \lambda \sum_{i=1}^{n} w_i^2"
TEX_L1 = r"L(y_{\text{true}}, y_{\text{out}}) = (y_{\text{true}} - y_{21})^2 + \lambda \sum_{i=1}^{n} |w_i|"
TEX_BN = r"y = \gamma \frac{x - \mu_B}{\sigma_B} + \beta"
TEX_DROPOUT_TRAIN = r"\tilde{y} = \frac{m \, y}{1 - p}, \quad m \sim \mathrm{Bernoulli}(1 - p)"
