"""Three cities side by side: each city's district values and gap measures for one indicator and year.

Every measure, SII and RII on quintiles too, depends on how finely a city is divided (one of
Malmö's quintile SIIs was 7.28, 6.05 and 2.23 with 136, 14 and 5 areas), so each city's
measures are shown with its number of areas and mean population per area, and no measure is
called the fair comparison.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd

from indicators.core.places import CITY_CODES
from indicators.core.provenance import Provenance
from indicators.measures import MeasureResult
from indicators.table.catalog import Indicator
from indicators.table.store import Store
from indicators.views.selection import SEX_ORDER, cities_with_districts, district_inventory, pick
from indicators.views.trends import district_measures
from indicators.views.weights import population_columns, population_weights, single_years

COMPARE_MEASURES = ("d", "r", "sii", "rii")


def comparable_years(inventory: pd.DataFrame, indicator: str) -> list[int]:
    """Single years in which at least one city has district values of the indicator."""
    inv = district_inventory(inventory)
    inv = inv[(inv["indicator"] == indicator) & (inv["period"] == "") & (inv["n_values"] > 0)]
    return sorted({int(y) for y in inv["year"]})


def area_type_options(
    inventory: pd.DataFrame, city: str, indicator: str, year: int, sex: str
) -> list[str]:
    """The city's area types with values that year, most districts first (the finest)."""
    inv = district_inventory(inventory)
    inv = inv[
        (inv["municipality_code"] == city)
        & (inv["indicator"] == indicator)
        & (inv["year"] == year)
        & (inv["period"] == "")
        & (inv["sex"] == sex)
        & (inv["n_values"] > 0)
    ]
    return inv.sort_values(["n_rows", "area_type"], ascending=[False, True])["area_type"].tolist()


def comparable_indicators(inventory: pd.DataFrame) -> list[str]:
    """Indicators with district values in at least two of the inventory's municipalities."""
    inv = district_inventory(inventory)
    inv = inv[inv["n_values"] > 0]
    cities = inv.groupby("indicator")["municipality_code"].nunique()
    return sorted(cities[cities >= 2].index)


@dataclass(frozen=True)
class CompareChoices:
    """The compare page's options at each level and the choice closest to what was asked."""

    indicators: list[str]
    years: list[str]
    sexes: list[str]
    stratifiers: list[str]
    options: dict[str, list[str]]  # city → its area types with values, for cities with any
    params: dict[str, str]  # indicator, year, sex, strat, cities and at_<city>, in order
    #: Every municipality with district values, and those chosen for the comparison.
    cities: list[str] = field(default_factory=list)
    chosen: list[str] = field(default_factory=list)

    @property
    def area_types(self) -> dict[str, str]:
        return {city: self.params[f"at_{city}"] for city in self.options}


def _cities(inventory: pd.DataFrame, asked: str | None) -> tuple[list[str], list[str]]:
    """Every municipality with district values, and those asked for (default: the three
    cities, or the first three there are)."""
    every = cities_with_districts(inventory)
    chosen = [c for c in (asked or "").split(",") if c in every]
    return every, chosen or [c for c in CITY_CODES if c in every] or every[:3]


def compare_choices(inventory: pd.DataFrame, request: Mapping[str, str | None]) -> CompareChoices:
    """Each level offers what has values given the levels above it (cities need two).

    ``cities`` (comma-separated codes) chooses which municipalities stand side by side:
    any with district values; by default the three cities, or the first three there are.
    """
    every, chosen = _cities(inventory, request.get("cities"))
    inventory = inventory[inventory["municipality_code"].isin(chosen)]
    indicators = comparable_indicators(inventory)
    indicator = pick(request.get("indicator"), indicators, "life_expectancy")
    years = [str(y) for y in comparable_years(inventory, indicator)]
    year = pick(request.get("year"), years, years[-1] if years else None)
    options_of = {
        sex: {c: area_type_options(inventory, c, indicator, int(year), sex) for c in chosen}
        for sex in SEX_ORDER
    }
    sexes = [s for s in SEX_ORDER if any(options_of[s].values())]
    sex = pick(request.get("sex"), sexes, "total")
    stratifiers = [s for s in ("median_income", "cni") if s in indicators]
    # A municipality without income or CNI values has nothing to rank its districts by.
    strat = pick(request.get("strat"), stratifiers, "median_income") if stratifiers else ""
    options = {c: o for c, o in options_of[sex].items() if o}
    params = {"indicator": indicator, "year": year, "sex": sex, "strat": strat}
    params["cities"] = ",".join(chosen)
    for city, offered in options.items():
        params[f"at_{city}"] = pick(request.get(f"at_{city}"), offered, offered[0])
    return CompareChoices(
        indicators, years, sexes, stratifiers, options, params, cities=every, chosen=chosen
    )


def districts(
    store: Store, area_types: dict[str, str], indicator: str, year: int, sex: str
) -> pd.DataFrame:
    """District values of each city at its chosen area type, with population."""
    frames = []
    for city in area_types:
        area_type = area_types.get(city)
        if not area_type:
            continue
        rows = single_years(
            store.current(
                municipality_code=city, area_type=area_type, indicator=indicator, year=year, sex=sex
            )
        )
        pop = population_weights(store, city, area_type, indicator, sex, year=year)
        rows = rows.merge(population_columns(pop), on="area_code", how="left")
        frames.append(rows)
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


class CompareData(NamedTuple):
    """The compare page's view model: every city's districts, and each city's measures."""

    rows: pd.DataFrame  # ``districts``
    table: pd.DataFrame  # ``gap_table``


def compare_view(
    store: Store,
    area_types: dict[str, str],
    indicator: str,
    year: int,
    sex: str,
    stratifier: str,
    *,
    areas: Mapping[str, Mapping[str, str]] | None = None,
) -> CompareData:
    """The districts of each city at its area type, and each city's gap measures (SII and
    RII by quintiles of ``stratifier``); ``areas`` as for ``gap_table``."""
    catalog = store.catalog()
    rows = districts(store, area_types, indicator, year, sex)
    table = gap_table(
        store, rows, catalog[indicator], stratifier=catalog.get(stratifier), year=year, areas=areas
    )
    return CompareData(rows, table)


def gap_table(
    store: Store,
    rows: pd.DataFrame,
    indicator: Indicator,
    *,
    stratifier: Indicator | None,
    year: int,
    areas: Mapping[str, Mapping[str, str]] | None = None,
) -> pd.DataFrame:
    """Per city: districts, mean population per area, population covered, and D, R, SII,
    RII with their limits, and the provenance of the measures by role (values, weights,
    ranking).

    ``areas`` gives per city the areas in force (code → name, from the boundaries): an
    area without a row counts against the measures' coverage and among the districts.
    """
    out = []
    for city, part in rows.groupby("municipality_code", sort=False):
        area_type = part["area_type"].iloc[0]
        strat = _stratifier_rows(store, str(city), area_type, stratifier, year)
        weights = part[["area_code", "population"]].rename(columns={"population": "value"})
        in_force = areas.get(city) if areas is not None else None
        results = district_measures(
            part, weights, indicator, stratifier, strat, measures=COMPARE_MEASURES, areas=in_force
        )
        out.append(
            {
                "municipality_code": city,
                "area_type": area_type,
                **_city_record(part, strat, in_force),
                **_measure_columns(results),
            }
        )
    return pd.DataFrame(out)


def _stratifier_rows(
    store: Store, city: str, area_type: str, stratifier: Indicator | None, year: int
) -> pd.DataFrame | None:
    """The city's single-year rows of the SII/RII stratifier (sex total), or None."""
    if stratifier is None:
        return None
    return single_years(
        store.current(
            municipality_code=city,
            area_type=area_type,
            indicator=stratifier.id,
            year=year,
            sex="total",
        )
    )


def _measure_columns(results: Mapping[str, MeasureResult]) -> dict[str, object]:
    """Each compared measure's value, limits and note in both languages, as columns."""
    columns: dict[str, object] = {}
    for mid in COMPARE_MEASURES:
        res = results[mid]
        columns[mid] = res.value
        columns[f"{mid}_ci_low"] = res.ci_low
        columns[f"{mid}_ci_high"] = res.ci_high
        columns[f"{mid}_note_sv"] = res.note("sv") or ""
        columns[f"{mid}_note_en"] = res.note("en") or ""
    return columns


def _city_record(
    part: pd.DataFrame, strat: pd.DataFrame | None, in_force: Mapping[str, str] | None
) -> dict[str, object]:
    """One city's row of ``gap_table`` without its measures: how finely it is divided,
    how much of its population has a value, and the provenance of the measures' inputs."""
    with_value = part["value"].notna()
    population = part["population"].sum()
    with_population = part["population"].notna()
    provenance = (
        Provenance.of("values", part)
        | Provenance.of("weights", population_rows(part))
        | Provenance.of("ranking", strat)
    )
    return {
        "n_districts": len(set(part["area_code"]) | set(in_force or ())),
        "n_with_value": int(with_value.sum()),
        # How finely the city is divided: every measure depends on it.
        "mean_population": (
            float(part.loc[with_population, "population"].mean()) if with_population.any() else None
        ),
        "population_covered": (
            float(part.loc[with_value, "population"].sum() / population) if population else None
        ),
        "synthetic": provenance.synthetic,
        "provenance": provenance,
    }


def population_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The population rows merged into ``rows`` (source and synthetic), for provenance."""
    if "population_source" not in rows:
        return pd.DataFrame(columns=["source", "synthetic"])
    merged = rows[rows["population"].notna()]
    return pd.DataFrame(
        {
            "source": merged["population_source"],
            "synthetic": merged["population_synthetic"].fillna(False).astype(bool),
        }
    )


def comparison_provenance(rows: pd.DataFrame, table: pd.DataFrame | None = None) -> Provenance:
    """Everything a comparison shows: the districts' values and population, and the inputs
    of each city's measures (``gap_table``'s provenance, with the SII/RII stratifier)."""
    out = Provenance.of("values", rows) | Provenance.of("weights", population_rows(rows))
    if table is not None and "provenance" in table:
        out = out | Provenance.union(table["provenance"])
    return out
