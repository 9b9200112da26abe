"""AppTest of the trends and comparison pages and of the change map, for all three cities."""

from __future__ import annotations

import pytest

from tests.app.conftest import goto, open_all, shown_figures


def _run(app, page: str, **params: str):
    at = goto(app, f"screens/{page}.py", **params)
    assert [e.value for e in at.exception] == []
    return at


def _figures(at) -> list[dict]:
    return shown_figures(at)


@pytest.mark.parametrize("city", ["0180", "1480", "1280"])
def test_trends_page_for_each_city(app, city):
    at = _run(app, "trends", city=city)
    lines, gaps = _figures(at)
    names = [t.get("name") for t in lines["data"]]
    assert {"Sverige"} <= set(names)
    highlighted = at.multiselect(key="tr_highlight").value
    assert len(highlighted) == 2  # the highest and the lowest area of the last year
    assert {
        t["name"].split("<br>")[0] for t in gaps["data"] if t.get("mode") == "lines+markers"
    } == {"D", "SII"}
    sentences = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert len(sentences) == 2
    assert sentences[0].startswith(
        "- Skillnaden i medellivslängd vid födseln mellan högsta och lägsta"
    )
    assert at.query_params["measures"] == "d,sii"


def test_trends_mark_the_change_of_division_and_never_join_it(app):
    at = _run(app, "trends", city="1280", area_type="stadsomrade_5")
    gaps = _figures(at)[1]
    segments = {
        t["name"].split("<br>")[1] for t in gaps["data"] if t.get("mode") == "lines+markers"
    }
    assert segments == {"Stadsdelar (10, till 2013)", "Stadsområden (5, från 2013)"}
    assert any("ny indelning 2013" in a["text"] for a in gaps["layout"]["annotations"])
    assert any("binds inte ihop" in c.value for c in at.caption)


def test_recalculated_series_covers_every_year(app):
    at = _run(app, "trends", city="0180", area_type="stadsdelsomrade_11", recalc="1")
    assert at.toggle(key="tr_recalc").value is True
    lines, gaps = _figures(at)
    years = {x for t in lines["data"] if t.get("mode") == "lines" for x in t["x"]}
    assert min(years) == 2010 and max(years) == 2024
    assert any("omräknad" in t["name"] for t in gaps["data"] if t.get("name"))
    assert "omräknad" in lines["layout"]["title"]["subtitle"]["text"]
    at.toggle(key="tr_recalc").set_value(False).run()
    assert at.query_params["recalc"] == "0"


def test_trends_highlight_and_measures_live_in_the_url(app):
    at = _run(app, "trends", city="0180", highlight="rinkeby,ostermalm", measures="d,bgsd")
    assert at.multiselect(key="tr_highlight").value == ["rinkeby", "ostermalm"]
    assert at.multiselect(key="tr_measures").value == ["d", "bgsd"]
    at.multiselect(key="tr_measures").set_value(["sii"]).run()
    assert at.query_params["measures"] == "sii"


def test_compare_page_puts_the_three_cities_side_by_side(app):
    at = _run(app, "compare")
    (figure,) = _figures(at)
    assert [t["name"] for t in figure["data"]] == ["Stockholm", "Göteborg", "Malmö"]
    assert figure["data"][0]["type"] == "box"
    table = at.dataframe[0].value
    assert table["Områdesindelning"].tolist() == ["Stadsdelar", "Primärområden", "Delområden"]
    assert table["Områden med värde"].str.endswith(("/ 117", "/ 96", "/ 136")).all()
    assert any("fem lika stora" in i.value for i in at.info)
    assert at.query_params["at_1480"] == "primaromrade"


def test_compare_page_by_link_in_english(app):
    at = _run(app, "compare", indicator="cni", year="2016", at_0180="stadsdelsomrade_14", lang="en")
    table = at.dataframe[0].value
    assert table["Area type"].tolist()[0] == "City district areas (14, 2007–2020)"
    assert at.query_params["indicator"] == "cni" and at.query_params["year"] == "2016"


def test_change_map_is_diverging_and_centred_on_zero(app):
    at = _run(app, "map", city="1480", since="2012")
    figure = _figures(at)[0]
    trace = figure["data"][0]
    assert trace["zmid"] == 0 and trace["zmin"] == -trace["zmax"]
    assert trace["colorscale"][0][1] == "rgb(103,0,31)"  # RdBu: red for worse life expectancy
    assert figure["layout"]["title"]["text"].startswith("Förändring i medellivslängd")
    assert at.query_params["since"] == "2012"
    at.selectbox(key="map_since").set_value("-").run()
    assert "zmid" not in _figures(at)[0]["data"][0]


def test_trends_page_tests_the_change_states_the_trend_and_explains_both(app):
    # Issue 8: the sentence states the change with its interval and its test, the trend
    # over all years of like sources follows, and the short help explains both.
    at = _run(app, "trends", city="0180", area_type="stadsdelsomrade_14")
    sentences = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert sentences
    for s in sentences:
        assert "konfidensintervallen överlappar" not in s
        assert "95 % KI" in s or "kan inte bedömas" in s
    assert any("Trenden " in s and "per år" in s for s in sentences)
    assert any("p < 0,05" in c.value and "viktad regression" in c.value for c in at.caption)


def test_trends_page_answers_is_it_closing_first_and_explains_d_sii_rii(app):
    at = _run(app, "trends", city="0180", area_type="stadsdelsomrade_14")
    first = at.markdown[0].value
    assert first.startswith("**Minskar skillnaden?** ")
    assert "lutningsindex (SII)" in first and "högsta och lägsta" in first
    (help_,) = [e for e in at.expander if e.label == "Vad betyder D, SII och RII?"]
    assert help_.markdown == []  # built only when opened
    at = open_all(at)
    (help_,) = [e for e in at.expander if e.label == "Vad betyder D, SII och RII?"]
    words = " ".join(m.value for m in help_.markdown)
    assert all(w in words for w in ("**D (differens):**", "**SII", "**RII", "medianinkomst"))
