"""Every page through the entry point with AppTest: selectors, valid combinations, URL state, language."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from dashboard.app.components.live_map import LIVE_MAP, shown_figure
from tests.app.conftest import goto, open_map, shown_figures


def _no_exceptions(at):
    assert [e.value for e in at.exception] == []


def _figures(at) -> list[dict]:
    return shown_figures(at)


def _array(value) -> list:
    """plotly arrays arrive base64-encoded as {"dtype", "bdata"} or as plain lists."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return list(value)


def _start(app):
    """The start page's overview, now under /start ("Om Jämlik stad"): the map is the landing page."""
    return goto(app, "screens/start.py", **dict(app.query_params))


def test_start_page_says_what_the_store_holds(app):
    at = _start(app)
    _no_exceptions(at)
    assert at.title[0].value == "Jämlik stad"
    area_types = at.dataframe[0].value
    assert {"Stockholm", "Göteborg", "Malmö"} <= set(area_types["Stad"])
    # Area types carry their validity; RegSO 2020 has no boundaries and says so.
    sdo13 = area_types[area_types["Områdesindelning"].str.startswith("Stadsdelsområden (13")]
    assert sdo13["Giltig"].tolist() == ["2020-07-01 – 2023-06-30"]
    regso = area_types[area_types["Områdesindelning"] == "RegSO 2020"]
    assert set(regso["Karta"]) == {"ingen karta"}
    indicators = at.dataframe[1].value
    cni = indicators[indicators["Indikator"] == "Care Need Index (CNI)"]
    assert cni["Slag"].tolist() == ["Exempeldata (syntetisk)"]
    datasets = at.dataframe[2].value
    real = datasets[datasets["Slag"] == "Publicerad statistik"]
    assert any("Välfärdsredovisning 2011" in s for s in real["Källa"])
    assert any("Exempeldata" in w.value for w in at.warning)


def test_start_page_in_english(app):
    app.query_params["lang"] = "en"
    at = _start(app)
    _no_exceptions(at)
    assert "City" in at.dataframe[0].value.columns
    assert any("Example data" in w.value for w in at.warning)


@pytest.mark.parametrize(
    ("city", "area_type", "n_areas"),
    [
        ("0180", "stadsdel", 117),
        ("1480", "primaromrade", 96),
        ("1280", "delomrade", 136),
    ],
)
def test_map_of_each_city_at_its_finest_level(app, city, area_type, n_areas):
    at = open_map(app, city=city)
    _no_exceptions(at)
    assert at.selectbox(key="map_area_type").value == area_type
    map_fig, ranking_fig = _figures(at)
    traces = [t for t in map_fig["data"] if t["type"] == "choroplethmap"]
    drawn = sum(len(t["locations"]) for t in traces)
    assert drawn == n_areas  # every district: with a value, missing or suppressed
    # Besides the districts, only the hatching of missing and suppressed ones (issue 11).
    others = [t for t in map_fig["data"] if t["type"] != "choroplethmap"]
    assert all(t["type"] == "scattermap" and t["mode"] == "lines" for t in others)
    assert map_fig["layout"]["map"]["style"] == "white-bg"
    texts = " ".join(a["text"] for a in map_fig["layout"]["annotations"])
    assert "Exempeldata – inte officiell statistik" in texts
    assert "Exempeldata – inte officiell statistik" in " ".join(
        a["text"] for a in ranking_fig["layout"]["annotations"]
    )
    assert any("Exempeldata" in w.value for w in at.warning)


def test_selectors_offer_only_combinations_with_data(app):
    at = open_map(app, city="1480", indicator="reading_grade3")
    years = at.selectbox(key="map_year").options
    assert "2019" in years and "2020" not in years and "2021" not in years
    assert any("2020, 2021" in c.value for c in at.caption)


def test_cni_is_offered_for_the_total_population_only(app):
    at = open_map(app, city="0180", indicator="cni")
    assert at.selectbox(key="map_sex").options == ["Totalt"]


def test_a_link_asking_for_what_does_not_exist_is_told_why(app):
    at = open_map(app, opened=False, city="0180", indicator="cni", sex="women")
    _no_exceptions(at)
    assert at.selectbox(key="map_sex").value == "total"
    assert any("kön" in i.value for i in at.info)
    assert at.query_params["sex"] == "total"


def test_the_view_lives_in_the_url(app):
    at = open_map(
        app,
        city="1280",
        area_type="stadsdel_10",
        indicator="life_expectancy",
        year="2006-2010",
        sex="women",
    )
    _no_exceptions(at)
    assert {k: at.query_params[k] for k in ("city", "area_type", "indicator", "year", "sex")} == {
        "city": "1280",
        "area_type": "stadsdel_10",
        "indicator": "life_expectancy",
        "year": "2006-2010",
        "sex": "women",
    }
    # A real published series: its values carry no example-data note; the population
    # beside them is example data, and the note says so of it alone (issue 8).
    map_fig = _figures(at)[0]
    notes = " ".join(a["text"] for a in map_fig["layout"]["annotations"])
    assert "Källor – värden: Malmö stad" in notes
    assert "Exempeldata – inte officiell statistik (befolkning/vikter)" in notes
    assert "Välfärdsredovisning 2011" in " ".join(
        a["text"] for a in map_fig["layout"]["annotations"]
    )
    assert any("2006–2010" in c.value for c in at.caption)

    at.selectbox(key="map_year").set_value("2009").run()
    _no_exceptions(at)
    assert at.query_params["year"] == "2009"


def test_changing_city_keeps_a_valid_view(app):
    at = open_map(app, city="0180")
    at.selectbox(key="map_city").set_value("1280").run()
    _no_exceptions(at)
    assert at.selectbox(key="map_area_type").value == "delomrade"
    assert at.query_params["city"] == "1280"
    assert at.info == []  # a change by hand needs no explanation


def test_area_type_without_boundaries_is_ranking_and_table(app):
    at = open_map(app, city="0180", area_type="regso_2020")
    _no_exceptions(at)
    assert any("inga gränser" in i.value for i in at.info)
    figures = _figures(at)
    assert len(figures) == 1 and figures[0]["data"][0]["type"] == "bar"
    assert len(at.dataframe[0].value) == 127


def test_fixed_colour_scale_across_years(app):
    first = _figures(open_map(app, city="0180", year="2012"))[0]["data"][0]
    at = open_map(app, city="0180", year="2024")
    second = _figures(at)[0]["data"][0]
    assert (first["zmin"], first["zmax"]) == (second["zmin"], second["zmax"])
    assert first["zmin"] <= min(_array(first["z"]))


def test_missing_and_suppressed_are_their_own_legend_entries(app):
    at = open_map(app, city="1280", indicator="life_expectancy", year="2024")
    names = [t.get("name") for t in _figures(at)[0]["data"] if t.get("showlegend")]
    assert "Skyddat värde (för få invånare)" in names
    table = at.dataframe[0].value
    assert (table["Anmärkning"] == "Skyddat värde (för få invånare)").any()


def test_map_in_english_with_english_numbers(app):
    at = open_map(app, city="0180", lang="en")
    _no_exceptions(at)
    assert at.title[0].value == "Map"
    assert at.selectbox(key="map_sex").format_func("women") == "Women"
    metric = at.metric[0].value
    assert metric.endswith("years") and "." in metric
    assert "Same colour scale" in " ".join(
        a["text"] for a in _figures(at)[0]["layout"]["annotations"]
    )


def test_swedish_numbers_in_the_gap_summary(app):
    at = open_map(app, city="0180")
    assert at.metric[0].value.endswith(" år") and "," in at.metric[0].value


def test_a_missing_package_is_explained_not_a_traceback(app, tmp_path, monkeypatch):
    monkeypatch.setenv("JAMLIK_DATA", str(tmp_path))
    at = app.run()
    _no_exceptions(at)
    assert "JAMLIK_DATA" in at.error[0].value
    # The problem is the file's own words, escaped for Markdown (issue 12 F4).
    assert any("datapackage.json" in m.value.replace("\\", "") for m in at.markdown)


def test_the_map_is_the_landing_page_and_builds_the_rest_on_demand(app):
    # issue 10: the root draws the map and nothing that competes with it in the browser.
    at = app.run()
    _no_exceptions(at)
    assert at.title[0].value == "Karta"
    (map_fig,) = _figures(at)
    assert map_fig["data"][0]["type"] == "choroplethmap"
    assert len(at.dataframe) == 0  # the table's data grid: only when opened
    assert len(at.code) == 0  # no code box: no syntax highlighter on the first page
    assert len(at.get("download_button")) == 0  # export menus: only when opened
    labels = [e.label for e in at.expander]
    assert {"Rangordning", "Tabell", "Diagrammets värden som tabell"} <= set(labels)
    assert len(at.table) == 0  # the chart's value table too: only when opened
    labels = sorted(p.proto.popover.label for p in at.get("popover"))
    assert labels == ["Exportera", "Kopiera länk"]
    # A link to /karta opens the same page, and its copied link names /karta.
    at.session_state["copy_link_menu"] = True
    at.run()
    assert "/karta?city=0180" in at.sidebar.code[0].value


def _values(figure: dict) -> dict:
    """Each district's value on a map figure (its first trace)."""
    trace = figure["data"][0]
    return dict(zip(trace["locations"], _array(trace["z"]), strict=True))


def _live_maps(at) -> list:
    return [e for e in at.get("bidi_component") if e.proto.component_name == LIVE_MAP]


def test_the_first_map_is_streamlits_chart_and_every_later_view_the_live_map(app):
    # issue 10: the session's first map comes with Streamlit's plotly.js; a change of view
    # then updates one live plot (components/live_map.py) instead of a new chart each time.
    at = app.run()
    (first,) = _figures(at)
    assert len(at.get("plotly_chart")) == 1 and _live_maps(at) == []
    # The same view again (the ranking opened): the first chart stays as it is.
    at.session_state["map_ranking_open"] = True
    at.run()
    assert len(at.get("plotly_chart")) == 2 and _live_maps(at) == []
    year = at.selectbox(key="map_year")
    shown, other = year.value, next(y for y in year.options if y != year.value)
    year.set_value(other).run()
    _no_exceptions(at)
    (live,) = _live_maps(at)
    assert len(at.get("plotly_chart")) == 1  # the ranking
    drawn = shown_figure(live.proto.json)
    assert other in drawn["layout"]["title"]["text"]
    assert drawn["data"][0]["type"] == "choroplethmap"
    assert set(drawn["data"][0]["locations"]) == set(first["data"][0]["locations"])
    # Back to the first view: still the live map, now with the first year's values.
    at.selectbox(key="map_year").set_value(shown).run()
    (live,) = _live_maps(at)
    assert _values(shown_figure(live.proto.json)) == _values(first)


def test_the_ranking_shows_both_ends_on_a_fitted_axis_with_whiskers(app):
    # Malmö's delområden: life expectancy with confidence limits for every district.
    at = open_map(
        app, opened=False, city="1280", area_type="delomrade", indicator="life_expectancy"
    )
    at.session_state["map_ranking_open"] = True
    at.run()
    _no_exceptions(at)
    _, ranking_fig = _figures(at)
    bars = ranking_fig["data"][0]
    names = list(bars["y"])
    assert len(names) == 21  # 10 highest, the gap, 10 lowest
    assert names[10].startswith("… ") and "områden däremellan" in names[10]
    values = [v for v in _array(bars["x"]) if v is not None]
    low, high = ranking_fig["layout"]["xaxis"]["range"]
    # The axis is fitted to the data, not started at zero: the bars' starts are its start.
    assert low > 0 and bars["base"] == low
    assert min(values) > 0 and low + max(values) <= high
    # Whiskers where the districts have limits; every bar colour is a colour string.
    assert bars["error_x"]["type"] == "data"
    assert all(isinstance(c, str) and c.startswith("rgb(") for c in bars["marker"]["color"])
    # Labels sit inside each bar's start, clear of the city line and the whiskers.
    assert bars["textposition"] == "inside" and bars["insidetextanchor"] == "start"

    at.radio(key="map_ranking_view").set_value("all").run()
    _no_exceptions(at)
    every = list(_figures(at)[1]["data"][0]["y"])
    assert len(every) > 21 and len(set(every)) == len(every)
    assert names[:10] == every[:10] and names[11:] == every[-10:]


def test_a_link_s_hostile_parameters_are_shown_as_text(app):
    # Security review F4b: the requested value went into a Markdown note, as a link to a
    # phishing page and an image fetched from another server.
    hostile = "[Logga in](https://evil.example/login) ![p](http://127.0.0.1:8612/reflected.png)"
    at = open_map(app, opened=False, city=hostile, indicator=f"**{hostile}**")
    _no_exceptions(at)
    notes = [i.value for i in at.info]
    assert len([n for n in notes if "Logga in" in n]) == 2
    for note in notes:
        assert "](" not in note and "![" not in note and "**" not in note
    assert any("\\[Logga in\\]\\(https\\:\\/\\/evil\\.example\\/login\\)" in n for n in notes)
