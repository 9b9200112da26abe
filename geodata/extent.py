"""Centre and zoom that fit a lon/lat bounding box into a Web-Mercator map of a given pixel size."""

from __future__ import annotations

import math

# MapLibre (behind plotly's choropleth_map) draws the world 512 px wide at zoom 0.
TILE_SIZE = 512
# Web Mercator is cut off here; beyond it y goes to infinity.
MAX_LATITUDE = 85.0511287798
# A single point has no extent; stop at street level rather than at infinity.
MAX_ZOOM = 20.0


def map_view(
    bounds: tuple[float, float, float, float],
    width_px: int = 700,
    height_px: int = 520,
    padding: float = 0.05,
) -> tuple[dict[str, float], float]:
    """``center`` and ``zoom`` for plotly ``choropleth_map`` so that ``bounds`` fits the map.

    ``bounds`` is ``(min_lon, min_lat, max_lon, max_lat)`` as ``GeoDataFrame.total_bounds``
    gives it; ``padding`` is the share of the width and height kept free on each side.
    plotly's map has no ``fitbounds``, so this computes what MapLibre's ``fitBounds`` would:
    the largest zoom (rounded down to 0.01) at which the box, projected to Web Mercator,
    fits, and the centre of the projected box (its latitude is not the mean latitude).

    >>> center, zoom = map_view((17.76, 59.22, 18.20, 59.45))
    >>> round(center["lon"], 2), round(center["lat"], 3), zoom
    (17.98, 59.335, 9.51)
    """
    min_lon, min_lat, max_lon, max_lat = (float(b) for b in bounds)
    if not all(math.isfinite(b) for b in (min_lon, min_lat, max_lon, max_lat)):
        raise ValueError(f"'bounds' must be finite numbers, got {bounds!r}.")
    if min_lon > max_lon or min_lat > max_lat:
        raise ValueError(f"'bounds' must be (min_lon, min_lat, max_lon, max_lat), got {bounds!r}.")
    if width_px <= 0 or height_px <= 0:
        raise ValueError(
            f"'width_px' and 'height_px' must be positive, got {width_px}, {height_px}."
        )
    if not 0 <= padding < 0.5:
        raise ValueError(f"'padding' must be at least 0 and below 0.5, got {padding}.")

    y_min, y_max = _mercator_y(min_lat), _mercator_y(max_lat)
    # Share of the world's width and height the box takes (the projected world is square).
    dx = (max_lon - min_lon) / 360.0
    dy = (y_max - y_min) / (2 * math.pi)
    usable_w = width_px * (1 - 2 * padding)
    usable_h = height_px * (1 - 2 * padding)
    zooms = [MAX_ZOOM]
    if dx > 0:
        zooms.append(math.log2(usable_w / (TILE_SIZE * dx)))
    if dy > 0:
        zooms.append(math.log2(usable_h / (TILE_SIZE * dy)))
    # Round down so that the box still fits after rounding; never below the whole world.
    zoom = max(0.0, math.floor(min(zooms) * 100) / 100)
    center = {"lat": _mercator_lat((y_min + y_max) / 2), "lon": (min_lon + max_lon) / 2}
    return center, zoom


def _mercator_y(lat: float) -> float:
    lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _mercator_lat(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)
