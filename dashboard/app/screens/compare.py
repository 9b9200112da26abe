"""Jämför städer: one indicator, one year — each city's districts and gap measures side by side."""

from __future__ import annotations

import streamlit as st

from dashboard.app import cache, state
from dashboard.app.components import selectors
from dashboard.app.export_menu import chart, page_link
from dashboard.report import exporting, tables
from dashboard.report.i18n import t
from indicators.core.places import CITY_CODES, MUNICIPALITIES
from indicators.views.compare import compare_choices

FIELDS = ("indicator", "year", "sex", "strat", *(f"at_{c}" for c in CITY_CODES))
lang = state.lang()
catalog = cache.catalog()

page = selectors.PageSelection.read("cmp", FIELDS)
choices = compare_choices(cache.inventory(), page.request)
page.sync(dict(choices.params))
indicator, year, sex, strat = (choices.params[k] for k in ("indicator", "year", "sex", "strat"))
ind = catalog[indicator]

st.title(t("page_compare", lang))
cols = st.columns([2, 1, 1, 1.5])
selectors.indicator_box(cols[0], choices.indicators, "cmp_indicator", catalog, lang)
cols[1].selectbox(t("year", lang), choices.years, key="cmp_year")
selectors.sex_box(cols[2], choices.sexes, "cmp_sex", lang)
selectors.stratifier_box(cols[3], choices.stratifiers, "cmp_strat", catalog, lang)
for col, (city, options) in zip(st.columns(3), choices.options.items(), strict=False):
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
st.dataframe(tables.comparison(table, ind, lang, catalog[strat]), hide_index=True, width="stretch")
st.info(t("compare_note", lang), icon=":material/info:")
