"""Pairwise gaps (difference, ratio), the population-weighted mean, and the simple family."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from indicators.measures._checks import (
    FloatArray,
    reference_arg,
    require_positive,
    se_arg,
    shares_arg,
    values_arg,
)
from indicators.measures.messages import note
from indicators.measures.prepared import Limits, Prepared
from indicators.measures.result import FamilyRefused, MeasureRefused, MeasureResult


def weighted_mean(values: ArrayLike, populations: ArrayLike) -> float:
    r"""Population-weighted mean of the group estimates (the "setting average" μ).

    .. math::

        \mu = \sum_j p_j y_j, \qquad p_j = N_j / \sum_k N_k

    Unit: that of the indicator. This is the μ every gap measure uses unless a published
    city value is passed instead (HEAT-Measures ``get_weighted_mean`` does the same when
    all populations are present). For medians, indices and life expectancy it is a
    population-weighted average of the districts, not the city's own published figure.

    Parameters
    ----------
    values : array_like
        Group estimates y_j.
    populations : array_like
        Group populations N_j, all positive.

    References
    ----------
    WHO (2024) HEAT technical notes, ch. 2-2; WHOequity/HEAT-Measures ``R/utils.R``.

    Examples
    --------
    >>> weighted_mean([20, 30, 40], [1, 1, 2])
    32.5
    """
    y = values_arg(values)
    p = shares_arg(populations, y.size)
    return float(y @ p)


def gap_pair(
    values: ArrayLike,
    *,
    higher_is_better: bool | None,
    reference: int | None = None,
    ordered: bool = False,
) -> tuple[int, int]:
    r"""Positions ``(i, k)`` of the two groups a difference or ratio compares: D = y_i − y_k.

    The pairing of the HEAT technical notes (ch. 3-1-1):

    ============  =========  ======================================  ====================================
    groups        reference  higher is better                        higher is worse
    ============  =========  ======================================  ====================================
    ordered       –          most advantaged − most disadvantaged    most disadvantaged − most advantaged
    not ordered   yes        reference − lowest other                highest other − reference
    not ordered   no         highest − lowest                        highest − lowest
    ============  =========  ======================================  ====================================

    Ordered values must come from the most disadvantaged group (first) to the most
    advantaged (last). Without a polarity (``None``, e.g. counts) ordered groups give
    last − first, a reference gives "the other group farthest from it − reference", and
    otherwise highest − lowest. Ties pick the first group in input order.

    Examples
    --------
    >>> gap_pair([70, 80, 75], higher_is_better=True)
    (1, 0)
    >>> gap_pair([70, 80, 75], higher_is_better=False, reference=2)
    (1, 2)
    >>> gap_pair([70, 80, 75], higher_is_better=False, ordered=True)
    (0, 2)
    """
    y = values_arg(values, minimum=2)
    n = y.size
    ref = reference_arg(reference, n)
    if ordered:
        if ref is not None:
            raise MeasureRefused.at("ordered_no_reference")
        return (0, n - 1) if higher_is_better is False else (n - 1, 0)
    if ref is None:
        return int(np.argmax(y)), int(np.argmin(y))
    others = np.delete(np.arange(n), ref)
    if higher_is_better is True:
        return ref, int(others[np.argmin(y[others])])
    if higher_is_better is False:
        return int(others[np.argmax(y[others])]), ref
    # No polarity: the other group farthest from the reference, the higher one on a tie.
    distance = np.abs(y[others] - y[ref])
    far = others[distance == distance.max()]
    return int(far[np.argmax(y[far])]), ref


def difference(
    values: ArrayLike,
    *,
    higher_is_better: bool | None,
    reference: int | None = None,
    ordered: bool = False,
) -> float:
    r"""Difference D between the two groups chosen by :func:`gap_pair`.

    .. math::

        D = y_i - y_k, \qquad
        \operatorname{var}(D) = \sigma_i^2 + \sigma_k^2 \ \text{(see difference_se)}

    Unit: that of the indicator. No inequality: 0. Simple, absolute, unweighted.

    Parameters
    ----------
    values : array_like
        Group estimates y_j (ordered from most disadvantaged when ``ordered``).
    higher_is_better : bool or None
        Polarity of the indicator; None when it has none.
    reference : int, optional
        Position of the reference group (non-ordered groups only).
    ordered : bool
        Whether the groups are ranked (e.g. income quintiles).

    References
    ----------
    WHO (2024) HEAT technical notes, ch. 3-1-1 "Difference".

    Examples
    --------
    >>> difference([20, 30, 40, 50, 60], higher_is_better=True, ordered=True)
    40.0
    """
    y = values_arg(values, minimum=2)
    i, k = gap_pair(y, higher_is_better=higher_is_better, reference=reference, ordered=ordered)
    return float(y[i] - y[k])


def difference_se(values: ArrayLike, se: ArrayLike, pair: tuple[int, int]) -> float:
    r"""Standard error of D for the pair ``(i, k)``: :math:`\sqrt{\sigma_i^2 + \sigma_k^2}`.

    Examples
    --------
    >>> difference_se([20, 60], [3, 4], (1, 0))
    5.0
    """
    y = values_arg(values, minimum=2)
    s = se_arg(se, y.size)
    i, k = pair
    return float(np.hypot(s[i], s[k]))


def ratio(
    values: ArrayLike,
    *,
    higher_is_better: bool | None,
    reference: int | None = None,
    ordered: bool = False,
) -> float:
    r"""Ratio R between the two groups chosen by :func:`gap_pair`.

    .. math::

        R = y_i / y_k

    Unit: none (show on a log scale: R and 1/R are equally large gaps). No inequality: 1.
    Simple, relative, unweighted. All values must be positive.

    Parameters
    ----------
    values, higher_is_better, reference, ordered
        As for :func:`difference`.

    References
    ----------
    WHO (2024) HEAT technical notes, ch. 3-1-2 "Ratio".

    Examples
    --------
    >>> ratio([20, 30, 40, 50, 60], higher_is_better=True, ordered=True)
    3.0
    """
    y = values_arg(values, minimum=2)
    require_positive(y)
    i, k = gap_pair(y, higher_is_better=higher_is_better, reference=reference, ordered=ordered)
    return float(y[i] / y[k])


def ratio_log_se(values: ArrayLike, se: ArrayLike, pair: tuple[int, int]) -> float:
    r"""Standard error of ln R for the pair ``(i, k)`` (delta method).

    .. math::

        \operatorname{se}(R) = \frac{1}{y_k}\sqrt{\sigma_i^2 + R^2 \sigma_k^2}, \qquad
        \operatorname{se}(\ln R) = \operatorname{se}(R) / R

    The 95 % limits are :math:`\exp(\ln R \pm 1.96\,\operatorname{se}(\ln R))`, as in
    WHOequity/healthequal ``r()``; they stay positive and are symmetric on the log scale.

    Examples
    --------
    >>> round(ratio_log_se([20, 40], [2, 4], (1, 0)), 6)
    0.141421
    """
    y = values_arg(values, minimum=2)
    s = se_arg(se, y.size)
    require_positive(y)
    i, k = pair
    r = y[i] / y[k]
    return float(np.sqrt(s[i] ** 2 + r**2 * s[k] ** 2) / y[k] / r)


def shares(populations: ArrayLike) -> FloatArray:
    """Population shares p_j (checked), for callers that reuse them across measures.

    Examples
    --------
    >>> shares([1, 3]).tolist()
    [0.25, 0.75]
    """
    pop = np.asarray(populations, dtype=float)
    return shares_arg(pop, pop.size)


def compute(prepared: Prepared) -> dict[str, MeasureResult]:
    """The simple family: D and R for the pair :func:`gap_pair` picks, with analytic limits.

    Both refuse together when the pair cannot be chosen (a reference area without data,
    fewer than two areas).
    """
    t, o = prepared, prepared.options
    try:
        t.require_reference()
        pair = gap_pair(
            t.y, higher_is_better=o.higher_is_better, reference=t.ref, ordered=o.ordered
        )
    except MeasureRefused as refused:
        raise FamilyRefused(refused.refusal) from None
    i, k = pair
    which = (note("pair", first=t.areas[i], second=t.areas[k]),)
    kw = {"higher_is_better": o.higher_is_better, "reference": t.ref, "ordered": o.ordered}

    def d_ci(value: float) -> Limits:
        assert t.se is not None
        return t.analytic(value, difference_se(t.y, t.se, pair))

    def r_ci(value: float) -> Limits:
        assert t.se is not None
        se_ln = ratio_log_se(t.y, t.se, pair)
        lo, hi, _ = t.analytic(np.log(value), se_ln)
        # Limits on the log scale; se on R's natural scale by the delta method, R·se(ln R).
        return float(np.exp(lo)), float(np.exp(hi)), value * se_ln

    return {
        "d": t.measure(
            "d",
            lambda: difference(t.y, **kw),
            d_ci,
            "analytic: ± z·√(σ₁² + σ₂²) (HEAT)",
            which,
        ),
        "r": t.measure(
            "r",
            lambda: ratio(t.y, **kw),
            r_ci,
            "analytic: delta method on ln R (healthequal)",
            which,
        ),
    }
