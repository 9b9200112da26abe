"""Each district against the city and Sverige: significantly better, similar, worse, or not assessable.

The rule is Fingertips' (Public Health England, now OHID): a district differs significantly
from a reference value when that value lies outside the district's 95 % confidence
interval. The interval is derived from counts where the data has them — Wilson's score
interval for a share whose denominator is known (``catalog.DENOMINATORS``), Byar's
approximation for a count of events — otherwise it is the row's own published limits. A
district without an interval, or a reference without a value, *cannot be assessed*: it is
never guessed. The reference's own uncertainty is ignored, because the district is part of
the city (and of Sverige) and the reference is far more precise than any one district.

Classes are colour-coded by the indicator's polarity ("better"/"worse"); an indicator
without polarity is only "higher"/"lower". Their words are in
``dashboard/report/sentences.py`` (``significance_label``, ``significance_summary``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.core.provenance import Provenance
from indicators.measures.simulate import z_value
from indicators.table.catalog import DENOMINATORS, Indicator
from indicators.table.store import Store

#: Every class a comparison can give, in legend order.
CLASSES: tuple[str, ...] = ("better", "higher", "similar", "worse", "lower", "not_assessable")

#: Against which reference a district is compared.
REFERENCES: tuple[str, ...] = ("city", "country")

#: How the district's interval was obtained, per row.
CI_METHODS: tuple[str, ...] = ("wilson", "byar", "row", "none")

#: Sverige in the store.
COUNTRY_CODE = "00"


def wilson_interval(
    successes: float, n: float, confidence: float = 0.95, *, share: bool = False
) -> tuple[float, float]:
    """Wilson's score interval of a proportion, as a proportion (0–1).

    Parameters
    ----------
    successes : float
        The number of successes, or the share itself (0–1) when ``share`` is true.
    n : float
        The number of trials: the denominator of the share. Must be positive.
    confidence : float
        The confidence level, 0.95 or 95.
    share : bool
        Whether ``successes`` is already the share.

    Returns
    -------
    tuple of float
        The lower and upper limit, within [0, 1].

    Examples
    --------
    Newcombe (1998), Stat Med 17:857, table I, method 3:

    >>> [round(v, 4) for v in wilson_interval(81, 263)]
    [0.2553, 0.3662]
    >>> [round(v, 4) for v in wilson_interval(0.5, 40, share=True)]
    [0.352, 0.648]
    """
    if not n > 0:
        raise ValueError(f"n must be positive, not {n}")
    p = float(successes) if share else float(successes) / float(n)
    if not 0 <= p <= 1:
        raise ValueError(f"the share must be within [0, 1], not {p}")
    z = z_value(confidence)
    z2 = z * z
    centre = p + z2 / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    denominator = 1 + z2 / n
    return max(0.0, (centre - spread) / denominator), min(1.0, (centre + spread) / denominator)


def byar_interval(events: float, confidence: float = 0.95) -> tuple[float, float]:
    """Byar's approximation to the exact Poisson limits of an observed count of events.

    As in PHE's Fingertips and PHEindicatormethods (``byars_lower``/``byars_upper``; Breslow
    and Day 1987): O·(1 − 1/(9O) − z/(3√O))³ and (O+1)·(1 − 1/(9(O+1)) + z/(3√(O+1)))³.
    PHE uses it for 10 events or more, where it is within 0.2 % of the exact limits; a
    count of none has lower limit 0.

    Parameters
    ----------
    events : float
        The observed number of events, 0 or more.
    confidence : float
        The confidence level, 0.95 or 95.

    Returns
    -------
    tuple of float
        The lower and upper limit of the count; divide by the population at risk for a rate.

    Examples
    --------
    >>> [round(v, 2) for v in byar_interval(100)]
    [81.36, 121.63]
    >>> byar_interval(0)[0]
    0.0
    """
    if events < 0:
        raise ValueError(f"a count of events cannot be negative: {events}")
    z = z_value(confidence)
    o = float(events)
    low = 0.0 if o == 0 else o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3
    high = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * math.sqrt(o + 1))) ** 3
    return max(0.0, low), high


def classify(
    value: float | None,
    ci_low: float | None,
    ci_high: float | None,
    reference: float | None,
    higher_is_better: bool | None,
) -> str:
    """The district's class against ``reference``: Fingertips' rule on the district's interval.

    The district differs significantly when the reference lies outside its confidence
    interval (a reference on a limit does not). Without a value, an interval or a reference
    the answer is "not_assessable", never a guess.

    >>> classify(80.0, 79.0, 81.0, 82.0, True)
    'worse'
    >>> classify(80.0, 79.0, 81.0, 82.0, False)
    'better'
    >>> classify(80.0, 79.0, 81.0, 81.0, True)
    'similar'
    >>> classify(80.0, 79.0, 81.0, 78.0, None)
    'higher'
    >>> classify(80.0, None, None, 78.0, True)
    'not_assessable'
    """
    if any(v is None or pd.isna(v) for v in (value, ci_low, ci_high, reference)):
        return "not_assessable"
    if ci_low <= reference <= ci_high:  # type: ignore[operator]
        return "similar"
    district_higher = reference < ci_low  # type: ignore[operator]
    if higher_is_better is None:
        return "higher" if district_higher else "lower"
    return "better" if district_higher == higher_is_better else "worse"


def district_intervals(
    districts: pd.DataFrame, indicator: Indicator, confidence: float = 0.95
) -> pd.DataFrame:
    """Each district's interval and how it was obtained (``CI_METHODS``).

    ``districts`` has area_code, value, ci_low, ci_high and optionally ``n`` (the
    denominator of a percentage) and ``events``/``at_risk`` (a rate's count of events and
    its population at risk). Counts come first:
    Wilson with ``n`` for a percentage, Byar for a rate; then the row's own limits; else
    none. A count indicator (persons) is never compared: a district always holds fewer
    people than its city, which says nothing of the district.

    >>> rows = pd.DataFrame({"area_code": ["a", "b", "c"], "value": [50.0, 50.0, 50.0],
    ...     "ci_low": [None, 45.0, None], "ci_high": [None, 55.0, None], "n": [40, None, None]})
    >>> pct = Indicator("x", "x", "x", "procent", "percent", True, 1, "", "")
    >>> out = district_intervals(rows, pct)
    >>> out["ci_method"].tolist(), round(float(out["ci_low"].iloc[0]), 1)
    (['wilson', 'row', 'none'], 35.2)
    """
    out = pd.DataFrame({"area_code": districts["area_code"].to_numpy()})

    def column(name: str) -> np.ndarray:
        if name not in districts:
            return np.full(len(out), np.nan)
        return pd.to_numeric(districts[name], errors="coerce").to_numpy(dtype=float)

    value, low, high = column("value"), column("ci_low"), column("ci_high")
    n, events, at_risk = column("n"), column("events"), column("at_risk")
    lows, highs, methods = [], [], []
    for i in range(len(out)):
        v = value[i]
        if np.isnan(v) or indicator.is_count:
            lows.append(np.nan), highs.append(np.nan), methods.append("none")
            continue
        if indicator.is_percent and n[i] > 0 and 0 <= v <= 100:
            lo, hi = wilson_interval(v / 100, n[i], confidence, share=True)
            lows.append(100 * lo), highs.append(100 * hi), methods.append("wilson")
        elif events[i] > 0 and at_risk[i] > 0:
            # The value is events per at_risk on its own scale (per 1 000, per 100 000 …):
            # the count's limits keep that scale.
            lo, hi = byar_interval(events[i], confidence)
            lows.append(lo * v / events[i]), highs.append(hi * v / events[i])
            methods.append("byar")
        elif not (np.isnan(low[i]) or np.isnan(high[i])):
            lows.append(low[i]), highs.append(high[i]), methods.append("row")
        else:
            lows.append(np.nan), highs.append(np.nan), methods.append("none")
    out["ci_low"] = lows
    out["ci_high"] = highs
    out["ci_method"] = methods
    return out


def classify_districts(
    districts: pd.DataFrame,
    indicator: Indicator,
    city_value: float | None,
    country_value: float | None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Every district against the city and Sverige: area_code, the interval used, its
    method, ``vs_city`` and ``vs_country`` (classes of ``CLASSES``).

    >>> rows = pd.DataFrame({"area_code": ["a", "b"], "value": [80.0, 83.0],
    ...     "ci_low": [79.0, None], "ci_high": [81.0, None]})
    >>> le = Indicator("le", "le", "le", "år", "years", True, 1, "", "")
    >>> classify_districts(rows, le, 82.0, 80.5)[["vs_city", "vs_country"]].values.tolist()
    [['worse', 'similar'], ['not_assessable', 'not_assessable']]
    """
    out = district_intervals(districts, indicator, confidence)
    values = pd.to_numeric(districts["value"], errors="coerce").to_numpy(dtype=float)
    for name, reference in (("vs_city", city_value), ("vs_country", country_value)):
        out[name] = [
            classify(v, lo, hi, reference, indicator.higher_is_better)
            for v, lo, hi in zip(values, out["ci_low"], out["ci_high"], strict=True)
        ]
    return out


@dataclass(frozen=True)
class Comparison:
    """One view's districts against the city and Sverige, and what the comparison used."""

    classes: pd.DataFrame  # area_code, ci_low, ci_high, ci_method, vs_city, vs_country
    city_value: float | None
    country_value: float | None
    #: The references and the denominators behind the intervals, by role.
    provenance: Provenance

    def column(self, reference: str) -> pd.Series:
        """The classes against 'city' or 'country', indexed by area code."""
        return self.classes.set_index("area_code")[f"vs_{reference}"]


def _one_value(rows: pd.DataFrame) -> float | None:
    values = rows["value"].dropna()
    return float(values.iloc[0]) if len(values) else None


def compare_districts(
    store: Store,
    districts: pd.DataFrame,
    indicator: Indicator,
    *,
    city: str,
    area_type: str,
    year: int,
    period: str = "",
    sex: str = "total",
    confidence: float = 0.95,
) -> Comparison:
    """Classify the districts of one view (``MapData.districts``) against the city and Sverige.

    The city is the municipality row and Sverige the country row (municipality_code '00')
    of the same indicator, year, period and sex. For a percentage with a known denominator
    (``catalog.DENOMINATORS``) the denominator's rows of the same area type, year and sex
    give each district's *n*.
    """
    frame = districts.copy()
    parts: list[Provenance] = []
    refs: dict[str, float | None] = {}
    for key, code, kind in (("city", city, "municipality"), ("country", COUNTRY_CODE, "country")):
        rows = store.current(
            municipality_code=code, area_type=kind, indicator=indicator.id, year=year, sex=sex
        )
        rows = rows[rows["period"] == period]
        refs[key] = _one_value(rows)
        if refs[key] is not None:
            parts.append(Provenance.of("reference", rows[rows["value"].notna()]))
    denominator = DENOMINATORS.get(indicator.id)
    if denominator and not period:
        n_rows = store.current(
            municipality_code=city, area_type=area_type, indicator=denominator, year=year, sex=sex
        )
        n_rows = n_rows[(n_rows["period"] == "") & n_rows["value"].notna()]
        if len(n_rows):
            n = n_rows.drop_duplicates("area_code").set_index("area_code")["value"]
            frame["n"] = frame["area_code"].map(n)
            used = n_rows[n_rows["area_code"].isin(frame.loc[frame["n"].notna(), "area_code"])]
            parts.append(Provenance.of("weights", used))
    classes = classify_districts(frame, indicator, refs["city"], refs["country"], confidence)
    return Comparison(classes, refs["city"], refs["country"], Provenance.union(parts))
