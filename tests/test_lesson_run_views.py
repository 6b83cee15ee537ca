"""Every lesson's run view answers a run of any other kind with 200 or 409, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.main import create_app

APP = create_app()
VIEWS = sorted(path for path, ops in APP.openapi()["paths"].items()
               if path.startswith("/lessons/") and "{run_id}" in path and "get" in ops)
OTHER_RUNS = [{"dataset": "circle", "n": 40, "batch_size": 4},
              {"dataset": "fruit", "val": 0, "test": 0, "batch_size": 3, "hidden": []},
              {"dataset": "iris", "batch_size": 10, "hidden": [{"units": 3, "activation": "relu"}]}]


def test_the_app_has_lesson_run_views():
    assert len(VIEWS) >= 5


@pytest.mark.parametrize("experiment", OTHER_RUNS, ids=lambda e: e["dataset"])
@pytest.mark.parametrize("view", VIEWS)
def test_lesson_run_view_of_another_kind_of_run_is_not_a_server_error(view, experiment):
    with TestClient(APP, raise_server_exceptions=False) as client:
        run_id = client.post("/api/v1/runs", json=experiment).json()["id"]
        client.post(f"/api/v1/runs/{run_id}/step", json={"updates": 3})
        r = client.get(view.replace("{run_id}", run_id))
        assert r.status_code in (200, 409), (view, r.status_code, r.text[:300])
        assert client.get(view.replace("{run_id}", "no-such-run")).status_code == 404
