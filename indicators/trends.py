"""Gaps over time: a measure per year and division, and one plain sentence on its change."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.catalog import Indicator
from indicators.formatting import format_value
from indicators.gaps import MeasureResult, compute_all
from indicators.store import Store

Z95 = 1.959964
DEFAULT_MEASURES = ("d", "sii")
# The segment name of a series recalculated through a crosswalk ("omräknad").
RECALCULATED = "recalculated"
GAP_COLUMNS = [
    "area_type",
    "year",
    "measure",
    "value",
    "ci_low",
    "ci_high",
    "ci_method",
    "note_sv",
    "note_en",
    "synthetic",
]


def single_years(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of single years only: a multi-year average is not a point of a yearly series."""
    return rows[rows["period"] == ""]


def district_series(
    store: Store, city: str, area_type: str, indicator: str, sex: str
) -> pd.DataFrame:
    """Every district's yearly value (with limits) for one indicator, area type and sex."""
    rows = store.current(municipality_code=city, area_type=area_type, indicator=indicator, sex=sex)
    return single_years(rows).sort_values(["area_name", "year"]).reset_index(drop=True)


def reference_series(store: Store, city: str, indicator: str, sex: str) -> pd.DataFrame:
    """The city's and Sweden's yearly values, where the store has them."""
    city_rows = store.current(
        municipality_code=city, area_type="municipality", indicator=indicator, sex=sex
    )
    country = store.current(
        municipality_code="00", area_type="country", indicator=indicator, sex=sex
    )
    return (
        single_years(pd.concat([city_rows, country], ignore_index=True))
        .sort_values(["municipality_code", "year"])
        .reset_index(drop=True)
    )


def measure_table(
    rows: pd.DataFrame,
    weights: pd.DataFrame,
    stratifier: pd.DataFrame | None = None,
    stratifier_column: str = "strat",
) -> pd.DataFrame:
    """One year's districts as ``compute_all`` wants them: area, value, population, se, strat.

    Areas are named (the measures' notes mention them) unless two share a name. The
    standard error comes from the 95 % limits where the data have them.
    """
    names = rows["area_name"] if rows["area_name"].is_unique else rows["area_code"]
    table = pd.DataFrame(
        {
            "area": names.to_numpy(),
            "code": rows["area_code"].to_numpy(),
            "value": rows["value"].to_numpy(dtype=float),
            "se": ((rows["ci_high"] - rows["ci_low"]) / (2 * Z95)).to_numpy(dtype=float),
        }
    )
    pop = weights.set_index("area_code")["value"]
    table["population"] = table["code"].map(pop).astype(float)
    if stratifier is not None:
        strat = stratifier.set_index("area_code")["value"]
        table[stratifier_column] = table["code"].map(strat).astype(float)
    if table.loc[table["value"].notna(), "se"].isna().any():
        # Limits from some districts' errors only would look more certain than they are.
        table = table.drop(columns="se")
    return table.drop(columns="code")


def district_measures(
    rows: pd.DataFrame,
    weights: pd.DataFrame,
    indicator: Indicator,
    stratifier: Indicator | None = None,
    stratifier_rows: pd.DataFrame | None = None,
) -> dict[str, MeasureResult]:
    """Every gap measure for one year's districts, SII/RII by quintiles of the stratifier.

    Percentages are read on HEAT's scale of 100 (simulations stay within 0–100 and SII/RII
    use HEAT's logistic model); other units use PHE's linear SII.
    """
    strat_name = stratifier.name("sv") if stratifier is not None else "strat"
    table = measure_table(rows, weights, stratifier_rows, stratifier_column=strat_name)
    return compute_all(
        table,
        higher_is_better=indicator.higher_is_better,
        stratify_by=strat_name if stratifier_rows is not None else None,
        stratifier_higher_is_better=bool(stratifier.higher_is_better) if stratifier else True,
        scale=100.0 if indicator.is_percent else None,
    )


def gaps_by_year(
    store: Store,
    city: str,
    area_types: list[str],
    indicator: Indicator,
    sex: str,
    *,
    measures: tuple[str, ...] = DEFAULT_MEASURES,
    stratifier: Indicator | None = None,
    rows_by_type: dict[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """The chosen gap measures for every year of each area type (one division each).

    ``rows_by_type`` may supply rows that are not in the store under that area type, such
    as a series recalculated through a crosswalk, with ``population`` (and ``stratifier``)
    columns. SII and RII rank the districts into quintiles by ``stratifier`` (e.g. median
    income); without one they are refused.
    """
    weight_sex = "total" if indicator.id == "cni" else sex
    out = []
    for area_type in area_types:
        supplied = rows_by_type is not None and area_type in rows_by_type
        if supplied:
            # Rows from elsewhere carry their own weights (and stratifier) as columns.
            rows = rows_by_type[area_type]
            weights = rows[["area_code", "year", "population"]].rename(
                columns={"population": "value"}
            )
            strat_rows = (
                rows[["area_code", "year", "stratifier"]].rename(columns={"stratifier": "value"})
                if stratifier is not None and "stratifier" in rows
                else None
            )
        else:
            rows = district_series(store, city, area_type, indicator.id, sex)
            weights = single_years(
                store.current(
                    municipality_code=city,
                    area_type=area_type,
                    indicator="population",
                    sex=weight_sex,
                )
            )
            strat_rows = None
            if stratifier is not None:
                strat_rows = single_years(
                    store.current(
                        municipality_code=city,
                        area_type=area_type,
                        indicator=stratifier.id,
                        sex="total",
                    )
                )
        if rows.empty:
            continue
        for year, part in rows.groupby("year"):
            results = district_measures(
                part,
                weights[weights["year"] == year],
                indicator,
                stratifier,
                strat_rows[strat_rows["year"] == year] if strat_rows is not None else None,
            )
            for mid in measures:
                res = results[mid]
                out.append(
                    {
                        "area_type": area_type,
                        "year": int(year),
                        "measure": mid,
                        "value": res.value,
                        "ci_low": res.ci_low,
                        "ci_high": res.ci_high,
                        "ci_method": res.ci_method or "",
                        "note_sv": res.note("sv") or "",
                        "note_en": res.note("en") or "",
                        "synthetic": bool(part["synthetic"].any()),
                    }
                )
    frame = pd.DataFrame(out, columns=GAP_COLUMNS)
    for col in ("value", "ci_low", "ci_high"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype(float)
    return frame


@dataclass(frozen=True)
class Change:
    first_year: int
    last_year: int
    first: float
    last: float
    direction: str  # 'up', 'down', 'same'
    certain: bool | None  # None: no limits to judge by


def change(points: pd.DataFrame, decimals: int) -> Change | None:
    """From the first to the last year with a value; 'certain' when the limits do not overlap.

    Non-overlapping 95 % limits are a conservative sign of a real change; overlapping
    ones do not prove there is none, so the sentence says "not established", not "none".
    """
    pts = points.dropna(subset=["value"]).sort_values("year")
    if len(pts) < 2:
        return None
    a, b = pts.iloc[0], pts.iloc[-1]
    delta = round(b["value"], decimals) - round(a["value"], decimals)
    direction = "same" if abs(delta) < 0.5 * 10**-decimals else ("up" if delta > 0 else "down")
    limits = [a["ci_low"], a["ci_high"], b["ci_low"], b["ci_high"]]
    if any(pd.isna(x) for x in limits):
        certain = None
    else:
        certain = bool(a["ci_high"] < b["ci_low"] or b["ci_high"] < a["ci_low"])
    return Change(
        int(a["year"]), int(b["year"]), float(a["value"]), float(b["value"]), direction, certain
    )


def lower_first(name: str) -> str:
    """'Medellivslängd vid födseln' → 'medellivslängd vid födseln'; names with capitals inside
    (acronyms, 'Care Need Index') stay as they are."""
    if any(c.isupper() for c in name[1:]):
        return name
    return name[:1].lower() + name[1:]


SENTENCES = {
    "d": {
        "sv": "Skillnaden i {ind} mellan högsta och lägsta {noun} {verb} från {a} ({ya}) till {b} ({yb}); {ci}.",
        "en": "The difference in {ind} between the highest and the lowest {noun} {verb} from {a} ({ya}) to {b} ({yb}); {ci}.",
    },
    "sii": {
        "sv": "Lutningsindex (SII) för {ind} mellan områden med lägst och högst {strat} {verb} från {a} ({ya}) till {b} ({yb}); {ci}.",
        "en": "The slope index of inequality (SII) in {ind} between areas with the lowest and the highest {strat} {verb} from {a} ({ya}) to {b} ({yb}); {ci}.",
    },
    "other": {
        "sv": "{measure} för {ind} {verb} från {a} ({ya}) till {b} ({yb}); {ci}.",
        "en": "{measure} for {ind} {verb} from {a} ({ya}) to {b} ({yb}); {ci}.",
    },
}
VERBS = {
    "sv": {"up": "ökade", "down": "minskade", "same": "var oförändrad"},
    "en": {"up": "increased", "down": "decreased", "same": "was unchanged"},
}
CI_CLAUSES = {
    "sv": {
        True: "konfidensintervallen överlappar inte, så förändringen är statistiskt säkerställd",
        False: "konfidensintervallen överlappar, så förändringen är inte säkerställd",
        None: "konfidensintervall saknas, så det går inte att säga om förändringen är säkerställd",
    },
    "en": {
        True: "the confidence intervals do not overlap, so the change is statistically established",
        False: "the confidence intervals overlap, so the change is not established",
        None: "there are no confidence intervals, so whether the change is real cannot be told",
    },
}


def change_sentence(
    points: pd.DataFrame,
    *,
    measure: str,
    measure_name: str,
    indicator: Indicator,
    area_noun: str,
    lang: str = "sv",
    stratifier_name: str = "",
    unit: str | None = None,
    decimals: int | None = None,
) -> str | None:
    """One sentence on how a gap measure changed from its first to its last year.

    >>> ind = Indicator("life_expectancy", "Medellivslängd vid födseln", "Life expectancy",
    ...                 "år", "years", True, 1, "", "")
    >>> pts = pd.DataFrame({"year": [2012, 2024], "value": [7.8, 8.6],
    ...                     "ci_low": [7.1, 7.9], "ci_high": [8.5, 9.3]})
    >>> change_sentence(pts, measure="d", measure_name="Differens", indicator=ind,
    ...                 area_noun="stadsdel")  # doctest: +NORMALIZE_WHITESPACE
    'Skillnaden i medellivslängd vid födseln mellan högsta och lägsta stadsdel ökade från
     7,8 år (2012) till 8,6 år (2024); konfidensintervallen överlappar, så förändringen
     är inte säkerställd.'
    """
    decimals = indicator.decimals if decimals is None else decimals
    found = change(points, decimals)
    if found is None:
        return None
    unit = indicator.unit(lang) if unit is None else unit
    template = SENTENCES.get(measure, SENTENCES["other"])[lang]
    verb = VERBS[lang][found.direction]
    if lang == "sv" and found.direction == "same" and measure != "d":
        verb = "var oförändrat"  # "lutningsindex", "mått": neuter nouns in Swedish
    text = template.format(
        ind=lower_first(indicator.name(lang)),
        noun=area_noun,
        measure=measure_name,
        strat=lower_first(stratifier_name),
        verb=verb,
        a=format_value(found.first, decimals, unit, lang),
        ya=found.first_year,
        b=format_value(found.last, decimals, unit, lang),
        yb=found.last_year,
        ci=CI_CLAUSES[lang][found.certain],
    )
    return text[0].upper() + text[1:]


def highlight_defaults(series: pd.DataFrame, n: int = 1) -> list[str]:
    """The highest and lowest districts of the last year: the two ends of the gap."""
    if series.empty:
        return []
    last = series[series["year"] == series["year"].max()].dropna(subset=["value"])
    ordered = last.sort_values("value")
    codes = list(ordered["area_code"].head(n)) + list(ordered["area_code"].tail(n))
    return list(dict.fromkeys(codes))


def span(frame: pd.DataFrame) -> tuple[int, int] | None:
    years = frame["year"].dropna()
    return (int(years.min()), int(years.max())) if len(years) else None


def finite(values: pd.Series) -> np.ndarray:
    return values.to_numpy(dtype=float)[np.isfinite(values.to_numpy(dtype=float))]
