"""AppTest fixtures: a store in a temporary folder, caches cleared between tests."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.app.components.live_map import LIVE_MAP, shown_figure

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app" / "main.py"


@pytest.fixture(scope="session", autouse=True)
def _var_dir(tmp_path_factory, data_dir):
    """One store for the whole session: the package loads once, later runs find it unchanged."""
    saved = {k: os.environ.get(k) for k in ("JAMLIK_VAR_DIR", "JAMLIK_DATA", "JAMLIK_DATABASE_URL")}
    os.environ["JAMLIK_VAR_DIR"] = str(tmp_path_factory.mktemp("var"))
    os.environ["JAMLIK_DATA"] = str(data_dir)
    os.environ.pop("JAMLIK_DATABASE_URL", None)
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(autouse=True)
def _clear_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


@pytest.fixture
def app():
    """The app at its entry point, not yet run; set query params before ``run()``."""
    return AppTest.from_file(str(APP), default_timeout=60)


def goto(at: AppTest, page: str, **params: str) -> AppTest:
    """Run the app on ``page`` (a file under screens/) as a link with ``params`` opens it.

    AppTest switches pages only after a first run of the entry point, and that run is the
    map (the landing page), which writes its own view into the address: the link's
    parameters are set for it (the session's language comes from them) and again after it,
    on a cleared address, as a browser opening the link has them.
    """
    at.query_params.update(params)
    at.run()
    at.query_params.clear()
    at.query_params.update(params)
    at.switch_page(page)
    return at.run()


def _closed_keys(at: AppTest) -> list[str]:
    """Keys of the keyed popovers and expanders that are closed (their contents unbuilt)."""
    keys = []
    for block in [*at.get("popover"), *at.expander]:
        block_id = block.proto.popover.id if block.type == "popover" else block.proto.id
        if not block_id.startswith("$$ID-"):
            continue
        key = block_id.split("-", 2)[2]
        if not (key in at.session_state and at.session_state[key]):
            keys.append(key)
    return keys


def open_all(at: AppTest) -> AppTest:
    """Open every keyed popover and expander, as a user clicking each would, and rerun.

    The export menus, "Kopiera länk", the ranking and the table are built only while open
    (issue 10); tests that read their contents open them first.
    """
    for _ in range(3):  # an opened part can hold another (the ranking's export menu)
        keys = _closed_keys(at)
        if not keys:
            break
        for key in keys:
            at.session_state[key] = True
        at.run()
    return at


def open_map(at: AppTest, *, opened: bool = True, **params: str) -> AppTest:
    """Run the app on the map page as a shared link with ``params`` would open it, with its
    on-demand parts opened (``opened``) or as a visitor first sees it."""
    for key, value in params.items():
        at.query_params[key] = value
    # The map is the landing page: the root with the link's parameters is the link.
    at.run()
    if opened:
        at.session_state["map_ranking_view"] = "all"
        open_all(at)
    return at


def shown_figures(at) -> list[dict]:
    """Every figure the page draws as plotly reads it: the live map's first (on the map
    page it stands before the ranking), then each ``st.plotly_chart``'s."""
    live = [
        shown_figure(element.proto.json)
        for element in at.get("bidi_component")
        if element.proto.component_name == LIVE_MAP
    ]
    return live + [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def shown_table(table) -> pd.DataFrame:
    """An ``st.table``'s cells as the browser shows them: the page writes them as literal
    Markdown (``markup.markdown_frame``), whose backslashes the browser does not show."""
    return table.value.map(lambda v: re.sub(r"\\(.)", r"\1", v) if isinstance(v, str) else v)
