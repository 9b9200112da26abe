"""The map page's drawn parts: colour mode, map and change selector, ranking, gap figures, table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from dashboard.app import cache
from dashboard.app.components import lazy, live_map, selectors
from dashboard.app.export_menu import chart
from dashboard.report import page_parts, tables
from dashboard.report.exporting import FigureExport
from dashboard.report.i18n import t
from dashboard.report.markup import markdown_text
from dashboard.report.page_parts import key_figures
from dashboard.report.render import top_and_bottom
from indicators.table.catalog import Indicator
from indicators.views.map import Layer, MapData, gap_summary
from indicators.views.selection import Choices
from indicators.views.significance import Comparison

NO_CHANGE = "-"
#: Colour the districts by value, or by their class against the city or Sverige.
COLOUR_MODES = ("value", "city", "country")


@dataclass(frozen=True)
class Asked:
    """The map's view as asked for and resolved: the request, the choices, the districts'
    data and the colour mode."""

    page: selectors.PageSelection
    choices: Choices
    view: MapData
    compare: str


def resolve(fields: tuple[str, ...], drawn: tuple[str, ...] = ()) -> Asked:
    """The view asked for, resolved to what has data, written back to the widgets (but
    those ``drawn`` in this run) and the address. The page and its fragment both call it;
    the same request gives the same view, so the second call changes nothing."""
    page, choices = selectors.view_selection("map", fields)
    sel = choices.selection
    view = cache.view_data(
        sel, cache.layer(sel.city, sel.area_type), since=page.request.get("since")
    )
    compare = page.pick("compare", list(COLOUR_MODES))
    # The colour mode goes into the address only when it is not the default, so links to
    # the value map stay as they were.
    st.session_state["map_compare"] = compare
    page.sync(
        {
            **sel.as_params(),
            "since": view.since or NO_CHANGE,
            **({"compare": compare} if compare != "value" else {}),
        },
        drawn,
    )
    return Asked(page, choices, view, compare)


def colour_mode_selector(where: Any, lang: str) -> None:
    """Value, or each district against the city or Sverige; kept in the address."""
    where.radio(
        t("colour_by", lang),
        COLOUR_MODES,
        key="map_compare",
        horizontal=True,
        format_func=lambda m: t(f"colour_{'value' if m == 'value' else 'vs_' + m}", lang),
    )


def change_and_colour(
    since_col: Any, mode_col: Any, view: MapData, compared: bool, lang: str
) -> None:
    """ "Change since" and the colour mode. A class map shows one year, so "change since"
    is off while one is ``compared``."""
    since_col.selectbox(
        t("change_since", lang),
        [NO_CHANGE, *view.change_years],
        key="map_since",
        format_func=lambda y: t("level_map", lang) if y == NO_CHANGE else y,
        disabled=not view.change_years or compared,
    )
    colour_mode_selector(mode_col, lang)
    if compared and view.since:
        mode_col.caption(t("compare_no_change", lang))


def map_section(figure: FigureExport, notes: tuple[str, ...], lang: str, view: str) -> None:
    """The boundaries' notes, then the map and its menu. ``view`` names what the map
    shows: the session's first map is an ``st.plotly_chart``, every later view the live
    map (``live_map.live_now``)."""
    for note in notes:
        st.caption(markdown_text(note))  # names editors gave their divisions: plain text
    live = live_map.live_now(view)
    chart(figure, "map_export", lang, config={"scrollZoom": False}, live=live)


def gap_metrics(view: MapData, ind: Indicator, lang: str) -> None:
    """Highest, lowest, their difference and ratio, and the weighted mean, with coverage."""
    summary = gap_summary(view.districts)
    st.header(t("gap_summary", lang))
    if summary.highest is None or summary.lowest is None:
        st.info(t("no_values", lang))
        return

    # A row that wraps, each figure as wide as its text: nothing is cut at 1440 or 1024 px.
    row = st.container(horizontal=True, wrap=True, gap="large", key="key_figures")
    for fig in key_figures(summary, ind, lang):
        row.metric(
            fig.label, fig.value, fig.area, delta_color="off", delta_arrow="off", width="content"
        )
    st.caption(t("coverage", lang, n=summary.n_with_value, total=summary.n_districts))
    if view.population_synthetic and not view.synthetic and summary.weighted_mean is not None:
        st.caption(t("weights_synthetic", lang))


#: Session-state keys of the map page's parts built only when opened (True while open).
RANKING_KEY, TABLE_KEY = "map_ranking_open", "map_table_open"
#: Bars at each end of the compact ranking.
COMPACT = 10


def ranking_section(build: Callable[[], FigureExport], lang: str, *, opened: bool) -> None:
    """The ranking in an expander, built (``build()``) only when open: "10 högsta / 10
    lägsta" or every district, with its export menu. ``opened`` opens it at first (a
    division without a map has nothing else to show)."""
    box = lazy.expander(t("ranking_section", lang), RANKING_KEY, expanded=opened)
    if box is None:
        return
    with box:
        export = build()
        show = st.radio(
            t("ranking_view", lang),
            ["compact", "all"],
            key="map_ranking_view",
            horizontal=True,
            format_func=lambda v: t(
                "ranking_compact" if v == "compact" else "ranking_show_all", lang
            ),
        )
        figure = export.figure
        if show == "compact":
            figure = top_and_bottom(figure, COMPACT, t("ranking_gap", lang))
        chart(export, "ranking_export", lang, figure=figure)


def table_section(view: MapData, ind: Indicator, comparison: Comparison | None, lang: str) -> None:
    """Every district's value (and class) in a table, built only when its expander is open."""
    box = lazy.expander(t("table", lang), TABLE_KEY)
    if box is None:
        return
    table = tables.district_table(view.districts, ind, lang)
    if comparison is not None:
        table = page_parts.with_class_columns(table, view.districts, comparison, lang)
    # Each district links to its Områdesfakta and its trend (issue 11).
    table = page_parts.with_district_links(table, view.districts, view.selection, lang)
    box.dataframe(
        table, hide_index=True, width="stretch", column_config=selectors.district_link_columns(lang)
    )


def figures(
    layer: Layer | None,
    view: MapData,
    comparison: Comparison | None,
    mode: str,
    ind: Indicator,
    lang: str,
    link: str,
    notes: tuple[str, ...],
) -> tuple[FigureExport | None, Callable[[], FigureExport]]:
    """The map (None without boundaries), and what builds the ranking when it is opened;
    both cached per view and store revision (``cache.view_figure``)."""
    the_map = cache.view_figure(
        "map",
        view,
        mode,
        lang,
        link,
        lambda: page_parts.map_figure(
            layer, view, comparison, mode, ind, lang, link=link, notes=notes
        ),
        notes,
    )

    def ranking() -> FigureExport:
        built = cache.view_figure(
            "ranking",
            view,
            mode,
            lang,
            link,
            lambda: page_parts.ranking_figure(view, comparison, mode, ind, lang, link=link),
        )
        assert built is not None  # a ranking is always built
        return built

    return the_map, ranking
