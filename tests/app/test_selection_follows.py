"""The selection follows the user across pages: city, area type, indicator, year and sex (issue 11)."""

from __future__ import annotations

from tests.app.conftest import open_map


def _no_exceptions(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def test_the_map_keeps_its_view_after_a_visit_to_utveckling(app):
    at = open_map(app, city="0180")
    at.selectbox(key="map_city").set_value("1480").run()
    years = at.selectbox(key="map_year").options
    older = years[0] if len(years) > 1 else years[-1]
    at.selectbox(key="map_year").set_value(older).run()
    _no_exceptions(at)
    chosen = {k: at.selectbox(key=f"map_{k}").value for k in ("city", "area_type", "year", "sex")}
    chosen["indicator"] = at.selectbox(key="map_indicator").value

    at.switch_page("screens/trends.py").run()
    _no_exceptions(at)
    assert at.selectbox(key="tr_city").value == "1480"
    assert at.selectbox(key="tr_indicator").value == chosen["indicator"]

    at.switch_page("screens/map.py").run()
    _no_exceptions(at)
    back = {k: at.selectbox(key=f"map_{k}").value for k in ("city", "area_type", "year", "sex")}
    back["indicator"] = at.selectbox(key="map_indicator").value
    assert back == chosen
    assert at.query_params["city"] == "1480" and at.query_params["year"] == chosen["year"]


def test_a_city_changed_on_utveckling_is_the_city_of_the_map(app):
    at = open_map(app, city="0180")
    at.switch_page("screens/trends.py").run()
    at.selectbox(key="tr_city").set_value("1280").run()
    _no_exceptions(at)
    at.switch_page("screens/map.py").run()
    _no_exceptions(at)
    assert at.selectbox(key="map_city").value == "1280"
    at.switch_page("screens/factsheet.py").run()
    _no_exceptions(at)
    assert at.selectbox(key="fs_city").value == "1280"
