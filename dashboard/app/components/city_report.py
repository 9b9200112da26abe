"""The fact sheet page's city report: every area of a division as one PDF, made on request."""

from __future__ import annotations

import time

import streamlit as st

from dashboard.app.export_menu import page_link
from dashboard.report import exporting
from dashboard.report.i18n import area_type_name, t
from indicators.table.catalog import Indicator
from indicators.views.factsheet import CityFacts


def city_report(
    facts: CityFacts, catalog: dict[str, Indicator], city: str, area_type: str, lang: str
) -> None:
    """A button that makes the report with a progress bar, then its download button.

    The PDF is kept in the session with the view it was made for, so it stays offered
    across reruns until the city, the division or the language changes.
    """
    n = len(facts.areas())
    st.header(t("fs_city_report", lang))
    st.caption(t("fs_city_report_help", lang, n=n, area_type=area_type_name(area_type, lang)))
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
        seconds = round(time.monotonic() - started)
        bar.progress(1.0, text=t("fs_report_ready", lang, n=n, seconds=seconds))
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
