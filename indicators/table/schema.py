"""The tidy-table contract: columns, pandera schema and row rules, with every failure reported.

One definition serves the bundled package, uploads and the store. ``validate_tidy`` takes the
raw text of a table (every cell a string) and returns a typed frame, or raises
``ProblemsError`` listing every problem with its file, line, column and value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from indicators.core.places import MUNICIPALITIES, area_type_text
from indicators.core.problems import MESSAGES as PROBLEM_MESSAGES
from indicators.core.problems import Problem, ProblemsError, Reason
from indicators.core.text import Text
from indicators.table.areas import AreaIndex, Division
from indicators.table.catalog import Indicator

if TYPE_CHECKING:
    # pandera is imported when a table is validated, not by every page of the dashboard.
    import pandera.pandas as pa

TIDY_COLUMNS: tuple[str, ...] = (
    "municipality_code",
    "area_type",
    "area_code",
    "area_name",
    "indicator",
    "sex",
    "year",
    "value",
    "ci_low",
    "ci_high",
    "flag",
    "source",
)
# The package's files also carry the municipality's name; it is accepted and dropped.
OPTIONAL_COLUMNS: tuple[str, ...] = ("municipality",)
NUMERIC_COLUMNS: tuple[str, ...] = ("value", "ci_low", "ci_high")
SEXES: tuple[str, ...] = ("total", "women", "men")
# A cell is the same cell across files when these agree; the period keeps a multi-year
# average apart from the single year it ends in.
KEY: tuple[str, ...] = (
    "municipality_code",
    "area_type",
    "area_code",
    "indicator",
    "sex",
    "year",
    "period",
)
# What a row says about its cell; two rows of one key that differ here contradict each other.
CONTENT: tuple[str, ...] = ("value", "ci_low", "ci_high", "flag", "source")
# The earliest reference year the app accepts (issue #4); the latest is next year, computed
# when a file is checked so that the rule does not go stale.
YEAR_MIN = 1968
_PERIOD = re.compile(r"^period:(\d{4})-(\d{4})$")
FLAG_PATTERN = r"^(|suppressed|provisional|period:\d{4}-\d{4})$"


def year_max() -> int:
    """The latest reference year accepted: next year (a forecast or an early provisional figure)."""
    return date.today().year + 1


@dataclass(frozen=True)
class Plausible:
    """The values an indicator can take: inclusive limits (None = open) and whole numbers only."""

    low: float | None = None
    high: float | None = None
    whole: bool = False

    def text(self, lang: str = "sv") -> str:
        """'a whole number of at least 0', 'between 50 and 100' …

        >>> Plausible(0, None, whole=True).text("en")
        'a whole number of at least 0'
        >>> Plausible(50, 100).text()
        'mellan 50 och 100'
        """
        lo, hi = self.low, self.high
        if lo is not None and hi is not None:
            span = _SPANS["between"].format(low=lo, high=hi)
        elif lo is not None:
            span = _SPANS["at_least"].format(low=lo)
        elif hi is not None:
            span = _SPANS["at_most"].format(high=hi)
        else:
            span = Text("", "")
        if self.whole:
            return _WHOLE.format(span=span).text(lang).strip()
        return span.text(lang)


# The phrases of Plausible.text, worded once for both languages.
_SPANS = {
    "between": Text("mellan {low:g} och {high:g}", "between {low:g} and {high:g}"),
    "at_least": Text("minst {low:g}", "at least {low:g}"),
    "at_most": Text("högst {high:g}", "at most {high:g}"),
}
_WHOLE = Text("ett heltal {span}", "a whole number of {span}")


# The catalog has no range columns, so plausible values live here, by indicator id first and
# otherwise by the catalog's English unit. They catch typing and unit mistakes (a life
# expectancy of 120, a share of 815 ‰ written as percent, a negative count), not outliers:
# every limit is wide enough for any real Swedish district.
PLAUSIBLE_BY_INDICATOR: dict[str, Plausible] = {
    "life_expectancy": Plausible(50, 100),
    "cni": Plausible(0, 10),  # Sweden = 1.00; districts lie within about 0.3–3
    "welfare_index_malmo": Plausible(1, 10),  # a mean rank on a 1–10 scale
    "welfare_index_malmo_rank": Plausible(1, None, whole=True),
    "socioeconomic_area_type": Plausible(1, 5, whole=True),  # SCB/Delmos categories 1–5
}
# Counts and incomes need an upper limit too: a population of 1e308 is a weight that
# overflows every gap measure (issue 12 F5). Twice Sweden's population, and an income of
# 100 million SEK, are beyond any district and any typing of thousands as units.
PLAUSIBLE_BY_UNIT: dict[str, Plausible] = {
    "percent": Plausible(0, 100),
    "persons": Plausible(0, 20_000_000, whole=True),
    "thousand SEK": Plausible(0, 100_000),
    "SEK": Plausible(0, 100_000_000),
}


# The longest text each column may hold (issue 12 F5): a source or a name is a line, not a
# page; a 1 MB source hung viewers' tabs and was copied into every row of the store.
TEXT_LIMITS: dict[str, int] = {
    **dict.fromkeys(("municipality_code", "area_type", "area_code", "indicator", "sex"), 100),
    **{"flag": 100, "area_name": 200, "source": 500},
}
# Unicode's invisible direction controls (LRM, RLM, ALM and the embeddings, overrides and
# isolates): an override makes 'fil\u202egpj.exe' read as 'filexe.jpg'; no name needs one.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def text_problem(text: str, limit: int) -> tuple[str, dict[str, object]] | None:
    """The message id and fields of what is wrong with one text cell: too long, or holding a
    direction control; None when it is fine.

    >>> text_problem("Majorna\u202e", 100)
    ('bidi_control', {'code': 'U+202E'})
    >>> text_problem("x" * 11, 10)
    ('text_too_long', {'length': 11, 'limit': 10})
    """
    if len(text) > limit:
        return "text_too_long", {"length": len(text), "limit": limit}
    m = BIDI_CONTROLS.search(text)
    if m:
        return "bidi_control", {"code": f"U+{ord(m.group()):04X}"}
    return None


def flagged_texts(cells: pd.Series, limit: int) -> pd.Series:
    """Which cells are too long or hold a direction control (vectorised; most files: none)."""
    return (cells.str.len() > limit) | cells.str.contains(BIDI_CONTROLS)


def plausible(indicator: Indicator) -> Plausible | None:
    """The plausible values of an indicator, or None when nothing is known about them."""
    return PLAUSIBLE_BY_INDICATOR.get(indicator.id) or PLAUSIBLE_BY_UNIT.get(indicator.unit_en)


# The sentence for a failed check, by the column it guards (each column of the schema
# carries at most one value check) or by "not_nullable". The year and indicator sentences
# depend on the day and the catalog and are filled in by ``_messages``.
MESSAGES: dict[str, Text] = {
    "municipality_code": Text(
        "kommunkoden ska vara två eller fyra siffror, t.ex. '0180' (Sverige: '00')",
        "the municipality code must be two or four digits, e.g. '0180' (Sweden: '00')",
    ),
    "area_type": Text("områdestypen får inte vara tom", "the area type must not be empty"),
    "area_code": Text("områdeskoden får inte vara tom", "the area code must not be empty"),
    "source": Text("källan får inte vara tom", "the source must not be empty"),
    "sex": Text(
        "kön ska vara totalt, kvinnor eller män (total, women, men)",
        "sex must be total, women or men",
    ),
    "flag": Text(
        "flaggan ska vara tom, suppressed, provisional eller period:ÅÅÅÅ-ÅÅÅÅ",
        "the flag must be empty, suppressed, provisional or period:YYYY-YYYY",
    ),
    "not_nullable": Text("saknar värde", "has no value"),
    "year": Text(
        "året ska ligga mellan {first} och {last}", "the year must lie between {first} and {last}"
    ),
    "indicator": Text(
        "indikatorn finns inte i katalogen; kända indikatorer: {ids}",
        "the indicator is not in the catalog; known indicators: {ids}",
    ),
}


def _messages(catalog: Mapping[str, Indicator]) -> dict[str, Text]:
    ids = ", ".join(sorted(catalog))
    return MESSAGES | {
        "year": MESSAGES["year"].format(first=YEAR_MIN, last=year_max()),
        "indicator": MESSAGES["indicator"].format(ids=ids),
    }


def _schema(indicator_ids: Iterable[str]) -> pa.DataFrameSchema:
    # Imported here: pandera takes a fifth of a second to import, and a server whose store
    # is up to date never validates a file at start.
    import pandera.pandas as pa

    def text(*checks: pa.Check) -> pa.Column:
        return pa.Column(str, checks=list(checks), nullable=False)

    not_empty = pa.Check.str_length(min_value=1, name="not_empty")
    return pa.DataFrameSchema(
        {
            "municipality_code": text(
                pa.Check.str_matches(r"^\d{2}(\d{2})?$", name="municipality_code")
            ),
            "area_type": text(not_empty),
            "area_code": text(not_empty),
            "area_name": text(),
            "indicator": text(pa.Check.isin(sorted(indicator_ids), name="indicator_known")),
            "sex": text(pa.Check.isin(list(SEXES), name="sex")),
            # float until every year is known to be present and whole; cast afterwards.
            "year": pa.Column(
                "float64",
                checks=pa.Check.in_range(YEAR_MIN, year_max(), name="year_range"),
                nullable=False,
            ),
            "value": pa.Column("float64", nullable=True),
            "ci_low": pa.Column("float64", nullable=True),
            "ci_high": pa.Column("float64", nullable=True),
            "flag": text(pa.Check.str_matches(FLAG_PATTERN, name="flag")),
            "source": text(not_empty),
        },
        strict=False,
        ordered=False,
    )


@dataclass(frozen=True)
class Origin:
    """Where the rows and columns of a table came from in the user's file, for its problems.

    ``lines``: the file line of each row (aligned with the table's index); None means the
    table is the file itself, header on line 1. ``columns``: the file's own header for a tidy
    column, or a Series giving it per row (the year column of a wide table a value came from).
    ``texts``: the cells as the file wrote them ('81,5', 'Kungsladugard'), shown in problems
    instead of the value the reader made of them. ``given``: tidy columns the file does not
    have, filled in from the upload form or the command line; a problem with them concerns
    the whole file and is reported once.
    """

    lines: pd.Series | None = None
    columns: Mapping[str, str | pd.Series] = field(default_factory=dict)
    texts: Mapping[str, pd.Series] = field(default_factory=dict)
    given: frozenset[str] = frozenset()


class _Report:
    """Collects problems in tidy terms and says them in the file's terms (line, header)."""

    def __init__(self, file: str, origin: Origin | None):
        self.file = file
        self.origin = origin or Origin()
        self._found: list[tuple[tuple[int, int], Problem]] = []
        self._seen: set[Problem] = set()

    def add(
        self,
        index: object,
        column: str | None,
        value: object,
        reason: Reason,
        message: Text,
        suggestions: tuple[str, ...] = (),
    ) -> None:
        origin = self.origin
        if column in origin.texts and index is not None:
            value = origin.texts[column][index]
        text = _text(value)
        if column in origin.given or index is None:
            row = None
            shown = column
        else:
            row = int(origin.lines[index]) if origin.lines is not None else int(index) + 2
            where = origin.columns.get(column, column) if column else None
            shown = str(where[index]) if isinstance(where, pd.Series) else where
        problem = Problem(self.file, row, shown, text, reason, message, suggestions)
        if problem in self._seen:
            return  # a given value is wrong once, not once per row
        self._seen.add(problem)
        order = TIDY_COLUMNS.index(column) if column in TIDY_COLUMNS else 99
        self._found.append(((row or 0, order), problem))

    def at(
        self,
        index: object,
        column: str | None,
        value: object,
        key: str,
        suggestions: tuple[str, ...] = (),
        **fields: object,
    ) -> None:
        """:meth:`add` the problem core's ``MESSAGES`` files under ``key``; its sentence may
        name the tidy ``column``."""
        found = PROBLEM_MESSAGES[key]
        text = found.text.format(column=column, **fields)
        self.add(index, column, value, found.reason, text, suggestions)

    def problems(self) -> list[Problem]:
        return [p for _, p in sorted(self._found, key=lambda item: item[0])]


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, float | np.floating):
        return f"{value:g}"  # 1800, not 1800.0: the number as the user typed it
    return str(value)


def _check_header(raw: pd.DataFrame, report: _Report) -> None:
    listed = ", ".join(TIDY_COLUMNS)
    for col in TIDY_COLUMNS:
        if col not in raw.columns:
            report.at(None, col, None, "tidy_column_missing", columns=listed)
    for col in raw.columns:
        if col not in TIDY_COLUMNS and col not in OPTIONAL_COLUMNS:
            report.at(None, str(col), None, "unexpected_column")


def _text_problems(raw: pd.DataFrame, report: _Report) -> set[tuple[object, str]]:
    """Text too long for its column or holding a direction control; returns the cells."""
    refused: set[tuple[object, str]] = set()
    for col, limit in TEXT_LIMITS.items():
        cells = raw[col]
        for idx in raw.index[flagged_texts(cells, limit)]:
            found = text_problem(cells[idx], limit)
            if found is not None:
                report.at(idx, col, cells[idx], found[0], **found[1])
                refused.add((idx, col))
    return refused


def _parse_numbers(raw: pd.DataFrame, report: _Report) -> tuple[pd.DataFrame, set]:
    """Turn text columns into numbers, reporting each cell that is not a number."""
    typed = raw.copy()
    refused: set[tuple[object, str]] = set()
    for col in ("year", *NUMERIC_COLUMNS):
        text = raw[col]
        parsed = pd.to_numeric(text.where(text != ""), errors="coerce")
        # 'nan' and 'inf' parse as floats but are not numbers anyone measured.
        bad = (text != "") & (parsed.isna() | np.isinf(parsed))
        if col == "year":
            # Digits only ('2024', Excel's '2024.0'): '2e3' and '2.024e3' parse as whole
            # numbers but are not years anyone typed (issue 12 F14).
            digits = text.str.fullmatch(r"\d+(?:\.0+)?")
            bad |= (text != "") & ~digits | (parsed.notna() & (parsed != np.floor(parsed)))
        key = "year_not_whole" if col == "year" else "not_a_number_eg"
        for idx in raw.index[bad]:
            report.at(idx, col, text[idx], key)
            refused.add((idx, col))
        typed[col] = parsed.where(~bad).astype("float64")
    return typed, refused


def _by_unique(column: pd.Series, fn) -> np.ndarray:
    """``fn`` of each row's value, computed once per distinct value: a million rows hold few ids."""
    codes, uniques = pd.factorize(column)
    return np.array([fn(u) for u in uniques])[codes]


@dataclass(frozen=True)
class RowRule:
    """A rule across the columns of one row, as data: which rows break it and what to say.

    ``breaks`` marks the rows that break the rule; the problem names the row's cell in
    ``columns[0]``, and ``message`` is filled in with the row's values of ``columns``.
    """

    reason: Reason
    columns: tuple[str, ...]
    breaks: Callable[[pd.DataFrame], pd.Series]
    message: Text

    def apply(self, typed: pd.DataFrame, report: _Report) -> None:
        """Report every row of ``typed`` that breaks the rule."""
        column = self.columns[0]
        for idx in typed.index[self.breaks(typed)]:
            fields = {c: typed.at[idx, c] for c in self.columns}
            report.add(idx, column, fields[column], self.reason, self.message.format(**fields))


def _limits_crossed(typed: pd.DataFrame) -> pd.Series:
    low, high = typed["ci_low"], typed["ci_high"]
    return low.notna() & high.notna() & (low > high)


def _outside_limits(typed: pd.DataFrame) -> pd.Series:
    value, low, high = typed["value"], typed["ci_low"], typed["ci_high"]
    return value.notna() & ((low.notna() & (value < low)) | (high.notna() & (value > high)))


def _suppressed_with_value(typed: pd.DataFrame) -> pd.Series:
    return (typed["flag"] == "suppressed") & typed["value"].notna()


def _period_not_ending_in_year(typed: pd.DataFrame) -> pd.Series:
    # A flag that is not a well-formed period is the schema's to report, so it matches nothing.
    start, end = (part.astype("float64") for _, part in typed["flag"].str.extract(_PERIOD).items())
    year = typed["year"]
    return start.notna() & ((start > end) | (year.notna() & (year != end)))


# Checked in this order; a row breaking two of them gets both problems, in this order.
ROW_RULES: tuple[RowRule, ...] = (
    RowRule(
        Reason.INCONSISTENT,
        ("ci_low", "ci_high"),
        _limits_crossed,
        Text(
            "nedre konfidensgränsen är större än den övre ({ci_high:g})",
            "the lower confidence limit exceeds the upper one ({ci_high:g})",
        ),
    ),
    RowRule(
        Reason.INCONSISTENT,
        ("value", "ci_low", "ci_high"),
        _outside_limits,
        Text(
            "värdet ligger utanför konfidensintervallet {ci_low:g}–{ci_high:g}",
            "the value lies outside its confidence interval {ci_low:g}–{ci_high:g}",
        ),
    ),
    RowRule(
        Reason.INCONSISTENT,
        ("value",),
        _suppressed_with_value,
        Text(
            "ett skyddat värde (flag=suppressed) ska lämnas tomt",
            "a suppressed value (flag=suppressed) must be left empty",
        ),
    ),
    RowRule(
        Reason.INCONSISTENT,
        ("flag", "year"),
        _period_not_ending_in_year,
        Text(
            "perioden ska sluta med radens år ({year:g}) och börja före slutet",
            "the period must end in the row's year ({year:g}) and start before its end",
        ),
    ),
)


def _row_rules(typed: pd.DataFrame, report: _Report, catalog: Mapping[str, Indicator]) -> None:
    """Rules across columns of one row: limits, suppression, periods, plausible values."""
    for rule in ROW_RULES:
        rule.apply(typed, report)
    _implausible_values(typed, report, catalog)


def _implausible_values(
    typed: pd.DataFrame, report: _Report, catalog: Mapping[str, Indicator]
) -> None:
    """Values outside what their indicator can take (``plausible``), with the limits said."""
    value = typed["value"]
    ranges = {i: plausible(ind) for i, ind in catalog.items()}
    ids = typed["indicator"]
    lows = _by_unique(
        ids, lambda i: r.low if (r := ranges.get(i)) and r.low is not None else -np.inf
    )
    highs = _by_unique(
        ids, lambda i: r.high if (r := ranges.get(i)) and r.high is not None else np.inf
    )
    whole = _by_unique(ids, lambda i: bool((r := ranges.get(i)) and r.whole))
    # A suppressed row with a value is already reported: one cell, one problem.
    present = value.notna() & (typed["flag"] != "suppressed")
    bad = present & ((value < lows) | (value > highs) | (whole & (value != np.floor(value))))
    for idx in typed.index[bad]:
        ind = catalog[ids[idx]]
        rule = ranges[ind.id]
        report.at(
            idx,
            "value",
            value[idx],
            "implausible_value",
            name=Text(ind.name_sv, ind.name_en),
            rule=Text(rule.text("sv"), rule.text("en")),
            unit=Text(ind.unit_sv, ind.unit_en),
        )


def _duplicates(typed: pd.DataFrame, report: _Report) -> pd.Series:
    """Report rows that repeat a cell with other content; return the rows to keep.

    A row repeated with exactly the same content says nothing new (a table pasted twice, an
    area written once by code and once by name) and is dropped; a cell given two different
    contents is a contradiction only the user can settle.
    """
    key = list(KEY)
    repeated = typed.duplicated([*key, *CONTENT], keep="first")
    keep = ~repeated
    clash = typed[keep].duplicated(key, keep="first")
    if clash.any():
        kept = typed[keep]
        first = (
            kept.index.to_series().groupby([kept[k] for k in key], dropna=False).transform("first")
        )
        lines = report.origin.lines
        for idx in clash.index[clash]:
            first_idx = first[idx]
            line = int(lines[first_idx]) if lines is not None else int(first_idx) + 2
            report.at(idx, "area_code", typed.at[idx, "area_code"], "cell_repeated", line=line)
    return keep


def _pandera_problems(
    typed: pd.DataFrame, report: _Report, catalog: Mapping[str, Indicator], skip: set
) -> None:
    import pandera.pandas as pa

    try:
        _schema(catalog).validate(typed, lazy=True)
    except pa.errors.SchemaErrors as err:
        messages = _messages(catalog)
        for rec in err.failure_cases.to_dict("records"):
            column = rec.get("column")
            index = rec.get("index")
            check = str(rec.get("check"))
            if index is None or (isinstance(index, float) and np.isnan(index)):
                continue  # whole-column failures repeat a row failure already listed
            if (index, str(column)) in skip:
                continue  # already reported as not a number
            name = "not_nullable" if check == "not_nullable" else str(column)
            reason = (
                Reason.REQUIRED
                if name == "not_nullable" or check.startswith("str_length")
                else Reason.NOT_ALLOWED
            )
            report.add(index, column, rec.get("failure_case"), reason, messages[name])


def _area_problems(typed: pd.DataFrame, report: _Report, areas: AreaIndex) -> None:
    """Unknown cities, area types and areas (with the closest names), and divisions not in
    force in the row's year. Never a silent guess: an area the index cannot resolve exactly
    is a problem that lists what the user may have meant."""
    groups = typed.groupby(["municipality_code", "area_type"], sort=False).groups
    for (city, area_type), index in groups.items():
        if not re.fullmatch(r"\d{2}(\d{2})?", city) or not area_type:
            continue  # already reported by the schema
        division = areas.division(city, area_type)
        if division is None:
            _unknown_division(report, index, city, area_type, areas)
            continue
        _unknown_areas(report, typed.loc[index, "area_code"], area_type, division)
        _not_in_force(report, typed.loc[index, "year"], area_type, division)


def _unknown_division(
    report: _Report, index: pd.Index, city: str, area_type: str, areas: AreaIndex
) -> None:
    """Every row of a city the index does not know, or of an area type the city lacks."""
    known = areas.area_types(city)
    if not known:
        cities = ", ".join(f"{c} {MUNICIPALITIES.get(c, c)}" for c in areas.cities())
        for idx in index:
            report.at(idx, "municipality_code", city, "unknown_municipality", known=cities)
        return
    # By name, with the id a file may also carry: officials know 'Primärområden'.
    listed = Text(
        ", ".join(f"{area_type_text(a).sv} ({a})" for a in known),
        ", ".join(f"{area_type_text(a).en} ({a})" for a in known),
    )
    name = MUNICIPALITIES.get(city, city)
    for idx in index:
        report.at(idx, "area_type", area_type, "unknown_area_type", city=name, known=listed)


def _unknown_areas(report: _Report, codes: pd.Series, area_type: str, division: Division) -> None:
    """Every code the division does not have, with the closest names when there are any."""
    unknown = codes[~codes.isin(division.names.keys()) & (codes != "")]
    hints: dict[str, list[str]] = {}
    for idx, code in unknown.items():
        if code not in hints:
            hints[code] = division.suggest(code)
        near = ", ".join(hints[code])
        key = "unknown_area_near" if near else "unknown_area"
        report.at(
            idx,
            "area_code",
            code,
            key,
            suggestions=tuple(hints[code]),
            area_type=area_type_text(area_type),
            near=near,
        )


def _not_in_force(report: _Report, years: pd.Series, area_type: str, division: Division) -> None:
    """Every row whose (accepted) year falls outside the time the division was in force."""
    for year in years.dropna().unique():
        if YEAR_MIN <= year <= year_max() and not division.in_force(int(year)):
            span = Text(division.validity_text("sv"), division.validity_text("en"))
            for idx in years.index[years == year]:
                report.at(
                    idx,
                    "year",
                    year,
                    "not_in_force",
                    area_type=area_type_text(area_type),
                    year=year,
                    span=span,
                )


def period_of(flag: pd.Series) -> pd.Series:
    """'2006-2010' for a flag 'period:2006-2010', else ''."""
    if not flag.str.startswith("period:").any():
        return pd.Series("", index=flag.index, dtype=str)  # most tables: no periods at all
    return flag.str.extract(r"^period:(\d{4}-\d{4})$", expand=False).fillna("").astype(str)


def validate_tidy(
    raw: pd.DataFrame,
    *,
    file: str,
    catalog: Mapping[str, Indicator],
    areas: AreaIndex | None = None,
    origin: Origin | None = None,
) -> pd.DataFrame:
    """Check a raw text table against the contract; return it typed, or raise every problem.

    With ``areas``, every area must be a known area of its city and area type, and the
    division must be in force in the row's year. ``origin`` says where rows and columns came
    from in the user's file, so that problems name the file's lines and headers. A row that
    repeats another exactly is dropped; the same cell with different content is a problem.
    """
    report = _Report(file, origin)
    _check_header(raw, report)
    if any(p.reason is Reason.MISSING_COLUMN for p in report.problems()):
        raise ProblemsError(report.problems())
    raw = raw[list(TIDY_COLUMNS)].astype(str).apply(lambda s: s.str.strip())
    too_long = _text_problems(raw, report)
    typed, refused = _parse_numbers(raw, report)
    _pandera_problems(typed, report, catalog, refused | too_long)
    _row_rules(typed, report, catalog)
    if areas is not None:
        _area_problems(typed, report, areas)
    typed["period"] = period_of(typed["flag"])
    keep = _duplicates(typed, report)
    problems = report.problems()
    if problems:
        raise ProblemsError(problems)
    typed = typed[keep]
    typed["year"] = typed["year"].astype("int64")
    return typed.reset_index(drop=True)
