"""The application shell: health, start page, languages, errors, offline pages, security headers."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.errors import AppError
from app.lessons import LESSONS
from app.main import create_app
from app.settings import Settings

# The lecture's sections (SYLLABUS.md): number, slug, first and last slide.
SECTIONS = [
    (1, "backprop", 6, 8), (2, "gradient-descent", 9, 13), (3, "learning-rate", 14, 23), (4, "batch-size", 24, 26),
    (5, "initialization", 27, 29), (6, "regularization", 30, 32), (7, "overfitting", 33, 38), (8, "softmax", 48, 51),
    (9, "activations", 52, 55), (10, "losses", 56, 57), (11, "convolutional", 58, 64), (12, "transformers", 65, 70),
]
PAGES = ["/"] + [lesson.path for lesson in LESSONS if lesson.has_page]
URL_ATTRS = ("src", "href", "action", "formaction", "hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete",
             "poster", "data", "srcset")


@pytest.fixture(autouse=True)
def _no_cookies(client):
    """The module's client is shared: start every test without a language cookie."""
    client.cookies.clear()
    yield
    client.cookies.clear()


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}


def test_index_lists_every_section_in_lecture_order_with_slides(client):
    soup = soup_of(client.get("/?lang=en"))
    items = soup.select("#lessons > li[data-lesson]")
    got = [(int(li["data-number"]), li["data-lesson"], li["data-slides"]) for li in items]
    assert got == [(n, slug, f"{a}-{b}") for n, slug, a, b in SECTIONS]
    for li, (_, _, a, b) in zip(items, SECTIONS):
        assert f"{a}\u2013{b}" in li.select_one(".lesson-slides").get_text()


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_index_links_every_lesson_in_lecture_order(client, lang):
    soup = soup_of(client.get(f"/?lang={lang}"))
    items = soup.select("#lessons > li[data-lesson]")
    assert [li["data-lesson"] for li in items] == [lesson.slug for lesson in LESSONS]
    for li, lesson in zip(items, LESSONS):
        assert li.select_one("a[href]")["href"] == f"/lessons/{lesson.slug}"
        assert li.select_one("a[href]").get_text() == lesson.title[lang]
    assert soup.select_one('#lesson-backprop a[href="/lessons/backprop"]') is not None


@pytest.mark.parametrize(
    ("query", "cookie", "accept", "expected"),
    [
        ("", None, None, "pl"),  # settings.default_lang
        ("", None, "en-US,en;q=0.9", "en"),
        ("", "pl", "en-US,en;q=0.9", "pl"),  # the cookie beats Accept-Language
        ("?lang=en", "pl", "pl", "en"),  # ?lang= beats the cookie
        ("?lang=xx", None, "en", "en"),  # an unknown ?lang= is ignored
        ("", None, "de", "pl"),
    ],
)
def test_language_precedence(client, query, cookie, accept, expected):
    if cookie:
        client.cookies.set("nnlab_lang", cookie)
    headers = {"Accept-Language": accept} if accept else {}
    soup = soup_of(client.get("/" + query, headers=headers))
    assert soup.html["lang"] == expected
    assert soup.select_one("#lang-switch a[aria-current]")["data-lang"] == expected


def test_lang_query_sets_a_cookie_that_sticks(client):
    r = client.get("/?lang=en")
    assert "nnlab_lang=en" in r.headers["set-cookie"]
    assert soup_of(client.get("/")).html["lang"] == "en"
    # Without ?lang= no cookie is set.
    assert "set-cookie" not in client.get("/").headers


def test_language_switch_keeps_the_path_and_query(client):
    soup = soup_of(client.get("/lessons/backprop?w111=10&view=backward&lang=pl"))
    links = {a["data-lang"]: a["href"] for a in soup.select("#lang-switch a")}
    assert set(links) == {"pl", "en"}
    for lang, href in links.items():
        parts = urlsplit(href)
        assert parts.path == "/lessons/backprop"
        query = parse_qs(parts.query)
        assert query["lang"] == [lang]
        assert query["w111"] == ["10"] and query["view"] == ["backward"]


@pytest.mark.parametrize(("lang", "title"), [("pl", "Nie znaleziono strony"), ("en", "Page not found")])
@pytest.mark.parametrize("path", ["/no/such/page", "/lessons/no-such-lesson"])
def test_not_found_page_in_both_languages(client, path, lang, title):
    r = client.get(f"{path}?lang={lang}")
    assert r.status_code == 404
    soup = soup_of(r)
    assert soup.html["lang"] == lang
    assert soup.select_one("#error-title").get_text(strip=True) == title
    assert soup.select_one("#error-message").get_text(strip=True)


def test_htmx_error_is_an_out_of_band_fragment(client):
    r = client.get("/no/such/page?lang=en", headers={"HX-Request": "true"})
    assert r.status_code == 404
    assert r.headers["HX-Reswap"] == "none"
    soup = soup_of(r)
    assert soup.html is None  # a fragment, not a page
    flash = soup.select_one("#flash")
    assert flash["hx-swap-oob"] == "true" and "Page not found" in flash.get_text()


def test_api_errors_are_json(client):
    r = client.get("/api/no-such-endpoint")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/json")
    assert "detail" in r.json()


def _app_with_failing_routes() -> FastAPI:
    app = create_app()

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internal detail")

    @app.get("/api/boom")
    def api_boom():
        raise RuntimeError("secret internal detail")

    @app.get("/api/gone")
    def api_gone():
        raise AppError(404, "error.not_found")

    return app


def test_unexpected_error_shows_a_plain_bilingual_page_without_traceback():
    with TestClient(_app_with_failing_routes(), raise_server_exceptions=False) as c:
        r = c.get("/boom")
        assert r.status_code == 500
        assert "Błąd serwera" in r.text and "Server error" in r.text
        assert "Traceback" not in r.text and "secret internal detail" not in r.text
        api = c.get("/api/boom")
        assert api.status_code == 500 and "secret" not in api.text
        htmx = c.get("/boom", headers={"HX-Request": "true"})
        assert htmx.status_code == 500 and htmx.headers["HX-Reswap"] == "none"
        assert soup_of(htmx).select_one("#flash")["hx-swap-oob"] == "true"


def test_app_error_on_an_api_route_is_json_with_the_message_key():
    with TestClient(_app_with_failing_routes()) as c:
        r = c.get("/api/gone", headers={"Accept-Language": "en"})
        assert r.status_code == 404
        assert r.json()["error"] == "error.not_found"
        assert r.json()["detail"].startswith("There is no page")


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["pl", "en"])
def test_rendered_page_references_no_other_host(client, path, lang):
    r = client.get(f"{path}?lang={lang}")
    assert r.status_code == 200
    soup = soup_of(r)
    urls = [el[attr] for attr in URL_ATTRS for el in soup.find_all(attrs={attr: True})]
    assert urls, "the scan found no URLs at all"
    for url in urls:
        parts = urlsplit(url.strip())
        assert parts.scheme == "" and parts.netloc == "", f"{path}: {url} points to another host"
    # Every local script and stylesheet the page loads exists.
    for el in soup.select("script[src], link[href]"):
        ref = el.get("src") or el.get("href")
        assert client.get(ref).status_code == 200, f"{path}: {ref} is missing"


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_inline_javascript(client, path):
    """What a strict CSP requires: scripts come from files; inline <script> only as JSON data."""
    soup = soup_of(client.get(path))
    for script in soup.find_all("script"):
        assert script.get("src") or script.get("type") == "application/json", str(script)[:120]
    for el in soup.find_all(True):
        handlers = [a for a in el.attrs if a.startswith("on") or a.startswith("hx-on") or a == "hx-vars"]
        assert handlers == [], f"inline handler on <{el.name}>: {handlers}"


@pytest.mark.parametrize("path", [*PAGES, "/no/such/page", "/healthz", "/static/css/nnlab.css"])
def test_content_security_policy_header(client, path):
    csp = client.get(path).headers["content-security-policy"]
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-eval'" not in csp


def test_base_layout_configures_htmx_for_csp_and_errors(client):
    import json

    soup = soup_of(client.get("/"))
    config = json.loads(soup.select_one('meta[name="htmx-config"]')["content"])
    assert config["includeIndicatorStyles"] is False and config["allowEval"] is False
    handling = {rule["code"]: rule for rule in config["responseHandling"]}
    assert handling["[45].."]["swap"] is True  # error answers carry only out-of-band content
    scripts = [s["src"].split("?")[0] for s in soup.select("script[src]")]  # without the ?v= version
    assert "/static/vendor/htmx-2.0.11.min.js" in scripts and "/static/js/nnlab.js" in scripts
    assert not any("plotly" in s for s in scripts)  # only pages with plots load Plotly


def test_default_language_comes_from_settings(monkeypatch):
    with TestClient(create_app(Settings(default_lang="en"))) as c:
        assert soup_of(c.get("/")).html["lang"] == "en"
    monkeypatch.setenv("NNLAB_DEFAULT_LANG", "en")
    assert Settings().default_lang == "en"


def test_static_files_are_found_from_any_working_directory(monkeypatch, tmp_path: Path):
    monkeypatch.chdir(tmp_path)
    with TestClient(create_app()) as c:
        assert c.get("/static/css/nnlab.css").status_code == 200
        assert c.get("/static/vendor/htmx-2.0.11.min.js").status_code == 200
        assert c.get("/").status_code == 200


def test_index_links_the_playground_and_the_api_docs(client):
    soup = soup_of(client.get("/?lang=en"))
    hrefs = [a["href"] for a in soup.select("#index-playground a")]
    assert hrefs == ["/playground", "/docs"]
    assert all(client.get(h).status_code == 200 for h in hrefs)
