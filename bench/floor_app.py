"""The floor for the speed benchmark: a bare Streamlit page with one simplified map and a year box.

It draws the same simplified layer as the dashboard's Stockholm map (stadsdel, 117
districts, from the data package through the project's own simplification) with one
``choroplethmap`` trace and Streamlit's defaults. Nothing else: no sidebar, no store, no
export. ``bench/bench_browser.py`` serves it beside the dashboard and divides the
dashboard's times by this page's. ``static_html`` writes the same figure as a plain HTML
page with the venv's ``plotly.min.js``: the physical limit without Streamlit.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import plotly.graph_objects as go

CITY, AREA_TYPE = "0180", "stadsdel"
YEARS = [str(y) for y in range(2024, 2014, -1)]


def layer_and_view() -> tuple[dict, dict[str, str], dict[str, float], float]:
    """The simplified GeoJSON, the area names, the map centre and the zoom of the layer."""
    from dashboard.report.figures import MAP_PLOT_SIZE
    from indicators.core import settings
    from indicators.table.package import read_package
    from indicators.views.map import map_layer

    package = read_package(os.environ.get("JAMLIK_DATA") or settings.data_dir())
    cache = Path(os.environ.get("FLOOR_CACHE", settings.var_dir() / "boundaries"))
    layer = map_layer(package, CITY, AREA_TYPE, cache, MAP_PLOT_SIZE)
    if layer is None:
        raise SystemExit(f"no boundaries for {CITY}/{AREA_TYPE} in the data package")
    return layer.geojson, layer.names, layer.center, layer.zoom


def figure(geojson: dict, names: dict[str, str], center: dict, zoom: float, year: str) -> go.Figure:
    """One trace, one value per district (made up, different for each year)."""
    rng = random.Random(int(year))
    codes = list(names)
    return go.Figure(
        go.Choroplethmap(
            geojson=geojson,
            locations=codes,
            z=[rng.uniform(70, 90) for _ in codes],
            text=[names[c] for c in codes],
            colorscale="Viridis",
        ),
        layout={
            "title": {"text": f"Floor {year}"},
            "map": {"style": "white-bg", "center": center, "zoom": zoom},
            "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        },
    )


def static_html(folder: Path) -> Path:
    """Write index.html and plotly.min.js into ``folder``: the figure without Streamlit."""
    import plotly

    folder.mkdir(parents=True, exist_ok=True)
    src = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    (folder / "plotly.min.js").write_bytes(src.read_bytes())
    fig = figure(*layer_and_view(), YEARS[0])
    page = folder / "index.html"
    page.write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>static floor</title>"
        "<script src='plotly.min.js'></script></head><body>"
        "<div id='map' class='js-plotly-plot-host' style='width:704px;height:450px'></div>"
        f"<script>const fig = {fig.to_json()};"
        "Plotly.newPlot('map', fig.data, fig.layout);</script></body></html>",
        encoding="utf-8",
    )
    return page


if __name__ == "__main__":
    import streamlit as st

    @st.cache_resource
    def _layer() -> tuple[dict, dict[str, str], dict[str, float], float]:
        return layer_and_view()

    year = st.selectbox("År", YEARS)
    st.plotly_chart(figure(*_layer(), year))
