"""Scenes: a page (a lesson or the Playground) in a given state, trained weights included where there are some,
stored on the server behind a short random id, so a link (and its QR code) opens exactly that state on any
device, also after the server restarts.

A scene document: {"format": "nnlab-scene", "version": 1, "page": <lesson slug or "playground">, "query": the
page's URL query (its state), "runs": {role: a run export (app.runs.export)}, "title": optional}. The query is
checked by the page's own parser when the scene opens (a bad field shows its message, as in any URL); the runs by
the strict export schema when the page imports them.

The store is a SQLite file in NNLAB_DATA_DIR (or memory when no directory is set), bounded in scenes: beyond
NNLAB_MAX_SCENES the oldest go first. Several workers share it through the file (SQLite locks), or through Redis
when that store is configured.
"""

from __future__ import annotations

import gzip
import json
import secrets
import sqlite3
import threading
import time
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.lessons import LESSONS

ID_LENGTH = 10  # characters of a scene id (base64url): 60 random bits
MAX_QUERY_ITEMS = 80
MAX_RUNS = 12

QueryKey = Annotated[str, Field(min_length=1, max_length=40)]
# The pages a scene can show: every lesson that has a page, and the Playground (from the registry).
PageName = Literal[tuple(lesson.slug for lesson in LESSONS if lesson.has_page) + ("playground",)]  # type: ignore
QueryValue = Annotated[str, Field(max_length=2000)]


class SceneDocument(BaseModel):
    """A page in a state, with its runs: what "Save as scene" stores and a deck lists."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["nnlab-scene"] = "nnlab-scene"
    version: Literal[1] = 1
    page: PageName = Field(description="a lesson's slug, or playground")
    query: dict[QueryKey, QueryValue] = Field(default_factory=dict, max_length=MAX_QUERY_ITEMS,
                                              description="the page's URL query: its state")
    runs: dict[QueryKey, dict] = Field(default_factory=dict, max_length=MAX_RUNS,
                                       description="role -> a run's export document (GET /api/v1/runs/{id}/export)")
    title: str | None = Field(None, max_length=200)


def new_id() -> str:
    return secrets.token_urlsafe(ID_LENGTH * 3 // 4 + 1)[:ID_LENGTH]


class SceneStore:
    """Scenes by id in a SQLite database (a file, or memory for path None); thread-safe."""

    def __init__(self, path: Path | None, max_scenes: int = 10_000):
        self.max_scenes = max_scenes
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path) if path else ":memory:", check_same_thread=False, timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL" if path else "PRAGMA journal_mode=MEMORY")
        self._db.execute("CREATE TABLE IF NOT EXISTS scenes (id TEXT PRIMARY KEY, created REAL NOT NULL, "
                         "body BLOB NOT NULL)")
        self._db.commit()
        self._lock = threading.Lock()

    def put(self, doc: SceneDocument) -> str:
        body = gzip.compress(doc.model_dump_json().encode(), compresslevel=6)
        with self._lock:
            scene_id = new_id()
            self._db.execute("INSERT INTO scenes VALUES (?, ?, ?)", (scene_id, time.time(), body))
            # Bounded: the oldest scenes go first.
            self._db.execute("DELETE FROM scenes WHERE id IN (SELECT id FROM scenes ORDER BY created DESC "
                             "LIMIT -1 OFFSET ?)", (self.max_scenes,))
            self._db.commit()
        return scene_id

    def get(self, scene_id: str) -> SceneDocument | None:
        if not (len(scene_id) == ID_LENGTH and scene_id.replace("-", "").replace("_", "").isalnum()):
            return None
        with self._lock:
            row = self._db.execute("SELECT body FROM scenes WHERE id = ?", (scene_id,)).fetchone()
        if row is None:
            return None
        return SceneDocument.model_validate(json.loads(gzip.decompress(row[0])))

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM scenes").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._db.close()
