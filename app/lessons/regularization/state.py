"""Lesson 6's state: the regularization of the next run (penalty kind and lambda, dropout p, batch normalization),
its data size and width, and the train/eval-mode demonstration (dropout p, input x, which masks are drawn).
Defaults: experiment.py's setup without regularization."""

from __future__ import annotations

from typing import Literal

from app import bounds as B
from app.lessons.contract import LessonState

from . import demo
from . import experiment as ex


class RegularizationState(LessonState):
    reg: Literal["none", "l1", "l2"] = "none"
    lam: float = ex.LAMBDA.field(ex.DEFAULT_LAMBDA, "lambda of the penalty")
    dropout: float = B.DROPOUT.field(0.0, "dropout p after each hidden layer")
    bn: bool = False
    n: int = ex.SAMPLES.field(ex.DEFAULT_N, "samples in the whole data set")
    units: int = B.UNITS.field(ex.DEFAULT_UNITS, "neurons per hidden layer")
    demo_p: float = B.DROPOUT.field(0.5, "dropout p of the train/eval demonstration")
    x: float = demo.X.field(4.0, "the demonstration's input (the lecture's sample x = 4)")
    draw: int = demo.DRAWS.field(0, "which random masks the demonstration draws")
