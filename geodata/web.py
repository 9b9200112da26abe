"""Boundaries ready for the browser: simplified plotly GeoJSON, names and bounds, cached as JSON.

Reading the JSON cache needs neither geopandas nor GDAL, so a server that has drawn a
layer once starts its next maps without importing them (about a second on two cores).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Bump when the file's content or geodata.simplify's result changes (its CACHE_VERSION),
# so that an old cache is not reused; the value is not imported from there because that
# module imports geopandas.
WEB_CACHE_VERSION = 1


@dataclass(frozen=True)
class WebLayer:
    geojson: dict
    names: dict[str, str]
    bounds: tuple[float, float, float, float]


def web_layer(
    path: Path,
    sha256: str,
    cache_dir: Path,
    *,
    id_field: str = "area_code",
    name_field: str = "area_name",
) -> WebLayer:
    """The simplified layer of a boundary file, built once and then read from ``cache_dir``."""
    digest = sha256.removeprefix("sha256:")
    target = Path(cache_dir) / f"{digest[:16]}-web-v{WEB_CACHE_VERSION}.json"
    if target.is_file():
        try:
            cached = json.loads(target.read_text(encoding="utf-8"))
            return WebLayer(cached["geojson"], cached["names"], tuple(cached["bounds"]))
        except (ValueError, KeyError):
            pass  # a damaged cache file is rebuilt below
    # Only a cache miss pays for geopandas, shapely and GDAL.
    from geodata.simplify import cached_simplified, to_plotly_geojson

    gdf = cached_simplified(path, digest, cache_dir, id_field=id_field, name_field=name_field)
    layer = WebLayer(
        to_plotly_geojson(gdf),
        dict(zip(gdf["area_code"], gdf["area_name"], strict=True)),
        tuple(float(b) for b in gdf.total_bounds),
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"geojson": layer.geojson, "names": layer.names, "bounds": layer.bounds}, fh)
    os.replace(tmp, target)  # readers never see a half-written file
    return layer
