"""The lab works offline: our own templates and static files load nothing from another host.

The source files are scanned here (templates/ and static/, without static/vendor/, which holds third-party
files kept exactly as released); the rendered pages get their own check in the app tests. A URL counts when
the browser would fetch or navigate to it: src/href/action/hx-* attributes, CSS url() and @import,
JavaScript import/fetch/EventSource/WebSocket/Worker. XML namespace URIs (xmlns="http://www.w3.org/2000/svg")
are names, never fetched, and are allowed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"
VENDOR = STATIC / "vendor"

# A remote target: an absolute http(s)/ws(s) URL, or a protocol-relative one (//cdn.example/x.js), which
# the browser resolves against the page's scheme to another host.
_REMOTE = r"(?:(?:https?|wss?):)?//[^\s\"'`<>()]+"
_QUOTE = r"[\"'`]"

PATTERNS = [
    # HTML/SVG attributes the browser loads from, submits to, or links to.
    re.compile(
        r"(?<![\w:-])(?:src|href|xlink:href|action|formaction|poster|data|srcset|background|manifest|ping"
        r"|hx-(?:get|post|put|patch|delete)|sse-connect|ws-connect)\s*=\s*[\"']?\s*(" + _REMOTE + ")",
        re.IGNORECASE,
    ),
    # CSS: url(...) and @import "..." (also inside <style> in templates).
    re.compile(r"\burl\(\s*[\"']?\s*(" + _REMOTE + ")", re.IGNORECASE),
    re.compile(r"@import\s+" + _QUOTE + r"\s*(" + _REMOTE + ")", re.IGNORECASE),
    # JavaScript: static and dynamic imports, fetch, and the constructors that open connections.
    re.compile(r"\bimport\b[^;\"'`]*?" + _QUOTE + r"(" + _REMOTE + ")"),
    re.compile(r"\bimport\s*\(\s*" + _QUOTE + r"(" + _REMOTE + ")"),
    re.compile(r"\bfetch\s*\(\s*" + _QUOTE + r"(" + _REMOTE + ")"),
    re.compile(r"\bnew\s+(?:EventSource|WebSocket|Worker|SharedWorker)\s*\(\s*" + _QUOTE + r"(" + _REMOTE + ")"),
    re.compile(r"\.open\(\s*" + _QUOTE + r"[A-Za-z]+" + _QUOTE + r"\s*,\s*" + _QUOTE + r"(" + _REMOTE + ")"),
    re.compile(r"\bimportScripts\s*\(\s*" + _QUOTE + r"(" + _REMOTE + ")"),
]

VENDOR_NAMES = {
    "htmx": re.compile(r"^htmx-2\.0\.\d+\.min\.js$"),
    "plotly": re.compile(r"^plotly-cartesian-3\.\d+\.\d+\.min\.js$"),
    "plotly-locale-pl": re.compile(r"^plotly-locale-pl-3\.\d+\.\d+\.js$"),  # plotly.js's dist/plotly-locale-pl.js
}


def remote_urls(text: str) -> list[str]:
    """Every URL on another host that `text` (HTML, Jinja, CSS or JavaScript) would load or link to."""
    found = []
    for pattern in PATTERNS:
        found.extend(m.group(1) for m in pattern.finditer(text))
    return found


def own_files() -> list[Path]:
    """Our own text files under templates/ and static/ (vendored files excluded)."""
    files = []
    for top in (TEMPLATES, STATIC):
        for path in sorted(top.rglob("*")):
            if path.is_file() and not path.is_relative_to(VENDOR):
                files.append(path)
    return files


# ---------------------------------------------------------------------------------------------------------
# The scanner itself: it must catch what a careless edit would add, and let the harmless through.


@pytest.mark.parametrize(
    "sample",
    [
        '<script src="https://cdn.jsdelivr.net/npm/htmx.org@2.0.11/dist/htmx.min.js"></script>',
        "<script src='https://cdn.plot.ly/plotly-3.7.0.min.js' defer></script>",
        '<script type="module" src=//unpkg.com/htmx.org></script>',
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">',
        '<link rel="preconnect" href="//fonts.gstatic.com">',
        '<img alt="" src="http://example.org/x.png">',
        '<form action="https://example.org/submit" method="post"></form>',
        '<div hx-get="https://api.example.org/frag" hx-target="this"></div>',
        '<div sse-connect="https://example.org/stream"></div>',
        '<svg><use xlink:href="https://example.org/sprite.svg#i"></use></svg>',
        "body { background: url(https://example.org/bg.png) no-repeat; }",
        'h1 { background-image: url( "//example.org/bg.png" ); }',
        '@import "https://fonts.googleapis.com/css?family=Roboto";',
        "@import url(https://fonts.googleapis.com/css?family=Roboto);",
        'import { x } from "https://esm.sh/some-lib";',
        "import 'https://esm.sh/side-effect';",
        "const m = await import(`https://esm.sh/lib`);",
        'fetch("https://api.example.org/data").then(r => r.json());',
        "const es = new EventSource('https://example.org/stream');",
        'const ws = new WebSocket("wss://example.org/socket");',
        'xhr.open("GET", "https://example.org/data");',
    ],
)
def test_scanner_finds_remote_urls(sample):
    assert remote_urls(sample), f"the scanner missed a remote URL in {sample!r}"


@pytest.mark.parametrize(
    "sample",
    [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>',
        '<svg xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="#icon"></use></svg>',
        '<math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi></math>',
        "document.createElementNS('http://www.w3.org/2000/svg', 'path');",
        '<script src="/static/vendor/htmx-2.0.11.min.js"></script>',
        "<script src=\"{{ url_for('static', path='vendor/plotly-cartesian-3.7.0.min.js') }}\"></script>",
        '<a href="/pl/lessons/backprop">L1</a> <a href="#top">top</a> <a href="?lang=en">EN</a>',
        '<div hx-get="/api/v1/trace" hx-target="this"></div>',
        "body { background: url(/static/img/bg.png); } .x { mask: url(#m); }",
        'import { draw } from "./plots.js"; fetch("/api/v1/train").then(r => r.json());',
        "const es = new EventSource(`/api/v1/train/${id}/stream`);",
        "// a line comment, and a regex /\\/\\/x/ that only looks like a URL",
    ],
)
def test_scanner_allows_local_urls_and_namespaces(sample):
    assert remote_urls(sample) == []


# ---------------------------------------------------------------------------------------------------------
# The repository's own files


def test_own_templates_and_static_files_load_nothing_remote():
    offenders = []
    for path in own_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images and fonts: bytes, not markup; they load nothing themselves
        offenders.extend(f"{path.relative_to(ROOT)}: {url}" for url in remote_urls(text))
    assert offenders == [], "remote URLs in our own files:\n" + "\n".join(offenders)


def test_scan_covers_the_templates():
    """A scan of nothing would pass vacuously: the templates it guards must be there."""
    assert any(p.suffix == ".html" for p in TEMPLATES.rglob("*")), "templates/ has no .html files"


@pytest.mark.parametrize("library", sorted(VENDOR_NAMES))
def test_vendored_file_name_carries_its_version(library):
    matches = [p for p in VENDOR.iterdir() if VENDOR_NAMES[library].match(p.name)]
    assert len(matches) == 1, f"expected one {VENDOR_NAMES[library].pattern} in static/vendor, got {matches}"
    # The name must tell the truth: the version in the name is the version the file declares.
    version = re.search(r"\d+\.\d+\.\d+", matches[0].name).group(0)
    head = matches[0].read_text(encoding="utf-8", errors="replace")
    # A locale file declares no version: it declares its locale, and its version must be Plotly's (below).
    declared = {"htmx": f'version:"{version}"', "plotly": f"v{version}", "plotly-locale-pl": 'name:"pl"'}[library]
    assert declared in head, f"{matches[0].name} does not declare {declared}"


def test_plotly_locale_is_of_the_vendored_plotly_version():
    version = {name: re.search(r"\d+\.\d+\.\d+", p.name).group(0) for p in VENDOR.iterdir()
               for name in ("plotly", "plotly-locale-pl") if VENDOR_NAMES[name].match(p.name)}
    assert version["plotly-locale-pl"] == version["plotly"]


def test_every_vendored_file_is_versioned():
    unversioned = [p.name for p in VENDOR.iterdir() if p.is_file() and not re.search(r"-\d+\.\d+\.\d+", p.name)]
    assert unversioned == []


def test_templates_reference_only_vendored_files_that_exist():
    """A template pointing at vendor/htmx-2.0.10.min.js after an upgrade would load nothing, silently."""
    present = {p.name for p in VENDOR.iterdir()}
    missing = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for name in re.findall(r"vendor/([\w.-]+\.(?:js|css))", path.read_text(encoding="utf-8")):
            if name not in present:
                missing.append(f"{path.relative_to(ROOT)}: vendor/{name}")
    assert missing == []


# ---------------------------------------------------------------------------------------------------------
# Static files are referenced through static_url(), which adds the file's version: a browser may then cache
# them for good (app/static.py). A literal /static/ path would be revalidated on every page, and could stay
# stale for a year if it ever got the immutable header.

_STATIC_LITERAL = re.compile(r"/static/")
_STATIC_CALL = re.compile(r"\{\{\s*static_url\('([^']+)'\)\s*\}\}")


def test_templates_reference_static_files_only_through_static_url():
    literal = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _STATIC_LITERAL.search(line):
                literal.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert literal == [], "write {{ static_url('css/x.css') }} instead of /static/css/x.css:\n" + "\n".join(literal)


def test_static_url_calls_name_files_that_exist():
    calls = [(path, name) for path in sorted(TEMPLATES.rglob("*.html"))
             for name in _STATIC_CALL.findall(path.read_text(encoding="utf-8"))]
    assert len(calls) >= 10, "the scan found (almost) no static_url() calls"
    missing = [f"{path.relative_to(ROOT)}: {name}" for path, name in calls if not (STATIC / name).is_file()]
    assert missing == []


def test_our_scripts_and_styles_name_no_static_paths():
    """Scripts and styles get every URL of another static file from the page (static_url), never write one."""
    offenders = [str(path.relative_to(ROOT)) for path in own_files()
                 if path.suffix in (".js", ".css") and _STATIC_LITERAL.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
