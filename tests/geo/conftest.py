"""Fixtures for the geodata tests: the real data package and tiny layers built in code."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
import shapely

from tests.conftest import DATA


def _boundary_resources() -> list[dict[str, Any]]:
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    return [r for r in package["resources"] if r["path"].startswith("boundaries/")]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # A test asking for `boundary_resource` runs once per boundary file of the package
    # (its datapackage.json entry: path, hash, area_type, n_features, …).
    if "boundary_resource" in metafunc.fixturenames:
        resources = _boundary_resources()
        metafunc.parametrize("boundary_resource", resources, ids=[r["path"] for r in resources])


def grid(
    nx: int = 2, ny: int = 2, *, x0: float = 0.0, y0: float = 0.0, size: float = 1.0
) -> gpd.GeoDataFrame:
    """An nx × ny grid of square areas coded "00", "01", … (a valid coverage)."""
    cells = [
        (
            f"{i}{j}",
            shapely.box(x0 + i * size, y0 + j * size, x0 + (i + 1) * size, y0 + (j + 1) * size),
        )
        for i in range(nx)
        for j in range(ny)
    ]
    return gpd.GeoDataFrame(
        {"area_code": [c for c, _ in cells], "area_name": [f"Område {c}" for c, _ in cells]},
        geometry=[g for _, g in cells],
        crs="EPSG:4326",
    )


@pytest.fixture
def make_grid() -> Callable[..., gpd.GeoDataFrame]:
    """Build a grid of square areas: ``make_grid(nx, ny, x0=, y0=, size=)``."""
    return grid


@pytest.fixture
def stockholm_grid() -> gpd.GeoDataFrame:
    """A 2 × 2 grid of 0.01° cells in Stockholm, inside the plausible extent."""
    return grid(x0=18.0, y0=59.3, size=0.01)


def _write_geojson(path: Path, features: list[tuple[dict[str, Any], Any]]) -> Path:
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": props,
                "geometry": None if geom is None else shapely.geometry.mapping(geom),
            }
            for props, geom in features
        ],
    }
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def write_geojson() -> Callable[[Path, list[tuple[dict[str, Any], Any]]], Path]:
    """Write (properties, shapely geometry or None) pairs as a GeoJSON file, byte by byte."""
    return _write_geojson
