"""HTTP behaviour every response shares: security headers on 500s (and a usable connection after one), no-store on
run state, relative redirects, server-made session ids, the budget of new sessions per address, Secure cookies,
and which responses vary with the language."""

from __future__ import annotations

from types import SimpleNamespace

import httpx
import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse
from fastapi.testclient import TestClient
from starlette.routing import Match

from app.clients import Clients
from app.main import create_app
from app.middleware import SECURITY_HEADERS, SESSION_COOKIE, TrailingSlashMiddleware
from app.sessions import SessionIds, TokenBuckets
from app.settings import Settings

EXPERIMENT = {"dataset": "circle", "n": 60, "noise": 0.0, "features": ["x1", "x2"], "val": 0, "test": 0,
              "hidden": [{"units": 3, "activation": "tanh"}], "batch_size": 6, "seed": 1}


def with_test_routes(app: FastAPI) -> FastAPI:
    """`app` plus routes that fail, and one that says which client connection asked."""

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internal detail")

    @app.get("/api/boom")
    async def api_boom():
        raise RuntimeError("secret internal detail")

    @app.get("/peer")
    def peer(request: Request) -> dict:
        return {"port": request.client.port}

    return app


def assert_security_headers(response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, f"{name} missing on {response.status_code} {response.url}"


# ------------------------------------------------------------------------------------------ 500s


def test_a_500_carries_the_security_headers_in_every_form():
    with TestClient(with_test_routes(create_app()), raise_server_exceptions=False) as c:
        page = c.get("/boom")
        api = c.get("/api/boom")
        htmx = c.get("/boom", headers={"HX-Request": "true"})
    assert page.status_code == api.status_code == htmx.status_code == 500
    for r in (page, api, htmx):
        assert_security_headers(r)
        assert "secret internal detail" not in r.text and "Traceback" not in r.text
    assert "Server error" in page.text and page.headers["content-type"].startswith("text/html")
    assert api.json() == {"detail": "Internal server error / Błąd serwera"}
    assert htmx.headers["HX-Reswap"] == "none"


def test_the_connection_stays_usable_after_a_500(serve_app):
    """uvicorn closes a keep-alive connection when the app raises; the 500 must not raise. The same client port
    before and after proves the second request went over the same connection."""
    with serve_app(with_test_routes(create_app())) as base, httpx.Client(base_url=base) as c:
        before = c.get("/peer").json()["port"]
        for path in ("/boom", "/api/boom"):
            r = c.get(path)
            assert r.status_code == 500
            assert_security_headers(r)
            after = c.get("/peer")
            assert after.status_code == 200 and after.json()["port"] == before


# ------------------------------------------------------------------------------------------ no-store


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as c:
        yield c


def test_run_state_and_exports_are_never_stored(client):
    created = client.post("/api/v1/runs", json=EXPERIMENT)
    assert created.status_code == 201
    run_id = created.json()["id"]
    client.post(f"/api/v1/runs/{run_id}/step", json={"updates": 3})
    for r in (created, client.get(f"/api/v1/runs/{run_id}"), client.get(f"/api/v1/runs/{run_id}/export"),
              client.get(f"/api/v1/runs/{run_id}/history.csv"), client.get(f"/api/v1/runs/{run_id}/view-missing"),
              client.get(f"/playground/runs/{run_id}/view"), client.get("/api/v1/runs/nope")):
        assert r.headers["cache-control"] == "no-store", r.url
    assert client.get(f"/api/v1/runs/{run_id}/history.csv").status_code == 200
    assert "no-store" not in client.get("/lessons/backprop").headers.get("cache-control", "")


def test_the_run_stream_is_never_stored_or_compressed(live_server):
    with httpx.Client(base_url=live_server, headers={"Accept-Encoding": "gzip"}) as c:
        run_id = c.post("/api/v1/runs", json=EXPERIMENT).json()["id"]
        with c.stream("GET", f"/api/v1/runs/{run_id}/stream") as r:
            assert r.headers["content-type"].startswith("text/event-stream")
            assert r.headers["cache-control"] == "no-store"
            assert "content-encoding" not in r.headers
            first = next(r.iter_lines())
            assert first.startswith(("data:", "event:", "id:", ":"))


# ------------------------------------------------------------------------------------------ redirects


@pytest.mark.parametrize(
    ("path", "location"),
    [("/lessons/backprop/", "/lessons/backprop"), ("/lessons/backprop/?w111=3&lang=en", "/lessons/backprop?w111=3&lang=en"),
     ("/playground//", "/playground"), ("/lessons/learning-rate/?a=%C2%B2", "/lessons/learning-rate?a=%C2%B2")],
)
def test_a_trailing_slash_redirects_relatively_whatever_the_host_header_says(client, path, location):
    r = client.get(path, headers={"Host": "evil.example"}, follow_redirects=False)
    assert r.status_code == 307
    assert r.headers["location"] == location
    assert_security_headers(r)


def test_paths_without_a_route_without_the_slash_are_not_redirected(client):
    for path in ("/static/css/", "/no/such/page/"):
        assert client.get(path, follow_redirects=False).status_code == 404
    assert client.get("/", follow_redirects=False).status_code == 200


def test_a_slash_redirect_never_leaves_the_site(client):
    """A path that browsers would read as another host ("//evil.example") is never a Location."""
    for path in ("//evil.example/", "/\\evil.example/", "//lessons/backprop/", "/%5Cevil.example/"):
        r = client.get(f"http://testserver{path}", follow_redirects=False)
        assert r.status_code == 404 and "location" not in r.headers, path


class _EverythingWithoutSlash:
    """A route that takes every path without a trailing slash, "//evil.example" too."""

    def matches(self, scope):
        return (Match.NONE if scope["path"].endswith("/") else Match.FULL), {}


def test_the_slash_redirect_refuses_locations_another_host_would_get():
    async def inner(scope, receive, send):
        await PlainTextResponse("inner")(scope, receive, send)

    app = TrailingSlashMiddleware(inner, router=SimpleNamespace(routes=[_EverythingWithoutSlash()]))
    c = TestClient(app)  # no `with`: this bare app has no lifespan
    ok = c.get("/lessons/backprop/?a=1", follow_redirects=False)
    assert ok.status_code == 307 and ok.headers["location"] == "/lessons/backprop?a=1"
    for path in ("//evil.example/", "/\\evil.example/", "///evil.example//"):
        r = c.get(f"http://testserver{path}", follow_redirects=False)
        assert r.status_code == 200 and "location" not in r.headers, path


# ------------------------------------------------------------------------------------------ session ids


def test_session_ids_are_made_and_signed_by_the_server():
    ids = SessionIds(b"k" * 32)
    sid, cookie = ids.new()
    assert len(sid) * 6 >= 192 and cookie.startswith(sid + ".")
    assert ids.check(cookie) == sid
    assert SessionIds(b"k" * 32).check(cookie) == sid  # another worker with the same NNLAB_SECRET_KEY
    assert SessionIds(b"o" * 32).check(cookie) is None
    assert SessionIds().check(cookie) is None  # no key: a random one
    tampered = cookie[:-1] + ("A" if cookie[-1] != "A" else "B")
    for bad in (tampered, sid, "x" * 40, sid + ".", "", None, "é" * 55, cookie + "x" * 100):
        assert ids.check(bad) is None, bad


def test_a_client_chosen_session_id_is_replaced_by_a_fresh_one():
    with TestClient(create_app()) as alice, TestClient(create_app()) as mallory:
        run_id = alice.post("/api/v1/runs", json=EXPERIMENT).json()["id"]
        alice_cookie = alice.cookies[SESSION_COOKIE]
        sid = alice_cookie.split(".")[0]
        # The old rule took any 20-64 urlsafe characters as the id: the id itself, a made-up one.
        for chosen in (sid, "a" * 32, "chosen-by-the-client-0123456789"):
            mallory.cookies.set(SESSION_COOKIE, chosen)
            r = mallory.get(f"/api/v1/runs/{run_id}")
            assert r.status_code == 404
            fresh = r.headers["set-cookie"]
            assert fresh.startswith(f"{SESSION_COOKIE}=") and chosen not in fresh
            mallory.cookies.clear()
        assert alice.get(f"/api/v1/runs/{run_id}").status_code == 200
        assert "set-cookie" not in alice.get(f"/api/v1/runs/{run_id}").headers


def test_apps_with_the_same_secret_key_accept_each_others_cookies():
    """What several workers need: NNLAB_SECRET_KEY set to the same value."""
    settings = Settings(secret_key="s" * 32)
    with TestClient(create_app(settings)) as one, TestClient(create_app(settings)) as two, \
            TestClient(create_app()) as other:
        one.get("/")
        cookie = one.cookies[SESSION_COOKIE]
        two.cookies.set(SESSION_COOKIE, cookie)
        assert "set-cookie" not in two.get("/").headers
        other.cookies.set(SESSION_COOKIE, cookie)
        assert SESSION_COOKIE in other.get("/").headers["set-cookie"]


# ------------------------------------------------------------------------------------------ new-session budget


def test_the_budget_allows_a_burst_then_refills_at_its_rate():
    now = [0.0]
    budget = TokenBuckets(burst=3, rate=2.0, clock=lambda: now[0])
    assert [budget.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert budget.take("a") == pytest.approx(0.5)
    assert budget.take("b") == 0.0  # addresses have budgets of their own
    now[0] = 0.5
    assert budget.take("a") == 0.0
    assert budget.take("a") == pytest.approx(0.5)


def test_the_budget_table_stays_bounded():
    now = [0.0]
    budget = TokenBuckets(burst=10, rate=1.0, max_addresses=100, clock=lambda: now[0])
    for i in range(1000):
        budget.take(f"10.0.{i // 256}.{i % 256}")
    assert len(budget) == 100
    now[0] = 11.0  # every bucket is full again: the same as never seen
    budget.take("192.0.2.1")
    assert len(budget) == 1


def budget_app(**settings) -> FastAPI:
    return create_app(Settings(session_burst=2, session_rate=0.01, **settings))


def test_new_sessions_over_the_budget_get_429_with_retry_after():
    app = budget_app()
    with TestClient(app) as c:
        for _ in range(2):
            assert SESSION_COOKIE in c.get("/").headers["set-cookie"]
            c.cookies.clear()
        page = c.get("/?lang=en")
        api = c.post("/api/v1/runs", json=EXPERIMENT)
        htmx = c.get("/lessons/backprop", headers={"HX-Request": "true"})
        for r in (page, api, htmx):
            assert r.status_code == 429
            assert 1 <= int(r.headers["retry-after"]) <= 100
            assert SESSION_COOKIE not in r.headers.get("set-cookie", "")
            assert_security_headers(r)
        assert api.json()["error"] == "error.too_many_sessions"
        soup = BeautifulSoup(page.text, "html.parser")
        assert soup.select_one(".error-page")["data-status"] == "429"
        assert "Try again in" in soup.select_one("#error-message").get_text()
        assert htmx.headers["HX-Reswap"] == "none"
        # Files and the health check need no session, so the budget never stops them.
        assert c.get("/healthz").status_code == 200
        assert c.get("/static/css/nnlab.css").status_code == 200
    # A client that kept its cookie is not a new session; another address has its own budget.
    with TestClient(app) as kept, TestClient(app, client=("192.0.2.7", 4000)) as elsewhere:
        assert elsewhere.get("/").status_code == 200
        kept.cookies.set(SESSION_COOKIE, elsewhere.cookies[SESSION_COOKIE])
        assert kept.get("/").status_code == 200


def test_the_budget_counts_the_address_a_trusted_proxy_forwards():
    app = budget_app(trusted_proxies="10.0.0.0/8")

    def fresh(peer: str, forwarded: str) -> int:
        with TestClient(app, client=(peer, 1234)) as c:
            return c.get("/", headers={"X-Forwarded-For": forwarded}).status_code

    # Behind the proxy, two clients: each gets its own budget of 2.
    assert [fresh("10.0.0.5", "203.0.113.1") for _ in range(3)] == [200, 200, 429]
    assert fresh("10.0.0.5", "203.0.113.2") == 200
    # A client cannot pick its address by writing X-Forwarded-For: the right-most untrusted address counts...
    assert fresh("10.0.0.5", "198.51.100.9, 203.0.113.1") == 429
    # ...and from an untrusted peer the header is ignored altogether.
    assert [fresh("192.0.2.50", f"198.51.100.{i}") for i in range(3)] == [200, 200, 429]


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("192.0.2.1", "203.0.113.5", "192.0.2.1"),  # untrusted peer: header ignored
        ("10.1.2.3", "203.0.113.5", "203.0.113.5"),
        ("10.1.2.3", "1.2.3.4, 203.0.113.5, 10.9.9.9", "203.0.113.5"),  # right-most untrusted
        ("10.1.2.3", "10.0.0.1, 10.0.0.2", "10.0.0.1"),  # all trusted: the left-most
        ("10.1.2.3", "", "10.1.2.3"),
        ("127.0.0.1", "203.0.113.5", "203.0.113.5"),
        ("::1", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_believes_only_trusted_proxies(peer, forwarded, expected):
    import ipaddress

    clients = Clients([ipaddress.ip_network(n) for n in ("10.0.0.0/8", "127.0.0.1/32", "::1/128")])
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    assert clients.address({"type": "http", "client": (peer, 1), "headers": headers}) == expected


# ------------------------------------------------------------------------------------------ Secure cookies


def cookies_of(app, base_url="http://testserver", client=("testclient", 50000), headers=None) -> list[str]:
    with TestClient(app, base_url=base_url, client=client) as c:
        return c.get("/?lang=en", headers=headers or {}).headers.get_list("set-cookie")


def is_secure(cookie: str) -> bool:
    return "secure" in [part.strip().lower() for part in cookie.split(";")]


def test_cookies_are_secure_exactly_when_the_request_came_over_https():
    app = create_app(Settings(trusted_proxies="10.0.0.0/8"))
    over_https = cookies_of(app, base_url="https://testserver")
    assert len(over_https) == 2 and all(is_secure(c) for c in over_https)  # session and language
    assert not any(is_secure(c) for c in cookies_of(app))
    proxied = cookies_of(app, client=("10.0.0.5", 1), headers={"X-Forwarded-Proto": "https"})
    assert all(is_secure(c) for c in proxied)
    forged = cookies_of(app, client=("192.0.2.9", 1), headers={"X-Forwarded-Proto": "https"})
    assert not any(is_secure(c) for c in forged)


@pytest.mark.parametrize(("mode", "secure"), [("always", True), ("never", False)])
def test_cookie_secure_setting_overrides_the_scheme(mode, secure):
    app = create_app(Settings(cookie_secure=mode))
    for base in ("http://testserver", "https://testserver"):
        assert all(is_secure(c) == secure for c in cookies_of(app, base_url=base))


# ------------------------------------------------------------------------------------------ Vary


def test_static_files_do_not_vary_with_language_or_cookies(client):
    vary = client.get("/static/css/nnlab.css").headers.get("vary", "")
    assert "Accept-Language" not in vary and "Cookie" not in vary
    page_vary = client.get("/").headers["vary"]
    assert "Accept-Language" in page_vary and "Cookie" in page_vary


# ------------------------------------------------------------------------------------------ settings


def test_protocol_settings_have_defaults_bounds_and_env_names(monkeypatch):
    for name in ("NNLAB_SESSION_BURST", "NNLAB_SESSION_RATE", "NNLAB_SECRET_KEY", "NNLAB_TRUSTED_PROXIES",
                 "NNLAB_COOKIE_SECURE"):
        monkeypatch.delenv(name, raising=False)
    s = Settings()
    assert (s.session_burst, s.session_rate, s.secret_key, s.trusted_proxies, s.cookie_secure) == \
        (300, 5.0, None, "", "auto")
    monkeypatch.setenv("NNLAB_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.1")
    monkeypatch.setenv("NNLAB_SECRET_KEY", "x" * 40)
    s = Settings()
    assert [str(n) for n in s.trusted_networks] == ["10.0.0.0/8", "192.0.2.1/32"]
    assert s.secret_key.get_secret_value() == "x" * 40 and "x" * 40 not in repr(s)
    for bad in ({"session_burst": 0}, {"session_rate": 0}, {"trusted_proxies": "proxy.example"},
                {"secret_key": "short"}, {"cookie_secure": "sometimes"}):
        with pytest.raises(ValueError):
            Settings(**bad)


@pytest.mark.parametrize(("path", "allow"), [
    ("/api/v1/runs/abc", "DELETE, GET, PATCH"),  # three routes share the path: Starlette's own 405 named GET only
    ("/api/v1/runs/import", "POST"),  # the path matches /{run_id} too, but its own route is POST /import
    ("/api/v1/runs", "POST"),
    ("/lessons/backprop", "GET"),
])
def test_a_405_allows_exactly_the_methods_of_the_path(client, path, allow):
    r = client.request("OPTIONS", path)
    assert r.status_code == 405
    assert r.headers["allow"] == allow


@pytest.mark.parametrize("url", ["/lessons/overfitting/runs/abc/view?compare=" + "x" * 65,
                                 "/lessons/batch-size/data/view?ids=", "/lessons/batch-size/data/view?ids=a,,b",
                                 "/lessons/batch-size/data/view?ids=" + ",".join("abcdefghij")])
def test_the_pages_json_views_answer_bad_parameters_in_json(client, url):
    r = client.get(url)
    assert r.status_code == 422
    first = r.json()["detail"][0]  # FastAPI's {loc, msg} or a lesson's FieldError {field, key, params}
    name = url.split("?")[1].split("=")[0]
    assert first["loc"][:2] == ["query", name] if "loc" in first else first["field"] == name
