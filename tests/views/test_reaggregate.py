"""Re-aggregation through crosswalks: hand-computed small cases and the package's own aggregates."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard.report.sentences import recalculation_note
from indicators.views.reaggregate import (
    OUTPUT_COLUMNS,
    consistent_series,
    division_breaks,
    reaggregate,
    successions,
)

# Two parents with three children each: P = a, b, c and Q = d, e, f.
PARENT_OF = {"a": "P", "b": "P", "c": "P", "d": "Q", "e": "Q", "f": "Q"}
NAMES = {"P": "Parkstaden", "Q": "Åsen"}
POP = {"a": 1000, "b": 3000, "c": 1000, "d": 2000, "e": 2000, "f": 1000}
LIFE = {"a": 80.0, "b": 83.0, "c": 86.0, "d": 70.0, "e": 75.0, "f": 90.0}


def tidy(
    indicator: str,
    values: dict[str, float | None],
    *,
    sex: str = "total",
    year: int = 2020,
    flag: str = "",
    synthetic: bool = False,
    source: str = "Källa X",
) -> pd.DataFrame:
    """Store-like rows of one indicator, sex and year at the small level."""
    n = len(values)
    return pd.DataFrame(
        {
            "municipality_code": ["9999"] * n,
            "area_type": ["small"] * n,
            "area_code": list(values),
            "area_name": [c.upper() for c in values],
            "indicator": [indicator] * n,
            "sex": [sex] * n,
            "year": [year] * n,
            "value": [np.nan if v is None else float(v) for v in values.values()],
            "ci_low": [np.nan] * n,
            "ci_high": [np.nan] * n,
            "flag": [flag] * n,
            "source": [source] * n,
            "period": [""] * n,
            "dataset_id": [1] * n,
            "synthetic": [synthetic] * n,
        }
    )


def run(rows, weights, ind, **kw) -> pd.DataFrame:
    return reaggregate(rows, weights, PARENT_OF, NAMES, indicator=ind, target_area_type="big", **kw)


def by_parent(frame: pd.DataFrame, column: str = "value") -> dict[str, float]:
    return dict(zip(frame["area_code"], frame[column], strict=True))


# -- small cases, computed by hand ---------------------------------------------------------


def test_weighted_mean_by_hand(tiny_catalog):
    out = run(
        tidy("life_expectancy", LIFE), tidy("population", POP), tiny_catalog["life_expectancy"]
    )
    # P: (1000·80 + 3000·83 + 1000·86) / 5000 = 83;  Q: (2000·70 + 2000·75 + 1000·90) / 5000 = 76
    assert by_parent(out) == {"P": 83.0, "Q": 76.0}
    assert by_parent(out, "coverage") == {"P": 1.0, "Q": 1.0}
    assert by_parent(out, "population") == {"P": 5000.0, "Q": 5000.0}
    assert list(out["n_children"]) == [3, 3]
    assert list(out.columns) == list(OUTPUT_COLUMNS)
    assert list(out["area_name"]) == ["Parkstaden", "Åsen"]
    assert set(out["area_type"]) == {"big"} and set(out["municipality_code"]) == {"9999"}
    # 'recalculated' is not a flag of the tidy contract: it is a column of its own.
    assert set(out["flag"]) == {""} and out["recalculated"].all()
    assert out["ci_low"].isna().all() and out["ci_high"].isna().all()
    assert set(out["period"]) == {""} and out["dataset_id"].isna().all()
    assert set(out["source"]) == {"Omräknad från small (befolkningsviktad); Källa X"}
    assert set(out["note"]) == {""}
    assert not out["synthetic"].any()


def test_counts_are_summed(tiny_catalog):
    out = run(tidy("population", POP), None, tiny_catalog["population"])
    assert by_parent(out) == {"P": 5000.0, "Q": 5000.0}
    assert by_parent(out, "coverage") == {"P": 1.0, "Q": 1.0}
    assert set(out["source"]) == {"Omräknad från small (summa); Källa X"}


def test_a_sum_with_a_missing_child_is_missing(tiny_catalog):
    counts = dict(POP, f=None)
    out = run(tidy("population", counts), None, tiny_catalog["population"])
    assert by_parent(out) == {"P": 5000.0, "Q": pytest.approx(np.nan, nan_ok=True)}
    q = out.set_index("area_code").loc["Q"]
    assert q["note"] == "incomplete_sum"
    assert q["coverage"] == pytest.approx(2 / 3)  # by number: no weights were given
    assert "summa med luckor" in recalculation_note(q["note"])
    # With weights, the coverage of a count is a population share: 4000 of 5000.
    weighted = run(tidy("population", counts), tidy("population", POP), tiny_catalog["population"])
    assert by_parent(weighted, "coverage")["Q"] == pytest.approx(0.8)
    assert math.isnan(by_parent(weighted)["Q"])


def test_a_missing_child_lowers_coverage_and_below_the_minimum_the_mean_is_missing(
    tiny_catalog,
):
    values = dict(LIFE, f=None)  # f holds 1000 of Q's 5000 inhabitants
    rows, weights = tidy("life_expectancy", values), tidy("population", POP)
    out = run(rows, weights, tiny_catalog["life_expectancy"])
    q = out.set_index("area_code").loc["Q"]
    assert q["coverage"] == pytest.approx(0.8)
    assert math.isnan(q["value"]) and q["note"] == "low_coverage"
    assert by_parent(out)["P"] == 83.0
    lenient = run(rows, weights, tiny_catalog["life_expectancy"], min_coverage=0.75)
    # (2000·70 + 2000·75) / 4000
    assert by_parent(lenient)["Q"] == 72.5
    assert by_parent(lenient, "n_children")["Q"] == 2
    assert by_parent(lenient, "n_children_total")["Q"] == 3
    assert by_parent(lenient, "note")["Q"] == ""


def test_a_child_without_any_row_is_missing_too(tiny_catalog):
    values = {k: v for k, v in LIFE.items() if k != "f"}
    out = run(
        tidy("life_expectancy", values), tidy("population", POP), tiny_catalog["life_expectancy"]
    )
    assert by_parent(out, "coverage")["Q"] == pytest.approx(0.8)
    assert math.isnan(by_parent(out)["Q"])


def test_a_suppressed_child_with_a_weight_counts_against_coverage(tiny_catalog):
    rows = tidy("life_expectancy", dict(LIFE, a=None))
    rows.loc[rows["area_code"] == "a", "flag"] = "suppressed"
    weights = tidy("population", POP)
    out = run(rows, weights, tiny_catalog["life_expectancy"])
    assert by_parent(out, "coverage")["P"] == pytest.approx(0.8)  # 4000 of 5000
    assert math.isnan(by_parent(out)["P"])
    assert set(out["flag"]) == {""}
    # (3000·83 + 1000·86) / 4000
    exact = run(rows, weights, tiny_catalog["life_expectancy"], min_coverage=0.8)
    assert by_parent(exact)["P"] == 83.75


def test_a_child_with_a_value_but_no_weight_is_left_out_and_noted(tiny_catalog):
    weights = tidy("population", {k: v for k, v in POP.items() if k != "c"})
    out = run(tidy("life_expectancy", LIFE), weights, tiny_catalog["life_expectancy"])
    p = out.set_index("area_code").loc["P"]
    # (1000·80 + 3000·83) / 4000; coverage among the children whose population is known.
    assert p["value"] == 82.25 and p["coverage"] == 1.0
    assert p["note"] == "missing_weight" and p["n_children"] == 2
    assert math.isnan(p["population"])  # the parent's population is not known either


def test_cni_is_weighted_by_the_total_population_for_every_sex(tiny_catalog):
    cni = {"a": 1.0, "b": 2.0, "c": 0.5, "d": 1.5, "e": 1.5, "f": 0.9}
    rows = pd.concat([tidy("cni", cni, sex="women"), tidy("cni", cni, sex="men")])
    # Women's and men's populations that would give other means if they were used.
    skewed = {k: 1 if k in ("a", "d") else 9000 for k in POP}
    weights = pd.concat(
        [
            tidy("population", POP, sex="total"),
            tidy("population", skewed, sex="women"),
            tidy("population", skewed, sex="men"),
        ]
    )
    out = run(rows, weights, tiny_catalog["cni"], weight_sex="total")
    assert sorted(set(out["sex"])) == ["men", "women"]
    # P: (1000·1 + 3000·2 + 1000·0.5) / 5000 = 1.5;  Q: (2000·1.5 + 2000·1.5 + 1000·0.9) / 5000
    for sex in ("women", "men"):
        part = out[out["sex"] == sex]
        assert by_parent(part) == {"P": 1.5, "Q": pytest.approx(1.38)}
        assert by_parent(part, "population") == {"P": 5000.0, "Q": 5000.0}


def test_weights_follow_the_sex_of_each_value(tiny_catalog):
    rows = pd.concat(
        [tidy("life_expectancy", LIFE, sex="women"), tidy("life_expectancy", LIFE, sex="men")]
    )
    even = dict.fromkeys(POP, 1000)
    weights = pd.concat([tidy("population", POP, sex="women"), tidy("population", even, sex="men")])
    out = run(rows, weights, tiny_catalog["life_expectancy"])
    women, men = out[out["sex"] == "women"], out[out["sex"] == "men"]
    assert by_parent(women) == {"P": 83.0, "Q": 76.0}
    assert by_parent(men) == {"P": 83.0, "Q": pytest.approx(235 / 3)}


def test_averages_without_weights_are_refused(tiny_catalog):
    with pytest.raises(ValueError, match="without population weights"):
        run(tidy("life_expectancy", LIFE), None, tiny_catalog["life_expectancy"])


def test_period_rows_are_ignored_and_years_kept_apart(tiny_catalog):
    later = tidy("life_expectancy", {k: v + 1 for k, v in LIFE.items()}, year=2021)
    period = tidy("life_expectancy", dict.fromkeys(LIFE, 0.0), year=2021)
    period["period"] = "2017-2021"
    period["flag"] = "period:2017-2021"
    rows = pd.concat([tidy("life_expectancy", LIFE), later, period])
    weights = pd.concat([tidy("population", POP), tidy("population", POP, year=2021)])
    out = run(rows, weights, tiny_catalog["life_expectancy"])
    assert list(zip(out["year"], out["area_code"], out["value"], strict=True)) == [
        (
            2020,
            "P",
            83.0,
        ),
        (2020, "Q", 76.0),
        (2021, "P", 84.0),
        (2021, "Q", 77.0),
    ]


def test_provisional_and_synthetic_children_mark_the_parent(tiny_catalog):
    rows = tidy("life_expectancy", LIFE)
    rows.loc[rows["area_code"] == "b", "flag"] = "provisional"
    out = run(rows, tidy("population", POP, synthetic=True), tiny_catalog["life_expectancy"])
    assert by_parent(out, "flag") == {"P": "provisional", "Q": ""}
    # Invented weights make an invented result, even from real values.
    assert out["synthetic"].all()


def test_rows_of_another_indicator_are_refused(tiny_catalog):
    with pytest.raises(ValueError, match="reading_grade3"):
        run(tidy("reading_grade3", LIFE), tidy("population", POP), tiny_catalog["life_expectancy"])


def test_no_rows_give_an_empty_frame_with_the_columns(tiny_catalog):
    out = run(tidy("life_expectancy", {}), tidy("population", POP), tiny_catalog["life_expectancy"])
    assert out.empty and list(out.columns) == list(OUTPUT_COLUMNS)


# -- the bundled package: recalculated against the package's own aggregates -----------------


def published(store, city: str, area_type: str, indicator: str, **filters) -> pd.DataFrame:
    rows = store.current(
        municipality_code=city, area_type=area_type, indicator=indicator, **filters
    )
    # The package's aggregates are synthetic; real rows of the same cell outrank them.
    return rows[(rows["period"] == "") & rows["synthetic"]]


def test_stockholm_life_expectancy_matches_the_published_stadsdelsomraden(loaded_store, package):
    out = consistent_series(
        loaded_store,
        package,
        loaded_store.catalog(),
        "0180",
        "stadsdelsomrade_11",
        "life_expectancy",
        sex="total",
    )
    out = out[out["year"].isin([2023, 2024])]
    pub = published(loaded_store, "0180", "stadsdelsomrade_11", "life_expectancy", sex="total")
    both = out.merge(pub, on=["area_code", "year"], suffixes=("", "_pub"))
    assert len(both) == 22  # 11 stadsdelsområden × 2 years
    assert (both["coverage"] >= 0.9).all() and both["value"].notna().all()
    diff = (both["value"] - both["value_pub"]).abs()
    # The generator averaged unrounded values, suppressed children included; ours are
    # rounded to 0.1 and leave the suppressed out (measured: at most 0.08 years).
    assert diff.max() <= 0.15
    full = both["coverage"] == 1.0
    assert (diff[full] <= 0.1).all()  # two roundings of half a decimal each
    assert set(both["area_name"]) == set(pub["area_name"])
    assert both["recalculated"].all() and both["synthetic"].all()
    assert set(both["source"]) == {
        "Omräknad från stadsdel (befolkningsviktad); "
        "Exempeldata (syntetiska värden, ej officiell statistik)"
    }


def test_stockholm_population_sums_to_the_published_2015_districts(loaded_store, package):
    out = consistent_series(
        loaded_store, package, loaded_store.catalog(), "0180", "stadsdelsomrade_14", "population"
    )
    out = out[out["year"] == 2015]
    pub = published(loaded_store, "0180", "stadsdelsomrade_14", "population", year=2015)
    both = out.merge(pub, on=["area_code", "sex"], suffixes=("", "_pub"))
    complete = both[both["n_children"] == both["n_children_total"]]
    assert len(both) == 14 * 3 and len(complete) == len(both)
    assert (complete["value"] == complete["value_pub"]).all()


def test_goteborg_stadsomraden_get_a_series_from_2010(loaded_store, package):
    out = consistent_series(
        loaded_store,
        package,
        loaded_store.catalog(),
        "1480",
        "stadsomrade_4",
        "life_expectancy",
        sex="total",
    )
    assert sorted(out["year"].unique()) == list(range(2010, 2025))
    assert out.groupby("year")["area_code"].nunique().eq(4).all()
    assert out["value"].notna().all()
    assert set(out["area_code"]) == {"01", "02", "03", "04"}
    # Where the division existed (2021–), the package publishes it; the series agrees.
    pub = published(loaded_store, "1480", "stadsomrade_4", "life_expectancy", sex="total")
    both = out.merge(pub, on=["area_code", "year"], suffixes=("", "_pub"))
    assert sorted(both["year"].unique()) == [2021, 2022, 2023, 2024]
    assert (both["value"] - both["value_pub"]).abs().max() <= 0.15


def test_no_series_where_the_crosswalk_does_not_reach(loaded_store, package):
    catalog = loaded_store.catalog()
    for city, area_type in [
        ("0180", "regso_2020"),  # no crosswalk column
        ("0180", "stadsdel"),  # the smallest level itself
        ("1480", "regso_2025"),  # a division that does not nest in the crosswalk
        ("00", "country"),  # no crosswalk at all
    ]:
        assert (
            consistent_series(loaded_store, package, catalog, city, area_type, "life_expectancy")
            is None
        )


# -- successions of divisions ---------------------------------------------------------------


def test_successions_in_the_package(package):
    assert successions(package, "0180") == [
        ["stadsdelsomrade_14", "stadsdelsomrade_13", "stadsdelsomrade_11"]
    ]
    assert successions(package, "1480") == [["stadsdelsnamnd_10", "stadsomrade_4"]]
    assert successions(package, "1280") == [["stadsdel_10", "stadsomrade_5"]]
    assert successions(package, "00") == []


def test_division_breaks_give_the_dates_of_change(package):
    (chain,) = successions(package, "0180")
    assert division_breaks(package, chain) == [
        ("stadsdelsomrade_14", "stadsdelsomrade_13", date(2020, 7, 1)),
        ("stadsdelsomrade_13", "stadsdelsomrade_11", date(2023, 7, 1)),
    ]
    assert division_breaks(package, ["stadsdel_10", "stadsomrade_5"], "1280") == [
        ("stadsdel_10", "stadsomrade_5", date(2013, 7, 1))
    ]


def test_published_values_weighted_by_invented_populations_are_example_data(tiny_catalog):
    # Issue 8: a recalculated value is example data if its children's values OR the
    # population weights it was averaged with are; the weights' source travels with it.
    out = run(
        tidy("life_expectancy", LIFE, source="Stadens statistik"),
        tidy("population", POP, synthetic=True, source="Exempeldata"),
        tiny_catalog["life_expectancy"],
    )
    assert out["synthetic"].all()
    assert out["population_synthetic"].all()
    assert set(out["population_source"]) == {"Exempeldata"}
    real = run(
        tidy("life_expectancy", LIFE), tidy("population", POP), tiny_catalog["life_expectancy"]
    )
    assert not real["synthetic"].any() and not real["population_synthetic"].any()
