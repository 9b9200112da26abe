"""Who may upload and withdraw: a logged-in editor, or this computer when no editor is configured."""

from __future__ import annotations

import getpass
import ipaddress
from collections.abc import Mapping

import streamlit as st

from dashboard.report.i18n import t
from indicators.ingest import editors

EDITOR_KEY = "auth_editor"
# Headers a reverse proxy adds. Behind one, every request reaches a loopback server from
# 127.0.0.1, so "local" must also mean "not forwarded".
FORWARDING_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")


def _secret_editors() -> Mapping[str, Mapping[str, object]] | None:
    """The ``[editors]`` table of Streamlit secrets, if there is one."""
    try:
        found = st.secrets.get("editors")
    except FileNotFoundError:  # no secrets.toml (StreamlitSecretNotFoundError is one)
        return None
    return found or None


def source() -> editors.Source | None:
    """Where editors are configured: Streamlit secrets if they list any, else None, which
    ``indicators.ingest.editors`` reads as ``editors.json`` in the var folder."""
    return _secret_editors()


def configured() -> bool:
    return editors.editors_configured(source())


def _loopback(address: str | None) -> bool:
    """Whether a listening address only reaches this computer (empty: every interface)."""
    if not address:
        return False
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def local_only() -> bool:
    """Whether only this computer can reach the page: the server listens on a loopback
    address, and the request came from this computer, not through a proxy."""
    if not _loopback(st.get_option("server.address")):
        return False
    # Streamlit gives None for a client on this computer, the address for any other (and
    # AppTest a stand-in object, which is no address).
    if isinstance(st.context.ip_address, str):
        return False
    headers = {key.lower() for key in st.context.headers}
    return not any(h in headers for h in FORWARDING_HEADERS)


def local_name() -> str:
    """The editor recorded for an upload from this computer without a login."""
    try:
        return f"lokal ({getpass.getuser()})"
    except (OSError, KeyError):
        return "lokal"


def editor() -> str | None:
    """The name changes are recorded under, or None when this session may not change data."""
    if not configured():
        return local_name() if local_only() else None
    name = st.session_state.get(EDITOR_KEY)
    # An editor removed from the configuration loses the right at once.
    return name if name and name in editors.load(source() or editors.default_path()) else None


def _sign_out() -> None:
    st.session_state.pop(EDITOR_KEY, None)


def login_block(lang: str) -> str | None:
    """Say who may change data here, with a login form when editors are configured;
    returns the editor's name, or None."""
    if not configured():
        if local_only():
            st.info(t("auth_local", lang, name=local_name()), icon=":material/computer:")
            return local_name()
        st.warning(t("auth_none_configured", lang), icon=":material/lock:")
        return None
    name = editor()
    if name:
        cols = st.columns([4, 1])
        cols[0].caption(t("auth_signed_in", lang, name=name))
        cols[1].button(t("auth_sign_out", lang), key="auth_sign_out", on_click=_sign_out)
        return name
    st.info(t("auth_needed", lang), icon=":material/lock:")
    with st.form("auth_login", clear_on_submit=True):
        given = st.text_input(t("auth_name", lang), key="auth_name")
        password = st.text_input(t("auth_password", lang), type="password", key="auth_password")
        submitted = st.form_submit_button(t("auth_sign_in", lang))
    if submitted:
        if editors.verify(given, password, source()):
            st.session_state[EDITOR_KEY] = editors.check_name(given)
            st.rerun()
        st.error(t("auth_failed", lang))
    return None
