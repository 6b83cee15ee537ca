"""nnlib is a library and app is its user: nnlib imports nothing from app or the web stack.

Checked twice, because each way misses something the other sees:
- statically, by parsing every nnlib/*.py with `ast` (catches imports on paths no test executes);
- dynamically, by importing nnlib and every submodule in a fresh interpreter and looking at sys.modules
  (catches what the parse cannot see, e.g. an allowed package that itself pulls in the web stack).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NNLIB = ROOT / "nnlib"

FORBIDDEN = {
    "app", "fastapi", "starlette", "jinja2", "markupsafe", "plotly",
    "pydantic", "pydantic_core", "pydantic_settings", "uvicorn",
}
# Besides the standard library, nnlib's maths needs NumPy and nothing else.
ALLOWED_THIRD_PARTY = {"numpy"}


def imported_modules(source: str, module: str) -> set[str]:
    """Absolute names of the modules `source` imports, `module` being its own dotted name.

    Covers `import a.b`, `from a.b import c` (as `a.b` and `a.b.c`, since c may be a module), relative
    imports resolved against `module`, and literal `importlib.import_module("x")` / `__import__("x")`.
    """
    tree = ast.parse(source)
    is_package = module.endswith(".__init__")
    package = module.removesuffix(".__init__").split(".")
    if not is_package:
        package = package[:-1]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                if len(base) == 0:
                    names.add("<relative import above the top package>")
                    continue
                prefix = ".".join(base)
                target = f"{prefix}.{node.module}" if node.module else prefix
            else:
                target = node.module or ""
            names.add(target)
            names.update(f"{target}.{a.name}" for a in node.names if a.name != "*")
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in {"import_module", "__import__"} and isinstance(node.args[0].value, str):
                names.add(node.args[0].value)
    return names


def top_level(name: str) -> str:
    return name.split(".")[0]


def nnlib_files() -> list[Path]:
    return sorted(NNLIB.rglob("*.py"))


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


# ---------------------------------------------------------------------------------------------------------
# The import collector itself


@pytest.mark.parametrize(
    ("source", "module", "expected_top"),
    [
        ("import fastapi", "nnlib.layers", "fastapi"),
        ("from starlette.responses import Response", "nnlib.layers", "starlette"),
        ("import jinja2 as j", "nnlib.layers", "jinja2"),
        ("def f():\n    from plotly import graph_objects\n", "nnlib.layers", "plotly"),
        ("try:\n    import pydantic\nexcept ImportError:\n    pass\n", "nnlib.layers", "pydantic"),
        ("from app.services import x", "nnlib.layers", "app"),
        ("import importlib\nm = importlib.import_module('app.main')", "nnlib.layers", "app"),
        ("m = __import__('uvicorn')", "nnlib.layers", "uvicorn"),
        ("from .layers import Dense", "nnlib.training", "nnlib"),
        ("from . import layers", "nnlib.__init__", "nnlib"),
        ("from .. import app", "nnlib.layers", "<relative import above the top package>"),
    ],
)
def test_import_collector_sees_every_form_of_import(source, module, expected_top):
    assert expected_top in {top_level(n) for n in imported_modules(source, module)}


def test_import_collector_resolves_relative_imports_inside_nnlib():
    assert imported_modules("from .layers import Dense", "nnlib.training") == {"nnlib.layers", "nnlib.layers.Dense"}
    assert "nnlib.sub.x" in imported_modules("from .x import y", "nnlib.sub.__init__")
    assert "nnlib.x" in imported_modules("from ..x import y", "nnlib.sub.mod")


# ---------------------------------------------------------------------------------------------------------
# nnlib as written


def test_nnlib_package_exists():
    assert (NNLIB / "__init__.py").is_file()


@pytest.mark.parametrize("path", nnlib_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_nnlib_module_imports_nothing_from_app_or_web_stack(path):
    names = imported_modules(path.read_text(encoding="utf-8"), module_name(path))
    bad = sorted(n for n in names if top_level(n) in FORBIDDEN or n.startswith("<"))
    assert bad == [], f"{path.relative_to(ROOT)} imports {bad}"


@pytest.mark.parametrize("path", nnlib_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_nnlib_module_needs_only_stdlib_and_numpy(path):
    names = imported_modules(path.read_text(encoding="utf-8"), module_name(path))
    tops = {top_level(n) for n in names} - {"nnlib", "__future__"}
    other = sorted(t for t in tops if t not in sys.stdlib_module_names and t not in ALLOWED_THIRD_PARTY)
    assert other == [], f"{path.relative_to(ROOT)} imports {other}: nnlib is plain NumPy"


_IMPORT_ALL = """
import importlib, json, pkgutil, sys
import nnlib
names = ["nnlib"]
for info in pkgutil.walk_packages(nnlib.__path__, prefix="nnlib."):
    importlib.import_module(info.name)
    names.append(info.name)
print(json.dumps({"file": nnlib.__file__, "imported": names, "modules": sorted(sys.modules)}))
"""


def test_importing_all_of_nnlib_loads_no_web_module():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    proc = subprocess.run([sys.executable, "-c", _IMPORT_ALL], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert Path(result["file"]).resolve().is_relative_to(NNLIB.resolve()), result["file"]
    # Every nnlib/*.py was imported, so the check below saw all of them.
    expected = {module_name(p).removesuffix(".__init__") for p in nnlib_files()}
    assert expected <= set(result["imported"]), expected - set(result["imported"])
    loaded = sorted(m for m in result["modules"] if top_level(m) in FORBIDDEN)
    assert loaded == [], f"importing nnlib loaded {loaded}"


# ---------------------------------------------------------------------------------------------------------
# app's own layers: routers on top; services, runs and the lessons' own code below them; no lesson uses another


APP = ROOT / "app"


def app_files(*parts: str) -> list[Path]:
    return sorted(APP.joinpath(*parts).rglob("*.py"))


BELOW_ROUTERS = app_files("services") + app_files("runs") + [
    p for p in app_files("lessons") if p.name not in ("router.py",)]


@pytest.mark.parametrize("path", BELOW_ROUTERS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_services_runs_and_lessons_import_no_router(path):
    names = imported_modules(path.read_text(encoding="utf-8"), module_name(path))
    bad = sorted(n for n in names if n.startswith(("app.routers", "app.main")))
    assert bad == [], f"{path.relative_to(ROOT)} imports {bad}: routers sit above it"


LESSON_DIRS = sorted(p for p in (APP / "lessons").iterdir() if (p / "__init__.py").is_file())


@pytest.mark.parametrize("path", [f for d in LESSON_DIRS for f in sorted(d.rglob("*.py"))],
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_lesson_imports_no_other_lesson(path):
    own = path.relative_to(APP / "lessons").parts[0]
    names = imported_modules(path.read_text(encoding="utf-8"), module_name(path))
    others = sorted(n for n in names if n.startswith("app.lessons.") and n.split(".")[2] not in
                    (own, "contract", "router"))
    assert others == [], f"{path.relative_to(ROOT)} imports {others}: shared parts belong in shared modules"


def test_the_layer_checks_see_the_lessons():
    assert any(d.name == "backprop" for d in LESSON_DIRS)
