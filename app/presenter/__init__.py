"""Decks: ordered lists of scenes for a lecture at the projector.

A deck is a YAML or JSON file: {"title": {"pl", "en"}, "scenes": [{"slides", "title": {"pl", "en"}, "page",
"query"} or {"slides", "title", "scene": <a saved scene's id>}]}. nnlab ships `decks/lecture.yaml`, which follows
the lecture slide by slide; more are read from NNLAB_DECKS_DIR (a Docker volume). A deck's name is its file name
without the extension.

/present/{deck}/{n} opens scene n: the page in its state, with the presenter's bar (the scene's place in the
deck, the way to the previous and next scene, a QR code of the link) and projector mode on.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from app.scenes import QueryKey, QueryValue

SHIPPED = Path(__file__).resolve().parent / "decks"
NAME = r"^[a-z0-9][a-z0-9_-]{0,39}$"
MAX_BYTES = 256 * 1024


class Titles(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pl: str = Field(max_length=200)
    en: str = Field(max_length=200)


class DeckScene(BaseModel):
    model_config = ConfigDict(extra="forbid")
    slides: str = Field("", max_length=20)
    title: Titles
    page: str | None = Field(None, max_length=40, pattern=r"^[a-z0-9-]+$")
    query: dict[QueryKey, QueryValue] = Field(default_factory=dict, max_length=80)
    scene: str | None = Field(None, max_length=20, description="a saved scene's id instead of page and query")

    @model_validator(mode="after")
    def _one_of(self):
        if (self.page is None) == (self.scene is None):
            raise ValueError("a deck scene names either a page (with its query) or a saved scene")
        return self


class Deck(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Titles
    scenes: Annotated[list[DeckScene], Field(min_length=1, max_length=200)]


def _read(path: Path) -> Deck:
    text = path.read_bytes()[:MAX_BYTES].decode("utf-8")
    raw = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    return Deck.model_validate(raw)


def deck_files(extra_dir: Path | None) -> dict[str, Path]:
    """name -> file of every deck: the shipped ones, then those of the settings' directory (same name: the
    directory's wins, so a school can replace the lecture deck)."""
    found: dict[str, Path] = {}
    for folder in (SHIPPED, extra_dir):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix in (".yaml", ".yml", ".json") and path.is_file() and re.match(NAME, path.stem):
                found[path.stem] = path
    return found


@lru_cache(maxsize=64)
def _load(path: Path, mtime: float) -> Deck | str:
    """The deck of a file (cached while the file is unchanged), or the reason it cannot be read."""
    try:
        return _read(path)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError, ValidationError) as exc:
        return f"{path.name}: {str(exc).splitlines()[0][:200]}"


def load(name: str, extra_dir: Path | None) -> Deck | None:
    path = deck_files(extra_dir).get(name)
    if path is None:
        return None
    deck = _load(path, path.stat().st_mtime)
    return deck if isinstance(deck, Deck) else None


def problems(extra_dir: Path | None) -> dict[str, str]:
    """name -> why the deck file cannot be read (shown on the deck list, and logged)."""
    out = {}
    for name, path in deck_files(extra_dir).items():
        deck = _load(path, path.stat().st_mtime)
        if isinstance(deck, str):
            out[name] = deck
    return out


def page_path(page: str) -> str | None:
    """The path of a scene's page: a lesson that has a page, or the Playground."""
    from app.lessons import BY_SLUG

    if page == "playground":
        return "/playground"
    lesson = BY_SLUG.get(page)
    return lesson.path if lesson is not None and lesson.has_page else None


def context(request) -> dict | None:
    """The presenter's bar for a page opened from a deck (?present=<deck>&n=<n>), or None (templates read it)."""
    from urllib.parse import urlencode

    name, n = request.query_params.get("present"), request.query_params.get("n", "")
    if not name or not re.match(NAME, name) or not n.isascii() or not n.isdigit() or len(n) > 3:
        return None
    deck = load(name, getattr(request.app.state, "decks_dir", None))
    if deck is None or not 1 <= int(n) <= len(deck.scenes):
        return None
    n_int, total = int(n), len(deck.scenes)
    return {"deck": name, "title": deck.title, "n": n_int, "total": total, "scene": deck.scenes[n_int - 1],
            "prev": f"/present/{name}/{n_int - 1}" if n_int > 1 else None,
            "next": f"/present/{name}/{n_int + 1}" if n_int < total else None,
            "qr": "/qr.svg?" + urlencode({"path": f"/present/{name}/{n_int}"})}
