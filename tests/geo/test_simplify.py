"""Simplifying boundaries keeps the coverage, fits the byte budget and is cached once per file."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geodata import simplify
from geodata.boundaries import load_boundaries
from geodata.simplify import (
    DEFAULT_MAX_BYTES,
    TOLERANCE_LADDER,
    cached_simplified,
    gap_area_between,
    geojson_bytes,
    new_gap_area,
    overlap_area,
    simplify_layer,
    simplify_to_budget,
    to_plotly_geojson,
)
from indicators.core.problems import ProblemsError, Reason

FINEST = ["stockholm/stadsdel", "goteborg/primaromrade", "malmo/delomrade"]


@cache
def _simplified(path: Path) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, float]:
    # Several tests look at the same real layers; simplify each once per session.
    original = load_boundaries(path)
    simplified, tolerance = simplify_to_budget(original)
    return original, simplified, tolerance


def _total_area(layer: gpd.GeoDataFrame) -> float:
    return float(shapely.area(layer.geometry.values).sum())


def _wiggly_grid(make_grid: Callable[..., gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """Two squares sharing a zig-zag edge with many small teeth (a valid coverage)."""
    teeth = [(1.0 + (0.01 if k % 2 else 0.0), k / 20) for k in range(21)]
    left = shapely.Polygon([(0, 0), *teeth, (0, 1)])
    right = shapely.Polygon([(2, 0), (2, 1), *reversed(teeth)])
    layer = make_grid(2, 1)
    return layer.set_geometry([left, right], crs=layer.crs)


def test_simplify_layer_keeps_shared_edges(make_grid: Callable) -> None:
    layer = _wiggly_grid(make_grid)
    simplified = simplify_layer(layer, tolerance=0.05)
    assert shapely.get_num_coordinates(simplified.geometry.values).sum() < (
        shapely.get_num_coordinates(layer.geometry.values).sum()
    )
    assert shapely.coverage_is_valid(simplified.geometry.values)
    assert overlap_area(simplified) == 0
    assert new_gap_area(layer, simplified) == 0
    assert simplified["area_code"].tolist() == layer["area_code"].tolist()
    assert simplified.crs == layer.crs


def test_simplify_layer_drops_isolated_islets_but_never_a_whole_area(make_grid: Callable) -> None:
    layer = make_grid(2, 1)
    islet = shapely.box(5.0, 5.0, 5.001, 5.001)
    mainland = shapely.MultiPolygon([layer.geometry.iloc[0], islet])
    lonely = shapely.box(9.0, 9.0, 9.001, 9.001)
    layer = gpd.GeoDataFrame(
        {"area_code": ["a", "b", "c"], "area_name": ["A", "B", "C"]},
        geometry=[mainland, layer.geometry.iloc[1], lonely],
        crs="EPSG:4326",
    )
    simplified = simplify_layer(layer, tolerance=0.01, precision=0)
    assert simplified.geometry.iloc[0].equals(layer.geometry.iloc[0].geoms[0])
    # The lonely islet is area "c" itself: simplified to a triangle, but kept.
    assert simplified.geometry.iloc[2].area > 0
    assert simplified.geometry.iloc[2].within(lonely)


def test_overlap_area_finds_overlaps(make_grid: Callable) -> None:
    layer = make_grid(2, 1)
    assert overlap_area(layer) == 0
    shifted = layer.set_geometry(
        [layer.geometry.iloc[0], shapely.box(0.5, 0, 1.5, 1)], crs=layer.crs
    )
    assert overlap_area(shifted) == pytest.approx(0.5)


def test_new_gap_area_finds_a_hole_between_neighbours(make_grid: Callable) -> None:
    layer = make_grid(3, 3)
    holed = layer[layer["area_code"] != "11"]  # remove the middle cell
    assert new_gap_area(layer, holed) == pytest.approx(1.0)
    assert gap_area_between(layer, holed) == pytest.approx(1.0)
    assert new_gap_area(holed, holed) == 0


def test_plotly_geojson_keeps_only_codes(stockholm_grid: gpd.GeoDataFrame) -> None:
    collection = to_plotly_geojson(stockholm_grid, decimals=2)
    assert [f["id"] for f in collection["features"]] == ["00", "01", "10", "11"]
    assert all(f["properties"] == {"area_code": f["id"]} for f in collection["features"])
    coords = np.array(collection["features"][3]["geometry"]["coordinates"][0])
    assert np.allclose(coords, np.round(coords, 2))
    assert json.loads(json.dumps(collection)) == collection  # plain JSON types only


def test_every_package_layer_keeps_its_coverage(data_dir: Path, boundary_resource: dict) -> None:
    original, simplified, tolerance = _simplified(data_dir / boundary_resource["path"])
    geoms = simplified.geometry.values
    total = _total_area(original)

    assert simplified["area_code"].tolist() == original["area_code"].tolist()
    assert shapely.is_valid(geoms).all()
    assert not shapely.is_empty(geoms).any()
    assert set(shapely.get_type_id(geoms)) <= {3, 6}  # Polygon, MultiPolygon
    # Neighbours share identical edges, so nothing overlaps and no gap opens between them.
    assert shapely.coverage_is_valid(geoms)
    assert overlap_area(simplified) / total < 1e-9
    assert new_gap_area(original, simplified) / total < 1e-4
    # The outline (coast, river, city limits) does move: on average by well under the
    # tolerance. (As a share of area that is up to 3 % for Göteborg's long coastline.)
    outline = shapely.length(shapely.boundary(shapely.coverage_union_all(original.geometry.values)))
    assert gap_area_between(original, simplified) < 0.25 * tolerance * outline
    if boundary_resource["area_type"] != "deso_2025":
        assert geojson_bytes(simplified) <= DEFAULT_MAX_BYTES
    else:
        # 320 small areas: ids and feature wrappers alone take ~38 KB, so no tolerance of
        # the ladder fits; the coarsest is used. (No DeSO indicator data in the package.)
        assert tolerance == TOLERANCE_LADDER[-1]


@pytest.mark.parametrize("name", FINEST)
def test_finest_layers_fit_the_figure_budget(data_dir: Path, tmp_path: Path, name: str) -> None:
    path = data_dir / f"boundaries/{name}.geojson"
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    simplified = cached_simplified(path, f"sha256:{sha}", tmp_path)
    assert len(json.dumps(to_plotly_geojson(simplified))) < 85_000


@pytest.fixture
def grid_file(tmp_path: Path, stockholm_grid: gpd.GeoDataFrame) -> tuple[Path, str]:
    path = tmp_path / "grid.geojson"
    stockholm_grid.to_file(path, engine="pyogrio")
    return path, "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def test_cache_is_written_once_and_reused(
    tmp_path: Path, grid_file: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, sha = grid_file
    cache_dir = tmp_path / "cache"
    first = cached_simplified(path, sha, cache_dir, tolerance=0.001)
    written = list(cache_dir.iterdir())
    assert len(written) == 1
    assert written[0].name.startswith(sha.removeprefix("sha256:")[:16])

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("simplified again instead of reading the cache")

    monkeypatch.setattr(simplify, "simplify_layer", fail)
    second = cached_simplified(path, sha, cache_dir, tolerance=0.001)
    assert list(cache_dir.iterdir()) == written  # no second file, no temp file left
    assert second["area_code"].tolist() == first["area_code"].tolist()
    assert second.geometry.geom_equals(first.geometry).all()
    assert second.crs == first.crs


def test_cache_key_holds_hash_and_tolerance(tmp_path: Path, grid_file: tuple[Path, str]) -> None:
    path, sha = grid_file
    cache_dir = tmp_path / "cache"
    cached_simplified(path, sha, cache_dir, tolerance=0.001)
    cached_simplified(path, sha, cache_dir, tolerance=0.002)
    cached_simplified(path, sha, cache_dir)  # byte budget instead of a fixed tolerance
    # A different hash (the file changed upstream) must not reuse the cache; the file's
    # real hash is checked before anything is written.
    other = "sha256:" + "0" * 64
    with pytest.raises(ProblemsError) as caught:
        cached_simplified(path, other, cache_dir, tolerance=0.001)
    assert caught.value.problems[0].reason is Reason.CHECKSUM
    assert len({p.name for p in cache_dir.iterdir()}) == 3


def test_different_hash_gives_a_different_cache_file(
    tmp_path: Path, grid_file: tuple[Path, str], stockholm_grid: gpd.GeoDataFrame
) -> None:
    path, sha = grid_file
    cache_dir = tmp_path / "cache"
    cached_simplified(path, sha, cache_dir, tolerance=0.001)
    stockholm_grid.iloc[:3].to_file(path, engine="pyogrio")  # the file changes
    new_sha = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    changed = cached_simplified(path, new_sha, cache_dir, tolerance=0.001)
    assert len(changed) == 3
    assert len(list(cache_dir.iterdir())) == 2


def test_a_broken_cache_file_is_rebuilt(tmp_path: Path, grid_file: tuple[Path, str]) -> None:
    path, sha = grid_file
    cache_dir = tmp_path / "cache"
    cached_simplified(path, sha, cache_dir, tolerance=0.001)
    (target,) = cache_dir.iterdir()
    target.write_bytes(b"not parquet")
    assert len(cached_simplified(path, sha, cache_dir, tolerance=0.001)) == 4


@pytest.mark.parametrize("sha", ["", "sha256:../../etc", "sha256:" + "a" * 16, "g" * 64])
def test_hash_must_be_hex(tmp_path: Path, grid_file: tuple[Path, str], sha: str) -> None:
    with pytest.raises(ValueError, match="sha256"):
        cached_simplified(grid_file[0], sha, tmp_path)
