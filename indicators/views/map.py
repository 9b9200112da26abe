"""Karta: one view of one indicator for every district of a city, built once for every caller.

``map_view`` is the one assembly of what the map page shows: the boundary layer with its
extent, the districts' values joined with population and the city value, and the
provenance. The page (through ``dashboard/app/cache.py``), ``jamlik export``, the benchmarks
and the tests all call it, so that they show the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from geodata import extent
from geodata.web import web_layer
from indicators.core.provenance import Provenance
from indicators.measures import MeasureRefused, basic
from indicators.table.catalog import Indicator
from indicators.table.package import Package
from indicators.table.store import Store
from indicators.views.selection import Selection
from indicators.views.significance import Comparison, compare_districts
from indicators.views.weights import population_columns, population_weights


@dataclass(frozen=True)
class Layer:
    """A division's simplified boundaries as plotly GeoJSON, its names, and the map's extent."""

    geojson: dict
    names: dict[str, str]  # area code → name of every area of the boundary file
    center: dict[str, float]
    zoom: float


def map_layer(
    package: Package, city: str, area_type: str, cache_dir: Path, plot_size: tuple[int, int]
) -> Layer | None:
    """The layer of a city's area type fitted to a plot of ``plot_size`` pixels; None
    when the package has no boundaries for it. ``cache_dir`` keeps the simplified file."""
    res = package.boundary(city, area_type)
    if res is None:
        return None
    web = web_layer(
        res.path, res.sha256, cache_dir, id_field=res.id_field, name_field=res.name_field
    )
    center, zoom = extent.map_view(web.bounds, *plot_size)
    return Layer(web.geojson, web.names, center, zoom)


@dataclass
class MapData:
    """Everything one map view needs, already joined and classified."""

    selection: Selection
    districts: (
        pd.DataFrame
    )  # area_code, area_name, value, ci_low, ci_high, flag, status, population, synthetic
    city_value: float | None
    scale: tuple[float, float] | None
    synthetic: bool
    sources: list[str]
    # The population weights come from example data even when the values are real.
    population_synthetic: bool = False
    # Earlier single years a change map can start from, and the one chosen (or None).
    change_years: list[str] = field(default_factory=list)
    since: str | None = None
    #: Every input by role: the shown rows (values), the population merged into the view
    #: (weights) and the city's own row (reference). Example data if any of them is.
    provenance: Provenance = field(default_factory=Provenance)


@dataclass
class MapView:
    """The map page's view model: the layer (None without boundaries) and the data."""

    layer: Layer | None
    data: MapData


def map_view(
    store: Store,
    package: Package,
    sel: Selection,
    *,
    since: str | None = None,
    cache_dir: Path,
    plot_size: tuple[int, int],
) -> MapView:
    """The layer and data of one map selection: districts of the boundary file without a
    row are shown as missing. ``since`` adds the change from an earlier year."""
    layer = map_layer(package, sel.city, sel.area_type, cache_dir, plot_size)
    return MapView(layer, map_data(store, sel, layer.names if layer else None, since))


def district_status(frame: pd.DataFrame) -> pd.Series:
    """'value', 'missing' (no value) or 'suppressed' (flagged as hidden) for each row."""
    status = pd.Series("value", index=frame.index, dtype="str")
    status[frame["value"].isna()] = "missing"
    status[frame["flag"] == "suppressed"] = "suppressed"
    return status


def _with_missing(frame: pd.DataFrame, area_codes: dict[str, str] | None) -> pd.DataFrame:
    """``frame`` plus a row without value for each district of ``area_codes`` it lacks."""
    if area_codes is None:
        return frame
    known = set(frame["area_code"])
    extra = pd.DataFrame(
        {
            "area_code": [c for c in area_codes if c not in known],
            "area_name": [area_codes[c] for c in area_codes if c not in known],
        }
    )
    if not len(extra):
        return frame
    frame = pd.concat([frame, extra], ignore_index=True)
    frame["flag"] = frame["flag"].fillna("")
    frame["synthetic"] = frame["synthetic"].fillna(False).astype(bool)
    return frame


def _districts(
    rows: pd.DataFrame, population: pd.DataFrame, area_codes: dict[str, str] | None
) -> pd.DataFrame:
    """The view's districts with status and population, highest value first."""
    columns = ["area_code", "area_name", "value", "ci_low", "ci_high", "flag", "source"]
    frame = _with_missing(rows[[*columns, "synthetic"]].copy(), area_codes)
    frame["status"] = district_status(frame)
    frame = frame.merge(population_columns(population), on="area_code", how="left")
    return frame.sort_values(
        ["value", "area_name"], ascending=[False, True], na_position="last"
    ).reset_index(drop=True)


def _city_rows(store: Store, sel: Selection) -> pd.DataFrame:
    rows = store.current(
        municipality_code=sel.city,
        area_type="municipality",
        indicator=sel.indicator,
        year=sel.year_number,
        sex=sel.sex,
    )
    return rows[rows["period"] == sel.period]


def _with_change(
    frame: pd.DataFrame, all_years: pd.DataFrame, sel: Selection, since: str | None
) -> tuple[pd.DataFrame, list[str], str | None]:
    """The earlier single years of the same sex, and ``change`` from ``since`` if it is one."""
    same_sex = all_years[
        (all_years["sex"] == sel.sex) & (all_years["period"] == "") & all_years["value"].notna()
    ]
    change_years = (
        [str(y) for y in sorted(set(same_sex["year"])) if y < sel.year_number]
        if not sel.period
        else []
    )
    since = since if since in change_years else None
    if since is not None:
        base = same_sex[same_sex["year"] == int(since)][["area_code", "value"]]
        frame = frame.merge(
            base.rename(columns={"value": "value_since"}), on="area_code", how="left"
        )
        frame["change"] = frame["value"] - frame["value_since"]
    return frame, change_years, since


def map_data(
    store: Store,
    sel: Selection,
    area_codes: dict[str, str] | None = None,
    since: str | None = None,
) -> MapData:
    """The selected indicator for every district, plus the city value and a fixed scale.

    ``area_codes`` (code → name) lists the districts of the boundary file, so that districts
    without any row are shown as missing rather than left out. With ``since`` (an earlier
    year of the same area type and sex), ``districts`` gains ``change``: the value now minus
    the value then, where both exist.
    """
    all_years = store.current(
        municipality_code=sel.city, area_type=sel.area_type, indicator=sel.indicator
    )
    # One scale for every year and sex of this indicator and area type, so that colours
    # can be compared between maps.
    values = all_years["value"].dropna()
    scale = (float(values.min()), float(values.max())) if len(values) else None

    rows = all_years[
        (all_years["year"] == sel.year_number)
        & (all_years["period"] == sel.period)
        & (all_years["sex"] == sel.sex)
    ]
    population = population_weights(
        store, sel.city, sel.area_type, sel.indicator, sel.sex, year=sel.year_number
    )
    frame = _districts(rows, population, area_codes)
    # Only the population rows of districts in the view weigh anything.
    used_population = population[population["area_code"].isin(set(frame["area_code"]))]

    city_rows = _city_rows(store, sel)
    first = city_rows["value"].iloc[0] if len(city_rows) else None
    city_value = float(first) if first is not None and pd.notna(first) else None

    shown = frame[frame["status"] != "missing"]
    synthetic = bool(shown["synthetic"].any() or city_rows["synthetic"].any())
    sources = sorted(set(rows["source"].dropna()) | set(city_rows["source"].dropna()))
    provenance = (
        Provenance.of("values", rows)
        | Provenance.of("weights", used_population)
        | Provenance.of("reference", city_rows)
    )
    frame, change_years, since = _with_change(frame, all_years, sel, since)
    return MapData(
        sel,
        frame,
        city_value,
        scale,
        synthetic,
        sources,
        bool(used_population["synthetic"].any()),
        change_years,
        since,
        provenance,
    )


def map_comparison(store: Store, data: MapData, indicator: Indicator) -> Comparison:
    """Each district of a map view against the city and Sverige (``views.significance``)."""
    sel = data.selection
    return compare_districts(
        store,
        data.districts,
        indicator,
        city=sel.city,
        area_type=sel.area_type,
        year=sel.year_number,
        period=sel.period,
        sex=sel.sex,
    )


@dataclass(frozen=True)
class GapSummary:
    highest: tuple[str, float] | None
    lowest: tuple[str, float] | None
    difference: float | None
    ratio: float | None
    weighted_mean: float | None
    n_districts: int
    n_with_value: int


def gap_summary(districts: pd.DataFrame) -> GapSummary:
    """Highest and lowest district, their difference and ratio, and the population-weighted
    mean, by the gap measures of ``indicators.measures``.

    The difference and ratio are highest over lowest whatever the polarity (the map names
    both districts). A ratio needs positive values; one district is no gap (0 and 1).
    """
    with_value = districts[districts["value"].notna()]
    if with_value.empty:
        return GapSummary(None, None, None, None, None, len(districts), 0)
    values = with_value["value"].to_numpy(dtype=float)
    hi, lo = with_value.iloc[int(np.argmax(values))], with_value.iloc[int(np.argmin(values))]
    difference: float | None = 0.0
    ratio: float | None = 1.0 if values[0] > 0 else None
    if len(values) > 1:
        difference = basic.difference(values, higher_is_better=None)
        try:
            ratio = basic.ratio(values, higher_is_better=None)
        except MeasureRefused:
            ratio = None
    weighted = with_value[with_value["population"].notna() & (with_value["population"] > 0)]
    weighted_mean = (
        basic.weighted_mean(weighted["value"], weighted["population"]) if len(weighted) else None
    )
    return GapSummary(
        (str(hi["area_name"]), float(hi["value"])),
        (str(lo["area_name"]), float(lo["value"])),
        difference,
        ratio,
        weighted_mean,
        len(districts),
        len(with_value),
    )


def change_view(districts: pd.DataFrame) -> tuple[pd.DataFrame, tuple[float, float] | None]:
    """Districts with ``value`` replaced by the change, and a scale symmetric around zero.

    A district with a value now but none in the earlier year has no change: it is missing.
    """
    out = districts.copy()
    out["value"] = districts["change"]
    has_change = out["value"].notna()
    out["status"] = np.where(
        has_change,
        "value",
        np.where(districts["status"] == "value", "missing", districts["status"]),
    )
    largest = float(out["value"].abs().max()) if has_change.any() else 0.0
    return out, ((-largest, largest) if largest > 0 else None)
