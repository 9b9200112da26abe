"""Jämlik stad: the router and frame (page config, navigation, shared sidebar)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import data, state
from dashboard.export_menu import copy_link
from dashboard.i18n import t
from geodata.problems import ProblemsError

# Pages live in screens/, not pages/: Streamlit treats a pages/ folder as the old multipage
# layout and, on a cold server, answers a direct link to /karta with "Page not found".
HERE = Path(__file__).parent

st.set_page_config(page_title="Jämlik stad", page_icon=":material/map:", layout="wide")

lang = state.lang()
with st.sidebar:
    st.radio(
        t("language", lang),
        ["sv", "en"],
        key="lang",
        horizontal=True,
        format_func=lambda code: {"sv": "Svenska", "en": "English"}[code],
    )
lang = state.lang()

try:
    data.package_and_report()
except ProblemsError as err:
    # No readable package: say which and where, instead of a traceback.
    st.error(t("package_unreadable", lang))
    for problem in err.problems:
        st.write(f"- {problem.text(lang)}")
    st.stop()

pages = [
    st.Page(
        HERE / "screens" / "start.py",
        title=t("page_start", lang),
        url_path="start",
        icon=":material/home:",
        default=True,
    ),
    st.Page(
        HERE / "screens" / "map.py",
        title=t("page_map", lang),
        url_path="karta",
        icon=":material/map:",
    ),
    st.Page(
        HERE / "screens" / "trends.py",
        title=t("page_trends", lang),
        url_path="utveckling",
        icon=":material/timeline:",
    ),
    st.Page(
        HERE / "screens" / "compare.py",
        title=t("page_compare", lang),
        url_path="jamfor",
        icon=":material/compare_arrows:",
    ),
    st.Page(
        HERE / "screens" / "factsheet.py",
        title=t("page_factsheet", lang),
        url_path="omradesfakta",
        icon=":material/description:",
    ),
    st.Page(
        HERE / "screens" / "upload.py",
        title=t("page_upload", lang),
        url_path="ladda-upp",
        icon=":material/upload_file:",
    ),
    st.Page(
        HERE / "screens" / "history.py",
        title=t("page_history", lang),
        url_path="historik",
        icon=":material/history:",
    ),
]
page = st.navigation(pages)
# Filled after the page has run, when the address holds the view the page settled on.
link_box = st.sidebar.container()
try:
    page.run()
finally:
    # Also when a page stops early (st.stop) while it waits for input.
    with link_box:
        copy_link(page.url_path, lang)
