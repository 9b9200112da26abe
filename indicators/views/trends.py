"""Gaps over time: a measure per year and division, and whether (and how) it changed.

The sentences that put a change or a trend into words are presentation:
``dashboard/report/sentences.py``.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from indicators.core.provenance import Provenance
from indicators.measures import MEASURES, MeasureResult, compute_all, se_from_limits
from indicators.measures.simulate import z_value
from indicators.table.catalog import DENOMINATORS, Indicator
from indicators.table.package import Package
from indicators.table.store import Store
from indicators.views.reaggregate import consistent_series, division_breaks, successions
from indicators.views.weights import population_weights, single_years

#: The two-sided 95 % normal quantile, 1.959964.
Z95 = z_value(0.95)
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
    "se",
    "draws",
    "provenance",
]


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
    *,
    areas: Mapping[str, str] | None = None,
    denominators: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One year's districts as ``compute_all`` wants them: area, value, population, se, strat.

    Areas are named (the measures' notes mention them) unless two share a name. The
    standard error comes from the 95 % limits where the data have them. ``areas`` (code →
    name) lists every area in force for the division: an area without a row gets one with
    no value, so coverage counts what is missing, not only what is stored.
    ``denominators`` (area_code, value) are the counts of a percentage's own denominator
    (e.g. the population aged 20–64 behind an employment rate); they become a
    ``denominator`` column when any area has one.
    """
    rows = rows[["area_code", "area_name", "value", "ci_low", "ci_high"]]
    if areas:
        missing = [c for c in areas if c not in set(rows["area_code"])]
        if missing:
            extra = pd.DataFrame(
                {
                    "area_code": missing,
                    "area_name": [areas[c] for c in missing],
                    "value": np.nan,
                    "ci_low": np.nan,
                    "ci_high": np.nan,
                }
            )
            rows = pd.concat([rows, extra], ignore_index=True)
    names = rows["area_name"] if rows["area_name"].is_unique else rows["area_code"]
    lo = pd.to_numeric(rows["ci_low"], errors="coerce")
    hi = pd.to_numeric(rows["ci_high"], errors="coerce")
    table = pd.DataFrame(
        {
            "area": names.to_numpy(),
            "code": rows["area_code"].to_numpy(),
            "value": pd.to_numeric(rows["value"], errors="coerce").to_numpy(dtype=float),
            # NaN where a district has no limits (se_from_limits refuses those rows).
            "se": ((hi - lo) / (2 * Z95)).to_numpy(dtype=float),
        }
    )
    pop = weights.set_index("area_code")["value"]
    table["population"] = table["code"].map(pop).astype(float)
    if stratifier is not None:
        strat = stratifier.set_index("area_code")["value"]
        table[stratifier_column] = table["code"].map(strat).astype(float)
    if denominators is not None and len(denominators):
        den = denominators.set_index("area_code")["value"]
        filled = table["code"].map(den).astype(float)
        if filled.notna().any():
            table["denominator"] = filled
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
    *,
    areas: Mapping[str, str] | None = None,
    denominators: pd.DataFrame | None = None,
    simulations: Mapping[str, int] | None = None,
    measures: Collection[str] | None = None,
) -> dict[str, MeasureResult]:
    """The gap measures (all, or ``measures``) for one year's districts, SII/RII by
    quintiles of the stratifier.

    Percentages are read on HEAT's scale of 100 (simulations stay within 0–100 and SII/RII
    use HEAT's logistic model); other units use PHE's linear SII.
    """
    strat_name = stratifier.name("sv") if stratifier is not None else "strat"
    table = measure_table(
        rows,
        weights,
        stratifier_rows,
        stratifier_column=strat_name,
        areas=areas,
        denominators=denominators,
    )
    return compute_all(
        table,
        higher_is_better=indicator.higher_is_better,
        stratify_by=strat_name if stratifier_rows is not None else None,
        stratifier_higher_is_better=bool(stratifier.higher_is_better) if stratifier else True,
        scale=100.0 if indicator.is_percent else None,
        measures=measures,
        **dict(simulations or {}),
    )


#: Measures that rank districts into quintiles of the stratifier.
RANKED = frozenset({"sii", "rii"})


def _split_sources(rows: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """A recalculated row's source is 'Omräknad från X (…); A; B': the values' sources are
    A and B, the first part names the recalculation (the crosswalk role)."""
    how = ""
    out = []
    for source, synthetic in zip(rows["source"].astype(str), rows["synthetic"], strict=True):
        parts = [p.strip() for p in source.split(";")]
        if parts and parts[0].startswith("Omräknad"):
            how = how or parts[0]
            parts = parts[1:]
        out += [(p, bool(synthetic)) for p in parts if p]
    return pd.DataFrame(out, columns=["source", "synthetic"]), how


def _role_rows(rows: pd.DataFrame | None, source: str, synthetic: str) -> pd.DataFrame | None:
    """Rows of another input carried as columns (``source``/``synthetic`` renamed)."""
    if rows is None or source not in rows or synthetic not in rows:
        return None
    return rows[[source, synthetic]].rename(columns={source: "source", synthetic: "synthetic"})


def year_provenance(
    measure: str,
    values: pd.DataFrame,
    weights: pd.DataFrame | None,
    ranking: pd.DataFrame | None,
    *,
    recalculated: bool = False,
) -> Provenance:
    """Every input one measure of one year used, by role: the values; the population
    weights when the measure is weighted; the stratifier for SII/RII; the crosswalk of an
    "omräknad" series. Only the rows of the areas that have a value count."""
    codes = set(values.loc[values["value"].notna(), "area_code"])
    if recalculated:
        value_rows, how = _split_sources(values)
        prov = Provenance.of("values", value_rows)
        if how:
            prov = prov | Provenance.one("crosswalk", how, False)
    else:
        prov = Provenance.of("values", values)
    info = MEASURES.get(measure)
    if info is not None and info.weighted and weights is not None:
        prov = prov | Provenance.of("weights", weights[weights["area_code"].isin(codes)])
    if measure in RANKED and ranking is not None:
        prov = prov | Provenance.of("ranking", ranking[ranking["area_code"].isin(codes)])
    return prov


class _Inputs(NamedTuple):
    """A division's rows with the weights, stratifier and denominators of their measures."""

    rows: pd.DataFrame
    weights: pd.DataFrame
    strat_rows: pd.DataFrame | None = None
    denominators: pd.DataFrame | None = None


def _supplied_inputs(rows: pd.DataFrame, stratifier: Indicator | None) -> _Inputs:
    """Rows from elsewhere (a recalculated series) carry their own weights (and stratifier)
    as columns."""
    weights = rows[["area_code", "year", "population"]].rename(columns={"population": "value"})
    w_roles = _role_rows(rows, "population_source", "population_synthetic")
    weights = (
        weights.join(w_roles)
        if w_roles is not None
        else weights.assign(source="", synthetic=rows["synthetic"])
    )
    strat_rows = None
    if stratifier is not None and "stratifier" in rows:
        strat_rows = rows[["area_code", "year", "stratifier"]].rename(
            columns={"stratifier": "value"}
        )
        s_roles = _role_rows(rows, "stratifier_source", "stratifier_synthetic")
        strat_rows = (
            strat_rows.join(s_roles)
            if s_roles is not None
            else strat_rows.assign(source="", synthetic=rows["synthetic"])
        )
    return _Inputs(rows, weights, strat_rows)


def _stored_inputs(
    store: Store,
    city: str,
    area_type: str,
    indicator: Indicator,
    sex: str,
    stratifier: Indicator | None,
) -> _Inputs:
    """A division's rows in the store, its population weights, stratifier and denominators."""
    rows = district_series(store, city, area_type, indicator.id, sex)
    weights = population_weights(store, city, area_type, indicator.id, sex)
    strat_rows = None
    if stratifier is not None:
        strat_rows = single_years(
            store.current(
                municipality_code=city, area_type=area_type, indicator=stratifier.id, sex="total"
            )
        )
    denominators = None
    denominator_id = DENOMINATORS.get(indicator.id)
    if denominator_id is not None:
        denominators = single_years(
            store.current(
                municipality_code=city, area_type=area_type, indicator=denominator_id, sex=sex
            )
        )
    return _Inputs(rows, weights, strat_rows, denominators)


def _of_year(frame: pd.DataFrame | None, year: int) -> pd.DataFrame | None:
    return frame[frame["year"] == year] if frame is not None else None


def _year_rows(
    area_type: str,
    year: int,
    part: pd.DataFrame,
    inputs: _Inputs,
    indicator: Indicator,
    stratifier: Indicator | None,
    *,
    areas: Mapping[str, str] | None,
    simulations: Mapping[str, int] | None,
    measures: tuple[str, ...],
    recalculated: bool,
) -> list[dict]:
    """The gap table's rows of one division and year: one per measure."""
    w_year = inputs.weights[inputs.weights["year"] == year]
    s_year = _of_year(inputs.strat_rows, year)
    results = district_measures(
        part,
        w_year,
        indicator,
        stratifier,
        s_year,
        areas=areas,
        denominators=_of_year(inputs.denominators, year),
        simulations=simulations,
        measures=measures,
    )
    out = []
    for mid in measures:
        res = results[mid]
        prov = year_provenance(mid, part, w_year, s_year, recalculated=recalculated)
        out.append(
            {
                "area_type": area_type,
                "year": year,
                "measure": mid,
                "value": res.value,
                "ci_low": res.ci_low,
                "ci_high": res.ci_high,
                "ci_method": res.ci_method or "",
                "note_sv": res.note("sv") or "",
                "note_en": res.note("en") or "",
                "synthetic": bool(part["synthetic"].any()) or prov.synthetic,
                "se": res.se,
                "draws": _kept_draws(res.draws),
                "provenance": prov,
            }
        )
    return out


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
    areas: Mapping[str, Mapping[str, str]] | None = None,
    simulations: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """The chosen gap measures for every year of each area type (one division each).

    ``rows_by_type`` may supply rows that are not in the store under that area type, such
    as a series recalculated through a crosswalk, with ``population`` (and ``stratifier``)
    columns, and the sources of those as ``population_source``/``population_synthetic``
    (``stratifier_source``/``stratifier_synthetic``). SII and RII rank the districts into
    quintiles by ``stratifier`` (e.g. median income); without one they are refused.
    ``areas`` maps an area type to every area of its division (code → name, e.g. from its
    boundary file): areas without a row then count as missing.

    Besides value and limits, each row has ``se`` and ``draws`` (for testing a change),
    ``provenance`` (a :class:`Provenance` of every input the measure used) and
    ``synthetic`` (any of them example data). ``simulations`` may lower the engine's
    draws (``reps``, ``sii_reps``) where only the values and sources matter, as in tests.
    """
    out = []
    for area_type in area_types:
        supplied = rows_by_type is not None and area_type in rows_by_type
        inputs = (
            _supplied_inputs(rows_by_type[area_type], stratifier)  # type: ignore[index]
            if supplied
            else _stored_inputs(store, city, area_type, indicator, sex, stratifier)
        )
        if inputs.rows.empty:
            continue
        in_force = areas.get(area_type) if areas is not None else None
        recalculated = supplied and area_type == RECALCULATED
        for year, part in inputs.rows.groupby("year"):
            out += _year_rows(
                area_type, int(year), part, inputs, indicator, stratifier,
                areas=in_force, simulations=simulations, measures=measures,
                recalculated=recalculated,
            )  # fmt: skip
    frame = pd.DataFrame(out, columns=GAP_COLUMNS)
    for col in ("value", "ci_low", "ci_high", "se"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype(float)
    frame["synthetic"] = frame["synthetic"].astype(bool)
    return frame


def division_areas(package: Package, city: str, area_type: str) -> dict[str, str] | None:
    """Every area (code → name) of a division's boundary file; None without one.

    These are the areas in force whenever the division is: a gap measure counts an area
    without a row as missing rather than leaving it out of the coverage.
    """
    res = package.boundary(city, area_type)
    if res is None:
        return None
    # Imported here: geopandas is slow to import and only this needs it.
    from geodata.boundaries import load_boundaries

    gdf = load_boundaries(res.path, id_field=res.id_field, name_field=res.name_field)
    return dict(zip(gdf["area_code"].astype(str), gdf["area_name"].astype(str), strict=True))


@dataclass
class TrendData:
    """The trends page's view model: one division's yearly values, the city and Sverige
    lines, and the divisions it belongs with (``chain``) and when they changed (``breaks``)."""

    city: str
    area_type: str
    indicator: str
    sex: str
    recalculated: bool
    chain: list[str]
    breaks: list[int]  # the year each later division of the chain took over
    series: pd.DataFrame
    references: pd.DataFrame


def division_chain(package: Package, city: str, area_type: str) -> list[str]:
    """The divisions an area type replaced or was replaced by, oldest first (or itself)."""
    return next((c for c in successions(package, city) if area_type in c), [area_type])


def trend_view(
    store: Store,
    package: Package,
    city: str,
    area_type: str,
    indicator: str,
    sex: str,
    *,
    recalculated: bool = False,
    until: int | None = None,
) -> TrendData:
    """Every district's yearly values (as stored, or recalculated through the crosswalk from
    the smallest areas), the city and Sverige lines, and the division's chain and breaks;
    ``until`` leaves out later years."""
    series = (
        consistent_series(store, package, store.catalog(), city, area_type, indicator, sex)
        if recalculated
        else None
    )
    if series is None:
        stored = district_series(store, city, area_type, indicator, sex)
        # Nothing to recalculate from (no rows or weights of the smallest areas): no lines.
        series = stored.iloc[0:0] if recalculated else stored
    references = reference_series(store, city, indicator, sex)
    chain = division_chain(package, city, area_type)
    breaks = [when.year for _old, _new, when in division_breaks(package, chain)]
    if until is not None:
        series = series[series["year"] <= until]
        references = references[references["year"] <= until]
        breaks = [year for year in breaks if year <= until]
    return TrendData(
        city, area_type, indicator, sex, recalculated, chain, breaks, series, references
    )


def _recalculated_rows(
    store: Store, package: Package, city: str, area_type: str, indicator: str, sex: str,
    stratifier: str | None,
) -> pd.DataFrame | None:  # fmt: skip
    """A recalculated series as ``gaps_by_year`` takes it: summed population weights in
    ``population`` and, with a stratifier, its recalculated values in ``stratifier``."""
    catalog = store.catalog()
    rows = consistent_series(store, package, catalog, city, area_type, indicator, sex)
    if rows is None or not stratifier:
        return rows
    strat = consistent_series(store, package, catalog, city, area_type, stratifier, "total")
    if strat is None:
        return rows
    return rows.merge(
        strat[["area_code", "year", "value", "source", "synthetic"]].rename(
            columns={
                "value": "stratifier",
                "source": "stratifier_source",
                "synthetic": "stratifier_synthetic",
            }
        ),
        on=["area_code", "year"],
        how="left",
    )


def trend_gaps(
    store: Store,
    package: Package,
    city: str,
    chain: list[str],
    indicator: str,
    sex: str,
    *,
    measures: tuple[str, ...] = DEFAULT_MEASURES,
    stratifier: str | None = None,
    recalculated_type: str | None = None,
    areas: Mapping[str, Mapping[str, str]] | None = None,
    until: int | None = None,
) -> pd.DataFrame:
    """Gap measures per year for every division of a chain, and for the series of
    ``recalculated_type`` recalculated through the crosswalk (segment ``RECALCULATED``).

    ``areas`` maps an area type to every area of its division (code → name): an area
    without a row then counts as missing, as on the map. ``until`` leaves out later years.
    """
    catalog = store.catalog()
    types = list(chain)
    rows_by_type = None
    if recalculated_type:
        rows = _recalculated_rows(
            store, package, city, recalculated_type, indicator, sex, stratifier
        )
        if rows is not None:
            rows_by_type = {RECALCULATED: rows}
            types.append(RECALCULATED)
    gaps = gaps_by_year(
        store,
        city,
        types,
        catalog[indicator],
        sex,
        measures=measures,
        stratifier=catalog.get(stratifier) if stratifier else None,
        rows_by_type=rows_by_type,
        areas=areas,
    )
    return gaps if until is None else gaps[gaps["year"] <= until]


#: Draws kept per gap row for testing a change: enough that the p-value's Monte Carlo
#: error near 0.05 is about 0.0015, while a page's cached table stays small.
KEPT_DRAWS = 20_000


def _kept_draws(draws: np.ndarray | None) -> np.ndarray | None:
    """Every k-th draw, at most ``KEPT_DRAWS`` (the draws are independent, so any regular
    subset is a sample of the same distribution)."""
    if draws is None:
        return None
    arr = np.asarray(draws, dtype=float)
    step = max(1, -(-arr.size // KEPT_DRAWS))
    return arr[::step]


def series_provenance(frame: pd.DataFrame) -> Provenance:
    """Every input of every row of a gap table (its ``provenance`` column), as one."""
    if "provenance" not in frame:
        return Provenance()
    return Provenance.union(p for p in frame["provenance"] if isinstance(p, Provenance))


#: Two-sided level below which a change is called "statistiskt säkerställd".
ALPHA = 0.05
# Fixed seed of the random pairing of two years' draws (see ``difference_test``).
_PAIRING_SEED = 20_260_811


def _finite(x: object) -> float | None:
    """A float when ``x`` is a finite number, else None."""
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def normal_p(z: float) -> float:
    """Two-sided p-value of a standard normal statistic.

    >>> round(normal_p(1.959964), 3)
    0.05
    """
    return math.erfc(abs(z) / math.sqrt(2.0))


def is_ratio(measure: str) -> bool:
    """Whether a measure is a ratio (R, RII): its changes are judged on the log scale."""
    info = MEASURES.get(measure)
    return info is not None and info.unit_kind == "ratio"


def standard_error(point: Mapping, *, ratio: bool = False) -> float | None:
    """The standard error of one year's value: its ``se``, else from its 95 % limits.

    For a ratio the error is on the log scale: from the limits as
    (ln hi − ln lo)/(2·1.96), or from a natural-scale ``se`` by the delta method (se/value).

    >>> standard_error({"value": 8.0, "ci_low": 7.0, "ci_high": 9.0})  # doctest: +ELLIPSIS
    0.5102...
    >>> round(standard_error({"value": 2.0, "ci_low": 1.0, "ci_high": 4.0}, ratio=True), 4)
    0.3537
    """
    value = _finite(point.get("value"))
    se = _finite(point.get("se"))
    lo, hi = _finite(point.get("ci_low")), _finite(point.get("ci_high"))
    if ratio:
        if se is not None and value is not None and value > 0:
            return se / value
        if lo is not None and hi is not None and lo > 0 and hi > 0:
            return float(se_from_limits([lo], [hi], value_type="rate")[0])
        return None
    if se is not None:
        return se
    if lo is not None and hi is not None:
        return float(se_from_limits([lo], [hi])[0])
    return None


@dataclass(frozen=True)
class Difference:
    """The change between two years: last − first (for a ratio: last / first), its 95 %
    limits and the two-sided p-value of "no change"; limits and p are None without errors."""

    estimate: float
    ci_low: float | None = None
    ci_high: float | None = None
    p: float | None = None
    method: str = ""  # 'draws', 'se' or '' (not testable)

    @property
    def significant(self) -> bool | None:
        return None if self.p is None else bool(self.p < ALPHA)


def _draws(point: Mapping) -> np.ndarray | None:
    d = point.get("draws")
    if d is None or (isinstance(d, float) and math.isnan(d)):
        return None
    arr = np.asarray(d, dtype=float)
    arr = arr[np.isfinite(arr)]
    return arr if arr.size >= 100 else None


def difference_test(a: Mapping, b: Mapping, *, ratio: bool = False) -> Difference:
    """Test the change from year ``a`` to year ``b`` of one measure.

    With simulated draws for both years, the difference of the draws (the log ratio for a
    ratio measure) gives a percentile 95 % interval, and the two-sided p-value is twice the
    smaller share of differences on either side of 0. The engine seeds every year alike,
    so the two years' draws share their random numbers; they are paired in a fixed random
    order to make them independent, as two years' samples are. Otherwise the estimates'
    standard errors give a normal (Wald) test: z = (b − a)/√(se_a² + se_b²). Without
    either, there is no interval and no p-value ("kan inte bedömas").

    Overlapping 95 % intervals are not evidence of no change: two estimates with equal
    errors whose intervals just touch differ at p ≈ 0.006. Here the intervals overlap but
    the change is significant:

    >>> d = difference_test({"value": 7.8, "ci_low": 7.1, "ci_high": 8.5},
    ...                     {"value": 8.9, "ci_low": 8.2, "ci_high": 9.6})
    >>> round(d.estimate, 2), round(d.ci_low, 2), round(d.ci_high, 2), round(d.p, 3)
    (1.1, 0.11, 2.09, 0.029)
    """
    va, vb = _finite(a.get("value")), _finite(b.get("value"))
    if va is None or vb is None:
        raise ValueError("Both years need a value to be compared.")
    if ratio and (va <= 0 or vb <= 0):
        return Difference(vb / va if va else math.nan)
    back = math.exp if ratio else float
    estimate = float(_on_scale(vb, ratio) - _on_scale(va, ratio))
    by_draws = _draws_difference(_draws(a), _draws(b), ratio=ratio)
    if by_draws is not None:
        lo, hi, p = by_draws
        return Difference(back(estimate), back(lo), back(hi), p, "draws")
    by_se = _wald_difference(
        estimate, standard_error(a, ratio=ratio), standard_error(b, ratio=ratio)
    )
    if by_se is None:
        return Difference(back(estimate))
    lo, hi, p = by_se
    return Difference(back(estimate), back(lo), back(hi), p, "se")


def _on_scale(v: Any, ratio: bool) -> Any:
    """A value or an array of them on the scale changes are tested on: log for a ratio."""
    return np.log(v) if ratio else v


def _draws_difference(
    da: np.ndarray | None, db: np.ndarray | None, *, ratio: bool
) -> tuple[float, float, float] | None:
    """The percentile 95 % limits and p-value of the change from draws ``da`` to ``db``
    (on the test scale), or None without usable draws for both years."""
    if da is None or db is None or (ratio and (da.min() <= 0 or db.min() <= 0)):
        return None
    n = min(da.size, db.size)
    rng = np.random.default_rng(_PAIRING_SEED)
    diff = _on_scale(db[rng.permutation(db.size)[:n]], ratio) - _on_scale(da[:n], ratio)
    lo, hi = np.quantile(diff, [(1 - 0.95) / 2, 1 - (1 - 0.95) / 2])
    p = min(1.0, 2 * min(float(np.mean(diff <= 0)), float(np.mean(diff >= 0))))
    # A p of 0 only means "smaller than the draws can show".
    p = max(p, 1.0 / n)
    return float(lo), float(hi), p


def _wald_difference(
    estimate: float, sa: float | None, sb: float | None
) -> tuple[float, float, float] | None:
    """The normal 95 % limits and p-value of ``estimate`` from the two years' standard
    errors, or None when either is missing or both are 0."""
    if sa is None or sb is None:
        return None
    se = math.hypot(sa, sb)
    if se == 0:
        return None
    return estimate - Z95 * se, estimate + Z95 * se, normal_p(estimate / se)


@dataclass(frozen=True)
class Trend:
    """The weighted least-squares slope of a measure on year (a ratio: of its log, given
    back as a factor per year) with its 95 % limits and p-value."""

    first_year: int
    last_year: int
    n_years: int
    slope: float
    ci_low: float
    ci_high: float
    p: float

    @property
    def significant(self) -> bool:
        return bool(self.p < ALPHA)


def linear_trend(points: pd.DataFrame, *, ratio: bool = False) -> Trend | None:
    """The trend over all years of one segment: weighted least squares, weights 1/se².

    The slope's variance is 1/Σw(x − x̄)², multiplied by the residual dispersion
    Σw·r²/(n − 2) when that is above 1 (years scatter more than their errors say), so
    the limits are never narrower than the data allow. Needs three years with errors.

    >>> pts = pd.DataFrame({"year": [2010, 2011, 2012], "value": [1.0, 2.0, 3.0],
    ...                     "ci_low": [0.0, 1.0, 2.0], "ci_high": [2.0, 3.0, 4.0]})
    >>> t = linear_trend(pts)  # se 0.51 each: slope se = 0.51/√2 = 0.36
    >>> round(t.slope, 3), round(t.ci_low, 3), round(t.ci_high, 3)
    (1.0, 0.293, 1.707)
    """
    found = _trend_points(points, ratio=ratio)
    if found is None:
        return None
    x, y, w = found
    fit = _weighted_slope(x, y, w)
    if fit is None:
        return None
    slope, se = fit
    lo, hi = slope - Z95 * se, slope + Z95 * se
    p = normal_p(slope / se)
    if ratio:
        slope, lo, hi = math.exp(slope), math.exp(lo), math.exp(hi)
    return Trend(int(x.min()), int(x.max()), len(x), slope, lo, hi, p)


def _trend_points(
    points: pd.DataFrame, *, ratio: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Years, values (logs for a ratio) and weights 1/se² of the years that have a value
    and an error above 0; None when fewer than three have."""
    use = _with_errors(points, ratio=ratio)
    if len(use) < 3:
        return None
    x = np.array([float(r["year"]) for r, _ in use])
    y = np.array([float(r["value"]) for r, _ in use])
    if ratio:
        y = np.log(y)
    w = 1.0 / np.array([s for _, s in use]) ** 2
    return x, y, w


def _with_errors(points: pd.DataFrame, *, ratio: bool) -> list[tuple[dict, float]]:
    """The years with a value (above 0 for a ratio) and a standard error above 0."""
    recs = [r for r in points.to_dict("records") if _finite(r.get("value")) is not None]
    if ratio:
        recs = [r for r in recs if float(r["value"]) > 0]
    ses = [standard_error(r, ratio=ratio) for r in recs]
    return [(r, s) for r, s in zip(recs, ses, strict=True) if s is not None and s > 0]


def _weighted_slope(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[float, float] | None:
    """The weighted least-squares slope of ``y`` on ``x`` and its standard error, widened
    by the residual dispersion when above 1; None when all ``x`` are equal."""
    xm = np.sum(w * x) / np.sum(w)
    ym = np.sum(w * y) / np.sum(w)
    sxx = np.sum(w * (x - xm) ** 2)
    if sxx == 0:
        return None
    slope = float(np.sum(w * (x - xm) * (y - ym)) / sxx)
    resid = y - (ym + slope * (x - xm))
    dispersion = float(np.sum(w * resid**2)) / (len(x) - 2) if len(x) > 2 else 1.0
    return slope, math.sqrt(max(1.0, dispersion) / sxx)


def _kind(point: Mapping) -> object:
    """What kind of sources a point rests on: its provenance's kind, else its synthetic flag."""
    prov = point.get("provenance")
    if isinstance(prov, Provenance):
        return prov.kind()
    syn = point.get("synthetic")
    return None if syn is None or (isinstance(syn, float) and math.isnan(syn)) else bool(syn)


@dataclass(frozen=True)
class Comparable:
    """The years of a series that rest on the same kind of sources as its last year, and
    the years left out because they rest on another kind."""

    points: pd.DataFrame
    left_out: tuple[int, int] | None = None
    left_out_kind: object = None
    kept_kind: object = None


def comparable(points: pd.DataFrame) -> Comparable:
    """The latest run of years whose sources are of the same kind as the last year's.

    A change of provenance (published → example data, or real values with invented
    weights) is treated like a change of division: a change is only stated within a run.

    >>> pts = pd.DataFrame({"year": [2010, 2011, 2012, 2013], "value": [1.0, 2, 3, 4],
    ...                     "synthetic": [False, False, True, True]})
    >>> c = comparable(pts)
    >>> c.points["year"].tolist(), c.left_out
    ([2012, 2013], (2010, 2011))
    """
    pts = points.dropna(subset=["value"]).sort_values("year").reset_index(drop=True)
    if pts.empty:
        return Comparable(pts)
    kinds = [_kind(r) for r in pts.to_dict("records")]
    last = kinds[-1]
    start = len(kinds) - 1
    while start > 0 and kinds[start - 1] == last:
        start -= 1
    if start == 0:
        return Comparable(pts, kept_kind=last)
    before = pts.iloc[:start]
    return Comparable(
        pts.iloc[start:].reset_index(drop=True),
        (int(before["year"].min()), int(before["year"].max())),
        kinds[start - 1],
        last,
    )


@dataclass(frozen=True)
class Change:
    first_year: int
    last_year: int
    first: float
    last: float
    direction: str  # 'up', 'down', 'same'
    certain: bool | None  # p < 0.05; None: no limits to judge by
    difference: Difference | None = None


def change(points: pd.DataFrame, decimals: int, *, ratio: bool = False) -> Change | None:
    """From the first to the last year with a value, tested by ``difference_test``.

    ``certain`` is True when the difference is significant at 5 % (two-sided), False when
    it is not (which does not prove there is none), None when there are no limits.
    """
    pts = points.dropna(subset=["value"]).sort_values("year")
    if len(pts) < 2:
        return None
    a, b = pts.iloc[0].to_dict(), pts.iloc[-1].to_dict()
    delta = round(b["value"], decimals) - round(a["value"], decimals)
    direction = "same" if abs(delta) < 0.5 * 10**-decimals else ("up" if delta > 0 else "down")
    diff = difference_test(a, b, ratio=ratio)
    return Change(
        int(a["year"]),
        int(b["year"]),
        float(a["value"]),
        float(b["value"]),
        direction,
        diff.significant,
        diff,
    )


def highlight_defaults(series: pd.DataFrame, n: int = 1) -> list[str]:
    """The highest and lowest districts of the last year: the two ends of the gap."""
    if series.empty:
        return []
    last = series[series["year"] == series["year"].max()].dropna(subset=["value"])
    ordered = last.sort_values("value")
    codes = list(ordered["area_code"].head(n)) + list(ordered["area_code"].tail(n))
    return list(dict.fromkeys(codes))


def highlight_choice(series: pd.DataFrame, asked: list[str] | None) -> list[str]:
    """The asked-for districts of ``series``; when nothing was asked, or only areas of
    another division, the two ends of the gap."""
    names = set(series["area_code"])
    highlight = [c for c in asked if c in names] if asked is not None else []
    if asked is None or (asked and not highlight):
        return highlight_defaults(series)
    return highlight


def measure_choice(asked: list[str] | None) -> list[str]:
    """The asked-for gap measures that exist, or the default ones when none were asked."""
    return [m for m in asked if m in MEASURES] if asked else list(DEFAULT_MEASURES)


def span(frame: pd.DataFrame) -> tuple[int, int] | None:
    years = frame["year"].dropna()
    return (int(years.min()), int(years.max())) if len(years) else None


def finite(values: pd.Series) -> np.ndarray:
    return values.to_numpy(dtype=float)[np.isfinite(values.to_numpy(dtype=float))]


def year_step(*frames: pd.DataFrame) -> int:
    """The shortest step between years with a value in any of ``frames`` (1 for yearly data).

    A gap longer than this is years without data (reading in year 3 was not tested in
    2020–2021): a line must not be drawn across it.
    """
    years = sorted(
        {int(y) for f in frames if len(f) for y in f.loc[f["value"].notna(), "year"].dropna()}
    )
    steps = [b - a for a, b in zip(years, years[1:], strict=False) if b > a]
    return min(steps) if steps else 1


def break_at_gaps(part: pd.DataFrame, step: int) -> pd.DataFrame:
    """One series by year with an empty row (no value, no limits) in every gap longer than
    ``step``, so that a line drawn through it stops where the data stop (issue 11, item 9).

    The empty row keeps the series' other columns (its name and code), and is ``missing``.
    """
    part = part.sort_values("year", kind="stable")
    years = [int(y) for y in part["year"]]
    fill = [y + step for y, nxt in zip(years, years[1:], strict=False) if nxt - y > step]
    if not fill:
        return part
    blank = part.iloc[[0] * len(fill)].copy()
    blank["year"] = pd.Series(fill, index=blank.index).astype(part["year"].dtype)
    for column in ("value", "ci_low", "ci_high"):
        if column in blank:
            blank[column] = np.nan
    if "status" in blank:
        blank["status"] = "missing"
    return pd.concat([part, blank]).sort_values("year", kind="stable")
