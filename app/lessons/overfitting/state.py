"""Lesson 7's state: the data (samples, noise), the model (hidden layers, neurons) and the noise augmentation
(copies k, their jitter sigma) of the next run. Defaults: a setup that overfits (experiment.py)."""

from __future__ import annotations

from app import bounds as B
from app.lessons.contract import FieldError, LessonState

from . import experiment as ex


class OverfittingState(LessonState):
    n: int = ex.SAMPLES.field(ex.DEFAULT_N, "samples in the whole data set")
    noise: float = B.NOISE.field(ex.DEFAULT_NOISE, "noise of the moons")
    layers: int = ex.LAYERS.field(ex.DEFAULT_LAYERS, "hidden layers")
    units: int = B.UNITS.field(ex.DEFAULT_UNITS, "neurons per hidden layer")
    copies: int = B.AUGMENT_COPIES.field(0, "noisy copies k of each training sample")
    sigma: float = B.AUGMENT_SIGMA.field(ex.AUGMENT_SIGMA, "jitter sigma of the copies")

    def check(self) -> list[FieldError]:
        """The training rows (copies included) in one batch must fit the runs' limits."""
        rows = ex.train_rows(self)
        largest = ex.largest_batch(self)
        if rows > largest:
            return [FieldError("copies", "of.error.too_many_rows", {"rows": rows, "max": largest})]
        return []
