"""Lesson 2's hazard surface (slides 12-13): a function of two weights with a global minimum, a local minimum
and a saddle point, gradient descent on it by nnlib's optimizers, and its plots.

f(w1, w2) = (w1^2 - 1)^2 + a w1 + w2^2; a point w is (2,), a path (steps + 1, 2), the contour grid (81, 81).
Where a descent ends is judged by region: a point below the saddle's height on the saddle's left lies in the
global minimum's valley (it cannot leave it without climbing), on its right in the local minimum's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from app.plots import CONFIG, WHITE, font
from nnlib import optimizers
from nnlib.module import Parameter

# Message keys written out (not built from parts), so the catalog check sees every key in use.
CP_KEYS = {"global": "gd.hz.cp.global", "saddle": "gd.hz.cp.saddle", "local": "gd.hz.cp.local"}
OUTCOME_KEYS = {"global": "gd.hz.outcome.global", "local": "gd.hz.outcome.local",
                "saddle": "gd.hz.outcome.saddle", "moving": "gd.hz.outcome.moving",
                "diverged": "gd.hz.outcome.diverged"}
OPT_KEYS = {"sgd": "gd.opt.sgd", "momentum": "gd.opt.momentum"}
OPTS = ("sgd", "momentum")
HAZARD_A = 0.3  # tilt: makes the left well the global minimum and the right one a local minimum
BOX = 2.0  # the plotted square [-BOX, BOX]^2; a start must lie inside it
ESCAPE = 1e3  # a trajectory beyond this |w| has diverged
# The page's default descent: plain gradient descent from just right of the saddle. The momentum preset: from the
# top right corner, momentum carries the point over the hump into the global valley (so does every start with
# w1 from 1.55 to 2; tests/lessons/gradient_descent/test_claims.py).
DEFAULT = {"x0": 0.08, "y0": 1.8, "hlr": 0.05, "mu": 0.9, "steps": 60, "opt": "sgd"}
MOMENTUM = {"x0": 1.8, "y0": 1.8, "hlr": 0.02, "mu": 0.9, "steps": 100, "opt": "momentum"}


def surface(w1, w2):
    """f(w1, w2) = (w1^2 - 1)^2 + a*w1 + w2^2 (a = HAZARD_A); works elementwise on arrays."""
    return (w1 * w1 - 1.0) ** 2 + HAZARD_A * w1 + w2 * w2


def surface_grad(w: np.ndarray) -> np.ndarray:
    """grad f = (4 w1 (w1^2 - 1) + a, 2 w2); w (2,) -> (2,)."""
    return np.array([4.0 * w[0] * (w[0] * w[0] - 1.0) + HAZARD_A, 2.0 * w[1]])


@lru_cache(maxsize=1)
def critical_points() -> dict[str, tuple[float, float]]:
    """Where grad f = 0: w2 = 0 and w1 a root of 4 w1^3 - 4 w1 + a. The outer roots are minima (f'' > 0),
    the middle one a saddle (f'' < 0 along w1, > 0 along w2); the left minimum is lower (a > 0)."""
    roots = sorted(float(r.real) for r in np.roots([4.0, 0.0, -4.0, HAZARD_A]))
    return {"global": (roots[0], 0.0), "saddle": (roots[1], 0.0), "local": (roots[2], 0.0)}


@dataclass
class Descent:
    path: np.ndarray  # (steps + 1, 2) weights from the start on (cut at divergence)
    f: list[float]  # f along the path
    grad_norm: list[float]  # |grad f| along the path
    outcome: str  # global | local | saddle | moving | diverged
    end: tuple[float, float]


@lru_cache(maxsize=256)
def descend(x0: float, y0: float, opt: str, lr: float, mu: float, steps: int) -> Descent:
    """Gradient descent on f from (x0, y0): nnlib's optimizer ("sgd" or "momentum") on one Parameter (2,).
    Cached (the result is only read)."""
    w = Parameter(np.array([x0, y0]), "w")
    kw = {"momentum": mu} if opt == "momentum" else {}
    optimizer = optimizers.make(opt, [w], lr, **kw)
    path = [w.data.copy()]
    diverged = False
    for _ in range(steps):
        with np.errstate(all="ignore"):
            w.grad = surface_grad(w.data)
            optimizer.step()
        if not (np.all(np.isfinite(w.data)) and np.max(np.abs(w.data)) < ESCAPE):
            diverged = True
            break
        path.append(w.data.copy())
    p = np.array(path)
    f = surface(p[:, 0], p[:, 1])
    g = np.array([np.linalg.norm(surface_grad(q)) for q in p])
    end = (float(p[-1, 0]), float(p[-1, 1]))
    return Descent(p, f.tolist(), g.tolist(), "diverged" if diverged else classify(p[-1], g[-1]), end)


def classify(w: np.ndarray, grad_norm: float, tol: float = 0.05) -> str:
    """Where a point w (2,) lies: on the saddle (within tol, with a small gradient); in the global or the local
    minimum's valley (below the saddle's height, left or right of it: to leave, it would have to climb);
    else still moving over the slopes."""
    s = critical_points()["saddle"]
    if math.dist(w, s) < tol and grad_norm < 0.1:
        return "saddle"
    if surface(w[0], w[1]) < surface(*s):
        return "global" if w[0] < s[0] else "local"
    return "moving"


GRID = np.linspace(-BOX, BOX, 81).round(6)  # round: a click on the contour reads clean numbers (0.85)


@lru_cache(maxsize=1)
def _contour() -> list[list[float]]:
    """f on the GRID x GRID grid, rows along w2 (fixed: computed once)."""
    return np.round(surface(GRID[None, :], GRID[:, None]), 3).tolist()


def plots(d: Descent, t) -> dict[str, dict]:
    """The surface (contours) with the path and the critical points; f and |grad f| against the step."""
    p = d.path
    z = _contour()
    grid = GRID.tolist()
    cps = critical_points()
    font_ = font(15)
    surf = {
        "data": [
            # A heatmap under contour lines: the same picture as one contour trace coloured as a heatmap, drawn
            # in a third of the time (lines from every other grid point), so an edit redraws fast.
            {"type": "heatmap", "x": grid, "y": grid, "z": z, "colorscale": "Viridis", "reversescale": True,
             "colorbar": {"title": {"text": "f(w)"}}, "hoverinfo": "x+y+z", "name": "f"},
            {"type": "contour", "x": grid[::2], "y": grid[::2], "z": [row[::2] for row in z[::2]], "ncontours": 20,
             "showscale": False,
             "contours": {"coloring": "none"}, "line": {"color": "rgba(17, 17, 17, 0.45)", "width": 1},
             "hoverinfo": "skip", "name": "f"},
            {"type": "scatter", "x": p[:, 0].tolist(), "y": p[:, 1].tolist(), "mode": "lines+markers",
             "name": t("gd.hz.path"), "line": {"color": "#ffffff", "width": 3}, "marker": {"size": 5, "color": "#d9480f"}},
            {"type": "scatter", "x": [p[0, 0]], "y": [p[0, 1]], "mode": "markers", "name": t("gd.hz.start"),
             "marker": {"size": 14, "color": "#ffffff", "line": {"color": "#111111", "width": 2}}},
            {"type": "scatter", "x": [c[0] for c in cps.values()], "y": [c[1] for c in cps.values()],
             "mode": "markers+text", "name": t("gd.hz.critical"),
             "text": [t(CP_KEYS[k]) for k in cps], "textposition": "bottom center",
             "textfont": {"color": "#ffffff", "size": 14},
             "marker": {"size": 13, "symbol": ["star", "x", "circle"], "color": "#ffffff",
                        "line": {"color": "#111111", "width": 1}}},
        ],
        "layout": {"height": 470, "margin": {"l": 60, "r": 20, "t": 20, "b": 55}, "font": font_, "showlegend": False,
                   "xaxis": {"title": {"text": t("gd.hz.w1")}, "range": [-BOX, BOX], "constrain": "domain"},
                   "yaxis": {"title": {"text": t("gd.hz.w2")}, "range": [-BOX, BOX], "scaleanchor": "x"},
                   **WHITE, "hovermode": "closest",
                   "clickmode": "event"},
        "config": CONFIG,
    }
    n = list(range(len(d.f)))
    curves = {
        "data": [
            {"type": "scatter", "x": n, "y": d.f, "mode": "lines", "name": "f(w)",
             "line": {"color": "#0b5394", "width": 3}},
            {"type": "scatter", "x": n, "y": [max(v, 1e-12) for v in d.grad_norm], "mode": "lines",
             "name": t("gd.hz.gradnorm"), "yaxis": "y2", "line": {"color": "#d9480f", "width": 3, "dash": "dot"}},
        ],
        "layout": {"height": 300, "margin": {"l": 60, "r": 70, "t": 20, "b": 55}, "font": font_,
                   "legend": {"orientation": "h", "y": 1.15},
                   "xaxis": {"title": {"text": t("gd.hz.step")}},
                   "yaxis": {"title": {"text": "f(w)"}},
                   "yaxis2": {"title": {"text": t("gd.hz.gradnorm")}, "type": "log", "overlaying": "y",
                              "side": "right"},
                   **WHITE},
        "config": CONFIG,
    }
    return {"surface": surf, "curves": curves}
