"""Lesson 4's claims, each run on the lesson's own experiments (app.lessons.batch_size.maths, the page's defaults:
m = 256, γ = 0.1, 20 epochs) over five seeds, and asserted with a margin. Training goes through app.runs.Run, the
code /api/v1/runs/{id}/step runs; the numbers are maths.measure's, the ones the page shows.

Each test's docstring names the catalog key of the sentence it checks."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest

from app.lessons.batch_size import PAGE
from app.lessons.batch_size import maths as bs
from app.runs.experiment import Experiment
from app.runs.run import Run

SEEDS = (1, 2, 3, 4, 5)
DEFAULT = PAGE.State()  # the page's defaults


def params(run: Run) -> np.ndarray:
    return np.concatenate([p.data.ravel() for p in run.model.parameters()])


@lru_cache(maxsize=None)
def trained(m: int, seed: int) -> tuple[dict, ...]:
    """Every batch size of the page's experiment 1 for `m` and `seed`, trained DEFAULT.epochs epochs as the
    page's script does (one epoch of each run in turn); per run the page's measurements and how far its
    parameters moved from the starting ones."""
    rows = []
    for b in bs.batch_sizes(m):
        run = Run(Experiment.model_validate(bs.experiment(m, b, DEFAULT.lr, seed)))
        start = params(run)
        for _ in range(DEFAULT.epochs):
            run.train(run.trainer.updates_per_epoch)
        rows.append({**bs.measure(run), "moved": float(np.linalg.norm(params(run) - start))})
    return tuple(rows)


def by_size(m: int, seed: int) -> dict[int, dict]:
    return {r["batch_size"]: r for r in trained(m, seed)}


@lru_cache(maxsize=None)
def overfit(seed: int) -> dict[int, dict]:
    """Experiment 2 as the page runs it: both runs, OVERFIT_UPDATES updates in chunks of OVERFIT_CHUNK."""
    out = {}
    for b in bs.OVERFIT_SIZES:
        run = Run(Experiment.model_validate(bs.overfit_experiment(b, seed)))
        for _ in range(bs.OVERFIT_UPDATES // bs.OVERFIT_CHUNK):
            run.train(bs.OVERFIT_CHUNK)
        out[b] = bs.measure(run)
    return out


def test_the_page_defaults_are_the_ones_tested():
    assert (DEFAULT.m, DEFAULT.lr, DEFAULT.epochs) == (256, 0.1, 20)


@pytest.mark.parametrize("m", bs.SET_SIZES)
def test_full_batch_makes_one_update_an_epoch_and_its_memory_grows_with_m(m):
    """bs.fact.full: the full batch makes one update per epoch, and its memory grows with the number of samples."""
    full = bs.plan(m)[-1]
    one = bs.plan(m)[0]
    assert full["batch_size"] == m and full["updates_per_epoch"] == 1
    assert full["kilobytes"] == pytest.approx(m * one["kilobytes"])


def test_every_batch_size_starts_from_the_same_weights():
    """bs.exp.text: the same γ and the same starting weights for every size."""
    runs = [Run(Experiment.model_validate(e["experiment"])) for e in
            bs.run_config(DEFAULT.m, DEFAULT.lr, DEFAULT.epochs, DEFAULT.seed, "")["runs"]]
    first = params(runs[0])
    for run in runs[1:]:
        assert np.array_equal(params(run), first)
        assert run.experiment.optimizer == runs[0].experiment.optimizer


@pytest.mark.parametrize("m", bs.SET_SIZES)
def test_memory_grows_linearly_with_the_batch_size_and_stays_in_kilobytes(m):
    """bs.fact.large (more memory), bs.read.memory: memory grows linearly with BS; here it is kilobytes."""
    rows = bs.plan(m)
    per_sample = rows[0]["kilobytes"]
    for r in rows:
        assert r["kilobytes"] == pytest.approx(r["batch_size"] * per_sample)
    assert 0.01 < per_sample and rows[-1]["kilobytes"] < 1000


@pytest.mark.parametrize("m", bs.SET_SIZES)
def test_small_batches_make_more_updates_per_epoch(m):
    """bs.fact.small (more updates per epoch), bs.read.updates: BS = 1 makes m updates an epoch, the full batch
    one, and every halving of BS doubles them."""
    upe = [r["updates_per_epoch"] for r in bs.plan(m)]
    assert upe[0] == m and upe[-1] == 1
    assert all(a == 2 * b for a, b in zip(upe, upe[1:]))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("m", [256, 32])
def test_noise_falls_with_every_doubling_and_is_zero_for_the_full_batch(m, seed):
    """bs.read.noise, bs.fact.large (less noise), bs.fact.noise (a small batch makes the curve jump): σ falls by
    at least a fifth with every doubling of BS; BS = 1 jumps by more than half the loss; the full batch σ = 0."""
    noise = [r["noise"] for r in trained(m, seed)]
    assert noise[0] > 0.5
    for a, b in zip(noise[:-2], noise[1:-1]):
        assert a > 1.2 * b, noise
    assert noise[-1] == 0 and noise[-2] > 0.001


@pytest.mark.parametrize("seed", SEEDS)
def test_after_the_same_epochs_small_batches_have_a_lower_loss_and_moved_further(seed):
    """bs.read.updates, bs.fact.small (faster change of the weights): after 20 epochs every BS from 1 to 8 has a
    lower loss than every BS from 64 up, and has moved further from the starting weights."""
    rows = by_size(DEFAULT.m, seed)
    small, large = [rows[b] for b in (1, 2, 4, 8)], [rows[b] for b in (64, 128, 256)]
    assert max(r["loss"] for r in small) < min(r["loss"] for r in large) - 0.1
    assert min(r["moved"] for r in small) > 1.5 * max(r["moved"] for r in large)


def test_an_epoch_of_small_batches_takes_longer():
    """bs.read.time: with a small BS the overhead repeats m times per epoch, so an epoch takes longer than with
    a large BS. Timed as the page times it (the run's last chunk: one epoch), the best of three epochs."""
    def epoch_seconds(b: int) -> float:
        run = Run(Experiment.model_validate(bs.experiment(DEFAULT.m, b, DEFAULT.lr, 1)))
        best = float("inf")
        for _ in range(3):
            run.train(run.trainer.updates_per_epoch)
            best = min(best, bs.measure(run)["seconds_per_epoch"])
        return best

    assert epoch_seconds(1) > 5 * epoch_seconds(DEFAULT.m)
    assert epoch_seconds(8) > 2 * epoch_seconds(DEFAULT.m)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_noise_of_bs_1_protects_against_overfitting(seed):
    """bs.of.read, bs.fact.noise (the noise can protect against overfitting): after the same number of updates
    the full batch has the lower training loss but a validation loss clearly above it; with BS = 1 the gap
    between validation and training loss is clearly smaller."""
    small, full = overfit(seed)[1], overfit(seed)[bs.OVERFIT_TRAIN]
    gap_small, gap_full = small["val_loss"] - small["loss"], full["val_loss"] - full["loss"]
    assert full["loss"] < small["loss"] - 0.03
    assert gap_full > 0.03
    assert gap_full > gap_small + 0.03
