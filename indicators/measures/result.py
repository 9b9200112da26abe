"""What a gap measure hands back: a value with its limits, or a refusal with a reason."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

# The project's one vocabulary of reasons; re-exported so ``measures.Reason`` keeps working.
from indicators.core.problems import Reason
from indicators.core.text import Text
from indicators.measures.messages import REFUSALS

__all__ = ["FamilyRefused", "MeasureRefused", "MeasureResult", "Reason", "Refusal", "refuse_all"]


@dataclass(frozen=True)
class Refusal:
    """A reason code plus the sentence that explains it to the user.

    ``text`` is a :class:`Text`, so ``refusal.text(lang)`` reads the sentence.
    """

    reason: Reason
    text: Text

    @classmethod
    def at(cls, key: str, **fields: object) -> Refusal:
        """The refusal :data:`~indicators.measures.messages.REFUSALS` files under ``key``,
        its sentence filled in with ``fields``.

        >>> Refusal.at("needs_reference", measure="MDRU").text("en")
        'MDRU needs a reference group.'
        """
        found = REFUSALS[key]
        return cls(found.reason, found.text.format(**fields))


class MeasureRefused(ValueError):  # noqa: N818 - "Refused" reads better than "RefusedError"
    """Raised by a measure that cannot give a meaningful number for its input.

    It is a ``ValueError`` so that plain callers can catch bad input the usual way; the
    registry turns it into a :class:`MeasureResult` whose ``refused`` carries the reason.
    """

    def __init__(self, reason: Reason, text: Text) -> None:
        super().__init__(text.en)
        self.refusal = Refusal(reason, text)

    @classmethod
    def because(cls, refusal: Refusal) -> MeasureRefused:
        """The exception that carries ``refusal``."""
        return cls(refusal.reason, refusal.text)

    @classmethod
    def at(cls, key: str, **fields: object) -> MeasureRefused:
        """The exception for the catalogued refusal ``key`` (see :meth:`Refusal.at`)."""
        return cls.because(Refusal.at(key, **fields))


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
    notes: tuple[Text, ...] = field(default=())
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
        parts = [r.text(lang) for r in (self.refused, self.ci_refusal) if r is not None]
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
        notes: tuple[Text, ...],
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
        super().__init__(refusal.text.en)
        self.refusal = refusal
