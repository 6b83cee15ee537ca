"""Lesson 6 (slides 30-32): regularization — L1 and L2 penalties, dropout, batch normalization — on a live run.

A live run (app/runs) on noisy moons with a wide network (3 x 64 ReLU), trained with plain SGD (gamma = 0.1, the
whole training set per update), with the learner's penalty (L1/L2, lambda), dropout p and batch normalization on
or off; the data size and the width can be changed too. The view shows the loss curves, a histogram of the
network's weights (L1 drives most of them to about 0, L2 shrinks them all), the count of |w| < SMALL, and
batch normalization's mu_B and sigma_B on the last training batch.

Why these numbers: dropout only pays off with enough data and neurons to spare. With 400 samples (200 for
training), noise 0.4 and 64 neurons a layer, p = 0.2 narrows the gap and lowers the validation loss for every seed
tried; with 80 samples and 16 neurons (FEW) p = 0.5 is a lottery. tests/lessons/regularization/test_claims.py
checks what the page says about both.

Shapes: weights of dense layer i are (out, in); the histogram is over all dense weights (biases excluded, as
the penalties exclude them).
"""

from __future__ import annotations

import math

import numpy as np

from app import bounds as B
from app.formatting import number
from app.plots import plot
from app.runs import curves as rc
from app.runs import views
from app.runs.experiment import Experiment
from app.runs.run import Run

SAMPLES = B.Bound(40, 400, integer=True)  # samples in the whole data set
LAMBDA = B.Bound(0, 1)  # the penalty's lambda (SGD with gamma = 0.1 oscillates beyond)
DEFAULT_N, DEFAULT_UNITS, DEFAULT_LAMBDA = 400, 64, 0.01
LAYERS, NOISE = 3, 0.4  # hidden layers; noise of the moons
VAL, TEST = 0.3, 0.2  # fractions of the data held out for validation and testing
LR = 0.1  # plain SGD's learning rate
DROPOUT = 0.2  # the dropout preset's p (with the default data and width)
FEW = {"n": 80, "units": 16, "dropout": 0.5}  # the "few data" preset: dropout does not help reliably
MAX_UPDATES = 1500  # the page stops training here
CHUNK = 20  # updates per request while training
SMALL = 1e-3  # |w| below this counts as (near) zero: plain SGD leaves an L1 weight jittering within gamma * lambda
SEED = 1  # the page's seed of the data, its split, the initial weights and the dropout masks


def split_sizes(n: int) -> tuple[int, int, int]:
    """(training, validation, test) rows of an n-sample set, as nnlib.data.split cuts them (halves round up)."""
    val, test = math.floor(VAL * n + 0.5), math.floor(TEST * n + 0.5)
    return n - val - test, val, test


def experiment(s, seed: int = SEED) -> Experiment:
    """The run for the state `s` (RegularizationState): moons, ReLU layers, SGD on the whole training set, with the
    chosen penalty, dropout and batch normalization."""
    return Experiment.model_validate({
        "dataset": "moons", "n": s.n, "noise": NOISE, "data_seed": seed, "val": VAL, "test": TEST,
        "hidden": [{"units": s.units, "activation": "relu"}] * LAYERS, "init": "he_normal", "seed": seed,
        "optimizer": {"name": "sgd", "lr": LR}, "batch_size": split_sizes(s.n)[0], "shuffle": False,
        "regularization": {"kind": s.reg, "lam": s.lam}, "dropout": s.dropout, "batchnorm": s.bn,
    })


def trained(s, seed: int = SEED, updates: int = MAX_UPDATES) -> Run:
    """The run of the state `s` trained as the page trains it: CHUNK updates per request, the validation loss
    recorded after each, up to `updates` (the page's end). What the claims tests run."""
    run = Run(experiment(s, seed))
    while run.trainer.step < updates and run.train(min(CHUNK, updates - run.trainer.step)):
        pass
    return run


# ---------------------------------------------------------------- the view of a run

def weights(run: Run) -> tuple[np.ndarray, np.ndarray]:
    """(all dense weights flattened, the first layer's weights flattened)."""
    with run.lock:
        dense = run.model.dense_layers()
        return np.concatenate([d.weight.data.ravel() for d in dense]), dense[0].weight.data.ravel().copy()


def small_count(w: np.ndarray) -> int:
    """How many weights are (near) zero, |w| < SMALL."""
    return int(np.sum(np.abs(w) < SMALL))


def weight_stats(w: np.ndarray, first: np.ndarray) -> dict[str, str]:
    return {"small": f"{small_count(w)} / {w.size}", "small_first": f"{small_count(first)} / {first.size}",
            "mean_abs": number(float(np.mean(np.abs(w)))) or "–", "max_abs": number(float(np.max(np.abs(w)))) or "–"}


def histogram_plot(w: np.ndarray, t, prev: np.ndarray | None = None) -> dict:
    """Counts of the weights in common bins (the previous run's faded behind)."""
    both = w if prev is None else np.concatenate([w, prev])
    both = both[np.isfinite(both)]
    top = float(np.max(np.abs(both))) if both.size else 1.0
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
    """mu_B and sigma_B per feature of the first batch-normalization layer on the last training batch (empty
    without one or before the first update)."""
    with run.lock:
        stats = views.batchnorm_stats(run)
    if not stats:
        return []
    first = stats[0]
    return [{"unit": str(i + 1), "mu": rc.fmt(m), "sigma": rc.fmt(s)}
            for i, (m, s) in enumerate(zip(first["mu_b"], first["sigma_b"]))]


def losses(run: Run, c: rc.Curves | None = None) -> tuple[float | None, float | None]:
    """(training loss, gap): the data loss on the training set in eval mode (no penalty, no dropout) and the last
    validation loss minus it; None where there is none yet or it is not finite."""
    c = c if c is not None else rc.curves(run)
    with run.lock:
        train_loss = run.evaluate("train")[0]
    train = train_loss if np.isfinite(train_loss) else None
    return train, (c.val[-1] - train if (c.val and train is not None) else None)


def payload(run: Run, t, compare: Run | None = None) -> dict:
    """The view after a chunk. The curve shows what SGD minimizes (data loss + penalty, with dropout); the
    numbers use the data loss alone in eval mode, so the gap compares like with like."""
    c = rc.curves(run)
    train, gap = losses(run, c)
    w, first = weights(run)
    prev_w = weights(compare)[0] if compare is not None else None
    prev_gap = losses(compare)[1] if compare is not None else None
    text = {"train": rc.fmt(train), "val": rc.fmt(c.val[-1] if c.val else None), "gap": rc.fmt(gap),
            **weight_stats(w, first),
            "prev_small": f"{small_count(prev_w)} / {prev_w.size}" if prev_w is not None else "–",
            "prev_gap": rc.fmt(prev_gap)}
    return {"step": run.trainer.step, "text": text, "batchnorm": batchnorm_rows(run),
            "plots": {"curves": rc.curves_plot(c, t, rc.curves(compare) if compare is not None else None,
                                               train_label=t("reg.trace.objective")),
                      "hist": histogram_plot(w, t, prev_w)}}


def initial_payload(t, exp: Experiment) -> dict:
    """The view of a run that has not trained yet (what the page shows at load)."""
    return payload(Run(exp), t)
