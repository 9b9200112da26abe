"""Where every input of a number came from, by role, so a derived value is example data if any input is.

A gap measure, a map's population column or a recalculated series is built from several
inputs: the values themselves, the population weights, the stratifier that ranks districts
into quintiles for SII/RII, the city and Sverige reference rows, and the crosswalk behind an
"omräknad" series. A figure, a sentence or an export lists each source by its role and
carries the example-data note whenever any of them is synthetic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

#: The roles an input can play, in the order they are listed.
ROLES: tuple[str, ...] = ("values", "weights", "ranking", "reference", "crosswalk")

#: How each role is named in a source line, Swedish and English.
ROLE_NAMES: dict[str, dict[str, str]] = {
    "values": {"sv": "Värden", "en": "Values"},
    "weights": {"sv": "Befolkning/vikter", "en": "Population/weights"},
    "ranking": {"sv": "Rangordning efter", "en": "Ranked by"},
    "reference": {"sv": "Jämförelse", "en": "Comparison"},
    "crosswalk": {"sv": "Omräkning", "en": "Recalculation"},
}


@dataclass(frozen=True, order=True)
class Input:
    """One source in one role, and whether it is synthetic example data."""

    role: str
    source: str
    synthetic: bool


@dataclass(frozen=True)
class Provenance:
    """The inputs of a derived number, each (role, source, synthetic) once, in role order.

    Examples
    --------
    >>> real = pd.DataFrame({"source": ["Malmö stad"], "synthetic": [False]})
    >>> fake = pd.DataFrame({"source": ["Exempeldata"], "synthetic": [True]})
    >>> p = Provenance.of("values", real) | Provenance.of("weights", fake)
    >>> p.synthetic, p.synthetic_roles()
    (True, ('weights',))
    >>> p.lines("sv")
    ['Värden: Malmö stad', 'Befolkning/vikter: Exempeldata']
    """

    inputs: tuple[Input, ...] = ()

    def __post_init__(self) -> None:
        unknown = {i.role for i in self.inputs} - set(ROLES)
        if unknown:
            raise ValueError(f"Unknown provenance role(s): {sorted(unknown)}")
        rank = {r: k for k, r in enumerate(ROLES)}
        ordered = tuple(sorted(set(self.inputs), key=lambda i: (rank[i.role], i.source)))
        object.__setattr__(self, "inputs", ordered)

    @classmethod
    def of(cls, role: str, rows: pd.DataFrame | None) -> Provenance:
        """The sources of ``rows`` (columns ``source`` and ``synthetic``) in one role.

        Rows without a value still name their source: a suppressed cell was published too.
        """
        if rows is None or len(rows) == 0:
            return cls()
        sources = rows["source"].fillna("").astype(str)
        synthetic = (
            rows["synthetic"].fillna(False).astype(bool)
            if "synthetic" in rows
            else pd.Series(False, index=rows.index)
        )
        pairs = set(zip(sources, synthetic, strict=True))
        return cls(tuple(Input(role, s, bool(y)) for s, y in pairs if s))

    @classmethod
    def one(cls, role: str, source: str, synthetic: bool) -> Provenance:
        return cls((Input(role, source, synthetic),)) if source else cls()

    def __or__(self, other: Provenance) -> Provenance:
        return Provenance(self.inputs + other.inputs)

    @classmethod
    def union(cls, parts: Iterable[Provenance]) -> Provenance:
        out = cls()
        for p in parts:
            out = out | p
        return out

    def __bool__(self) -> bool:
        return bool(self.inputs)

    @property
    def synthetic(self) -> bool:
        """True when any input, in any role, is synthetic example data."""
        return any(i.synthetic for i in self.inputs)

    def synthetic_roles(self) -> tuple[str, ...]:
        """The roles that hold at least one synthetic input, in role order."""
        return tuple(r for r in ROLES if any(i.synthetic for i in self.inputs if i.role == r))

    def roles(self) -> tuple[str, ...]:
        return tuple(r for r in ROLES if any(i.role == r for i in self.inputs))

    def sources(self, role: str | None = None) -> list[str]:
        """The distinct sources (of one role, or all), in role order."""
        seen: dict[str, None] = {}
        for i in self.inputs:
            if role is None or i.role == role:
                seen.setdefault(i.source, None)
        return list(seen)

    def kind(self) -> tuple[tuple[str, bool], ...]:
        """Which roles are real and which synthetic: two numbers of the same kind compare
        like with like; a change of kind is treated like a change of division."""
        return tuple((r, r in self.synthetic_roles()) for r in self.roles())

    def lines(self, lang: str = "sv") -> list[str]:
        """One line per role: 'Värden: A; B', 'Befolkning/vikter: C', …"""
        return [
            f"{ROLE_NAMES[r][lang if lang in ('sv', 'en') else 'sv']}: "
            + "; ".join(self.sources(r))
            for r in self.roles()
        ]

    def footer(self, lang: str = "sv") -> str:
        """The source line of a figure: 'Källor – värden: A; befolkning/vikter: B (exempeldata)'.

        A role whose inputs are all synthetic is marked, so a reader sees which part of a
        mixed figure is invented. With one role only, the role is not named.

        >>> real = Provenance.one("values", "Malmö stad", False)
        >>> real.footer("sv")
        'Källa: Malmö stad'
        >>> (real | Provenance.one("weights", "Demo", True)).footer("en")
        'Sources – values: Malmö stad; population/weights: Demo (example data)'
        >>> (real | Provenance.one("weights", "Exempeldata", True)).footer("en")
        'Sources – values: Malmö stad; population/weights: Exempeldata'
        """
        lang = "en" if lang == "en" else "sv"
        marks = {"sv": " (exempeldata)", "en": " (example data)"}
        roles = self.roles()
        if not roles:
            return ""
        if len(roles) == 1:
            head = {"sv": "Källa: ", "en": "Source: "}[lang]
            return head + "; ".join(self.sources())
        parts = []
        for r in roles:
            text = "; ".join(self.sources(r))
            # A synthetic source that says so itself ("Exempeldata (…)") needs no mark.
            if r in self.synthetic_roles() and not all(
                "exempeldata" in src.lower() or "example data" in src.lower()
                for src in self.sources(r)
            ):
                text += marks[lang]
            parts.append(f"{ROLE_NAMES[r][lang].lower()}: {text}")
        head = {"sv": "Källor – ", "en": "Sources – "}[lang]
        return head + "; ".join(parts)
