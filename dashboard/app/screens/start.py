"""Start page: what the store holds — cities, area types, indicators, years, real and example cache."""

from __future__ import annotations

import streamlit as st

from dashboard.app import cache, state
from dashboard.report import tables
from dashboard.report.i18n import t
from dashboard.report.markup import markdown_text

lang = state.lang()
st.query_params["lang"] = lang
package, report = cache.package_and_report()
inventory = cache.inventory()
catalog = cache.catalog()
datasets = cache.store().datasets(include_withdrawn=False)

st.title(t("app_title", lang))
st.write(t("tagline", lang))

if report.refused:
    st.error(t("refused_files", lang))
    for file, problems in report.refused.items():
        with st.expander(f"{file} ({len(problems)})"):
            st.write("\n".join(f"- {markdown_text(p.text(lang))}" for p in problems[:50]))

if inventory.empty:
    st.warning(t("no_data", lang))
    st.stop()

if bool(datasets["synthetic"].any()):
    st.warning(t("synthetic_banner", lang), icon=":material/science:")

st.page_link("screens/map.py", label=t("go_to_map", lang), icon=":material/map:")

st.header(t("store_holds", lang))
shown = markdown_text(f"{package.title} ({package.version}) — {package.root}")
st.caption(f"{t('package', lang)}: {shown}")  # the package's own words: plain text

st.subheader(t("area_type", lang))
st.dataframe(tables.area_types(inventory, package, lang), hide_index=True, width="stretch")

st.subheader(t("indicators", lang))
st.dataframe(tables.indicators(inventory, catalog, lang), hide_index=True, width="stretch")

st.subheader(t("datasets", lang))
st.dataframe(tables.datasets(datasets, lang), hide_index=True, width="stretch")
