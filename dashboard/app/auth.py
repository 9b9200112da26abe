"""Who may upload and withdraw: a logged-in editor, or this computer when no editor is configured."""

from __future__ import annotations

import getpass
import math
from collections.abc import Mapping

import streamlit as st

from dashboard.report.i18n import t
from indicators.ingest import access, editors

#: The session holds only this token; the server's ``access.SESSIONS`` knows whose it is.
TOKEN_KEY = "auth_token"


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


def _request() -> tuple[str | None, dict[str, str]]:
    """The socket peer and headers of this session's connection. Streamlit gives the peer as
    None for 127.0.0.1 and ::1, but also when it has no connection at all, so None counts as
    loopback only when the connection sent headers (a browser always sends Host)."""
    headers = dict(st.context.headers.to_dict()) if st.context.headers else {}
    address = st.context.ip_address
    if isinstance(address, str):
        return address, headers
    if address is not None:
        # AppTest runs the script in this process with a stand-in runtime (its "address" is
        # a mock object, never a real server's): the test is this computer.
        return "127.0.0.1", {"host": "localhost"}
    return ("127.0.0.1" if "host" in {k.lower() for k in headers} else None), headers


def local_only() -> bool:
    """Whether this request certainly comes from this computer to a loopback-only server,
    under a loopback name (not a DNS-rebinding name), and not through a proxy."""
    peer, headers = _request()
    return access.local_request(st.get_option("server.address"), peer, headers)


def _client() -> str:
    """The address logins are throttled and logged by."""
    peer, _ = _request()
    return peer or "?"


def _binding() -> str:
    peer, headers = _request()
    return access.binding(st.context.cookies.to_dict() if st.context.cookies else {}, headers, peer)


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
    name = access.SESSIONS.editor(st.session_state.get(TOKEN_KEY), _binding())
    # An editor removed from the configuration loses the right at once.
    return name if name and name in editors.load(source() or editors.default_path()) else None


def _sign_out() -> None:
    access.SESSIONS.revoke(st.session_state.pop(TOKEN_KEY, None))


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
        _try_login(given, password, lang)
    return None


def _try_login(given: str, password: str, lang: str) -> None:
    """Check a login, after the back-off; every attempt goes to the audit log."""
    client = _client()
    wait = access.THROTTLE.wait(client)
    if wait > 0:
        access.audit("throttled", given, client)
        st.error(t("auth_wait", lang, seconds=math.ceil(wait)))
        return
    if editors.verify(given, password, source()):
        access.THROTTLE.succeeded(client)
        access.audit("success", given, client)
        name = editors.check_name(given)
        st.session_state[TOKEN_KEY] = access.SESSIONS.issue(name, _binding())
        st.rerun()
    access.THROTTLE.failed(client)
    access.audit("failure", given, client)
    st.error(t("auth_failed", lang))
