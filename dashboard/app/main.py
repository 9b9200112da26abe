"""Jämlik stad: the router and frame (page config, navigation, shared sidebar)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.app import cache, page_scripts, state
from dashboard.app.export_menu import copy_link
from dashboard.report.i18n import t
from dashboard.report.markup import markdown_text
from indicators.core.problems import ProblemsError

# Pages live in screens/, not pages/: Streamlit treats a pages/ folder as the old multipage
# layout and, on a cold server, answers a direct link to /karta with "Page not found".
HERE = Path(__file__).parent

# A local image: a material icon as favicon is fetched from a font host on the internet.
st.set_page_config(
    page_title="Jämlik stad", page_icon=HERE / "static" / "favicon.png", layout="wide"
)

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
    cache.package_and_report()
except ProblemsError as err:
    # No readable package: say which and where, instead of a traceback.
    st.error(t("package_unreadable", lang))
    for problem in err.problems:
        st.write(f"- {markdown_text(problem.text(lang))}")  # values from the files
    st.stop()

# (file in screens/, title key, address, icon), in the order of the navigation.
PAGES = (
    ("map.py", "page_map", "karta", ":material/map:"),
    ("start.py", "page_start", "start", ":material/info:"),
    ("trends.py", "page_trends", "utveckling", ":material/timeline:"),
    ("compare.py", "page_compare", "jamfor", ":material/compare_arrows:"),
    ("factsheet.py", "page_factsheet", "omradesfakta", ":material/description:"),
    ("upload.py", "page_upload", "ladda-upp", ":material/upload_file:"),
    ("divisions.py", "page_divisions", "omradesindelningar", ":material/polyline:"),
    ("history.py", "page_history", "historik", ":material/history:"),
)
pages = [
    st.Page(HERE / "screens" / file, title=t(key, lang), url_path=path, icon=icon)
    for file, key, path, icon in PAGES
]
# The map is the landing page (issue 10): the root URL draws it at once, without a page in
# between and without the probes a deep link's path costs. A default page is served at "/"
# but still reserves its own path, so the map keeps /karta as a listed page (old links,
# other pages' links) and the root is a hidden second entry of the same file.
pages.append(
    st.Page(
        HERE / "screens" / "map.py",
        title=t("page_map", lang),
        url_path="karta-start",
        icon=":material/map:",
        default=True,
        visibility="hidden",
    )
)
page = st.navigation(pages)
# Each page its own tab title; <html lang>, history entries and Streamlit's own labels by
# the scripts of page_scripts (Streamlit has no setting for them).
st.set_page_config(page_title=t("page_title", lang, page=page.title))
st.html(page_scripts.script(lang), unsafe_allow_javascript=True)
st.html(page_scripts.style())
# Filled after the page has run, when the address holds the view the page settled on.
link_box = st.sidebar.container()
try:
    page.run()
finally:
    # Also when a page stops early (st.stop) while it waits for input.
    with link_box:
        # The root shows the map: its link names /karta, the map's own address.
        copy_link(page.url_path or "karta", lang)
