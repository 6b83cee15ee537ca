"""Every page answers any query without a server error: generated and hostile values for every parameter the page
knows (its form fields, the query keys of its links, the names our scripts add) and for names it does not know.

Pages read query integers through one parser (app.forms.query_int); `isdigit()` + `int()` answered 500 for "²"
(a Unicode digit `int()` rejects) and for more than 4300 digits.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.forms import MAX_INT_DIGITS, query_choice, query_int
from app.main import create_app

STATIC_JS = Path(__file__).resolve().parent.parent / "static" / "js"
HX = {"HX-Request": "true"}

app = create_app()


@pytest.fixture(scope="module")
def client():
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def run_id(client) -> str:
    """A real run of the client's session, so the run views read their parameters instead of answering 404."""
    experiment = client.get("/lessons/initialization/data/experiment").json()["experiment"]
    r = client.post("/api/v1/runs", json=experiment)
    assert r.status_code == 201
    return r.json()["id"]


def html_routes() -> list[str]:
    """Every GET route that is not the JSON API or the health check: the pages, their htmx partials and their
    GET sub-routes (settings, hazard, experiment, run views), and /docs."""
    paths = [p for p, ops in app.openapi()["paths"].items()
             if "get" in ops and not p.startswith("/api/") and p != "/healthz"]
    return [*paths, "/docs"]


ROUTES = html_routes()

# Names our scripts put into query strings (fetch URLs and the overrides of a run's experiment).
_JS_NAME = re.compile(r"[?&]([a-z_]+)=|\b(run_[a-z]+)\b")
JS_FILES = [*STATIC_JS.glob("*.js"), *(STATIC_JS.parent / "lessons").rglob("*.js")]  # shared and lessons' own
JS_NAMES = sorted({a or b for path in JS_FILES for a, b in _JS_NAME.findall(path.read_text())})
UNKNOWN_NAMES = ["x", "speed2", "__proto__", "ﬁeld", "a" * 300, ""]

# Hostile values: Unicode digits, huge and non-finite numbers, number-like text int() or float() reads otherwise.
NASTY = [
    "²", "١٢", "𝟗", "9" * 5000, "-" + "9" * 40, "nan", "-inf", "1e400", "1e-400", "1_000", "1,5", "", "\x00",
    "x" * 5000, "\u202e5",
]


def path_of(route: str, run: str) -> str:
    return route.replace("{run_id}", run).replace("{slug}", "convolutional")


def known_params(client, path: str) -> tuple[list[str], list[str]]:
    """(names, values) the page itself uses: its form fields' names and values, the query keys and values of
    the URLs it links to, for the whole page and for its htmx partial."""
    names, values = set(JS_NAMES), set()
    for headers in ({}, HX):
        r = client.get(path, headers=headers)
        if "html" not in r.headers.get("content-type", ""):
            continue
        soup = BeautifulSoup(r.text, "html.parser")
        for el in soup.find_all(attrs={"name": True}):
            names.add(el["name"])
            if el.get("value") is not None:
                values.add(el["value"])
        for el in soup.find_all("option", attrs={"value": True}):
            values.add(el["value"])
        for el in soup.find_all(True):
            for attr, value in el.attrs.items():
                if isinstance(value, str) and "?" in value and (attr in ("href", "action") or attr.startswith(("hx-", "data-"))):
                    for k, v in parse_qsl(urlsplit(value).query, keep_blank_values=True):
                        names.add(k)
                        values.add(v)
    names.discard("")
    return sorted(names), sorted(values)


def check(response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"
    assert "Traceback" not in response.text and 'File "' not in response.text, f"{what}: traceback in the body"


@pytest.fixture(scope="module")
def params(client, run_id) -> dict[str, tuple[list[str], list[str]]]:
    return {route: known_params(client, path_of(route, run_id)) for route in ROUTES}


def test_the_fuzz_covers_every_page_and_its_parameters(params):
    """The names are read from the pages: a scan that found nothing would make the fuzz below vacuous."""
    assert {"/", "/playground", "/lessons/backprop", "/lessons/initialization/data/experiment"} <= set(ROUTES)
    assert len([r for r in ROUTES if r.startswith("/lessons/")]) >= 10
    assert {"speed", "m", "run_seed", "lang", "action"} <= {n for names, _ in params.values() for n in names}
    assert len(params["/lessons/gradient-descent"][0]) >= 5


@pytest.mark.parametrize("route", ROUTES)
def test_every_known_parameter_with_a_hostile_value_is_no_server_error(client, run_id, params, route):
    names = params[route][0] + UNKNOWN_NAMES
    for headers in ({}, HX):
        for value in NASTY:
            # Every name at once, in as few requests as the client's URL limit (64 KiB) allows.
            per_request = max(1, 60_000 // (len(quote(value)) + 100))
            for i in range(0, len(names), per_request):
                query = [(n, value) for n in names[i:i + per_request]]
                check(client.get(path_of(route, run_id), params=query, headers=headers),
                      f"{route} {headers} {names[i]}..={value[:20]!r}")


def _query(names: list[str], values: list[str]):
    value = st.one_of(st.sampled_from(NASTY), st.sampled_from(values or ["1"]), st.text(max_size=30),
                      st.integers(-10**30, 10**30).map(str), st.floats().map(repr))
    name = st.one_of(st.sampled_from(names), st.sampled_from(UNKNOWN_NAMES), st.text(max_size=10))
    # Repeated keys come from sampling the same name twice.
    return st.lists(st.tuples(name, value), max_size=8)


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_generated_queries_get_no_server_error(client, run_id, params, route, htmx):
    names, values = params[route]
    path = path_of(route, run_id)

    @settings(max_examples=10, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(query=_query(names, values))
    def fuzz(query):
        check(client.get(path, params=query, headers=HX if htmx else {}), f"{route} {query!r:.200}")

    fuzz()


@pytest.mark.parametrize(
    ("text", "lo", "hi", "expected"),
    [
        ("7", 0, 10, 7), (" 7 ", 0, 10, 7), ("0", 0, 10, 0), ("-3", -5, 5, -3), ("11", 0, 10, None),
        ("-1", 0, 10, None), ("²", 0, 10, None), ("١", 0, 10, None), ("９", 0, 10, None), ("+1", 0, 10, None),
        ("1_0", 0, 100, None), ("1.0", 0, 10, None), ("1e3", 0, 10**6, None), ("", 0, 10, None),
        (None, 0, 10, None), ("9" * 5000, 0, 10, None), ("9" * (MAX_INT_DIGITS + 1), 0, 10**30, None),
        ("7\n", 0, 10, 7), ("0x1", 0, 10, None), ("nan", 0, 10, None),
    ],
)
def test_query_int_reads_only_bounded_ascii_integers(text, lo, hi, expected):
    assert query_int(text, lo, hi) == expected


def test_query_choice_takes_only_an_offered_value():
    assert query_choice("20", (1, 2, 5, 10, 20)) == 20
    assert query_choice("3", (1, 2, 5, 10, 20)) is None
    assert query_choice("²", (1, 2, 5, 10, 20)) is None


@pytest.mark.parametrize(
    "url",
    ["/playground?speed=%C2%B2", "/lessons/gradient-descent?speed=%C2%B2", "/lessons/batch-size?m=%C2%B2",
     "/lessons/batch-size?m=" + "9" * 5000, "/lessons/gradient-descent?speed=" + "9" * 5000],
)
def test_unicode_digit_and_huge_integers_fall_back_to_defaults(client, url):
    assert client.get(url).status_code == 200


def test_experiment_rejects_a_unicode_digit_seed_with_a_message(client):
    for seed in ("²", "9" * 5000, "4294967296", "-1"):
        r = client.get("/lessons/initialization/data/experiment", params={"run_seed": seed})
        assert r.status_code == 422 and [e["field"] for e in r.json()["detail"]] == ["run_seed"]
    assert client.get("/lessons/initialization/data/experiment", params={"run_seed": "0"}).json()["experiment"]
