"""Ladda upp: an editor uploads a file, sees what it would change, and saves it as a version."""

from __future__ import annotations

import streamlit as st

from dashboard.app import auth, cache, state, upload_form
from dashboard.report.i18n import t
from indicators.core.problems import ProblemsError
from indicators.ingest import versions
from indicators.ingest.cells import MAX_UPLOAD_BYTES, sheet_names
from indicators.ingest.columns import detect_columns

lang = state.lang()
st.query_params["lang"] = lang
catalog = cache.catalog()
areas = cache.area_index()

st.title(t("page_upload", lang))
st.write(t("upload_intro", lang))
upload_form.templates(areas, catalog, lang)

st.header(t("upload_file_title", lang))
editor = auth.login_block(lang)
if editor is None:
    st.stop()

# A new key empties the uploader once a file is saved.
round_ = st.session_state.setdefault("upload_round", 0)
uploaded = st.file_uploader(
    t("upload_file", lang),
    type=["csv", "txt", "xlsx"],
    key=f"upload_file_{round_}",
    max_upload_size=max(1, MAX_UPLOAD_BYTES // 2**20),
    help=t("upload_file_help", lang),
)
if uploaded is None:
    upload_form.show_result(st.session_state.get("upload_result"), lang)
    st.stop()
st.session_state.pop("upload_result", None)

name, content = uploaded.name, uploaded.getvalue()
sha256 = versions.sha256_bytes(content)
try:
    upload_form.check_size(content, name)
    sheets = sheet_names(content)
    sheet = (
        st.selectbox(t("upload_sheet", lang), sheets, key="upload_sheet")
        if len(sheets) > 1
        else None
    )
    cells = upload_form.cells(content, name, sha256, sheet)
except ProblemsError as err:
    upload_form.show_problems(err.problems, name, lang)
    st.stop()

guess = detect_columns(cells)
chosen = upload_form.mapping(guess, list(cells.columns), sha256, lang)
if chosen is None:
    st.stop()
defaults, unanswered = upload_form.defaults(guess, chosen, areas, catalog, lang)
if unanswered:
    st.info(t("defaults_required", lang, fields=", ".join(unanswered).lower()))
    st.stop()
preview = upload_form.preview(content, name, sha256, sheet, chosen, defaults, catalog, areas)
if isinstance(preview, list):
    upload_form.show_problems(preview, name, lang)
    st.stop()

upload_form.show_preview(preview, catalog, lang)
if preview.changes_nothing:
    st.info(t("nothing_to_save", lang))
    st.stop()
if st.button(t("save", lang), type="primary", key="upload_save", icon=":material/save:"):
    upload_form.save(preview, name, editor)
st.caption(t("save_help", lang, editor=editor))
