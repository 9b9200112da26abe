"""Chart colours a reader can see: contrast computed from the figures' own colours.

Issue 11, item 4: the missing-value colour (1.1:1) and the yellow end of the scale (1.3:1)
vanished against white, suppressed grey merged with the scale's middle for red–green
colour-blind readers, and chart text had 3.7:1. WCAG 2.1: text 4.5:1 (1.4.3), graphical
objects 3:1 (1.4.11). Missing and suppressed districts are outlined and hatched.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
import shapely
from plotly.colors import unlabel_rgb

from dashboard.report import figures
from dashboard.report.figures import choropleth, colorscale, hatch_lines, ranking
from tests.report.test_exporting import KINDS, exports  # noqa: F401 (the fixture)
from tests.report.test_figures import CNI, DISTRICTS, LIFE, TEXT, _grid


def _rgb(colour: str) -> tuple[float, float, float]:
    if colour.startswith("#"):
        h = colour[1:]
        if len(h) == 3:
            h = "".join(c * 2 for c in h)
        return tuple(int(h[i : i + 2], 16) for i in (0, 2, 4))
    return tuple(unlabel_rgb(colour)[:3])


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance."""
    lin = [c / 255 for c in _rgb(colour)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in lin]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str = "#ffffff") -> float:
    la, lb = sorted((luminance(a), luminance(b)))
    return (lb + 0.05) / (la + 0.05)


def test_contrast_matches_wcag_examples():
    assert contrast("#000000") == pytest.approx(21.0)
    assert contrast("#767676") == pytest.approx(4.54, abs=0.01)
    assert contrast("#fde725") == pytest.approx(1.26, abs=0.01)  # Viridis' yellow end


@pytest.mark.parametrize("indicator", [LIFE, CNI])
def test_every_colour_of_the_scale_stands_out_from_the_white_page(indicator):
    for _, colour in colorscale(indicator):
        assert contrast(colour) >= 3.0, colour


def _map():
    return choropleth(
        _grid(), DISTRICTS, LIFE, lang="sv", text=TEXT, scale=(75.0, 90.0),
        center={"lat": 59.3, "lon": 18.0}, zoom=10,
    )  # fmt: skip


def test_missing_and_suppressed_are_outlined_and_hatched_not_only_coloured():
    fig = _map()
    layers = {t.legendgroup: t for t in fig.data if t.type == "choroplethmap" and t.legendgroup}
    hatches = {t.legendgroup: t for t in fig.data if t.type == "scattermap"}
    for status in ("missing", "suppressed"):
        outline = layers[status].marker.line
        assert contrast(outline.color) >= 3.0 and outline.width >= 1.5
        hatch = hatches[status]
        assert contrast(hatch.line.color) >= 3.0
        # The box is 29 px wide at zoom 10: lines 7 px apart cross it three or four times.
        assert sum(v is None for v in hatch.lon) >= 3, "too few hatch lines to read as hatching"
        # Every hatch line lies inside its district (a box 0.01° wide).
        code = list(layers[status].locations)[0]
        box = next(shapely.geometry.shape(f["geometry"]) for f in _grid()["features"]
                   if f["properties"]["area_code"] == code)  # fmt: skip
        points = [(x, y) for x, y in zip(hatch.lon, hatch.lat, strict=True) if x is not None]
        assert all(box.buffer(1e-9).contains(shapely.Point(p)) for p in points)

    # The two hatchings run in opposite directions, so they differ without colour.
    def slope(status: str) -> float:
        code = list(layers[status].locations)[0]
        step = figures.hatch_step(10)
        xs, ys = hatch_lines(_grid(), {code}, figures.HATCH_DIRECTION[status], step)[0]
        return (ys[-1] - ys[0]) / (xs[-1] - xs[0])

    assert slope("missing") < 0 < slope("suppressed")


def test_suppressed_grey_differs_in_lightness_from_every_colour_of_the_scale():
    # Red–green colour-blind readers keep lightness: the grey must not match the middle.
    for indicator in (LIFE, CNI):
        for _, colour in colorscale(indicator):
            assert contrast(figures.SUPPRESSED_COLOUR, colour) >= 2.0, colour


def _text_colours(node: object, path: str = "") -> list[tuple[str, str]]:
    """(where, colour) of every font colour and every inline HTML colour in a figure dict."""
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}"
            if key in ("font", "tickfont") and isinstance(value, dict) and value.get("color"):
                colours = value["color"]
                for c in colours if isinstance(colours, list) else [colours]:
                    found.append((here, c))
            found += _text_colours(value, here)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _text_colours(value, f"{path}[{i}]")
    elif isinstance(node, str):
        found += [(path, c) for c in re.findall(r"color:\s*(#[0-9a-fA-F]{3,6})", node)]
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_every_chart_text_has_4_5_to_1_contrast(exports, kind):  # noqa: F811
    for fig in (exports[kind].figure, exports[kind].export_figure("a4")):
        spec = fig.to_dict()["layout"]
        spec.pop("template", None)
        colours = _text_colours({"layout": spec, "data": fig.to_dict()["data"]})
        assert colours
        for where, colour in colours:
            if where.endswith("hoverlabel.font"):
                continue
            assert contrast(colour) >= 4.5, (where, colour)
        # Set on the page itself, so that no theme's grey (Streamlit's 3.7:1) replaces it.
        assert spec["font"]["color"] == figures.TEXT_COLOUR
        for axis in (k for k in spec if re.fullmatch(r"[xy]axis\d*", k)):
            assert spec[axis]["tickfont"]["color"] == figures.TEXT_COLOUR, axis


def test_the_ranking_bars_take_the_visible_scale():
    districts = pd.DataFrame(
        {"area_code": ["a", "b"], "area_name": ["Åby", "Bro"], "value": [75.0, 90.0],
         "status": ["value", "value"]}
    )  # fmt: skip
    fig = ranking(districts, LIFE, lang="sv", text=TEXT, scale=(75.0, 90.0), city_value=None)
    # The bars carry their colours as strings (no colour scale: plotly.js warns per bar).
    bars = fig.data[0].marker.color
    assert len(bars) == 2 and all(contrast(c) >= 3.0 for c in bars)
