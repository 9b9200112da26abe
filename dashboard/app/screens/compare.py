"""Jämför städer: one indicator, one year — each city's districts and gap measures side by side."""

from __future__ import annotations

import streamlit as st

from dashboard.app import cache, state
from dashboard.app.components import selectors
from dashboard.app.export_menu import chart, page_link
from dashboard.report import exporting, tables
from dashboard.report.i18n import t
from indicators.core.places import MUNICIPALITIES
from indicators.views.compare import compare_choices
from indicators.views.selection import cities_with_districts

lang = state.lang()
catalog = cache.catalog()
inventory = cache.inventory()
# Any municipalities with district values side by side (issue 13), each at its own division.
every = cities_with_districts(inventory)
FIELDS = ("indicator", "year", "sex", "strat", "cities", *(f"at_{c}" for c in every))

page = selectors.PageSelection.read("cmp", FIELDS)
asked = state.as_list(page.request.get("cities")) or []
choices = compare_choices(inventory, {**page.request, "cities": ",".join(asked)})
page.sync({**choices.params, "cities": choices.chosen})
indicator, year, sex, strat = (choices.params[k] for k in ("indicator", "year", "sex", "strat"))
ind = catalog[indicator]

st.title(t("page_compare", lang))
st.multiselect(
    t("compare_cities", lang), choices.cities, key="cmp_cities", format_func=MUNICIPALITIES.get
)
cols = st.columns([2, 1, 1, 1.5])
selectors.indicator_box(cols[0], choices.indicators, "cmp_indicator", catalog, lang)
cols[1].selectbox(t("year", lang), choices.years, key="cmp_year")
selectors.sex_box(cols[2], choices.sexes, "cmp_sex", lang)
if choices.stratifiers:  # a new municipality may have no income or CNI values yet
    selectors.stratifier_box(cols[3], choices.stratifiers, "cmp_strat", catalog, lang)
for col, (city, options) in zip(
    st.columns(max(3, len(choices.options))), choices.options.items(), strict=False
):
    label = f"{t('area_type', lang)} – {MUNICIPALITIES[city]}"
    selectors.area_type_box(col, options, f"cmp_at_{city}", lang, label)

rows, table = cache.comparison(choices.area_types, indicator, int(year), sex, strat)
compare_export = exporting.compare_export(
    rows, ind, year, sex, lang, link=page_link("jamfor"), table=table
)
# Example data anywhere behind the page (values, population, the SII/RII stratifier).
if compare_export.meta.synthetic:
    st.warning(t("synthetic_banner", lang), icon=":material/science:")
chart(compare_export, "compare_export", lang)
st.header(t("compare_measures", lang))
st.dataframe(
    tables.comparison(table, ind, lang, catalog.get(strat)), hide_index=True, width="stretch"
)
st.info(t("compare_note", lang), icon=":material/info:")
