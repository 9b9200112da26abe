"""Pairing rules, quantiles, simulation and the measure registry."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from indicators import measures
from indicators.measures import MEASURES, compute_all
from indicators.measures.simulate import bounded_normal, position_limits

Y = [70.0, 80.0, 75.0, 60.0]


@pytest.mark.parametrize(
    ("higher_is_better", "reference", "ordered", "pair"),
    [
        (True, None, False, (1, 3)),  # highest − lowest
        (False, None, False, (1, 3)),  # highest − lowest, whatever the polarity
        (None, None, False, (1, 3)),
        (True, 2, False, (2, 3)),  # reference − lowest other
        (False, 2, False, (1, 2)),  # highest other − reference
        (None, 0, False, (1, 0)),  # farthest other (80 and 60 tie: higher one) − reference
        (True, None, True, (3, 0)),  # most advantaged − most disadvantaged
        (False, None, True, (0, 3)),  # most disadvantaged − most advantaged
        (None, None, True, (3, 0)),
    ],
)
def test_gap_pair_follows_the_heat_table(higher_is_better, reference, ordered, pair):
    got = measures.gap_pair(
        Y, higher_is_better=higher_is_better, reference=reference, ordered=ordered
    )
    assert got == pair
    i, k = pair
    kw = {"higher_is_better": higher_is_better, "reference": reference, "ordered": ordered}
    assert measures.difference(Y, **kw) == Y[i] - Y[k]
    assert measures.ratio(Y, **kw) == Y[i] / Y[k]


def test_reference_with_ordered_groups_is_refused():
    with pytest.raises(measures.MeasureRefused, match="no reference group"):
        measures.difference(Y, higher_is_better=True, reference=0, ordered=True)


def test_difference_and_ratio_limits():
    res = compute_all(
        {
            "area": ["a", "b", "c"],
            "value": [20.0, 40, 30],
            "population": [1, 1, 1],
            "se": [3.0, 4, 1],
        },
        higher_is_better=True,
    )
    z = 1.959963984540054
    assert (res["d"].ci_low, res["d"].ci_high) == pytest.approx((20 - 5 * z, 20 + 5 * z))
    se_ln = np.sqrt(4**2 + 2**2 * 3**2) / 20 / 2
    assert (res["r"].ci_low, res["r"].ci_high) == pytest.approx(
        (2 * np.exp(-z * se_ln), 2 * np.exp(z * se_ln))
    )
    assert res["d"].note("en") == "b compared with a."


@pytest.mark.parametrize(
    ("higher_is_better", "expected"),
    [(True, 60 - 41.2244898), (False, 0.0)],
)
def test_par_clamps_to_zero_when_the_reference_is_worse(higher_is_better, expected):
    # For an adverse indicator the default reference is the lowest (20), below μ: PAR < 0.
    got = measures.par(
        [20, 30, 40, 50, 60], [78, 91, 162, 103, 105], higher_is_better=higher_is_better
    )
    assert got == pytest.approx(expected if higher_is_better else 20 - 41.2244898)
    clamped = measures.par(
        [20, 30, 40, 50, 60], [78, 91, 162, 103, 105], higher_is_better=True, reference=0
    )
    assert clamped == 0


def test_setting_average_replaces_the_weighted_mean():
    y, pop = [10, 20, 30], [1, 2, 1]
    assert measures.bgv(y, pop, mean=25) == pytest.approx((15**2 + 2 * 5**2 + 5**2) / 4)
    res = compute_all(
        {"area": list("abc"), "value": y, "population": pop}, higher_is_better=True, mean=25
    )
    assert res["par"].value == pytest.approx(5)


def test_quantile_assignment_is_population_weighted():
    # Four small districts and one with half the population.
    q = measures.assign_quantiles([1, 2, 3, 4, 5], [10, 10, 10, 10, 40], 2)
    assert q.tolist() == [1, 1, 1, 1, 2]
    q = measures.assign_quantiles([5, 4, 3, 2, 1], [10, 10, 10, 10, 40], 2, higher_is_better=False)
    assert q.tolist() == [1, 1, 1, 1, 2]


def test_quantile_table_combines_standard_errors():
    t = measures.quantile_table([10, 20], [1, 3], [1, 1], 1, se=[4.0, 4.0])
    assert t.values.tolist() == [17.5]
    assert t.se.tolist() == pytest.approx([np.sqrt((1 / 4) ** 2 * 16 + (3 / 4) ** 2 * 16)])


def test_bounded_draws_stay_in_range_and_are_seeded():
    a = bounded_normal(
        [0.5, 99.5], [10.0, 10.0], reps=500, rng=np.random.default_rng(3), lower=0, upper=100
    )
    b = bounded_normal(
        [0.5, 99.5], [10.0, 10.0], reps=500, rng=np.random.default_rng(3), lower=0, upper=100
    )
    assert (a >= 0).all() and (a <= 100).all()
    np.testing.assert_array_equal(a, b)


def test_position_limits_match_phe_positions():
    samples = np.arange(10_000.0)[::-1].copy()
    # Positions 250 and 9750 (1-based) of the sorted values.
    assert position_limits(samples, 0.95) == (249.0, 9749.0)


def test_simulated_limits_do_not_change_between_runs():
    table = {
        "area": list("abcd"),
        "value": [70.0, 75, 80, 85],
        "population": [1, 2, 3, 4],
        "se": [1.0, 1, 2, 2],
    }
    a = compute_all(table, higher_is_better=True)
    assert a == compute_all(table, higher_is_better=True)
    assert a != compute_all(table, higher_is_better=True, seed=1)
    assert a["bgsd"].ci_method.startswith("simulation: 20000 draws, seed 123456")
    assert a["bgsd"].ci_low < a["bgsd"].value < a["bgsd"].ci_high


def test_scale_bounds_the_simulation():
    table = {
        "area": list("abc"),
        "value": [1.0, 50, 99],
        "population": [1, 1, 1],
        "se": [30.0, 30, 30],
    }
    unbounded = compute_all(table, higher_is_better=True)
    bounded = compute_all(table, higher_is_better=True, scale=100)
    assert bounded["bgsd"].ci_high != unbounded["bgsd"].ci_high


def test_stratified_sii_matches_the_quantile_table_fit():
    rng = np.random.default_rng(0)
    n = 40
    income = rng.uniform(200, 500, n)
    pops = rng.integers(2000, 20000, n).astype(float)
    life = 70 + income / 40 + rng.normal(0, 0.5, n)
    table = {
        "area": [f"d{i}" for i in range(n)],
        "value": life,
        "population": pops,
        "income": income,
    }
    res = compute_all(table, higher_is_better=True, stratify_by="income", quantiles=5)
    q = measures.assign_quantiles(income, pops, 5)
    groups = measures.quantile_table(life, pops, q, 5)
    assert res["sii"].value == pytest.approx(
        measures.slope_index(groups.values, groups.populations).sii
    )
    assert res["sii"].value > 0
    assert "ranked into 5 population-weighted groups by 'income'" in res["sii"].note("en")


@pytest.mark.parametrize("method", ["linear", "log", "logit", "logistic"])
def test_every_sii_method_runs(method):
    table = {
        "area": list("abcde"),
        "value": [20.0, 30, 40, 50, 60],
        "population": [78, 91, 162, 103, 105],
        "se": [5.0, 7, 10, 12, 14],
        "rank": [1, 2, 3, 4, 5],
    }
    res = compute_all(table, higher_is_better=True, ordered=True, scale=100, sii_method=method)
    assert 30 < res["sii"].value < 60, method
    assert res["sii"].ci_low < res["sii"].value < res["sii"].ci_high
    assert 2 < res["rii"].value < 4


def test_registry_declares_every_measure_completely():
    assert measures.MEASURE_IDS == (
        "d",
        "r",
        "d_fifths",
        "bgv",
        "bgsd",
        "cov",
        "mdmu",
        "mdmw",
        "mdbu",
        "mdbw",
        "mdru",
        "mdrw",
        "idisu",
        "idisw",
        "ti",
        "mld",
        "par",
        "paf",
        "sii",
        "rii",
    )
    for mid, info in MEASURES.items():
        assert info.id == mid
        assert info.name.sv and info.name.en and info.unit.sv and info.unit.en
        assert info.no_inequality in (0.0, 1.0)
        assert info.citation
        doc = inspect.getdoc(info.function) or ""
        assert ".. math::" in doc and ">>>" in doc and "References" in doc, mid


def test_public_functions_are_documented_with_examples():
    for name in measures.__all__:
        obj = getattr(measures, name)
        if inspect.isfunction(obj):
            assert ">>>" in (inspect.getdoc(obj) or ""), name
