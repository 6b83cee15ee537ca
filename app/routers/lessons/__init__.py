"""One router module per lesson page (lessons 2-10); each defines `router`. main.py includes every one found."""

from __future__ import annotations

import importlib
import pkgutil

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    return [importlib.import_module(f"{__name__}.{info.name}").router
            for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)]
