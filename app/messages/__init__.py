"""The message catalog: one module per topic in this package, each a dict MESSAGES: key -> {"pl": ..., "en": ...}.

Every module here is loaded (a lesson adds its own module and nothing else); a key defined twice is an error
at import.
"""

from __future__ import annotations

import importlib
import pkgutil


def _merge() -> dict[str, dict[str, str]]:
    catalog: dict[str, dict[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, texts in module.MESSAGES.items():
            if key in catalog:
                raise ValueError(f"message key {key!r} defined twice (again in {module.__name__})")
            catalog[key] = texts
    return catalog


CATALOG = _merge()
