"""Learning-rate schedules: functions of n, the number of updates done so far.

constant: lr_n = lr_0;  exponential: lr_n = lr_0 e^(-d n) (the lecture's annealing);
step: lr_n = lr_0 gamma^floor(n / step_size).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Constant:
    lr0: float

    def __call__(self, n: int) -> float:
        return self.lr0


@dataclass(frozen=True)
class Exponential:
    lr0: float
    decay: float = 0.001

    def __post_init__(self):
        if not (math.isfinite(self.decay) and self.decay >= 0):
            raise ValueError(f"decay must be a finite number >= 0, got {self.decay}")

    def __call__(self, n: int) -> float:
        return self.lr0 * math.exp(-self.decay * n)


@dataclass(frozen=True)
class Step:
    lr0: float
    step_size: int = 100
    gamma: float = 0.5

    def __post_init__(self):
        if self.step_size < 1:
            raise ValueError(f"step_size must be >= 1, got {self.step_size}")
        if not 0 < self.gamma <= 1:
            raise ValueError(f"gamma must be in (0, 1], got {self.gamma}")

    def __call__(self, n: int) -> float:
        return self.lr0 * self.gamma ** (n // self.step_size)


SCHEDULES: dict[str, Callable[..., Callable[[int], float]]] = {
    "constant": Constant,
    "exponential": Exponential,
    "step": Step,
}


def make(name: str, lr0: float, **kw) -> Callable[[int], float]:
    if name not in SCHEDULES:
        raise ValueError(f"unknown schedule {name!r}; known: {', '.join(SCHEDULES)}")
    return SCHEDULES[name](lr0, **kw)
