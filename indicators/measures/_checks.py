"""Input checks shared by the measures: refuse bad input at the top, naming the argument."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from indicators.measures.result import MeasureRefused

FloatArray = NDArray[np.float64]


def as_floats(x: ArrayLike, name: str) -> FloatArray:
    """``x`` as a 1-D float array without missing entries, or a refusal naming ``name``."""
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise MeasureRefused.at("not_numbers", name=name) from None
    if arr.ndim != 1:
        raise MeasureRefused.at("not_flat", name=name)
    if not np.isfinite(arr).all():
        raise MeasureRefused.at("not_finite", name=name)
    return arr


def values_arg(values: ArrayLike, name: str = "values", *, minimum: int = 1) -> FloatArray:
    """Checked estimates y_j; at least ``minimum`` of them."""
    y = as_floats(values, name)
    if y.size < minimum:
        raise MeasureRefused.at("too_few_groups", name=name, minimum=minimum, got=y.size)
    return y


def shares_arg(populations: ArrayLike, n: int, name: str = "populations") -> FloatArray:
    """Population shares p_j = N_j / ΣN from checked, positive populations."""
    pop = as_floats(populations, name)
    same_length(pop, n, name)
    if (pop <= 0).any():
        raise MeasureRefused.at("not_positive", name=name)
    return pop / pop.sum()


def se_arg(se: ArrayLike, n: int, name: str = "se") -> FloatArray:
    """Checked standard errors σ_j ≥ 0."""
    s = as_floats(se, name)
    same_length(s, n, name)
    if (s < 0).any():
        raise MeasureRefused.at("negative_se", name=name)
    return s


def same_length(arr: FloatArray, n: int, name: str) -> None:
    if arr.size != n:
        raise MeasureRefused.at("length_mismatch", name=name, got=arr.size, n=n)


def require_positive(y: FloatArray, name: str = "values") -> None:
    """Refuse when a relative measure meets a value ≤ 0 (its zero must be meaningful)."""
    if (y <= 0).any():
        raise MeasureRefused.at("values_not_positive", name=name)


def require_positive_mean(mu: float) -> None:
    if not mu > 0:
        raise MeasureRefused.at("mean_not_positive", mu=mu)


def reference_arg(reference: int | None, n: int) -> int | None:
    """A checked index of the reference group, or None."""
    if reference is None:
        return None
    if isinstance(reference, bool) or not isinstance(reference, int | np.integer):
        raise MeasureRefused.at("reference_not_integer")
    if not 0 <= reference < n:
        raise MeasureRefused.at("reference_out_of_range", reference=reference, n=n)
    return int(reference)


def polarity_arg(higher_is_better: bool | None, measure: str) -> bool:
    """Polarity for measures that cannot work without one."""
    if higher_is_better is None:
        raise MeasureRefused.at("no_polarity", measure=measure)
    return bool(higher_is_better)
