"""Lesson 9's state: the gallery's parameters (the alphas of Leaky ReLU, PReLU and ELU) and its point x; the dead
neuron's weights and bias (defaults: the lecture's [0.2, -0.4, 0.1, -0.5], no bias); the live comparison's
learning rate. Ranges: the alphas as each function allows (Leaky ReLU and PReLU between 0 and 1, ELU up to 5),
the weights as the page's plots can show them."""

from __future__ import annotations

from pydantic import Field

from app import bounds as B
from app.lessons.contract import LessonState

from .maths import LECTURE_W, LIVE_LR, WEIGHT_LIMIT, X_MAX, X_MIN


def _weight(default: float):
    return Field(default, ge=-WEIGHT_LIMIT, le=WEIGHT_LIMIT, allow_inf_nan=False)


class ActivationsState(LessonState):
    leaky_alpha: float = Field(0.1, ge=0, le=1, allow_inf_nan=False, description="Leaky ReLU's alpha (the lecture's 0.1)")
    prelu_alpha: float = Field(0.25, ge=0, le=1, allow_inf_nan=False, description="PReLU's starting alpha (PyTorch's 0.25)")
    elu_alpha: float = Field(1.0, ge=0, le=5, allow_inf_nan=False, description="ELU's alpha")
    x: float = Field(-0.34, ge=X_MIN, le=X_MAX, allow_inf_nan=False, description="the gallery's point (row 1's z)")
    w1: float = _weight(LECTURE_W[0])
    w2: float = _weight(LECTURE_W[1])
    w3: float = _weight(LECTURE_W[2])
    w4: float = _weight(LECTURE_W[3])
    b: float = _weight(0.0)
    live_lr: float = B.LR.field(LIVE_LR, "the live runs' learning rate")

    @property
    def weights(self) -> list[float]:
        return [self.w1, self.w2, self.w3, self.w4]


GALLERY = ("leaky_alpha", "prelu_alpha", "elu_alpha", "x")
NEURON = ("w1", "w2", "w3", "w4", "b")
FIELDS = (*GALLERY, *NEURON, "live_lr")  # every input, in the form's order
assert set(FIELDS) == set(ActivationsState.model_fields)
