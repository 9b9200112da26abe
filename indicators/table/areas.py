"""Known areas per city and area type: codes, names, validity years, and what a file's text means."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from indicators.core.places import CITY_CODES, MUNICIPALITIES
from indicators.table.package import Package

# Area types that have no boundary file in the package: the whole city or country (known
# without a store), and groupings/vintages whose codes the store's rows define.
AREA_TYPES_WITHOUT_BOUNDARIES: tuple[str, ...] = (
    "municipality",
    "country",
    "regso_2020",
    "stadsdelsomrade_group",
)

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")  # hyphen, en/em dash, minus → '-'
_SPACES = re.compile(r"[\s_]+")
_CODE_AND_NAME = re.compile(r"^(\S+)\s*[-:–—]?\s+(.+)$")
_NAME_AND_CODE = re.compile(r"^(.+?)\s*\((\S+)\)$")
_EXCEL_INTEGER = re.compile(r"^(\d+)\.0+$")


def fold(text: str) -> str:
    """Case-, dash- and whitespace-insensitive form of a name, å ä ö kept.

    >>> fold("  Enskede–Årsta–Vantör ")
    'enskede-årsta-vantör'
    """
    text = _DASHES.sub("-", unicodedata.normalize("NFC", str(text)))
    return _SPACES.sub(" ", text).strip().casefold()


def fold_accents(text: str) -> str:
    """``fold`` and then without accents, so 'Malmo' finds 'Malmö'.

    >>> fold_accents("Åkeshov")
    'akeshov'
    """
    decomposed = unicodedata.normalize("NFKD", fold(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _unique_lookup(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """key → code, keeping only keys that name exactly one code."""
    seen: dict[str, set[str]] = {}
    for key, code in pairs:
        seen.setdefault(key, set()).add(code)
    return {key: next(iter(codes)) for key, codes in seen.items() if len(codes) == 1}


@dataclass(frozen=True)
class Division:
    """One area type of one city: its areas (code → name) and when it was in force."""

    municipality_code: str
    area_type: str
    names: Mapping[str, str]
    valid_from: date | None = None
    valid_to: date | None = None
    _by_code: dict[str, str] = field(init=False, repr=False, compare=False)
    _by_name: dict[str, str] = field(init=False, repr=False, compare=False)
    _by_bare_name: dict[str, str] = field(init=False, repr=False, compare=False)
    _by_number: dict[int, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = self.names
        set_ = object.__setattr__  # frozen: the lookups are derived once, here
        set_(self, "_by_code", _unique_lookup((fold(c), c) for c in names))
        set_(self, "_by_name", _unique_lookup((fold(n), c) for c, n in names.items()))
        set_(self, "_by_bare_name", _unique_lookup((fold_accents(n), c) for c, n in names.items()))
        # Excel turns the code '01' into the number 1; digits-only codes are also found by value.
        set_(self, "_by_number", _unique_lookup((int(c), c) for c in names if c.isdigit()))

    def in_force(self, year: int) -> bool:
        """Whether the division was in force at any time during ``year``."""
        start_ok = self.valid_from is None or self.valid_from.year <= year
        end_ok = self.valid_to is None or self.valid_to.year >= year
        return start_ok and end_ok

    def validity_text(self, lang: str = "sv") -> str:
        """When the division is in force, for a message.

        >>> Division("0180", "x", {}, date(2023, 7, 1)).validity_text()
        'från 2023-07-01'
        >>> Division("0180", "x", {}, date(2007, 1, 1), date(2020, 6, 30)).validity_text("en")
        'from 2007-01-01 to 2020-06-30'
        """
        en = lang == "en"
        start, end = self.valid_from, self.valid_to
        if start and end:
            return f"from {start} to {end}" if en else f"från {start} till {end}"
        if start:
            return f"from {start}" if en else f"från {start}"
        if end:
            return f"until {end}" if en else f"till {end}"
        return "always" if en else "alltid"

    def code_of(self, text: str) -> str | None:
        """The code ``text`` is, exactly or as Excel wrote it; None otherwise."""
        code = self._by_code.get(fold(text))
        if code is not None:
            return code
        m = _EXCEL_INTEGER.match(text)
        digits = m.group(1) if m else text
        return self._by_number.get(int(digits)) if digits.isdigit() else None

    def code_of_name(self, text: str) -> str | None:
        return self._by_name.get(fold(text)) or self._by_bare_name.get(fold_accents(text))

    def resolve(self, text: str) -> str | None:
        text = str(text).strip()
        if not text:
            return None
        code = self.code_of(text) or self.code_of_name(text)
        if code is not None:
            return code
        # "101 Kungsladugård" or "Kungsladugård (101)": both halves must name the same area.
        for pattern, code_group, name_group in ((_CODE_AND_NAME, 1, 2), (_NAME_AND_CODE, 2, 1)):
            m = pattern.match(text)
            if m:
                code = self.code_of(m.group(code_group))
                if code is not None and self.code_of_name(m.group(name_group)) == code:
                    return code
        return None

    def label(self, code: str) -> str:
        """'Kungsladugård (101)': how a suggestion is shown; it resolves when pasted back."""
        name = self.names[code]
        return name if code in name else f"{name} ({code})"

    def suggest(self, text: str, n: int = 3) -> list[str]:
        key = fold_accents(text)
        candidates: dict[str, str] = {}
        for code, name in self.names.items():
            candidates.setdefault(fold_accents(name), code)
            candidates.setdefault(fold_accents(f"{code} {name}"), code)
            candidates.setdefault(fold_accents(code), code)
        found: list[str] = []
        for match in difflib.get_close_matches(key, list(candidates), n=4 * n, cutoff=0.6):
            code = candidates[match]
            if code not in found:
                found.append(code)
        # A part of a name ('Rinkeby' for 'Rinkeby-Kista') is too short for difflib's ratio.
        if len(key) >= 3:
            for code, name in self.names.items():
                if key in fold_accents(name) and code not in found:
                    found.append(code)
        return [self.label(code) for code in found[:n]]


def boundaryless_types() -> list[str]:
    """The area types whose areas only the store's rows define (not the city or country)."""
    return [t for t in AREA_TYPES_WITHOUT_BOUNDARIES if t not in ("municipality", "country")]


class AreaIndex:
    """Every known area of every city and area type; build with ``AreaIndex.from_package``."""

    def __init__(self, divisions: Iterable[Division]):
        self._divisions = {(d.municipality_code, d.area_type): d for d in divisions}

    @classmethod
    def from_package(cls, package: Package, extra_rows: pd.DataFrame | None = None) -> AreaIndex:
        """Areas from the package's boundary files, the cities themselves, and given rows.

        The package may be a view with editors' divisions (``ingest.divisions.package_view``);
        every municipality with a division is known as a city.

        Boundary files give the divisions that can be mapped, with their validity dates. Area
        types without boundaries (``AREA_TYPES_WITHOUT_BOUNDARIES``) come from ``extra_rows``
        (the store's current rows of those types, see :func:`boundaryless_types`; the caller
        reads them, so that reference data never depends on the store); municipality and
        country are always known.
        """
        # Imported here: only an upload needs the boundary files' codes, and geopandas is
        # slow to import for every page of the dashboard.
        from geodata.boundaries import load_boundaries

        divisions: dict[tuple[str, str], Division] = {}
        for res in package.boundaries:
            gdf = load_boundaries(
                res.path, id_field=res.id_field, name_field=res.name_field, label=res.rel_path
            )
            divisions[(res.municipality_code, res.area_type)] = Division(
                res.municipality_code,
                res.area_type,
                dict(zip(gdf["area_code"], gdf["area_name"], strict=True)),
                res.valid_from,
                res.valid_to,
            )
        for code in {*CITY_CODES, *(city for city, _ in divisions)}:
            divisions[(code, "municipality")] = Division(
                code, "municipality", {code: MUNICIPALITIES[code]}
            )
        divisions[("00", "country")] = Division("00", "country", {"00": MUNICIPALITIES["00"]})
        if extra_rows is not None and len(extra_rows):
            rows = extra_rows[extra_rows["area_type"].isin(boundaryless_types())]
            rows = rows.drop_duplicates(["municipality_code", "area_type", "area_code"])
            for (city, area_type), part in rows.groupby(["municipality_code", "area_type"]):
                divisions[(str(city), str(area_type))] = Division(
                    str(city),
                    str(area_type),
                    dict(zip(part["area_code"], part["area_name"], strict=True)),
                )
        return cls(divisions.values())

    def division(self, city: str, area_type: str) -> Division | None:
        return self._divisions.get((city, area_type))

    def divisions(self) -> tuple[tuple[str, str], ...]:
        """Every known (municipality_code, area_type)."""
        return tuple(self._divisions)

    def cities(self) -> tuple[str, ...]:
        """The municipalities with districts known: the three cities first, then by code."""
        have = {c for c, t in self._divisions if t not in ("municipality", "country")}
        return (*[c for c in CITY_CODES if c in have], *sorted(have - set(CITY_CODES)))

    def area_types(self, city: str) -> tuple[str, ...]:
        """The area types known for a city, in a stable order."""
        return tuple(sorted(t for c, t in self._divisions if c == city))

    def names(self, city: str, area_type: str) -> dict[str, str]:
        """code → name of every area of the division (empty when the division is unknown)."""
        d = self.division(city, area_type)
        return dict(d.names) if d else {}

    def resolve(self, city: str, area_type: str, text: str) -> str | None:
        """The area code ``text`` means: an exact code, an exact name (case, accents and spaces
        ignored), or "code name" / "name (code)" whose halves agree. Never a fuzzy guess;
        a name that two areas share resolves to None."""
        d = self.division(city, area_type)
        return d.resolve(text) if d else None

    def suggest(self, city: str, area_type: str, text: str, n: int = 3) -> list[str]:
        """Up to ``n`` closest known areas, shown as 'Name (code)', for a problem message."""
        d = self.division(city, area_type)
        return d.suggest(text, n) if d else []

    def valid_in(self, city: str, area_type: str, year: int) -> bool:
        """Whether the division was in force during ``year`` (unknown divisions: False)."""
        d = self.division(city, area_type)
        return d.in_force(year) if d else False
