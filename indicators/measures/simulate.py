"""Simulated confidence limits: redraw group estimates from their standard errors, seeded.

HEAT (WHOequity/HEAT-Measures ``R/utils.R``) draws each estimate from Normal(y_j, σ_j),
redrawing until it lies within the indicator's range, recomputes the measure for every
simulated table and takes the 2.5th and 97.5th percentiles. HEAT uses 100 simulations and
a fixed seed (123456) so that a result does not change from one run to the next; we keep
the seed but draw :data:`HEAT_REPS` tables, enough for limits precise enough to publish.
"""

from __future__ import annotations

from functools import lru_cache
from statistics import NormalDist

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: HEAT's fixed seed: the same input always gives the same limits.
DEFAULT_SEED = 123456
#: Simulated tables for the HEAT measures. HEAT uses 100, whose limits move by ~10 % of
#: the interval's width from one seed to the next. The Monte Carlo error of a 2.5 %
#: percentile of R draws is √(q(1−q)/R)/f(x_q); for a normal measure with sd s that is
#: 2.675·s/√R against a width of 3.92·s, under 1 % of the width from R ≈ 4,700. Skewed
#: measures (MDB, a mean distance from the maximum) measured 1.05 % at 10,000, so 20,000
#: (≈ 0.75 %; the test measures it across seeds).
HEAT_REPS = 20_000
#: PHE's default number of simulations for SII/RII (``phe_sii``'s ``reps``): at 1,000 the
#: limits of oracle A were 0.27 off, at 10,000 still 0.055; at 100,000 the Monte Carlo error
#: of a 2.5 % limit is about 0.016 there, well inside PHE's tolerance of 0.05.
PHE_REPS = 100_000
#: Redraw rounds before the last out-of-range draws are clipped to the range.
_MAX_ROUNDS = 50


@lru_cache(maxsize=16)
def z_value(confidence: float = 0.95) -> float:
    """Two-sided standard normal quantile, e.g. 1.959964 for 95 %.

    Examples
    --------
    >>> round(z_value(0.95), 6)
    1.959964
    """
    if not 0 < confidence < 1:
        raise ValueError("'confidence' must be between 0 and 1, e.g. 0.95.")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def bounded_normal(
    values: ArrayLike,
    se: ArrayLike,
    *,
    reps: int,
    rng: np.random.Generator,
    lower: float | None = None,
    upper: float | None = None,
) -> NDArray[np.float64]:
    """``reps`` simulated tables (shape (reps, n)), each y*_j ~ Normal(y_j, σ_j) within bounds.

    Draws outside [lower, upper] are redrawn, as HEAT does; after 50 rounds any left
    (only possible when an estimate lies far outside its own range) are clipped.

    Examples
    --------
    >>> draws = bounded_normal([1.0, 99.0], [5.0, 5.0], reps=1000,
    ...                        rng=np.random.default_rng(1), lower=0, upper=100)
    >>> bool(draws.min() >= 0 and draws.max() <= 100), draws.shape
    (True, (1000, 2))
    """
    y = np.asarray(values, dtype=float)
    s = np.asarray(se, dtype=float)
    # loc + scale·Z is the same distribution as rng.normal(loc, scale) and much faster.
    draws = y + s * rng.standard_normal((reps, y.size))
    if lower is None and upper is None:
        return draws
    lo = -np.inf if lower is None else lower
    hi = np.inf if upper is None else upper
    for _ in range(_MAX_ROUNDS):
        bad = (draws < lo) | (draws > hi)
        if not bad.any():
            return draws
        cols = np.nonzero(bad)[1]
        draws[bad] = rng.normal(y[cols], s[cols])
    return np.clip(draws, lo, hi)


def percentile_limits(
    samples: NDArray[np.float64], confidence: float = 0.95
) -> tuple[float, float]:
    """HEAT's limits: the (1 − c)/2 and (1 + c)/2 percentiles of the simulated measure.

    Linear interpolation between order statistics (R's default ``quantile`` type 7).

    Examples
    --------
    >>> [round(x, 6) for x in percentile_limits(np.arange(101.0))]
    [2.5, 97.5]
    """
    lo, hi = percentile_rows(samples[None, :], confidence)
    return float(lo[0]), float(hi[0])


def percentile_rows(
    samples: NDArray[np.float64], confidence: float = 0.95
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """:func:`percentile_limits` for each row of ``samples`` (measures × simulations).

    Same numbers as ``np.quantile(samples, q, axis=1)`` (type 7), without its overhead,
    which dominates for the small arrays of one table.

    Examples
    --------
    >>> lo, hi = percentile_rows(np.array([np.arange(101.0), np.arange(101.0) * 2]))
    >>> lo.round(6).tolist(), hi.round(6).tolist()
    ([2.5, 5.0], [97.5, 195.0])
    """
    ordered = np.sort(samples, axis=1)
    reps = ordered.shape[1]
    out = []
    for q in ((1 - confidence) / 2, (1 + confidence) / 2):
        h = (reps - 1) * q
        k = min(int(np.floor(h)), reps - 2) if reps > 1 else 0
        frac = h - k
        upper = ordered[:, k + 1] if reps > 1 else ordered[:, k]
        out.append(ordered[:, k] + frac * (upper - ordered[:, k]))
    return out[0], out[1]


def position_limits(samples: NDArray[np.float64], confidence: float = 0.95) -> tuple[float, float]:
    """PHE's limits: the simulated values at sorted positions round(R·(1−c)/2), round(R·(1+c)/2).

    As ``phe_sii``'s ``SimulationFunc`` (PHEindicatormethods ``R/utils.R``); positions are
    1-based there and at least 1 here.

    Examples
    --------
    >>> position_limits(np.arange(1000.0))
    (24.0, 974.0)
    """
    reps = samples.size
    upper_p = confidence + (1 - confidence) / 2
    k_lo = max(round(reps * (1 - upper_p)), 1) - 1
    k_hi = min(max(round(reps * upper_p), 1), reps) - 1
    part = np.partition(samples, [k_lo, k_hi])
    return float(part[k_lo]), float(part[k_hi])
