"""Områdesfakta: one district's key figures against its city and Sweden, with small trends.

In the spirit of Göteborg's "Göteborgsbladet": for each headline indicator the district's
value in the latest year with values, the city's and Sweden's value that year, where the
district stands among the city's districts, and the yearly series of all three; and the
district's population. ``CityFacts`` reads a whole area type of a city once, so that a
report of every district (96 primärområden in Göteborg) costs one set of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from indicators.core.provenance import Provenance
from indicators.table.catalog import DENOMINATORS, Indicator
from indicators.table.store import Store
from indicators.views.map import district_status
from indicators.views.selection import district_inventory
from indicators.views.significance import classify
from indicators.views.significance import district_intervals as _intervals
from indicators.views.weights import single_years

#: The key figures of a fact sheet, in the order shown, where the area type has them.
HEADLINE = ("life_expectancy", "median_income", "employment_rate", "reading_grade3", "cni")
POPULATION = "population"
FACT_COLUMNS = [
    "indicator",
    "year",
    "value",
    "ci_low",
    "ci_high",
    "flag",
    "status",
    "city_value",
    "country_value",
    "district_min",
    "district_max",
    "rank",
    "n_with_value",
    "synthetic",
    "source",
    # issue 8 – signif: the district against the city and Sverige (significance.CLASSES),
    # and how its interval was obtained (significance.CI_METHODS).
    "vs_city",
    "vs_country",
    "ci_method",
]


@dataclass
class FactSheet:
    """One district's fact sheet data; every frame already narrowed to this district."""

    city: str
    area_type: str
    area_code: str
    area_name: str
    year: int | None  # the newest year among the key figures
    population: tuple[float, int] | None  # value and year
    facts: pd.DataFrame  # FACT_COLUMNS, one row per indicator
    #: indicator, level ('area', 'city', 'country'), year, value
    trends: pd.DataFrame
    #: indicator, area_code, value: every district of the city in each fact's year
    districts: pd.DataFrame
    synthetic: bool
    sources: list[str]
    #: The district's key figures (values), the city and Sverige rows beside them
    #: (reference) and its population (weights), each source by its role.
    provenance: Provenance = field(default_factory=Provenance)


def area_types_with_facts(inventory: pd.DataFrame, city: str) -> list[str]:
    """The city's area types that hold district values of at least one headline indicator."""
    inv = district_inventory(inventory)
    inv = inv[
        (inv["municipality_code"] == city)
        & inv["indicator"].isin(HEADLINE)
        & (inv["n_values"] > 0)
        & (inv["sex"] == "total")
    ]
    return sorted(set(inv["area_type"]))


def _reference(rows: pd.DataFrame, indicator: str, year: int) -> float | None:
    hit = rows[(rows["indicator"] == indicator) & (rows["year"] == year)]["value"].dropna()
    return float(hit.iloc[0]) if len(hit) else None


@dataclass
class CityFacts:
    """The rows behind every fact sheet of one city and area type (total for both sexes)."""

    city: str
    area_type: str
    indicators: list[str]
    rows: pd.DataFrame  # district rows, single years
    city_rows: pd.DataFrame
    country_rows: pd.DataFrame
    population: pd.DataFrame
    #: The denominators of percentages (``catalog.DENOMINATORS``): indicator, area_code, year,
    #: value; their counts give a share's Wilson interval.
    denominators: pd.DataFrame | None = None
    #: Units and polarity, to classify each key figure; without it nothing is assessed.
    catalog: dict[str, Indicator] | None = None

    def __post_init__(self) -> None:
        # Per indicator, once: its latest year, the districts with a value then and the
        # references that year; a city report asks for these for every district.
        self._facts: dict[str, tuple[int, pd.DataFrame, dict[str, object]]] = {}
        for ind in self.indicators:
            rows = self.rows[(self.rows["indicator"] == ind) & self.rows["value"].notna()]
            year = int(rows["year"].max())
            now = rows[(rows["year"] == year) & (rows["flag"] != "suppressed")]
            refs = {
                "city_value": _reference(self.city_rows, ind, year),
                "country_value": _reference(self.country_rows, ind, year),
                "district_min": float(now["value"].min()) if len(now) else None,
                "district_max": float(now["value"].max()) if len(now) else None,
                "n_with_value": len(now),
            }
            self._facts[ind] = (year, now[["indicator", "area_code", "value"]], refs)
        self._by_area = dict(tuple(self.rows.groupby("area_code", sort=False)))
        self._references = {
            (level, ind): frame[(frame["indicator"] == ind) & frame["value"].notna()]
            for level, frame in (("city", self.city_rows), ("country", self.country_rows))
            for ind in self.indicators
        }

    @classmethod
    def load(
        cls,
        store: Store,
        city: str,
        area_type: str,
        indicators: tuple[str, ...] = HEADLINE,
        until: int | None = None,
    ) -> CityFacts:
        """Read the rows once; ``until`` leaves out later years (a report as of that year)."""
        denominators = sorted({DENOMINATORS[i] for i in indicators if i in DENOMINATORS})
        wanted = [*indicators, POPULATION, *denominators]
        rows = single_years(
            store.current(
                municipality_code=city, area_type=area_type, indicator=wanted, sex="total"
            )
        )
        city_rows = single_years(
            store.current(
                municipality_code=city, area_type="municipality", indicator=wanted, sex="total"
            )
        )
        country_rows = single_years(
            store.current(
                municipality_code="00", area_type="country", indicator=wanted, sex="total"
            )
        )
        if until is not None:
            rows, city_rows, country_rows = (
                r[r["year"] <= until] for r in (rows, city_rows, country_rows)
            )
        present = [i for i in indicators if rows.loc[rows["indicator"] == i, "value"].notna().any()]
        population = rows[(rows["indicator"] == POPULATION) & rows["value"].notna()]
        denominator_rows = rows[rows["indicator"].isin(denominators) & rows["value"].notna()]
        return cls(
            city,
            area_type,
            present,
            rows[rows["indicator"].isin(present)].reset_index(drop=True),
            city_rows,
            country_rows,
            population,
            denominator_rows.reset_index(drop=True),
            store.catalog(),
        )

    def areas(self) -> list[tuple[str, str]]:
        """(code, name) of every district with a key figure, by name."""
        named = self.rows[["area_code", "area_name"]].drop_duplicates("area_code")
        return sorted(named.itertuples(index=False, name=None), key=lambda r: (r[1], r[0]))

    def latest_year(self, indicator: str) -> int | None:
        """The newest year in which any district of the area type has a value."""
        return self._facts[indicator][0] if indicator in self._facts else None

    def _significance(
        self, indicator: str, area_code: str, year: int, rec: dict[str, object]
    ) -> dict[str, object]:
        """The district's class against the city and Sverige (``significance.classify``)."""
        row = pd.DataFrame(
            {
                "area_code": [area_code],
                "value": [rec["value"]],
                "ci_low": [rec["ci_low"]],
                "ci_high": [rec["ci_high"]],
                "n": [self._denominator(indicator, area_code, year)],
            }
        )
        ind = self.catalog.get(indicator) if self.catalog else None
        if ind is None:
            return {
                "vs_city": "not_assessable",
                "vs_country": "not_assessable",
                "ci_method": "none",
            }
        used = _intervals(row, ind).iloc[0]
        return {
            "vs_city": classify(
                rec["value"], used["ci_low"], used["ci_high"], rec["city_value"],
                ind.higher_is_better,
            ),
            "vs_country": classify(
                rec["value"], used["ci_low"], used["ci_high"], rec["country_value"],
                ind.higher_is_better,
            ),
            "ci_method": used["ci_method"],
        }  # fmt: skip

    def _denominator(self, indicator: str, area_code: str, year: int) -> float | None:
        name = DENOMINATORS.get(indicator)
        if name is None or self.denominators is None or self.denominators.empty:
            return None
        d = self.denominators
        hit = d[(d["indicator"] == name) & (d["area_code"] == area_code) & (d["year"] == year)]
        return float(hit["value"].iloc[0]) if len(hit) else None

    def sheet(self, area_code: str) -> FactSheet:
        """The fact sheet of one district; a district without rows raises KeyError."""
        if area_code not in self._by_area:
            raise KeyError(area_code)
        own = self._by_area[area_code]
        facts = pd.DataFrame(
            [self._fact(ind, own, area_code) for ind in self.indicators], columns=FACT_COLUMNS
        )
        strips = [self._facts[ind][1] for ind in self.indicators]
        trends = [frame for ind in self.indicators for frame in self._trend_rows(ind, own)]
        pop = self.population[self.population["area_code"] == area_code]
        if len(pop):
            trends.append(pop[_TREND_COLUMNS].assign(level="area"))
        trend_frame = _trend_frame(trends)
        provenance = _sheet_provenance(facts, trend_frame, pop)
        years = list(facts["year"].dropna())
        return FactSheet(
            city=self.city,
            area_type=self.area_type,
            area_code=area_code,
            area_name=str(own["area_name"].iloc[0]),
            year=int(max(years)) if years else None,
            population=_newest(pop),
            facts=facts,
            trends=trend_frame,
            districts=(
                pd.concat(strips, ignore_index=True)
                if strips
                else pd.DataFrame(columns=["indicator", "area_code", "value"])
            ),
            # Example data anywhere on the sheet (a key figure, a reference line, the
            # population) marks the whole sheet; the trends hold every value shown.
            synthetic=_any_synthetic(facts, trend_frame) or provenance.synthetic,
            sources=sorted(_sources(trend_frame) | _sources(facts)),
            provenance=provenance,
        )

    def _fact(self, indicator: str, own: pd.DataFrame, area_code: str) -> dict[str, object]:
        """One key figure of the district (``FACT_COLUMNS``) in the indicator's latest year:
        its value, the references, its rank among the districts and its classes."""
        year, with_value, refs = self._facts[indicator]
        mine = own[(own["indicator"] == indicator) & (own["year"] == year)]
        rec: dict[str, object] = {"indicator": indicator, "year": year, **_own_value(mine)}
        rank = None
        if rec["value"] is not None:
            rank = int((with_value["value"] > rec["value"]).sum()) + 1
        rec.update(refs, rank=rank)
        rec.update(self._significance(indicator, area_code, year, rec))
        return rec

    def _trend_rows(self, indicator: str, own: pd.DataFrame) -> list[pd.DataFrame]:
        """The yearly values of the district, the city and Sverige, each with its level."""
        return [
            rows[_TREND_COLUMNS].assign(level=level)
            for level, rows in (
                ("area", own[(own["indicator"] == indicator) & own["value"].notna()]),
                ("city", self._references[("city", indicator)]),
                ("country", self._references[("country", indicator)]),
            )
        ]


_TREND_COLUMNS = ["indicator", "year", "value", "synthetic", "source"]


def _own_value(mine: pd.DataFrame) -> dict[str, object]:
    """The district's own row of a key figure (a value only when its status is 'value'),
    or a missing one when it has no row."""
    if not len(mine):
        return {
            "value": None, "ci_low": None, "ci_high": None, "flag": "", "status": "missing",
            "synthetic": False, "source": "",
        }  # fmt: skip
    m = mine.iloc[0]
    status = district_status(mine).iloc[0]
    return {
        "value": float(m["value"]) if status == "value" else None,
        "ci_low": m["ci_low"],
        "ci_high": m["ci_high"],
        "flag": m["flag"],
        "status": status,
        "synthetic": bool(m["synthetic"]),
        "source": m["source"],
    }


def _trend_frame(trends: list[pd.DataFrame]) -> pd.DataFrame:
    frame = (
        pd.concat(trends, ignore_index=True)
        if trends
        else pd.DataFrame(columns=[*_TREND_COLUMNS, "level"])
    )
    return frame.sort_values(["indicator", "level", "year"]).reset_index(drop=True)


def _newest(pop: pd.DataFrame) -> tuple[float, int] | None:
    """The district's population in its newest year, and that year."""
    if not len(pop):
        return None
    newest = pop.loc[pop["year"].idxmax()]
    return (float(newest["value"]), int(newest["year"]))


def _any_synthetic(*frames: pd.DataFrame) -> bool:
    return any(bool(f["synthetic"].fillna(False).astype(bool).any()) for f in frames)


def _sources(frame: pd.DataFrame) -> set[str]:
    return {s for s in frame["source"].dropna() if s}


def _sheet_provenance(facts: pd.DataFrame, trends: pd.DataFrame, pop: pd.DataFrame) -> Provenance:
    """The sheet's sources by role: the key figures and the district's own series (values),
    its population (weights), and the city and Sverige lines (reference)."""
    shown = facts[facts["status"] != "missing"]
    return (
        Provenance.of("values", shown)
        | Provenance.of(
            "values", trends[(trends["level"] == "area") & (trends["indicator"] != POPULATION)]
        )
        | Provenance.of("weights", pop)
        | Provenance.of("reference", trends[trends["level"] != "area"])
    )
