"""Non-ordered gap measures: spread of district values around the mean, the best or a reference.

Each public function checks its input and returns one number. The ``_kernel`` functions
after them do the arithmetic on arrays of shape (..., n), so that the simulation of
confidence limits can evaluate thousands of simulated tables in one call.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

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
from indicators.measures.result import MeasureRefused, Reason

#: Complex non-ordered measures need more than two groups (HEAT Plus applicability table).
MIN_GROUPS = 3


def _prepare(
    values: ArrayLike, populations: ArrayLike, mean: float | None
) -> tuple[FloatArray, FloatArray, float]:
    y = values_arg(values, minimum=MIN_GROUPS)
    p = shares_arg(populations, y.size)
    mu = float(y @ p) if mean is None else float(mean)
    if not np.isfinite(mu):
        raise MeasureRefused(
            Reason.INVALID_INPUT, "'mean' must be a finite number.", "'mean' måste vara ett tal."
        )
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
        raise MeasureRefused(
            Reason.NO_REFERENCE,
            f"{measure} needs a reference group.",
            f"{measure} behöver en referensgrupp.",
        )
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
