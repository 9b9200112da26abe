"""map_view: the box always fits the map at the returned zoom, centred, as tight as possible."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geodata.boundaries import load_boundaries
from geodata.extent import MAX_ZOOM, TILE_SIZE, map_view


def _pixels(bounds: tuple[float, float, float, float], zoom: float) -> tuple[float, float]:
    """Width and height of a lon/lat box in Web-Mercator pixels at ``zoom``."""
    min_lon, min_lat, max_lon, max_lat = bounds

    def y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    world = TILE_SIZE * 2**zoom
    return (max_lon - min_lon) / 360 * world, (y(max_lat) - y(min_lat)) / (2 * math.pi) * world


@st.composite
def boxes(draw: st.DrawFn) -> tuple[float, float, float, float]:
    min_lon = draw(st.floats(-180, 179))
    min_lat = draw(st.floats(-80, 79))
    max_lon = draw(st.floats(min_lon, 180))
    max_lat = draw(st.floats(min_lat, 80))
    return min_lon, min_lat, max_lon, max_lat


@given(
    bounds=boxes(),
    width_px=st.integers(200, 2000),
    height_px=st.integers(200, 2000),
    padding=st.floats(0, 0.2),
)
def test_box_fits_and_centre_is_inside(
    bounds: tuple[float, float, float, float], width_px: int, height_px: int, padding: float
) -> None:
    center, zoom = map_view(bounds, width_px, height_px, padding)
    min_lon, min_lat, max_lon, max_lat = bounds
    assert 0 <= zoom <= MAX_ZOOM
    assert min_lon <= center["lon"] <= max_lon
    assert min_lat - 1e-9 <= center["lat"] <= max_lat + 1e-9

    width, height = _pixels(bounds, zoom)
    usable_w, usable_h = width_px * (1 - 2 * padding), height_px * (1 - 2 * padding)
    if zoom > 0:  # at zoom 0 the whole world may still be larger than a small map
        assert width <= usable_w * (1 + 1e-9)
        assert height <= usable_h * (1 + 1e-9)
    if 0 < zoom < MAX_ZOOM:
        # As tight as the 0.01 rounding allows: one step closer, it no longer fits.
        closer_w, closer_h = _pixels(bounds, zoom + 0.01)
        assert closer_w > usable_w or closer_h > usable_h


def test_stockholm_fits_at_city_zoom(data_dir: Path) -> None:
    layer = load_boundaries(data_dir / "boundaries/stockholm/stadsdel.geojson")
    bounds = tuple(float(b) for b in layer.total_bounds)
    center, zoom = map_view(bounds)
    assert 8 <= zoom <= 11
    assert bounds[0] <= center["lon"] <= bounds[2]
    assert bounds[1] <= center["lat"] <= bounds[3]


def test_a_single_point_gets_the_maximum_zoom() -> None:
    center, zoom = map_view((18.0, 59.3, 18.0, 59.3))
    assert zoom == MAX_ZOOM
    assert center == pytest.approx({"lat": 59.3, "lon": 18.0})


@pytest.mark.parametrize(
    ("bounds", "kwargs", "name"),
    [
        ((18.2, 59.3, 18.0, 59.4), {}, "bounds"),
        ((math.nan, 59.3, 18.0, 59.4), {}, "bounds"),
        ((18.0, 59.3, 18.2, 59.4), {"width_px": 0}, "width_px"),
        ((18.0, 59.3, 18.2, 59.4), {"padding": 0.5}, "padding"),
    ],
)
def test_bad_arguments_are_named(bounds: tuple, kwargs: dict, name: str) -> None:
    with pytest.raises(ValueError, match=name):
        map_view(bounds, **kwargs)
