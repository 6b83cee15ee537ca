"""Lesson 4's state: the size of the training set, the learning rate, the epochs every run makes and the seed
of the starting weights (and of the shuffling). Defaults: m = 256, γ = 0.1, 20 epochs, seed 1."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from app import bounds as B
from app.lessons.contract import LessonState

from .maths import DEFAULTS, MAX_EPOCHS, SET_SIZES


class BatchSizeState(LessonState):
    m: Literal[SET_SIZES] = DEFAULTS["m"]  # type: ignore[valid-type]
    lr: float = B.LR.field(DEFAULTS["lr"])
    epochs: int = Field(DEFAULTS["epochs"], ge=1, le=MAX_EPOCHS, json_schema_extra={"range_key": "error.field.integer"})
    seed: int = B.SEED.field(DEFAULTS["seed"], json_schema_extra={"range_key": "error.field.integer"})
