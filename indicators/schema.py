"""The tidy-table contract: columns, pandera schema and row rules, with every failure reported.

One definition serves the bundled package, uploads and the store. ``validate_tidy`` takes the
raw text of a table (every cell a string) and returns a typed frame, or raises
``ProblemsError`` listing every problem with its file, line, column and value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
import pandera.pandas as pa

from geodata.problems import Problem, ProblemsError, Reason
from indicators.catalog import Indicator

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
YEAR_MIN, YEAR_MAX = 1900, 2100
_PERIOD = re.compile(r"^period:(\d{4})-(\d{4})$")
FLAG_PATTERN = r"^(|suppressed|provisional|period:\d{4}-\d{4})$"

# Swedish and English sentence for a failed check, by the column it guards (each column of
# the schema carries at most one value check) or by "not_nullable".
MESSAGES: dict[str, tuple[str, str]] = {
    "municipality_code": (
        "kommunkoden ska vara två eller fyra siffror, t.ex. '0180' (Sverige: '00')",
        "the municipality code must be two or four digits, e.g. '0180' (Sweden: '00')",
    ),
    "area_type": ("områdestypen får inte vara tom", "the area type must not be empty"),
    "area_code": ("områdeskoden får inte vara tom", "the area code must not be empty"),
    "source": ("källan får inte vara tom", "the source must not be empty"),
    "sex": ("kön ska vara total, women eller men", "sex must be total, women or men"),
    "year": (
        f"året ska ligga mellan {YEAR_MIN} och {YEAR_MAX}",
        f"the year must lie between {YEAR_MIN} and {YEAR_MAX}",
    ),
    "flag": (
        "flaggan ska vara tom, suppressed, provisional eller period:ÅÅÅÅ-ÅÅÅÅ",
        "the flag must be empty, suppressed, provisional or period:YYYY-YYYY",
    ),
    "indicator": (
        "indikatorn finns inte i katalogen",
        "the indicator is not in the catalog",
    ),
    "not_nullable": ("saknar värde", "has no value"),
}


def _schema(indicator_ids: Iterable[str]) -> pa.DataFrameSchema:
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
                checks=pa.Check.in_range(YEAR_MIN, YEAR_MAX, name="year_range"),
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


def _problem(
    file: str,
    index: int | None,
    column: str | None,
    value: object,
    reason: Reason,
    sv: str,
    en: str,
) -> Problem:
    row = None if index is None else int(index) + 2  # header is line 1
    if value is None or (isinstance(value, float) and np.isnan(value)):
        text = None
    elif isinstance(value, float):
        text = f"{value:g}"  # 1800, not 1800.0: the number as the user typed it
    else:
        text = str(value)
    return Problem(file, row, column, text, reason, sv, en)


def _check_header(raw: pd.DataFrame, file: str) -> list[Problem]:
    problems = []
    for col in TIDY_COLUMNS:
        if col not in raw.columns:
            problems.append(
                _problem(
                    file,
                    None,
                    col,
                    None,
                    Reason.MISSING_COLUMN,
                    f"kolumnen '{col}' saknas; filen ska ha kolumnerna {', '.join(TIDY_COLUMNS)}",
                    f"column '{col}' is missing; the file must have the columns {', '.join(TIDY_COLUMNS)}",
                )
            )
    for col in raw.columns:
        if col not in TIDY_COLUMNS and col not in OPTIONAL_COLUMNS:
            problems.append(
                _problem(
                    file,
                    None,
                    str(col),
                    None,
                    Reason.UNEXPECTED_COLUMN,
                    f"okänd kolumn '{col}'",
                    f"unexpected column '{col}'",
                )
            )
    return problems


def _parse_numbers(raw: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Turn text columns into numbers, reporting each cell that is not a number."""
    problems: list[Problem] = []
    typed = raw.copy()
    for col in ("year", *NUMERIC_COLUMNS):
        text = raw[col]
        parsed = pd.to_numeric(text.where(text != ""), errors="coerce")
        bad = (text != "") & parsed.isna()
        if col == "year":
            fractional = parsed.notna() & (parsed != np.floor(parsed))
            bad |= fractional
            for idx in raw.index[bad]:
                problems.append(
                    _problem(
                        file,
                        idx,
                        col,
                        text[idx],
                        Reason.TYPE,
                        "året måste vara ett heltal, t.ex. 2024",
                        "the year must be a whole number, e.g. 2024",
                    )
                )
            parsed = parsed.where(~bad)
        else:
            for idx in raw.index[bad]:
                problems.append(
                    _problem(
                        file,
                        idx,
                        col,
                        text[idx],
                        Reason.TYPE,
                        "måste vara ett tal med decimalpunkt (eller tomt när värdet saknas)",
                        "must be a number with a decimal point (or empty when missing)",
                    )
                )
            parsed = parsed.astype("float64")
        typed[col] = parsed
    return typed, problems


def _row_rules(typed: pd.DataFrame, file: str, catalog: dict[str, Indicator]) -> list[Problem]:
    """Rules across columns of one row: limits, suppression, periods, units."""
    problems: list[Problem] = []
    value, low, high = typed["value"], typed["ci_low"], typed["ci_high"]

    for idx in typed.index[(low.notna() & high.notna() & (low > high))]:
        problems.append(
            _problem(
                file,
                idx,
                "ci_low",
                low[idx],
                Reason.INCONSISTENT,
                f"nedre konfidensgränsen är större än den övre ({high[idx]:g})",
                f"the lower confidence limit exceeds the upper one ({high[idx]:g})",
            )
        )
    outside = value.notna() & ((low.notna() & (value < low)) | (high.notna() & (value > high)))
    for idx in typed.index[outside]:
        problems.append(
            _problem(
                file,
                idx,
                "value",
                value[idx],
                Reason.INCONSISTENT,
                f"värdet ligger utanför konfidensintervallet {low[idx]:g}–{high[idx]:g}",
                f"the value lies outside its confidence interval {low[idx]:g}–{high[idx]:g}",
            )
        )
    suppressed = (typed["flag"] == "suppressed") & value.notna()
    for idx in typed.index[suppressed]:
        problems.append(
            _problem(
                file,
                idx,
                "value",
                value[idx],
                Reason.INCONSISTENT,
                "ett skyddat värde (flag=suppressed) ska lämnas tomt",
                "a suppressed value (flag=suppressed) must be left empty",
            )
        )
    for idx, flag in typed["flag"].items():
        m = _PERIOD.match(flag)
        if not m:
            continue
        start, end = int(m.group(1)), int(m.group(2))
        year = typed.at[idx, "year"]
        if start > end or (pd.notna(year) and int(year) != end):
            problems.append(
                _problem(
                    file,
                    idx,
                    "flag",
                    flag,
                    Reason.INCONSISTENT,
                    f"perioden ska sluta med radens år ({year:g}) och börja före slutet",
                    f"the period must end in the row's year ({year:g}) and start before its end",
                )
            )

    units = typed["indicator"].map(lambda i: catalog[i].unit_en if i in catalog else "")
    percent = (units == "percent") & value.notna() & ((value < 0) | (value > 100))
    for idx in typed.index[percent]:
        problems.append(
            _problem(
                file,
                idx,
                "value",
                value[idx],
                Reason.OUT_OF_RANGE,
                "en andel i procent ska ligga mellan 0 och 100",
                "a percentage must lie between 0 and 100",
            )
        )
    counts = (units == "persons") & value.notna() & ((value < 0) | (value != np.floor(value)))
    for idx in typed.index[counts]:
        problems.append(
            _problem(
                file,
                idx,
                "value",
                value[idx],
                Reason.OUT_OF_RANGE,
                "ett antal ska vara ett heltal som inte är negativt",
                "a count must be a whole number that is not negative",
            )
        )
    return problems


def _duplicates(typed: pd.DataFrame, file: str) -> list[Problem]:
    dup = typed.duplicated(list(KEY), keep="first")
    problems = []
    if dup.any():
        first_line = typed.reset_index().groupby(list(KEY), dropna=False)["index"].transform("min")
        first_line.index = typed.index
        for idx in typed.index[dup]:
            problems.append(
                _problem(
                    file,
                    idx,
                    "area_code",
                    typed.at[idx, "area_code"],
                    Reason.DUPLICATE,
                    f"samma område, indikator, kön och år finns redan på rad {first_line[idx] + 2}",
                    f"the same area, indicator, sex and year is already on line {first_line[idx] + 2}",
                )
            )
    return problems


def _pandera_problems(
    typed: pd.DataFrame, file: str, catalog: dict[str, Indicator], skip: set[tuple[int, str]]
) -> list[Problem]:
    try:
        _schema(catalog).validate(typed, lazy=True)
    except pa.errors.SchemaErrors as err:
        problems = []
        cases = err.failure_cases
        for rec in cases.to_dict("records"):
            column = rec.get("column")
            index = rec.get("index")
            check = str(rec.get("check"))
            if index is None or (isinstance(index, float) and np.isnan(index)):
                continue  # whole-column failures repeat a row failure already listed
            if (int(index), str(column)) in skip:
                continue  # already reported as not a number
            name = "not_nullable" if check == "not_nullable" else str(column)
            sv, en = MESSAGES[name]
            reason = (
                Reason.REQUIRED
                if name == "not_nullable" or check.startswith("str_length")
                else Reason.NOT_ALLOWED
            )
            problems.append(_problem(file, index, column, rec.get("failure_case"), reason, sv, en))
        return problems
    return []


def period_of(flag: pd.Series) -> pd.Series:
    """'2006-2010' for a flag 'period:2006-2010', else ''."""
    return flag.str.extract(r"^period:(\d{4}-\d{4})$", expand=False).fillna("").astype(str)


def validate_tidy(raw: pd.DataFrame, *, file: str, catalog: dict[str, Indicator]) -> pd.DataFrame:
    """Check a raw text table against the contract; return it typed, or raise every problem."""
    problems = _check_header(raw, file)
    if any(p.reason is Reason.MISSING_COLUMN for p in problems):
        raise ProblemsError(problems)
    raw = raw[list(TIDY_COLUMNS)].astype(str).apply(lambda s: s.str.strip())
    typed, type_problems = _parse_numbers(raw, file)
    problems += type_problems
    skip = {(p.row - 2, p.column) for p in type_problems if p.row is not None}
    problems += _pandera_problems(typed, file, catalog, skip)
    problems += _row_rules(typed, file, catalog)
    typed["period"] = period_of(typed["flag"])
    problems += _duplicates(typed, file)
    if problems:
        problems.sort(
            key=lambda p: (
                p.row or 0,
                TIDY_COLUMNS.index(p.column) if p.column in TIDY_COLUMNS else 99,
            )
        )
        raise ProblemsError(problems)
    typed["year"] = typed["year"].astype("int64")
    return typed.reset_index(drop=True)
