"""Cells → the tidy table's text: markers, decimal commas, sex, city and flag words, wide → long."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from indicators.core.places import MUNICIPALITIES
from indicators.core.problems import Problem
from indicators.ingest.columns import SEX_WORDS, ColumnGuess, header_key, one_of
from indicators.table.areas import fold_accents

# Cells that mean "no value" in Swedish tables. ".." (and Excel's autocorrected "…") and "x"
# mark a value withheld (too few people, too uncertain, confidential): the row is kept with
# an empty value and flag 'suppressed'. A dash is missing without a reason; in SCB's tables
# it can also mean "nothing to report", but a zero is never guessed: missing is never zero,
# and a user who means 0 types 0.
MISSING_MARKERS: frozenset[str] = frozenset({"", "..", "…", "-", "–", "—", "x", "X"})
SUPPRESSED_MARKERS: frozenset[str] = frozenset({"..", "…", "x", "X"})

_YEAR = r"^(\d{4})(?:\.0+)?$"
_PERIOD = r"^(\d{4})\s*[-–—/]\s*(\d{4})$"
_FLAGS: dict[str, str] = {
    "": "",
    **dict.fromkeys(
        one_of("suppressed | skyddad | skyddat | sekretess | sekretessmarkerad | undertryckt"),
        "suppressed",
    ),
    **dict.fromkeys(one_of("provisional | preliminar | preliminart | prel | p"), "provisional"),
}
_MUNICIPALITY_NAMES: dict[str, str] = {
    **{fold_accents(name): code for code, name in MUNICIPALITIES.items()},
    "gothenburg": "1480",
    "sweden": "00",
    "riket": "00",
    "hela riket": "00",
}
_CITY_SUFFIX = re.compile(r"^(.+?)s? (?:stad|kommun)$")  # 'Göteborgs stad', 'Malmö stad'


# -- one cell at a time ----------------------------------------------------------------------


def number_text(cells: pd.Series) -> pd.Series:
    """Numbers as the schema reads them: '1 234,5' → '1234.5', '81,5 %' → '81.5'.

    A comma is a decimal comma (Swedish); with both '.' and ',' the last one is the decimal
    separator. A cell that is still not a number is kept as written, for its problem.
    """
    if not cells.str.contains(r"[,\s\u2212%']", regex=True).any():
        return cells  # the common case, a million plain numbers: nothing to do
    text = cells.str.replace(r"[\s\u00a0\u202f']", "", regex=True).str.replace("\u2212", "-")
    text = text.str.replace(r"%$", "", regex=True)
    comma_decimal = text.str.rfind(",") > text.str.rfind(".")
    text = text.where(~comma_decimal, text.str.replace(".", "", regex=False))
    text = text.where(comma_decimal, text.str.replace(",", "", regex=False))
    text = text.str.replace(",", ".", regex=False)
    ok = (text == "") | pd.to_numeric(text.where(text != ""), errors="coerce").notna()
    return text.where(ok, cells)


def map_unique(cells: pd.Series, fn: Callable[[str], str]) -> pd.Series:
    """``fn`` of each distinct cell, spread back: a million rows hold few distinct words."""
    codes, uniques = pd.factorize(cells)
    mapped = [fn(str(u)) for u in uniques]
    if mapped == [str(u) for u in uniques]:
        return cells  # nothing to change (a tidy file's ids): no copy
    return pd.Series(np.array(mapped, dtype=object)[codes], index=cells.index, dtype=str)


def sex(text: str) -> str:
    """'Kvinnor', 'K', 'women' → 'women'; an empty cell is 'total'."""
    return SEX_WORDS.get(header_key(text), text) if text else "total"


def municipality(text: str) -> str:
    """'0180', '180' (Excel dropped the zero), 'Stockholm', 'Göteborgs stad' → the SCB code."""
    digits = text.removesuffix(".0")
    if digits.isdigit():
        return "00" if int(digits) == 0 else digits.zfill(4)
    key = fold_accents(text)
    m = _CITY_SUFFIX.match(key)
    return _MUNICIPALITY_NAMES.get(key) or (m and _MUNICIPALITY_NAMES.get(m.group(1))) or text


def area_type(text: str, known: set[str]) -> str:
    """'stadsdelsomrade_11' as written, or 'Stadsdelsområde 11' spelled as its id."""
    slug = re.sub(r"[^a-z0-9]+", "_", fold_accents(text)).strip("_")
    return slug if text not in known and slug in known else text


def flag(text: str) -> str:
    """'Skyddad', 'prel' → 'suppressed', 'provisional'; anything else as written."""
    return text if text.startswith("period:") else _FLAGS.get(fold_accents(text), text)


# -- the table, column by column ---------------------------------------------------------------


@dataclass
class TidyText:
    """The upload as tidy text columns, and where each came from in the file."""

    raw: pd.DataFrame
    file: str
    rows: np.ndarray  # the raw row of each output row
    wide: np.ndarray  # the wide column of each output row (0 in a long table)
    lines: np.ndarray
    long: bool
    columns: dict[str, pd.Series] = field(default_factory=dict)
    origin: dict[str, str | pd.Series] = field(default_factory=dict)
    texts: dict[str, pd.Series] = field(default_factory=dict)
    given: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def melt(cls, raw: pd.DataFrame, lines: np.ndarray, guess: ColumnGuess, file: str) -> TidyText:
        """One output row per value: the rows of a long table, or the filled cells of a wide one.

        An empty cell of a wide table was not reported (an unfilled template row) and makes no
        row; a marker ('..', '–') is a missing value and does.
        """
        if guess.wide:
            filled = np.column_stack([(raw[w.column] != "").to_numpy() for w in guess.wide])
            rows, wide = np.nonzero(filled)  # row-major: the file's order
        else:
            rows, wide = np.arange(len(raw)), np.zeros(len(raw), dtype=int)
        return cls(raw, file, rows, wide, lines[rows], long=not guess.wide)

    @property
    def n(self) -> int:
        return len(self.rows)

    def empty(self) -> pd.Series:
        """An empty cell per output row."""
        return pd.Series([""] * self.n, dtype=str)

    def take(self, column: str) -> pd.Series:
        """A file column's cells, one per output row."""
        cells = self.raw[column]
        if self.long:
            return cells  # a long table: the rows as they are, no copy
        return pd.Series(cells.to_numpy()[self.rows], dtype=str)

    def per_row(self, values: list[object]) -> pd.Series:
        """One value per wide column, spread over the output rows."""
        return pd.Series(np.array(values, dtype=object)[self.wide], dtype=str)

    def set(
        self,
        column: str,
        values: pd.Series | str,
        origin: str | pd.Series | None,
        text: pd.Series | None = None,
    ) -> None:
        """A tidy column; ``origin`` is its file column (None: not in the file) and ``text``
        the cells as written, where the reader changed them."""
        if isinstance(values, str):
            values = pd.Series([values] * self.n, dtype=str)
        self.columns[column] = values.reset_index(drop=True).astype(str)
        if origin is None:
            self.given.add(column)
        else:
            self.origin[column] = origin
        if text is not None:
            self.texts[column] = text.reset_index(drop=True).astype(str)

    def missing(self, role: str, key: str, **fields: object) -> None:
        """Neither the file nor the defaults say what ``role`` is; ``key`` names the sentence."""
        self.problems.append(Problem.at(self.file, key, column=role, **fields))

    def from_column_or_default(
        self,
        column: str,
        role_column: str | None,
        default: str | None,
        normalise: Callable[[str], str],
    ) -> bool:
        """Fill a tidy column from its file column (empty cells from the default), else from
        the default; False when there is neither."""
        if role_column is not None:
            cells = self.take(role_column)
            filled = cells.where(cells != "", default) if default else cells
            self.set(column, map_unique(filled, normalise), role_column, cells)
            return True
        self.set(column, normalise(default) if default else "", None)
        return bool(default)


def values(up: TidyText, guess: ColumnGuess) -> tuple[pd.Series, str | pd.Series]:
    """Value, confidence limits; returns which cells were marked suppressed and their column."""
    if guess.wide:
        stacked = np.column_stack([up.raw[w.column].to_numpy() for w in guess.wide])
        cells = pd.Series(stacked[up.rows, up.wide], dtype=str)
        where: str | pd.Series = up.per_row([w.column for w in guess.wide])
    else:
        cells, where = up.take(guess.roles["value"]), guess.roles["value"]
    up.set("value", number_text(cells.where(~cells.isin(MISSING_MARKERS), "")), where, cells)
    for limit in ("ci_low", "ci_high"):
        if limit in guess.roles:
            limits = up.take(guess.roles[limit])
            number = number_text(limits.where(~limits.isin(MISSING_MARKERS), ""))
            up.set(limit, number, guess.roles[limit], limits)
        else:
            up.set(limit, "", None)
    return cells.isin(SUPPRESSED_MARKERS), where


def years(up: TidyText, guess: ColumnGuess, default: int | None) -> pd.Series:
    """Year of every row; returns the period ('2006-2010') a year cell or header spans."""
    if guess.wide and all(w.year is not None for w in guess.wide):
        headers = up.per_row([w.column for w in guess.wide])
        up.set("year", up.per_row([w.year for w in guess.wide]), headers)
        return up.per_row([w.period for w in guess.wide])
    if "year" in guess.roles:
        text = up.take(guess.roles["year"])
        if text.str.fullmatch(r"\d{4}").all():
            up.set("year", text, guess.roles["year"])
            return up.empty()  # the common case, plain years: no extraction needed
        whole = text.str.extract(_YEAR)[0]
        span = text.str.extract(_PERIOD)
        has_span = span[1].notna()
        year = whole.fillna(span[1].where(has_span, text))
        up.set("year", year, guess.roles["year"], text)
        return (span[0] + "-" + span[1]).where(has_span, "").astype(str)
    if default is not None:
        up.set("year", str(default), None)
    else:
        up.set("year", "", None)
        up.missing("year", "year_missing")
    return up.empty()


def sexes(up: TidyText, guess: ColumnGuess, default: str | None) -> None:
    """Sex of every row: from wide headers ('2024 kvinnor'), a column, the default, or 'total'."""
    if guess.wide and any(w.sex for w in guess.wide):
        headers = up.per_row([w.column for w in guess.wide])
        up.set("sex", up.per_row([w.sex or "total" for w in guess.wide]), headers)
        return
    up.from_column_or_default("sex", guess.roles.get("sex"), default, sex)
    if "sex" not in guess.roles and not default:
        up.set("sex", "total", None)


def flags(
    up: TidyText,
    guess: ColumnGuess,
    period: pd.Series,
    suppressed: pd.Series,
    value_column: str | pd.Series,
) -> None:
    """Flag of every row: a flag column, else a period header or cell, else a marker."""
    roles = guess.roles
    cells = up.take(roles["flag"]) if "flag" in roles else up.empty()
    mapped = map_unique(cells, flag)
    mapped = mapped.where(~((mapped == "") & (period != "")), "period:" + period)
    mapped = mapped.where(~((mapped == "") & suppressed), "suppressed")
    # Without a flag column, a marker or a period header set the flag: point at that cell.
    up.set("flag", mapped, roles.get("flag", value_column), cells if "flag" in roles else None)
