"""Published test oracles of MEASURES.md §6: PHE phe_sii (A) and WHO healthequal (B)."""

from __future__ import annotations

import numpy as np
import pytest

from indicators import measures
from indicators.measures import compute_all, slope_index, slope_index_logistic

# --- Oracle A: PHEindicatormethods tests/testthat/testdata_SII.xlsx ---------------------------

A1_POP = [7291, 7997, 6105, 7666, 5790, 6934, 5918, 5974, 7147, 7534]
A1_VALUE = [
    75.933459010308098,
    78.344238272784295,
    83.836063104165405,
    83.637539966493094,
    80.465503152955904,
    81.115675985702197,
    81.693083571856207,
    84.190006206098701,
    80.595564108147201,
    86.289434957862397,
]
A1_LCL = [
    72.722053054645301,
    75.250980219080205,
    80.869729512475899,
    80.157578356035998,
    77.130878596927502,
    78.049998681117799,
    79.011578491948001,
    81.445728276934304,
    75.827185168894005,
    83.2190593454592,
]
A1_UCL = [
    79.144864965970797,
    81.4374963264884,
    86.802396695854895,
    87.117501576950104,
    83.800127708984206,
    84.181353290286594,
    84.374588651764398,
    86.934284135263098,
    85.363943047400397,
    89.359810570265594,
]
A1_SE = [
    1.6384724263585451,
    1.578192884542907,
    1.5134355059640296,
    1.7754906175801293,
    1.7013390591981388,
    1.5641210737675499,
    1.3681148366878566,
    1.4001418005940802,
    2.4328463975781616,
    1.5665181695934678,
]
A2_POP = [21675, 20065, 19750, 24713, 20112, 19618, 22408, 19752, 18939, 19312]
A2_VALUE = [
    70.548531859999997,
    71.571557339999998,
    72.486986709999996,
    73.519855190000001,
    73.146054250000006,
    76.158987120000006,
    78.654448709999997,
    80.564769609999999,
    80.854866270000002,
    79.971125299999997,
]
A2_SE = [
    0.22959183673469533,
    0.25980680102040948,
    0.29923808418367348,
    0.16075122704081746,
    0.79182289540816175,
    0.77831961224489843,
    0.39937532908163315,
    0.27939550765306059,
    0.22959183673469533,
    0.35175375000000292,
]
A3_POP = [279012, 255993, 236961, 214315, 192812, 183546, 168593, 164822, 154836, 138165]
A3_VALUE = [
    5.8922196894757208,
    4.7345044591063035,
    3.827634083245766,
    3.8681380211371112,
    3.6771570234217785,
    3.1436261209723995,
    3.1258711808912585,
    2.9425683464586041,
    2.8287995039913199,
    2.7648101907140012,
]
A3_LCL = [
    5.6149596624107483,
    4.4759207707810038,
    3.5869260554450242,
    3.6140791140579505,
    3.4166969870147965,
    2.8977176350029272,
    2.8704938092859789,
    2.6924041297904315,
    2.5763057378752698,
    2.5014206190884578,
]
A3_UCL = [
    6.1830853575761537,
    5.0079519402470885,
    4.0844291026854505,
    4.1399822998098585,
    3.9573934822289045,
    3.4103317188858107,
    3.4038909874130083,
    3.2159015715579464,
    3.1059621495836955,
    3.0558486661833499,
]
A3_SE_LOG = [
    0.02458749781093432,
    0.028651772387909245,
    0.03313428067829554,
    0.034656742217817678,
    0.037477373945545213,
    0.041552591866051265,
    0.043478344743185383,
    0.045324801522114426,
    0.047695676062254659,
    0.051071054013305549,
]

# PHE compares simulated limits with testthat's tolerance 0.05, a *relative* difference;
# at 10,000 draws the Monte Carlo error of a 2.5 % limit alone is about 0.05 absolute.
CI_REL = 0.05
REPS = 10_000


def _close_ci(got: tuple[float, float] | None, expected: tuple[float, float]) -> None:
    assert got is not None
    assert got == pytest.approx(expected, rel=CI_REL)


@pytest.mark.parametrize(
    ("values", "pops", "se", "sii", "rii", "sii_ci", "rii_ci"),
    [
        (
            A1_VALUE,
            A1_POP,
            A1_SE,
            6.9346164736688189,
            1.0888180804446217,
            (3.1275946, 10.7586874),
            (1.0383691, 1.1412993),
        ),
        (
            A2_VALUE,
            A2_POP,
            A2_SE,
            12.547846636351798,
            1.180885620848795,
            (11.9361564, 13.1630201),
            (1.1713707, 1.1904396),
        ),
    ],
    ids=["A1-area1-deciles", "A2-area2-deciles"],
)
def test_oracle_a_deciles(values, pops, se, sii, rii, sii_ci, rii_ci):
    r = slope_index(values, pops, se, reps=REPS)
    assert r.sii == pytest.approx(sii, abs=1e-6)
    assert r.rii == pytest.approx(rii, abs=1e-6)
    _close_ci(r.sii_ci, sii_ci)
    _close_ci(r.rii_ci, rii_ci)


def test_oracle_a1_99_percent_limits():
    r = slope_index(A1_VALUE, A1_POP, A1_SE, reps=REPS, confidence=0.99)
    assert r.sii == pytest.approx(6.9346164736688189, abs=1e-6)
    _close_ci(r.sii_ci, (1.9243274, 11.9920840))
    _close_ci(r.rii_ci, (1.0234148, 1.1587678))


def test_oracle_a1_se_from_confidence_limits():
    # The file's SE column was made with z = 1.96; phe_sii (and we) use 1.959964.
    se = measures.se_from_limits(A1_LCL, A1_UCL)
    assert se == pytest.approx(A1_SE, rel=2e-5)


@pytest.mark.parametrize(
    ("values", "pops", "sii", "rii"),
    [
        (A1_VALUE[:5], A1_POP[:5], 7.9193341471008738, 1.1037116952527257),
        (A2_VALUE[:5], A2_POP[:5], 3.6215563376545648, 1.0513892712719326),
    ],
    ids=["area1-quintiles", "area2-quintiles"],
)
def test_oracle_a_quintiles(values, pops, sii, rii):
    r = slope_index(values, pops)
    assert r.sii == pytest.approx(sii, abs=1e-6)
    assert r.rii == pytest.approx(rii, abs=1e-6)
    assert r.sii_ci is None and r.ci_method is None


def test_oracle_a_intercepts():
    assert slope_index(A1_VALUE, A1_POP).intercept == pytest.approx(78.0766, abs=1e-4)
    assert slope_index(A2_VALUE, A2_POP).intercept == pytest.approx(69.3690, abs=1e-4)


def test_oracle_a3_rate_without_transform():
    # The SE is on the log scale: draws are made there and back-transformed before the fit.
    r = slope_index(A3_VALUE, A3_POP, A3_SE_LOG, value_type="rate", reps=REPS)
    assert r.sii == pytest.approx(-3.2752012326471758, abs=1e-6)
    assert r.rii == pytest.approx(0.40600068953980034, abs=1e-6)
    _close_ci(r.sii_ci, (-3.5868233, -2.9653170))
    _close_ci(r.rii_ci, (0.3688817, 0.4462478))


def test_oracle_a3_rate_log_transform():
    r = slope_index(A3_VALUE, A3_POP, A3_SE_LOG, value_type="rate", transform=True, reps=REPS)
    assert r.sii == pytest.approx(-3.1559071389545599, abs=1e-6)
    assert r.rii == pytest.approx(0.44188484360768232, abs=1e-6)
    assert r.intercept == pytest.approx(5.6545806054694703, abs=1e-6)
    _close_ci(r.sii_ci, (-3.4809615, -2.8332373))
    _close_ci(r.rii_ci, (0.4082744, 0.4785663))


def test_oracle_a3_se_from_log_limits():
    se = measures.se_from_limits(A3_LCL, A3_UCL, value_type="rate")
    assert se == pytest.approx(A3_SE_LOG, rel=2e-5)


def test_oracle_a3_negative_multiplier_flips_sii_and_inverts_rii():
    kw = {"value_type": "rate", "transform": True, "reps": REPS}
    plain = slope_index(A3_VALUE, A3_POP, A3_SE_LOG, **kw)
    flipped = slope_index(A3_VALUE, A3_POP, A3_SE_LOG, multiplier=-1, **kw)
    assert flipped.sii == pytest.approx(3.15590713, abs=1e-6)
    assert flipped.rii == pytest.approx(2.263033, abs=1e-6)
    assert flipped.sii_ci == pytest.approx((-plain.sii_ci[1], -plain.sii_ci[0]))
    assert flipped.rii_ci == pytest.approx((1 / plain.rii_ci[1], 1 / plain.rii_ci[0]))


def test_simulated_limits_are_reproducible_and_depend_on_the_seed():
    a = slope_index(A1_VALUE, A1_POP, A1_SE, reps=2000)
    b = slope_index(A1_VALUE, A1_POP, A1_SE, reps=2000)
    c = slope_index(A1_VALUE, A1_POP, A1_SE, reps=2000, seed=7)
    assert a == b
    assert a.sii_ci != c.sii_ci
    assert "2000 simulations, seed 123456" in (a.ci_method or "")


# --- Oracle B: WHOequity/healthequal tests, five wealth quintiles ----------------------------

B_POP = [78, 91, 162, 103, 105]
B_EST = [20, 30, 40, 50, 60]
B_SE = [5, 7, 10, 12, 14]
ORDERED_FAV = {"higher_is_better": True, "ordered": True}


def test_oracle_b_mean_par_paf():
    assert measures.weighted_mean(B_EST, B_POP) == pytest.approx(41.2244898, abs=1e-6)
    assert measures.par(B_EST, B_POP, **ORDERED_FAV) == pytest.approx(18.775509, rel=1e-6)
    assert measures.paf(B_EST, B_POP, **ORDERED_FAV) == pytest.approx(45.544548, rel=1e-6)


def test_oracle_b_walter_standard_errors():
    se_fraction = measures.paf_fraction_se(B_EST, B_POP, scale=100, **ORDERED_FAV)
    # healthequal's published PAF SE is this fraction-scale value …
    assert se_fraction == pytest.approx(0.10689361, rel=1e-6)
    # … and its PAR SE is μ times it.
    assert 41.2244898 * se_fraction == pytest.approx(4.4066348, rel=1e-6)


def test_oracle_b_registry_par_limits():
    # In healthequal's survey example the group sizes are the shares' own denominators.
    table = {
        "area": list("abcde"),
        "value": B_EST,
        "population": B_POP,
        "denominator": B_POP,
        "rank": [1, 2, 3, 4, 5],
    }
    par = compute_all(table, higher_is_better=True, ordered=True, scale=100)["par"]
    # healthequal uses z = 1.96, we use 1.959964: limits agree to 1e-3.
    assert (par.ci_low, par.ci_high) == pytest.approx((10.138505, 27.412513), abs=1e-3)
    assert par.se == pytest.approx(4.4066348, rel=1e-6)
    assert "Walter (1978)" in par.ci_method


def test_oracle_b_linear_sii_rii_and_simple_measures():
    r = slope_index(B_EST, B_POP)
    assert r.sii == pytest.approx(46.253811, abs=1e-6)
    assert r.rii == pytest.approx(3.555800, abs=1e-6)
    assert measures.difference(B_EST, **ORDERED_FAV) == 40
    assert measures.ratio(B_EST, **ORDERED_FAV) == 3.0


def test_oracle_b_heat_logistic_sii_rii():
    r = slope_index_logistic(B_EST, B_POP, scale=100)
    assert r.sii == pytest.approx(44.44502, rel=1e-6)
    assert r.rii == pytest.approx(3.159506, rel=1e-6)
    assert r.sii_ci == pytest.approx((40.15109, 48.73895), rel=1e-6)
    assert r.rii_ci == pytest.approx((2.719902, 3.67016), rel=1e-6)
    # Published SEs: 0.02190822 (SII, 0–1 scale) and 0.07644001 (ln RII).
    z = 1.959963984540054
    assert (r.sii_ci[1] - r.sii) / z / 100 == pytest.approx(0.02190822, rel=1e-6)
    assert np.log(r.rii_ci[1] / r.rii) / z == pytest.approx(0.07644001, rel=1e-6)


def test_oracle_b_through_compute_all():
    table = {
        "area": ["Q1", "Q2", "Q3", "Q4", "Q5"],
        "value": B_EST,
        "population": B_POP,
        "se": B_SE,
        "rank": [1, 2, 3, 4, 5],
    }
    heat = compute_all(table, higher_is_better=True, ordered=True, scale=100)
    assert heat["sii"].value == pytest.approx(44.44502, rel=1e-6)
    assert heat["rii"].value == pytest.approx(3.159506, rel=1e-6)
    assert heat["d"].value == 40 and heat["r"].value == 3.0
    assert heat["paf"].value == pytest.approx(45.544548, rel=1e-6)
    phe = compute_all(table, higher_is_better=True, ordered=True)
    assert phe["sii"].value == pytest.approx(46.253811, abs=1e-6)
    assert phe["rii"].value == pytest.approx(3.555800, abs=1e-6)
    assert "PHE" in (phe["sii"].ci_method or "")
