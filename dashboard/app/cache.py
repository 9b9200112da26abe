"""Cached access to the package, the store and the boundaries: the only caching in the app."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard.report.exporting import FigureExport
from dashboard.report.figures import MAP_PLOT_SIZE
from dashboard.report.i18n import name_added_area_types
from indicators.core import settings
from indicators.ingest import divisions, versions
from indicators.ingest.sync import LoadReport, sync_package
from indicators.ingest.templates import template_csv, template_xlsx
from indicators.table.areas import AreaIndex, boundaryless_types
from indicators.table.catalog import Indicator
from indicators.table.package import Package, read_package
from indicators.table.store import Store
from indicators.views import compare, reaggregate, trends
from indicators.views.factsheet import CityFacts
from indicators.views.map import Layer, MapData, map_comparison, map_data, map_layer
from indicators.views.selection import Choices, Selection, resolve
from indicators.views.significance import Comparison


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


@st.cache_resource(show_spinner=False, max_entries=4)
def _package_view(data_dir: str, url: str, revision: str) -> Package:
    del revision  # cache key only: a stored or withdrawn division changes it
    package, _ = _loaded(data_dir, url)
    name_added_area_types(divisions.area_type_names(_store(url)))
    return divisions.package_view(package, _store(url))


def package() -> Package:
    """The data package as the pages read it: with the divisions editors stored (issue 13)."""
    return _package_view(str(settings.data_dir()), settings.database_url(), store().revision())


# Keyed on the store's revision: an old revision's entry is never read again, so keep few.
@st.cache_data(show_spinner=False, max_entries=4)
def _inventory(url: str, revision: str) -> pd.DataFrame:
    # Also on disk, keyed by store and revision: a restarted server (or a second one on the
    # same store) reads it instead of running the whole-table query again (~0.6 s).
    key = hashlib.sha256(f"{url}|{revision}".encode()).hexdigest()[:20]
    path = settings.var_dir() / "cache" / f"inventory-{key}.parquet"
    if path.is_file():
        return pd.read_parquet(path)
    frame = _store(url).inventory()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, path)
    return frame


def inventory() -> pd.DataFrame:
    package_and_report()
    s = store()
    return _inventory(settings.database_url(), s.revision())


@st.cache_data(show_spinner=False, max_entries=256)
def _choices(data_dir: str, url: str, revision: str, request: str) -> Choices:
    del data_dir, url, revision  # cache key only
    return resolve(inventory(), package(), json.loads(request))


def choices(request: dict[str, str | None]) -> Choices:
    """What ``request`` resolves to, per store revision: a page's every run asks it again
    (~30 ms of pandas on the inventory), and a year change should cost the map alone."""
    key = json.dumps(request, sort_keys=True)
    return _choices(str(settings.data_dir()), settings.database_url(), store().revision(), key)


@st.cache_data(show_spinner=False, max_entries=4)
def _catalog(url: str, revision: str) -> dict[str, Indicator]:
    del revision
    return _store(url).catalog()


def catalog() -> dict[str, Indicator]:
    package_and_report()
    return _catalog(settings.database_url(), store().revision())


# One entry per view and revision: bounded, or a long-running server keeps every view ever
# asked for (issue 10, memory).
@st.cache_data(show_spinner=False, max_entries=256)
def _map_data(
    url: str,
    revision: str,
    selection: Selection,
    area_codes: tuple[tuple[str, str], ...] | None,
    since: str | None,
) -> MapData:
    del revision
    return map_data(_store(url), selection, dict(area_codes) if area_codes else None, since)


def view_data(selection: Selection, layer: Layer | None, since: str | None = None) -> MapData:
    """One map view's data; ``since`` adds the change from an earlier year."""
    codes = tuple(layer.names.items()) if layer else None
    return _map_data(settings.database_url(), store().revision(), selection, codes, since)


@st.cache_data(show_spinner=False, max_entries=64)
def _layer(fingerprint: str, city: str, area_type: str) -> Layer | None:
    del fingerprint  # part of the cache key only: another package has other boundaries
    return map_layer(package(), city, area_type, settings.var_dir() / "boundaries", MAP_PLOT_SIZE)


def layer(city: str, area_type: str) -> Layer | None:
    """Simplified boundaries of an area type as plotly GeoJSON, with the map's centre and zoom."""
    return _layer(package().fingerprint, city, area_type)


@st.cache_data(show_spinner=False, max_entries=64)
def _comparison(
    url: str,
    revision: str,
    area_types: tuple[tuple[str, str], ...],
    indicator: str,
    year: int,
    sex: str,
    stratifier: str,
) -> compare.CompareData:
    del revision
    # Every area of each city's division counts, stored or not.
    areas = {c: dict(lay.names) for c, a in area_types if (lay := layer(c, a)) is not None}
    return compare.compare_view(
        _store(url), dict(area_types), indicator, year, sex, stratifier, areas=areas
    )


def comparison(
    area_types: dict[str, str], indicator: str, year: int, sex: str, stratifier: str
) -> compare.CompareData:
    """The districts of each city and each city's gap measures, for one indicator and year."""
    return _comparison(
        settings.database_url(),
        store().revision(),
        tuple(area_types.items()),
        indicator,
        year,
        sex,
        stratifier,
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _trend(
    url: str, revision: str, city: str, area_type: str, indicator: str, sex: str, recalculated: bool
) -> trends.TrendData:
    del revision
    return trends.trend_view(
        _store(url), package(), city, area_type, indicator, sex, recalculated=recalculated
    )


def trend(
    city: str, area_type: str, indicator: str, sex: str, recalculated: bool = False
) -> trends.TrendData:
    """Yearly district values (as stored, or recalculated through the crosswalk), the city
    and Sweden lines, and the division's chain and breaks (``views.trends.trend_view``)."""
    return _trend(
        settings.database_url(), store().revision(), city, area_type, indicator, sex, recalculated
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _trend_gaps(
    url: str,
    revision: str,
    city: str,
    chain: tuple[str, ...],
    indicator: str,
    sex: str,
    measures: tuple[str, ...],
    stratifier: str | None,
    recalculated_type: str | None,
) -> pd.DataFrame:
    del revision
    # Every area of each division counts, stored or not (the map's "10 of 14").
    areas = {a: dict(lay.names) for a in chain if (lay := layer(city, a)) is not None}
    return trends.trend_gaps(
        _store(url),
        package(),
        city,
        list(chain),
        indicator,
        sex,
        measures=measures,
        stratifier=stratifier,
        recalculated_type=recalculated_type,
        areas=areas,
    )


def trend_gaps(
    city: str,
    chain: list[str],
    indicator: str,
    sex: str,
    measures: list[str],
    stratifier: str | None,
    recalculated_type: str | None,
) -> pd.DataFrame:
    """Gap measures per year for every division of a chain (and the recalculated series)."""
    return _trend_gaps(
        settings.database_url(),
        store().revision(),
        city,
        tuple(chain),
        indicator,
        sex,
        tuple(measures),
        stratifier,
        recalculated_type,
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _can_recalculate(fingerprint: str, city: str, area_type: str) -> bool:
    del fingerprint
    return reaggregate.can_recalculate(package(), city, area_type)


def can_recalculate(city: str, area_type: str) -> bool:
    """Whether the crosswalk lets this area type be recalculated from the smallest level."""
    return _can_recalculate(package().fingerprint, city, area_type)


@st.cache_data(show_spinner=False, max_entries=16)
def _city_facts(url: str, revision: str, city: str, area_type: str) -> CityFacts:
    del revision
    return CityFacts.load(_store(url), city, area_type)


def city_facts(city: str, area_type: str) -> CityFacts:
    """The rows behind every fact sheet (Områdesfakta) of one city and area type."""
    return _city_facts(settings.database_url(), store().revision(), city, area_type)


@st.cache_data(show_spinner=False, max_entries=4)
def _area_index(fingerprint: str, url: str, revision: str) -> AreaIndex:
    del fingerprint, revision  # cache key only
    return AreaIndex.from_package(package(), _store(url).current(area_type=boundaryless_types()))


def area_index() -> AreaIndex:
    """Every known area of every city and area type, for reading uploads and for templates.

    Rebuilt when the package or the store changes: area types without boundary files take
    their areas from the store's rows.
    """
    return _area_index(package().fingerprint, settings.database_url(), store().revision())


@st.cache_data(show_spinner=False, max_entries=32)
def _template(
    fingerprint: str,
    url: str,
    revision: str,
    kind: str,
    city: str,
    area_type: str,
    indicator: str,
    years: tuple[int, ...],
    sexes: tuple[str, ...],
) -> bytes:
    del fingerprint, url, revision  # cache key only
    build = template_csv if kind == "csv" else template_xlsx
    return build(area_index(), city, area_type, catalog()[indicator], list(years), list(sexes))


def template(
    kind: str, city: str, area_type: str, indicator: str, years: list[int], sexes: list[str]
) -> bytes:
    """A CSV or XLSX template's bytes, built once per choice and package/store revision.

    Given to the download button as bytes, not as a callable: a deferred download's id is
    replaced on every rerun, and a click that still holds the old one starts no download.
    """
    return _template(
        package().fingerprint,
        settings.database_url(),
        store().revision(),
        kind,
        city,
        area_type,
        indicator,
        tuple(years),
        tuple(sexes),
    )


# Historik's two whole-table reads, once per store revision rather than on every rerun of
# the page (a withdrawal preview withdraws in a rolled-back transaction: seconds for a
# large version).
@st.cache_data(show_spinner=False, max_entries=4)
def _dataset_contents(url: str, revision: str) -> pd.DataFrame:
    del revision  # cache key only
    return _store(url).dataset_contents()


def dataset_contents() -> pd.DataFrame:
    """Which cities and indicators each version holds (Historik's columns)."""
    return _dataset_contents(settings.database_url(), store().revision())


@st.cache_data(show_spinner=False, max_entries=16)
def _withdraw_preview(url: str, revision: str, version: int) -> versions.WithdrawPreview:
    del revision  # cache key only
    return versions.withdraw_preview(_store(url), version)


def withdraw_preview(version: int) -> versions.WithdrawPreview:
    """What withdrawing ``version`` would change now (raises ``WithdrawError``)."""
    return _withdraw_preview(settings.database_url(), store().revision(), version)


# issue 8 – signif: each district against the city and Sverige.
@st.cache_data(show_spinner=False, max_entries=64)
def _comparison_classes(
    url: str,
    revision: str,
    selection: Selection,
    area_codes: tuple[tuple[str, str], ...] | None,
) -> Comparison:
    view = _map_data(url, revision, selection, area_codes, None)
    s = _store(url)
    return map_comparison(s, view, s.catalog()[selection.indicator])


def comparison_classes(selection: Selection, layer: Layer | None) -> Comparison:
    """Each district of the view against the city and Sverige (``indicators.views.significance``)."""
    codes = tuple(layer.names.items()) if layer else None
    return _comparison_classes(settings.database_url(), store().revision(), selection, codes)


# issue 10 – speed: a view's figures built once per store revision, shared by every session.
# cache_resource hands out the same object, never a copy: nothing mutates a FigureExport
# (exports lay out a deep copy, render.export_figure), and st.plotly_chart only reads it.
@st.cache_resource(show_spinner=False, max_entries=64)
def _view_figure(key: tuple, _build: Callable[[], FigureExport | None]) -> FigureExport | None:
    del key  # the cache key only: ``_build`` (not hashed) makes what it names
    return _build()


def view_figure(
    kind: str,
    view: MapData,
    mode: str,
    lang: str,
    link: str,
    build: Callable[[], FigureExport | None],
    notes: tuple[str, ...] = (),
) -> FigureExport | None:
    """A map page figure (``kind`` 'map' or 'ranking') that ``build`` makes, built once per
    package, store revision, view, colour mode, language, link and notes."""
    key = (
        kind,
        package().fingerprint,
        store().revision(),
        view.selection,
        view.since,
        mode,
        lang,
        link,
        notes,
    )
    return _view_figure(key, build)
