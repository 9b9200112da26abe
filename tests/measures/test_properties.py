"""Invariants of the gap measures as Hypothesis property tests (MEASURES.md §5)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators import measures
from indicators.measures import MEASURES, compute_all

settings.register_profile("gaps", deadline=None, max_examples=60)
settings.load_profile("gaps")

values_st = st.floats(min_value=1.0, max_value=1000.0, allow_nan=False)
pops_st = st.integers(min_value=50, max_value=50_000)
polarity_st = st.sampled_from([True, False, None])


@st.composite
def district_tables(draw, min_size=3, max_size=25, se=True):
    n = draw(st.integers(min_value=min_size, max_value=max_size))
    table = {
        "area": [f"district {i:02d}" for i in range(n)],
        "value": draw(st.lists(values_st, min_size=n, max_size=n)),
        "population": draw(st.lists(pops_st, min_size=n, max_size=n)),
    }
    if se:
        table["se"] = draw(st.lists(st.floats(0.0, 20.0), min_size=n, max_size=n))
    return table


def _close(a: float | None, b: float | None, rel: float = 1e-9, abs_: float = 1e-9) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


# --- no inequality --------------------------------------------------------------------------


@given(
    value=values_st,
    pops=st.lists(pops_st, min_size=3, max_size=20),
    hib=polarity_st,
    with_reference=st.booleans(),
)
def test_equal_districts_give_the_no_inequality_value(value, pops, hib, with_reference):
    n = len(pops)
    table = {"area": [f"a{i}" for i in range(n)], "value": [value] * n, "population": pops}
    res = compute_all(table, higher_is_better=hib, reference="a1" if with_reference else None)
    for mid, r in res.items():
        if r.value is not None:
            assert r.value == pytest.approx(MEASURES[mid].no_inequality, abs=1e-9), mid
    # Everything that can be computed without ordered groups or polarity was computed.
    expected = {
        "d",
        "r",
        "d_fifths",
        "bgv",
        "bgsd",
        "cov",
        "mdmu",
        "mdmw",
        "idisu",
        "idisw",
        "ti",
        "mld",
    }
    expected |= {"mdbu", "mdbw", "par", "paf"} if hib is not None else set()
    expected |= {"mdru", "mdrw"} if with_reference else set()
    assert {mid for mid, r in res.items() if r.value is not None} == expected


@given(
    value=st.integers(1, 99),
    pops=st.lists(st.integers(1, 500), min_size=3, max_size=12),
    hib=polarity_st,
)
def test_equal_ordered_groups_give_the_no_inequality_value(value, pops, hib):
    n = len(pops)
    # Whole percentages of populations in hundreds: HEAT's logistic model rounds events,
    # and with these the rounding leaves equal shares equal.
    table = {
        "area": [f"q{i}" for i in range(n)],
        "value": [float(value)] * n,
        "population": [100 * p for p in pops],
        "rank": list(range(1, n + 1)),
    }
    for scale in (None, 100.0):
        res = compute_all(table, higher_is_better=hib, ordered=True, scale=scale)
        for mid in ("d", "r", "sii", "rii", "par", "paf"):
            if mid in ("par", "paf") and hib is None:
                continue
            assert res[mid].value == pytest.approx(MEASURES[mid].no_inequality, abs=1e-9), mid


# --- invariance to the order of the rows ------------------------------------------------------


@given(table=district_tables(), hib=polarity_st, seed=st.integers(0, 2**32 - 1))
def test_reordering_districts_changes_nothing(table, hib, seed):
    perm = np.random.default_rng(seed).permutation(len(table["area"]))
    shuffled = {k: [v[i] for i in perm] for k, v in table.items()}
    kw = {"higher_is_better": hib, "reference": table["area"][0]}
    assert compute_all(shuffled, **kw) == compute_all(table, **kw)


@given(table=district_tables(min_size=5), seed=st.integers(0, 2**32 - 1))
def test_reordering_districts_keeps_stratified_sii(table, seed):
    table["income"] = [float(i % 7) for i in range(len(table["area"]))]
    perm = np.random.default_rng(seed).permutation(len(table["area"]))
    shuffled = {k: [v[i] for i in perm] for k, v in table.items()}
    kw = {"higher_is_better": True, "stratify_by": "income", "quantiles": 3}
    a, b = compute_all(table, **kw), compute_all(shuffled, **kw)
    assert a["sii"] == b["sii"] and a["rii"] == b["rii"]


@given(
    y=st.lists(values_st, min_size=3, max_size=20),
    pops=st.lists(pops_st, min_size=20, max_size=20),
    seed=st.integers(0, 2**32 - 1),
)
def test_measure_functions_ignore_order(y, pops, seed):
    pops = pops[: len(y)]
    perm = np.random.default_rng(seed).permutation(len(y))
    ys, ps = [y[i] for i in perm], [pops[i] for i in perm]
    for fn in (
        measures.bgv,
        measures.bgsd,
        measures.cov,
        measures.mdmu,
        measures.mdmw,
        measures.idisu,
        measures.idisw,
        measures.theil,
        measures.mld,
    ):
        assert fn(ys, ps) == pytest.approx(fn(y, pops), rel=1e-9, abs=1e-9), fn.__name__
    assert measures.mdbw(ys, ps, higher_is_better=False) == pytest.approx(
        measures.mdbw(y, pops, higher_is_better=False), rel=1e-9, abs=1e-9
    )
    assert measures.difference(ys, higher_is_better=None) == measures.difference(
        y, higher_is_better=None
    )


# --- identities of MEASURES.md §5 -------------------------------------------------------------


@given(table=district_tables(se=False), hib=st.booleans())
def test_identities(table, hib):
    y, pop = table["value"], table["population"]
    mu = measures.weighted_mean(y, pop)
    bgv, bgsd = measures.bgv(y, pop), measures.bgsd(y, pop)
    assert bgsd**2 == pytest.approx(bgv, rel=1e-9, abs=1e-9)
    assert measures.cov(y, pop) == pytest.approx(bgsd / mu * 100, rel=1e-9, abs=1e-9)
    assert measures.idisu(y, pop) == pytest.approx(
        measures.mdmu(y, pop) / mu * 100, rel=1e-9, abs=1e-9
    )
    assert measures.idisw(y, pop) == pytest.approx(
        measures.mdmw(y, pop) / mu * 100, rel=1e-9, abs=1e-9
    )
    par = measures.par(y, pop, higher_is_better=hib)
    assert measures.paf(y, pop, higher_is_better=hib) == pytest.approx(par / mu * 100, abs=1e-9)
    best = int(np.argmax(y) if hib else np.argmin(y))
    assert measures.mdru(y, reference=best) == pytest.approx(measures.mdbu(y, higher_is_better=hib))
    assert measures.mdrw(y, pop, reference=best) == pytest.approx(
        measures.mdbw(y, pop, higher_is_better=hib)
    )


@given(table=district_tables(se=False), hib=st.booleans())
def test_registry_identities(table, hib):
    res = compute_all(table, higher_is_better=hib)
    mu = measures.weighted_mean(table["value"], table["population"])
    assert res["bgsd"].value ** 2 == pytest.approx(res["bgv"].value, rel=1e-9, abs=1e-9)
    assert res["paf"].value == pytest.approx(res["par"].value / mu * 100, abs=1e-9)


@given(
    y=st.lists(values_st, min_size=3, max_size=12),
    pops=st.lists(pops_st, min_size=12, max_size=12),
)
def test_phe_linear_rii_is_one_plus_sii_over_intercept(y, pops):
    r = measures.slope_index(y, pops[: len(y)])
    if r.rii is not None:
        assert r.rii == pytest.approx(1 + r.sii / r.intercept, rel=1e-9)


@given(a=st.floats(1, 100), b=st.floats(-50, 50), pops=st.lists(pops_st, min_size=3, max_size=12))
def test_sii_recovers_an_exact_linear_gradient(a, b, pops):
    x = measures.relative_ranks(pops)
    r = measures.slope_index(a + b * x, pops)
    assert r.sii == pytest.approx(b, abs=1e-7)
    assert r.intercept == pytest.approx(a, abs=1e-7)


# --- units: how measures scale ----------------------------------------------------------------


@given(table=district_tables(se=False), c=st.floats(0.01, 100))
def test_absolute_measures_scale_and_relative_ones_do_not(table, c):
    y, pop = np.array(table["value"]), table["population"]
    cy = c * y
    assert measures.difference(cy, higher_is_better=True) == pytest.approx(
        c * measures.difference(y, higher_is_better=True), rel=1e-9
    )
    assert measures.bgv(cy, pop) == pytest.approx(c**2 * measures.bgv(y, pop), rel=1e-9, abs=1e-9)
    assert measures.mdmw(cy, pop) == pytest.approx(c * measures.mdmw(y, pop), rel=1e-9, abs=1e-9)
    for fn in (measures.cov, measures.idisu, measures.idisw, measures.theil, measures.mld):
        assert fn(cy, pop) == pytest.approx(fn(y, pop), rel=1e-7, abs=1e-7), fn.__name__
    assert measures.ratio(cy, higher_is_better=True) == pytest.approx(
        measures.ratio(y, higher_is_better=True), rel=1e-9
    )


@given(table=district_tables(se=False))
def test_inequality_measures_are_never_negative(table):
    y, pop = table["value"], table["population"]
    for fn in (
        measures.bgv,
        measures.bgsd,
        measures.cov,
        measures.mdmu,
        measures.mdmw,
        measures.idisu,
        measures.idisw,
        measures.theil,
        measures.mld,
    ):
        assert fn(y, pop) >= -1e-9, fn.__name__
    assert measures.ratio(y, higher_is_better=None) >= 1


# --- analytic limits, quantiles ---------------------------------------------------------------


@given(table=district_tables(), hib=st.booleans())
def test_analytic_limits_surround_the_value(table, hib):
    res = compute_all(table, higher_is_better=hib)
    for mid in ("d", "r", "bgv", "ti", "mld"):
        r = res[mid]
        assert r.ci_low is not None and r.ci_high is not None
        assert r.ci_low - 1e-9 <= r.value <= r.ci_high + 1e-9, mid


@given(
    s=st.lists(st.floats(0, 1000), min_size=5, max_size=40),
    pops=st.lists(pops_st, min_size=40, max_size=40),
    n_groups=st.integers(2, 10),
    hib=st.booleans(),
)
def test_quantiles_follow_the_stratifier(s, pops, n_groups, hib):
    pops = pops[: len(s)]
    q = measures.assign_quantiles(s, pops, n_groups, higher_is_better=hib)
    assert q.min() >= 1 and q.max() <= n_groups
    order = np.argsort(np.array(s) if hib else -np.array(s), kind="stable")
    assert (np.diff(q[order]) >= 0).all()
    # Equal stratifier values share a quantile.
    for value in set(s):
        assert len({q[i] for i, v in enumerate(s) if v == value}) == 1


@given(table=district_tables(), hib=st.booleans())
def test_compute_all_agrees_with_the_measure_functions(table, hib):
    y, pop = table["value"], table["population"]
    ref = 1
    res = compute_all(table, higher_is_better=hib, reference=table["area"][ref])
    expected = {
        "d": measures.difference(y, higher_is_better=hib, reference=ref),
        "r": measures.ratio(y, higher_is_better=hib, reference=ref),
        "bgv": measures.bgv(y, pop),
        "bgsd": measures.bgsd(y, pop),
        "cov": measures.cov(y, pop),
        "mdmu": measures.mdmu(y, pop),
        "mdmw": measures.mdmw(y, pop),
        "mdbu": measures.mdbu(y, higher_is_better=hib),
        "mdbw": measures.mdbw(y, pop, higher_is_better=hib),
        "mdru": measures.mdru(y, reference=ref),
        "mdrw": measures.mdrw(y, pop, reference=ref),
        "idisu": measures.idisu(y, pop),
        "idisw": measures.idisw(y, pop),
        "ti": measures.theil(y, pop),
        "mld": measures.mld(y, pop),
        "par": measures.par(y, pop, higher_is_better=hib, reference=ref),
        "paf": measures.paf(y, pop, higher_is_better=hib, reference=ref),
    }
    for mid, value in expected.items():
        assert res[mid].value == pytest.approx(value, rel=1e-9, abs=1e-9), mid
