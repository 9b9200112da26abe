"""What every measure family computes from: one table's checked rows and ``compute_all``'s options."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from indicators.core.text import Text
from indicators.measures.result import MeasureRefused, MeasureResult, Refusal
from indicators.measures.simulate import DEFAULT_SEED, HEAT_REPS, PHE_REPS, z_value

SiiMethod = Literal["auto", "linear", "log", "logit", "logistic"]
SII_METHODS: tuple[SiiMethod, ...] = ("auto", "linear", "log", "logit", "logistic")

#: A measure refuses when fewer than this share of districts have a value and a population.
MIN_COVERAGE = 0.85

#: Why a measure whose limits rest on the areas' standard errors has none.
NO_SE = Refusal.at("no_se")

#: Limits as (low, high, standard error), or None when a measure gives none.
Limits = tuple[float, float, float] | None


def pct_sv(share: float) -> str:
    """A share as a Swedish percentage: Swedish typography puts a space before the sign.

    Examples
    --------
    >>> pct_sv(0.85)
    '85 %'
    """
    return f"{share * 100:.0f} %"


def pct(share: float) -> Text:
    """A share as a percentage in both languages ('85 %' and '85%').

    >>> pct(0.85).en
    '85%'
    """
    return Text(pct_sv(share), f"{share:.0%}")


@dataclass(frozen=True)
class Options:
    """``compute_all``'s settings (documented there), checked when they are made."""

    higher_is_better: bool | None
    reference: str | None = None
    ordered: bool = False
    stratify_by: str | None = None
    stratifier_higher_is_better: bool = True
    quantiles: int = 5
    scale: float | None = None
    mean: float | None = None
    sii_method: SiiMethod = "auto"
    reps: int = HEAT_REPS
    sii_reps: int = PHE_REPS
    seed: int = DEFAULT_SEED
    confidence: float = 0.95
    min_coverage: float = MIN_COVERAGE

    def __post_init__(self) -> None:
        if self.ordered and self.reference is not None:
            raise ValueError("A reference area cannot be combined with ordered groups.")
        if self.ordered and self.stratify_by is not None:
            raise ValueError("Use either ordered groups (rank) or a stratifier, not both.")
        if self.sii_method not in SII_METHODS:
            raise ValueError(f"Unknown sii_method '{self.sii_method}'.")
        if self.scale is not None and not self.scale > 0:
            raise ValueError("'scale' must be positive, e.g. 100 for a percentage.")
        if self.reps < 10:
            raise ValueError("'reps' must be at least 10 simulations (HEAT uses 100).")


def _column(table: Any, name: str) -> NDArray[Any]:
    try:
        col = table[name]
    except KeyError:
        raise ValueError(f"The table has no column '{name}'.") from None
    return np.asarray(col)


def _numbers(table: Any, name: str) -> NDArray[np.float64]:
    try:
        return np.asarray(_column(table, name), dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"Column '{name}' must hold numbers.") from None


def _has(table: Any, name: str) -> bool:
    return name in (table.columns if hasattr(table, "columns") else table)


@dataclass(frozen=True)
class Columns:
    """Areas, values, populations and the optional columns, one entry per row."""

    areas: NDArray[np.str_]
    y: NDArray[np.float64]
    pop: NDArray[np.float64]
    se: NDArray[np.float64] | None
    #: Counts of the indicator's own denominator (pupils who sat the test …), or None.
    denom: NDArray[np.float64] | None
    #: The stratifier's values (``stratify_by``), or None.
    strat: NDArray[np.float64] | None


@dataclass(frozen=True)
class Rows(Columns):
    """Every row of the input, checked and in canonical order (by area, or by rank)."""

    #: The ranks 1, 2, … n without gaps (always True for districts, which have none).
    ranks_ok: bool

    @classmethod
    def read(cls, table: Any, options: Options) -> Rows:
        """The columns ``compute_all`` documents, or a ValueError naming the bad one."""
        areas = _column(table, "area").astype(str)
        y = _numbers(table, "value")
        pop = _numbers(table, "population")
        se = _numbers(table, "se") if _has(table, "se") else None
        denom = _numbers(table, "denominator") if _has(table, "denominator") else None
        if (pop < 0).any():
            raise ValueError("Column 'population' must not hold negative numbers.")
        if np.unique(areas).size != areas.size:
            raise ValueError("Column 'area' must name each area once.")
        if options.reference is not None and options.reference not in set(areas.tolist()):
            raise ValueError(f"The reference area '{options.reference}' is not in the table.")
        # Canonical row order, so that no result (not even a simulated limit) depends on it.
        ranks_ok = True
        if options.ordered:
            rank = _numbers(table, "rank")
            if not np.isfinite(rank).all() or (rank != np.round(rank)).any():
                raise ValueError("Column 'rank' must hold whole numbers for every group.")
            if np.unique(rank).size != rank.size:
                raise ValueError("Column 'rank' must give each group its own rank.")
            order = np.argsort(rank, kind="stable")
            ranks_ok = bool(np.array_equal(np.sort(rank), np.arange(1, rank.size + 1)))
        else:
            order = np.argsort(areas, kind="stable")
        by = options.stratify_by
        return cls(
            areas=areas[order],
            y=y[order],
            pop=pop[order],
            se=se[order] if se is not None else None,
            denom=denom[order] if denom is not None else None,
            strat=_numbers(table, by)[order] if by is not None else None,
            ranks_ok=ranks_ok,
        )

    def select(self, keep: NDArray[np.bool_], options: Options, lacking: Text) -> Prepared:
        """The rows in ``keep``; ``lacking`` goes on every result when rows are left out.

        Standard errors and denominators are kept only when every kept row has a usable
        one: limits from a part of the areas would look more certain than they are.
        """
        se, denom = self.se, self.denom
        se_ok = se is not None and bool(np.isfinite(se[keep]).all() and (se[keep] >= 0).all())
        den_ok = denom is not None and bool(
            np.isfinite(denom[keep]).all() and (denom[keep] > 0).all()
        )
        return Prepared(
            areas=self.areas[keep],
            y=self.y[keep],
            pop=self.pop[keep],
            se=se[keep] if se_ok and se is not None else None,
            n_total=int(keep.size),
            strat=self.strat[keep] if self.strat is not None else None,
            denom=denom[keep] if den_ok and denom is not None else None,
            options=options,
            notes=(lacking,) if int(keep.sum()) < keep.size else (),
        )


@dataclass(frozen=True)
class Prepared(Columns):
    """The rows a family computes from, in canonical order, with the options and notes."""

    #: Rows of the whole input, kept or not (the base of every coverage rule).
    n_total: int
    options: Options
    #: Notes every result computed from these rows carries (e.g. "computed on 9 of 10").
    notes: tuple[Text, ...] = ()

    @property
    def ref(self) -> int | None:
        """Position of the reference area among the rows, or None."""
        if self.options.reference is None:
            return None
        hits = np.nonzero(self.areas == self.options.reference)[0]
        return int(hits[0]) if hits.size else None

    def require_reference(self) -> None:
        """Refuse (``NO_REFERENCE``) when the reference area was left out for lack of data."""
        name = self.options.reference
        if name is not None and self.ref is None:
            raise MeasureRefused.at("reference_area_missing", name=name)

    def analytic(self, value: float, se: float) -> tuple[float, float, float]:
        """value ± z·se, and the se itself (on the value's own scale)."""
        z = z_value(self.options.confidence)
        return value - z * se, value + z * se, se

    def measure(
        self,
        measure_id: str,
        compute: Callable[[], float],
        ci: Callable[[float], Limits] | None = None,
        ci_method: str | None = None,
        extra: tuple[Text, ...] = (),
        *,
        needs_se: bool = True,
    ) -> MeasureResult:
        """One measure's value and analytic limits, each refusal caught where it arises."""
        try:
            value = compute()
        except MeasureRefused as refused:
            return MeasureResult.refusal(measure_id, refused.refusal)
        notes = self.notes + extra
        if ci is None:
            return MeasureResult(measure_id, value, notes=notes)
        if needs_se and self.se is None:
            return MeasureResult(measure_id, value, notes=notes, ci_refusal=NO_SE)
        try:
            limits = ci(value)
        except MeasureRefused as refused:
            return MeasureResult(measure_id, value, notes=notes, ci_refusal=refused.refusal)
        if limits is None:
            return MeasureResult(measure_id, value, notes=notes)
        lo, hi, se = limits
        return MeasureResult(measure_id, value, lo, hi, ci_method, notes, se=se)
