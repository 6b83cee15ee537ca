"""Both languages, always: every message and lesson title exists in Polish and English with the same
placeholders, and every message key the templates or the app use is in the catalog."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from app.i18n import LANGS, MESSAGES, choose_lang, parse_accept_language, placeholders, translate
from app.lessons import LESSONS
from app.messages import CATALOG

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
APP = ROOT / "app"

# A message key: dotted lowercase words whose first part is one of the catalog's namespaces.
NAMESPACES = {key.split(".")[0] for key in CATALOG}
KEY_RE = re.compile(r"""["']([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)["']""")
FILE_SUFFIXES = (".html", ".py", ".js", ".css", ".json", ".svg")


def _looks_like_key(text: str) -> bool:
    return text.split(".")[0] in NAMESPACES and not text.endswith(FILE_SUFFIXES)


def keys_in_template(source: str) -> set[str]:
    """Every quoted string in a template that looks like a message key ("bp.s1.heading")."""
    return {m.group(1) for m in KEY_RE.finditer(source) if _looks_like_key(m.group(1))}


def keys_in_python(source: str) -> set[str]:
    """Every string constant in Python source that looks like a message key."""
    return {
        node.value for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and re.fullmatch(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+", node.value) and _looks_like_key(node.value)
    }


def used_keys() -> dict[str, str]:
    """key -> the first file using it, over templates/ and app/ (the catalog itself excluded)."""
    used: dict[str, str] = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        for key in keys_in_template(path.read_text(encoding="utf-8")):
            used.setdefault(key, str(path.relative_to(ROOT)))
    for path in sorted(APP.rglob("*.py")):
        if path.is_relative_to(APP / "messages") or path.name == "messages.py":  # the catalog itself
            continue
        for key in keys_in_python(path.read_text(encoding="utf-8")):
            used.setdefault(key, str(path.relative_to(ROOT)))
    return used


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_message_exists_in_both_languages(key):
    texts = CATALOG[key]
    assert set(texts) == set(LANGS), f"{key}: languages {sorted(texts)}"
    for lang in LANGS:
        assert isinstance(texts[lang], str) and texts[lang].strip(), f"{key} is empty in {lang}"


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_placeholders_are_the_same_in_both_languages(key):
    pl, en = CATALOG[key]["pl"], CATALOG[key]["en"]
    assert placeholders(pl) == placeholders(en), f"{key}: pl {placeholders(pl)} vs en {placeholders(en)}"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_lesson_title_exists_in_both_languages(lesson):
    assert set(lesson.title) == set(LANGS)
    assert all(lesson.title[lang].strip() for lang in LANGS)


def test_every_key_used_by_templates_and_app_exists():
    used = used_keys()
    missing = {key: where for key, where in used.items() if key not in CATALOG}
    assert missing == {}, f"message keys used but not in the catalog: {missing}"


def test_the_scan_finds_the_keys_in_use():
    """The check above would pass vacuously if the scan found nothing."""
    used = used_keys()
    expected = {"bp.s1.heading", "index.slides", "error.not_found", "error.field.range", "chain.zero.relu_off"}
    assert expected <= set(used)


# Keys a page names through a registry, not literally: name("activation", key) and the glossary's terms.
# tests/test_glossary.py checks them against the registries.
BY_REGISTRY = ("name.", "glossary.")


def test_every_catalog_key_is_used():
    unused = sorted(k for k in set(CATALOG) - set(used_keys()) if not k.startswith(BY_REGISTRY))
    assert unused == [], f"messages nobody shows: {unused}"


def test_scanner_catches_a_missing_key():
    assert keys_in_template("""<h1>{{ t("bp.no_such_key") }}</h1> <a href="index.html">""") == {"bp.no_such_key"}
    assert keys_in_python("""raise AppError(404, "error.no_such_key")\nx = "app.main" """) == {"error.no_such_key"}


def test_translate_fills_placeholders_and_rejects_unknown_keys():
    assert translate("en", "index.slides", range="6–8") == "slides 6–8"
    assert translate("pl", "index.slides", range="6–8") == "slajdy 6–8"
    with pytest.raises(KeyError):
        translate("en", "no.such.key")


def test_catalog_views_per_language_are_complete():
    assert set(MESSAGES) == set(LANGS)
    assert all(set(MESSAGES[lang]) == set(CATALOG) for lang in LANGS)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("en-GB,en;q=0.9,pl;q=0.8", ["en", "en", "pl"]),
        ("pl;q=0.5, en;q=0.9", ["en", "pl"]),
        ("de, en;q=0", ["de"]),
        ("", []),
        (None, []),
        ("fr;q=abc, en", ["en"]),
    ],
)
def test_parse_accept_language(header, expected):
    assert parse_accept_language(header) == expected


@pytest.mark.parametrize(
    ("query", "cookie", "accept", "default", "expected"),
    [
        ("en", "pl", "pl", "pl", "en"),  # ?lang= wins
        (None, "en", "pl", "pl", "en"),  # then the cookie
        ("xx", "en", "pl", "pl", "en"),  # an unknown ?lang= is ignored
        (None, None, "de, en;q=0.5", "pl", "en"),  # then Accept-Language
        (None, "de", "de", "pl", "pl"),  # then the default
        (None, None, None, "en", "en"),
    ],
)
def test_choose_lang_precedence(query, cookie, accept, default, expected):
    assert choose_lang(query, cookie, accept, default) == expected
