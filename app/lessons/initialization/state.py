"""Lesson 5's state: the two chains (weight and bias of each, the input, the depth), the deep network (hidden
layers, units per layer, initializer, activation, seed), the live training (learning rate, data scaling), and
what the page's script may ask of one run besides (run_seed, run_scaling: sections 5 and 6). Defaults: the
lecture's chains (slide 27) and its example initializer N(0, 0.01)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from app import bounds as B
from app.lessons.contract import LessonState

from .maths import ACTIVATIONS, INITS, SCALINGS, SEED_MAX

INTEGER = {"range_key": "error.field.integer"}
Init = Literal[tuple(INITS)]  # type: ignore[valid-type]
Activation = Literal[ACTIVATIONS]  # type: ignore[valid-type]
Scaling = Literal[SCALINGS]  # type: ignore[valid-type]
CHAIN_FIELDS = ("w_a", "b_a", "w_b", "b_b", "x", "depth")
DEEP_FIELDS = ("layers", "width", "init", "act", "seed")
LIVE_FIELDS = ("lr", "scaling")
RUN_FIELDS = ("run_seed", "run_scaling")


def _weight(default: float):
    return Field(default, ge=-100, le=100, allow_inf_nan=False)


def _offset(default: float):
    return Field(default, ge=-1000, le=1000, allow_inf_nan=False)


class InitState(LessonState):
    w_a: float = _weight(20.0)
    b_a: float = _offset(-10.0)
    w_b: float = _weight(0.2)
    b_b: float = _offset(0.0)
    x: float = _offset(1.0)
    depth: int = Field(4, ge=1, le=20, json_schema_extra=INTEGER)
    layers: int = Field(10, ge=2, le=int(B.HIDDEN_LAYERS.hi), json_schema_extra=INTEGER)
    width: int = Field(32, ge=2, le=int(B.UNITS.hi), json_schema_extra=INTEGER)
    init: Init = "normal_001"
    act: Activation = "tanh"
    seed: int = B.SEED.field(1, json_schema_extra=INTEGER)
    lr: float = B.LR.field(0.05)
    scaling: Scaling = "standard"
    run_seed: int | None = Field(None, ge=0, le=SEED_MAX, json_schema_extra=INTEGER)
    run_scaling: Scaling | None = None

    def text(self, name: str) -> str:
        return "" if getattr(self, name) is None else super().text(name)

    def query(self) -> list[tuple[str, str]]:
        """The page's fields (a link reads on its own); a run's own seed or scaling only when asked for."""
        return [(name, self.text(name)) for name in type(self).model_fields
                if name not in RUN_FIELDS or getattr(self, name) is not None]
