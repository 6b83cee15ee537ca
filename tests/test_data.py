"""Tests of nnlib.data: data sets, scalers, split, augmentation, minibatch indices.

Expected values come from the lecture (SYLLABUS L1, L2, L9), from the Iris description published with the data
(Fisher 1936 / UCI summary statistics), or from independent NumPy computation, never from the code under test.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlib import data
from nnlib.data import DATASETS, SCALERS, Dataset, augment_noise, batches, make, split

GENERATED = ["circle", "xor", "gauss", "spiral", "moons", "blobs"]
FIXED = ["fruit", "fruit_good", "iris"]

# SYLLABUS L9: the ten Iris rows the lecture shows.
LECTURE_IRIS_ROWS = [
    [5.1, 3.5, 1.4, 0.2], [4.9, 3.0, 1.4, 0.2], [4.7, 3.2, 1.3, 0.2], [4.6, 3.1, 1.5, 0.2], [5.0, 3.6, 1.4, 0.2],
    [5.4, 3.9, 1.7, 0.4], [4.6, 3.4, 1.4, 0.3], [5.0, 3.4, 1.5, 0.2], [4.4, 2.9, 1.4, 0.2], [4.9, 3.1, 1.5, 0.1],
]


def rng(seed=0):
    return np.random.default_rng(seed)


# ---------------------------------------------------------------- registry


def test_registry_holds_the_expected_sets():
    assert set(DATASETS) == set(GENERATED + FIXED)


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_dataset_has_consistent_shapes_and_dtypes(name):
    d = make(name, n=37, noise=0.2, rng=rng())
    assert isinstance(d, Dataset) and d.name == name
    n, dim = d.x.shape
    assert d.x.dtype == np.float64 and np.isfinite(d.x).all()
    assert d.y.shape == (n,) and len(d) == n
    assert len(d.feature_names) == dim
    if d.task == "regression":
        assert d.y.dtype == np.float64 and d.classes == []
    else:
        assert d.y.dtype == np.int64
        assert d.task == ("binary" if len(d.classes) == 2 else "multiclass")
        assert set(np.unique(d.y)) == set(range(len(d.classes)))  # every class present, no stray index
    if name in GENERATED:
        assert (n, dim) == (37, 2)


@pytest.mark.parametrize("name", GENERATED)
def test_generators_are_deterministic_per_seed(name):
    a, b, c = (make(name, n=50, noise=0.1, rng=rng(s)) for s in (7, 7, 8))
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(a.x, c.x)


@pytest.mark.parametrize("name", FIXED)
def test_fixed_sets_ignore_n_noise_and_rng(name):
    a = make(name, n=5, noise=0.9, rng=rng(1))
    b = DATASETS[name]()
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.y, b.y)


@pytest.mark.parametrize("name", [g for g in GENERATED if g != "blobs"])
def test_binary_generators_balance_the_classes(name):
    d = make(name, n=301, noise=0.0, rng=rng())
    counts = np.bincount(d.y, minlength=2)
    # xor labels follow the quadrant of uniform points, so only roughly balanced
    assert abs(int(counts[0]) - int(counts[1])) <= (60 if name == "xor" else 1)


@pytest.mark.parametrize("k", [3, 4, 5])
def test_blobs_makes_the_requested_number_of_classes(k):
    d = make("blobs", n=100, noise=0.0, rng=rng(), classes=k)
    assert d.classes == [str(i) for i in range(k)]
    counts = np.bincount(d.y)
    assert len(counts) == k and counts.max() - counts.min() <= 1
    # clean blobs: each point is nearer its own class mean than any other class mean
    means = np.array([d.x[d.y == c].mean(axis=0) for c in range(k)])
    dist = np.linalg.norm(d.x[:, None, :] - means[None], axis=2)
    assert (dist.argmin(axis=1) == d.y).mean() > 0.95


def test_clean_circle_separates_inner_disc_from_outer_ring():
    d = make("circle", n=500, noise=0.0, rng=rng())
    r = np.linalg.norm(d.x, axis=1)
    assert r[d.y == 1].max() <= 2.5 and r[d.y == 0].min() >= 3.5 and r.max() <= 5.0


def test_clean_xor_labels_match_the_sign_of_the_product():
    d = make("xor", n=500, noise=0.0, rng=rng())
    np.testing.assert_array_equal(d.y, (d.x[:, 0] * d.x[:, 1] > 0).astype(np.int64))
    assert np.abs(d.x).min() >= 0.3  # margin around the axes


def test_clean_gauss_clusters_sit_around_their_centres():
    d = make("gauss", n=2000, noise=0.0, rng=rng())
    np.testing.assert_allclose(d.x[d.y == 1].mean(axis=0), [2, 2], atol=0.15)
    np.testing.assert_allclose(d.x[d.y == 0].mean(axis=0), [-2, -2], atol=0.15)


def test_clean_spiral_radius_stays_within_five():
    d = make("spiral", n=500, noise=0.0, rng=rng())
    assert np.linalg.norm(d.x, axis=1).max() <= 5.0 + 1e-12


def test_clean_moons_lie_on_half_circles_of_radius_three():
    d = make("moons", n=400, noise=0.0, rng=rng())
    # undo the documented scaling: centres of the two unit half circles are (0, 0) and (1, 0.5)
    p = d.x / 3.0 + [0.5, 0.25]
    r0 = np.linalg.norm(p[d.y == 0], axis=1)
    r1 = np.linalg.norm(p[d.y == 1] - [1.0, 0.5], axis=1)
    np.testing.assert_allclose(r0, 1.0, atol=1e-12)
    np.testing.assert_allclose(r1, 1.0, atol=1e-12)
    assert (p[d.y == 0, 1] >= -1e-12).all() and (p[d.y == 1, 1] <= 0.5 + 1e-12).all()


def test_noise_jitters_points_with_the_documented_scale():
    # noise only moves points: same labels; displacement std = NOISE_SCALE * noise per coordinate
    noise = 0.25
    clean = make("gauss", n=4000, noise=0.0, rng=rng(3))
    noisy = make("gauss", n=4000, noise=noise, rng=rng(3))
    spread = np.concatenate([noisy.x[noisy.y == c] - noisy.x[noisy.y == c].mean(0) for c in (0, 1)]).std()
    # clean clusters have std 1; independent Gaussian jitter adds variance (2 * 0.25)^2
    assert math.isclose(spread, math.sqrt(1 + (2 * noise) ** 2), rel_tol=0.05)
    assert np.bincount(clean.y).tolist() == np.bincount(noisy.y).tolist()


# ---------------------------------------------------------------- fruit (SYLLABUS L1, L2)


def lecture_l1_network(x):
    """The L1 network with the lecture's weights: y21 = relu(relu(20x - 10) - relu(40x - 200))."""
    y11 = np.maximum(20 * x - 10, 0)
    y12 = np.maximum(40 * x - 200, 0)
    return np.maximum(1 * y11 - 1 * y12 + 0, 0)


def test_fruit_has_twelve_samples_including_the_lecture_sample():
    d = data.fruit()
    assert d.x.shape == (12, 1) and d.task == "regression"
    assert [4.0, 75.0] in np.column_stack([d.x[:, 0], d.y]).tolist()


def test_fruit_good_labels_quality_of_50_and_more_as_good():
    base, d = data.fruit(), data.fruit_good()
    assert d.classes == ["bad", "good"] and d.task == "binary"
    assert np.array_equal(d.x, base.x)
    # The lecture's sample (x = 4, quality 75) is a good fruit; quality 6 at x = 1 is a bad one.
    assert d.y[list(base.x[:, 0]).index(4.0)] == 1 and d.y[0] == 0
    assert [int(v) for v in d.y] == [int(q >= 50) for q in base.y]


def test_fruit_rises_then_falls_in_the_0_to_100_range():
    d = data.fruit()
    order = np.argsort(d.x[:, 0])
    y = d.y[order]
    peak = int(np.argmax(y))
    assert 0 < peak < len(y) - 1
    assert y[0] < y[peak] - 50 and y[-1] < y[peak] - 50
    assert (d.y >= 0).all() and (d.y <= 100).all() and len(np.unique(d.x)) == 12


def test_fruit_is_fitted_roughly_by_the_lecture_network():
    d = data.fruit()
    residual = d.y - lecture_l1_network(d.x[:, 0])
    assert np.abs(residual).max() <= 10  # noisy, but the lecture's weights are a sensible fit
    assert np.abs(residual).max() > 0  # and not a perfect one


# ---------------------------------------------------------------- iris (SYLLABUS L9)


def test_iris_has_150_rows_50_per_class():
    d = data.iris()
    assert d.x.shape == (150, 4) and d.task == "multiclass"
    assert d.classes == ["setosa", "versicolor", "virginica"]
    assert np.bincount(d.y).tolist() == [50, 50, 50]


def test_iris_first_ten_rows_are_the_lecture_rows():
    d = data.iris()
    assert d.x[:10].tolist() == LECTURE_IRIS_ROWS
    assert (d.y[:10] == 0).all()  # they are all setosa


def test_iris_matches_published_summary_statistics():
    # Fisher/UCI summary: min, max, mean, SD per feature (sepal length, sepal width, petal length, petal width)
    x = data.iris().x
    np.testing.assert_array_equal(x.min(axis=0), [4.3, 2.0, 1.0, 0.1])
    np.testing.assert_array_equal(x.max(axis=0), [7.9, 4.4, 6.9, 2.5])
    np.testing.assert_allclose(x.mean(axis=0), [5.84, 3.05, 3.76, 1.20], atol=0.01)
    np.testing.assert_allclose(x.std(axis=0, ddof=1), [0.83, 0.43, 1.76, 0.76], atol=0.01)


def test_lecture_dead_relu_neuron_on_iris():
    # L9: w = [0.2, -0.4, 0.1, -0.5], no bias: -0.34 on row 1, negative on all ten rows, positive on some others
    z = data.iris().x @ np.array([0.2, -0.4, 0.1, -0.5])
    assert math.isclose(z[0], -0.34, abs_tol=1e-12)
    assert (z[:10] < 0).all()
    assert (z > 0).any()


# ---------------------------------------------------------------- scalers (SYLLABUS L5)


def test_scaler_registry_names():
    assert set(SCALERS) == {"none", "minmax", "standard"}


def test_minmax_fits_on_train_and_applies_train_statistics_to_test():
    g = rng()
    train, test = g.normal(3, 2, size=(40, 3)), g.normal(3, 4, size=(10, 3))
    s = SCALERS["minmax"]()
    t = s.fit_transform(train)
    np.testing.assert_allclose(t.min(axis=0), 0.0, atol=1e-15)
    np.testing.assert_allclose(t.max(axis=0), 1.0)
    lo, hi = train.min(axis=0), train.max(axis=0)
    np.testing.assert_allclose(s.transform(test), (test - lo) / (hi - lo))


def test_standard_fits_on_train_and_applies_train_statistics_to_test():
    g = rng()
    train, test = g.normal(-1, 3, size=(50, 2)), g.normal(5, 1, size=(7, 2))
    s = SCALERS["standard"]()
    t = s.fit_transform(train)
    np.testing.assert_allclose(t.mean(axis=0), 0.0, atol=1e-14)
    np.testing.assert_allclose(t.std(axis=0), 1.0)
    np.testing.assert_allclose(s.transform(test), (test - train.mean(0)) / train.std(0))


def test_standard_uses_population_sigma():
    # x = 1, 2, 3, 4: mu = 2.5, population sigma = sqrt(1.25) (sample sigma would be sqrt(5/3))
    t = SCALERS["standard"]().fit_transform(np.array([1.0, 2.0, 3.0, 4.0]))
    np.testing.assert_allclose(t, (np.array([1, 2, 3, 4]) - 2.5) / math.sqrt(1.25))


@pytest.mark.parametrize("name", list(SCALERS))
def test_scalers_map_a_constant_feature_to_zero_without_warnings(name):
    x = np.column_stack([np.full(5, 7.0), np.arange(5.0)])
    with np.errstate(all="raise"):
        t = SCALERS[name]().fit_transform(x)
    assert np.isfinite(t).all()
    expected_const = 7.0 if name == "none" else 0.0
    np.testing.assert_array_equal(t[:, 0], expected_const)


@pytest.mark.parametrize("name", list(SCALERS))
@settings(max_examples=30, deadline=None)
@given(x=st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=20))
def test_scalers_inverse_transform_round_trips(name, x):
    x = np.array(x)
    s = SCALERS[name]().fit(x)
    np.testing.assert_allclose(s.inverse_transform(s.transform(x)), x, atol=1e-9)


def test_none_scaler_is_identity():
    x = rng().normal(size=(6, 2))
    np.testing.assert_array_equal(SCALERS["none"]().fit_transform(x), x)


@pytest.mark.parametrize("name", list(SCALERS))
def test_scaler_rejects_use_before_fit_and_wrong_feature_count(name):
    with pytest.raises(ValueError, match="not fitted"):
        SCALERS[name]().transform(np.ones((2, 2)))
    s = SCALERS[name]().fit(np.ones((3, 2)))
    with pytest.raises(ValueError, match="2 features"):
        s.transform(np.ones((3, 3)))
    with pytest.raises(ValueError, match="non-empty"):
        SCALERS[name]().fit(np.ones((0, 2)))


# ---------------------------------------------------------------- split (SYLLABUS L7)


@settings(max_examples=150, deadline=None)
@given(
    n=st.integers(1, 300),
    val=st.floats(0, 0.45),
    test=st.floats(0, 0.45),
    seed=st.integers(0, 2**32 - 1),
)
def test_split_parts_are_disjoint_and_cover_every_row(n, val, test, seed):
    x = np.arange(n, dtype=np.float64).reshape(-1, 1)
    y = np.arange(n) * 10
    try:
        parts = split((x, y), val=val, test=test, rng=rng(seed))
    except ValueError as e:
        assert "no rows left for training" in str(e)
        assert (val + test) * n + 1 >= n  # rounding each part by at most 0.5 left nothing for training
        return
    ids = [p[0][:, 0].astype(int) for p in parts]
    for (px, py), i in zip(parts, ids):
        np.testing.assert_array_equal(py, i * 10)  # rows stay paired
    all_ids = np.concatenate(ids)
    assert sorted(all_ids.tolist()) == list(range(n))
    assert len(ids[0]) >= 1
    assert abs(len(ids[1]) - val * n) <= 0.5 and abs(len(ids[2]) - test * n) <= 0.5


def test_split_of_a_dataset_returns_datasets_and_is_seeded():
    d = data.iris()
    a = split(d, val=0.2, test=0.1, rng=rng(5))
    b = split(d, val=0.2, test=0.1, rng=rng(5))
    c = split(d, val=0.2, test=0.1, rng=rng(6))
    assert [len(p) for p in a] == [105, 30, 15]
    assert all(isinstance(p, Dataset) and p.classes == d.classes for p in a)
    for p, q in zip(a, b):
        np.testing.assert_array_equal(p.x, q.x)
    assert not np.array_equal(a[0].x, c[0].x)


@pytest.mark.parametrize(
    "kw, message",
    [
        (dict(val=-0.1), "val"),
        (dict(val=1.0), "val"),
        (dict(test=float("nan")), "test"),
        (dict(val=0.5, test=0.5), "val \\+ test"),
        (dict(val="a"), "val"),
        (dict(rng=None), "rng"),
    ],
)
def test_split_rejects_bad_arguments(kw, message):
    args = dict(val=0.2, test=0.2, rng=rng()) | kw
    with pytest.raises(ValueError, match=message):
        split((np.zeros((10, 1)), np.zeros(10)), **args)


def test_split_rejects_arrays_of_different_lengths():
    with pytest.raises(ValueError, match="same number of rows"):
        split((np.zeros((10, 1)), np.zeros(9)), rng=rng())


# ---------------------------------------------------------------- augmentation (SYLLABUS L7)


def test_augment_noise_keeps_originals_and_adds_jittered_copies():
    x = rng(1).normal(size=(8, 3))
    y = np.arange(8)
    xa, ya = augment_noise(x, y, copies=3, sigma=0.5, rng=rng(2))
    assert xa.shape == (32, 3) and ya.shape == (32,)
    np.testing.assert_array_equal(xa[:8], x)
    np.testing.assert_array_equal(ya, np.tile(y, 4))
    for c in range(1, 4):
        assert not np.array_equal(xa[8 * c:8 * (c + 1)], x)


def test_augment_noise_jitter_has_std_sigma():
    x = np.zeros((500, 4))
    xa, _ = augment_noise(x, np.zeros(500), copies=4, sigma=0.3, rng=rng())
    assert math.isclose(xa[500:].std(), 0.3, rel_tol=0.05)


def test_augment_noise_with_zero_copies_or_zero_sigma():
    x, y = np.ones((4, 2)), np.zeros(4)
    xa, ya = augment_noise(x, y, copies=0, sigma=1.0, rng=rng())
    np.testing.assert_array_equal(xa, x)
    xa, _ = augment_noise(x, y, copies=2, sigma=0.0, rng=rng())
    np.testing.assert_array_equal(xa, np.ones((12, 2)))


@pytest.mark.parametrize(
    "kw, message",
    [
        (dict(copies=-1), "copies"),
        (dict(copies=101), "copies"),
        (dict(copies=1.5), "copies"),
        (dict(sigma=-0.1), "sigma"),
        (dict(sigma=float("inf")), "sigma"),
        (dict(rng=0), "rng"),
        (dict(y=np.zeros(3)), "n rows"),
    ],
)
def test_augment_noise_rejects_bad_arguments(kw, message):
    args = dict(x=np.zeros((4, 2)), y=np.zeros(4), copies=1, sigma=0.1, rng=rng()) | kw
    with pytest.raises(ValueError, match=message):
        augment_noise(**args)


def test_augment_noise_limits_the_total_rows():
    with pytest.raises(ValueError, match="limit"):
        augment_noise(np.zeros((2000, 1)), np.zeros(2000), copies=100, sigma=0.1, rng=rng())


# ---------------------------------------------------------------- batches (SYLLABUS L2, L4)


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 500), b=st.integers(1, 600), shuffle=st.booleans(), seed=st.integers(0, 1000))
def test_batches_cover_every_index_once_per_epoch(n, b, shuffle, seed):
    parts = batches(n, b, shuffle=shuffle, rng=rng(seed))
    assert len(parts) == math.ceil(n / b)
    assert all(len(p) == b for p in parts[:-1]) and 1 <= len(parts[-1]) <= b
    assert sorted(np.concatenate(parts).tolist()) == list(range(n))
    if not shuffle:
        np.testing.assert_array_equal(np.concatenate(parts), np.arange(n))


def test_lecture_batch_sizes_on_twelve_examples():
    # L2: m = 12; batch GD = one update of 12, stochastic = 12 updates of 1, minibatch of 5 -> 5, 5, 2
    assert [len(p) for p in batches(12, 12)] == [12]
    assert [len(p) for p in batches(12, 1)] == [1] * 12
    assert [p.tolist() for p in batches(12, 5)] == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11]]


def test_shuffled_batches_depend_on_the_seed():
    a = np.concatenate(batches(100, 10, shuffle=True, rng=rng(1)))
    b = np.concatenate(batches(100, 10, shuffle=True, rng=rng(1)))
    c = np.concatenate(batches(100, 10, shuffle=True, rng=rng(2)))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c) and not np.array_equal(a, np.arange(100))


@pytest.mark.parametrize(
    "args, message",
    [((0, 4), "n"), ((10, 0), "batch_size"), ((10, 2.5), "batch_size"), ((10, True), "batch_size")],
)
def test_batches_reject_bad_arguments(args, message):
    with pytest.raises(ValueError, match=message):
        batches(*args)


def test_shuffled_batches_need_a_generator():
    with pytest.raises(ValueError, match="rng"):
        batches(10, 2, shuffle=True, rng=None)


# ---------------------------------------------------------------- generator argument checks


@pytest.mark.parametrize("name", GENERATED)
@pytest.mark.parametrize(
    "kw, message",
    [
        (dict(n=0), r"n must be in 1\.\.10000"),
        (dict(n=10_001), r"n must be in 1\.\.10000"),
        (dict(n=2.5), "n must be an integer"),
        (dict(n=True), "n must be an integer"),
        (dict(noise=-0.01), r"noise must be a finite number in \[0\.0, 1\.0\]"),
        (dict(noise=1.5), "noise"),
        (dict(noise=float("nan")), "noise"),
        (dict(noise=None), "noise"),
        (dict(rng=None), "rng must be a numpy.random.Generator"),
        (dict(rng=42), "rng"),
    ],
)
def test_generators_reject_bad_arguments(name, kw, message):
    args = dict(n=10, noise=0.1, rng=rng()) | kw
    with pytest.raises(ValueError, match=message):
        make(name, **args)


def test_generators_accept_the_limits():
    assert len(make("circle", n=1, noise=0.0, rng=rng())) == 1
    assert len(make("spiral", n=10_000, noise=1.0, rng=rng())) == 10_000


@pytest.mark.parametrize("classes", [2, 6, "3"])
def test_blobs_rejects_class_counts_outside_3_to_5(classes):
    with pytest.raises(ValueError, match=r"classes must be .*3\.\.5"):
        make("blobs", n=10, noise=0.0, rng=rng(), classes=classes)


def test_make_rejects_unknown_names_and_arguments():
    with pytest.raises(ValueError, match="unknown data set 'nope'.*circle"):
        make("nope", rng=rng())
    with pytest.raises(ValueError, match="takes no argument 'classes'"):
        make("circle", n=10, noise=0.0, rng=rng(), classes=3)


def test_dataset_validates_its_arrays():
    with pytest.raises(ValueError, match="float64"):
        Dataset(np.zeros((3, 1), dtype=np.float32), np.zeros(3), "regression", ["x"])
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        Dataset(np.zeros((3, 1)), np.zeros(4), "regression", ["x"])
    with pytest.raises(ValueError, match="class indices"):
        Dataset(np.zeros((3, 1)), np.array([0, 1, 2]), "binary", ["x"], ["a", "b"])
    with pytest.raises(ValueError, match="task"):
        Dataset(np.zeros((3, 1)), np.zeros(3), "ranking", ["x"])
