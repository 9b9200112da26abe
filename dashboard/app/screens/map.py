"""Karta (the landing page): one indicator for every district as a map, ranking, gap summary and table."""

from __future__ import annotations

import streamlit as st

from dashboard.app import cache, state
from dashboard.app.components import lazy, map_parts, selectors
from dashboard.app.export_menu import page_link
from dashboard.report import page_parts
from dashboard.report.i18n import area_type_name, t
from indicators.core.formatting import format_period

FIELDS = ("city", "area_type", "indicator", "year", "sex", "since", "compare")
TOP = ("city", "area_type", "indicator")
lang = state.lang()
catalog = cache.catalog()

# City, division and indicator: a change reruns the page.
asked = map_parts.resolve(FIELDS)
st.title(t("page_map", lang))
selectors.place_selectors(st.columns([1, 1.6, 1.6]), asked.choices, catalog, "map", lang, TOP)
asked.page.show_notes(asked.choices.notes, lang)


@st.fragment
def view_part() -> None:
    """Year, sex, change and colour mode, and everything they redraw. A change reruns this
    part alone: the browser redraws the map and its figures, not the page (issue 10)."""
    # In the page's own run the top boxes are drawn already; in the fragment's, nothing is.
    asked = map_parts.resolve(FIELDS, TOP if st.session_state.pop("_map_page_run", 0) else ())
    sel, view, compare = asked.choices.selection, asked.view, asked.compare
    ind, layer = catalog[sel.indicator], cache.layer(sel.city, sel.area_type)
    comparison = cache.comparison_classes(sel, layer) if compare != "value" else None
    boundary = cache.package().boundary(sel.city, sel.area_type)
    notes = page_parts.boundary_notes(boundary, sel.area_type, sel.year_number, lang)
    link = page_link("karta")
    the_map, ranking = map_parts.figures(layer, view, comparison, compare, ind, lang, link, notes)

    row = st.columns([1, 1, 1.2, 2])
    selectors.place_selectors(row[:2], asked.choices, catalog, "map", lang, ("year", "sex"))
    map_parts.change_and_colour(row[2], row[3], view, comparison is not None, lang)
    if asked.choices.empty_years:
        st.caption(t("empty_years", lang, years=", ".join(asked.choices.empty_years)))
    if view.synthetic:
        st.warning(t("synthetic_banner", lang), icon=":material/science:")
    if sel.period:
        st.caption(t("period_note", lang, period=format_period(sel.year_number, sel.period, lang)))
    # The map takes most of the width; the ranking stands beside it on wide screens
    # (Streamlit stacks columns on narrow ones), built only when opened (issue 10).
    map_col, side_col = st.columns([3, 2]) if the_map is not None else (st.container(),) * 2
    slot = map_col.container()  # the map is drawn last: see below
    if the_map is None:
        slot.info(t("no_boundaries", lang, area_type=area_type_name(sel.area_type, lang)))
    with side_col:
        map_parts.ranking_section(ranking, lang, opened=the_map is None)
    map_parts.gap_metrics(view, ind, lang)
    map_parts.table_section(view, ind, comparison, lang)
    if box := lazy.expander(t("definition", lang), "map_definition_open"):
        box.write(ind.description(lang))
        box.markdown(t("significance_method", lang))
    # The map's figure is sent after the page's smaller parts, so that the browser has
    # drawn them before it builds the map, rather than in the middle of it (issue 10).
    if the_map is not None:
        with slot:
            map_parts.map_section(the_map, notes, lang, repr((sel, compare, lang, link, notes)))


st.session_state["_map_page_run"] = 1
view_part()
