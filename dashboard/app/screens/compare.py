"""Jämför städer: one indicator, one year — each city's districts and gap measures side by side."""

from __future__ import annotations

import streamlit as st

from dashboard.app import cache, state
from dashboard.app.export_menu import export_menu, page_link
from dashboard.report import exporting, tables
from dashboard.report.i18n import area_type_name, sex_name, t
from indicators.core.places import CITY_CODES, MUNICIPALITIES
from indicators.views.compare import area_type_options, comparable_indicators, comparable_years
from indicators.views.selection import SEX_ORDER

lang = state.lang()
catalog = cache.catalog()
inventory = cache.inventory()

request, from_link = state.requested(
    ("indicator", "year", "sex", "strat", *(f"at_{c}" for c in CITY_CODES)), "cmp"
)
indicators = comparable_indicators(inventory)
indicator = state.pick(request["indicator"], indicators, "life_expectancy")
years = [str(y) for y in comparable_years(inventory, indicator)]
year = state.pick(request["year"], years, years[-1] if years else None)
sexes = [
    s
    for s in SEX_ORDER
    if any(area_type_options(inventory, c, indicator, int(year), s) for c in CITY_CODES)
]
sex = state.pick(request["sex"], sexes, "total")
stratifiers = [s for s in ("median_income", "cni") if s in indicators]
strat = state.pick(request["strat"], stratifiers, "median_income")
area_types = {}
for city in CITY_CODES:
    options = area_type_options(inventory, city, indicator, int(year), sex)
    if options:
        area_types[city] = state.pick(request[f"at_{city}"], options, options[0])
values = {
    "indicator": indicator,
    "year": year,
    "sex": sex,
    "strat": strat,
    **{f"at_{c}": a for c, a in area_types.items()},
}
state.sync(values, "cmp")
ind = catalog[indicator]

st.title(t("page_compare", lang))
cols = st.columns([2, 1, 1, 1.5])
cols[0].selectbox(
    t("indicator", lang),
    indicators,
    key="cmp_indicator",
    format_func=lambda i: catalog[i].name(lang),
)
cols[1].selectbox(t("year", lang), years, key="cmp_year")
cols[2].selectbox(t("sex", lang), sexes, key="cmp_sex", format_func=lambda s: sex_name(s, lang))
cols[3].selectbox(
    t("stratifier", lang), stratifiers, key="cmp_strat", format_func=lambda i: catalog[i].name(lang)
)
cols = st.columns(3)
for col, city in zip(cols, area_types, strict=False):
    col.selectbox(
        f"{t('area_type', lang)} – {MUNICIPALITIES[city]}",
        area_type_options(inventory, city, indicator, int(year), sex),
        key=f"cmp_at_{city}",
        format_func=lambda a: area_type_name(a, lang),
    )

rows, table = cache.comparison(area_types, indicator, int(year), sex, strat)
compare_export = exporting.compare_export(
    rows, ind, year, sex, lang, link=page_link("jamfor"), table=table
)
# Example data anywhere behind the page (values, population, the SII/RII stratifier).
if compare_export.meta.synthetic:
    st.warning(t("synthetic_banner", lang), icon=":material/science:")
st.plotly_chart(
    compare_export.figure, width="stretch", config={"displaylogo": False}, key="compare_figure"
)
export_menu(compare_export, "compare_export", lang)
st.subheader(t("compare_measures", lang))
st.dataframe(tables.comparison(table, ind, lang, catalog[strat]), hide_index=True, width="stretch")
st.info(t("compare_note", lang), icon=":material/info:")
