"""What a gap measure hands back: a value with its limits, or a refusal with a reason."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

import numpy as np
from numpy.typing import NDArray


class Reason(Enum):
    """Why a measure (or its confidence limits) was not computed."""

    LOW_COVERAGE = "low_coverage"
    EMPTY_QUANTILE = "empty_quantile"
    NON_POSITIVE = "non_positive"
    NO_REFERENCE = "no_reference"
    NO_POLARITY = "no_polarity"
    NO_SE = "no_se"
    NO_SCALE = "no_scale"
    TOO_FEW_GROUPS = "too_few_groups"
    NOT_APPLICABLE = "not_applicable"
    OUT_OF_RANGE = "out_of_range"
    INVALID_INPUT = "invalid_input"
    #: PAR/PAF limits need the indicator's own denominator counts (issue 8).
    NO_DENOMINATOR = "no_denominator"
    #: The simulated interval excludes its own estimate: bias, not Monte Carlo noise.
    BIASED_SIMULATION = "biased_simulation"


@dataclass(frozen=True)
class Note:
    """One sentence for the reader, in Swedish and English."""

    sv: str
    en: str

    def text(self, lang: str = "en") -> str:
        return self.sv if lang == "sv" else self.en


@dataclass(frozen=True)
class Refusal(Note):
    """A reason code plus the sentence that explains it to the user."""

    reason: Reason = Reason.INVALID_INPUT


class MeasureRefused(ValueError):  # noqa: N818 - "Refused" reads better than "RefusedError"
    """Raised by a measure that cannot give a meaningful number for its input.

    It is a ``ValueError`` so that plain callers can catch bad input the usual way; the
    registry turns it into a :class:`MeasureResult` whose ``refused`` carries the reason.
    """

    def __init__(self, reason: Reason, en: str, sv: str) -> None:
        super().__init__(en)
        self.refusal = Refusal(sv=sv, en=en, reason=reason)

    @classmethod
    def because(cls, refusal: Refusal) -> MeasureRefused:
        """The exception that carries ``refusal``."""
        return cls(refusal.reason, refusal.en, refusal.sv)


@dataclass(frozen=True)
class MeasureResult:
    """One measure computed for one table.

    ``value`` is None exactly when ``refused`` is set. ``ci_low``/``ci_high`` are None
    when no confidence limits could be given; ``ci_refusal`` then says why (e.g. no
    standard errors), and ``ci_method`` names the method when they are given.
    """

    id: str
    value: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    ci_method: str | None = None
    notes: tuple[Note, ...] = field(default=())
    refused: Refusal | None = None
    ci_refusal: Refusal | None = None
    #: Standard error of ``value`` on its own scale (analytic, or the spread of the
    #: simulated draws); None when the measure has no limits. Used to test a change.
    se: float | None = None
    #: The simulated values of the measure when its limits are simulated (seeded, so the
    #: same input gives the same draws); a change between two years is then tested on the
    #: difference of the two years' draws.
    draws: NDArray[np.float64] | None = field(default=None, repr=False, compare=False)

    def note(self, lang: str = "en") -> str | None:
        """All notes (the refusal first, then the CI refusal) as one string, or None."""
        parts = [n.text(lang) for n in (self.refused, self.ci_refusal) if n is not None]
        parts += [n.text(lang) for n in self.notes]
        return " ".join(parts) or None

    @classmethod
    def refusal(cls, measure_id: str, refusal: Refusal) -> MeasureResult:
        return cls(id=measure_id, value=None, refused=refusal)

    @classmethod
    def with_limits(
        cls,
        measure_id: str,
        value: float,
        limits: tuple[float, float, float | None] | tuple[float, float] | None,
        method: str | None,
        notes: tuple[Note, ...],
        ci_refusal: Refusal | None,
        draws: NDArray[np.float64] | None = None,
        se: float | None = None,
    ) -> MeasureResult:
        """A result with its limits (lo, hi[, se]) and, for simulated limits, the draws."""
        if limits is not None and len(limits) == 3 and se is None:
            se = limits[2]
        return cls(
            id=measure_id,
            value=value,
            ci_low=limits[0] if limits else None,
            ci_high=limits[1] if limits else None,
            ci_method=method if limits else None,
            notes=notes,
            ci_refusal=ci_refusal,
            se=se if limits else None,
            draws=draws if limits else None,
        )


def refuse_all(measure_ids: Iterable[str], refusal: Refusal) -> dict[str, MeasureResult]:
    """The same refusal for each of ``measure_ids``."""
    return {mid: MeasureResult.refusal(mid, refusal) for mid in measure_ids}


class FamilyRefused(Exception):  # noqa: N818 - the family is refused, not in error
    """Raised by a family's ``compute`` when none of its measures applies to the table.

    ``compute_all`` then refuses every measure the registry lists for that family, so a
    family need not know its own list of ids. A plain :class:`MeasureRefused` still
    propagates as before: it is bad input, not a verdict on the family.
    """

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.en)
        self.refusal = refusal
