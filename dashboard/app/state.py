"""The view in the URL: read the link on the first run, keep the address in step with the widgets."""

from __future__ import annotations

import streamlit as st

from dashboard.report.i18n import LANGS
from indicators.core import settings


def lang() -> str:
    """The interface language: the sidebar's choice, first taken from ?lang= or JAMLIK_LANG."""
    if "lang" not in st.session_state:
        requested = st.query_params.get("lang")
        st.session_state["lang"] = requested if requested in LANGS else settings.default_lang()
    return st.session_state["lang"]


def requested(fields: tuple[str, ...], prefix: str) -> tuple[dict[str, str | None], bool]:
    """What the user asked for: widget values once set, else the link's query parameters.

    Returns the request and whether it came from the link (first run of this page), so
    that notes about replaced choices are shown only for what a link asked for.
    """
    from_link = f"{prefix}_seen" not in st.session_state
    st.session_state[f"{prefix}_seen"] = True
    out: dict[str, str | None] = {}
    for name in fields:
        key = f"{prefix}_{name}"
        out[name] = st.session_state.get(key) if not from_link else st.query_params.get(name)
    return out, from_link


def _param(value: str | bool | list[str]) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        return ",".join(value)
    return value


def sync(values: dict[str, str | bool | list[str]], prefix: str) -> None:
    """Set widget state to the resolved selection, and the address to match it.

    Lists (multiselects) go into the address comma-separated, switches as 1 or 0.
    """
    for name, value in values.items():
        st.session_state[f"{prefix}_{name}"] = value
    st.query_params.from_dict({**{k: _param(v) for k, v in values.items()}, "lang": lang()})


def as_list(value: str | list[str] | None) -> list[str] | None:
    """A multiselect's value from the widget (a list) or from the address ('a,b')."""
    if value is None or isinstance(value, list):
        return value
    return [v for v in value.split(",") if v]


def as_bool(value: str | bool | None) -> bool:
    return value is True or value == "1"
