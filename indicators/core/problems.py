"""Problems found in an input file, reported all at once in Swedish and English.

This lives in the lowest layer so that boundary readers (geodata) and indicator readers
(indicators) report problems with one type and one wording.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class Reason(StrEnum):
    """Why a value was refused; a fixed vocabulary, so callers never match on text."""

    PARSE = "parse"
    MISSING_COLUMN = "missing_column"
    UNEXPECTED_COLUMN = "unexpected_column"
    REQUIRED = "required"
    TYPE = "type"
    NOT_ALLOWED = "not_allowed"
    OUT_OF_RANGE = "out_of_range"
    DUPLICATE = "duplicate"
    INCONSISTENT = "inconsistent"
    UNKNOWN_REFERENCE = "unknown_reference"
    CHECKSUM = "checksum"
    MISSING_FILE = "missing_file"
    GEOMETRY = "geometry"
    CRS = "crs"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in one file.

    ``row`` is the line number a person sees when opening the file (the header is line 1,
    the first data row line 2); ``None`` when the problem concerns the whole file or column.
    For a GeoJSON file ``row`` is the 1-based feature number.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    reason: Reason
    message_sv: str
    message_en: str

    def message(self, lang: str = "sv") -> str:
        return self.message_en if lang == "en" else self.message_sv

    def text(self, lang: str = "sv") -> str:
        """One line naming file, row, column and value, then the sentence.

        >>> Problem("a.csv", 3, "year", "20x4", Reason.TYPE,
        ...         "måste vara ett heltal", "must be a whole number").text("en")
        "a.csv, row 3, column 'year', value '20x4': must be a whole number"
        """
        en = lang == "en"
        parts = [self.file]
        if self.row is not None:
            parts.append(f"{'row' if en else 'rad'} {self.row}")
        if self.column is not None:
            parts.append(f"{'column' if en else 'kolumn'} '{self.column}'")
        if self.value is not None:
            parts.append(f"{'value' if en else 'värde'} '{self.value}'")
        return f"{', '.join(parts)}: {self.message(lang)}"

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["reason"] = str(self.reason)
        return d


class ProblemsError(Exception):
    """A file was refused; ``problems`` lists everything wrong with it, not just the first."""

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("ProblemsError needs at least one problem")
        self.problems = list(problems)
        first = self.problems[0].text("en")
        more = len(self.problems) - 1
        super().__init__(first + (f" (+{more} more problems)" if more else ""))
