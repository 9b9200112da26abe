"""Read a boundary GeoJSON into a small, checked GeoDataFrame of area_code, area_name, geometry."""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyproj
import shapely
from pyogrio.errors import DataLayerError, DataSourceError
from shapely.errors import GEOSException

from indicators.core.problems import Problem, ProblemsError
from indicators.core.text import Text

WGS84 = "EPSG:4326"

# The app maps Swedish cities only, so a far tighter box than the whole globe is plausible.
# It catches the usual mistakes that still look like valid lon/lat: swapped axes (lat 59,
# lon 18 lands outside the box) and a file from another country. (min_lon, min_lat,
# max_lon, max_lat), Sweden plus a margin.
PLAUSIBLE_EXTENT: tuple[float, float, float, float] = (10.0, 55.0, 25.0, 70.0)

_POLYGONAL = ("Polygon", "MultiPolygon")
#: What the CRS check says when a file declares none.
_MISSING = Text("saknas", "missing")


def load_boundaries(
    path: Path,
    *,
    id_field: str = "area_code",
    name_field: str = "area_name",
    label: str | None = None,
) -> gpd.GeoDataFrame:
    """Read one boundary file; return columns ``area_code``, ``area_name``, ``geometry`` (EPSG:4326).

    Codes are returned as strings exactly as written in the file ("01" stays "01").
    Raises ``ProblemsError`` listing every problem found, in Swedish and English.
    """
    path = Path(path)
    label = label or path.name
    raw = _read_features(path, label)
    _require_properties(raw, (id_field, name_field), label)
    gdf = gpd.GeoDataFrame(
        {
            "area_code": _as_codes(raw[id_field]),
            "area_name": raw[name_field].astype("str"),
        },
        geometry=raw.geometry.values,
        crs=raw.crs,
    )
    problems = validate_boundaries(gdf, label)
    if problems:
        raise ProblemsError(problems)
    # An equivalent lon/lat CRS (e.g. OGC:CRS84) passed validation; name it uniformly.
    return gdf.set_crs(WGS84, allow_override=True)


def _read_features(path: Path, label: str) -> gpd.GeoDataFrame:
    """The file's features as read, or ``ProblemsError`` when it is missing or not geodata."""
    if not path.is_file():
        raise ProblemsError.at(label, "boundary_file_missing", value=str(path), path=path)
    try:
        # An unreadable geometry (e.g. a one-point ring) becomes None, so it is reported
        # with its feature number by validate_boundaries instead of failing the whole file.
        return gpd.read_file(path, engine="pyogrio", on_invalid="ignore")
    except (DataSourceError, DataLayerError, GEOSException, ValueError, OSError) as exc:
        raise ProblemsError.at(label, "not_geodata", error=exc) from exc


def _require_properties(raw: gpd.GeoDataFrame, fields: tuple[str, ...], label: str) -> None:
    """Raise ``ProblemsError`` naming every one of ``fields`` the features do not have."""
    missing = [field for field in fields if field not in raw.columns]
    if missing:
        raise ProblemsError([Problem.at(label, "no_property", column=field) for field in missing])


def validate_boundaries(
    gdf: gpd.GeoDataFrame,
    label: str,
    *,
    extent: tuple[float, float, float, float] = PLAUSIBLE_EXTENT,
) -> list[Problem]:
    """Every problem with a boundary layer; ``row`` is the 1-based feature number.

    Checks: CRS is EPSG:4326; every geometry present, valid and (Multi)Polygon, inside
    ``extent``; ``area_code`` non-empty and unique; ``area_name`` non-empty.
    """
    problems: list[Problem] = []
    crs_ok = _is_wgs84(gdf.crs)
    if not crs_ok:
        given = None if gdf.crs is None else gdf.crs.to_string()
        shown = _MISSING if given is None else given
        problems.append(Problem.at(label, "not_wgs84", column="crs", value=given, crs=shown))

    geoms = gdf.geometry.values
    for i, geom in enumerate(geoms):
        problems.extend(_geometry_problems(label, i + 1, geom, extent if crs_ok else None))

    problems.extend(_code_problems(label, gdf["area_code"]))
    for i, name in enumerate(gdf["area_name"]):
        if _is_blank(name):
            problems.append(
                Problem.at(label, "feature_without_name", row=i + 1, column="area_name", value="")
            )
    # File-level problems first, then in feature order, as a reader would go through the file.
    return sorted(problems, key=lambda p: -1 if p.row is None else p.row)


def _is_wgs84(crs: pyproj.CRS | None) -> bool:
    # OGC:CRS84 (what RFC 7946 means) differs from EPSG:4326 only in axis order.
    return crs is not None and pyproj.CRS(crs).equals(WGS84, ignore_axis_order=True)


def _as_codes(values: pd.Series) -> pd.Series:
    """Codes as strings; a number the reader typed as float keeps no spurious '.0'."""

    def one(value: object) -> object:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    return pd.Series([one(v) for v in values], index=values.index, dtype="str")


def _is_blank(value: object) -> bool:
    return value is None or pd.isna(value) or not str(value).strip()


def _geometry_problems(
    label: str,
    feature: int,
    geom: shapely.Geometry | None,
    extent: tuple[float, float, float, float] | None,
) -> list[Problem]:
    if geom is None or geom.is_empty:
        return [
            Problem.at(label, "feature_without_geometry", row=feature, column="geometry", value="")
        ]
    if geom.geom_type not in _POLYGONAL:
        return [
            Problem.at(
                label, "feature_not_polygon", row=feature, column="geometry", value=geom.geom_type
            )
        ]
    found = [_invalid(label, feature, geom)]
    if extent is not None:
        found.append(_outside(label, feature, geom, extent))
    return [p for p in found if p is not None]


def _invalid(label: str, feature: int, geom: shapely.Geometry) -> Problem | None:
    """The problem with a polygon GEOS calls invalid (a self-intersection …), if it is."""
    if shapely.is_valid(geom):
        return None
    why = shapely.is_valid_reason(geom)
    return Problem.at(label, "feature_invalid", row=feature, column="geometry", value=why)


def _outside(
    label: str, feature: int, geom: shapely.Geometry, extent: tuple[float, float, float, float]
) -> Problem | None:
    """The problem with a geometry reaching outside ``extent``, if it does."""
    min_x, min_y, max_x, max_y = shapely.bounds(geom)
    lo_x, lo_y, hi_x, hi_y = extent
    if not (min_x < lo_x or max_x > hi_x or min_y < lo_y or max_y > hi_y):
        return None
    box = f"lon {min_x:g}..{max_x:g}, lat {min_y:g}..{max_y:g}"
    sweden = f"lon {lo_x:g}..{hi_x:g}, lat {lo_y:g}..{hi_y:g}"
    return Problem.at(
        label, "feature_outside_sweden", row=feature, column="geometry", value=box, sweden=sweden
    )


def _code_problems(label: str, codes: pd.Series) -> list[Problem]:
    problems = []
    features_by_code: dict[str, list[int]] = defaultdict(list)
    for i, code in enumerate(codes):
        if _is_blank(code):
            shown = "" if code is None or pd.isna(code) else str(code)
            problems.append(
                Problem.at(
                    label, "feature_without_code", row=i + 1, column="area_code", value=shown
                )
            )
        else:
            features_by_code[str(code)].append(i + 1)
    for code, features in features_by_code.items():
        if len(features) < 2:
            continue
        for feature in features:
            others = ", ".join(str(f) for f in features if f != feature)
            problems.append(
                Problem.at(
                    label,
                    "feature_code_repeated",
                    row=feature,
                    column="area_code",
                    value=code,
                    others=others,
                )
            )
    return problems
