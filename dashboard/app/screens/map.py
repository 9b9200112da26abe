"""Karta: one indicator for every district of a city, as a map, a ranking, a gap summary and a table."""

from __future__ import annotations

import streamlit as st

from dashboard.app import cache, state
from dashboard.app.components import map_parts, selectors
from dashboard.app.export_menu import export_menu, page_link
from dashboard.report import page_parts, tables
from dashboard.report.i18n import area_type_name, t
from indicators.core.formatting import format_period

FIELDS = ("city", "area_type", "indicator", "year", "sex", "since", "compare")
lang = state.lang()
catalog = cache.catalog()

page, choices = selectors.view_selection("map", FIELDS)
sel = choices.selection
ind = catalog[sel.indicator]
layer = cache.layer(sel.city, sel.area_type)
view = cache.view_data(sel, layer, since=page.request.get("since"))
compare = page.pick("compare", list(map_parts.COLOUR_MODES))
# The colour mode goes into the address only when it is not the default, so links to the
# value map stay as they were.
st.session_state["map_compare"] = compare
page.sync(
    {
        **sel.as_params(),
        "since": view.since or map_parts.NO_CHANGE,
        **({"compare": compare} if compare != "value" else {}),
    }
)
comparison = cache.comparison_classes(sel, layer) if compare != "value" else None
boundary = cache.package().boundary(sel.city, sel.area_type)
notes = page_parts.boundary_notes(boundary, sel.area_type, sel.year_number, lang)
map_export, ranking_export = page_parts.map_figures(
    layer, view, comparison, compare, ind, lang, link=page_link("karta"), notes=notes
)

st.title(t("page_map", lang))
selectors.place_selectors(st.columns([1, 1.6, 1.6, 1, 1]), choices, catalog, "map", lang)
page.show_notes(choices.notes, lang)
if choices.empty_years:
    st.caption(t("empty_years", lang, years=", ".join(choices.empty_years)))
if view.synthetic:
    st.warning(t("synthetic_banner", lang), icon=":material/science:")
if sel.period:
    st.caption(t("period_note", lang, period=format_period(sel.year_number, sel.period, lang)))

if map_export is None:
    st.info(t("no_boundaries", lang, area_type=area_type_name(sel.area_type, lang)))
    map_parts.colour_mode_selector(st, lang)
else:
    map_parts.map_section(map_export, notes, view, comparison is not None, lang)

map_parts.gap_metrics(view, ind, lang)
st.plotly_chart(
    ranking_export.figure, width="stretch", config={"displaylogo": False}, key="ranking_figure"
)
export_menu(ranking_export, "ranking_export", lang)

st.subheader(t("table", lang))
table = tables.district_table(view.districts, ind, lang)
if comparison is not None:
    table = page_parts.with_class_columns(table, view.districts, comparison, lang)
table = page_parts.with_district_links(table, view.districts, sel, lang)
links = selectors.district_link_columns(lang)
st.dataframe(table, hide_index=True, width="stretch", column_config=links)
with st.expander(t("definition", lang)):
    st.write(ind.description(lang))
    st.markdown(t("significance_method", lang))
