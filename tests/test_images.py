"""The shipped 8x8 digits (nnlib.images) and the toy sequence tasks for attention (nnlib.sequences)."""

import fnmatch
import hashlib
import tomllib
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from nnlib import images, sequences

DIGITS_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"


# ---------- digits ----------

def test_digits_file_is_the_documented_copy():
    raw = resources.files("nnlib").joinpath("datasets/digits.csv.gz").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == DIGITS_SHA256
    readme = resources.files("nnlib").joinpath("datasets/README.md").read_text(encoding="utf-8")
    assert DIGITS_SHA256 in readme and "CC BY 4.0" in readme and "10.24432/C50P49" in readme


def test_digits_file_ships_as_package_data():
    pyproject = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["nnlib"]
    assert any(fnmatch.fnmatch("datasets/digits.csv.gz", p) for p in patterns)


def test_digits_shapes_dtypes_and_range():
    x, y = images.digits()
    assert x.shape == (1797, 1, 8, 8) and x.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert x.min() == 0.0 and x.max() == 1.0
    # Pixel values are counts 0..16 divided by 16.
    assert np.array_equal(x * 16, np.round(x * 16))
    counts = np.bincount(y, minlength=10)
    assert counts.tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def test_first_digit_is_a_zero_with_the_known_pixels():
    x, y = images.digits()
    assert y[0] == 0
    # The first row of optdigits.tes: a zero, hollow in the middle.
    assert (x[0, 0, 0] * 16).tolist() == [0, 0, 5, 13, 9, 1, 0, 0]
    assert (x[0, 0, 3] * 16).tolist() == [0, 4, 12, 0, 0, 8, 8, 0]


def test_digits_returns_fresh_arrays():
    x, y = images.digits()
    x[0] = 5.0
    y[0] = 9
    x2, y2 = images.digits()
    assert x2[0].max() <= 1.0 and y2[0] == 0


def test_digits_split_is_seeded_disjoint_and_covers_every_image():
    (xa, ya), (xv, yv), (xt, yt) = images.digits_split(np.random.default_rng(3), val=0.1, test=0.2)
    assert (len(xa), len(xv), len(xt)) == (1797 - 180 - 359, 180, 359)
    assert xa.shape[1:] == (1, 8, 8) and len(ya) == len(xa)
    x, _ = images.digits()
    # Identical images occur in the set, so compare the multiset of image bytes.
    together = sorted(r.tobytes() for part in (xa, xv, xt) for r in part.reshape(len(part), -1))
    assert together == sorted(r.tobytes() for r in x.reshape(1797, -1))
    (xb, yb), _, _ = images.digits_split(np.random.default_rng(3), val=0.1, test=0.2)
    assert np.array_equal(xa, xb) and np.array_equal(ya, yb)
    (xc, _), _, _ = images.digits_split(np.random.default_rng(4), val=0.1, test=0.2)
    assert not np.array_equal(xa, xc)


# ---------- toy sequence tasks ----------

def test_reverse_targets_are_the_tokens_backwards():
    s = sequences.make("reverse", n=5, length=6, vocab=7, rng=np.random.default_rng(0))
    assert s.tokens.shape == s.y.shape == (5, 6)
    assert np.array_equal(s.y, s.tokens[:, ::-1])


def test_previous_targets_are_the_tokens_one_step_back():
    tokens = np.array([[3, 1, 4, 1, 5]])
    assert sequences.previous(tokens).tolist() == [[3, 3, 1, 4, 1]]


@pytest.mark.parametrize("name", sorted(sequences.TASKS))
def test_sequence_tasks_are_deterministic_per_seed(name):
    a, b, c = (sequences.make(name, 20, 5, 4, np.random.default_rng(s)) for s in (1, 1, 2))
    assert np.array_equal(a.x, b.x) and np.array_equal(a.y, b.y)
    assert not np.array_equal(a.tokens, c.tokens)
    assert a.y.dtype == np.int64 and a.x.dtype == np.float64


def test_encoding_is_one_hot_token_then_one_hot_position():
    x = sequences.encode(np.array([[2, 0, 2]]), vocab=3)
    assert x.shape == (1, 3, 6)
    assert x[0].tolist() == [[0, 0, 1, 1, 0, 0], [1, 0, 0, 0, 1, 0], [0, 0, 1, 0, 0, 1]]


@pytest.mark.parametrize(("kw", "message"), [
    ({"name": "sort"}, "unknown sequence task"),
    ({"n": 0}, "n must be"),
    ({"length": 1}, "length must be"),
    ({"vocab": 1}, "vocab must be"),
    ({"rng": 3}, "numpy.random.Generator"),
])
def test_sequence_make_rejects_bad_arguments(kw, message):
    args = {"name": "reverse", "n": 4, "length": 5, "vocab": 3, "rng": np.random.default_rng(0), **kw}
    with pytest.raises(ValueError, match=message):
        sequences.make(**args)
