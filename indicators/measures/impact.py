"""Impact measures: how much the city average would improve if every district did as well as
the reference (population attributable risk and fraction), and their family's limits."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from indicators.core.text import Text
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
from indicators.measures.messages import note
from indicators.measures.prepared import Limits, Prepared
from indicators.measures.result import (
    FamilyRefused,
    MeasureRefused,
    MeasureResult,
    Refusal,
)


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


def _walter_table(
    y: FloatArray, n: ArrayLike, ref: int, mu: float, scale: float
) -> tuple[float, float, float, float]:
    """Walter's 2 × 2 table (a, b, c, d) of achieved / not achieved, reference vs the rest."""
    pop = np.asarray(n, dtype=float)
    same_length(pop, y.size, "counts")
    total = pop.sum()
    c = y[ref] / scale * pop[ref]
    d = pop[ref] - c
    a = mu / scale * total - c
    return float(a), float(total - a - pop[ref]), float(c), float(d)


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

    A 2 × 2 table of "achieved / not achieved" (the value as a share of ``scale``), the
    reference group against all others: c = (y_ref/scale) n_ref, d = n_ref − c,
    a = (μ_n/scale) n − c, b = n − a − n_ref, with n_j the share's own denominator
    ``counts`` (pupils who sat the test, people aged 20–64 …) and μ_n their weighted mean
    (or ``mean``). Without ``counts`` the populations stand in, as in HEAT — too narrow
    when they are not the denominator, so :func:`compute_all` then gives no limits.

    .. math::

        \operatorname{var} = \frac{c\,N\,[a d (N - c) + b c^2]}{(a + c)^3 (c + d)^3}

    Limits: PAF ± 1.96 · 100 · se, PAR ± 1.96 · μ · se (HEAT ch. 3-7-2; healthequal adds
    ± 1.96 · se to the percentage itself, a scale slip we do not copy).

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
    n = np.asarray(populations if counts is None else counts, dtype=float)
    if counts is not None and mean is None:
        # μ weighted by the share's own denominators, as the 2 × 2 table counts people.
        mu = float(y @ n / n.sum())
    a, b, c, d = _walter_table(y, n, ref, mu, scale)
    if min(a, b, c, d) < 0 or c == 0:
        raise MeasureRefused.at("walter_out_of_range")
    n = a + b + c + d
    var = c * n * (a * d * (n - c) + b * c**2) / ((a + c) ** 3 * (c + d) ** 3)
    return float(np.sqrt(var))


# --- the family: PAR and PAF with Walter's limits --------------------------------------------

_NO_SCALE = Refusal.at("walter_no_scale")
_NO_DENOMINATOR = Refusal.at("no_denominator")
_WALTER = "analytic: Walter (1978) with the indicator's own denominator as n (HEAT)"


def compute(prepared: Prepared) -> dict[str, MeasureResult]:
    """The impact family: PAR and PAF with Walter's limits (no limits for a value set to 0).

    Both refuse together when the reference area lacks data. Walter's limits rest on
    population counts, not on the estimates' SEs.
    """
    t, o = prepared, prepared.options
    try:
        t.require_reference()
    except MeasureRefused as refused:
        raise FamilyRefused(refused.refusal) from None
    kw = {
        "higher_is_better": o.higher_is_better,
        "reference": t.ref,
        "ordered": o.ordered,
        "mean": o.mean,
    }
    extra, clamped = _reference_notes(t)

    def fraction_se() -> float:
        if o.scale is None:
            raise MeasureRefused.because(_NO_SCALE)
        if t.denom is None:
            # Walter's variance is binomial in n: the resident population as n made the
            # limits of a grade-3 share ~13× too narrow (issue 8). Only the share's own
            # denominator is a sound n.
            raise MeasureRefused.because(_NO_DENOMINATOR)
        return paf_fraction_se(t.y, t.pop, scale=o.scale, counts=t.denom, **kw)

    def par_ci(value: float) -> Limits:
        mu = float(t.y @ (t.pop / t.pop.sum())) if o.mean is None else o.mean
        return t.analytic(value, mu * fraction_se())

    def paf_ci(value: float) -> Limits:
        return t.analytic(value, 100 * fraction_se())

    kernels = {"par": (par, par_ci), "paf": (paf, paf_ci)}
    return {
        mid: t.measure(
            mid,
            lambda f=f: f(t.y, t.pop, **kw),
            None if clamped else ci,
            _WALTER,
            extra,
            needs_se=False,
        )
        for mid, (f, ci) in kernels.items()
    }


def _reference_notes(t: Prepared) -> tuple[tuple[Text, ...], bool]:
    """The note naming the reference, and whether PAR and PAF are set to 0 (no limits)."""
    o = t.options
    if o.higher_is_better is None:
        return (), False
    hib = o.higher_is_better
    r = reference_group(t.y, higher_is_better=hib, reference=t.ref, ordered=o.ordered)
    notes = (note("reference", area=t.areas[r]),)
    mu = float(t.y @ t.pop / t.pop.sum()) if o.mean is None else o.mean
    clamped = bool((t.y[r] < mu) if hib else (t.y[r] > mu))
    if clamped:
        notes += (note("reference_worse"),)
    return notes, clamped
