"""Each district against the city and Sverige: interval methods against published oracles,
Fingertips' rule, and the classes on the bundled package consistent with their intervals."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from indicators.table.catalog import DENOMINATORS, Indicator
from indicators.views.map import map_comparison, map_data
from indicators.views.selection import Selection
from indicators.views.significance import (
    byar_interval,
    classify,
    classify_districts,
    district_intervals,
    wilson_interval,
)


def _ind(unit_en: str, hib: bool | None, id_: str = "x") -> Indicator:
    return Indicator(id_, id_, id_, unit_en, unit_en, hib, 1, "", "")


# Newcombe RG (1998), Two-sided confidence intervals for the single proportion, Stat Med
# 17:857–872, table I, method 3 (score interval without continuity correction).
@pytest.mark.parametrize(
    ("x", "n", "low", "high"),
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_reproduces_newcombe(x, n, low, high):
    lo, hi = wilson_interval(x, n)
    assert (round(lo, 4), round(hi, 4)) == (low, high)
    # The same from the share.
    assert wilson_interval(x / n, n, share=True) == pytest.approx((lo, hi))


def _poisson_cdf(k: int, mu: float) -> float:
    return sum(math.exp(i * math.log(mu) - mu - math.lgamma(i + 1)) for i in range(k + 1))


def _exact_poisson(o: int, alpha: float = 0.05) -> tuple[float, float]:
    """Exact (Garwood) limits by bisection on the Poisson distribution, independent of Byar."""

    def solve(target: float, k: int) -> float:
        lo, hi = 1e-9, 10.0 * (o + 10)
        for _ in range(200):
            mid = (lo + hi) / 2
            if _poisson_cdf(k, mid) > target:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2

    lower = 0.0 if o == 0 else solve(1 - alpha / 2, o - 1)
    return lower, solve(alpha / 2, o)


@pytest.mark.parametrize("o", [10, 11, 25, 65, 100, 389, 1045])
def test_byar_is_within_phe_stated_accuracy_of_exact_poisson(o):
    # PHE's Technical Guide (Confidence Intervals, 2018): Byar's method is within 0.2 % of
    # the exact value for numerators of 10 or more at 95 %.
    byar = byar_interval(o)
    exact = _exact_poisson(o)
    assert byar[0] == pytest.approx(exact[0], rel=0.002)
    assert byar[1] == pytest.approx(exact[1], rel=0.002)


def test_classify_follows_fingertips_rule_and_polarity():
    # Reference outside the district's interval: significant, coloured by polarity.
    assert classify(80, 79, 81, 78, True) == "better"
    assert classify(80, 79, 81, 78, False) == "worse"
    assert classify(80, 79, 81, 82, True) == "worse"
    assert classify(80, 79, 81, 82, False) == "better"
    # Without polarity only higher or lower.
    assert classify(80, 79, 81, 78, None) == "higher"
    assert classify(80, 79, 81, 82, None) == "lower"
    # On a limit or inside: no established difference.
    assert classify(80, 79, 81, 79, True) == "similar"
    assert classify(80, 79, 81, 80.5, True) == "similar"
    # No interval, no value or no reference: never guessed.
    for args in [
        (80, None, None, 70),
        (80, np.nan, 81, 70),
        (None, 79, 81, 70),
        (80, 79, 81, None),
    ]:
        assert classify(*args, True) == "not_assessable"


def test_a_share_with_its_denominator_gets_wilson_limits_before_the_rows_own():
    rows = pd.DataFrame(
        {
            "area_code": ["a", "b", "c"],
            "value": [100 * 81 / 263, 40.0, 40.0],
            "ci_low": [1.0, 35.0, None],
            "ci_high": [99.0, 45.0, None],
            "n": [263, None, None],
        }
    )
    out = district_intervals(rows, _ind("percent", True))
    assert out["ci_method"].tolist() == ["wilson", "row", "none"]
    assert out.loc[0, ["ci_low", "ci_high"]].round(2).tolist() == [25.53, 36.62]
    assert out.loc[1, ["ci_low", "ci_high"]].tolist() == [35.0, 45.0]


def test_a_rate_with_its_count_gets_byar_limits_on_its_own_scale():
    # 100 deaths in 20 000 person-years: 500 per 100 000.
    rows = pd.DataFrame(
        {"area_code": ["a"], "value": [500.0], "events": [100], "at_risk": [20_000]}
    )
    out = district_intervals(rows, _ind("per 100 000", False))
    lo, hi = _exact_poisson(100)
    assert out["ci_method"].tolist() == ["byar"]
    assert out.loc[0, "ci_low"] == pytest.approx(lo * 5, rel=0.002)
    assert out.loc[0, "ci_high"] == pytest.approx(hi * 5, rel=0.002)


def test_counts_of_persons_are_never_compared_with_the_city():
    rows = pd.DataFrame(
        {"area_code": ["a"], "value": [5000.0], "ci_low": [4900.0], "ci_high": [5100.0]}
    )
    out = classify_districts(rows, _ind("persons", None), 900_000.0, 10_000_000.0)
    assert out[["vs_city", "vs_country"]].values.tolist() == [["not_assessable"] * 2]


# --- the bundled package -------------------------------------------------------------------


def _compare(store, sel: Selection):
    view = map_data(store, sel)
    ind = store.catalog()[sel.indicator]
    return view, ind, map_comparison(store, view, ind)


def _reference(store, code: str, kind: str, sel: Selection) -> float:
    rows = store.current(
        municipality_code=code,
        area_type=kind,
        indicator=sel.indicator,
        year=sel.year_number,
        sex=sel.sex,
    )
    return float(rows.loc[rows["period"] == sel.period, "value"].dropna().iloc[0])


def test_classes_on_the_package_agree_with_the_published_limits(loaded_store):
    # Stockholm's life expectancy by stadsdelsområde carries limits in the package.
    store = loaded_store
    rows = store.current(
        municipality_code="0180", area_type="stadsdelsomrade_11", indicator="life_expectancy"
    )
    year = int(rows.loc[rows["ci_low"].notna(), "year"].max())
    sel = Selection("0180", "stadsdelsomrade_11", "life_expectancy", str(year), "total")
    view, ind, comp = _compare(store, sel)
    city = _reference(store, "0180", "municipality", sel)
    country = _reference(store, "00", "country", sel)
    assert (comp.city_value, comp.country_value) == (city, country)
    merged = view.districts.merge(comp.classes, on="area_code", suffixes=("", "_used"))
    assert len(merged) == len(view.districts)
    with_ci = merged[merged["ci_low"].notna()]
    assert len(with_ci) > 0 and set(with_ci["ci_method"]) == {"row"}
    for ref, col in ((city, "vs_city"), (country, "vs_country")):
        above = with_ci["ci_low"] > ref  # higher life expectancy is better
        below = with_ci["ci_high"] < ref
        assert (with_ci.loc[above, col] == "better").all()
        assert (with_ci.loc[below, col] == "worse").all()
        assert (with_ci.loc[~above & ~below, col] == "similar").all()
    assert (merged.loc[merged["ci_low"].isna(), "vs_city"] == "not_assessable").all()
    assert comp.provenance.roles() == ("reference",)


def test_employment_with_its_population_denominator_uses_wilson(loaded_store):
    # Göteborg's mellanområden have the employment rate's denominator (population 20–64,
    # published by the city) in the package; the rate itself has no limits.
    store = loaded_store
    denominator = DENOMINATORS["employment_rate"]
    pop = store.current(municipality_code="1480", area_type="mellanomrade", indicator=denominator)
    emp = store.current(
        municipality_code="1480", area_type="mellanomrade", indicator="employment_rate"
    )
    year = int(max(set(pop.dropna(subset=["value"])["year"]) & set(emp["year"])))
    sel = Selection("1480", "mellanomrade", "employment_rate", str(year), "total")
    view, ind, comp = _compare(store, sel)
    n = pop[(pop["year"] == year) & (pop["sex"] == "total")].set_index("area_code")["value"]
    merged = view.districts.merge(comp.classes, on="area_code", suffixes=("", "_used"))
    has_n = merged[merged["area_code"].isin(n.index) & merged["value"].notna()]
    assert len(has_n) > 0 and set(has_n["ci_method"]) == {"wilson"}
    for rec in has_n.to_dict("records"):
        lo, hi = wilson_interval(rec["value"] / 100, n[rec["area_code"]], share=True)
        assert (rec["ci_low_used"], rec["ci_high_used"]) == pytest.approx((100 * lo, 100 * hi))
        expected = classify(rec["value"], 100 * lo, 100 * hi, comp.city_value, True)
        assert rec["vs_city"] == expected
    # The denominators are named among the inputs, by role.
    assert "weights" in comp.provenance.roles()
    assert any("Göteborgs Stad" in s for s in comp.provenance.sources("weights"))


def test_real_values_without_limits_or_denominator_cannot_be_assessed(loaded_store):
    # Malmö's published employment rate by stadsdel has neither limits nor a denominator:
    # every district "kan inte bedömas", none is guessed.
    sel = Selection("1280", "stadsdel_10", "employment_rate", "2010", "total")
    view, ind, comp = _compare(loaded_store, sel)
    assert view.districts["value"].notna().any()
    assert set(comp.classes["vs_city"]) == {"not_assessable"}
    assert set(comp.classes["vs_country"]) == {"not_assessable"}
