"""What a view can show: valid selections from the store's inventory, and the data of one view.

The dashboard asks here which cities, area types, indicators, years and sexes have data, so
that selectors only offer combinations with values, and why when something has none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from indicators.core.places import CITY_CODES
from indicators.core.provenance import Provenance
from indicators.table.catalog import Indicator
from indicators.table.package import Package
from indicators.table.store import Store

# Area types that describe the whole city or country, not districts within it.
NON_DISTRICT_TYPES = ("municipality", "country")
SEX_ORDER = ("total", "women", "men")


def year_key(year: int, period: str) -> str:
    """The selector's value for a year: '2010', or the period '2006-2010' of an average."""
    return period if period else str(year)


def split_year_key(key: str) -> tuple[int, str]:
    """(year, period) from a year key; a period's year is its last year.

    >>> split_year_key("2006-2010")
    (2010, '2006-2010')
    >>> split_year_key("2019")
    (2019, '')
    """
    if "-" in key:
        return int(key.split("-")[1]), key
    return int(key), ""


@dataclass(frozen=True)
class Selection:
    city: str
    area_type: str
    indicator: str
    year: str
    sex: str

    @property
    def year_number(self) -> int:
        return split_year_key(self.year)[0]

    @property
    def period(self) -> str:
        return split_year_key(self.year)[1]

    def as_params(self) -> dict[str, str]:
        return {
            "city": self.city,
            "area_type": self.area_type,
            "indicator": self.indicator,
            "year": self.year,
            "sex": self.sex,
        }


@dataclass(frozen=True)
class Note:
    """Why a requested choice was replaced, or why something is not offered."""

    key: str  # a translation key of the dashboard
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class Choices:
    cities: list[str]
    area_types: list[str]
    indicators: list[str]
    years: list[str]
    sexes: list[str]
    selection: Selection
    notes: list[Note]
    empty_years: list[str]


def district_inventory(inventory: pd.DataFrame) -> pd.DataFrame:
    """Inventory rows of districts within the three cities that hold at least one value."""
    inv = inventory[
        inventory["municipality_code"].isin(CITY_CODES)
        & ~inventory["area_type"].isin(NON_DISTRICT_TYPES)
    ]
    return inv


def _ordered_area_types(codes: list[str], city: str, package: Package) -> list[str]:
    """Area types in the package's order (finest first as listed), those without maps last."""
    order = [b.area_type for b in package.boundaries if b.municipality_code == city]
    with_map = [a for a in order if a in codes]
    return with_map + sorted(a for a in codes if a not in order)


def _pick(
    requested: str | None,
    options: list[str],
    notes: list[Note],
    what: str,
    default: str | None = None,
) -> str:
    if requested in options:
        return requested  # type: ignore[return-value]
    choice = default if default in options else options[0]
    if requested:
        notes.append(Note(f"note_{what}_unavailable", {"requested": requested, "chosen": choice}))
    return choice


def resolve(
    inventory: pd.DataFrame,
    package: Package,
    requested: dict[str, str | None],
    *,
    default_indicator: str = "life_expectancy",
) -> Choices:
    """The valid options at each level and the selection closest to what was asked for.

    Each level offers only what has at least one value given the levels above it; a
    requested value that is not offered is replaced, with a note saying so.
    """
    inv = district_inventory(inventory)
    with_values = inv[inv["n_values"] > 0]
    notes: list[Note] = []

    cities = [c for c in CITY_CODES if c in set(with_values["municipality_code"])]
    city = _pick(requested.get("city"), cities, notes, "city")
    in_city = with_values[with_values["municipality_code"] == city]

    area_types = _ordered_area_types(sorted(set(in_city["area_type"])), city, package)
    area_type = _pick(requested.get("area_type"), area_types, notes, "area_type")
    in_area = in_city[in_city["area_type"] == area_type]

    indicators = sorted(set(in_area["indicator"]))
    indicator = _pick(
        requested.get("indicator"), indicators, notes, "indicator", default=default_indicator
    )
    in_ind = in_area[in_area["indicator"] == indicator]

    keys = in_ind.apply(lambda r: year_key(int(r["year"]), r["period"]), axis=1)
    singles = sorted({k for k in keys if "-" not in k}, key=int)
    periods = sorted({k for k in keys if "-" in k})
    years = singles + periods
    # The newest single year is the natural default, as in the cities' own reports.
    year = _pick(
        requested.get("year"), years, notes, "year", default=singles[-1] if singles else None
    )
    y, period = split_year_key(year)

    # Years where the indicator has rows but no value anywhere (no tests held, say).
    all_rows = inv[
        (inv["municipality_code"] == city)
        & (inv["area_type"] == area_type)
        & (inv["indicator"] == indicator)
    ]
    per_year = all_rows.groupby(["year", "period"])["n_values"].sum()
    empty_years = [year_key(int(yy), pp) for (yy, pp), n in per_year.items() if n == 0]

    in_year = in_ind[(in_ind["year"] == y) & (in_ind["period"] == period)]
    sexes = [s for s in SEX_ORDER if s in set(in_year["sex"])]
    sex = _pick(requested.get("sex"), sexes, notes, "sex", default="total")

    return Choices(
        cities=cities,
        area_types=area_types,
        indicators=indicators,
        years=years,
        sexes=sexes,
        selection=Selection(city, area_type, indicator, year, sex),
        notes=notes,
        empty_years=sorted(empty_years),
    )


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


def _status(frame: pd.DataFrame) -> pd.Series:
    status = pd.Series("value", index=frame.index, dtype="str")
    status[frame["value"].isna()] = "missing"
    status[frame["flag"] == "suppressed"] = "suppressed"
    return status


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
    frame = rows[
        ["area_code", "area_name", "value", "ci_low", "ci_high", "flag", "source", "synthetic"]
    ].copy()
    if area_codes is not None:
        known = set(frame["area_code"])
        extra = pd.DataFrame(
            {
                "area_code": [c for c in area_codes if c not in known],
                "area_name": [area_codes[c] for c in area_codes if c not in known],
            }
        )
        if len(extra):
            frame = pd.concat([frame, extra], ignore_index=True)
            frame["flag"] = frame["flag"].fillna("")
            frame["synthetic"] = frame["synthetic"].fillna(False).astype(bool)
    frame["status"] = _status(frame)

    population = store.current(
        municipality_code=sel.city,
        area_type=sel.area_type,
        indicator="population",
        year=sel.year_number,
        sex="total" if sel.indicator == "cni" else sel.sex,
    )
    population = population[population["period"] == ""]
    frame = frame.merge(
        population[["area_code", "value", "source", "synthetic"]].rename(
            columns={
                "value": "population",
                "source": "population_source",
                "synthetic": "population_synthetic",
            }
        ),
        on="area_code",
        how="left",
    )
    # Only the population rows of districts in the view weigh anything.
    used_population = population[population["area_code"].isin(set(frame["area_code"]))]
    population_synthetic = bool(used_population["synthetic"].any())

    city_rows = store.current(
        municipality_code=sel.city,
        area_type="municipality",
        indicator=sel.indicator,
        year=sel.year_number,
        sex=sel.sex,
    )
    city_rows = city_rows[city_rows["period"] == sel.period]
    city_value = (
        float(city_rows["value"].iloc[0])
        if len(city_rows) and pd.notna(city_rows["value"].iloc[0])
        else None
    )

    shown = frame[frame["status"] != "missing"]
    synthetic = bool(shown["synthetic"].any()) or bool(
        len(city_rows) and city_rows["synthetic"].any()
    )
    sources = sorted(set(rows["source"].dropna()) | set(city_rows["source"].dropna()))
    provenance = (
        Provenance.of("values", rows)
        | Provenance.of("weights", used_population)
        | Provenance.of("reference", city_rows)
    )
    frame = frame.sort_values(
        ["value", "area_name"], ascending=[False, True], na_position="last"
    ).reset_index(drop=True)
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
    return MapData(
        sel,
        frame,
        city_value,
        scale,
        synthetic,
        sources,
        population_synthetic,
        change_years,
        since,
        provenance,
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


def gap_summary(districts: pd.DataFrame, indicator: Indicator) -> GapSummary:
    """Highest and lowest district, their difference and ratio, and the population-weighted mean."""
    del indicator  # polarity does not change which district is highest
    with_value = districts[districts["value"].notna()]
    if with_value.empty:
        return GapSummary(None, None, None, None, None, len(districts), 0)
    hi = with_value.loc[with_value["value"].idxmax()]
    lo = with_value.loc[with_value["value"].idxmin()]
    difference = float(hi["value"] - lo["value"])
    ratio = float(hi["value"] / lo["value"]) if lo["value"] > 0 else None
    weighted = with_value[with_value["population"].notna() & (with_value["population"] > 0)]
    weighted_mean = (
        float(np.average(weighted["value"], weights=weighted["population"]))
        if len(weighted)
        else None
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
