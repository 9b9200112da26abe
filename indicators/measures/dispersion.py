"""Non-ordered gap measures: spread of district values around the mean, the best or a reference.

Each public function checks its input and returns one number. The ``_kernel`` functions
after them do the arithmetic on arrays of shape (..., n), so that the simulation of
confidence limits can evaluate thousands of simulated tables in one call. :func:`compute`
is the dispersion family: these measures and the fifths difference, each with its limits.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from indicators.core.text import Text
from indicators.measures._checks import (
    FloatArray,
    polarity_arg,
    reference_arg,
    require_positive,
    require_positive_mean,
    se_arg,
    shares_arg,
    values_arg,
)
from indicators.measures.messages import note
from indicators.measures.prepared import NO_SE, Prepared
from indicators.measures.result import (
    FamilyRefused,
    MeasureRefused,
    MeasureResult,
    Refusal,
)
from indicators.measures.simulate import bounded_normal, percentile_rows

#: Complex non-ordered measures need more than two groups (HEAT Plus applicability table).
MIN_GROUPS = 3


def _prepare(
    values: ArrayLike, populations: ArrayLike, mean: float | None
) -> tuple[FloatArray, FloatArray, float]:
    y = values_arg(values, minimum=MIN_GROUPS)
    p = shares_arg(populations, y.size)
    mu = float(y @ p) if mean is None else float(mean)
    if not np.isfinite(mu):
        raise MeasureRefused.at("mean_not_finite")
    return y, p, mu


def setting_mean(y: NDArray[np.float64], p: FloatArray, mean: float | None) -> NDArray[np.float64]:
    """μ for each table in ``y`` (shape (..., n)): weighted mean, or the fixed ``mean``."""
    if mean is None:
        return np.asarray(y @ p)
    return np.full(y.shape[:-1], float(mean))


def _col(mu: ArrayLike) -> NDArray[np.float64]:
    # μ per table as a column, to broadcast against the (..., n) values.
    return np.asarray(mu, dtype=float)[..., None]


# --- between-group variance and its relatives ---------------------------------------------


def bgv(values: ArrayLike, populations: ArrayLike, *, mean: float | None = None) -> float:
    r"""Between-group variance: population-weighted squared deviation from the mean.

    .. math::

        \mathrm{BGV} = \sum_j p_j (y_j - \mu)^2

    Unit: the indicator's unit squared. No inequality: 0. Complex, absolute, weighted.
    95 % limits: analytic, see :func:`bgv_se`.

    Parameters
    ----------
    values : array_like
        District estimates y_j (three or more).
    populations : array_like
        District populations N_j, all positive.
    mean : float, optional
        μ; default the population-weighted mean of ``values``.

    References
    ----------
    WHO (2024) HEAT technical notes, ch. 3-4-1 "Between-group variance".

    Examples
    --------
    >>> bgv([10, 20, 30], [1, 2, 1])
    50.0
    """
    y, p, mu = _prepare(values, populations, mean)
    return float(_bgv(y, p, mu))


def _bgv(y: NDArray[np.float64], p: FloatArray, mu: ArrayLike) -> NDArray[np.float64]:
    return np.asarray(((y - _col(mu)) ** 2) @ p)


def bgv_se(
    values: ArrayLike, populations: ArrayLike, se: ArrayLike, *, mean: float | None = None
) -> float:
    r"""Analytic standard error of BGV (HEAT technical notes, ch. 3-4-1).

    .. math::

        \operatorname{var}(\mathrm{BGV}) = 4 \sum_j p_j^2 \sigma_j^2 (y_j-\mu)^2
        + 2\Big[\big(\textstyle\sum_j p_j^2\sigma_j^2\big)^2 - \sum_j p_j^4\sigma_j^4
        + \sum_j p_j^2 (1-p_j)^2 \sigma_j^4\Big]

    Examples
    --------
    >>> round(bgv_se([10, 20, 30], [1, 2, 1], [0, 0, 0]), 6)
    0.0
    """
    y, p, mu = _prepare(values, populations, mean)
    s2 = se_arg(se, y.size) ** 2
    a = p**2 * s2
    var = 4 * np.sum(a * (y - mu) ** 2) + 2 * (
        a.sum() ** 2 - np.sum(a**2) + np.sum((p * (1 - p)) ** 2 * s2**2)
    )
    return float(np.sqrt(var))


def bgsd(values: ArrayLike, populations: ArrayLike, *, mean: float | None = None) -> float:
    r"""Between-group standard deviation, the square root of :func:`bgv`.

    .. math::

        \mathrm{BGSD} = \sqrt{\sum_j p_j (y_j - \mu)^2}

    Unit: that of the indicator. No inequality: 0. Complex, absolute, weighted.
    95 % limits: simulation (HEAT).

    References
    ----------
    WHO (2024) HEAT technical notes, ch. 3-4-2.

    Examples
    --------
    >>> round(bgsd([10, 20, 30], [1, 2, 1]), 4)
    7.0711
    """
    y, p, mu = _prepare(values, populations, mean)
    return float(np.sqrt(_bgv(y, p, mu)))


def cov(values: ArrayLike, populations: ArrayLike, *, mean: float | None = None) -> float:
    r"""Coefficient of variation: BGSD as a percentage of the mean.

    .. math::

        \mathrm{COV} = \frac{\mathrm{BGSD}}{\mu} \times 100

    Unit: percent of the mean. No inequality: 0. Complex, relative, weighted. Values must
    be positive. 95 % limits: simulation (HEAT).

    References
    ----------
    WHO (2024) HEAT technical notes, ch. 3-4-3.

    Examples
    --------
    >>> round(cov([10, 20, 30], [1, 2, 1]), 4)
    35.3553
    """
    y, p, mu = _prepare(values, populations, mean)
    require_positive(y)
    require_positive_mean(mu)
    return float(np.sqrt(_bgv(y, p, mu)) / mu * 100)


# --- mean differences ------------------------------------------------------------------------


def _mdm(y: NDArray[np.float64], w: FloatArray, mu: ArrayLike) -> NDArray[np.float64]:
    return np.asarray(np.abs(y - _col(mu)) @ w)


def _uniform(n: int) -> FloatArray:
    return np.full(n, 1.0 / n)


def mdmu(values: ArrayLike, populations: ArrayLike, *, mean: float | None = None) -> float:
    r"""Mean difference from the mean, unweighted.

    .. math::

        \mathrm{MDMU} = \frac{1}{n} \sum_j \lvert y_j - \mu \rvert

    μ is still the population-weighted mean, hence ``populations``. Unit: that of the
    indicator. No inequality: 0. Complex, absolute, unweighted. 95 % limits: simulation.

    References
    ----------
    WHO (2024) HEAT technical notes, ch. 3-5-1.

    Examples
    --------
    >>> round(mdmu([10, 20, 30], [1, 2, 1]), 4)
    6.6667
    """
    y, _, mu = _prepare(values, populations, mean)
    return float(_mdm(y, _uniform(y.size), mu))


def mdmw(values: ArrayLike, populations: ArrayLike, *, mean: float | None = None) -> float:
    r"""Mean difference from the mean, population-weighted.

    .. math::

        \mathrm{MDMW} = \sum_j p_j \lvert y_j - \mu \rvert

    Unit: that of the indicator. No inequality: 0. Complex, absolute, weighted.
    95 % limits: simulation.

    References
    ----------
    WHO (2024) HEAT technical notes, ch. 3-5-2.

    Examples
    --------
    >>> mdmw([10, 20, 30], [1, 2, 1])
    5.0
    """
    y, p, mu = _prepare(values, populations, mean)
    return float(_mdm(y, p, mu))


def _mdb(y: NDArray[np.float64], w: FloatArray, higher_is_better: bool) -> NDArray[np.float64]:
    best = y.max(axis=-1) if higher_is_better else y.min(axis=-1)
    return np.asarray(np.abs(y - _col(best)) @ w)


def mdbu(values: ArrayLike, *, higher_is_better: bool | None) -> float:
    r"""Mean difference from the best-performing group, unweighted.

    .. math::

        \mathrm{MDBU} = \frac{1}{n} \sum_j \lvert y_j - y_\text{best} \rvert, \qquad
        y_\text{best} = \max_j y_j \text{ (higher is better) or } \min_j y_j

    Unit: that of the indicator. No inequality: 0. Needs a polarity. 95 % limits:
    simulation.

    References
    ----------
    WHO (2024) HEAT technical notes, ch. 3-5-3.

    Examples
    --------
    >>> mdbu([10, 20, 30], higher_is_better=True)
    10.0
    """
    y = values_arg(values, minimum=MIN_GROUPS)
    hib = polarity_arg(higher_is_better, "MDBU")
    return float(_mdb(y, _uniform(y.size), hib))


def mdbw(values: ArrayLike, populations: ArrayLike, *, higher_is_better: bool | None) -> float:
    r"""Mean difference from the best-performing group, population-weighted.

    .. math::

        \mathrm{MDBW} = \sum_j p_j \lvert y_j - y_\text{best} \rvert

    Not divided by the number of groups (HEAT technical notes and healthequal's code;
    healthequal's help text says otherwise). Unit: that of the indicator. No inequality: 0.
    95 % limits: simulation.

    References
    ----------
    WHO (2024) HEAT technical notes, ch. 3-5-4.

    Examples
    --------
    >>> mdbw([10, 20, 30], [1, 2, 1], higher_is_better=False)
    10.0
    """
    y = values_arg(values, minimum=MIN_GROUPS)
    p = shares_arg(populations, y.size)
    hib = polarity_arg(higher_is_better, "MDBW")
    return float(_mdb(y, p, hib))


def _mdr(y: NDArray[np.float64], w: FloatArray, reference: int) -> NDArray[np.float64]:
    return np.asarray(np.abs(y - y[..., reference : reference + 1]) @ w)


def reference_required(reference: int | None, n: int, measure: str) -> int:
    """The checked reference index, refusing (``NO_REFERENCE``) when there is none."""
    ref = reference_arg(reference, n)
    if ref is None:
        raise MeasureRefused.at("needs_reference", measure=measure)
    return ref


def mdru(values: ArrayLike, *, reference: int | None) -> float:
    r"""Mean difference from a reference group, unweighted.

    .. math::

        \mathrm{MDRU} = \frac{1}{n} \sum_j \lvert y_j - y_\text{ref} \rvert

    Unit: that of the indicator. No inequality: 0. 95 % limits: simulation.

    References
    ----------
    WHO (2024) HEAT technical notes, ch. 3-5-5.

    Examples
    --------
    >>> mdru([10, 20, 30], reference=0)
    10.0
    """
    y = values_arg(values, minimum=MIN_GROUPS)
    ref = reference_required(reference, y.size, "MDRU")
    return float(_mdr(y, _uniform(y.size), ref))


def mdrw(values: ArrayLike, populations: ArrayLike, *, reference: int | None) -> float:
    r"""Mean difference from a reference group, population-weighted.

    .. math::

        \mathrm{MDRW} = \sum_j p_j \lvert y_j - y_\text{ref} \rvert

    Unit: that of the indicator. No inequality: 0. 95 % limits: simulation.

    References
    ----------
    WHO (2024) HEAT technical notes, ch. 3-5-6.

    Examples
    --------
    >>> mdrw([10, 20, 30], [1, 2, 1], reference=0)
    10.0
    """
    y = values_arg(values, minimum=MIN_GROUPS)
    p = shares_arg(populations, y.size)
    ref = reference_required(reference, y.size, "MDRW")
    return float(_mdr(y, p, ref))


def idisu(values: ArrayLike, populations: ArrayLike, *, mean: float | None = None) -> float:
    r"""Index of disparity, unweighted: MDMU as a percentage of the mean.

    .. math::

        \mathrm{IDISU} = \frac{1}{\mu} \cdot \frac{1}{n} \sum_j \lvert y_j - \mu \rvert
        \times 100

    Unit: percent of the mean. No inequality: 0. Values must be positive.
    95 % limits: simulation.

    References
    ----------
    WHO (2024) HEAT technical notes, ch. 3-5-7; Pearcy & Keppel (2002) Public Health Rep
    117:273-280.

    Examples
    --------
    >>> round(idisu([10, 20, 30], [1, 2, 1]), 4)
    33.3333
    """
    y, _, mu = _prepare(values, populations, mean)
    require_positive(y)
    require_positive_mean(mu)
    return float(_mdm(y, _uniform(y.size), mu) / mu * 100)


def idisw(values: ArrayLike, populations: ArrayLike, *, mean: float | None = None) -> float:
    r"""Index of disparity, weighted: MDMW as a percentage of the mean.

    .. math::

        \mathrm{IDISW} = \frac{1}{\mu} \sum_j p_j \lvert y_j - \mu \rvert \times 100

    Unit: percent of the mean. No inequality: 0. Values must be positive.
    95 % limits: simulation.

    References
    ----------
    WHO (2024) HEAT technical notes, ch. 3-5-8.

    Examples
    --------
    >>> idisw([10, 20, 30], [1, 2, 1])
    25.0
    """
    y, p, mu = _prepare(values, populations, mean)
    require_positive(y)
    require_positive_mean(mu)
    return float(_mdm(y, p, mu) / mu * 100)


# --- entropy measures ------------------------------------------------------------------------


def theil(values: ArrayLike, populations: ArrayLike, *, mean: float | None = None) -> float:
    r"""Theil index, the population-weighted entropy of group shares of the total, × 1000.

    .. math::

        \mathrm{TI} = 1000 \sum_j p_j r_j \ln r_j, \qquad r_j = y_j / \mu

    Unit: none (reported × 1000, as HEAT). No inequality: 0. Complex, relative, weighted.
    Values must be positive. 95 % limits: analytic, see :func:`theil_se`.

    References
    ----------
    Theil H (1967) Economics and Information Theory; WHO (2024) HEAT technical notes,
    ch. 3-6-1.

    Examples
    --------
    >>> round(theil([10, 20, 30], [1, 2, 1]), 3)
    65.406
    """
    y, p, mu = _prepare(values, populations, mean)
    require_positive(y)
    require_positive_mean(mu)
    return float(_theil(y, p, mu))


def _theil(y: NDArray[np.float64], p: FloatArray, mu: ArrayLike) -> NDArray[np.float64]:
    r = y / _col(mu)
    return np.asarray(1000 * ((r * np.log(r)) @ p))


def theil_se(
    values: ArrayLike, populations: ArrayLike, se: ArrayLike, *, mean: float | None = None
) -> float:
    r"""Analytic standard error of TI on its × 1000 scale (delta method, HEAT ch. 3-6-1).

    .. math::

        \operatorname{var}(\mathrm{TI}/1000) = \sum_j \frac{p_j^2 \sigma_j^2}{\mu^2}
        \Big[(1 + \ln r_j) - \sum_k p_k r_k (1 + \ln r_k)\Big]^2

    healthequal reports the SE of the unscaled index; this one is × 1000 like TI itself.

    Examples
    --------
    >>> theil_se([10, 20, 30], [1, 2, 1], [0, 0, 0])
    0.0
    """
    y, p, mu = _prepare(values, populations, mean)
    require_positive(y)
    require_positive_mean(mu)
    s = se_arg(se, y.size)
    r = y / mu
    g = 1 + np.log(r)
    var = np.sum(p**2 * s**2 * (g - np.sum(p * r * g)) ** 2) / mu**2
    return float(1000 * np.sqrt(var))


def mld(values: ArrayLike, populations: ArrayLike, *, mean: float | None = None) -> float:
    r"""Mean log deviation, × 1000.

    .. math::

        \mathrm{MLD} = 1000 \sum_j p_j \,(-\ln r_j), \qquad r_j = y_j / \mu

    Unit: none (reported × 1000, as HEAT). No inequality: 0. Complex, relative, weighted.
    Values must be positive. 95 % limits: analytic, see :func:`mld_se`.

    References
    ----------
    Theil H (1967); WHO (2024) HEAT technical notes, ch. 3-6-2.

    Examples
    --------
    >>> round(mld([10, 20, 30], [1, 2, 1]), 3)
    71.921
    """
    y, p, mu = _prepare(values, populations, mean)
    require_positive(y)
    require_positive_mean(mu)
    return float(_mld(y, p, mu))


def _mld(y: NDArray[np.float64], p: FloatArray, mu: ArrayLike) -> NDArray[np.float64]:
    return np.asarray(-1000 * (np.log(y / _col(mu)) @ p))


def mld_se(
    values: ArrayLike, populations: ArrayLike, se: ArrayLike, *, mean: float | None = None
) -> float:
    r"""Analytic standard error of MLD on its × 1000 scale (delta method, HEAT ch. 3-6-2).

    .. math::

        \operatorname{var}(\mathrm{MLD}/1000) = \sum_j \frac{p_j^2 \sigma_j^2}{\mu^2}
        \left(1 - \frac{1}{r_j}\right)^2

    Examples
    --------
    >>> mld_se([10, 20, 30], [1, 2, 1], [0, 0, 0])
    0.0
    """
    y, p, mu = _prepare(values, populations, mean)
    require_positive(y)
    require_positive_mean(mu)
    s = se_arg(se, y.size)
    var = np.sum(p**2 * s**2 / mu**2 * (1 - mu / y) ** 2)
    return float(1000 * np.sqrt(var))


# --- fifths ----------------------------------------------------------------------------------


#: Share of the population in each end of :func:`fifths_difference`.
FIFTH = 0.2


def _fifths(rows: FloatArray, populations: FloatArray, share: float = FIFTH) -> FloatArray:
    """:func:`fifths_difference` of every row of ``rows`` (tables × districts), vectorised."""
    order = np.argsort(rows, axis=1, kind="stable")
    y = np.take_along_axis(rows, order, axis=1)
    n = populations[order] / populations.sum()
    upper = np.cumsum(n, axis=1)
    lower = upper - n
    # The part of each district's population share inside [0, share] and [1 − share, 1].
    bottom = np.clip(np.minimum(upper, share) - lower, 0.0, None)
    top = np.clip(upper - np.maximum(lower, 1.0 - share), 0.0, None)
    return ((top - bottom) * y).sum(axis=1) / share


def fifths_difference(values: ArrayLike, populations: ArrayLike) -> float:
    r"""Difference between the population-weighted top and bottom fifths of the districts.

    A robust companion to D (highest − lowest), which over many small districts is
    biased upward: the extremes of ~100 noisy estimates lie far out by chance alone.
    Districts are sorted by value and laid out on the cumulative population scale
    :math:`[C_{j-1}, C_j]` (shares of the total); the bottom fifth is :math:`[0, 0.2]`,
    the top fifth :math:`[0.8, 1]`. A district straddling a 20 % line counts with the
    part of its population inside. With :math:`w^-_j, w^+_j` those parts,

    .. math::

        D_{1/5} = \frac{\sum_j w^+_j y_j}{0.2} - \frac{\sum_j w^-_j y_j}{0.2}
        \qquad (\textstyle\sum_j w^\pm_j = 0.2)

    the population-weighted mean of the highest fifth minus that of the lowest, so
    highest − lowest as D, ≥ 0. Unit: that of the indicator. No inequality: 0. Simple,
    absolute, weighted. Its limits are simulated from the districts' standard errors.

    Parameters
    ----------
    values : array_like
        District estimates y_j.
    populations : array_like
        District populations N_j, all positive.

    References
    ----------
    The population-weighted top and bottom quintile gap of e.g. the Marmot indicators;
    here on districts, not individuals.

    Examples
    --------
    >>> round(fifths_difference([70, 75, 80, 85, 90], [1, 1, 1, 1, 1]), 6)
    20.0
    >>> round(fifths_difference([70, 80, 90], [1, 2, 1]), 6)  # 0.2 of 70 vs 0.2 of 90
    20.0
    >>> abs(round(fifths_difference([80, 80, 80], [5, 1, 3]), 9))
    0.0
    """
    y = values_arg(values, minimum=2)
    pop = np.asarray(populations, dtype=float)
    shares_arg(pop, y.size)
    return float(_fifths(y[None, :], pop)[0])


# --- the family: every measure above, with its limits ----------------------------------------

_NOT_FOR_ORDERED = Refusal.at("not_for_ordered")
#: Measures with analytic limits (HEAT technical notes); the others are simulated.
_ANALYTIC = {
    "bgv": (bgv_se, "analytic (HEAT technical notes)"),
    "ti": (theil_se, "analytic: delta method (HEAT)"),
    "mld": (mld_se, "analytic: delta method (HEAT)"),
}


def compute(prepared: Prepared) -> dict[str, MeasureResult]:
    """The dispersion family: d_fifths and BGV … MLD from the kernels above.

    The observed table is row 0 of a matrix whose other rows are HEAT's simulated
    tables, so each kernel runs once for the value and all its simulations. Refusals
    come from the same checks the public functions make.
    """
    t, o = prepared, prepared.options
    if o.ordered:
        raise FamilyRefused(_NOT_FOR_ORDERED)
    too_few = _refusal_of(lambda: values_arg(t.y, minimum=MIN_GROUPS))
    if too_few is not None:
        raise FamilyRefused(too_few)
    p = t.pop / t.pop.sum()
    tables = _tables(t)
    mu = setting_mean(tables, p, o.mean)
    refused = _refusals(t, float(mu[0]))
    sims, bgv_value = _simulated(t, tables, p, mu, refused)
    values = {mid: float(v[0]) for mid, v in sims.items()} | {"bgv": bgv_value}
    if "ti" not in refused:
        values |= {"ti": float(_theil(t.y, p, mu[0])), "mld": float(_mld(t.y, p, mu[0]))}
    limits: dict[str, tuple[float, float, float]] = {}
    draws: dict[str, NDArray[np.float64]] = {}
    biased: dict[str, Refusal] = {}
    if t.se is not None:
        limits, draws, biased = _simulated_limits(t, sims, values)
        for mid, (se_fn, _) in _ANALYTIC.items():
            if mid in values:
                limits[mid] = t.analytic(values[mid], se_fn(t.y, t.pop, t.se, mean=o.mean))
    sim_method = (
        f"simulation: {o.reps} draws, seed {o.seed}, percentiles "
        f"{(1 - o.confidence) / 2:.1%}–{(1 + o.confidence) / 2:.1%} (HEAT)"
    )
    methods = dict.fromkeys(sims, sim_method) | {m: text for m, (_, text) in _ANALYTIC.items()}
    best = _best(t)
    out = {mid: MeasureResult.refusal(mid, refusal) for mid, refusal in refused.items()}
    for mid, value in values.items():
        out[mid] = MeasureResult.with_limits(
            mid,
            value,
            limits.get(mid),
            methods[mid],
            t.notes + (best if mid in ("mdbu", "mdbw") else ()),
            biased.get(mid, None if t.se is not None else NO_SE),
            draws.get(mid),
        )
    return out


def _refusal_of(check: Callable[[], object]) -> Refusal | None:
    """The refusal a check raises, or None when it passes."""
    try:
        check()
    except MeasureRefused as refused:
        return refused.refusal
    return None


def _tables(t: Prepared) -> NDArray[np.float64]:
    """The observed table as row 0, then HEAT's simulated tables when there are SEs."""
    observed = t.y[None, :]
    if t.se is None:
        return observed
    o = t.options
    draws = bounded_normal(
        t.y,
        t.se,
        reps=o.reps,
        rng=np.random.default_rng(o.seed),
        lower=0.0 if (t.y >= 0).all() else None,
        upper=o.scale,
    )
    return np.vstack([observed, draws])


def _refusals(t: Prepared, mu: float) -> dict[str, Refusal]:
    """The measures that refuse this table, and why."""
    hib, n = t.options.higher_is_better, t.y.size
    found: dict[str, Refusal | None] = dict.fromkeys(
        ("cov", "idisu", "idisw", "ti", "mld"),
        _refusal_of(lambda: (require_positive(t.y), require_positive_mean(mu))),
    )
    for mid in ("mdbu", "mdbw"):
        found[mid] = _refusal_of(lambda m=mid: polarity_arg(hib, m.upper()))
    missing = _refusal_of(t.require_reference)
    for mid in ("mdru", "mdrw"):
        found[mid] = (
            missing
            if missing is not None
            else _refusal_of(lambda m=mid: reference_required(t.ref, n, m.upper()))
        )
    return {mid: refusal for mid, refusal in found.items() if refusal is not None}


def _simulated(
    t: Prepared,
    tables: NDArray[np.float64],
    p: FloatArray,
    mu: NDArray[np.float64],
    refused: dict[str, Refusal],
) -> tuple[dict[str, NDArray[np.float64]], float]:
    """Each simulated measure over all ``tables`` (row 0 observed), and BGV's value."""
    hib, ref = t.options.higher_is_better, t.ref
    u = np.full(t.y.size, 1.0 / t.y.size)
    with np.errstate(divide="ignore", invalid="ignore"):
        bgv_rows = _bgv(tables, p, mu)
        sd = np.sqrt(bgv_rows)
        mdm_u, mdm_w = _mdm(tables, u, mu), _mdm(tables, p, mu)
        sims = {"d_fifths": _fifths(tables, t.pop), "bgsd": sd, "mdmu": mdm_u, "mdmw": mdm_w}
        if "cov" not in refused:
            sims |= {"cov": sd / mu * 100, "idisu": mdm_u / mu * 100, "idisw": mdm_w / mu * 100}
        if hib is not None:
            sims |= {"mdbu": _mdb(tables, u, hib), "mdbw": _mdb(tables, p, hib)}
        if ref is not None and "mdru" not in refused:
            sims |= {"mdru": _mdr(tables, u, ref), "mdrw": _mdr(tables, p, ref)}
    return sims, float(bgv_rows[0])


def _simulated_limits(
    t: Prepared, sims: dict[str, NDArray[np.float64]], values: dict[str, float]
) -> tuple[
    dict[str, tuple[float, float, float]], dict[str, NDArray[np.float64]], dict[str, Refusal]
]:
    """Percentile limits and draws of each simulated measure, or why it has none."""
    limits: dict[str, tuple[float, float, float]] = {}
    draws_of: dict[str, NDArray[np.float64]] = {}
    biased: dict[str, Refusal] = {}
    # One percentile call for all simulated measures (rows), as R's type 7.
    lo, hi = percentile_rows(np.vstack([v[1:] for v in sims.values()]), t.options.confidence)
    for j, mid in enumerate(sims):
        draws = sims[mid][1:]
        if not lo[j] <= values[mid] <= hi[j]:
            # Not Monte Carlo noise but bias: the measurement error of each district
            # adds to the spread of every simulated table, so a dispersion measure's
            # draws lie above its estimate. A percentile interval that excludes its own
            # estimate is no confidence interval; we publish none.
            biased[mid] = _biased_refusal(float(np.mean(draws > values[mid])))
            continue
        limits[mid] = (float(lo[j]), float(hi[j]), float(np.std(draws, ddof=1)))
        draws_of[mid] = draws
    return limits, draws_of, biased


def _best(t: Prepared) -> tuple[Text, ...]:
    """The note naming the best area, for MDB (none without a polarity)."""
    hib = t.options.higher_is_better
    if hib is None:
        return ()
    b = int(np.argmax(t.y) if hib else np.argmin(t.y))
    return (note("best", area=t.areas[b]),)


def _biased_refusal(share_above: float) -> Refusal:
    """Why a simulated interval that excludes its own estimate is not published."""
    above = share_above >= 0.5
    pct = f"{(share_above if above else 1 - share_above) * 100:.0f}"
    side = Text("över", "above") if above else Text("under", "below")
    return Refusal.at("biased_simulation", pct=pct, side=side)
