"""Figure builders are plain functions: data in, figure out, every note inside the figure."""

from __future__ import annotations

import pandas as pd
import shapely

from dashboard.report.figures import FigureText, choropleth, colorscale, ranking
from indicators.table.catalog import Indicator

LIFE = Indicator(
    "life_expectancy", "Medellivslängd", "Life expectancy", "år", "years", True, 1, "", ""
)
CNI = Indicator("cni", "CNI", "CNI", "index", "index", False, 2, "", "")
TEXT = FigureText(
    "Titel",
    "Undertitel",
    "Källa: test",
    "Exempeldata – inte officiell statistik",
    "Uppgift saknas",
    "Skyddat värde",
    "Samma skala",
    "Staden totalt",
)


def _grid():
    features = []
    for i, code in enumerate(["a", "b", "c"]):
        box = shapely.box(18.0 + i * 0.01, 59.3, 18.01 + i * 0.01, 59.31)
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"area_code": code},
                "geometry": shapely.geometry.mapping(box),
            }
        )
    return {"type": "FeatureCollection", "features": features}


DISTRICTS = pd.DataFrame(
    {
        "area_code": ["a", "b", "c"],
        "area_name": ["Åby", "Bro", "Cis"],
        "value": [81.25, float("nan"), float("nan")],
        "status": ["value", "missing", "suppressed"],
    }
)


def test_choropleth_keeps_missing_and_suppressed_apart():
    fig = choropleth(
        _grid(),
        DISTRICTS,
        LIFE,
        lang="sv",
        text=TEXT,
        scale=(75.0, 90.0),
        center={"lat": 59.3, "lon": 18.0},
        zoom=10,
    )
    values, missing, suppressed = (t for t in fig.data if t.type == "choroplethmap")
    assert list(values.locations) == ["a"] and (values.zmin, values.zmax) == (75.0, 90.0)
    assert [len(t.geojson["features"]) for t in (values, missing, suppressed)] == [1, 1, 1]
    # Each grey layer has its own hatching, in its legend group (tests/report/test_colours.py).
    hatches = [t for t in fig.data if t.type == "scattermap"]
    assert [h.legendgroup for h in hatches] == ["missing", "suppressed"]
    assert (missing.name, suppressed.name) == ("Uppgift saknas", "Skyddat värde")
    assert missing.showlegend and suppressed.showlegend
    assert list(values.customdata[0]) == ["Åby", "81,2 år"]
    assert fig.layout.map.style == "white-bg"
    notes = [a.text for a in fig.layout.annotations]
    assert any("Exempeldata – inte officiell statistik" in n for n in notes)
    assert any("Källa: test" in n for n in notes)
    assert fig.layout.separators == ", "


def test_colours_get_darker_towards_the_unfavourable_end():
    def lightness(hex_or_rgb: str) -> float:
        return sum(int(v) for v in hex_or_rgb.strip("rgb()").split(","))

    life, cni = colorscale(LIFE), colorscale(CNI)
    assert lightness(life[0][1]) < lightness(life[-1][1])  # low life expectancy is dark
    assert lightness(cni[0][1]) > lightness(cni[-1][1])  # high care need is dark


def test_ranking_has_the_city_as_a_reference_line():
    districts = pd.DataFrame(
        {
            "area_code": ["a", "b"],
            "area_name": ["Åby", "Bro"],
            "value": [80.0, 84.0],
            "status": ["value", "value"],
        }
    )
    fig = ranking(districts, LIFE, lang="en", text=TEXT, scale=(75.0, 90.0), city_value=82.5)
    assert list(fig.data[0].y) == ["Åby", "Bro"]  # lowest at the bottom, highest on top
    assert any(s.x0 == 82.5 for s in fig.layout.shapes)
    assert any("82.5" in a.text for a in fig.layout.annotations)


def test_real_data_has_no_example_note():
    text = FigureText(**{**TEXT.__dict__, "synthetic_note": None})
    fig = choropleth(
        _grid(),
        DISTRICTS,
        LIFE,
        lang="sv",
        text=text,
        scale=None,
        center={"lat": 59.3, "lon": 18.0},
        zoom=10,
    )
    assert not any("Exempeldata" in a.text for a in fig.layout.annotations)
