"""What the pages show of a run: its network, decision boundary, neuron maps, per-layer statistics, the data
points and the loss curve as CSV. Read-only functions of a Run, called with the run's lock held
(app.runs.service.locked); those that evaluate the model leave batch-sized caches behind, which the caller
releases afterwards (Run.release).

Every float goes out finite or as None, never NaN or infinity (JSON has neither).
"""

from __future__ import annotations

import math

import numpy as np

from nnlib import activations, data, spec
from nnlib.layers import BatchNorm1d

from .build import features
from .run import Run, finite, finite_rows

GRID = 40  # decision-boundary grid resolution (GRID x GRID)
NEURON_MAP = 16  # neuron maps: NEURON_MAP x NEURON_MAP
MAX_MAPS = 128  # neurons with a map in one frame
STATE_NETWORK_MAX = 20_000  # parameters up to which a state or frame carries the network (beyond: .../export)


def clean(obj):
    """Nested lists/dicts with every non-finite float replaced by None."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, list):
        return [clean(v) for v in obj]
    if isinstance(obj, dict):
        return {k: clean(v) for k, v in obj.items()}
    return obj


def state(run: Run) -> dict:
    """The run's summary with its history, network and data: what GET and POST of the runs API answer."""
    return {**run.summary(), "history": run.history(), "network": network(run), "points": points(run),
            "feature_names": run.feature_names, "classes": list(run.raw.classes)}


def network(run: Run) -> dict | None:
    """The network with its weights, as nnlib.spec writes it; None for networks of more than STATE_NETWORK_MAX
    parameters (their weights are in the export), so a state or frame stays small."""
    if sum(p.data.size for p in run.model.parameters()) > STATE_NETWORK_MAX:
        return None
    out = spec.to_spec(run.model, run.inputs)
    finite_all = all(np.isfinite(p.data).all() for p in run.model.parameters()) and all(
        np.isfinite(layer.running_var).all() and np.isfinite(layer.running_mean).all()
        for layer in run.model.layers if isinstance(layer, BatchNorm1d))
    return out if finite_all else clean(out)


def points(run: Run) -> dict | None:
    """Training and test samples in the viewed raw coordinates, with their targets, for the 2-D view (None for
    images and sequences)."""
    if not run.tabular:
        return None
    out = {}
    for part in ("train", "test"):
        _, y, raw = run.parts[part]
        if raw.shape[1] == 1:
            out[part] = {"x": raw[:, 0].tolist(), "y": y.astype(float).tolist()}
        else:
            i, j = (0, 1) if run.synthetic else run.experiment.view
            out[part] = {"x": raw[:, i].tolist(), "y": raw[:, j].tolist(), "label": y.tolist()}
    return out


def gradient_norms(run: Run) -> list[float | None]:
    """||dL/dW|| of each dense layer on the last batch."""
    with np.errstate(all="ignore"):
        return finite(float(np.linalg.norm(d.weight.grad)) for d in run.model.dense_layers())


def _inactive(d) -> float:
    return float(np.mean(np.all(d.z <= 0, axis=0)))


def _dead(d) -> float | None:
    return float(np.mean(np.all(d.a <= 0, axis=0))) if d.activation.name == "relu" else None


def _stats(d, bins: int) -> dict:
    with np.errstate(all="ignore"):
        a = d.a[np.isfinite(d.a)]
        try:
            counts, edges = np.histogram(a, bins=bins) if a.size else (np.zeros(bins, int), np.zeros(bins + 1))
        except ValueError:  # finite values whose range overflows (a diverging run): no histogram, no 500
            counts, edges = np.zeros(bins, int), np.zeros(bins + 1)
        return {"hist": {"edges": finite(edges), "counts": counts.tolist()},
                "mean": finite([a.mean()])[0] if a.size else None,
                "std": finite([a.std()])[0] if a.size else None,
                "grad_norm": finite([np.linalg.norm(d.weight.grad)])[0]}


def inactive_fraction(run: Run) -> list[float]:
    """Per hidden layer, for any activation: the fraction of units whose pre-activation z <= 0 for every
    training sample (for ReLU these are dead: zero output and zero gradient)."""
    run.predict(run.parts["train"][0])
    return [_inactive(d) for d in run.model.dense_layers()[:-1]]


def dead_relu_fraction(run: Run) -> list[float | None]:
    """Per hidden layer: the fraction of ReLU units that output 0 for every training sample (None if not ReLU)."""
    run.predict(run.parts["train"][0])
    return [_dead(d) for d in run.model.dense_layers()[:-1]]


def layer_stats(run: Run, bins: int = 20) -> list[dict]:
    """Per dense layer, over the training set in eval mode: a histogram of its activations, their mean and std,
    and ||dL/dW|| on the last batch."""
    run.predict(run.parts["train"][0])
    return [_stats(d, bins) for d in run.model.dense_layers()]


def layer_views(run: Run, bins: int = 20) -> dict:
    """layer_stats, inactive_fraction and dead_relu_fraction from one forward pass over the training set."""
    run.predict(run.parts["train"][0])
    dense = run.model.dense_layers()
    return {"layer_stats": [_stats(d, bins) for d in dense], "inactive": [_inactive(d) for d in dense[:-1]],
            "dead_relu": [_dead(d) for d in dense[:-1]]}


def batchnorm_stats(run: Run) -> list[dict]:
    """mu_B and sigma_B of each BatchNorm layer on the last training batch (empty before the first update)."""
    return [{"mu_b": finite(layer.mu_b), "sigma_b": finite(np.sqrt(layer.var_b + layer.eps))}
            for layer in run.model.layers if isinstance(layer, BatchNorm1d) and hasattr(layer, "mu_b")]


def grid(run: Run) -> dict | None:
    """Model output over a GRID x GRID grid of the two viewed raw inputs (others at their training mean), or
    over 100 points of the one input of a 1-D set (None for images and sequences)."""
    if not run.tabular:
        return None
    raw = run.raw.x
    if raw.shape[1] == 1:
        lo, hi = raw[:, 0].min(), raw[:, 0].max()
        xs = np.linspace(lo, hi, 100)
        out = run.predict(run.scaler.transform(xs[:, None]))
        if run.loss.name == "cross_entropy":
            out = activations.value("softmax", out)[:, 1:]  # P(class 1) of a two-class softmax
        return {"kind": "curve", "x": xs.tolist(), "y": finite(out[:, 0])}
    g1, g2, inputs = _grid_points(run, GRID)
    out = run.predict(inputs)
    if run.task == "multiclass":
        z = out.argmax(axis=1).astype(np.float64)
    elif run.loss.name == "cross_entropy":
        z = activations.value("softmax", out)[:, 1]
    else:
        z = out[:, 0]
    return {"kind": "grid", "x": g1.tolist(), "y": g2.tolist(), "z": finite_rows(z.reshape(GRID, GRID))}


def neuron_maps(run: Run, size: int = NEURON_MAP) -> list[list[list[list[float | None]]]] | None:
    """For 2-D views: each hidden neuron's activation over a size x size grid of the viewed inputs,
    maps[layer][unit] = rows of values (None for non-finite). Only the first hidden layers whose units add up to at
    most MAX_MAPS have maps (the Playground's largest network, 6 x 16, has 96): a frame stays small."""
    if not run.tabular or run.raw.x.shape[1] < 2:
        return None
    run.predict(_grid_points(run, size)[2])
    maps, total = [], 0
    for d in run.model.dense_layers()[:-1]:
        total += d.out_features
        if total > MAX_MAPS:
            break
        maps.append(finite_rows(d.a.T.reshape(d.out_features, size, size)))
    return maps


def _grid_points(run: Run, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(axis 1 values, axis 2 values, model inputs (size*size, inputs)) of a grid over the viewed inputs."""
    raw = run.raw.x
    i, j = (0, 1) if run.synthetic else run.experiment.view
    lo, hi = raw.min(axis=0), raw.max(axis=0)
    pad = 0.05 * (hi - lo)
    g1 = np.linspace(lo[i] - pad[i], hi[i] + pad[i], size)
    g2 = np.linspace(lo[j] - pad[j], hi[j] + pad[j], size)
    a, b = np.meshgrid(g1, g2)
    pts = np.tile(raw.mean(axis=0), (size * size, 1))
    pts[:, i], pts[:, j] = a.ravel(), b.ravel()
    feats = features(pts, list(run.experiment.features)) if run.synthetic else pts
    return g1, g2, run.scaler.transform(feats)


def history_csv(run: Run) -> str:
    """The training-loss curve and the validation points as CSV (step, train_loss, val_loss)."""
    val = dict(zip(run.val_steps, run.val_loss))
    lines = ["step,train_loss,val_loss"]
    for s, v in zip(run.curve_steps, run.curve_loss):
        lines.append(f"{s},{v!r},{val[s]!r}" if s in val else f"{s},{v!r},")
    return "\n".join(lines) + "\n"


# The heavy parts of a stream frame, everything the Playground's panels draw, in pieces of about equal work (each
# evaluates the model once): the compute pool runs them as separate slices.
DETAIL_PARTS: tuple = (
    lambda run: {"grid": grid(run), "network": network(run), "grad_norms": gradient_norms(run),
                 "batchnorm": batchnorm_stats(run)},
    layer_views,
    lambda run: {"neuron_maps": neuron_maps(run)},
)


def details(run: Run) -> dict:
    out: dict = {}
    for part in DETAIL_PARTS:
        out.update(part(run))
    return out


def epoch_losses(steps: list[int], curve: list[float], upe: int, bs: int, m: int) -> tuple[list[int], list[float]]:
    """Loss per finished epoch: the sample-weighted mean of its updates' batch losses (as nnlib's Trainer).

    steps/curve: update numbers (from 1) and batch losses; upe updates of batch size bs make an epoch of m
    samples. An epoch counts only if all its updates are there and finite.
    """
    sizes = [len(b) for b in data.batches(m, bs)]
    sums: dict[int, list[float]] = {}
    for s, v in zip(steps, curve, strict=True):
        e, k = divmod(s - 1, upe)
        sums.setdefault(e, []).append(v * sizes[k])
    epochs = [e for e in sorted(sums) if len(sums[e]) == upe and all(math.isfinite(v) for v in sums[e])]
    return [e + 1 for e in epochs], [sum(sums[e]) / m for e in epochs]
