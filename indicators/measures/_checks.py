"""Input checks shared by the measures: refuse bad input at the top, naming the argument."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from indicators.core.text import Text
from indicators.measures.result import MeasureRefused, Reason

FloatArray = NDArray[np.float64]


def as_floats(x: ArrayLike, name: str) -> FloatArray:
    """``x`` as a 1-D float array without missing entries, or a refusal naming ``name``."""
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise MeasureRefused(
            Reason.INVALID_INPUT,
            Text(
                f"Alla värden i '{name}' måste vara tal.",
                f"All values in '{name}' must be numbers.",
            ),
        ) from None
    if arr.ndim != 1:
        raise MeasureRefused(
            Reason.INVALID_INPUT,
            Text(
                f"'{name}' måste vara en enkel följd av tal.",
                f"'{name}' must be a flat sequence of numbers.",
            ),
        )
    if not np.isfinite(arr).all():
        raise MeasureRefused(
            Reason.INVALID_INPUT,
            Text(
                f"'{name}' har saknade eller oändliga värden; ta bort ofullständiga rader först.",
                f"'{name}' has missing or infinite entries; drop incomplete rows first.",
            ),
        )
    return arr


def values_arg(values: ArrayLike, name: str = "values", *, minimum: int = 1) -> FloatArray:
    """Checked estimates y_j; at least ``minimum`` of them."""
    y = as_floats(values, name)
    if y.size < minimum:
        raise MeasureRefused(
            Reason.TOO_FEW_GROUPS,
            Text(
                f"'{name}' behöver minst {minimum} grupper, fick {y.size}.",
                f"'{name}' needs at least {minimum} groups, got {y.size}.",
            ),
        )
    return y


def shares_arg(populations: ArrayLike, n: int, name: str = "populations") -> FloatArray:
    """Population shares p_j = N_j / ΣN from checked, positive populations."""
    pop = as_floats(populations, name)
    same_length(pop, n, name)
    if (pop <= 0).any():
        raise MeasureRefused(
            Reason.INVALID_INPUT,
            Text(
                f"Alla värden i '{name}' måste vara positiva.",
                f"All values in '{name}' must be positive.",
            ),
        )
    return pop / pop.sum()


def se_arg(se: ArrayLike, n: int, name: str = "se") -> FloatArray:
    """Checked standard errors σ_j ≥ 0."""
    s = as_floats(se, name)
    same_length(s, n, name)
    if (s < 0).any():
        raise MeasureRefused(
            Reason.INVALID_INPUT,
            Text(
                f"Alla värden i '{name}' måste vara noll eller positiva.",
                f"All values in '{name}' must be zero or positive.",
            ),
        )
    return s


def same_length(arr: FloatArray, n: int, name: str) -> None:
    if arr.size != n:
        raise MeasureRefused(
            Reason.INVALID_INPUT,
            Text(
                f"'{name}' har {arr.size} värden men 'values' har {n}.",
                f"'{name}' has {arr.size} entries but 'values' has {n}.",
            ),
        )


def require_positive(y: FloatArray, name: str = "values") -> None:
    """Refuse when a relative measure meets a value ≤ 0 (its zero must be meaningful)."""
    if (y <= 0).any():
        raise MeasureRefused(
            Reason.NON_POSITIVE,
            Text(
                f"Alla värden i '{name}' måste vara positiva för detta mått.",
                f"All values in '{name}' must be positive for this measure.",
            ),
        )


def require_positive_mean(mu: float) -> None:
    if not mu > 0:
        raise MeasureRefused(
            Reason.NON_POSITIVE,
            Text(
                f"Medelvärdet måste vara positivt för detta mått (det är {mu:g}).",
                f"The mean must be positive for this measure (it is {mu:g}).",
            ),
        )


def reference_arg(reference: int | None, n: int) -> int | None:
    """A checked index of the reference group, or None."""
    if reference is None:
        return None
    if isinstance(reference, bool) or not isinstance(reference, int | np.integer):
        raise MeasureRefused(
            Reason.INVALID_INPUT,
            Text(
                "'reference' måste vara referensgruppens position (ett heltal).",
                "'reference' must be the position (an integer) of the reference group.",
            ),
        )
    if not 0 <= reference < n:
        raise MeasureRefused(
            Reason.NO_REFERENCE,
            Text(
                f"'reference' är {reference}, men det finns bara {n} grupper.",
                f"'reference' is {reference}, but there are only {n} groups.",
            ),
        )
    return int(reference)


def polarity_arg(higher_is_better: bool | None, measure: str) -> bool:
    """Polarity for measures that cannot work without one."""
    if higher_is_better is None:
        raise MeasureRefused(
            Reason.NO_POLARITY,
            Text(
                f"{measure} behöver veta om höga värden är bättre eller sämre.",
                f"{measure} needs to know whether higher values are better or worse.",
            ),
        )
    return bool(higher_is_better)
