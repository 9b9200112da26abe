"""Each district against the city and Sverige on the pages: the map's colour mode (kept in the
address), the ranking's bar colours, the table's classes, and Områdesfakta's labels."""

from __future__ import annotations

from dashboard.report.figures import CLASS_COLOURS, NOT_ASSESSABLE_OUTLINE
from dashboard.report.sentences import significance_label as label
from tests.app.conftest import goto, open_map, shown_figures


def _figures(at) -> list[dict]:
    return shown_figures(at)


def test_map_compares_each_district_with_the_city(app):
    # Göteborg's mellanområden: the employment rate's denominator (population 20–64) is in
    # the package, so every district with a value gets a Wilson interval and a class.
    at = open_map(
        app, city="1480", area_type="mellanomrade", indicator="employment_rate", compare="city"
    )
    assert [e.value for e in at.exception] == []
    assert at.radio(key="map_compare").value == "city"
    assert at.query_params["compare"] == "city"
    map_fig, ranking_fig = _figures(at)
    names = {tr["name"] for tr in map_fig["data"]}
    assert label("better", "city", "sv") in names
    assert label("worse", "city", "sv") in names
    # One categorical colour per class, no colour scale.
    for tr in map_fig["data"]:
        scale = tr["colorscale"]
        assert scale[0][1] == scale[-1][1]
    # The ranking: bars coloured by class, with a legend entry per class.
    bars = ranking_fig["data"][0]
    assert set(bars["marker"]["color"]) <= set(CLASS_COLOURS.values())
    legend = {tr["name"] for tr in ranking_fig["data"][1:]}
    assert label("better", "city", "sv") in legend
    # The table carries each district's class against both references.
    table = at.dataframe[0].value
    assert set(table["Jämfört med staden"]) <= {
        label(c, "city", "sv") for c in ("better", "similar", "worse", "not_assessable")
    }
    assert "Jämfört med Sverige" in table.columns
    # The method is explained in the page's Definition.
    assert any("Wilson" in m.value and "Fingertips" in m.value for m in at.markdown)

    # Switching to Sverige keeps the address in step.
    at.radio(key="map_compare").set_value("country").run()
    assert [e.value for e in at.exception] == []
    assert at.query_params["compare"] == "country"
    names = {tr["name"] for tr in _figures(at)[0]["data"]}
    assert any(n.endswith("Sverige") for n in names)
    # Back to the value map: the address is as it always was.
    at.radio(key="map_compare").set_value("value").run()
    assert "compare" not in at.query_params


def test_real_values_without_limits_are_drawn_not_assessable(app):
    # Malmö's published employment rate by stadsdel (2010) has no limits and no denominator.
    at = open_map(
        app,
        city="1280",
        area_type="stadsdel_10",
        indicator="employment_rate",
        year="2010",
        compare="country",
        lang="en",
    )
    assert [e.value for e in at.exception] == []
    map_fig = _figures(at)[0]
    assessed = [tr for tr in map_fig["data"] if tr["name"] == "cannot be assessed"]
    assert len(assessed) == 1
    assert assessed[0]["marker"]["line"]["color"] == NOT_ASSESSABLE_OUTLINE
    # The values are published, but the population beside them is example data: the note
    # says which input is invented (issue 8, provenance by role).
    footer = " ".join(a["text"] for a in map_fig["layout"]["annotations"])
    assert "Example data – not official statistics (population/weights)" in footer


def test_factsheet_shows_each_key_figure_against_city_and_sweden(app):
    at = goto(app, "screens/factsheet.py", city="0180", area_type="stadsdelsomrade_11")
    assert [e.value for e in at.exception] == []
    table = at.dataframe[0].value
    sv = {label(c, "city", "sv") for c in ("better", "similar", "worse", "not_assessable")}
    assert set(table["Jämfört med staden"]) <= sv
    row = table[table["Indikator"].str.startswith("Medellivslängd")]
    # Life expectancy has published limits: it is assessed, never "kan inte bedömas".
    assert row["Jämfört med staden"].iloc[0] != "kan inte bedömas"
    assert "Jämfört med Sverige" in table.columns


def _square(code: str, x: float) -> dict:
    ring = [[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]
    return {
        "type": "Feature",
        "properties": {"area_code": code, "area_name": code},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def test_figures_outline_and_hatch_what_cannot_be_assessed_and_name_every_class():
    import pandas as pd

    from dashboard.report.figures import (
        NOT_ASSESSABLE_HATCH,
        FigureText,
        class_choropleth,
        colour_ranking_by_class,
        ranking,
    )
    from indicators.table.catalog import Indicator

    ind = Indicator("le", "le", "le", "år", "years", True, 1, "", "")
    classes = ["better", "similar", "worse", "not_assessable"]
    districts = pd.DataFrame(
        {
            "area_code": list("abcd"),
            "area_name": list("ABCD"),
            "value": [84.0, 82.0, 80.0, 81.0],
            "status": ["value"] * 4,
            "signif": classes,
        }
    )
    geojson = {
        "type": "FeatureCollection",
        "features": [_square(c, i) for i, c in enumerate("abcd")],
    }
    text = FigureText("T", "S", "Källa: X", None, "saknas", "sekretess", "")
    labels = {c: label(c, "city", "sv") for c in classes}
    fig = class_choropleth(
        geojson, districts, ind, lang="sv", text=text, labels=labels,
        center={"lat": 0.5, "lon": 2}, zoom=5,
    )  # fmt: skip
    by_name = {tr.name: tr for tr in fig.data}
    assert set(by_name) == set(labels.values())  # one legend entry per class
    assert all(tr.showlegend for tr in fig.data)
    na = by_name["kan inte bedömas"]
    assert list(na.locations) == ["d"]
    assert na.colorscale[0][1] == "#ffffff"
    assert na.marker.line.color == NOT_ASSESSABLE_OUTLINE and na.marker.line.width >= 2
    for cls in ("better", "similar", "worse"):
        assert by_name[labels[cls]].colorscale[0][1] == CLASS_COLOURS[cls]

    bars = ranking(districts, ind, lang="sv", text=text, scale=(80, 84), city_value=82.0)
    colour_ranking_by_class(bars, districts, labels)
    main = bars.data[0]
    # Bars run lowest to highest: C (worse), D (not assessable), B (similar), A (better).
    assert list(main.y) == ["C", "D", "B", "A"]
    assert list(main.marker.color) == [
        CLASS_COLOURS[c] for c in ("worse", "not_assessable", "similar", "better")
    ]
    assert list(main.marker.pattern.shape) == ["", NOT_ASSESSABLE_HATCH, "", ""]
    assert {tr.name for tr in bars.data[1:]} == set(labels.values())
