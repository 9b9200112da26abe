"""The map page's drawn parts: the colour mode, the map with its change selector, the gap figures."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard.app.export_menu import chart
from dashboard.report.exporting import FigureExport
from dashboard.report.i18n import t
from indicators.core.formatting import format_number, format_value
from indicators.table.catalog import Indicator
from indicators.views.map import MapData, gap_summary

NO_CHANGE = "-"
#: Colour the districts by value, or by their class against the city or Sverige.
COLOUR_MODES = ("value", "city", "country")


def colour_mode_selector(where: Any, lang: str) -> None:
    """Value, or each district against the city or Sverige; kept in the address."""
    where.radio(
        t("colour_by", lang),
        COLOUR_MODES,
        key="map_compare",
        horizontal=True,
        format_func=lambda m: t(f"colour_{'value' if m == 'value' else 'vs_' + m}", lang),
    )


def map_section(
    figure: FigureExport, notes: tuple[str, ...], view: MapData, compared: bool, lang: str
) -> None:
    """The boundaries' notes, "change since" and the colour mode, then the map and its menu.

    A class map shows one year, so "change since" is off while one is ``compared``.
    """
    for note in notes:
        st.caption(note)
    since_col, mode_col = st.columns([1, 3])
    since_col.selectbox(
        t("change_since", lang),
        [NO_CHANGE, *view.change_years],
        key="map_since",
        format_func=lambda y: t("level_map", lang) if y == NO_CHANGE else y,
        disabled=not view.change_years or compared,
    )
    colour_mode_selector(mode_col, lang)
    if compared and view.since:
        st.caption(t("compare_no_change", lang))
    chart(figure, "map_export", lang, config={"scrollZoom": False})


def gap_metrics(view: MapData, ind: Indicator, lang: str) -> None:
    """Highest, lowest, their difference and ratio, and the weighted mean, with coverage."""
    summary = gap_summary(view.districts)
    st.header(t("gap_summary", lang))
    if summary.highest is None or summary.lowest is None:
        st.info(t("no_values", lang))
        return

    def value(x: float | None) -> str:
        return format_value(x, ind.decimals, ind.unit(lang), lang)

    m = st.columns(5)
    for col, key, (name, x) in (
        (m[0], "highest", summary.highest),
        (m[1], "lowest", summary.lowest),
    ):
        col.metric(t(key, lang), value(x), name, delta_color="off", delta_arrow="off")
    m[2].metric(t("difference", lang), value(summary.difference))
    m[3].metric(t("ratio", lang), format_number(summary.ratio, 2, lang))
    m[4].metric(t("weighted_mean", lang), value(summary.weighted_mean))
    st.caption(t("coverage", lang, n=summary.n_with_value, total=summary.n_districts))
    if view.population_synthetic and not view.synthetic and summary.weighted_mean is not None:
        st.caption(t("weights_synthetic", lang))
