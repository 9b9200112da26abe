"""Områdesindelningar: an editor adds a municipality's own division, checked before it is stored."""

from __future__ import annotations

import streamlit as st

from dashboard.app import auth, cache, division_form, state
from dashboard.report.i18n import t
from dashboard.report.markup import markdown_t
from indicators.core.places import MUNICIPALITIES
from indicators.core.settings import MAX_UPLOAD_BYTES
from indicators.ingest import divisions

lang = state.lang()
st.query_params["lang"] = lang

st.title(t("page_divisions", lang))
st.write(t("divisions_intro", lang))
editor = auth.login_block(lang)
if editor is not None:
    if done := st.session_state.pop("division_done", None):
        st.success(done, icon=":material/check_circle:")
    round_ = st.session_state.setdefault("division_round", 0)
    uploaded = st.file_uploader(
        t("division_file", lang),
        type=["geojson", "json", "gpkg", "zip"],
        key=f"division_file_{round_}",
        max_upload_size=max(1, MAX_UPLOAD_BYTES // 2**20),
    )
    request = division_form.request_form(lang)
    if uploaded is not None and request.area_type:
        checked = division_form.check(uploaded.name, uploaded.getvalue(), request)
        division_form.show_check(checked, lang)
        if checked.status == "valid" and st.button(
            t("save", lang), type="primary", key="division_save", icon=":material/save:"
        ):
            saved = divisions.save(cache.store(), checked, editor=editor)
            city = MUNICIPALITIES.get(request.municipality, request.municipality)
            st.session_state["division_done"] = markdown_t(
                "division_stored", lang, name=f"{city} {request.area_type}",
                version=saved.version, n=saved.n_features,
            )  # fmt: skip
            st.session_state["division_round"] = round_ + 1
            st.session_state.pop(division_form.CHECK_KEY, None)
            st.rerun()
division_form.stored(editor, lang)
