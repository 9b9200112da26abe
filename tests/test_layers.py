"""The layers stay honest: each imports only the layers before it, and only app/ imports Streamlit.

core → measures → geo → table → ingest → views → report → app → cli. Every import counts:
at module level, inside a function, and under ``TYPE_CHECKING`` (a cycle through type hints
is a cycle waiting to happen).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

#: (layer, its package), in order: a layer may import only itself and the layers above it.
LAYERS: tuple[tuple[str, str], ...] = (
    ("core", "indicators.core"),
    ("measures", "indicators.measures"),
    ("geo", "geodata"),
    ("table", "indicators.table"),
    ("ingest", "indicators.ingest"),
    ("views", "indicators.views"),
    ("report", "dashboard.report"),
    ("app", "dashboard.app"),
    ("cli", "dashboard.cli"),
)
#: The three top-level packages hold nothing but their layers.
ROOTS = ("indicators", "geodata", "dashboard")


def _module(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int | None:
    """The index of the layer a module belongs to (the longest matching package)."""
    best = None
    for i, (_name, package) in enumerate(LAYERS):
        if (module == package or module.startswith(package + ".")) and (
            best is None or len(package) > len(LAYERS[best][1])
        ):
            best = i
    return best


def _imports(path: Path) -> set[str]:
    """Every module imported anywhere in the file, absolute, as written."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            # "from indicators.core import settings" imports the module core.settings.
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def _sources() -> list[Path]:
    return sorted(p for root in ROOTS for p in (REPO / root).rglob("*.py"))


def test_every_module_belongs_to_a_layer():
    roots = {f"{r}/__init__.py" for r in ROOTS}
    outside = [
        str(p.relative_to(REPO))
        for p in _sources()
        if _layer(_module(p)) is None and str(p.relative_to(REPO)) not in roots
    ]
    assert outside == []


@pytest.mark.parametrize("layer", [name for name, _ in LAYERS])
def test_a_layer_imports_only_the_layers_before_it(layer):
    own = next(i for i, (name, _) in enumerate(LAYERS) if name == layer)
    offenders = {}
    for path in _sources():
        if _layer(_module(path)) != own:
            continue
        later = sorted(
            name
            for name in _imports(path)
            if name.split(".")[0] in ROOTS and (found := _layer(name)) is not None and found > own
        )
        if later:
            offenders[str(path.relative_to(REPO))] = later
    assert offenders == {}


def test_no_module_imports_itself_round_about():
    """No cycle among modules, counting imports inside functions and under TYPE_CHECKING
    (the old areas → store → schema → areas cycle ran through type hints)."""
    modules = {_module(p): p for p in _sources()}
    graph = {
        m: {n for n in _imports(p) if n in modules and n != m and not m.startswith(n + ".")}
        for m, p in modules.items()
    }
    # Tarjan's strongly connected components: a component of more than one module is a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert cycles == []


def test_only_the_app_imports_streamlit():
    app = next(i for i, (name, _) in enumerate(LAYERS) if name == "app")
    offenders = [
        str(p.relative_to(REPO))
        for p in _sources()
        if _layer(_module(p)) != app and any(n.split(".")[0] == "streamlit" for n in _imports(p))
    ]
    assert offenders == []


def test_the_top_level_packages_import_nothing():
    for root in ROOTS:
        assert not {n for n in _imports(REPO / root / "__init__.py") if n.split(".")[0] in ROOTS}


def test_long_or_complex_functions_are_few_and_say_why():
    """At most five functions over 60 lines (docstring included) or cyclomatic complexity 15
    (radon), each with a comment just above its ``def`` or at the top of its body saying why."""
    from radon.complexity import cc_visit

    found = []
    for path in _sources():
        lines = path.read_text(encoding="utf-8").splitlines()
        for block in cc_visit("\n".join(lines)):
            for f in [block, *getattr(block, "methods", [])]:
                if type(f).__name__ == "Class":
                    continue
                if f.endline - f.lineno + 1 > 60 or f.complexity > 15:
                    above = lines[f.lineno - 2].strip() if f.lineno > 1 else ""
                    body = "\n".join(lines[f.lineno : f.endline])
                    says_why = above.startswith("#") or "\n    # " in body.split('"""')[-1][:400]
                    found.append((f"{path.relative_to(REPO)}:{f.lineno} {f.name}", says_why))
    found = sorted(set(found))
    assert len(found) <= 5, found
    assert [name for name, why in found if not why] == []


def test_every_page_stays_thin():
    """A page reads the view, asks, and draws: at most 80 lines; its logic lives below."""
    long_pages = {
        p.name: n
        for p in (REPO / "dashboard" / "app" / "screens").glob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 80
    }
    assert long_pages == {}


def test_every_module_opens_with_a_docstring():
    missing = [
        str(p.relative_to(REPO))
        for folder in ("indicators", "geodata", "dashboard", "bench", "tests")
        for p in (REPO / folder).rglob("*.py")
        if p.stat().st_size and ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None
    ]
    assert missing == []


def test_a_warm_start_does_not_import_the_geo_stack_or_pandera():
    """The dashboard's data layer leaves geopandas, GDAL and pandera to a cache miss or an
    upload: importing them costs a second of every server start."""
    import subprocess
    import sys

    code = (
        "import sys, dashboard.app.cache, dashboard.report.figures;"
        "print(sorted(m for m in ('geopandas', 'pyogrio', 'pandera') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
