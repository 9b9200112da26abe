"""Consistent series across changes of division: values re-aggregated through a crosswalk."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from geodata.crosswalk import area_types, load_crosswalk, parent_map
from indicators.core.places import weight_sex
from indicators.table.catalog import Indicator
from indicators.table.package import BoundaryResource, Package
from indicators.table.store import OBS_COLUMNS, Store
from indicators.views.weights import population_weights

DEFAULT_MIN_COVERAGE = 0.9
# Floating sums of shares should not fall just below an exact threshold such as 0.9.
_EPS = 1e-9

# The store's columns (OBS_COLUMNS: the tidy ones and the period), then the bookkeeping.
OUTPUT_COLUMNS: tuple[str, ...] = (
    *OBS_COLUMNS,
    "dataset_id",
    "synthetic",
    "recalculated",
    "coverage",
    "n_children",
    "n_children_total",
    "population",
    "population_source",
    "population_synthetic",
    "note",
)

#: Why a recalculated value is empty or less complete: the keys the `note` column holds.
#: Their sentences are presentation (``dashboard/report/sentences.recalculation_note``).
NOTE_KEYS = ("no_values", "incomplete_sum", "low_coverage", "missing_weight")


def source_text(child_type: str, is_count: bool, sources: list[str]) -> str:
    """The citation of a recalculated value: how it was made, then the children's sources.

    >>> source_text("stadsdel", False, ["SCB"])
    'Omräknad från stadsdel (befolkningsviktad); SCB'
    """
    how = "summa" if is_count else "befolkningsviktad"
    return "; ".join([f"Omräknad från {child_type} ({how})", *sources])


def _single_years(frame: pd.DataFrame) -> pd.DataFrame:
    # A multi-year average is not a value of its last year; it is never mixed into a sum.
    if "period" not in frame.columns:
        return frame
    return frame[frame["period"].fillna("") == ""]


def _one(frame: pd.DataFrame, column: str, what: str) -> str:
    found = sorted(frame[column].astype(str).unique())
    if len(found) != 1:
        raise ValueError(f"reaggregate takes the rows of one {what}; got {found}.")
    return found[0]


def _no_duplicates(frame: pd.DataFrame, key: list[str], what: str) -> None:
    dup = frame[frame.duplicated(key, keep=False)]
    if not dup.empty:
        first = dup.iloc[0]
        cell = ", ".join(f"{k}={first[k]}" for k in key)
        raise ValueError(f"The {what} hold more than one row for one cell ({cell}).")


def _empty() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in OUTPUT_COLUMNS})
    return _typed(frame)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for col in ("value", "ci_low", "ci_high", "coverage", "population"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    for col in ("year", "n_children", "n_children_total"):
        frame[col] = frame[col].astype("int64")
    for col in ("synthetic", "recalculated", "population_synthetic"):
        frame[col] = frame[col].astype(bool)
    # A recalculated row comes from many imports, not from one dataset version.
    frame["dataset_id"] = pd.array([pd.NA] * len(frame), dtype="Int64")
    for col in (
        "municipality_code",
        "area_type",
        "area_code",
        "area_name",
        "indicator",
        "sex",
        "flag",
        "source",
        "period",
        "note",
        "population_source",
    ):
        frame[col] = frame[col].astype("str")
    return frame[list(OUTPUT_COLUMNS)]


def reaggregate(
    rows: pd.DataFrame,
    weights: pd.DataFrame | None,
    parent_of: dict[str, str],
    parent_names: dict[str, str],
    *,
    indicator: Indicator,
    target_area_type: str,
    weight_sex: str | None = None,
    min_coverage: float = DEFAULT_MIN_COVERAGE,
) -> pd.DataFrame:
    """The values of the parent areas, recomputed from their children's values.

    ``rows`` are current tidy rows of one city, one (smallest) area type and one indicator,
    any years and sexes; rows with a ``period`` are left out. ``weights`` are the
    ``population`` rows of the same areas and years, matched by sex, or all of sex
    ``weight_sex`` when it is given (``"total"`` for CNI). ``parent_of`` maps every child
    code to its parent's code: the children a parent should have come from it, so a child
    without a row counts as missing.

    Counts are summed; the sum is empty (note ``incomplete_sum``) when any child has no
    value, since a sum with holes would be too low. Other indicators are the
    population-weighted mean of the children that have both a value and a weight above 0;
    without ``weights`` they cannot be re-aggregated and a ``ValueError`` is raised.

    ``coverage`` is the population share of the children that have a value (by number of
    children when a count has no complete weights); a mean is empty below ``min_coverage``.
    The result has the store's columns (``area_type`` = ``target_area_type``, ``flag``
    '' or 'provisional' when a contributing child is provisional, ``dataset_id`` empty)
    plus ``recalculated`` (always true: show it as "omräknad"), ``coverage``,
    ``n_children`` (children used), ``n_children_total``, ``population`` (the parent's
    summed weight, empty if a child has none) and ``note`` (one of ``NOTE_KEYS``).
    ``synthetic`` is true when any child value or weight used is example data.
    """
    if not indicator.is_count and weights is None:
        raise ValueError(
            f"'{indicator.id}' is an average or a rate: it cannot be re-aggregated to "
            f"'{target_area_type}' without population weights (only counts can be summed)."
        )
    rows = _single_years(rows)
    if rows.empty:
        return _empty()
    municipality, child_type = _checked(rows, indicator)
    grid = _with_weights(_value_grid(rows, parent_of), weights, weight_sex)
    grid = _marked(grid, indicator.is_count)
    agg = _with_results(_aggregated(grid), indicator.is_count, min_coverage)
    agg = _with_sources(agg, grid, child_type, indicator.is_count)
    frame = _parent_frame(agg, municipality, target_area_type, indicator.id, parent_names)
    if weights is None:
        frame["population"] = np.nan
    frame = frame.sort_values(["year", "sex", "area_code"]).reset_index(drop=True)
    return _typed(frame)


# The cells a parent's value is computed over.
_KEYS = ["parent", "year", "sex"]


def _checked(rows: pd.DataFrame, indicator: Indicator) -> tuple[str, str]:
    """The rows' municipality and area type; ValueError unless they are of one of each,
    of ``indicator`` and without two rows for one cell."""
    municipality = _one(rows, "municipality_code", "municipality")
    child_type = _one(rows, "area_type", "area type")
    found = _one(rows, "indicator", "indicator")
    if found != indicator.id:
        raise ValueError(f"The rows hold '{found}', not '{indicator.id}'.")
    _no_duplicates(rows, ["area_code", "year", "sex"], "rows")
    return municipality, child_type


def _value_grid(rows: pd.DataFrame, parent_of: dict[str, str]) -> pd.DataFrame:
    """One row per child of the crosswalk, year and sex, with its value if it has one."""
    children = pd.DataFrame(
        {"area_code": list(parent_of), "parent": list(parent_of.values())}, dtype="str"
    )
    # Every child of the crosswalk in every year and sex the rows hold: a child without a
    # row is then a missing child, not one that does not exist.
    cells = rows[["year", "sex"]].drop_duplicates()
    grid = children.merge(cells, how="cross")
    values = rows[["area_code", "year", "sex", "value", "flag", "source", "synthetic"]]
    grid = grid.merge(values, on=["area_code", "year", "sex"], how="left")
    grid["value"] = pd.to_numeric(grid["value"], errors="coerce").astype("float64")
    grid["synthetic"] = grid["synthetic"].fillna(False).astype(bool)
    grid["flag"] = grid["flag"].fillna("").astype("str")
    return grid


def _with_weights(
    grid: pd.DataFrame, weights: pd.DataFrame | None, weight_sex: str | None
) -> pd.DataFrame:
    """``grid`` with each child's ``weight``, ``weight_synthetic`` and ``weight_source``."""
    if weights is None:
        return grid.assign(weight=np.nan, weight_synthetic=False, weight_source="")
    w = _single_years(weights)
    if weight_sex is not None:
        w = w[w["sex"] == weight_sex]
        on = ["area_code", "year"]
    else:
        on = ["area_code", "year", "sex"]
    _no_duplicates(w, on, "weights")
    if "source" not in w:
        w = w.assign(source="")
    w = w[[*on, "value", "synthetic", "source"]].rename(
        columns={"value": "weight", "synthetic": "weight_synthetic", "source": "weight_source"}
    )
    grid = grid.merge(w, on=on, how="left")
    grid["weight"] = pd.to_numeric(grid["weight"], errors="coerce").astype("float64")
    grid["weight_synthetic"] = grid["weight_synthetic"].fillna(False).astype(bool)
    grid["weight_source"] = grid["weight_source"].fillna("").astype("str")
    return grid


def _marked(grid: pd.DataFrame, is_count: bool) -> pd.DataFrame:
    """``grid`` with what each child adds to its parent's sums (zero when it is not used)."""
    has_value = grid["value"].notna()
    has_weight = grid["weight"].notna()
    # A count needs no weight; a mean can only use children whose population is known.
    used = has_value if is_count else has_value & (grid["weight"] > 0)
    weight = grid["weight"].fillna(0.0)
    return grid.assign(
        has_value=has_value,
        has_weight=has_weight,
        used=used,
        wv=(weight * grid["value"]).where(used, 0.0),
        w_used=weight.where(used, 0.0),
        w_value=weight.where(has_value, 0.0),
        w_known=weight.where(has_weight, 0.0),
        v_used=grid["value"].where(used, 0.0),
        provisional=used & (grid["flag"] == "provisional"),
        # Example data anywhere in the value or in the weight it got makes the result so.
        any_synthetic=grid["synthetic"] | (used & grid["weight_synthetic"]),
        used_weight_synthetic=used & grid["weight_synthetic"],
    )


def _aggregated(grid: pd.DataFrame) -> pd.DataFrame:
    """One row per parent, year and sex: counts of children and the sums of ``_marked``."""
    return (
        grid.groupby(_KEYS, sort=True)
        .agg(
            n_total=("area_code", "size"),
            n_value=("has_value", "sum"),
            n_weight=("has_weight", "sum"),
            n_used=("used", "sum"),
            wv=("wv", "sum"),
            w_used=("w_used", "sum"),
            w_value=("w_value", "sum"),
            w_known=("w_known", "sum"),
            v_sum=("v_used", "sum"),
            provisional=("provisional", "any"),
            synthetic=("any_synthetic", "any"),
            population_synthetic=("used_weight_synthetic", "any"),
        )
        .reset_index()
    )


def _complete_weights(agg: pd.DataFrame) -> pd.Series:
    return agg["n_weight"] == agg["n_total"]


def _with_results(agg: pd.DataFrame, is_count: bool, min_coverage: float) -> pd.DataFrame:
    """``agg`` with each parent's value, coverage and note (a key of ``NOTE_KEYS`` or '')."""
    complete_weights = _complete_weights(agg)
    share_by_number = agg["n_value"] / agg["n_total"]
    with np.errstate(divide="ignore", invalid="ignore"):
        share_by_weight = (agg["w_value"] / agg["w_known"]).where(agg["w_known"] > 0)
        mean = (agg["wv"] / agg["w_used"]).where(agg["w_used"] > 0)
    note = pd.Series("", index=agg.index, dtype="str")
    if is_count:
        coverage = share_by_weight.where(complete_weights, share_by_number)
        complete = agg["n_value"] == agg["n_total"]
        value = agg["v_sum"].where(complete)
        note[~complete] = "incomplete_sum"
    else:
        coverage = share_by_weight
        enough = coverage >= min_coverage - _EPS
        value = mean.where(enough)
        note[~complete_weights] = "missing_weight"
        note[~enough] = "low_coverage"
    note[agg["n_value"] == 0] = "no_values"
    return agg.assign(value=value, coverage=coverage, note=note)


def _with_sources(
    agg: pd.DataFrame, grid: pd.DataFrame, child_type: str, is_count: bool
) -> pd.DataFrame:
    """``agg`` with each value's citation, and the sources of the weights it used."""
    used = grid[grid["used"]]
    out_sources = (
        used[[*_KEYS, "source"]]
        .drop_duplicates()
        .sort_values("source")
        .groupby(_KEYS)["source"]
        .agg(list)
    )
    cells = agg.set_index(_KEYS).index
    sources = cells.map(lambda k: source_text(child_type, is_count, out_sources.get(k, [])))
    # The population weights' own sources, so a gap measure weighted by them can cite them.
    weight_sources = (
        used[used["weight_source"] != ""][[*_KEYS, "weight_source"]]
        .drop_duplicates()
        .sort_values("weight_source")
        .groupby(_KEYS)["weight_source"]
        .agg(lambda s: "; ".join(s))
    )
    population_sources = cells.map(lambda k: weight_sources.get(k, ""))
    return agg.assign(source=list(sources), population_source=list(population_sources))


def _parent_frame(
    agg: pd.DataFrame,
    municipality: str,
    area_type: str,
    indicator: str,
    parent_names: dict[str, str],
) -> pd.DataFrame:
    """The rows of the parents in the store's columns plus the bookkeeping ones."""
    return pd.DataFrame(
        {
            "municipality_code": municipality,
            "area_type": area_type,
            "area_code": agg["parent"],
            "area_name": agg["parent"].map(lambda c: parent_names.get(c, c)),
            "indicator": indicator,
            "sex": agg["sex"],
            "year": agg["year"],
            "value": agg["value"],
            "ci_low": np.nan,
            "ci_high": np.nan,
            # The tidy contract has no 'recalculated' flag; that is its own column.
            "flag": np.where(agg["provisional"], "provisional", ""),
            "source": agg["source"],
            "period": "",
            "dataset_id": pd.NA,
            "synthetic": agg["synthetic"],
            "recalculated": True,
            "coverage": agg["coverage"],
            "n_children": agg["n_used"],
            "n_children_total": agg["n_total"],
            "population": agg["w_known"].where(_complete_weights(agg) & (agg["n_total"] > 0)),
            "population_source": agg["population_source"],
            "population_synthetic": agg["population_synthetic"],
            "note": agg["note"],
        }
    )


def _crosswalk_names(crosswalk: pd.DataFrame, area_type: str) -> dict[str, str]:
    code, name = f"{area_type}_code", f"{area_type}_name"
    if name not in crosswalk.columns:
        return {}
    pairs = crosswalk[[code, name]].dropna().drop_duplicates(code)
    return dict(zip(pairs[code], pairs[name], strict=True))


def can_recalculate(package: Package, city: str, target_area_type: str) -> bool:
    """Whether the city's crosswalk links its smallest areas to ``target_area_type``."""
    resource = package.crosswalk(city)
    if resource is None:
        return False
    crosswalk = load_crosswalk(resource.path)
    source_type = resource.smallest_area_type or area_types(crosswalk)[0]
    return target_area_type != source_type and target_area_type in area_types(crosswalk)


def consistent_series(
    store: Store,
    package: Package,
    catalog: dict[str, Indicator],
    city: str,
    target_area_type: str,
    indicator: str,
    sex: str | None = None,
    *,
    min_coverage: float = DEFAULT_MIN_COVERAGE,
) -> pd.DataFrame | None:
    """One division's values for every year, recalculated from the city's smallest areas.

    ``city`` is the municipality code. Returns ``None`` when it cannot be offered: the
    city has no crosswalk, ``target_area_type`` is not one of its parent levels (e.g.
    ``regso_2020``), the store has no rows of the indicator at the smallest level, or an
    average or rate has no population weights there. ``sex=None`` means every sex.
    """
    resource = package.crosswalk(city)
    if resource is None:
        return None
    crosswalk = load_crosswalk(resource.path)
    source_type = resource.smallest_area_type or area_types(crosswalk)[0]
    # Only the smallest units are re-aggregated: a middle level may not nest in the target,
    # and its own values were already rounded and suppressed once.
    if target_area_type == source_type or target_area_type not in area_types(crosswalk):
        return None
    if indicator not in catalog:
        raise ValueError(f"'{indicator}' is not in the indicator catalog.")
    ind = catalog[indicator]
    rows = _single_years(
        store.current(municipality_code=city, area_type=source_type, indicator=indicator, sex=sex)
    )
    if rows.empty:
        return None
    weights = population_weights(store, city, source_type, indicator, sex)
    if weights.empty:
        if not ind.is_count:
            return None
        weights = None
    return reaggregate(
        rows,
        weights,
        parent_map(crosswalk, source_type, target_area_type),
        _crosswalk_names(crosswalk, target_area_type),
        indicator=ind,
        target_area_type=target_area_type,
        # One sex of weights for every row (the rows are of one sex): the indicator's rule.
        weight_sex=weight_sex(indicator, sex),
        min_coverage=min_coverage,
    )


def chains(links: dict[str, list[str]]) -> list[list[str]]:
    """Every longest path through ``links`` (old → the ones that replaced it), in key order.

    >>> chains({"a": ["b"], "b": ["c"], "x": [], "p": ["q", "r"]})
    [['a', 'b', 'c'], ['p', 'q'], ['p', 'r']]
    """
    followers = {b for after in links.values() for b in after}
    out: list[list[str]] = []

    def walk(path: list[str]) -> None:
        after = [b for b in links.get(path[-1], []) if b not in path]
        if not after:
            out.append(path)
        for b in after:
            walk([*path, b])

    for start in links:
        if start not in followers and links[start]:
            walk([start])
    return out


def _dated(package: Package, city: str) -> list[BoundaryResource]:
    found = [b for b in package.boundaries if b.municipality_code == city]
    return sorted(found, key=lambda b: (b.valid_from or date.min, b.area_type))


def successions(package: Package, city: str) -> list[list[str]]:
    """Chains of area types of ``city`` that replaced each other, oldest first.

    B follows A when B came into force the day after A ended; area types without dates
    (the smallest units, statistical divisions) follow nothing.
    """
    dated = _dated(package, city)
    links = {
        a.area_type: [
            b.area_type
            for b in dated
            if a.valid_to is not None and b.valid_from == a.valid_to + timedelta(days=1)
        ]
        for a in dated
    }
    return chains(links)


def division_breaks(
    package: Package, chain: list[str], city: str | None = None
) -> list[tuple[str, str, date]]:
    """(old area type, new area type, first day of the new one) for each change in ``chain``.

    ``city`` may be left out when each area type belongs to one city only.
    """
    breaks: list[tuple[str, str, date]] = []
    for old, new in zip(chain, chain[1:], strict=False):
        resource = _boundary(package, new, city)
        if resource.valid_from is None:
            raise ValueError(f"'{new}' has no valid_from date; it does not follow '{old}'.")
        breaks.append((old, new, resource.valid_from))
    return breaks


def _boundary(package: Package, area_type: str, city: str | None) -> BoundaryResource:
    found = [
        b
        for b in package.boundaries
        if b.area_type == area_type and (city is None or b.municipality_code == city)
    ]
    if len(found) != 1:
        where = f" in {city}" if city else ""
        raise ValueError(
            f"Expected one boundary file of area type '{area_type}'{where}, found {len(found)}."
        )
    return found[0]
