"""Lesson 3 (slides 14-23): the learning rate, optimizers and decay on a 2-D loss surface, plus a live run.

The surface is our own function of two weights w = (w1, w2): an elongated valley in a plain,
L = H (1 - e^(-q/H)) with q = (w1^2 + 25 w2^2)/2 (or the same turned by 45 degrees). Near the minimum L = q to
first order, so the valley is 25 times steeper along w2 than along w1; far from it L levels off at H and the
gradient vanishes, as a network's loss does when its neurons saturate. A step that lands far out therefore
stalls there, whatever the optimizer: the lecture's "too high: training stalls or oscillates".

Every update is made by nnlib's optimizers (`nnlib.optimizers.make`) on an nnlib `Parameter` holding w, and the
learning rate of update n comes from nnlib's exponential schedule, lr_n = lr_0 e^(-d n). This module has no
optimizer maths of its own: it evaluates the surface, hands the gradient to the optimizer and records the path.

Shapes: a point w is (2,); a path is (steps + 1, 2); the contour grid is (GRID_H, GRID_W).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from app.runs.experiment import Experiment
from nnlib import optimizers, schedules
from nnlib.module import Parameter

DIVERGE_LOSS = 1e8  # a path whose loss passes this (or stops being finite) has diverged: it stops there
TYPICAL = (0.001, 0.1)  # the lecture's typical learning rates (slide 15)
GRID_W, GRID_H = 81, 61
LOSS_FLOOR_LOG10 = -12  # the loss plot's lower edge
PLAIN = 40.0  # H: the height of the plain around the valley
OUT = 0.9  # a point whose loss is above OUT * PLAIN has left the valley: it stands on the plain
START = (-4.0, -1.5)  # the default start: inside the valley on both surfaces, on its gentle slope


# ---------------------------------------------------------------- the surfaces

@dataclass(frozen=True)
class Surface:
    """A loss L(w1, w2) = H (1 - e^(-q/H)) of two weights, q a quadratic: `q` takes arrays of any shape,
    `q_grad` a point (2,) -> (2,)."""

    name: str
    latex: str
    q: Callable[[np.ndarray, np.ndarray], np.ndarray]
    q_grad: Callable[[np.ndarray], np.ndarray]
    view: tuple[tuple[float, float], tuple[float, float]]  # (w1 range, w2 range) of the contour plot

    def value(self, a, b):
        """L at (a, b), arrays of any shape."""
        return PLAIN * -np.expm1(-self.q(a, b) / PLAIN)

    def gradient(self, w: np.ndarray) -> np.ndarray:
        """dL/dw = e^(-q/H) dq/dw at a point w (2,)."""
        return np.exp(-self.q(w[0], w[1]) / PLAIN) * self.q_grad(w)


def _latex(q: str) -> str:
    return rf"L = 40\left(1 - e^{{-q/40}}\right),\quad q = {q}"


# The elongated valley: curvature 1 along w1 and 25 along w2 at the minimum L = 0 at (0, 0). SGD is stable there
# for lr < 2/25 = 0.08 (the steep direction), yet slow along w1 for small lr: the lecture's dilemma in one picture.
BOWL = Surface(
    "bowl", _latex(r"\tfrac{1}{2}\left(w_1^2 + 25\, w_2^2\right)"),
    lambda a, b: 0.5 * (a * a + 25.0 * b * b),
    lambda w: np.array([w[0], 25.0 * w[1]]),
    ((-5.0, 5.0), (-3.0, 3.0)),
)
# The same valley turned by 45 degrees: (w1 + w2)/sqrt2 and (w1 - w2)/sqrt2 are its axes. The curvatures are the
# same (1 and 25), but no longer along w1 and w2, so per-weight step sizes (Adagrad, RMSprop, Adam) help less.
TILTED = Surface(
    "tilted", _latex(r"6.5\, w_1^2 - 12\, w_1 w_2 + 6.5\, w_2^2"),
    lambda a, b: 6.5 * a * a - 12.0 * a * b + 6.5 * b * b,
    lambda w: np.array([13.0 * w[0] - 12.0 * w[1], 13.0 * w[1] - 12.0 * w[0]]),
    ((-5.0, 5.0), (-3.0, 3.0)),
)
SURFACES: dict[str, Surface] = {s.name: s for s in (BOWL, TILTED)}

# The five optimizers of the lesson, in the order shown; each gets its own learning rate.
OPTIMIZERS: tuple[str, ...] = ("sgd", "momentum", "adagrad", "rmsprop", "adam")
COLORS = {"sgd": "#0b5394", "momentum": "#b45f06", "adagrad": "#38761d", "rmsprop": "#741b47", "adam": "#cc0000"}

# Learning rates per preset, chosen on both surfaces from START in PRESET_STEPS steps (mu = 0.9) so that, for every
# optimizer, the final loss is ordered as the presets are named (tests/lessons/learning_rate/test_claims.py):
# low: every path crawls; good: every path ends near the minimum; high: SGD and RMSprop keep jumping across the
# valley (SGD is past its limit 2/25 = 0.08 there and bounces where the valley flattens), momentum, Adagrad and
# Adam are thrown out of the valley onto the plain and stall; diverge: everyone lands on the plain.
PRESETS: dict[str, dict[str, float]] = {
    "low": {"sgd": 0.001, "momentum": 0.001, "adagrad": 0.05, "rmsprop": 0.003, "adam": 0.01},
    "good": {"sgd": 0.04, "momentum": 0.01, "adagrad": 1.0, "rmsprop": 0.05, "adam": 0.3},
    "high": {"sgd": 0.15, "momentum": 0.2, "adagrad": 8.0, "rmsprop": 0.3, "adam": 6.0},
    "diverge": {"sgd": 1.0, "momentum": 1.0, "adagrad": 10.0, "rmsprop": 3.0, "adam": 10.0},
}
PRESET_STEPS = 100  # a preset also sets the number of steps (the presets' order holds at this count)
DEFAULT_PRESET = "good"
DEFAULT_MU = 0.9

LIVE_MAX_UPDATES = 5000
LIVE_MAX_BATCH = 120  # the live run's training set: 120 of the 200 circle points


# ---------------------------------------------------------------- the paths

@dataclass(frozen=True)
class Path:
    """One optimizer's way down the surface: points w(0..k), L(w(n)), the lr used at update n, and where it
    stopped if it diverged. For momentum also the velocity v(n) after each update (the lecture's v)."""

    name: str
    lr0: float
    points: tuple[tuple[float, float], ...]  # w(0), w(1), ... (finite, |L| <= DIVERGE_LOSS)
    losses: tuple[float, ...]  # L(w(n)) for each point
    lrs: tuple[float, ...]  # lr of update n = 1, 2, ... (lr_{n-1} of the schedule)
    grads: tuple[tuple[float, float], ...]  # dL/dw at w(n-1), used by update n
    velocity: tuple[tuple[float, float], ...]  # v(n) after update n (momentum only)
    diverged_at: int | None = None  # the update after which the loss passed DIVERGE_LOSS or stopped being finite

    @property
    def final_loss(self) -> float:
        return self.losses[-1]

    @property
    def min_loss(self) -> float:
        return min(self.losses)

    @property
    def out_at(self) -> int | None:
        """The update after which the point stood on the plain (L > OUT * PLAIN) for good, if it ends there."""
        if self.final_loss <= OUT * PLAIN:
            return None
        n = len(self.losses) - 1
        while n > 0 and self.losses[n - 1] > OUT * PLAIN:
            n -= 1
        return n

    @property
    def sign_changes(self) -> int:
        """How often w2 changes sign along the path: jumps across the valley's floor (w2 = 0)."""
        w2 = [p[1] for p in self.points]
        return sum(1 for a, b in zip(w2, w2[1:], strict=False) if a * b < 0)

    @property
    def rises(self) -> int:
        """How many updates raise the loss (by more than 1 %): a loss curve that is not monotone."""
        return sum(1 for a, b in zip(self.losses, self.losses[1:], strict=False) if b > a * 1.01)


@lru_cache(maxsize=512)
def descend(surface: str, name: str, start: tuple[float, float], lr0: float, steps: int,
            decay: float = 0.0, mu: float = DEFAULT_MU) -> Path:
    """Run nnlib's optimizer `name` for `steps` updates from `start` on SURFACES[surface];
    lr_n = lr0 e^(-decay n) (nnlib's schedule). Cached: a path depends only on these arguments.

    Stops early at divergence: the first update whose loss is non-finite or above DIVERGE_LOSS is recorded in
    `diverged_at`, and its point is not kept (so nothing non-finite ever reaches the page).
    """
    surf = SURFACES[surface]
    w = Parameter(np.array(start, dtype=np.float64), "w")
    kw = {"momentum": mu} if name == "momentum" else {}
    opt = optimizers.make(name, [w], lr0, **kw)
    schedule = schedules.make("exponential", lr0, decay=decay)
    points, losses = [(float(start[0]), float(start[1]))], [float(surf.value(w.data[0], w.data[1]))]
    lrs: list[float] = []
    grads: list[tuple[float, float]] = []
    velocity: list[tuple[float, float]] = []
    diverged_at = None
    for n in range(steps):
        opt.zero_grad()
        grad = surf.gradient(w.data)
        w.grad = grad
        opt.lr = schedule(n)
        with np.errstate(all="ignore"):
            opt.step()
            loss = float(surf.value(w.data[0], w.data[1]))
        if not (math.isfinite(loss) and loss <= DIVERGE_LOSS and np.all(np.isfinite(w.data))):
            diverged_at = n + 1
            break
        points.append((float(w.data[0]), float(w.data[1])))
        losses.append(loss)
        lrs.append(float(opt.lr))
        grads.append((float(grad[0]), float(grad[1])))
        if name == "momentum":
            v = opt.state["velocity"][0]
            velocity.append((float(v[0]), float(v[1])))
    return Path(name, lr0, tuple(points), tuple(losses), tuple(lrs), tuple(grads), tuple(velocity), diverged_at)


def paths(state) -> dict[str, Path]:
    """Every optimizer's path for a lesson state (its surface, start, steps, decay, mu and learning rates)."""
    start = (state.w1, state.w2)
    return {name: descend(state.surface, name, start, getattr(state, f"lr_{name}"), state.steps, state.decay,
                          state.mu) for name in OPTIMIZERS}


def lr_curve(lr0: float, decay: float, steps: int) -> list[float]:
    """lr_n = lr_0 e^(-d n) for n = 0..steps-1, from nnlib's schedule (also where a path stopped early)."""
    s = schedules.make("exponential", lr0, decay=decay)
    return [s(n) for n in range(steps)]


@lru_cache(maxsize=4)
def contour_grid(surface: str) -> dict:
    """log10 L on a GRID_H x GRID_W grid over the surface's view (L + 1e-3, so the minimum's 0 stays finite)."""
    surf = SURFACES[surface]
    (x0, x1), (y0, y1) = surf.view
    xs, ys = np.linspace(x0, x1, GRID_W), np.linspace(y0, y1, GRID_H)
    a, b = np.meshgrid(xs, ys)
    z = np.log10(surf.value(a, b) + 1e-3)
    return {"x": xs.round(6).tolist(), "y": ys.round(6).tolist(), "z": z.round(4).tolist()}


# ---------------------------------------------------------------- the live run

def live_experiment(state) -> Experiment:
    """The live run: a 2-6-6-1 tanh network on the circle set, minibatch SGD with the chosen lr and batch."""
    return Experiment.model_validate({
        "dataset": "circle", "n": 200, "noise": 0.1, "data_seed": 1, "val": 0.2, "test": 0.2,
        "hidden": [{"units": 6, "activation": "tanh"}, {"units": 6, "activation": "tanh"}],
        "loss": "bce", "init": "xavier_normal", "seed": 1,
        "optimizer": {"name": "sgd", "lr": state.live_lr},
        "schedule": {"name": "exponential" if state.live_decay > 0 else "constant", "decay": state.live_decay},
        "batch_size": int(state.live_batch),
    })


def live_config(state) -> dict:
    """What the page's script needs to start the live run: the Experiment JSON and when to stop."""
    return {"experiment": live_experiment(state).model_dump(mode="json"), "updates": int(state.live_updates),
            "speed": 5}
