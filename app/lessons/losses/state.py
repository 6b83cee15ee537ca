"""Lesson 10's state: per loss its target and its prediction point (the plot sweeps the prediction around them),
the probability p of the true class in "why cross-entropy", and the live comparison's learning rate and seed.

Ranges: targets and points as each loss allows them (probabilities in [0, 1], kl's q inside (0, 1), so its log is
finite; the class number 1 or 2; y of margin ranking +1 or -1) and as the plots can show them (LIM); the live
runs' γ from 0.001 (slower shows nothing in 1000 updates) to 5, and a seed up to 9999.
"""

from __future__ import annotations

from pydantic import Field

from app.lessons.contract import FieldError, LessonState

LIM = 100.0  # |x|, |y| of mse, mae and margin ranking
LOGIT = 20.0  # |z| of cross-entropy
MARGIN = 10.0  # |m| of margin ranking
LIVE_LR, LIVE_LR_MIN, LIVE_LR_MAX = 0.1, 0.001, 5.0
LIVE_SEED, LIVE_SEED_MAX = 1, 9999


def _num(default: float, lo: float, hi: float, description: str = "", **extra):
    return Field(default, ge=lo, le=hi, allow_inf_nan=False, description=description,
                 json_schema_extra=extra or None)


class LossesState(LessonState):
    mse_y: float = _num(1.0, -LIM, LIM, "mse: the target y")
    mse_x: float = _num(3.0, -LIM, LIM, "mse: the prediction x")
    mae_y: float = _num(1.0, -LIM, LIM, "mae: the target y")
    mae_x: float = _num(3.0, -LIM, LIM, "mae: the prediction x")
    bce_y: float = _num(1.0, 0.0, 1.0, "bce: the target y")
    bce_x: float = _num(0.2, 0.0, 1.0, "bce: the predicted probability x")
    ce_t: int = Field(1, ge=1, le=2, description="cross-entropy: the true class c (1 or 2)",
                      json_schema_extra={"range_key": "ls.error.class"})
    ce_z2: float = _num(0.0, -LOGIT, LOGIT, "cross-entropy: the logit z2 (fixed on the plot)")
    ce_x: float = _num(-2.0, -LOGIT, LOGIT, "cross-entropy: the logit z1")
    mr_y: int = Field(1, ge=-1, le=1, description="margin ranking: y, +1 or -1",
                      json_schema_extra={"range_key": "ls.error.sign"})
    mr_m: float = _num(1.0, -MARGIN, MARGIN, "margin ranking: the margin m")
    mr_x2: float = _num(0.0, -LIM, LIM, "margin ranking: x2 (fixed on the plot)")
    mr_x: float = _num(0.5, -LIM, LIM, "margin ranking: x1")
    kl_y: float = _num(0.3, 0.0, 1.0, "kl: the target probability y1 of class 1")
    kl_x: float = _num(0.7, 0.001, 0.999, "kl: the predicted probability q of class 1")
    wrong_p: float = _num(0.01, 0.0001, 0.9999, "why cross-entropy: the probability p of the true class")
    live_lr: float = _num(LIVE_LR, LIVE_LR_MIN, LIVE_LR_MAX, "the live runs' learning rate γ", range_key="ls.error.lr")
    live_seed: int = Field(LIVE_SEED, ge=0, le=LIVE_SEED_MAX, description="the live runs' seed",
                           json_schema_extra={"range_key": "ls.error.seed"})

    def check(self) -> list[FieldError]:
        if self.mr_y == 0:  # y is +1 or -1
            return [FieldError("mr_y", "ls.error.sign", {"min": "\u22121", "max": "1"})]
        return []


PANEL_FIELDS = {  # each loss's fields, the prediction point last
    "mse": ("mse_y", "mse_x"), "mae": ("mae_y", "mae_x"), "bce": ("bce_y", "bce_x"),
    "cross_entropy": ("ce_t", "ce_z2", "ce_x"), "margin_ranking": ("mr_y", "mr_m", "mr_x2", "mr_x"),
    "kl_div": ("kl_y", "kl_x"),
}
WRONG = ("wrong_p",)
LIVE = ("live_lr", "live_seed")
FIELDS = (*(f for fs in PANEL_FIELDS.values() for f in fs), *WRONG, *LIVE)  # every input, in the form's order
assert set(FIELDS) == set(LossesState.model_fields) and len(FIELDS) == len(set(FIELDS))
