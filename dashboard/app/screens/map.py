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
link = page_link("karta")
map_export, ranking = map_parts.figures(layer, view, comparison, compare, ind, lang, link, notes)

st.title(t("page_map", lang))
selectors.place_selectors(st.columns([1, 1.6, 1.6, 1, 1]), choices, catalog, "map", lang)
page.show_notes(choices.notes, lang)
if choices.empty_years:
    st.caption(t("empty_years", lang, years=", ".join(choices.empty_years)))
if view.synthetic:
    st.warning(t("synthetic_banner", lang), icon=":material/science:")
if sel.period:
    st.caption(t("period_note", lang, period=format_period(sel.year_number, sel.period, lang)))

# The map takes most of the width; the ranking stands beside it on wide screens (Streamlit
# stacks columns on narrow ones) and, like the table, is built only when opened (issue 10).
map_col, side_col = st.columns([3, 2]) if map_export is not None else (st.container(),) * 2
with map_col:
    if map_export is None:
        st.info(t("no_boundaries", lang, area_type=area_type_name(sel.area_type, lang)))
        map_parts.colour_mode_selector(st, lang)
    else:
        map_parts.map_section(map_export, notes, view, comparison is not None, lang)
with side_col:
    map_parts.ranking_section(ranking, lang, opened=map_export is None)

map_parts.gap_metrics(view, ind, lang)
map_parts.table_section(view, ind, comparison, lang)
if box := lazy.expander(t("definition", lang), "map_definition_open"):
    box.write(ind.description(lang))
    box.markdown(t("significance_method", lang))
