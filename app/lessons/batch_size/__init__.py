"""Lesson 4 (slides 24-26): one network and one data set trained with every batch size from 1 to the whole set,
measured live; and batch size 1 against the full batch on a small noisy set (the noise against overfitting)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from app.errors import AppError
from app.formatting import number, percent
from app.lessons.contract import FieldError, Invalid, LessonPage, Parsed
from app.services import playground

from . import maths, plots, tex
from .state import BatchSizeState

NONE = "\u2014"  # what a cell shows before there is a number


def _num(v, digits: int | None = None) -> str:
    if v is None:
        return NONE
    if digits is not None:
        v = float(f"{v:.{digits}g}")
    return number(v) or NONE


def milliseconds(seconds: float | None) -> str:
    """Seconds as milliseconds with 3 significant digits ("12.3 ms")."""
    return NONE if seconds is None else f"{_num(seconds * 1000, 3)}\u202fms"


def row_texts(r: dict, t) -> dict[str, str]:
    """The texts of one row of the measurement table (every number formatted here, none in the browser)."""
    return {"updates_per_epoch": _num(r["updates_per_epoch"]), "kilobytes": _num(r["kilobytes"]),
            "seconds_per_update": milliseconds(r["seconds_per_update"]),
            "seconds_per_epoch": milliseconds(r["seconds_per_epoch"]), "epoch": _num(r["epoch"]),
            "loss": _num(r["loss"], 4), "accuracy": percent(r["accuracy"]) or NONE, "noise": _num(r["noise"], 3),
            "status": t("bs.status.diverged") if r["status"] == "diverged" else ""}


def overfit_texts(r: dict, t) -> dict[str, str]:
    gap = None if r["loss"] is None or r["val_loss"] is None else r["val_loss"] - r["loss"]
    return {"step": _num(r["step"]), "loss": _num(r["loss"], 3), "val_loss": _num(r["val_loss"], 3),
            "gap": _num(gap, 3), "accuracy": percent(r["accuracy"]) or NONE,
            "val_accuracy": percent(r["val_accuracy"]) or NONE,
            "status": t("bs.status.diverged") if r["status"] == "diverged" else ""}


def empty_rows(m: int) -> list[dict]:
    """The rows before any training: what the plan knows (updates per epoch, memory), nothing measured."""
    return [{**p, "seconds_per_update": None, "seconds_per_epoch": None, "epoch": 0, "step": 0, "loss": None,
             "accuracy": None, "status": "ready", "steps": [], "curve": [], "noise": None} for p in maths.plan(m)]


def runs_of(request, most: int) -> list:
    """The session's runs named by ?ids= (1..most ids, comma-separated): 422 for a bad list, 404 for a run
    the session does not have (any more)."""
    ids = request.query_params.get("ids", "")
    parts = ids.split(",")
    if not ids or len(parts) > most or any(not p or len(p) > 64 for p in parts):
        raise Invalid(FieldError("ids", "bs.err.ids", {"most": most}))
    store, session = request.app.state.runs, request.state.session
    runs = [store.get(session, run_id) for run_id in parts]
    if any(run is None for run in runs):
        raise AppError(404, "bs.err.no_run")
    if not all(maths.is_lesson_run(run) for run in runs):
        raise AppError(409, "bs.err.not_lesson_run")
    return runs


def measured(runs: list) -> list[dict]:
    """maths.measure of each run (each under its own lock), its batch-sized caches dropped afterwards."""
    try:
        return [maths.measure(run) for run in runs]
    finally:
        for run in runs:
            run.release()


def view(parsed: Parsed, t, request) -> dict:
    """GET /lessons/batch-size/data/view?ids=...: the measurements of the page's runs right now (no training
    happens here): per run its row's texts and numbers, and both plots."""
    rows = measured(runs_of(request, maths.MAX_RUNS))
    return {"rows": [{"batch_size": r["batch_size"], "texts": row_texts(r, t), "epoch": r["epoch"],
                      "noise": r["noise"], "seconds_per_epoch": r["seconds_per_epoch"],
                      "updates_per_epoch": r["updates_per_epoch"], "kilobytes": r["kilobytes"], "loss": r["loss"]}
                     for r in rows],
            "plots": plots.plots(rows, t)}


def overfit(parsed: Parsed, t, request) -> dict:
    """GET /lessons/batch-size/data/overfit?ids=...: the training and validation numbers of the two runs of the
    second experiment."""
    rows = measured(runs_of(request, len(maths.OVERFIT_SIZES)))
    return {"rows": [{"batch_size": r["batch_size"], "texts": overfit_texts(r, t), "step": r["step"],
                      "loss": r["loss"], "val_loss": r["val_loss"]} for r in rows]}


def ids_openapi(most: int) -> dict:
    """The ?ids= of view and overfit in the OpenAPI schema: what runs_of takes, and its 404."""
    run_id = "[A-Za-z0-9_-]{1,64}"
    ids = {"name": "ids", "in": "query", "required": True,
           "description": f"the page's runs: 1..{most} run ids of this session, comma-separated",
           "schema": {"type": "string", "pattern": f"^{run_id}(,{run_id}){{0,{most - 1}}}$"}}
    return {"parameters": [ids], "responses": {404: {"description": "a run the session does not have (any more)"},
                                               409: {"description": "a run that is not one of this lesson's"}}}


view.openapi = ids_openapi(maths.MAX_RUNS)
overfit.openapi = ids_openapi(len(maths.OVERFIT_SIZES))


def shown_m(request) -> int | None:
    """The m the page shows now: that of the browser's URL (htmx sends it as HX-Current-URL; every good answer
    set it). The htmx answer resends the table and the plots only when m changed: they depend on nothing else."""
    url = request.headers.get("HX-Current-URL")
    if not url:
        return None
    return BatchSizeState.parse(dict(parse_qsl(urlsplit(url).query))).state.m


class BatchSizePage(LessonPage):
    State = BatchSizeState
    data = {"view": view, "overfit": overfit}

    def handle(self, query):
        parsed = super().handle(query)
        if "m" in parsed.errors:  # a size the select does not offer: name the ones it does
            parsed.errors["m"] = FieldError("m", "bs.err.m", {"sizes": ", ".join(str(v) for v in maths.SET_SIZES)})
        return parsed

    def context(self, parsed: Parsed, t) -> dict:
        st = parsed.state
        rows = empty_rows(st.m)
        return {"bs": maths, "tx": tex, "plan": rows, "texts": {r["batch_size"]: row_texts(r, t) for r in rows},
                "run_config": {**maths.run_config(st.m, st.lr, st.epochs, st.seed, f"{self.path}/data/view"),
                               "overfit": maths.overfit_config(st.seed, f"{self.path}/data/overfit")},
                "plots": plots.plots(rows, t), "shown_m": shown_m}

    def playground_url(self, state: BatchSizeState) -> str:
        exp = maths.playground_experiment(state.m, state.lr, state.seed)
        return playground.PATH + "?" + urlencode(playground.to_query(exp))


PAGE = BatchSizePage("batch-size")
