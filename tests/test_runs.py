"""Runs without HTTP: determinism, exact export/import, mid-run changes, divergence, the store's bounds."""

from __future__ import annotations

import json

import numpy as np
import pytest
from pydantic import ValidationError

from app.runs import service
from app.runs.experiment import Experiment
from app.runs.run import Run
from app.runs.store import MemoryRunStore


def weights(run: Run) -> list[np.ndarray]:
    return [p.data.copy() for p in run.model.parameters()]


def same(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))


@pytest.mark.parametrize("dataset", ["circle", "xor", "gauss", "spiral", "moons", "blobs", "fruit", "iris"])
def test_same_experiment_and_seed_train_identically(dataset):
    exp = Experiment(dataset=dataset, batch_size=5, dropout=0.2, batchnorm=True)
    a, b = Run(exp), Run(exp)
    a.train(37)
    b.train(20)
    b.train(17)
    assert same(weights(a), weights(b))
    # Validation points follow the chunks; the training curve does not.
    assert (a.history()["step"], a.history()["loss"]) == (b.history()["step"], b.history()["loss"])


def test_different_seed_gives_different_weights():
    a, b = Run(Experiment(seed=1)), Run(Experiment(seed=2))
    assert not same(weights(a), weights(b))


def test_export_import_round_trip_continues_identically():
    exp = Experiment(dataset="moons", optimizer={"name": "adam", "lr": 0.01}, batch_size=7, dropout=0.3)
    a = Run(exp)
    a.train(53)  # mid-epoch, with adam state and a used generator
    doc = json.loads(json.dumps(a.export()))
    b = Run.from_export(doc)
    assert same(weights(a), weights(b))
    a.train(100)
    b.train(100)
    assert same(weights(a), weights(b))
    assert a.history() == b.history()


def test_export_floats_round_trip_bit_for_bit():
    a = Run(Experiment())
    a.train(5)
    doc = json.loads(json.dumps(a.export()))
    b = Run.from_export(doc)
    for p, q in zip(a.model.parameters(), b.model.parameters()):
        assert p.data.tobytes() == q.data.tobytes()


@pytest.mark.parametrize("tamper, field", [
    (lambda d: d["state"]["parameters"].pop(), "parameters"),
    (lambda d: d["state"]["parameters"][0].append([1.0]), "parameters[0]"),
    (lambda d: d["state"].update(pos=10**6), "pos"),
    (lambda d: d["state"].update(order=[0, 0, 1]), "order"),
    (lambda d: d["experiment"].update(n=5), "experiment.n"),
    (lambda d: d.update(format="other"), "format"),
    (lambda d: d["curve"].update(loss=[1.0]), "curve"),
])
def test_tampered_export_is_rejected_naming_the_part(tamper, field):
    a = Run(Experiment())
    a.train(3)
    doc = json.loads(json.dumps(a.export()))
    tamper(doc)
    with pytest.raises(service.RunError) as err:
        service.import_run(MemoryRunStore(10, 60), "s", doc)
    assert err.value.status == 422
    assert field in err.value.message


def test_patch_keeps_weights_and_changes_the_learning_rate():
    run = Run(Experiment())
    run.train(10)
    before = weights(run)
    service.patch(run, {"optimizer": {"name": "sgd", "lr": 0.5}})
    assert same(before, weights(run))
    assert run.trainer.optimizer.lr == 0.5
    assert run.lr == 0.5
    run.train(1)
    assert not same(before, weights(run))


@pytest.mark.parametrize("change", [{"dataset": "xor"}, {"hidden": [{"units": 3}]}, {"seed": 9},
                                    {"init": "he_normal"}, {"batchnorm": True}])
def test_patch_of_data_architecture_init_or_seed_needs_a_reset(change):
    run = Run(Experiment())
    with pytest.raises(service.RunError) as err:
        service.patch(run, change)
    assert err.value.status == 409
    assert next(iter(change)) in err.value.message


def test_patch_rejects_out_of_bounds_values():
    run = Run(Experiment())
    with pytest.raises(ValidationError):
        service.patch(run, {"optimizer": {"name": "sgd", "lr": 11}})
    assert run.trainer.optimizer.lr == Experiment().optimizer.lr


def test_patch_batch_size_larger_than_training_set_is_422():
    run = Run(Experiment(n=50))
    with pytest.raises(service.RunError) as err:
        service.patch(run, {"batch_size": 40})
    assert err.value.status == 422 and "batch_size" in err.value.field


def test_divergence_stops_the_run_with_the_update_and_no_nan_anywhere():
    run = Run(Experiment(dataset="fruit", hidden=[], optimizer={"name": "sgd", "lr": 10}, batch_size=4))
    done = run.train(1000)
    assert run.status == "diverged"
    assert run.diverged_at == done + 1
    assert run.train(10) == 0
    payload = json.dumps(service.state(run), allow_nan=False)  # raises on NaN/inf
    frame = json.dumps(service.FrameMaker(run).frame(), allow_nan=False)
    assert "diverged" in payload and "diverged" in frame


def test_frames_carry_only_new_loss_points():
    run = Run(Experiment(batch_size=10))
    maker = service.FrameMaker(run)
    first = maker.frame()
    assert first["loss"] == [] and first["step"] == 0 and "grid" in first
    run.train(7)
    second = maker.frame()
    assert second["loss_step"] == list(range(1, 8))
    assert len(second["loss"]) == 7
    run.train(3)
    assert maker.frame()["loss_step"] == [8, 9, 10]


def test_store_evicts_least_recently_used_and_hides_other_sessions():
    store = MemoryRunStore(max_runs=2, idle_seconds=60)
    runs = [Run(Experiment(n=20, batch_size=2)) for _ in range(3)]
    store.add("a", runs[0])
    store.add("a", runs[1])
    assert store.get("a", runs[0].id) is runs[0]  # now runs[1] is the least recently used
    store.add("a", runs[2])
    assert store.get("a", runs[1].id) is None
    assert store.get("a", runs[0].id) is runs[0]
    assert store.get("b", runs[0].id) is None


def test_store_expires_idle_runs():
    now = [0.0]
    store = MemoryRunStore(max_runs=10, idle_seconds=30, clock=lambda: now[0])
    run = Run(Experiment(n=20, batch_size=2))
    store.add("a", run)
    now[0] = 29.0
    assert store.get("a", run.id) is run
    now[0] = 60.0
    assert store.get("a", run.id) is None
    assert len(store) == 0
