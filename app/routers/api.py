"""JSON API v1: /api/v1/trace (one forward and backward pass), /api/v1/train (minibatch training) and
/api/v1/attention (one attention head).

The NumPy work runs in the compute pool (app.compute), never on the event loop nor in the threads that serve pages. Bad input is
FastAPI's standard 422 `{"detail": [{"loc": [...], "msg": ..., "type": ...}]}`, whether pydantic finds it
(one field) or app.services.api does (fields together, nnlib's own ValueErrors).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from app import api_models as m
from app import json_input
from app.api_attention import AttentionRequest, AttentionResponse
from app.compute import Busy
from app.i18n import translate
from app.openapi import BAD_JSON, BUSY
from app.services import api as service
from app.settings import Settings, SettingsDep
from app.templating import request_lang


def _clean_input(value):
    """An error's echoed input, JSON-safe and small: a non-finite number as text, a list or object left out.

    FastAPI echoes each bad input; 1e400 (parsed as inf) or NaN in it would make the 422 itself fail to render
    (a 500), and a 10,000-row x would be echoed whole."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, str):
        return value[:200]
    return value if isinstance(value, (int, float)) else None


def _is_tag(loc: tuple, i: int) -> bool:
    """Whether loc[i] is the tag of a union of app.api_models (layer type, inputs, x, y, data, a kernel's pair),
    which is no key of the request body."""
    if i == 0:
        return False
    field = loc[i - 2] if isinstance(loc[i - 1], int) and i >= 2 else loc[i - 1]
    # "dataset" is also a key of data {dataset, n, ...}: as the loc's last part it is that key.
    return loc[i] in m.UNION_TAGS.get(field, ()) and (i + 1 < len(loc) or loc[i] != "dataset")


def _clean(err: dict) -> dict:
    err = dict(err)
    loc = tuple(err.get("loc", ()))
    err["loc"] = tuple(part for i, part in enumerate(loc) if not _is_tag(loc, i))
    value = _clean_input(err.pop("input", None))
    if value is not None:
        err["input"] = value
    return err


class ApiRequest(Request):
    """A request whose JSON body is read as JSON Schema reads it (app.json_input: 3.0 is the integer 3)."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = json_input.loads(await self.body())
        return self._json


class ApiRoute(APIRoute):
    """Reads bodies as ApiRequest, and rewrites each 422 error: loc as the field's path in the request body,
    input JSON-safe (see above)."""

    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()

        async def route_handler(request: Request) -> Response:
            try:
                return await handler(ApiRequest(request.scope, request.receive))
            except RequestValidationError as exc:
                raise RequestValidationError([_clean(err) for err in exc.errors()]) from None

        return route_handler


router = APIRouter(prefix="/api/v1", tags=["api v1"], route_class=ApiRoute, responses={**BAD_JSON, **BUSY})


def busy_response(exc: Busy, lang: str = "en") -> JSONResponse:
    """429 or 503 with Retry-After: the compute pool or a quota cannot take the request now."""
    return JSONResponse({"detail": translate(lang, exc.key, **exc.params), "error": exc.key},
                        status_code=exc.status, headers={"Retry-After": str(exc.retry_after)})


def _limits(settings: Settings) -> service.Limits:
    return service.Limits(train_max_sample_passes=settings.api_train_max_sample_passes,
                          train_max_updates=settings.api_train_max_updates,
                          trace_max_values=settings.api_trace_max_values,
                          max_seconds=settings.max_request_seconds)


async def _call(fn: Callable[..., dict], req, request: Request, settings: Settings) -> Any:
    """fn(req, limits) in the compute pool, for the request's session."""
    limits = _limits(settings)
    try:
        return await request.app.state.compute.run(request.state.session, lambda: fn(req, limits),
                                                   client=getattr(request.state, "client", ""), long=True)
    except Busy as exc:
        return busy_response(exc, request_lang(request))
    except service.InputError as exc:
        raise RequestValidationError([{"type": "value_error", "loc": ("body", *loc), "msg": msg}
                                      for loc, msg in exc.errors]) from None
    except ValueError as exc:  # nnlib's checks: still the request's fault, never a 500
        raise RequestValidationError([{"type": "value_error", "loc": ("body",), "msg": str(exc)}]) from None


@router.post("/trace", response_model=m.TraceResponse)
async def trace(req: m.TraceRequest, request: Request, settings: SettingsDep) -> Any:
    """One forward and backward pass of a network on a batch, with every intermediate value.

    Networks of dense layers take rows of features; convolutional networks take images: `network.inputs`
    [C, H, W], x (samples, C, H, W), layers conv2d, maxpool2d, avgpool2d, then flatten before the dense layers.
    Gradients are of the mean loss over the batch (PyTorch's reduction) plus the penalty. `mode` (default
    train) decides dropout and batchnorm; the weights left out are drawn by `init` from `seed`.
    """
    return await _call(service.trace, req, request, settings)


@router.post("/train", response_model=m.TrainResponse)
async def train(req: m.TrainRequest, request: Request, settings: SettingsDep) -> Any:
    """Train a network (dense, or convolutional on images, as for /trace) by minibatches and return the loss
    history and the trained network.

    A run that diverges (the loss or a weight stops being finite) still answers 200, with status "diverged",
    diverged_at and the finite history before it; no NaN or infinity ever appears in the JSON.
    """
    return await _call(service.train_slices, req, request, settings)


@router.post("/attention", response_model=AttentionResponse)
async def attention(req: AttentionRequest, request: Request, settings: SettingsDep) -> Any:
    """Scaled dot-product attention of one head: Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V.

    Returns the scores that enter the softmax, the attention weights (each row sums to 1) and the output.
    With `causal`, query i sees keys 0..i only: the hidden scores are -inf, answered as null, their weights 0.
    """
    return await _call(service.attention, req, request, settings)
