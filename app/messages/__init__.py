"""The message catalog: one module per topic in this package, each a dict MESSAGES: key -> {"pl": ..., "en": ...}.

Every module here is loaded, and every lesson's app/lessons/<package>/messages.py; a key defined twice is an
error at import.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from pathlib import Path


def _modules():
    """The topic modules here, then each lesson's own messages (app/lessons/<package>/messages.py)."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        yield importlib.import_module(f"{__name__}.{info.name}")
    lessons = Path(__file__).resolve().parent.parent / "lessons"
    for path in sorted(lessons.glob("*/messages.py")):
        # Loaded as a file of its own, not through the lesson's package (whose __init__ imports the app).
        spec = importlib.util.spec_from_file_location(f"app.messages._lesson_{path.parent.name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module


def _merge() -> dict[str, dict[str, str]]:
    catalog: dict[str, dict[str, str]] = {}
    for module in _modules():
        for key, texts in module.MESSAGES.items():
            if key in catalog:
                raise ValueError(f"message key {key!r} defined twice (again in {module.__name__})")
            catalog[key] = texts
    return catalog


CATALOG = _merge()
