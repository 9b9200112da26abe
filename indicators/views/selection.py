"""What a view can show: valid selections from the store's inventory.

The dashboard asks here which cities, area types, indicators, years and sexes have data, so
that selectors only offer combinations with values, and why when something has none. The
data of one selection are assembled per page (``views.map``, ``views.trends``, …).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from indicators.core.places import CITY_CODES
from indicators.table.package import Package

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
class Replacement:
    """Why a requested choice was replaced, or why something is not offered: a key of the
    report layer's word catalogue and its fields, so this layer writes no words itself."""

    key: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class Choices:
    cities: list[str]
    area_types: list[str]
    indicators: list[str]
    years: list[str]
    sexes: list[str]
    selection: Selection
    notes: list[Replacement]
    empty_years: list[str]


def district_inventory(inventory: pd.DataFrame) -> pd.DataFrame:
    """Inventory rows of districts within any municipality (not the cities' own rows, not
    Sverige's)."""
    inv = inventory[
        (inventory["municipality_code"] != "00") & ~inventory["area_type"].isin(NON_DISTRICT_TYPES)
    ]
    return inv


def ordered_cities(codes: Iterable[str]) -> list[str]:
    """Municipality codes in the order pickers list them: the three cities, then by code.

    >>> ordered_cities(["0580", "1280", "0180"])
    ['0180', '1280', '0580']
    """
    given = set(codes)
    return [c for c in CITY_CODES if c in given] + sorted(given - set(CITY_CODES))


def cities_with_districts(inventory: pd.DataFrame) -> list[str]:
    """The municipalities with district values, in the pickers' order."""
    inv = district_inventory(inventory)
    return ordered_cities(inv.loc[inv["n_values"] > 0, "municipality_code"])


def area_type_order(package: Package, city: str, area_types: Iterable[str]) -> list[str]:
    """A city's ``area_types`` in the package's order, which lists each city's finest
    division first; area types without boundaries follow, alphabetically."""
    given = set(area_types)
    order = [b.area_type for b in package.boundaries if b.municipality_code == city]
    return [a for a in order if a in given] + sorted(given - set(order))


def pick(requested: str | None, options: list[str], default: str | None = None) -> str:
    """``requested`` if it is offered, else ``default`` if offered, else the first option.

    >>> pick("b", ["a", "b"]), pick("x", ["a", "b"], "b"), pick(None, ["a", "b"])
    ('b', 'b', 'a')
    """
    if requested in options:
        return requested  # type: ignore[return-value]
    return default if default in options else options[0]


def _pick(
    requested: str | None,
    options: list[str],
    notes: list[Replacement],
    what: str,
    default: str | None = None,
) -> str:
    choice = pick(requested, options, default)
    if requested and requested != choice:
        notes.append(
            Replacement(f"note_{what}_unavailable", {"requested": requested, "chosen": choice})
        )
    return choice


def _empty_years(inv: pd.DataFrame, city: str, area_type: str, indicator: str) -> list[str]:
    """Years where the indicator has rows but no value anywhere (no tests held, say)."""
    all_rows = inv[
        (inv["municipality_code"] == city)
        & (inv["area_type"] == area_type)
        & (inv["indicator"] == indicator)
    ]
    per_year = all_rows.groupby(["year", "period"])["n_values"].sum()
    return sorted(year_key(int(yy), pp) for (yy, pp), n in per_year.items() if n == 0)


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
    notes: list[Replacement] = []

    cities = ordered_cities(with_values["municipality_code"])
    city = _pick(requested.get("city"), cities, notes, "city")
    in_city = with_values[with_values["municipality_code"] == city]

    area_types = area_type_order(package, city, in_city["area_type"])
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
        empty_years=_empty_years(inv, city, area_type, indicator),
    )
