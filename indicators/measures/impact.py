"""Impact measures: how much the city average would improve if every district did as well as
the reference (population attributable risk and fraction)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from indicators.measures._checks import (
    FloatArray,
    polarity_arg,
    reference_arg,
    require_positive,
    require_positive_mean,
    same_length,
    shares_arg,
    values_arg,
)
from indicators.measures.result import MeasureRefused, Reason


def reference_group(
    values: ArrayLike,
    *,
    higher_is_better: bool,
    reference: int | None = None,
    ordered: bool = False,
) -> int:
    """Position of the group PAR and PAF compare with the mean.

    The given ``reference``; else the most advantaged (last) of ordered groups; else the
    highest estimate (higher is better) or the lowest (higher is worse). Ties pick the
    first in input order (the value, hence PAR, is the same).

    Examples
    --------
    >>> reference_group([20, 60, 40], higher_is_better=False)
    0
    """
    y = values_arg(values)
    ref = reference_arg(reference, y.size)
    if ref is not None:
        return ref
    if ordered:
        return y.size - 1
    return int(np.argmax(y) if higher_is_better else np.argmin(y))


def _par_parts(
    values: ArrayLike,
    populations: ArrayLike,
    higher_is_better: bool | None,
    reference: int | None,
    ordered: bool,
    mean: float | None,
    measure: str,
) -> tuple[FloatArray, FloatArray, int, float, float]:
    y = values_arg(values, minimum=2)
    p = shares_arg(populations, y.size)
    hib = polarity_arg(higher_is_better, measure)
    ref = reference_group(y, higher_is_better=hib, reference=reference, ordered=ordered)
    mu = float(y @ p) if mean is None else float(mean)
    par_value = float(y[ref] - mu)
    # A reference worse than the mean leaves nothing to gain: HEAT reports 0.
    if (hib and par_value < 0) or (not hib and par_value > 0):
        par_value = 0.0
    return y, p, ref, mu, par_value


def par(
    values: ArrayLike,
    populations: ArrayLike,
    *,
    higher_is_better: bool | None,
    reference: int | None = None,
    ordered: bool = False,
    mean: float | None = None,
) -> float:
    r"""Population attributable risk: reference group's value minus the mean.

    .. math::

        \mathrm{PAR} = y_\text{ref} - \mu

    set to 0 when the reference does worse than the mean (PAR < 0 for a favourable
    indicator, > 0 for an adverse one). The reference is :func:`reference_group`.
    Unit: that of the indicator. No inequality: 0. Complex, absolute, weighted.
    95 % limits: from the PAF's (Walter), see :func:`par_se`.

    References
    ----------
    WHO (2024) HEAT technical notes, ch. 3-7-1; WHOequity/healthequal ``parisk()``.

    Examples
    --------
    >>> round(par([20, 30, 40, 50, 60], [78, 91, 162, 103, 105],
    ...           higher_is_better=True, ordered=True), 6)
    18.77551
    """
    return _par_parts(values, populations, higher_is_better, reference, ordered, mean, "PAR")[4]


def paf(
    values: ArrayLike,
    populations: ArrayLike,
    *,
    higher_is_better: bool | None,
    reference: int | None = None,
    ordered: bool = False,
    mean: float | None = None,
) -> float:
    r"""Population attributable fraction: PAR as a percentage of the mean.

    .. math::

        \mathrm{PAF} = \frac{y_\text{ref} - \mu}{\mu} \times 100

    with the same clamping to 0 as :func:`par`. Unit: percent of the mean. No
    inequality: 0. Values must be positive. 95 % limits: Walter (1978), see :func:`paf_se`.

    References
    ----------
    WHO (2024) HEAT technical notes, ch. 3-7-2; WHOequity/healthequal ``paf()``.

    Examples
    --------
    >>> round(paf([20, 30, 40, 50, 60], [78, 91, 162, 103, 105],
    ...           higher_is_better=True, ordered=True), 4)
    45.5446
    """
    y, _, _, mu, par_value = _par_parts(
        values, populations, higher_is_better, reference, ordered, mean, "PAF"
    )
    require_positive(y)
    require_positive_mean(mu)
    return par_value / mu * 100


def paf_fraction_se(
    values: ArrayLike,
    populations: ArrayLike,
    *,
    scale: float,
    higher_is_better: bool | None,
    reference: int | None = None,
    ordered: bool = False,
    mean: float | None = None,
    counts: ArrayLike | None = None,
) -> float:
    r"""Standard error of the attributable fraction (on the 0–1 scale), Walter (1978).

    From a 2 × 2 table of "achieved / not achieved" (the indicator read as a share of
    ``scale``) for the reference group against all others:
    c = (y_ref/scale) n_ref, d = n_ref − c, a = (μ_n/scale) n − c, b = n − a − n_ref,
    where n_j are ``counts``, the share's own denominator (pupils who sat the test,
    people aged 20–64 …), and μ_n their weighted mean of the values (or ``mean``).
    Without ``counts`` the populations stand in, as in HEAT; that is only right when the
    population *is* the denominator — with the resident population behind a share of a
    small cohort the limits come out far too narrow (:func:`compute_all` then gives none).

    .. math::

        \operatorname{var} = \frac{c\,N\,[a d (N - c) + b c^2]}{(a + c)^3 (c + d)^3}

    Only meaningful for proportions and rates with a scale. The limits are
    PAF ± 1.96 · 100 · se and PAR ± 1.96 · μ · se (HEAT ch. 3-7-2). healthequal's
    ``paf()`` adds ± 1.96 · se to the percentage itself — a scale slip we do not copy.

    References
    ----------
    Walter SD (1978) Calculation of attributable risks from epidemiological data.
    Int J Epidemiol 7:175-182.

    Examples
    --------
    >>> round(paf_fraction_se([20, 30, 40, 50, 60], [78, 91, 162, 103, 105], scale=100,
    ...                       higher_is_better=True, ordered=True), 6)
    0.106894
    """
    if not scale > 0:
        raise ValueError("'scale' must be positive, e.g. 100 for a percentage.")
    y, p, ref, mu, _ = _par_parts(
        values, populations, higher_is_better, reference, ordered, mean, "PAF"
    )
    pop = np.asarray(populations if counts is None else counts, dtype=float)
    if counts is not None:
        same_length(pop, y.size, "counts")
        if mean is None:
            mu = float(y @ pop / pop.sum())
    total = pop.sum()
    c = y[ref] / scale * pop[ref]
    d = pop[ref] - c
    a = mu / scale * total - c
    b = total - a - pop[ref]
    if min(a, b, c, d) < 0 or c == 0:
        raise MeasureRefused(
            Reason.OUT_OF_RANGE,
            "Walter's limits need values between 0 and the scale.",
            "Walters konfidensgränser kräver värden mellan 0 och skalan.",
        )
    n = a + b + c + d
    var = c * n * (a * d * (n - c) + b * c**2) / ((a + c) ** 3 * (c + d) ** 3)
    return float(np.sqrt(var))
