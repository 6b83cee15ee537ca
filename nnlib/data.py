"""Data sets, scalers, splits, noise augmentation and minibatch indices.

Every data set is a `Dataset`: `x` (n, d) float64 features, `y` (n,) targets (float64 for regression, int64 class
indices for classification). `DATASETS` maps a name to a function with one signature,
`fn(n=..., noise=..., rng=..., **kw) -> Dataset`; `make(name, ...)` looks it up and validates the arguments.

Randomness always comes from a `np.random.Generator` passed in by the caller.
"""

from __future__ import annotations

import csv
import inspect
import math
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from importlib import resources

import numpy as np

TASKS = ("regression", "binary", "multiclass")
N_MAX = 10_000  # rows a generator may draw
AUGMENT_ROWS_MAX = 100_000  # rows augment_noise may return
NOISE_SCALE = 2.0  # std of the coordinate jitter of the 2-D sets at noise = 1


@dataclass(eq=False)
class Dataset:
    """A table of samples: `x` (n, d) float64, `y` (n,) float64 (regression) or int64 class indices.

    `classes` names the classes (index i -> classes[i]); it is empty for regression.
    """

    x: np.ndarray
    y: np.ndarray
    task: str
    feature_names: list[str]
    classes: list[str] = field(default_factory=list)
    name: str = ""

    def __post_init__(self):
        if self.task not in TASKS:
            raise ValueError(f"task must be one of {TASKS}, got {self.task!r}")
        if self.x.ndim != 2 or self.x.dtype != np.float64:
            raise ValueError(f"x must be a 2-D float64 array, got {self.x.dtype} shape {self.x.shape}")
        if self.y.shape != (len(self.x),):
            raise ValueError(f"y must have shape ({len(self.x)},), got {self.y.shape}")
        if len(self.feature_names) != self.x.shape[1]:
            raise ValueError(f"expected {self.x.shape[1]} feature names, got {len(self.feature_names)}")
        if self.task == "regression":
            if self.y.dtype != np.float64 or self.classes:
                raise ValueError("a regression set has float64 y and no classes")
        else:
            if self.y.dtype != np.int64:
                raise ValueError(f"a classification set has int64 class indices in y, got {self.y.dtype}")
            if len(self.classes) < 2 or (self.task == "binary") != (len(self.classes) == 2):
                raise ValueError(f"task {self.task!r} does not fit {len(self.classes)} classes")
            if len(self.y) and (self.y.min() < 0 or self.y.max() >= len(self.classes)):
                raise ValueError(f"class indices must lie in 0..{len(self.classes) - 1}")

    def __len__(self) -> int:
        return len(self.x)

    def subset(self, idx) -> Dataset:
        """The rows `idx` (an index array or slice) as a new Dataset with the same metadata."""
        return Dataset(self.x[idx], self.y[idx], self.task, list(self.feature_names), list(self.classes), self.name)


# ---------------------------------------------------------------- argument checks

def _check_int(name, value, lo, hi):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer in {lo}..{hi}, got {value!r}")
    if not lo <= value <= hi:
        raise ValueError(f"{name} must be in {lo}..{hi}, got {value}")
    return int(value)


def _check_float(name, value, lo, hi, hi_open=False):
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if isinstance(value, bool) or not math.isfinite(v) or v < lo or v > hi or (hi_open and v == hi):
        limit = f"[{lo}, {hi})" if hi_open else f"[{lo}, {hi}]"
        raise ValueError(f"{name} must be a finite number in {limit}, got {value!r}")
    return v


def _check_rng(rng):
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    return rng


# ---------------------------------------------------------------- fixed data sets

# x and y of the fruit set. Ground truth: the L1 network f(x) = relu(relu(20x - 10) - relu(40x - 200)), i.e.
# 20x - 10 up to its peak f(5) = 90, then 190 - 20x; y = f(x) + a hand-picked residual in -6..6 at each point.
_FRUIT_X = (1.0, 1.75, 2.5, 3.25, 4.0, 4.75, 5.5, 6.25, 7.0, 7.75, 8.5, 9.25)
_FRUIT_Y = (6.0, 28.0, 38.0, 59.0, 75.0, 82.0, 86.0, 61.0, 52.0, 30.0, 23.0, 3.0)


def fruit(n=None, noise=None, rng=None) -> Dataset:
    """The 12-sample fruit set of lessons L1-L4: quality y (0-100) of a fruit against one number x.

    The lecture uses a 12-example set but its text does not contain it, so this one is made up. It contains the
    lecture's sample (x = 4, y = 75). x runs from 1 to 9.25 in steps of 0.75; quality rises, peaks near x = 5 and
    falls, the shape of the lecture's L1 network relu(relu(20x - 10) - relu(40x - 200)), which fits every sample
    to within 6 (mean squared error 173/12, about 14.4).

    `n`, `noise` and `rng` are ignored (the set is fixed); they exist so all `DATASETS` entries share a signature.
    Returns x (12, 1), y (12,) float64.
    """
    x = np.array(_FRUIT_X, dtype=np.float64).reshape(-1, 1)
    y = np.array(_FRUIT_Y, dtype=np.float64)
    return Dataset(x, y, "regression", ["x"], [], "fruit")


FRUIT_GOOD_THRESHOLD = 50.0


def fruit_good(n=None, noise=None, rng=None) -> Dataset:
    """The fruit set as two classes (lesson L8): "bad" (0) where quality < 50, "good" (1) where it is >= 50.

    Same x as `fruit()`; `n`, `noise` and `rng` are ignored. Returns x (12, 1), y (12,) int64.
    """
    base = fruit()
    y = (base.y >= FRUIT_GOOD_THRESHOLD).astype(np.int64)
    return Dataset(base.x, y, "binary", ["x"], ["bad", "good"], "fruit_good")


IRIS_FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
IRIS_CLASSES = ["setosa", "versicolor", "virginica"]


def iris(n=None, noise=None, rng=None) -> Dataset:
    """Fisher's Iris data (150 rows, 50 per class), read from nnlib/datasets/iris.csv (see the README there).

    x (150, 4) float64 in cm: sepal length, sepal width, petal length, petal width; y (150,) int64 with
    0 = setosa, 1 = versicolor, 2 = virginica. Rows keep the file's order, so x[:10] are the lecture's ten rows.
    `n`, `noise` and `rng` are ignored (the set is fixed).
    """
    text = resources.files("nnlib").joinpath("datasets/iris.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(text.splitlines()))
    if rows[0] != IRIS_FEATURES + ["species"]:
        raise ValueError(f"unexpected header in iris.csv: {rows[0]}")
    x = np.array([[float(v) for v in r[:4]] for r in rows[1:]], dtype=np.float64)
    y = np.array([IRIS_CLASSES.index(r[4]) for r in rows[1:]], dtype=np.int64)
    return Dataset(x, y, "multiclass", list(IRIS_FEATURES), list(IRIS_CLASSES), "iris")


# ---------------------------------------------------------------- 2-D generators
# In the spirit of TensorFlow Playground: points in about [-6, 6]^2. Each set is drawn clean, then every
# coordinate gets Gaussian jitter with std NOISE_SCALE * noise (noise in [0, 1]: 0 = clean, 1 = std 2, classes
# overlap heavily); labels never change. Rows come in random order.

def _check_gen(n, noise, rng):
    return _check_int("n", n, 1, N_MAX), _check_float("noise", noise, 0.0, 1.0), _check_rng(rng)


def _finish(name, pts, labels, noise, rng, classes=("0", "1")) -> Dataset:
    """Jitter the (n, 2) clean points, shuffle the rows, wrap as a Dataset."""
    x = pts + rng.normal(0.0, NOISE_SCALE * noise, size=pts.shape)
    order = rng.permutation(len(x))
    task = "binary" if len(classes) == 2 else "multiclass"
    return Dataset(x[order], labels[order].astype(np.int64), task, ["x1", "x2"], list(classes), name)


def _balanced_labels(n, k):
    """(n,) int64 labels 0..k-1 with counts differing by at most one."""
    return np.arange(n, dtype=np.int64) % k


def _polar(r, t):
    return np.column_stack([r * np.cos(t), r * np.sin(t)])


def circle(n=200, noise=0.0, rng=None) -> Dataset:
    """Class 1 inside radius 2.5, class 0 in the ring 3.5..5 around it (not linearly separable).

    Radii and angles uniform. Returns x (n, 2), y (n,) int64.
    """
    n, noise, rng = _check_gen(n, noise, rng)
    y = _balanced_labels(n, 2)
    r = np.where(y == 1, rng.uniform(0.0, 2.5, n), rng.uniform(3.5, 5.0, n))
    return _finish("circle", _polar(r, rng.uniform(0.0, 2 * np.pi, n)), y, noise, rng)


def xor(n=200, noise=0.0, rng=None) -> Dataset:
    """Class 1 where x1 and x2 have the same sign (quadrants I and III), class 0 elsewhere.

    Coordinates uniform in [-5, 5], pushed 0.3 away from the axes so the clean set has a margin.
    Returns x (n, 2), y (n,) int64.
    """
    n, noise, rng = _check_gen(n, noise, rng)
    pts = rng.uniform(-5.0, 5.0, size=(n, 2))
    pts += np.where(pts > 0, 0.3, -0.3)
    y = (pts[:, 0] * pts[:, 1] > 0).astype(np.int64)
    return _finish("xor", pts, y, noise, rng)


def gauss(n=200, noise=0.0, rng=None) -> Dataset:
    """Two Gaussian clusters with std 1: class 1 around (2, 2), class 0 around (-2, -2). Linearly separable
    in the mean. Returns x (n, 2), y (n,) int64.
    """
    n, noise, rng = _check_gen(n, noise, rng)
    y = _balanced_labels(n, 2)
    centre = np.where(y[:, None] == 1, 2.0, -2.0)
    return _finish("gauss", centre + rng.normal(0.0, 1.0, size=(n, 2)), y, noise, rng)


def spiral(n=200, noise=0.0, rng=None) -> Dataset:
    """Two interleaved spirals: r = 5u, angle = 3.5*pi*u (+ pi for class 1), u uniform in [0, 1].

    Returns x (n, 2), y (n,) int64.
    """
    n, noise, rng = _check_gen(n, noise, rng)
    y = _balanced_labels(n, 2)
    u = rng.uniform(0.0, 1.0, n)
    return _finish("spiral", _polar(5.0 * u, 3.5 * np.pi * u + np.pi * y), y, noise, rng)


def moons(n=200, noise=0.0, rng=None) -> Dataset:
    """Two interlocking half circles (as sklearn's make_moons, scaled by 3 and centred at the origin).

    Class 0: (cos t, sin t), class 1: (1 - cos t, 0.5 - sin t), t uniform in [0, pi]; then (p - (0.5, 0.25)) * 3.
    Returns x (n, 2), y (n,) int64.
    """
    n, noise, rng = _check_gen(n, noise, rng)
    y = _balanced_labels(n, 2)
    t = rng.uniform(0.0, np.pi, n)
    c, s = np.cos(t), np.sin(t)
    pts = np.where(y[:, None] == 0, np.column_stack([c, s]), np.column_stack([1 - c, 0.5 - s]))
    return _finish("moons", 3.0 * (pts - [0.5, 0.25]), y, noise, rng)


def blobs(n=200, noise=0.0, rng=None, classes=3) -> Dataset:
    """`classes` (3..5) Gaussian blobs with std 0.8, centres evenly spaced on a circle of radius 4.

    Class counts differ by at most one. Returns x (n, 2), y (n,) int64 in 0..classes-1.
    """
    n, noise, rng = _check_gen(n, noise, rng)
    k = _check_int("classes", classes, 3, 5)
    y = _balanced_labels(n, k)
    centres = _polar(4.0, np.pi / 2 + 2 * np.pi * np.arange(k) / k)
    pts = centres[y] + rng.normal(0.0, 0.8, size=(n, 2))
    return _finish("blobs", pts, y, noise, rng, classes=[str(i) for i in range(k)])


DATASETS = {
    "fruit": fruit,
    "fruit_good": fruit_good,
    "iris": iris,
    "circle": circle,
    "xor": xor,
    "gauss": gauss,
    "spiral": spiral,
    "moons": moons,
    "blobs": blobs,
}


def make(name, n=200, noise=0.0, rng=None, **kw) -> Dataset:
    """Build the data set `name` from `DATASETS` (fruit and iris ignore n, noise and rng)."""
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; known: {', '.join(DATASETS)}")
    fn = DATASETS[name]
    allowed = set(inspect.signature(fn).parameters) - {"n", "noise", "rng"}
    for key in kw:
        if key not in allowed:
            raise ValueError(f"data set {name!r} takes no argument {key!r}")
    return fn(n=n, noise=noise, rng=rng, **kw)


# ---------------------------------------------------------------- scalers
# Fitted on the training part only; validation and test data are transformed with the training statistics.
# A constant feature (max == min, or sigma == 0) gets scale 1, as in sklearn, so it maps to 0 instead of
# dividing by zero. 1-D input is treated as one feature and returned 1-D.

class _Scaler(ABC):
    """Per-feature affine map x_hat = (x - offset_) / scale_, with offset_ and scale_ of shape (d,)."""

    offset_ = None
    scale_ = None

    @abstractmethod
    def _stats(self, x):
        """(offset, scale) of shape (d,) for x (n, d)."""

    @staticmethod
    def _as_2d(x, what):
        x = np.asarray(x, dtype=np.float64)
        if x.ndim not in (1, 2) or len(x) == 0:
            raise ValueError(f"{what} must be a non-empty (n,) or (n, d) array, got shape {x.shape}")
        return x.reshape(len(x), -1)

    def fit(self, x):
        """Learn offset_ and scale_ from x (n, d) or (n,). Returns self."""
        x2 = self._as_2d(x, "x")
        self.offset_, scale = self._stats(x2)
        self.scale_ = np.where(scale > 0, scale, 1.0)
        return self

    def _check(self, x):
        if self.scale_ is None:
            raise ValueError(f"{type(self).__name__} is not fitted; call fit(x) on the training data first")
        x2 = self._as_2d(x, "x")
        if x2.shape[1] != len(self.scale_):
            raise ValueError(f"expected x with {len(self.scale_)} features, got shape {np.shape(x)}")
        return x2

    def transform(self, x):
        """x_hat = (x - offset_) / scale_, same shape as x."""
        return ((self._check(x) - self.offset_) / self.scale_).reshape(np.shape(x))

    def inverse_transform(self, x_hat):
        """x = x_hat * scale_ + offset_ (e.g. to report a scaled regression output in original units)."""
        return (self._check(x_hat) * self.scale_ + self.offset_).reshape(np.shape(x_hat))

    def fit_transform(self, x):
        return self.fit(x).transform(x)


class IdentityScaler(_Scaler):
    """No scaling: x_hat = x."""

    def _stats(self, x):
        return np.zeros(x.shape[1]), np.ones(x.shape[1])


class MinMaxScaler(_Scaler):
    """Normalization x_hat = (x - min) / (max - min) per feature; training data maps into [0, 1]."""

    def _stats(self, x):
        lo = x.min(axis=0)
        return lo, x.max(axis=0) - lo


class StandardScaler(_Scaler):
    """Standardization x_hat = (x - mu) / sigma per feature, sigma the population std (ddof = 0, like sklearn)."""

    def _stats(self, x):
        return x.mean(axis=0), x.std(axis=0)


SCALERS = {"none": IdentityScaler, "minmax": MinMaxScaler, "standard": StandardScaler}


# ---------------------------------------------------------------- split, augmentation, batches

def split(data, val=0.2, test=0.2, rng=None):
    """Shuffle rows with `rng` and cut them into disjoint train, validation and test parts covering all rows.

    `data` is a Dataset (returns three Datasets) or a tuple of arrays of equal length (returns three tuples).
    Part sizes: n_val = round(val * n), n_test = round(test * n) (halves round up), n_train = the rest, which
    must be at least 1. val, test in [0, 1) with val + test < 1.
    """
    val = _check_float("val", val, 0.0, 1.0, hi_open=True)
    test = _check_float("test", test, 0.0, 1.0, hi_open=True)
    if val + test >= 1.0:
        raise ValueError(f"val + test must be below 1, got {val} + {test}")
    rng = _check_rng(rng)
    if isinstance(data, Dataset):
        n = len(data)
    else:
        data = tuple(np.asarray(a) for a in data)
        if not data or any(a.ndim == 0 or len(a) != len(data[0]) for a in data):
            raise ValueError("split needs a Dataset or a tuple of arrays with the same number of rows")
        n = len(data[0])
    n_val, n_test = math.floor(val * n + 0.5), math.floor(test * n + 0.5)
    n_train = n - n_val - n_test
    if n_train < 1:
        raise ValueError(f"no rows left for training: n = {n}, val = {val}, test = {test}")
    order = rng.permutation(n)
    parts = order[:n_train], order[n_train:n_train + n_val], order[n_train + n_val:]
    if isinstance(data, Dataset):
        return tuple(data.subset(idx) for idx in parts)
    return tuple(tuple(a[idx] for a in data) for idx in parts)


def augment_noise(x, y, copies, sigma, rng):
    """Augment by noise: the originals followed by `copies` jittered copies, x + N(0, sigma^2), y unchanged.

    x (n, d), y (n,) or (n, k) -> x (n * (1 + copies), d), y likewise; copy c occupies rows c*n..(c+1)*n - 1
    (copy 0 = the originals).
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y)
    if x.ndim != 2 or y.ndim == 0 or len(y) != len(x):
        raise ValueError(f"expected x (n, d) and y with n rows, got shapes {x.shape} and {y.shape}")
    copies = _check_int("copies", copies, 0, 100)
    sigma = _check_float("sigma", sigma, 0.0, 10.0)
    rng = _check_rng(rng)
    rows = len(x) * (1 + copies)
    if rows > AUGMENT_ROWS_MAX:
        raise ValueError(f"augmentation would give {rows} rows; the limit is {AUGMENT_ROWS_MAX}")
    jitter = rng.normal(0.0, sigma, size=(copies,) + x.shape)
    x_aug = np.concatenate([x[None], x[None] + jitter]).reshape(rows, x.shape[1])
    y_aug = np.concatenate([y] * (1 + copies))
    return x_aug, y_aug


def batches(n, batch_size, shuffle=False, rng=None) -> list[np.ndarray]:
    """Index arrays of the minibatches of one epoch over n rows: every index in 0..n-1 exactly once.

    shuffle=False: consecutive slices [0, b), [b, 2b), ... in data order, the last one possibly smaller.
    shuffle=True: the same sizes over a permutation drawn from `rng`. batch_size >= n gives one full batch.
    """
    n = _check_int("n", n, 1, 10**9)
    b = _check_int("batch_size", batch_size, 1, 10**9)
    order = _check_rng(rng).permutation(n) if shuffle else np.arange(n)
    return [order[i:i + b] for i in range(0, n, b)]
