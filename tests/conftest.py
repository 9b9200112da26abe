"""Shared fixtures: the bundled data package, a tiny catalog, and stores in temporary folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from indicators.catalog import Indicator
from indicators.loading import sync_package
from indicators.package import read_package
from indicators.store import Store

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("JAMLIK_DATA") or REPO.parent / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    assert (DATA / "datapackage.json").is_file(), f"no data package at {DATA}; set JAMLIK_DATA"
    return DATA


@pytest.fixture(scope="session")
def package(data_dir):
    return read_package(data_dir)


@pytest.fixture
def tiny_catalog() -> dict[str, Indicator]:
    def ind(id_: str, unit_en: str, hib: bool | None, decimals: int = 1) -> Indicator:
        return Indicator(id_, id_, id_, unit_en, unit_en, hib, decimals, "", "")

    return {
        "life_expectancy": ind("life_expectancy", "years", True),
        "reading_grade3": ind("reading_grade3", "percent", True),
        "population": ind("population", "persons", None, 0),
        "cni": ind("cni", "index", False, 2),
    }


@pytest.fixture
def store(tmp_path) -> Store:
    return Store.open(f"sqlite:///{tmp_path / 'store.sqlite'}")


@pytest.fixture(scope="session")
def loaded_store(tmp_path_factory, package) -> Store:
    """The whole bundled package in a store, loaded once for the session (read-only use)."""
    path = tmp_path_factory.mktemp("store") / "store.sqlite"
    s = Store.open(f"sqlite:///{path}")
    report = sync_package(s, package)
    assert report.ok, report.refused
    return s
