"""The view in the URL and the session: a link or Back opens its view; choices follow the user."""

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


SHARED = ("city", "area_type", "indicator", "year", "sex")
"""The choices every page shares: they follow the user from page to page."""


def _remembered(prefix: str) -> dict[str, str | None]:
    """What this page last showed, with the shared choices as any page last set them.

    Kept under keys no widget has, as Streamlit forgets a widget's value once a page
    without it has run: that is why the map fell back to Stockholm after Utveckling.
    """
    return {**st.session_state.get(f"_{prefix}_kept", {}), **st.session_state.get("_shared", {})}


def shared(name: str) -> str | None:
    """The user's last choice of a shared field (city, indicator …) on any page, if any."""
    return st.session_state.get("_shared", {}).get(name)


def requested(fields: tuple[str, ...], prefix: str) -> tuple[dict[str, str | None], bool]:
    """What the user asked for: the address when it holds what this page did not write
    (a link, Back/Forward, or another page's view carried along), else the widgets, else
    what the user last chose on this or another page.

    Returns the request and whether it came from the address, so that notes about
    replaced choices are shown only for what a link asked for.
    """
    st.session_state[f"_{prefix}_fields"] = fields
    address = {name: st.query_params[name] for name in fields if name in st.query_params}
    written = st.session_state.get(f"_{prefix}_written")
    from_link = bool(address) and address != written
    remembered = _remembered(prefix)
    out: dict[str, str | None] = {}
    for name in fields:
        key = f"{prefix}_{name}"
        if not from_link and key in st.session_state:
            out[name] = st.session_state[key]
        else:
            out[name] = address.get(name, remembered.get(name))
    return out, from_link


def _param(value: str | bool | list[str]) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        return ",".join(value)
    return value


def sync(
    values: dict[str, str | bool | list[str]], prefix: str, drawn: tuple[str, ...] = ()
) -> None:
    """Set widget state to the resolved selection, remember it, and make the address match.

    Lists (multiselects) go into the address comma-separated, switches as 1 or 0. Other
    pages' parameters stay in the address, and it is written only when it changes: every
    change is a new entry in the browser's history, and an entry that merely restates the
    page it came from made the first Back press seem to do nothing.
    """
    for name, value in values.items():
        # A widget already drawn in this run holds the value already (the map resolves its
        # view again in its fragment), and Streamlit refuses to set a drawn widget's value.
        if name not in drawn:
            st.session_state[f"{prefix}_{name}"] = value
    params = {k: _param(v) for k, v in values.items()}
    st.session_state[f"_{prefix}_kept"] = params
    st.session_state["_shared"] = {
        **st.session_state.get("_shared", {}),
        **{k: v for k, v in params.items() if k in SHARED},
    }
    fields = st.session_state.get(f"_{prefix}_fields", tuple(values))
    st.session_state[f"_{prefix}_written"] = {k: v for k, v in params.items() if k in fields}
    current = st.query_params.to_dict()
    # The page's own view first, as links have always read; other pages' parameters after
    # it, and the page's own that it no longer sets (a default colour mode) leave.
    others = {k: v for k, v in current.items() if k not in fields and k != "lang"}
    address = {**params, "lang": lang(), **others}
    if list(address.items()) != list(current.items()):
        st.query_params.from_dict(address)


def as_list(value: str | list[str] | None) -> list[str] | None:
    """A multiselect's value from the widget (a list) or from the address ('a,b')."""
    if value is None or isinstance(value, list):
        return value
    return [v for v in value.split(",") if v]


def as_bool(value: str | bool | None) -> bool:
    return value is True or value == "1"
