"""Lesson 4 (slides 24-26): one network and one data set trained with batch sizes 1, 2, 4, ... up to the whole
training set, measured live: loss-curve noise, updates per epoch, memory of one batch, time per epoch; and a
second experiment, the noise against overfitting: batch size 1 and the full batch, the same number of updates.

The runs live in app/runs (trained through /api/v1/runs by the page's script); this module builds their
experiments and reads the measurements off the runs:
- updates per epoch and the memory of one batch from the run (Trainer.updates_per_epoch, Run.batch_bytes),
- seconds per epoch = Run.seconds_per_update (measured over the last chunk) x updates per epoch,
- noise: how much the batch loss jumps around the mean of its epoch, relative to the loss itself (`noise`),
- the loss of the whole training set at the current weights (Run.evaluate), and the accuracy.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from app.runs.experiment import Experiment
from app.runs.run import Run

SET_SIZES = (32, 64, 128, 256)  # training-set sizes offered (all of them powers of 2)
POPULAR = (32, 64, 128, 256)  # the lecture's popular sizes
SMALL = (1, 2, 4, 8)  # the lecture's small sizes
MAX_RUNS = 9  # 1, 2, 4, ..., 256
MAX_EPOCHS = 200
NOISE_EPOCHS = 10  # the noise is measured over the last this many epochs
DEFAULTS = {"m": 256, "lr": 0.1, "epochs": 20, "seed": 1}
HIDDEN = 8  # tanh units of the one hidden layer
WIDTHS = 2 + HIDDEN + 1  # values per sample kept for the backward pass: inputs x1, x2; hidden units; the output
KILOBYTE = 1000

# The second experiment: the noise of a small batch against overfitting. A small noisy set with a validation
# part, a network large enough to fit its quirks, batch size 1 against the full batch, the same number of updates.
OVERFIT = {"dataset": "xor", "n": 200, "noise": 0.5, "val": 0.4, "hidden": 2, "units": 32, "lr": 0.1}
OVERFIT_TRAIN = round(OVERFIT["n"] * (1 - OVERFIT["val"]))  # 120 training samples: the full batch
OVERFIT_SIZES = (1, OVERFIT_TRAIN)
OVERFIT_UPDATES = 2000
OVERFIT_CHUNK = 500  # updates per request of the page's script


def batch_sizes(m: int) -> list[int]:
    """1, 2, 4, ... up to m (m itself included: the full batch)."""
    sizes = [2**k for k in range(int(math.log2(m)) + 1)]
    return sizes if sizes[-1] == m else [*sizes, m]


def experiment(m: int, batch_size: int, lr: float, seed: int) -> dict:
    """Circle data (m points, all for training), one hidden layer of 8 tanh units, BCE, plain SGD. The same
    seed gives every batch size the same starting weights."""
    exp = {"dataset": "circle", "n": m, "noise": 0.1, "data_seed": 1, "val": 0, "test": 0,
           "features": ["x1", "x2"], "hidden": [{"units": HIDDEN, "activation": "tanh"}], "loss": "bce",
           "init": "xavier_normal", "seed": seed, "optimizer": {"name": "sgd", "lr": lr},
           "batch_size": batch_size, "shuffle": True}
    return Experiment.model_validate(exp).model_dump(mode="json")


def overfit_experiment(batch_size: int, seed: int) -> dict:
    """The XOR set with noise 0.5: 120 samples for training, 80 for validation; two hidden layers of 32 tanh
    units, BCE, plain SGD with γ = 0.1."""
    o = OVERFIT
    exp = {"dataset": o["dataset"], "n": o["n"], "noise": o["noise"], "data_seed": 1, "val": o["val"], "test": 0,
           "features": ["x1", "x2"], "hidden": [{"units": o["units"], "activation": "tanh"}] * o["hidden"],
           "loss": "bce", "init": "xavier_normal", "seed": seed, "optimizer": {"name": "sgd", "lr": o["lr"]},
           "batch_size": batch_size, "shuffle": True}
    return Experiment.model_validate(exp).model_dump(mode="json")


def updates_per_epoch(m: int, batch_size: int) -> int:
    return -(-m // batch_size)


def batch_kilobytes(batch_size: int) -> float:
    """Memory of one batch's activations in float64: BS x (2 + 8 + 1) values x 8 bytes, in kilobytes."""
    return batch_size * WIDTHS * 8 / KILOBYTE


@lru_cache(maxsize=len(SET_SIZES))
def plan(m: int) -> tuple[dict, ...]:
    """Per batch size, what is known before training: updates per epoch and the memory of one batch, read off
    runs built (not trained) with the lesson's setup. The same for every γ and seed: cached per m."""
    rows = []
    for b in batch_sizes(m):
        run = Run(Experiment.model_validate(experiment(m, b, DEFAULTS["lr"], 1)))
        rows.append({"batch_size": b, "updates_per_epoch": run.trainer.updates_per_epoch,
                     "kilobytes": run.batch_bytes() / KILOBYTE})
    return tuple(rows)


def run_config(m: int, lr: float, epochs: int, seed: int, view: str) -> dict:
    """What the page's script needs to train: the Experiment of every batch size (built here, never in the
    browser), the epochs, and where to read the measurements."""
    return {"epochs": epochs, "view": view,
            "runs": [{"batch_size": b, "experiment": experiment(m, b, lr, seed)} for b in batch_sizes(m)]}


def overfit_config(seed: int, view: str) -> dict:
    return {"updates": OVERFIT_UPDATES, "chunk": OVERFIT_CHUNK, "view": view,
            "runs": [{"batch_size": b, "experiment": overfit_experiment(b, seed)} for b in OVERFIT_SIZES]}


# ---------------------------------------------------------------- measurements of live runs

def noise(steps, curve, updates_per_epoch: int, epochs: int = NOISE_EPOCHS) -> float | None:
    """How much the batch-loss curve jumps, relative to its height: over the last `epochs` epochs, the root mean
    square of each update's batch loss minus the mean batch loss of its epoch, divided by the mean batch loss.

    steps (n,): update numbers counted from 1; curve (n,): the batch loss of each. With the full batch every epoch
    is one update, so the noise is 0; one sample per update jumps by about the loss itself. None before two
    updates, or when the curve is not finite.
    """
    s = np.asarray(steps, dtype=np.int64)
    c = np.asarray(curve, dtype=float)
    if len(s) < 2 or not np.all(np.isfinite(c)):
        return None
    epoch = (s - 1) // updates_per_epoch
    keep = epoch > epoch[-1] - epochs
    e, c = epoch[keep], c[keep]
    _, index = np.unique(e, return_inverse=True)
    means = np.bincount(index, weights=c) / np.bincount(index)
    level = float(np.mean(c))
    if level <= 0:
        return 0.0
    return float(np.sqrt(np.mean((c - means[index]) ** 2)) / level)


def measure(run: Run) -> dict:
    """One run's numbers right now: {batch_size, updates_per_epoch, kilobytes, seconds_per_update,
    seconds_per_epoch, epoch, step, loss, accuracy, val_loss, val_accuracy, noise, status, steps, curve}."""
    with run.lock:
        t = run.trainer
        upe = t.updates_per_epoch
        diverged = run.status == "diverged"
        loss, acc = run.evaluate("train") if not diverged else (float("nan"), None)
        val_loss, val_acc = run.evaluate("val") if not diverged else (float("nan"), None)
        spu = run.seconds_per_update
        out = {"batch_size": t.batch_size, "updates_per_epoch": upe, "kilobytes": run.batch_bytes() / KILOBYTE,
               "seconds_per_update": spu, "seconds_per_epoch": spu * upe if spu is not None else None,
               "epoch": t.epoch, "step": t.step, "loss": loss if math.isfinite(loss) else None, "accuracy": acc,
               "val_loss": val_loss if math.isfinite(val_loss) else None, "val_accuracy": val_acc,
               "status": run.status, "steps": list(run.curve_steps), "curve": list(run.curve_loss),
               "dataset": run.experiment.dataset.value}
    out["noise"] = noise(out["steps"], out["curve"], upe)
    return out


def is_lesson_run(run: Run) -> bool:
    """A run of this lesson's experiments (the circle set with all of it for training, or the XOR set)."""
    exp = run.experiment
    return (exp.dataset.value == "circle" and exp.val == 0 and len(exp.hidden) == 1) or \
        (exp.dataset.value == OVERFIT["dataset"] and exp.val == OVERFIT["val"])


def playground_experiment(m: int, lr: float, seed: int) -> Experiment:
    """The lesson's setup in the Playground, with a batch of 8 (the Playground trains one run at a time)."""
    return Experiment.model_validate({**experiment(m, 8, lr, seed)})


