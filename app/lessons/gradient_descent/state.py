"""Lesson 2's state: the three runs' settings (learning rate, minibatch size, seed, stream speed, shuffling) and
the hazard surface's descent (start, learning rate, momentum, steps, method). Defaults: our learning rate for the
fruit runs (the lecture gives none that works here) and the saddle demonstration."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from app import bounds
from app.lessons.contract import LessonState

from .hazard import BOX, DEFAULT
from .runs import DEFAULT_LR, DEFAULT_MB, M

MAX_HAZARD_STEPS = 500


def _coordinate(default: float):
    return Field(default, ge=-BOX, le=BOX, allow_inf_nan=False)


class GradientDescentState(LessonState):
    # The three runs
    lr: float = bounds.LR.field(DEFAULT_LR)
    mb: int = Field(DEFAULT_MB, ge=1, le=M)
    seed: int = bounds.SEED.field(1)
    speed: Literal[1, 2, 5, 10] = 1
    shuffle: bool = True
    # The hazard surface
    x0: float = _coordinate(DEFAULT["x0"])
    y0: float = _coordinate(DEFAULT["y0"])
    hlr: float = Field(DEFAULT["hlr"], gt=0.0, le=2.0, allow_inf_nan=False,
                       json_schema_extra={"range_key": "gd.err.range_open"})
    mu: float = Field(DEFAULT["mu"], ge=0.0, le=0.99, allow_inf_nan=False)
    steps: int = Field(DEFAULT["steps"], ge=1, le=MAX_HAZARD_STEPS)
    opt: Literal["sgd", "momentum"] = DEFAULT["opt"]
