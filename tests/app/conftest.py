"""AppTest fixtures: a store in a temporary folder, caches cleared between tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

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


def open_map(at: AppTest, **params: str) -> AppTest:
    """Run the app on the map page as a shared link with ``params`` would open it."""
    for key, value in params.items():
        at.query_params[key] = value
    # AppTest only switches pages after a first run of the entry point.
    at.run()
    at.switch_page("screens/map.py")
    return at.run()
