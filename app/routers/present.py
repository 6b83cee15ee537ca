"""Scenes, short links, QR codes and the presenter: /api/v1/scenes, /s/{id}, /qr.svg, /present/{deck}/{n}.

A scene (app.scenes) opens at /s/{id}: the page with the scene's query and ?scene=<id>, so the page's script can
bring back the scene's trained runs. A deck (app.presenter) shows scene n at /present/{deck}/{n}: the page with
?present=<deck>&n=<n>, which adds the presenter's bar and projector mode (templates/_presenter.html).
"""

from __future__ import annotations

import io
from typing import Annotated, Any
from urllib.parse import urlencode

import segno
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from app import presenter
from app.api_models import Message
from app.errors import AppError
from app.openapi import BAD_JSON, HTML, invalid
from app.scenes import SceneDocument, SceneStore
from app.settings import Settings
from app.templating import templates

router = APIRouter()
SceneId = Annotated[str, Path(max_length=20, pattern=r"^[A-Za-z0-9_-]+$")]
NO_SCENE = {404: {"model": Message, "description": "no such scene (or it was dropped: the store keeps the newest)"}}
BAD_PATH = {400: {"description": "a malformed id, name or number (the error page)", "content": HTML}}
NO_SCENE_PAGE = {404: {"description": "no such scene (the error page)", "content": HTML}, **BAD_PATH}
NOT_FOUND_PAGE = {404: {"description": "no such deck or scene (the error page)", "content": HTML}, **BAD_PATH}


def scene_store(request: Request) -> SceneStore:
    return request.app.state.scenes


def public_base(request: Request) -> str:
    settings: Settings = request.app.state.settings
    return settings.public_url or str(request.base_url).rstrip("/")


def scene_url(doc: SceneDocument, scene_id: str | None = None, extra: dict | None = None) -> str:
    path = presenter.page_path(doc.page)
    if path is None:
        raise AppError(404, "error.scene_page")
    query = {**doc.query, **({"scene": scene_id} if scene_id else {}), **(extra or {})}
    return path + ("?" + urlencode(query) if query else "")


@router.post("/api/v1/scenes", status_code=201, tags=["scenes"], responses={
    **BAD_JSON, **invalid("not a scene document")})
def save_scene(doc: SceneDocument, request: Request) -> Any:
    """Keep a page's state (and its trained runs) behind a short link: {id, url, qr}. The link opens the same
    state on any device, also after a restart (the store is a file in NNLAB_DATA_DIR)."""
    scene_id = scene_store(request).put(doc)
    return {"id": scene_id, "url": f"/s/{scene_id}", "qr": f"/s/{scene_id}/qr.svg"}


@router.get("/api/v1/scenes/{scene_id}", tags=["scenes"], response_model=SceneDocument, responses=NO_SCENE)
def read_scene(scene_id: SceneId, request: Request) -> Any:
    doc = scene_store(request).get(scene_id)
    if doc is None:
        return JSONResponse({"detail": "no such scene"}, status_code=404)
    return doc


@router.get("/s/{scene_id}", response_class=RedirectResponse, status_code=303, responses=NO_SCENE_PAGE)
def open_scene(scene_id: SceneId, request: Request) -> Response:
    """The scene's page in the scene's state (a relative redirect)."""
    doc = scene_store(request).get(scene_id)
    if doc is None:
        raise AppError(404, "error.scene_unknown")
    return RedirectResponse(scene_url(doc, scene_id), status_code=303)


def qr_svg(url: str) -> Response:
    """A QR code of `url` as SVG, black on white, made here (segno), with a quiet zone."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=6, dark="#000000", light="#ffffff", border=4,
                                    xmldecl=False)
    return Response(out.getvalue(), media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})


@router.get("/s/{scene_id}/qr.svg", response_class=Response, responses={
    200: {"content": {"image/svg+xml": {}}}, **NO_SCENE_PAGE})
def scene_qr(scene_id: SceneId, request: Request) -> Response:
    if scene_store(request).get(scene_id) is None:
        raise AppError(404, "error.scene_unknown")
    return qr_svg(f"{public_base(request)}/s/{scene_id}")


@router.get("/qr.svg", response_class=Response, responses={200: {"content": {"image/svg+xml": {}}}, **BAD_PATH})
def page_qr(request: Request, path: Annotated[str, Query(max_length=600, pattern=r"^/[^/\\]")]) -> Response:
    """A QR code of a page of this server (`path`: its path and query, e.g. /present/lecture/3)."""
    return qr_svg(public_base(request) + path)


# ---------------------------------------------------------------- decks


@router.get("/present", response_class=HTMLResponse)
def decks(request: Request) -> Response:
    """The decks this server has: the lecture's, and those of NNLAB_DECKS_DIR."""
    extra = request.app.state.decks_dir
    found = {name: presenter.load(name, extra) for name in presenter.deck_files(extra)}
    return templates.TemplateResponse(request, "present.html", {
        "decks": {n: d for n, d in found.items() if d is not None}, "problems": presenter.problems(extra)})


@router.get("/present/{deck}", response_class=RedirectResponse, status_code=303, responses=NOT_FOUND_PAGE)
def deck_start(deck: Annotated[str, Path(pattern=presenter.NAME)], request: Request) -> Response:
    return present(deck, 1, request)


@router.get("/present/{deck}/{n}", response_class=RedirectResponse, status_code=303, responses=NOT_FOUND_PAGE)
def present(deck: Annotated[str, Path(pattern=presenter.NAME)],
            n: Annotated[int, Path(ge=1, le=200)], request: Request) -> Response:
    """Scene n of the deck: its page in its state, with the presenter's bar (?present=<deck>&n=<n>)."""
    found = presenter.load(deck, request.app.state.decks_dir)
    if found is None:
        raise AppError(404, "error.deck_unknown")
    if n > len(found.scenes):
        raise AppError(404, "error.deck_scene", total=len(found.scenes))
    item = found.scenes[n - 1]
    marks = {"present": deck, "n": str(n)}
    if item.scene is not None:
        doc = scene_store(request).get(item.scene)
        if doc is None:
            raise AppError(404, "error.scene_unknown")
        return RedirectResponse(scene_url(doc, item.scene, marks), status_code=303)
    doc = SceneDocument(page=item.page, query=item.query)
    return RedirectResponse(scene_url(doc, None, marks), status_code=303)
