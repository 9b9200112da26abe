"""Refusals: coverage, empty quantiles, non-positive values, missing reference or polarity."""

from __future__ import annotations

import math

import pytest

from indicators import measures
from indicators.measures import MEASURE_IDS, MeasureRefused, Reason, compute_all

NAN = math.nan


def _table(values, pops=None, se=None, **extra):
    n = len(values)
    table = {
        "area": [f"area {i:02d}" for i in range(n)],
        "value": values,
        "population": pops if pops is not None else [1000] * n,
    }
    if se is not None:
        table["se"] = se
    table.update(extra)
    return table


def _reasons(results):
    return {mid: (r.refused.reason if r.refused else None) for mid, r in results.items()}


@pytest.mark.parametrize(
    ("missing", "refused"),
    [(0, False), (3, False), (4, True), (20, True)],
    ids=["complete", "17-of-20", "16-of-20", "none"],
)
def test_coverage_threshold_is_85_percent(missing, refused):
    values = [50.0 + i for i in range(20)]
    for i in range(missing):
        values[i] = NAN
    res = compute_all(_table(values), higher_is_better=True)
    reasons = set(_reasons(res).values())
    if refused:
        assert reasons == {Reason.LOW_COVERAGE}
        assert all(r.value is None for r in res.values())
        note = res["d"].note("en")
        assert f"Only {20 - missing} of 20 areas" in note and "85%" in note
        assert "minst 85 %" in res["d"].note("sv")
    else:
        assert Reason.LOW_COVERAGE not in reasons
        assert res["bgv"].value is not None


def test_missing_population_counts_against_coverage_and_is_noted():
    pops = [1000] * 20
    pops[0], pops[1] = NAN, 0
    res = compute_all(_table([50.0 + i for i in range(20)], pops), higher_is_better=True)
    assert res["bgv"].value is not None
    assert "Computed on 18 of 20 areas" in res["bgv"].note("en")
    # D needs no population (issue 8): every district with a value takes part.
    assert res["d"].value == pytest.approx(69 - 50)
    assert "area 19 compared with area 00." in res["d"].note("en")


def test_measures_needing_positive_values_refuse_others_do_not():
    res = compute_all(_table([0.0, 10.0, 20.0, 30.0]), higher_is_better=True)
    reasons = _reasons(res)
    for mid in ("r", "cov", "idisu", "idisw", "ti", "mld", "paf"):
        assert reasons[mid] is Reason.NON_POSITIVE, mid
        assert measures.MEASURES[mid].needs_positive
    for mid in ("d", "bgv", "bgsd", "mdmu", "mdmw", "mdbu", "mdbw", "par"):
        assert reasons[mid] is None, mid
        assert not measures.MEASURES[mid].needs_positive


def test_negative_values_refuse_relative_measures_and_keep_absolute_ones():
    res = compute_all(_table([-5.0, 10.0, 20.0, 30.0]), higher_is_better=True)
    assert res["ti"].refused.reason is Reason.NON_POSITIVE
    assert res["bgv"].value == pytest.approx(measures.bgv([-5, 10, 20, 30], [1, 1, 1, 1]))


@pytest.mark.parametrize("fn", [measures.theil, measures.mld, measures.cov, measures.idisw])
def test_functions_refuse_non_positive_values_naming_the_argument(fn):
    with pytest.raises(MeasureRefused, match="'values' must be positive") as err:
        fn([0, 1, 2], [1, 1, 1])
    assert err.value.refusal.reason is Reason.NON_POSITIVE
    assert "måste vara positiva" in err.value.refusal.text.sv


def test_functions_refuse_bad_populations_naming_the_argument():
    with pytest.raises(ValueError, match="All values in 'populations' must be positive."):
        measures.bgv([1, 2, 3], [1, 0, 1])
    with pytest.raises(ValueError, match="'populations' has 2 entries but 'values' has 3"):
        measures.bgv([1, 2, 3], [1, 1])
    with pytest.raises(ValueError, match="'values' has missing"):
        measures.bgv([1, NAN, 3], [1, 1, 1])


def test_too_few_groups():
    with pytest.raises(MeasureRefused) as err:
        measures.bgv([1, 2], [1, 1])
    assert err.value.refusal.reason is Reason.TOO_FEW_GROUPS
    res = compute_all(_table([10.0, 20.0]), higher_is_better=True)
    assert res["d"].value == 10 and res["r"].value == 2
    assert res["bgv"].refused.reason is Reason.TOO_FEW_GROUPS


def test_empty_quantile_refuses_sii_and_rii():
    # The poorest district holds most of the population: it alone fills the middle quintile.
    pops = [100_000, 1000, 1000, 1000, 1000, 1000]
    table = _table([70.0, 75, 80, 82, 84, 86], pops, income=[1.0, 2, 3, 4, 5, 6])
    res = compute_all(table, higher_is_better=True, stratify_by="income")
    assert res["sii"].refused.reason is Reason.EMPTY_QUANTILE
    assert res["rii"].refused.reason is Reason.EMPTY_QUANTILE
    assert "Quantiles 1, 2, 4 of 5 have no district" in res["sii"].note("en")
    assert res["bgv"].value is not None


def test_stratifier_coverage_is_checked_for_sii():
    income = [float(i) for i in range(20)]
    income[:4] = [NAN] * 4
    table = _table([60.0 + i for i in range(20)], income=income)
    res = compute_all(table, higher_is_better=True, stratify_by="income")
    assert res["sii"].refused.reason is Reason.LOW_COVERAGE
    assert "'income'" in res["sii"].note("en")


def test_ordered_groups_refuse_when_a_group_is_missing():
    table = _table([70.0, 75, NAN, 82, 84], rank=[1, 2, 3, 4, 5])
    res = compute_all(table, higher_is_better=True, ordered=True)
    assert set(_reasons(res).values()) == {Reason.EMPTY_QUANTILE}
    gap = _table([70.0, 75, 82, 84], rank=[1, 2, 4, 5])
    res = compute_all(gap, higher_is_better=True, ordered=True)
    assert set(_reasons(res).values()) == {Reason.EMPTY_QUANTILE}


def test_ordered_groups_make_non_ordered_measures_not_applicable():
    table = _table([70.0, 75, 80, 82, 84], rank=[5, 4, 3, 2, 1])
    res = compute_all(table, higher_is_better=True, ordered=True)
    assert res["bgv"].refused.reason is Reason.NOT_APPLICABLE
    # rank 1 is the most disadvantaged: the row with 84.
    assert res["d"].value == pytest.approx(70 - 84)
    assert res["sii"].value < 0


def test_non_ordered_table_without_stratifier_has_no_sii():
    res = compute_all(_table([70.0, 75, 80]), higher_is_better=True)
    assert res["sii"].refused.reason is Reason.NOT_APPLICABLE
    assert "stratifier" in res["sii"].note("en")


def test_reference_measures_need_a_reference():
    res = compute_all(_table([70.0, 75, 80]), higher_is_better=True)
    assert res["mdru"].refused.reason is Reason.NO_REFERENCE
    assert res["mdrw"].refused.reason is Reason.NO_REFERENCE


def test_reference_without_a_value_refuses_the_measures_that_use_it():
    values = [70.0 + i for i in range(20)]
    values[3] = NAN
    res = compute_all(_table(values), higher_is_better=True, reference="area 03")
    for mid in ("d", "r", "mdru", "mdrw", "par", "paf"):
        assert res[mid].refused.reason is Reason.NO_REFERENCE, mid
    assert res["bgv"].value is not None


def test_unknown_reference_is_an_error():
    with pytest.raises(ValueError, match="'Nowhere' is not in the table"):
        compute_all(_table([70.0, 75, 80]), higher_is_better=True, reference="Nowhere")


def test_no_polarity_refuses_best_and_impact_measures():
    res = compute_all(_table([70.0, 75, 80]), higher_is_better=None)
    for mid in ("mdbu", "mdbw", "par", "paf"):
        assert res[mid].refused.reason is Reason.NO_POLARITY, mid
    assert res["d"].value == 10 and res["r"].value == pytest.approx(80 / 70)


def test_confidence_limits_need_standard_errors():
    res = compute_all(_table([70.0, 75, 80]), higher_is_better=True)
    assert res["d"].ci_low is None and res["d"].ci_refusal.reason is Reason.NO_SE
    partial = compute_all(_table([70.0, 75, 80], se=[1.0, NAN, 1.0]), higher_is_better=True)
    assert partial["d"].ci_refusal.reason is Reason.NO_SE
    assert partial["d"].value == 10


def test_par_paf_limits_need_a_scale():
    res = compute_all(_table([70.0, 75, 80], se=[1.0, 1, 1]), higher_is_better=True)
    assert res["par"].ci_low is None and res["par"].ci_refusal.reason is Reason.NO_SCALE
    scaled = compute_all(
        _table([70.0, 75, 80], denominator=[50, 60, 70]), higher_is_better=True, scale=100
    )
    assert scaled["par"].ci_low is not None
    assert "Walter (1978)" in scaled["par"].ci_method


def test_clamped_par_has_no_limits():
    res = compute_all(_table([70.0, 75, 80]), higher_is_better=True, reference="area 00", scale=100)
    assert res["par"].value == 0 and res["paf"].value == 0
    assert res["par"].ci_low is None
    assert "Set to 0" in res["par"].note("en")


def test_logistic_sii_needs_a_scale_and_values_within_it():
    table = _table([10.0, 20, 30, 40, 50], rank=[1, 2, 3, 4, 5])
    res = compute_all(table, higher_is_better=True, ordered=True, sii_method="logistic")
    assert res["sii"].refused.reason is Reason.NO_SCALE
    over = _table([10.0, 20, 30, 40, 150], rank=[1, 2, 3, 4, 5])
    res = compute_all(over, higher_is_better=True, ordered=True, scale=100)
    assert res["sii"].refused.reason is Reason.OUT_OF_RANGE


def test_every_result_has_every_id_in_order():
    res = compute_all(_table([70.0, 75, 80]), higher_is_better=True)
    assert tuple(res) == MEASURE_IDS
    assert all((r.value is None) == (r.refused is not None) for r in res.values())
