"""Simplify boundary layers for web maps without opening gaps between neighbours, and cache them."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from geodata.boundaries import load_boundaries
from indicators.core.problems import ProblemsError

# Degrees. 0.001 is what FEASIBILITY.md found right for Stockholm (about 1 px at city zoom).
DEFAULT_TOLERANCE = 0.001
# 1e-5 degrees is about 1 m, the grid the data package already snaps to.
DEFAULT_PRECISION = 1e-5
# A city figure should stay under about 100 KB; the rest of the figure (locations, values,
# hover text, layout) needs some 15 KB, so the outlines get 80 KB of GeoJSON.
DEFAULT_MAX_BYTES = 80_000
# Finest first: a layer gets the finest tolerance whose GeoJSON fits the byte budget.
TOLERANCE_LADDER: tuple[float, ...] = (0.0005, 0.00075, 0.001, 0.0015, 0.002, 0.003, 0.005)
# Bump when the simplification changes, so old cache files are not reused.
CACHE_VERSION = 1  # bump geodata.web.WEB_CACHE_VERSION with it


def simplify_layer(
    gdf: gpd.GeoDataFrame,
    tolerance: float = DEFAULT_TOLERANCE,
    precision: float = DEFAULT_PRECISION,
) -> gpd.GeoDataFrame:
    """Simplify a polygon coverage so that neighbours keep identical shared edges.

    ``tolerance`` is in CRS units (degrees), roughly the square root of the area of the
    triangles removed (Visvalingam–Whyatt). Isolated parts smaller than ``tolerance**2``
    (skerries) are dropped, because coverage simplification cannot remove a ring and
    Göteborg's archipelago would otherwise dominate the byte size; each feature keeps at
    least its largest part. Columns, index, order and CRS are kept.
    """
    geoms = np.asarray(gdf.geometry.simplify_coverage(tolerance).values, dtype=object)
    if precision:
        geoms = shapely.set_precision(geoms, precision)
    if tolerance > 0:
        geoms = _drop_islets(geoms, tolerance**2)
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        geoms[invalid] = [_polygonal(g) for g in shapely.make_valid(geoms[invalid])]
    out = gdf.copy()
    out.geometry = gpd.GeoSeries(geoms, index=gdf.index, crs=gdf.crs)
    return out


def simplify_to_budget(
    gdf: gpd.GeoDataFrame,
    max_bytes: int = DEFAULT_MAX_BYTES,
    *,
    ladder: tuple[float, ...] = TOLERANCE_LADDER,
    precision: float = DEFAULT_PRECISION,
    decimals: int = 5,
) -> tuple[gpd.GeoDataFrame, float]:
    """The least simplified layer from ``ladder`` whose plotly GeoJSON fits ``max_bytes``.

    Returns the layer and the tolerance used; if none fits, the coarsest of the ladder.
    """
    if not ladder:
        raise ValueError("'ladder' must hold at least one tolerance.")
    simplified = gdf
    tolerance = ladder[-1]
    for tolerance in ladder:
        simplified = simplify_layer(gdf, tolerance, precision)
        if geojson_bytes(simplified, decimals) <= max_bytes:
            break
    return simplified, tolerance


def to_plotly_geojson(gdf: gpd.GeoDataFrame, decimals: int = 5) -> dict[str, Any]:
    """A FeatureCollection for ``choropleth_map(featureidkey="properties.area_code")``.

    Only ``area_code`` is kept (as ``id`` and property), coordinates rounded to
    ``decimals``: every byte here is sent to the browser with each figure.

    >>> import geopandas, shapely
    >>> layer = geopandas.GeoDataFrame(
    ...     {"area_code": ["01"], "area_name": ["Nordost"]},
    ...     geometry=[shapely.box(11.0, 57.0, 11.123456, 57.1)], crs="EPSG:4326")
    >>> fc = to_plotly_geojson(layer, decimals=3)
    >>> fc["features"][0]["id"], fc["features"][0]["properties"]
    ('01', {'area_code': '01'})
    >>> fc["features"][0]["geometry"]["coordinates"][0][0]
    [11.123, 57.0]
    """
    features = []
    for code, geom in zip(gdf["area_code"], gdf.geometry.values, strict=True):
        mapped = shapely.geometry.mapping(geom) if geom is not None else None
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"area_code": code},
                "geometry": None
                if mapped is None
                else {
                    "type": mapped["type"],
                    "coordinates": _round_coords(mapped["coordinates"], decimals),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def geojson_bytes(gdf: gpd.GeoDataFrame, decimals: int = 5) -> int:
    """Size of :func:`to_plotly_geojson` as ``json.dumps`` writes it (plotly's is smaller)."""
    return len(json.dumps(to_plotly_geojson(gdf, decimals)))


def cached_simplified(
    path: Path,
    sha256: str,
    cache_dir: Path,
    *,
    tolerance: float | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    id_field: str = "area_code",
    name_field: str = "area_name",
) -> gpd.GeoDataFrame:
    """Load and simplify a boundary file once; later calls read the GeoParquet cache.

    ``sha256`` is the file's hash as in datapackage.json (``"sha256:…"`` or bare hex) and
    is checked against the file before simplifying. With ``tolerance=None`` the tolerance
    comes from :func:`simplify_to_budget` with ``max_bytes``; otherwise it is fixed.
    The cache file name holds the hash and the tolerance (or budget), so a changed file
    or setting never reuses an old result.
    """
    path = Path(path)
    cache_dir = Path(cache_dir)
    digest = sha256.removeprefix("sha256:").lower()
    # The hash becomes part of a file name: refuse anything that is not plain hex.
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ValueError(f"'sha256' must be a hexadecimal sha256 digest, got {sha256!r}.")
    setting = f"max{max_bytes}" if tolerance is None else f"tol{tolerance:g}"
    target = cache_dir / f"{digest[:16]}-{setting}-v{CACHE_VERSION}.parquet"

    if target.is_file():
        try:
            return gpd.read_parquet(target)
        except (OSError, ValueError):
            pass  # unreadable cache (e.g. written by another library version): rebuild it

    actual = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    if actual is not None and actual != digest:
        raise ProblemsError.at(
            path.name, "boundary_checksum", value=f"sha256:{actual}", expected=digest
        )
    layer = load_boundaries(path, id_field=id_field, name_field=name_field)
    if tolerance is None:
        simplified, _ = simplify_to_budget(layer, max_bytes)
    else:
        simplified = simplify_layer(layer, tolerance)
    _write_atomically(simplified, target)
    return simplified


def overlap_area(gdf: gpd.GeoDataFrame | gpd.GeoSeries) -> float:
    """Sum of the areas where two features overlap, in squared CRS units (0 for a coverage)."""
    geoms = np.asarray(gdf.geometry.values)
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    pairs = left < right  # each unordered pair once, and never a feature with itself
    return float(shapely.area(shapely.intersection(geoms[left[pairs]], geoms[right[pairs]])).sum())


def gap_area_between(
    original: gpd.GeoDataFrame | gpd.GeoSeries, simplified: gpd.GeoDataFrame | gpd.GeoSeries
) -> float:
    """Area covered by one layer but not the other (symmetric difference of their unions).

    Counts new gaps between neighbours, dropped islets and the moved outer boundary alike,
    in squared CRS units.
    """
    before, after = _union(original), _union(simplified)
    return float(shapely.area(shapely.symmetric_difference(before, after)))


def new_gap_area(
    original: gpd.GeoDataFrame | gpd.GeoSeries, simplified: gpd.GeoDataFrame | gpd.GeoSeries
) -> float:
    """Area of holes enclosed by the simplified layer that were not holes in the original.

    A gap opened between neighbours shows up here; the coastline moving does not (that is
    in :func:`gap_area_between`). Squared CRS units.
    """
    before, after = _holes(_union(original)), _holes(_union(simplified))
    return float(shapely.area(shapely.difference(after, before)))


def _union(layer: gpd.GeoDataFrame | gpd.GeoSeries) -> shapely.Geometry:
    geoms = np.asarray(layer.geometry.values)
    # Dissolving a valid coverage is ten times faster; anything else takes the general path.
    if shapely.coverage_is_valid(geoms):
        return shapely.coverage_union_all(geoms)
    return shapely.union_all(geoms)


def _holes(geom: shapely.Geometry) -> shapely.Geometry:
    """The interior rings of a (multi)polygon, as one (multi)polygon."""
    holes = [shapely.Polygon(ring) for part in shapely.get_parts(geom) for ring in part.interiors]
    return shapely.union_all(holes) if holes else shapely.Polygon()


def _drop_islets(geoms: np.ndarray, min_area: float) -> np.ndarray:
    """Remove polygon parts smaller than ``min_area`` that touch no other part."""
    parts, owner = shapely.get_parts(geoms, return_index=True)
    if len(parts) == 0:
        return geoms
    areas = shapely.area(parts)
    hits, _ = shapely.STRtree(parts).query(parts, predicate="intersects")
    # A part always intersects itself; one hit means it touches nothing else, so removing
    # it cannot open a hole between neighbours.
    isolated = np.bincount(hits, minlength=len(parts)) == 1
    drop = isolated & (areas < min_area)
    for feature in np.unique(owner[drop]):
        mine = owner == feature
        if drop[mine].all():
            drop[np.flatnonzero(mine)[np.argmax(areas[mine])]] = False
    out = geoms.copy()
    for feature in np.unique(owner[drop]):
        kept = parts[(owner == feature) & ~drop]
        out[feature] = kept[0] if len(kept) == 1 else shapely.MultiPolygon(list(kept))
    return out


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Only the polygonal parts of a geometry (make_valid may add lines or points)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polys) if polys else shapely.Polygon()


def _round_coords(coords: Any, decimals: int) -> list[Any]:
    if coords and isinstance(coords[0], float | int):
        return [round(c, decimals) for c in coords]
    return [_round_coords(c, decimals) for c in coords]


def _write_atomically(gdf: gpd.GeoDataFrame, target: Path) -> None:
    """Write next to ``target`` and rename, so no reader ever sees a half-written file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".tmp")
    os.close(fd)
    try:
        gdf.to_parquet(tmp, index=False)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
