"""Homework exports of a run (/api/v1/runs/{id}/export.npz, weights.csv, export.py), downloaded over HTTP:
the .npz loads with numpy.load(allow_pickle=False), and the PyTorch script, run as a learner would run it (a real
Python process beside the downloaded .npz), computes the run's own forward pass (relative 1e-6)."""

from __future__ import annotations

import csv
import subprocess
import sys

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.runs.export import from_export

MLP = {"dataset": "circle", "n": 60, "batch_size": 6, "hidden": [{"units": 3, "activation": "tanh"}]}
RICH = {"dataset": "blobs", "classes": 3, "n": 90, "batch_size": 9, "batchnorm": True, "dropout": 0.2,
        "scaling": "standard", "hidden": [{"units": 5, "activation": "prelu"}, {"units": 4, "activation": "leaky_relu"},
                                          {"units": 3, "activation": "elu"}]}
LENET = {"model": "lenet", "n": 60, "batch_size": 6, "conv": {"channels": [2, 3], "kernel": 3},
         "hidden": [{"units": 4, "activation": "relu"}]}
ATTENTION = {"model": "attention", "n": 40, "batch_size": 4, "hidden": [{"units": 4, "activation": "relu"}]}


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as c:
        yield c


def trained(client, experiment: dict, updates: int = 12) -> str:
    r = client.post("/api/v1/runs", json=experiment, params={"brief": True})
    assert r.status_code == 201, r.text
    run_id = r.json()["id"]
    assert client.post(f"/api/v1/runs/{run_id}/step", json={"updates": updates}).status_code == 200
    return run_id


def download(client, run_id: str, name: str, tmp_path):
    r = client.get(f"/api/v1/runs/{run_id}/{name}")
    assert r.status_code == 200, r.text
    filename = r.headers["content-disposition"].split('filename="')[1].rstrip('"')
    assert filename.startswith(f"nnlab-run-{run_id[:8]}")
    path = tmp_path / filename
    path.write_bytes(r.content)
    return path, r


def forward(client, run_id: str, x: np.ndarray) -> np.ndarray:
    """The run's own forward pass (eval mode), from its JSON export rebuilt as a run."""
    return from_export(client.get(f"/api/v1/runs/{run_id}/export").json()).predict(x)


def test_npz_holds_weights_history_and_data_without_pickles(client, tmp_path):
    run_id = trained(client, MLP, updates=9)
    path, r = download(client, run_id, "export.npz", tmp_path)
    assert r.headers["content-type"] == "application/octet-stream"
    state = client.get(f"/api/v1/runs/{run_id}").json()
    params = client.get(f"/api/v1/runs/{run_id}/export").json()["state"]["parameters"]
    with np.load(path, allow_pickle=False) as f:
        assert sorted(k for k in f.files if not k.startswith(("history.", "data."))) == [
            "0.bias", "0.weight", "2.bias", "2.weight"]  # Linear, Tanh, Linear, Sigmoid
        assert f["0.weight"].shape == (3, 2) and f["2.weight"].shape == (1, 3)
        assert [f[k].tolist() for k in ("0.weight", "0.bias", "2.weight", "2.bias")] == params
        assert f["history.step"].tolist() == list(range(1, 10))
        assert f["history.train_loss"].tolist() == state["history"]["loss"]
        assert f["history.val_loss"].tolist() == state["history"]["val_loss"]
        assert f["data.x_train"].shape[1] == 2 and len(f["data.y_train"]) == len(f["data.x_train"])


def test_weights_csv_has_one_row_per_number(client, tmp_path):
    run_id = trained(client, MLP)
    path, r = download(client, run_id, "weights.csv", tmp_path)
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(path.open()))
    assert len(rows) == 3 * 2 + 3 + 1 * 3 + 1
    params = client.get(f"/api/v1/runs/{run_id}/export").json()["state"]["parameters"]
    w = {(row["i"], row["j"]): float(row["value"]) for row in rows if row["parameter"] == "0.weight"}
    assert w[("2", "1")] == params[0][2][1]
    assert all(row["k"] == row["l"] == "" for row in rows)


@pytest.mark.torch
@pytest.mark.parametrize("experiment", [MLP, RICH, LENET], ids=["tanh-mlp", "batchnorm-dropout-prelu", "lenet"])
def test_torch_script_reproduces_the_runs_forward_pass(client, tmp_path, experiment):
    pytest.importorskip("torch", reason="PyTorch is the reference; install torch==2.13.0")
    run_id = trained(client, experiment)
    npz, _ = download(client, run_id, "export.npz", tmp_path)
    script, r = download(client, run_id, "export.py", tmp_path)
    assert r.headers["content-type"].startswith("text/x-python")
    assert "nn.Sequential(" in r.text and npz.name in r.text
    # Run it as a learner would, then keep its output for the comparison.
    script.write_text(r.text + "np.save('out.npy', out.numpy())\n")
    done = subprocess.run([sys.executable, script.name], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    theirs = np.load(tmp_path / "out.npy", allow_pickle=False)
    with np.load(npz, allow_pickle=False) as f:
        ours = forward(client, run_id, f["data.x_train"])
    assert theirs.shape == ours.shape
    np.testing.assert_allclose(theirs, ours, rtol=1e-6, atol=1e-12)


def test_attention_has_npz_weights_but_no_torch_script(client, tmp_path):
    run_id = trained(client, ATTENTION, updates=2)
    path, _ = download(client, run_id, "export.npz", tmp_path)
    with np.load(path, allow_pickle=False) as f:
        assert {"layers.0.w_q", "layers.0.w_k", "layers.0.w_v"} <= set(f.files)
    r = client.get(f"/api/v1/runs/{run_id}/export.py")
    assert r.status_code == 409 and "nn.Sequential" in r.json()["detail"]


def test_exports_of_an_unknown_run_are_404(client):
    for name in ("export.npz", "weights.csv", "export.py"):
        assert client.get(f"/api/v1/runs/{'0' * 32}/{name}").status_code == 404
