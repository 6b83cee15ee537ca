"""Image data: the UCI 8x8 handwritten digits (1,797 images of the digits 0-9), shipped with nnlib.

Images are (n, 1, 8, 8) float64 batches in [0, 1] (NCHW, one grey channel), labels (n,) int64. The file is
nnlib/datasets/digits.csv.gz; its source, citation and licence are in nnlib/datasets/README.md.
Randomness (the split) comes from a `np.random.Generator` passed in by the caller.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

import numpy as np

from . import data

DIGITS_SHAPE = (1, 8, 8)
DIGITS_CLASSES = [str(d) for d in range(10)]
DIGITS_MAX = 16.0  # each pixel counts the set pixels of a 4x4 block of the 32x32 original: 0..16


@lru_cache(maxsize=1)
def _digits_table() -> np.ndarray:
    raw = resources.files("nnlib").joinpath("datasets/digits.csv.gz").read_bytes()
    table = np.loadtxt(gzip.decompress(raw).decode("ascii").splitlines(), delimiter=",", dtype=np.int64)
    if table.shape != (1797, 65):
        raise ValueError(f"digits.csv.gz: expected 1797 rows of 64 pixels and a label, got {table.shape}")
    table.setflags(write=False)
    return table


def digits() -> tuple[np.ndarray, np.ndarray]:
    """All 1,797 digits in the file's order: x (1797, 1, 8, 8) float64 = pixel counts / 16, in [0, 1];
    y (1797,) int64, the digit 0..9 (about 180 of each)."""
    table = _digits_table()
    x = (table[:, :64] / DIGITS_MAX).reshape(-1, *DIGITS_SHAPE)
    return x, table[:, 64].copy()


def digits_split(rng: np.random.Generator, val: float = 0.0, test: float = 0.2):
    """The digits shuffled by `rng` and cut into disjoint ((x, y) train, (x, y) validation, (x, y) test) parts
    with nnlib.data.split's sizes (round(val n), round(test n), the rest for training). Same seed, same split.
    Each x is (m, 1, 8, 8), each y (m,)."""
    return data.split(digits(), val=val, test=test, rng=rng)
