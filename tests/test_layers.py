"""The layers stay honest: no Streamlit below dashboard/, imports flow dashboard → indicators → geodata."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "indicators": {"streamlit", "dashboard"},
    "geodata": {"streamlit", "dashboard", "indicators"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_lower_layers_do_not_import_upper_ones(package):
    offenders = {
        str(p.relative_to(REPO)): sorted(_imports(p) & FORBIDDEN[package])
        for p in (REPO / package).rglob("*.py")
        if _imports(p) & FORBIDDEN[package]
    }
    assert offenders == {}


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
        "import sys, dashboard.data, dashboard.figures;"
        "print(sorted(m for m in ('geopandas', 'pyogrio', 'pandera') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
