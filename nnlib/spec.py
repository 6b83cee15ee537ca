"""Networks from plain dicts and back, the format the API and the pages use.

spec = {"inputs": n, "layers": [{"units": k, "activation": "relu", "alpha": a?, "weight": [[...]]?,
        "bias": [...]?}, {"type": "dropout", "p": 0.5}, {"type": "batchnorm"}]}
A dense layer's weight is (units, inputs of that layer); a missing weight is drawn by `init` from `rng`,
a missing bias is zeros.
"""

from __future__ import annotations

import numpy as np

from . import initializers
from .activations import PReLU
from .layers import BatchNorm1d, Dense, Dropout, Sequential
from .module import Module


def _array(values, shape: tuple[int, ...], what: str) -> np.ndarray:
    arr = np.asarray(values, dtype=np.float64)
    if arr.shape != shape:
        raise ValueError(f"{what}: expected shape {shape}, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{what}: values must be finite numbers")
    return arr


def build(spec: dict, rng: np.random.Generator, init: str = "he_normal", init_kw: dict | None = None) -> Sequential:
    """Build a Sequential from a spec; the rng draws missing weights and later dropout masks."""
    features = int(spec["inputs"])
    layers: list[Module] = []
    for i, ls in enumerate(spec["layers"]):
        kind = ls.get("type", "dense")
        where = f"layers[{i}]"
        if kind == "dense":
            units = int(ls["units"])
            layer = Dense(features, units, ls.get("activation", "identity"), ls.get("alpha"))
            if ls.get("weight") is not None:
                layer.weight.data = _array(ls["weight"], (units, features), f"{where}.weight")
            else:
                layer.weight.data = initializers.init(init, (units, features), rng, **(init_kw or {}))
            if ls.get("bias") is not None:
                layer.bias.data = _array(ls["bias"], (units,), f"{where}.bias")
            features = units
        elif kind == "dropout":
            layer = Dropout(float(ls.get("p", 0.5)), rng)
        elif kind == "batchnorm":
            layer = BatchNorm1d(features)
            for key, attr in (("gamma", "gamma"), ("beta", "beta")):
                if ls.get(key) is not None:
                    getattr(layer, attr).data = _array(ls[key], (features,), f"{where}.{key}")
            for key in ("running_mean", "running_var"):
                if ls.get(key) is not None:
                    setattr(layer, key, _array(ls[key], (features,), f"{where}.{key}"))
        else:
            raise ValueError(f"{where}.type: unknown layer type {kind!r}; known: dense, dropout, batchnorm")
        layers.append(layer)
    return Sequential(*layers)


def to_spec(model: Sequential, inputs: int) -> dict:
    """The spec of a model with every parameter filled in (lists of floats, exact float64 values)."""
    out = []
    for layer in model.layers:
        if isinstance(layer, Dense):
            d = {"type": "dense", "units": layer.out_features, "activation": layer.activation.name,
                 "weight": layer.weight.data.tolist(), "bias": layer.bias.data.tolist()}
            if isinstance(layer.activation, PReLU):
                d["alpha"] = float(layer.activation.alpha.data[0])
            elif hasattr(layer.activation, "alpha"):
                d["alpha"] = layer.activation.alpha
            out.append(d)
        elif isinstance(layer, Dropout):
            out.append({"type": "dropout", "p": layer.p})
        elif isinstance(layer, BatchNorm1d):
            out.append({"type": "batchnorm", "gamma": layer.gamma.data.tolist(), "beta": layer.beta.data.tolist(),
                        "running_mean": layer.running_mean.tolist(), "running_var": layer.running_var.tolist()})
    return {"inputs": inputs, "layers": out}
