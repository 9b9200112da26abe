"""Områdesfakta: one district's key figures against its city and Sweden, as a one-page A4 PDF."""

from __future__ import annotations

import time

import streamlit as st

from dashboard.app import cache, state
from dashboard.app.export_menu import export_menu, page_link
from dashboard.report import exporting
from dashboard.report.i18n import area_type_name, t
from indicators.core.formatting import format_number
from indicators.core.places import CITY_CODES, MUNICIPALITIES
from indicators.views.factsheet import area_types_with_facts
from indicators.views.selection import area_type_order

lang = state.lang()
package = cache.package()
catalog = cache.catalog()
inventory = cache.inventory()

request, _from_link = state.requested(("city", "area_type", "area"), "fs")
cities = [c for c in CITY_CODES if area_types_with_facts(inventory, c)]
if not cities:
    st.warning(t("no_data", lang))
    st.stop()
city = state.pick(request["city"], cities)
area_types = area_type_order(package, city, area_types_with_facts(inventory, city))
area_type = state.pick(request["area_type"], area_types)
facts = cache.city_facts(city, area_type)
areas = facts.areas()
names = dict(areas)
area = state.pick(request["area"], list(names)) if names else ""
state.sync({"city": city, "area_type": area_type, "area": area}, "fs")

st.title(t("page_factsheet", lang))
st.caption(t("fs_intro", lang))
cols = st.columns([1, 1.6, 1.6])
cols[0].selectbox(
    t("city", lang), cities, key="fs_city", format_func=lambda c: MUNICIPALITIES.get(c, c)
)
cols[1].selectbox(
    t("area_type", lang),
    area_types,
    key="fs_area_type",
    format_func=lambda a: area_type_name(a, lang),
)
if not names:
    st.info(t("fs_no_areas", lang))
    st.stop()
cols[2].selectbox(t("area", lang), list(names), key="fs_area", format_func=lambda c: names[c])

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
st.plotly_chart(
    export.figure, width="content", theme=None, config={"displaylogo": False}, key="fs_figure"
)
export_menu(export, "fs_export", lang)

st.subheader(t("fs_key_figures", lang))
# Each key figure also against the city and Sverige, by the area's 95 % interval.
key_figures = exporting.fact_table(sheet, catalog, lang)
st.dataframe(key_figures, hide_index=True, width="stretch")
st.caption(t("fs_significance_note", lang))
with st.expander(t("definition", lang)):
    st.markdown(t("significance_method", lang))

st.subheader(t("fs_city_report", lang))
st.caption(t("fs_city_report_help", lang, n=len(areas), area_type=area_type_name(area_type, lang)))
report_key = (city, area_type, lang)
if st.button(t("fs_make_report", lang), icon=":material/picture_as_pdf:", key="fs_make_report"):
    bar = st.progress(0.0)
    started = time.monotonic()

    def progress(i: int, n: int, name: str) -> None:
        bar.progress((i - 1) / n, text=t("fs_progress", lang, i=i, n=n, area=name))

    pdf, file_name = exporting.city_report(
        facts,
        catalog,
        lang,
        link_for=lambda code: page_link("omradesfakta", area=code),
        progress=progress,
    )
    bar.progress(
        1.0,
        text=t("fs_report_ready", lang, n=len(areas), seconds=round(time.monotonic() - started)),
    )
    st.session_state["fs_report"] = (report_key, pdf, file_name)
stored = st.session_state.get("fs_report")
if stored and stored[0] == report_key:
    st.download_button(
        t("fs_download_report", lang),
        data=stored[1],
        file_name=stored[2],
        mime="application/pdf",
        icon=":material/download:",
        key="fs_report_download",
        on_click="ignore",
    )
