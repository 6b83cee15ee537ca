"""The message catalog: one module per topic, each a dict key -> {"pl": ..., "en": ...}.

A lesson adds its own module here and one line to `_MODULES`; a key defined twice is an error at import.
"""

from __future__ import annotations

from app.messages import api_docs, backprop, common, playground

_MODULES = (common, backprop, playground, api_docs)


def _merge() -> dict[str, dict[str, str]]:
    catalog: dict[str, dict[str, str]] = {}
    for module in _MODULES:
        for key, texts in module.MESSAGES.items():
            if key in catalog:
                raise ValueError(f"message key {key!r} defined twice (again in {module.__name__})")
            catalog[key] = texts
    return catalog


CATALOG = _merge()
