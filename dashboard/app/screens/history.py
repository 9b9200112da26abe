"""Historik: every dataset version, and for an editor, withdrawing an uploaded one."""

from __future__ import annotations

import contextlib

import streamlit as st

from dashboard.app import auth, cache, state
from dashboard.report import uploads
from dashboard.report.divisions import versions_table as tables_of_divisions
from dashboard.report.i18n import t
from indicators.ingest import versions

lang = state.lang()
st.query_params["lang"] = lang
store = cache.store()
history = versions.history(store)

st.title(t("page_history", lang))
st.write(t("history_intro", lang))
done = st.session_state.pop("history_message", None)
if done:
    st.success(done, icon=":material/undo:")
table = uploads.history_table(history, lang, cache.dataset_contents(), cache.catalog())
st.dataframe(table, hide_index=True, width="stretch")
divisions = store.divisions()
if not divisions.empty:  # editors' own divisions are versions too (issue 13)
    st.header(t("division_versions", lang))
    st.dataframe(tables_of_divisions(divisions, lang), hide_index=True, width="stretch")
    st.page_link(
        "screens/divisions.py", label=t("page_divisions", lang), icon=":material/polyline:"
    )

st.header(t("withdraw_title", lang))
st.caption(t("withdraw_help", lang))
editor = auth.login_block(lang)
if editor is None:
    st.stop()
open_uploads = history[(history["origin"] == "upload") & history["withdrawn_at"].isna()]
asked = st.session_state.get("withdraw_version")
if asked is not None and asked not in set(open_uploads["version"]):
    # Withdrawn from another session since this one chose it: say so, rather than
    # silently offering another version.
    st.warning(t("withdraw_gone", lang, version=asked))
if open_uploads.empty:
    st.info(t("withdraw_none", lang))
    st.stop()
labels = {
    int(r["version"]): t(
        "withdraw_option",
        lang,
        version=int(r["version"]),
        file=r["file_name"],
        editor=r["editor"],
        time=uploads.local_time(r["imported_at"]),
    )
    for r in open_uploads.to_dict("records")
}
version = st.selectbox(
    t("withdraw_version", lang), list(labels), format_func=labels.get, key="withdraw_version"
)
with contextlib.suppress(versions.WithdrawError):  # withdrawn meanwhile: the button says so
    st.info(uploads.withdraw_effect(cache.withdraw_preview(version), lang))
sure = st.checkbox(t("withdraw_confirm", lang, version=version), key=f"withdraw_sure_{version}")
if st.button(t("withdraw", lang), disabled=not sure, key="withdraw_button", icon=":material/undo:"):
    try:
        versions.withdraw(store, version, editor=editor)
    except versions.WithdrawError as err:
        st.error(err.message(lang))
    else:
        st.session_state["history_message"] = t("withdrawn", lang, version=version)
        del st.session_state["withdraw_version"]  # gone from the choices, and not by another
        st.rerun()
