"""Lesson 3's state: the surface, the start and number of steps, the decay, mu, each optimizer's learning rate,
and the live run's settings. Defaults: the "good" preset from the valley's default start."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from app import bounds
from app.lessons.contract import LessonState

from .maths import DEFAULT_MU, DEFAULT_PRESET, LIVE_MAX_BATCH, LIVE_MAX_UPDATES, PRESETS, START

LR_KEY = {"range_key": "lr.error.lr"}
INT_KEY = {"range_key": "lr.error.int_range"}
MAX_STEPS = 1000
GOOD = PRESETS[DEFAULT_PRESET]


def _lr(default: float):
    return bounds.LR.field(default, json_schema_extra=LR_KEY)


class LearningRateState(LessonState):
    surface: Literal["bowl", "tilted"] = "bowl"
    w1: float = Field(START[0], ge=-5.0, le=5.0, allow_inf_nan=False)
    w2: float = Field(START[1], ge=-3.0, le=3.0, allow_inf_nan=False)
    steps: int = Field(100, ge=1, le=MAX_STEPS, json_schema_extra=INT_KEY)
    decay: float = bounds.DECAY.field(0.0)
    mu: float = bounds.MOMENTUM.field(DEFAULT_MU, json_schema_extra={"range_key": "lr.error.mu"})
    lr_sgd: float = _lr(GOOD["sgd"])
    lr_momentum: float = _lr(GOOD["momentum"])
    lr_adagrad: float = _lr(GOOD["adagrad"])
    lr_rmsprop: float = _lr(GOOD["rmsprop"])
    lr_adam: float = _lr(GOOD["adam"])
    # The live run: a small network on the "circle" set, trained with minibatch SGD.
    live_lr: float = _lr(0.5)
    live_batch: int = Field(2, ge=1, le=LIVE_MAX_BATCH, json_schema_extra=INT_KEY)
    live_decay: float = bounds.DECAY.field(0.0)
    live_updates: int = Field(1000, ge=50, le=LIVE_MAX_UPDATES, json_schema_extra=INT_KEY)
    # Which preset the "preset" action applies (?action=preset&preset=high); not part of a state's URL.
    preset: Literal["", "low", "good", "high", "diverge"] = ""

    def query(self) -> list[tuple[str, str]]:
        return [(name, self.text(name)) for name in type(self).model_fields if name != "preset"]
