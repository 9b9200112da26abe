"""Ordered gap measures: districts ranked into quantiles, and the slope and relative index.

Districts are not ordered by themselves. To use the slope index of inequality (SII) and
the relative index of inequality (RII), rank them into quintiles or deciles by a
stratifier (median income, CNI …) with their population shares, exactly as Fingertips
does with deprivation deciles (:func:`assign_quantiles`, :func:`quantile_table`).
Groups always run from the most disadvantaged (first, rank 0) to the most advantaged.

Two SII/RII models are implemented:

* :func:`slope_index` — the PHE/Fingertips method (Low & Low 2004; ``phe_sii``):
  weighted least squares on the relative rank, optionally on ln or logit of the values,
  with Monte Carlo confidence limits (seeded, so reproducible).
* :func:`slope_index_logistic` — HEAT's default for indicators on a 0–scale range
  (WHOequity/healthequal ``sii()``/``rii()``): a binomial GLM with logit link and
  HC1-robust delta-method limits, including HEAT's effective N² weights.

:func:`compute` is the ordered family: SII and RII of ranked groups, or of districts
ranked into quantiles by a stratifier, with the model ``compute_all``'s options choose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from indicators.core.text import Text
from indicators.measures._checks import (
    FloatArray,
    as_floats,
    require_positive,
    same_length,
    se_arg,
    shares_arg,
    values_arg,
)
from indicators.measures.messages import note
from indicators.measures.prepared import NO_SE, Prepared, pct
from indicators.measures.result import (
    FamilyRefused,
    MeasureRefused,
    MeasureResult,
    Refusal,
)
from indicators.measures.simulate import DEFAULT_SEED, PHE_REPS, position_limits, z_value

ValueType = Literal["other", "rate", "proportion"]

#: HEAT applies SII/RII to ordered dimensions with more than two groups.
MIN_GROUPS = 3
#: PHE's ``phe_sii`` refuses fewer than 5 quantiles; fewer get a caution note here.
PHE_MIN_QUANTILES = 5
#: PHE's minimum number of simulations.
MIN_REPS = 1000


def relative_ranks(populations: ArrayLike) -> FloatArray:
    r"""Relative rank (ridit) of each ordered group: the midpoint of its population share.

    .. math::

        X_j = \sum_{k<j} p_k + \tfrac12 p_j

    Groups must be ordered from the most disadvantaged (X near 0) to the most advantaged
    (X near 1).

    References
    ----------
    WHO (2024) HEAT technical notes, ch. 3-3-1; PHEindicatormethods ``FindXValues``.

    Examples
    --------
    >>> relative_ranks([20, 30, 50]).tolist()
    [0.1, 0.35, 0.75]
    """
    pop = as_floats(populations, "populations")
    p = shares_arg(pop, pop.size)
    return np.cumsum(p) - p / 2


def assign_quantiles(
    stratifier: ArrayLike,
    populations: ArrayLike,
    n_groups: int = 5,
    *,
    higher_is_better: bool = True,
) -> NDArray[np.int_]:
    r"""Population-weighted quantile (1 = most disadvantaged … ``n_groups``) of each district.

    Districts are sorted by the stratifier from the most disadvantaged (lowest income, or
    highest CNI when ``higher_is_better=False``). A district belongs to the quantile in
    which the midpoint of its population falls on the cumulative population scale,

    .. math::

        q_i = \min\big(\lfloor n_q \cdot (C_{i-1} + \tfrac12 N_i) / N \rfloor,\ n_q - 1\big) + 1,

    so each quantile holds about 1/n_q of the population, as with population-weighted
    deprivation deciles. Districts with the same stratifier value are kept together (one
    block, one midpoint), which makes the result independent of row order. A quantile can
    end up empty when one district holds a large share or there are few districts; the
    caller must check (:func:`quantile_table` refuses).

    Examples
    --------
    >>> assign_quantiles([300, 250, 410, 200, 350], [1, 1, 1, 1, 1]).tolist()
    [3, 2, 5, 1, 4]
    >>> assign_quantiles([1.4, 0.8, 1.1], [1, 1, 1], 3, higher_is_better=False).tolist()
    [1, 3, 2]
    """
    s = as_floats(stratifier, "stratifier")
    pop = as_floats(populations, "populations")
    same_length(pop, s.size, "populations")
    if (pop <= 0).any():
        raise MeasureRefused.at("not_positive", name="populations")
    if not (isinstance(n_groups, int) and n_groups >= 2):
        raise ValueError("'n_groups' must be an integer of at least 2.")
    key = s if higher_is_better else -s
    _, block = np.unique(key, return_inverse=True)
    block_pop = np.bincount(block, weights=pop)
    midpoint = np.cumsum(block_pop) - block_pop / 2
    q = np.minimum(np.floor(midpoint / pop.sum() * n_groups), n_groups - 1).astype(int) + 1
    return q[block]


@dataclass(frozen=True)
class QuantileTable:
    """Ordered groups built from districts: value, population and (optional) SE per quantile."""

    values: FloatArray
    populations: FloatArray
    se: FloatArray | None


def quantile_table(
    values: ArrayLike,
    populations: ArrayLike,
    quantile: ArrayLike,
    n_groups: int,
    se: ArrayLike | None = None,
) -> QuantileTable:
    r"""Collapse districts into their quantiles: population-weighted value, summed population.

    .. math::

        y_q = \frac{\sum_{i \in q} N_i y_i}{\sum_{i \in q} N_i}, \qquad
        \sigma_q = \sqrt{\sum_{i \in q} (N_i / N_q)^2 \sigma_i^2}

    For non-additive indicators (medians, indices, life expectancy) the weighted mean is
    an approximation of the quantile's own value. Refuses (``EMPTY_QUANTILE``) when a
    quantile has no district.

    Examples
    --------
    >>> t = quantile_table([10, 20, 30, 40], [1, 3, 2, 2], [1, 1, 2, 2], 2)
    >>> t.values.tolist(), t.populations.tolist()
    ([17.5, 35.0], [4.0, 4.0])
    """
    y = values_arg(values)
    pop = as_floats(populations, "populations")
    same_length(pop, y.size, "populations")
    q = np.asarray(quantile)
    same_length(q, y.size, "quantile")
    if (pop <= 0).any():
        raise MeasureRefused.at("not_positive", name="populations")
    idx = q.astype(int) - 1
    if (idx < 0).any() or (idx >= n_groups).any():
        raise ValueError(f"'quantile' must hold integers from 1 to {n_groups}.")
    group_pop = np.bincount(idx, weights=pop, minlength=n_groups)
    empty = np.nonzero(group_pop == 0)[0] + 1
    if empty.size:
        listed = ", ".join(str(e) for e in empty)
        raise MeasureRefused.at(
            "empty_quantile",
            listed=listed,
            n_groups=n_groups,
            quantiles=Text("Kvantil", "Quantiles" if empty.size > 1 else "Quantile"),
            lack=Text("saknar", "have" if empty.size > 1 else "has"),
        )
    group_y = np.bincount(idx, weights=pop * y, minlength=n_groups) / group_pop
    group_se = None
    if se is not None:
        s = se_arg(se, y.size)
        group_se = np.sqrt(np.bincount(idx, weights=(pop * s) ** 2, minlength=n_groups)) / group_pop
    return QuantileTable(group_y, group_pop, group_se)


@dataclass(frozen=True)
class SlopeIndex:
    """SII and RII from one fitted model, with their limits and how they were obtained.

    ``intercept`` is the fitted value at rank 0 (the most disadvantaged end) on the
    values' own scale; ``rii`` is None when it is not meaningful (values or fitted values
    ≤ 0); the limits are None without standard errors.
    """

    sii: float
    rii: float | None
    intercept: float
    sii_ci: tuple[float, float] | None
    rii_ci: tuple[float, float] | None
    model: str
    ci_method: str | None
    #: Standard errors of SII (its own scale) and of RII (natural scale, not ln RII):
    #: the spread of the simulated values, or the delta method for the logistic model.
    sii_se: float | None = None
    rii_se: float | None = None
    #: The simulated SII and RII when the limits are simulated (seeded), else None.
    sii_draws: FloatArray | None = field(default=None, repr=False, compare=False)
    rii_draws: FloatArray | None = field(default=None, repr=False, compare=False)


def _forward(y: NDArray[np.float64], value_type: ValueType) -> NDArray[np.float64]:
    if value_type == "rate":
        return np.log(y)
    if value_type == "proportion":
        return np.log(y / (1 - y))
    return y


def _inverse(t: NDArray[np.float64], value_type: ValueType) -> NDArray[np.float64]:
    if value_type == "rate":
        return np.exp(t)
    if value_type == "proportion":
        return 1 / (1 + np.exp(-t))
    return t


def se_from_limits(
    lower: ArrayLike, upper: ArrayLike, *, value_type: ValueType = "other"
) -> FloatArray:
    r"""Standard errors from 95 % limits, on the scale ``slope_index`` simulates on.

    .. math::

        \sigma_j = \frac{f(U_j) - f(L_j)}{2 \times 1.959964}, \quad
        f = \text{identity, } \ln \text{ (rates) or logit (proportions)}

    Examples
    --------
    >>> se_from_limits([8.04], [11.96]).round(3).tolist()
    [1.0]
    """
    lo = as_floats(lower, "lower")
    hi = as_floats(upper, "upper")
    same_length(hi, lo.size, "upper")
    return (_forward(hi, value_type) - _forward(lo, value_type)) / (2 * z_value(0.95))


# Over 60 lines with its docstring (about 80 of code): PHE's phe_sii in one readable piece —
# checks, the WLS design, the transformed fit and the Monte Carlo limits — so that it can
# be held against PHEindicatormethods line by line; the oracles A1–A3 pin every number.
def slope_index(
    values: ArrayLike,
    populations: ArrayLike,
    se: ArrayLike | None = None,
    *,
    value_type: ValueType = "other",
    transform: bool = False,
    multiplier: float = 1.0,
    confidence: float = 0.95,
    reps: int = PHE_REPS,
    seed: int | None = DEFAULT_SEED,
) -> SlopeIndex:
    r"""Slope and relative index of inequality by weighted least squares (PHE method).

    With population shares :math:`a_j` and relative ranks :math:`b_j`
    (:func:`relative_ranks`) of groups ordered from the most disadvantaged, fit

    .. math::

        f(y_j)\sqrt{a_j} = \beta_0 \sqrt{a_j} + \beta_1 b_j \sqrt{a_j}

    (weighted least squares of f(y) on b with weights a_j), then

    .. math::

        \mathrm{SII} = m\,[f^{-1}(\beta_0+\beta_1) - f^{-1}(\beta_0)], \qquad
        \mathrm{RII} = \left(\frac{f^{-1}(\beta_0+\beta_1)}{f^{-1}(\beta_0)}\right)^{\operatorname{sign} m}

    where f is the identity, or with ``transform=True`` ln (``value_type="rate"``) or
    logit (``"proportion"``), and m the ``multiplier`` (100 for a percentage; negative to
    flip the polarity, which also inverts RII). SII: unit of the indicator (× m), no
    inequality 0; RII: no unit, no inequality 1. RII needs positive values and intercept.

    Confidence limits are simulated as ``phe_sii`` does: ``reps`` draws of
    y*_j ~ Normal(f(y_j), σ_j) — so for rates and proportions ``se`` is on the ln/logit
    scale (see :func:`se_from_limits`) — refitted (back-transformed first unless
    ``transform``), and the simulated values at sorted positions round(reps·(1∓c)/2).
    The generator is seeded: the same input gives the same limits.

    Parameters
    ----------
    values : array_like
        Group estimates, most disadvantaged first (rates > 0; proportions in (0, 1)).
    populations : array_like
        Group populations, all positive.
    se : array_like, optional
        Standard errors; without them there are no limits.
    value_type : {"other", "rate", "proportion"}
    transform : bool
        Fit on ln/logit of the values (only for rates and proportions).
    multiplier : float
    confidence : float
    reps : int
        Simulations, at least 1000 (PHE's minimum); PHE's default 100 000 by default.
    seed : int or None

    References
    ----------
    Low A, Low A (2004) Measuring the gap: quantifying and comparing local health
    inequalities. J Public Health 26:388-395; PHEindicatormethods ``phe_sii``.

    Examples
    --------
    >>> r = slope_index([20, 30, 40, 50, 60], [78, 91, 162, 103, 105])
    >>> round(r.sii, 6), round(r.rii, 6)
    (46.253811, 3.5558)
    """
    y, a = _slope_args(values, populations, value_type, transform, multiplier, reps)
    fit_type: ValueType = value_type if transform else "other"

    # Least squares of the PHE design [√a, b·√a] as one matrix, β = solver @ y, so that
    # thousands of simulated tables cost a single matrix product.
    sqrt_a = np.sqrt(a)
    design = np.vstack([sqrt_a, (np.cumsum(a) - a / 2) * sqrt_a])
    solver = np.linalg.solve(design @ design.T, design) * sqrt_a

    b0, b1 = solver @ _forward(y, fit_type)
    v0, v1 = _inverse(np.array([b0, b0 + b1]), fit_type)
    sii = float(multiplier * (v1 - v0))
    positive = bool((y > 0).all() and v0 > 0 and v1 > 0)
    rii = float(v1 / v0 if multiplier > 0 else v0 / v1) if positive else None
    model = "PHE WLS" + {"other": "", "rate": ", ln", "proportion": ", logit"}[fit_type]
    if se is None:
        return SlopeIndex(sii, rii, float(v0), None, None, model, None)

    s = se_arg(se, y.size)
    rng = np.random.default_rng(seed)
    if transform or value_type == "other":
        # The fit is linear in the simulated (transformed) values, so (β₀*, β₁*) is exactly
        # bivariate normal with covariance S·diag(σ²)·Sᵀ: drawing it directly is the same
        # distribution as refitting every simulated table, at 2 instead of n numbers a draw.
        cov = (solver * s**2) @ solver.T
        sim_b0, sim_b1 = _bivariate_normal((b0, b1), cov, reps, rng)
    else:
        draws = _inverse(
            _forward(y, value_type) + s * rng.standard_normal((reps, y.size)), value_type
        )
        sim_b0, sim_b1 = solver @ draws.T
    sim_v0 = _inverse(sim_b0, fit_type)
    sim_v1 = _inverse(sim_b0 + sim_b1, fit_type)
    # Limits are taken before the multiplier and then mapped, as phe_sii did, so that a
    # negative multiplier mirrors them exactly.
    lo, hi = position_limits(sim_v1 - sim_v0, confidence)
    sii_ci = (
        (multiplier * lo, multiplier * hi) if multiplier > 0 else (multiplier * hi, multiplier * lo)
    )
    sii_draws = multiplier * (sim_v1 - sim_v0)
    rii_ci = rii_draws = None
    if rii is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = sim_v1 / sim_v0
            lo, hi = position_limits(ratio, confidence)
            rii_draws = ratio if multiplier > 0 else 1 / ratio
        rii_ci = (lo, hi) if multiplier > 0 else (1 / hi, 1 / lo)
    method = f"Monte Carlo, {reps} simulations, seed {seed} (PHE phe_sii)"
    sii_se = float(np.std(sii_draws, ddof=1))
    if value_type == "other":
        # Untransformed, SII is the slope β₁ itself, exactly normal: its standard error is
        # exact, and a change between years is tested on it (a Wald test is exact here),
        # free of the draws' Monte Carlo error, which matters near p = 0.05. So no draws.
        sii_se = float(abs(multiplier) * np.sqrt(cov[1, 1]))
        sii_draws = None
    return SlopeIndex(
        sii,
        rii,
        float(v0),
        sii_ci,
        rii_ci,
        model,
        method,
        sii_se=sii_se,
        rii_se=_finite_std(rii_draws),
        sii_draws=sii_draws,
        rii_draws=rii_draws,
    )


def _slope_args(
    values: ArrayLike,
    populations: ArrayLike,
    value_type: ValueType,
    transform: bool,
    multiplier: float,
    reps: int,
) -> tuple[FloatArray, FloatArray]:
    """:func:`slope_index`'s checked values and population shares."""
    y = values_arg(values, minimum=MIN_GROUPS)
    a = shares_arg(populations, y.size)
    if value_type not in ("other", "rate", "proportion"):
        raise ValueError("'value_type' must be 'other', 'rate' or 'proportion'.")
    if transform and value_type == "other":
        raise ValueError("'transform' needs value_type 'rate' (ln) or 'proportion' (logit).")
    if value_type == "rate":
        require_positive(y)
    if value_type == "proportion" and ((y <= 0) | (y >= 1)).any():
        raise MeasureRefused.at("logit_out_of_range")
    if not multiplier:
        raise ValueError("'multiplier' must not be zero.")
    if reps < MIN_REPS:
        raise ValueError(f"'reps' must be at least {MIN_REPS}.")
    return y, a


def _bivariate_normal(
    mean: tuple[float, float], cov: FloatArray, reps: int, rng: np.random.Generator
) -> FloatArray:
    """``reps`` draws of (β₀*, β₁*) ~ Normal(mean, cov), as two rows."""
    # A symmetric square root also when cov is singular (a single group with σ > 0).
    eigval, eigvec = np.linalg.eigh(cov)
    root = eigvec * np.sqrt(np.clip(eigval, 0.0, None))
    return np.array([[mean[0]], [mean[1]]]) + root @ rng.standard_normal((2, reps))


def _finite_std(draws: FloatArray | None) -> float | None:
    # A simulated intercept at or below 0 gives an infinite RII draw; its spread is then
    # no standard error.
    if draws is None or not np.isfinite(draws).all():
        return None
    return float(np.std(draws, ddof=1))


# Over 60 lines with its docstring (about 70 of code): HEAT's logistic GLM with its robust
# (HC1) delta-method limits, kept as the one sequence HEAT-Measures' calc-sii.R follows, so
# that oracle B (44.44502) can be traced step by step.
def slope_index_logistic(
    values: ArrayLike,
    populations: ArrayLike,
    *,
    scale: float,
    confidence: float = 0.95,
) -> SlopeIndex:
    r"""SII and RII from HEAT's logistic model, for indicators on a 0 … ``scale`` range.

    With N_j = ⌈population⌉, events e_j = round(y_j / scale · N_j) and ranks X_j,
    fit the binomial GLM

    .. math::

        \operatorname{logit} \pi_j = \beta_0 + \beta_1 X_j, \qquad
        \mathrm{SII} = \text{scale}\,[\pi(1) - \pi(0)], \qquad
        \mathrm{RII} = \pi(1) / \pi(0)

    with prior weights N_j on the trials N_j, i.e. effective weights N_j², as
    WHOequity/healthequal's ``sii()``/``rii()`` do (``glm(cbind(e, N-e) ~ X,
    weights = N)``); this reproduces HEAT's published numbers. Limits: delta method with
    HC1 heteroskedasticity-robust covariance, SII on its own scale and RII on the log
    scale. SII: unit of the indicator; RII: no unit. No inequality: 0 and 1.

    References
    ----------
    WHO (2024) HEAT technical notes, ch. 3-3-1, 3-3-2; Schlotheuber A, Hosseinpoor AR
    (2022) Int J Environ Res Public Health 19:3697.

    Examples
    --------
    >>> r = slope_index_logistic([20, 30, 40, 50, 60], [78, 91, 162, 103, 105], scale=100)
    >>> round(r.sii, 5), round(r.rii, 6)
    (44.44502, 3.159506)
    """
    y = values_arg(values, minimum=MIN_GROUPS)
    pop = as_floats(populations, "populations")
    shares_arg(pop, y.size)
    if not scale > 0:
        raise ValueError("'scale' must be positive, e.g. 100 for a percentage.")
    trials = np.ceil(pop)
    events = np.round(y / scale * trials)
    if ((events < 0) | (events > trials)).any():
        raise MeasureRefused.at("logistic_out_of_range", scale=scale)
    share = events / trials
    weight = trials * trials
    x = relative_ranks(trials)
    design = np.column_stack([np.ones_like(x), x])
    no_fit = MeasureRefused.at("logistic_no_fit")
    if (share == 0).all() or (share == 1).all():
        raise no_fit

    beta = np.zeros(2)
    try:
        for _ in range(100):
            pi = 1 / (1 + np.exp(-(design @ beta)))
            w = weight * pi * (1 - pi)
            step = np.linalg.solve(
                design.T @ (design * w[:, None]), design.T @ (weight * (share - pi))
            )
            beta = beta + step
            if np.abs(step).max() < 1e-12:
                break
        else:
            raise no_fit
    except np.linalg.LinAlgError:
        raise no_fit from None
    pi = 1 / (1 + np.exp(-(design @ beta)))
    bread = np.linalg.inv(design.T @ (design * (weight * pi * (1 - pi))[:, None]))
    score = design * (weight * (share - pi))[:, None]
    n, k = design.shape
    vcov = bread @ (score.T @ score) @ bread * n / (n - k)

    p0, p1 = 1 / (1 + np.exp(-np.array([beta[0], beta[0] + beta[1]])))
    z = z_value(confidence)
    grad_sii = np.array([p1 * (1 - p1) - p0 * (1 - p0), p1 * (1 - p1)])
    se_sii = float(np.sqrt(grad_sii @ vcov @ grad_sii))
    sii = float(scale * (p1 - p0))
    grad_ln = np.array([(1 - p1) - (1 - p0), 1 - p1])
    se_ln = float(np.sqrt(grad_ln @ vcov @ grad_ln))
    ln_rii = float(np.log(p1 / p0))
    return SlopeIndex(
        sii=sii,
        rii=float(np.exp(ln_rii)),
        intercept=float(scale * p0),
        sii_ci=(sii - z * se_sii * scale, sii + z * se_sii * scale),
        rii_ci=(float(np.exp(ln_rii - z * se_ln)), float(np.exp(ln_rii + z * se_ln))),
        model="HEAT logistic (binomial GLM, weights N²)",
        ci_method="delta method, HC1 robust covariance (HEAT/healthequal)",
        sii_se=se_sii * scale,
        # se(ln RII) mapped to RII's natural scale by the delta method: se(RII) = RII·se(ln RII).
        rii_se=float(np.exp(ln_rii)) * se_ln,
    )


# --- the family: SII and RII of the ranked groups ---------------------------------------------

_NEEDS_ORDER = Refusal.at("needs_order")
_NO_RII = Refusal.at("no_rii")


def compute(prepared: Prepared) -> dict[str, MeasureResult]:
    """The ordered family: SII and RII, refused together when no slope can be fitted."""
    t = prepared
    try:
        values, pops, se, notes = _groups(t)
        if values.size < PHE_MIN_QUANTILES:
            notes += (note("few_groups_phe", minimum=PHE_MIN_QUANTILES),)
        fit = _fit(t, values, pops, se)
    except MeasureRefused as refused:
        raise FamilyRefused(refused.refusal) from None
    notes += (note("model", model=fit.model),)
    ci_refusal = None if fit.ci_method is not None else NO_SE
    sii = MeasureResult.with_limits(
        "sii", fit.sii, fit.sii_ci, fit.ci_method, notes, ci_refusal, fit.sii_draws, fit.sii_se
    )
    if fit.rii is None:
        return {"sii": sii, "rii": MeasureResult.refusal("rii", _NO_RII)}
    rii = MeasureResult.with_limits(
        "rii", fit.rii, fit.rii_ci, fit.ci_method, notes, ci_refusal, fit.rii_draws, fit.rii_se
    )
    return {"sii": sii, "rii": rii}


def _groups(
    t: Prepared,
) -> tuple[FloatArray, FloatArray, FloatArray | None, tuple[Text, ...]]:
    """Values, populations and SEs of the ordered groups (the rows themselves, or the
    districts' population-weighted quantiles by the stratifier), and the notes so far."""
    o = t.options
    if o.ordered:
        return t.y, t.pop, t.se, t.notes
    if o.stratify_by is None or t.strat is None:
        raise MeasureRefused.because(_NEEDS_ORDER)
    ok = np.isfinite(t.strat)
    if ok.sum() < o.min_coverage * t.n_total:
        raise MeasureRefused.at(
            "low_coverage_stratified",
            n_ok=int(ok.sum()),
            n_total=t.n_total,
            stratify_by=o.stratify_by,
            share=pct(o.min_coverage),
        )
    q = assign_quantiles(
        t.strat[ok], t.pop[ok], o.quantiles, higher_is_better=o.stratifier_higher_is_better
    )
    groups = quantile_table(t.y[ok], t.pop[ok], q, o.quantiles, None if t.se is None else t.se[ok])
    ranked = note("ranked_groups", quantiles=o.quantiles, stratify_by=o.stratify_by)
    return groups.values, groups.populations, groups.se, (*t.notes, ranked)


def _fit(t: Prepared, values: FloatArray, pops: FloatArray, se: FloatArray | None) -> SlopeIndex:
    """The slope of the model the options choose: "auto" is HEAT's logistic model for an
    indicator with a scale, else PHE's linear fit."""
    o = t.options
    method = (
        o.sii_method
        if o.sii_method != "auto"
        else ("logistic" if o.scale is not None else "linear")
    )
    if values.size < MIN_GROUPS:
        raise MeasureRefused.at("sii_too_few_groups", minimum=MIN_GROUPS)
    common = {"reps": o.sii_reps, "seed": o.seed, "confidence": o.confidence}
    if method == "linear":
        return slope_index(values, pops, se, **common)
    if method == "log":
        if (values <= 0).any():
            raise MeasureRefused.at("log_not_positive")
        se_log = None if se is None else se / values
        return slope_index(values, pops, se_log, value_type="rate", transform=True, **common)
    if o.scale is None:
        raise MeasureRefused.at("sii_no_scale", method=method)
    if method == "logistic":
        return slope_index_logistic(values, pops, scale=o.scale, confidence=o.confidence)
    share = values / o.scale
    se_logit = None if se is None else se / o.scale / (share * (1 - share))
    return slope_index(
        share,
        pops,
        se_logit,
        value_type="proportion",
        transform=True,
        multiplier=o.scale,
        **common,
    )
