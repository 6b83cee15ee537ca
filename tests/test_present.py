"""Scenes, short links, decks and the presenter (app.scenes, app.presenter, app/routers/present.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from app import presenter
from app.lessons import LESSONS
from app.main import create_app
from app.scenes import SceneDocument, SceneStore
from app.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DECK = presenter.load("lecture", None)


def soup_of(r):
    return BeautifulSoup(r.text, "html.parser")


def test_the_shipped_deck_follows_the_lecture_and_every_scene_opens():
    assert DECK is not None and len(DECK.scenes) >= 15
    pages = {s.page for s in DECK.scenes}
    assert {"backprop", "learning-rate", "overfitting", "playground"} <= pages


@pytest.mark.parametrize("n", range(1, len(DECK.scenes) + 1))
def test_each_scene_of_the_lecture_deck_opens_in_its_state_with_the_presenter_bar(client, n):
    r = client.get(f"/present/lecture/{n}", follow_redirects=False)
    assert r.status_code == 303
    location = r.headers["location"]
    assert location.startswith("/") and "present=lecture" in location and f"n={n}" in location
    page = client.get(location + "&lang=en")
    assert page.status_code == 200
    soup = soup_of(page)
    bar = soup.select_one("#presenter")
    assert bar["data-n"] == str(n) and bar["data-total"] == str(len(DECK.scenes))
    assert "projector" in soup.html["class"]
    assert (bar.get("data-prev") is None) == (n == 1) and (bar.get("data-next") is None) == (n == len(DECK.scenes))
    assert DECK.scenes[n - 1].title.en in soup.select_one("#presenter-scene").get_text()
    # The language switch keeps the scene.
    pl = soup.select_one('#lang-switch a[data-lang="pl"]')["href"]
    assert "present=lecture" in pl and f"n={n}" in pl


def test_unknown_decks_and_scenes_are_404_pages(client):
    assert client.get("/present/nosuchdeck/1").status_code == 404
    assert client.get(f"/present/lecture/{len(DECK.scenes) + 1}").status_code == 404
    assert client.get("/s/AAAAAAAAAA").status_code == 404


def test_a_schools_own_decks_are_read_from_the_decks_directory(tmp_path):
    (tmp_path / "mine.yaml").write_text("title: {pl: Moja, en: Mine}\nscenes:\n"
                                        "  - {slides: '1', title: {pl: a, en: a}, page: softmax, query: {z1: '1'}}\n")
    (tmp_path / "broken.yaml").write_text("title: [\n")
    app = create_app(Settings(decks_dir=str(tmp_path), data_dir=""))
    with TestClient(app) as c:
        listing = soup_of(c.get("/present?lang=en"))
        assert [li["data-deck"] for li in listing.select("#decks li")] == ["lecture", "mine"]
        assert listing.select_one('[data-deck-problem="broken"]') is not None
        assert c.get("/present/mine/1", follow_redirects=False).headers["location"].startswith(
            "/lessons/softmax?z1=1&present=mine&n=1")


def test_a_saved_scene_opens_its_page_in_its_state(client):
    r = client.post("/api/v1/scenes", json={"page": "backprop", "query": {"w111": "10", "view": "backward"}})
    assert r.status_code == 201
    scene = r.json()
    opened = client.get(scene["url"], follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == (
        f"/lessons/backprop?w111=10&view=backward&scene={scene['id']}")
    assert client.get(opened.headers["location"]).status_code == 200
    assert client.get(f"/api/v1/scenes/{scene['id']}").json()["query"] == {"w111": "10", "view": "backward"}
    qr = client.get(scene["qr"])
    assert qr.status_code == 200 and qr.headers["content-type"] == "image/svg+xml" and b"<svg" in qr.content


def test_a_scene_must_name_a_page_and_stay_bounded(client):
    assert client.post("/api/v1/scenes", json={"page": "nosuchpage"}).status_code == 422
    assert client.post("/api/v1/scenes", json={"page": "backprop", "extra": 1}).status_code == 422
    assert client.post("/api/v1/scenes", json={"page": "backprop", "query": {"x": "1" * 3000}}).status_code == 422


def test_the_scene_store_keeps_the_newest(tmp_path):
    store = SceneStore(tmp_path / "s.sqlite", max_scenes=10)
    ids = [store.put(SceneDocument(page="backprop", query={"w111": str(i)})) for i in range(12)]
    assert len(store) == 10 and store.get(ids[0]) is None and store.get(ids[-1]).query == {"w111": "11"}


def _serve(data_dir: Path, port: int) -> subprocess.Popen:
    env = {"NNLAB_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port), "--log-level",
                             "warning"], cwd=ROOT, env=env)
    for _ in range(100):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("the server did not start")


def test_a_scene_with_trained_weights_survives_a_restart_bit_for_bit(tmp_path):
    from tests.conftest import _free_port

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = _serve(tmp_path, port)
    try:
        with httpx.Client(base_url=base, timeout=30) as c:
            run_id = c.post("/api/v1/runs", json={"dataset": "moons", "optimizer": {"name": "adam", "lr": 0.01}}
                            ).json()["id"]
            c.post(f"/api/v1/runs/{run_id}/step", json={"updates": 37})
            export = c.get(f"/api/v1/runs/{run_id}/export").json()
            scene = c.post("/api/v1/scenes", json={"page": "playground", "query": {"dataset": "moons"},
                                                   "runs": {"main": export}}).json()
    finally:
        proc.terminate()
        proc.wait(10)
    proc = _serve(tmp_path, port)  # a new process: nothing survives but the file
    try:
        with httpx.Client(base_url=base, timeout=30) as c:
            saved = c.get(f"/api/v1/scenes/{scene['id']}").json()
            imported = c.post("/api/v1/runs/import", json=saved["runs"]["main"])
            assert imported.status_code == 201
            again = c.get(f"/api/v1/runs/{imported.json()['id']}/export").json()
    finally:
        proc.terminate()
        proc.wait(10)
    assert json.dumps(again["state"]["parameters"]) == json.dumps(export["state"]["parameters"])
    assert again["state"]["step"] == 37 and again["state"]["rng"] == export["state"]["rng"]


@pytest.mark.parametrize("lesson", [lesson for lesson in LESSONS if lesson.has_page], ids=lambda lesson: lesson.slug)
def test_every_lesson_with_an_experiment_has_keys_for_its_buttons(client, lesson):
    """A lesson's first main button (train, play, step) answers a key, and the page has a reset or a step key."""
    soup = BeautifulSoup(client.get(lesson.path, params={"lang": "en"}).text, "html.parser")
    main = [b for b in soup.select("main button.primary[id]") if b.get("type") == "button"]
    assert main, "no main button: every lesson has an experiment"
    assert main[0].get("data-key"), main[0]["id"]
    keys = {k for b in soup.select("button[data-key]") for k in b["data-key"].split()}
    assert keys & {"r", "s"}, keys
