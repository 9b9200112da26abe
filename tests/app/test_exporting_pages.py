"""The pages through AppTest: an export menu under every figure, "Kopiera länk", Områdesfakta."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlsplit

from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, goto, open_all, open_map, shown_figures

FORMATS = ["png", "svg", "pdf", "csv", "xlsx"]


def _no_exceptions(at):
    assert [e.value for e in at.exception] == []


def _menus(at) -> dict[str, list[str]]:
    """Export menus by key prefix: the download buttons each holds, by format."""
    menus: dict[str, list[str]] = {}
    for button in at.get("download_button"):
        prefix, _, fmt = button.proto.id.rpartition("-")[2].rpartition("_")
        menus.setdefault(prefix, []).append(fmt)
    return menus


def _link(at) -> str:
    return at.sidebar.code[0].value


def _open(app: AppTest, page: str, **params: str) -> AppTest:
    return open_all(goto(app, page, **params))


def test_every_figure_of_the_map_page_has_an_export_menu(app):
    at = open_map(app, city="1480")
    _no_exceptions(at)
    menus = _menus(at)
    assert menus == {"map_export": FORMATS, "ranking_export": FORMATS}
    labels = [p.proto.popover.label for p in at.get("popover")]
    assert sorted(labels) == ["Exportera", "Exportera", "Kopiera länk"]
    sizes = [r for r in at.radio if r.key == "map_export_size"][0]
    assert sizes.options == ["A4-rapport (16 cm bred)", "Bildspel 16:9"]
    descriptions = [c.value for c in at.code][:2]
    assert descriptions[0].startswith("Karta: Medellivslängd vid födseln, Göteborg 2024.")
    assert "Exempeldata – inte officiell statistik" in descriptions[0]
    assert descriptions[1].startswith("Stapeldiagram: Medellivslängd vid födseln per område")


def test_the_copied_link_reopens_exactly_the_same_view(app):
    at = open_map(app, city="1280", area_type="delomrade", indicator="median_income", year="2019")
    _no_exceptions(at)
    link = _link(at)
    parts = urlsplit(link)
    assert parts.path == "/karta"
    params = dict(parse_qsl(parts.query))
    assert params == {
        "city": "1280",
        "area_type": "delomrade",
        "indicator": "median_income",
        "year": "2019",
        "sex": "total",
        "since": "-",
        "lang": "sv",
    }
    again = open_map(AppTest.from_file(str(APP), default_timeout=60), **params)
    _no_exceptions(again)
    for name in ("city", "area_type", "indicator", "year", "sex"):
        assert again.selectbox(key=f"map_{name}").value == params[name]
    first = [figure["layout"]["title"] for figure in shown_figures(at)]
    second = [figure["layout"]["title"] for figure in shown_figures(again)]
    assert first == second
    assert _link(again) == link


def test_trends_and_compare_pages_export_each_figure(app):
    at = _open(app, "screens/trends.py", city="1480", area_type="primaromrade")
    _no_exceptions(at)
    assert _menus(at) == {"trend_export": FORMATS, "gap_export": FORMATS}
    assert "utveckling?city=1480" in _link(at)
    at = _open(AppTest.from_file(str(APP), default_timeout=60), "screens/compare.py")
    _no_exceptions(at)
    assert _menus(at) == {"compare_export": FORMATS}
    assert "/jamfor?indicator=" in _link(at)


def test_the_start_page_has_a_link_too(app):
    at = _open(app, "screens/start.py")
    _no_exceptions(at)
    link = urlsplit(_link(at))
    assert link.path == "/start"
    assert dict(parse_qsl(link.query))["lang"] == "sv"


def test_omradesfakta_from_a_link(app):
    at = _open(app, "screens/factsheet.py", city="1280", area_type="delomrade", area="1111")
    _no_exceptions(at)
    assert at.title[0].value == "Områdesfakta"
    assert at.selectbox(key="fs_city").value == "1280"
    assert at.selectbox(key="fs_area_type").value == "delomrade"
    area = at.selectbox(key="fs_area").value
    (figure,) = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert figure["layout"]["title"]["text"].startswith("Områdesfakta: ")
    assert figure["layout"]["width"] == 794  # an A4 page
    table = at.dataframe[0].value
    assert table["Indikator"].tolist()[0] == "Medellivslängd vid födseln"
    assert {"Malmö", "Sverige", "Plats (1 = högst)"} <= set(table.columns)
    assert _menus(at) == {"fs_export": FORMATS}
    assert not [r for r in at.radio if r.key == "fs_export_size"]  # always one A4 page
    assert dict(parse_qsl(urlsplit(_link(at)).query)) == {
        "city": "1280",
        "area_type": "delomrade",
        "area": area,
        "lang": "sv",
    }
    assert any("Exempeldata" in w.value for w in at.warning)


def test_omradesfakta_in_english_and_an_unknown_area_replaced(app):
    at = _open(
        app, "screens/factsheet.py", city="1480", area_type="primaromrade", area="nope", lang="en"
    )
    _no_exceptions(at)
    assert at.title[0].value == "Area facts"
    assert at.selectbox(key="fs_area").value != "nope"
    assert at.dataframe[0].value.columns[0] == "Indicator"
    assert any(b.label == "Create the report (PDF)" for b in at.button)


def test_a_whole_city_report_is_rendered_with_progress_and_offered(app):
    at = _open(app, "screens/factsheet.py", city="1480", area_type="stadsomrade_4")
    _no_exceptions(at)
    at.button(key="fs_make_report").click().run(timeout=180)
    _no_exceptions(at)
    (bar,) = at.get("progress")
    assert bar.proto.value == 100
    assert "Rapporten är klar: 4 sidor" in bar.proto.text
    assert [b.proto.label for b in at.get("download_button")][-1] == "Ladda ner rapporten (PDF)"
