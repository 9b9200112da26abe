"""Områdesfakta: one district's key figures against its city and Sweden, as a one-page A4 PDF."""

from __future__ import annotations

import streamlit as st

from dashboard.app import cache, state
from dashboard.app.components import lazy, selectors
from dashboard.app.components.city_report import city_report
from dashboard.app.export_menu import chart, page_link
from dashboard.report import exporting
from dashboard.report.i18n import t
from indicators.core.formatting import format_number
from indicators.views.factsheet import area_types_with_facts
from indicators.views.selection import area_type_order, cities_with_districts

lang = state.lang()
catalog = cache.catalog()
inventory = cache.inventory()

page = selectors.PageSelection.read("fs", ("city", "area_type", "area"))
cities = [c for c in cities_with_districts(inventory) if area_types_with_facts(inventory, c)]
if not cities:
    st.warning(t("no_data", lang))
    st.stop()
city = page.pick("city", cities)
area_types = area_type_order(cache.package(), city, area_types_with_facts(inventory, city))
area_type = page.pick("area_type", area_types)
facts = cache.city_facts(city, area_type)
names = dict(facts.areas())
area = page.pick("area", list(names)) if names else ""
page.sync({"city": city, "area_type": area_type, "area": area})

st.title(t("page_factsheet", lang))
st.caption(t("fs_intro", lang))
cols = st.columns([1, 1.6, 1.6])
selectors.city_box(cols[0], cities, "fs_city", lang)
selectors.area_type_box(cols[1], area_types, "fs_area_type", lang)
if not names:
    st.info(t("fs_no_areas", lang))
    st.stop()
cols[2].selectbox(t("area", lang), list(names), key="fs_area", format_func=names.get)

sheet = facts.sheet(area)
if sheet.synthetic:
    st.warning(t("synthetic_banner", lang), icon=":material/science:")
if sheet.population is not None:
    st.metric(
        t("col_population", lang),
        format_number(sheet.population[0], 0, lang),
        str(sheet.population[1]),
        delta_color="off",
        delta_arrow="off",
    )
export = exporting.factsheet_export(sheet, catalog, lang, link=page_link("omradesfakta"))
# As it will be printed: the PDF's own look, not Streamlit's chart theme.
chart(export, "fs_export", lang, width="content", theme=None)

st.header(t("fs_key_figures", lang))
# Each key figure also against the city and Sverige, by the area's 95 % interval.
key_figures = exporting.fact_table(sheet, catalog, lang)
st.dataframe(key_figures, hide_index=True, width="stretch")
st.caption(t("fs_significance_note", lang))
if box := lazy.expander(t("definition", lang), "factsheet_definition_open"):
    box.markdown(t("significance_method", lang))

city_report(facts, catalog, city, area_type, lang)
