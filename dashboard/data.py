"""Cached access to the package, the store and the boundaries: the only caching in the app."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.figures import MAP_PLOT_SIZE
from geodata.extent import map_view
from geodata.simplify import cached_simplified, to_plotly_geojson
from indicators import settings
from indicators.catalog import Indicator
from indicators.loading import LoadReport, sync_package
from indicators.package import Package, read_package
from indicators.store import Store
from indicators.views import MapData, Selection, map_data


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store.open(url)


@st.cache_resource(show_spinner="Läser in datapaketet … / Loading the data package …")
def _loaded(data_dir: str, url: str) -> tuple[Package, LoadReport]:
    package = read_package(data_dir)
    report = sync_package(_store(url), package)
    return package, report


def store() -> Store:
    return _store(settings.database_url())


def package_and_report() -> tuple[Package, LoadReport]:
    """The package, loaded into the store once per server process (and only if changed)."""
    return _loaded(str(settings.data_dir()), settings.database_url())


def package() -> Package:
    return package_and_report()[0]


@st.cache_data(show_spinner=False)
def _inventory(url: str, revision: str) -> pd.DataFrame:
    del revision  # part of the cache key only
    return _store(url).inventory()


def inventory() -> pd.DataFrame:
    package_and_report()
    s = store()
    return _inventory(settings.database_url(), s.revision())


@st.cache_data(show_spinner=False)
def _catalog(url: str, revision: str) -> dict[str, Indicator]:
    del revision
    return _store(url).catalog()


def catalog() -> dict[str, Indicator]:
    package_and_report()
    return _catalog(settings.database_url(), store().revision())


@st.cache_data(show_spinner=False)
def _map_data(
    url: str, revision: str, selection: Selection, area_codes: tuple[tuple[str, str], ...] | None
) -> MapData:
    del revision
    return map_data(_store(url), selection, dict(area_codes) if area_codes else None)


def view_data(selection: Selection, layer: Layer | None) -> MapData:
    codes = tuple(layer.names.items()) if layer else None
    return _map_data(settings.database_url(), store().revision(), selection, codes)


@dataclass(frozen=True)
class Layer:
    geojson: dict
    names: dict[str, str]
    center: dict[str, float]
    zoom: float


@st.cache_data(show_spinner=False, max_entries=64)
def _layer(data_dir: str, city: str, area_type: str) -> Layer | None:
    del data_dir  # part of the cache key only: another package has other boundaries
    res = package().boundary(city, area_type)
    if res is None:
        return None
    gdf = cached_simplified(
        res.path,
        res.sha256,
        settings.var_dir() / "boundaries",
        id_field=res.id_field,
        name_field=res.name_field,
    )
    center, zoom = map_view(tuple(gdf.total_bounds), *MAP_PLOT_SIZE)
    return Layer(
        to_plotly_geojson(gdf),
        dict(zip(gdf["area_code"], gdf["area_name"], strict=True)),
        center,
        zoom,
    )


def layer(city: str, area_type: str) -> Layer | None:
    """Simplified boundaries of an area type as plotly GeoJSON, with the map's centre and zoom."""
    return _layer(str(settings.data_dir()), city, area_type)
