"""The files officials really have (CSV or XLSX, long or wide) → a validated tidy table, or every problem."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.core.problems import Problem, ProblemsError, Reason
from indicators.ingest.cells import MAX_UPLOAD_BYTES, read_cells_and_lines
from indicators.ingest.columns import (
    ColumnGuess,
    apply_mapping,
    detect_columns,
    structure_problems,
)
from indicators.ingest.normalise import TidyText, flags, sexes, values, years
from indicators.ingest.resolve import area_columns, divisions, resolve_areas
from indicators.table.areas import AreaIndex, fold_accents
from indicators.table.catalog import Indicator
from indicators.table.schema import (
    TEXT_LIMITS,
    TIDY_COLUMNS,
    Origin,
    flagged_texts,
    text_problem,
    validate_tidy,
)


@dataclass(frozen=True)
class UploadDefaults:
    """Values for what the file does not say (the upload form, or the command-line flags).

    A file column wins over a default; a default also fills the column's empty cells. Rows
    without any sex are 'total'.
    """

    municipality_code: str | None = None
    area_type: str | None = None
    indicator: str | None = None
    year: int | None = None
    sex: str | None = None
    source: str | None = None
    #: Areas fixed on the page: (the file's text, the area it means, as a code or a
    #: suggestion's label), e.g. ('Västra hamn', 'Västra Hamnen (1213)').
    area_fixes: tuple[tuple[str, str], ...] = ()


def _indicators(
    up: TidyText, guess: ColumnGuess, catalog: Mapping[str, Indicator], default: str | None
) -> None:
    """Indicator of every row: its id, or its Swedish or English name, from a column or the form."""
    names = {fold_accents(n): i.id for i in catalog.values() for n in (i.name_en, i.name_sv, i.id)}
    if not up.from_column_or_default(
        "indicator",
        guess.roles.get("indicator"),
        default,
        lambda t: t if t in catalog else names.get(fold_accents(t), t),
    ):
        ids = ", ".join(sorted(catalog))
        up.missing("indicator", "indicator_missing", known=ids)


def _sources(up: TidyText, guess: ColumnGuess, default: str | None) -> None:
    """Source of every row; a file without any is reported once, not per row."""
    has_source = up.from_column_or_default("source", guess.roles.get("source"), default, str.strip)
    if not has_source or (up.n and not (up.columns["source"] != "").any()):
        up.missing("source", "source_missing")


def _name_problems(up: TidyText, name_col: str | None) -> None:
    """Area names too long or holding a direction control. The schema checks the name the
    reader settles on, the canonical one of the code, so the file's own text is checked here."""
    if name_col is None:
        return
    names, limit = up.columns["_area_name_text"], TEXT_LIMITS["area_name"]
    codes, uniques = pd.factorize(names)  # few distinct names, however many rows
    flagged = np.flatnonzero(flagged_texts(pd.Series(uniques, dtype=str), limit))
    for i in np.flatnonzero(np.isin(codes, flagged)):
        key, fields = text_problem(names[i], limit) or ("text_too_long", {})
        where = {"row": int(up.lines[i]), "column": name_col, "value": names[i]}
        up.problems.append(Problem.at(up.file, key, **where, **fields))


def _arrange(
    raw: pd.DataFrame,
    lines: np.ndarray,
    guess: ColumnGuess,
    *,
    file: str,
    catalog: Mapping[str, Indicator],
    areas: AreaIndex,
    defaults: UploadDefaults,
) -> TidyText:
    """The file's cells arranged as the tidy table's text columns."""
    up = TidyText.melt(raw, lines, guess, file)
    suppressed, value_column = values(up, guess)
    period = years(up, guess, defaults.year)
    sexes(up, guess, defaults.sex)
    _indicators(up, guess, catalog, defaults.indicator)
    _sources(up, guess, defaults.source)
    flags(up, guess, period, suppressed, value_column)
    code_col, name_col = area_columns(up, guess)
    _name_problems(up, name_col)
    divisions(up, guess, areas, defaults.municipality_code, defaults.area_type)
    resolve_areas(up, areas, code_col, name_col, dict(defaults.area_fixes))
    return up


def _validated(
    up: TidyText, file: str, catalog: Mapping[str, Indicator], areas: AreaIndex
) -> pd.DataFrame:
    """The arranged text checked against the schema, every problem pointing into the file."""
    tidy = pd.DataFrame({c: up.columns[c] for c in TIDY_COLUMNS})
    origin = Origin(
        lines=pd.Series(up.lines, index=tidy.index),
        columns=up.origin,
        texts=up.texts,
        given=frozenset(up.given),
    )
    try:
        frame = validate_tidy(tidy, file=file, catalog=catalog, areas=areas, origin=origin)
    except ProblemsError as err:
        merged = sorted([*up.problems, *err.problems], key=lambda p: p.row or 0)
        raise ProblemsError(merged) from None
    if up.problems:
        raise ProblemsError(up.problems)
    return frame


def read_upload(
    data: bytes,
    file_name: str,
    *,
    catalog: Mapping[str, Indicator],
    areas: AreaIndex,
    defaults: UploadDefaults | None = None,
    mapping: Mapping[str, str] | None = None,
    sheet: str | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> pd.DataFrame:
    """A validated tidy table (``TIDY_COLUMNS`` + period) from a file an official uploads.

    Reads CSV (comma, semicolon or tab; UTF-8 with or without BOM, Windows-1252, Latin-1;
    decimal comma) and XLSX (the first sheet, or ``sheet``), long or wide (one column per
    year, optionally per sex). ``mapping`` (role → column) overrides ``detect_columns``;
    ``defaults`` fills what the file does not say. Columns that play no role are not read
    (``detect_columns(read_cells(...)).unused`` lists them, for the page to show). Raises
    ``ProblemsError`` with every problem, each naming the file's line, column and value;
    nothing is guessed silently. Files over ``max_bytes`` are refused before parsing (the
    browser's limit; the command line on the server allows more).
    """
    raw, lines = read_cells_and_lines(data, file_name, sheet, max_bytes)
    guess = detect_columns(raw)
    if mapping:
        guess = apply_mapping(guess, mapping, list(raw.columns), file_name)
    problems = structure_problems(guess, list(raw.columns), file_name)
    if problems:
        raise ProblemsError(problems)
    up = _arrange(
        raw,
        lines,
        guess,
        file=file_name,
        catalog=catalog,
        areas=areas,
        defaults=defaults or UploadDefaults(),
    )
    if any(p.reason is Reason.MISSING_COLUMN for p in up.problems):
        raise ProblemsError(up.problems)
    if up.n == 0:  # an unfilled template, or a table of headers only
        raise ProblemsError.at(file_name, "no_values")
    return _validated(up, file_name, catalog, areas)
