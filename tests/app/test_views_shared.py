"""The page and ``jamlik export`` show the same numbers: both go through the views' assembly."""

from __future__ import annotations

import pandas as pd

from dashboard.app import cache
from dashboard.cli import export
from dashboard.report.figures import MAP_PLOT_SIZE
from indicators.views.map import map_view
from indicators.views.selection import Selection
from indicators.views.trends import trend_view

SEL = Selection("1480", "primaromrade", "life_expectancy", "2023", "women")


def test_the_map_page_and_jamlik_export_show_the_same_map(tmp_path):
    page_layer = cache.layer(SEL.city, SEL.area_type)
    page = cache.view_data(SEL, page_layer)
    store, package = export.open_store()
    cli = export._map_view(store, package, SEL)
    direct = map_view(store, package, SEL, cache_dir=tmp_path, plot_size=MAP_PLOT_SIZE)
    for view in (cli, direct):
        pd.testing.assert_frame_equal(page.districts, view.data.districts)
        assert (page.city_value, page.scale, page.sources) == (
            view.data.city_value,
            view.data.scale,
            view.data.sources,
        )
        assert page.provenance == view.data.provenance
        assert page_layer == view.layer
    # Every district of the boundary file is on the map, with or without a value.
    assert len(page.districts) == len(page_layer.names) == 96


def test_the_trends_page_and_jamlik_export_draw_the_same_lines():
    page = cache.trend(SEL.city, SEL.area_type, SEL.indicator, SEL.sex)
    store, package = export.open_store()
    direct = trend_view(store, package, SEL.city, SEL.area_type, SEL.indicator, SEL.sex)
    pd.testing.assert_frame_equal(page.series, direct.series)
    pd.testing.assert_frame_equal(page.references, direct.references)
    assert (page.chain, page.breaks) == (direct.chain, direct.breaks)
    assert len(page.series) and set(page.series["sex"]) == {"women"}
