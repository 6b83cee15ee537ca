"""Lesson 7 (slides 33-38): training, validation and test sets; overfitting; noise augmentation.

A setup that overfits: noisy "moons" and a network with far more parameters than training samples. The learner
sets the data size, the noise, the model size and the augmentation (k noisy copies of each training sample with
jitter sigma), trains a live run (app/runs) and sees the training and validation losses, the best epoch (lowest
validation loss: where early stopping would stop) and the generalization gap (validation minus training loss).
The test set is evaluated once, at the end, through POST /api/v1/runs/{id}/test; its size is shown beside the
result, with a warning when it is too small to mean much (TEST_WARN).

Every update uses the whole training set (batch = training-set size, copies included), so one update is one
epoch and the training curve is the loss on the whole training set.

Why these numbers: the validation and the test set are 30 % of the data each, so that at the default 400 samples
each has 120 points and the test result tells the truth (a 16-point test set of an overfit model once showed
100 % accuracy); 160 training samples against 2 241 parameters and noise 0.4 still overfit clearly within
MAX_UPDATES epochs. tests/lessons/overfitting/test_claims.py checks what the page says about this setup.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app import bounds as B
from app.formatting import percent
from app.runs import curves as rc
from app.runs.build import MAX_BATCH_VALUES
from app.runs.experiment import Experiment
from app.runs.run import Run

SAMPLES = B.Bound(20, 400, integer=True)  # samples in the whole data set (training 40 %, validation and test 30 %)
LAYERS = B.Bound(1, 4, integer=True)  # hidden layers
DEFAULT_N, DEFAULT_NOISE, DEFAULT_LAYERS, DEFAULT_UNITS = 400, 0.4, 3, 32
AUGMENT_COPIES, AUGMENT_SIGMA = 10, 0.5  # the augmentation preset: copies k and their jitter sigma
WEAK_COPIES, WEAK_SIGMA = 5, 0.1  # the page's example of copies that barely help (sigma far below the noise)
SMALL_LAYERS, SMALL_UNITS = 1, 4  # the page's example of a network too small to overfit
VAL, TEST = 0.3, 0.3  # fractions of the data set held out: validation and test
LR = 0.005  # Adam's learning rate
MAX_UPDATES = 1500  # the page stops training here
CHUNK = 20  # updates per request while training
TEST_WARN = 50  # a test set with fewer points gets a warning: its result depends too much on chance
SEED = 1  # the page's seed of the data, its split and the initial weights (the claims tests vary it)


def split_sizes(n: int) -> tuple[int, int, int]:
    """(training, validation, test) rows of an n-sample set, as nnlib.data.split cuts them (halves round up)."""
    val, test = math.floor(VAL * n + 0.5), math.floor(TEST * n + 0.5)
    return n - val - test, val, test


def train_rows(s) -> int:
    """Rows the network trains on in one batch: the training set and its copies."""
    return split_sizes(s.n)[0] * (1 + s.copies)


def largest_batch(s) -> int:
    """The most rows one batch of this network may have (app.runs.build's limits on a batch)."""
    return min(int(B.BATCH.hi), MAX_BATCH_VALUES // (2 + s.layers * s.units + 1))


def experiment(s, seed: int = SEED) -> Experiment:
    """The run for the state `s` (OverfittingState): moons, ReLU layers, Adam, full batch (copies included)."""
    return Experiment.model_validate({
        "dataset": "moons", "n": s.n, "noise": s.noise, "data_seed": seed, "val": VAL, "test": TEST,
        "hidden": [{"units": s.units, "activation": "relu"}] * s.layers,
        "init": "he_normal", "seed": seed, "optimizer": {"name": "adam", "lr": LR},
        "batch_size": train_rows(s), "shuffle": False,
        "augment_copies": s.copies, "augment_sigma": s.sigma,
    })


def trained(s, seed: int = SEED, updates: int = MAX_UPDATES) -> Run:
    """The run of the state `s` trained as the page trains it: CHUNK updates per request, the validation loss
    recorded after each, up to `updates` (the page's end). What the claims tests run."""
    run = Run(experiment(s, seed))
    while run.trainer.step < updates and run.train(min(CHUNK, updates - run.trainer.step)):
        pass
    return run


def parameter_count(layers: int, units: int, inputs: int = 2, outputs: int = 1) -> int:
    """Weights and biases of a dense network inputs -> units x layers -> outputs."""
    sizes = [inputs, *([units] * layers), outputs]
    return sum(a * b + b for a, b in zip(sizes, sizes[1:]))


@dataclass(frozen=True)
class Setup:
    """What the next run amounts to: the split, the parameters per training sample, the rows with copies."""

    train: int
    val: int
    test: int
    params: int
    rows: int

    @property
    def per_sample(self) -> float:
        return round(self.params / self.train, 1)

    @property
    def small_test(self) -> bool:
        return self.test < TEST_WARN


def setup(s) -> Setup:
    train, val, test = split_sizes(s.n)
    return Setup(train, val, test, parameter_count(s.layers, s.units), train_rows(s))


# ---------------------------------------------------------------- the view of a run

def test_view(run: Run, c: rc.Curves, t) -> dict:
    """The one test evaluation, if done: its numbers beside the validation loss of the same weights (None where
    not finite), the test set's size, and a warning when that size is too small to mean much."""
    with run.lock:
        tested = run.tested
        size = len(run.parts["test"][0])
    if not tested:
        return {"done": False, "size": size, "text": "", "warning": ""}
    acc = tested.get("test_acc")
    val = dict(zip(c.val_steps, c.val)).get(tested["step"])
    text = t("of.test.result", step=tested["step"], size=size, loss=rc.fmt(tested["test_loss"]),
             acc="–" if acc is None else percent(acc))
    warning = t("of.test.small", size=size, min=TEST_WARN, point=percent(1 / size)) if size < TEST_WARN else ""
    return {"done": True, "size": size, "text": text, "warning": warning, "step": tested["step"],
            "loss": tested["test_loss"], "acc": acc, "val_loss": val}


def payload(run: Run, t, compare: Run | None = None) -> dict:
    """What the page's script shows after each chunk: step, losses, best epoch, gap, the test result, the plot."""
    c = rc.curves(run)
    prev = rc.curves(compare) if compare is not None else None
    best = c.best
    test = test_view(run, c, t)
    with run.lock:
        accs = {name: (percent(acc[-1]) or "–") if len(acc) else "–" for name, acc in
                (("train_acc", run.train_acc), ("val_acc", run.val_acc))}
    return {
        "step": run.trainer.step,
        "text": {"train": rc.fmt(c.train[-1] if c.train else None), "val": rc.fmt(c.val[-1] if c.val else None),
                 "gap": rc.fmt(c.gap), **accs, "best_step": "–" if best is None else str(best[0]),
                 "best_val": rc.fmt(None if best is None else best[1]),
                 "prev_gap": rc.fmt(prev.gap) if prev else "–", "tested": test["text"],
                 "test_warning": test["warning"]},
        "test": test,
        "plot": rc.curves_plot(c, t, prev),
    }


def empty_plot(t) -> dict:
    """The curves before any run: axes and title only."""
    return rc.curves_plot(rc.EMPTY, t)

