"""Reading indicator files (CSV or Excel) into the tidy table, refusing bad ones with every problem."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from geodata.problems import Problem, ProblemsError, Reason
from indicators.catalog import Indicator
from indicators.schema import validate_tidy


def _parse_problem(file: str, row: int | None, sv: str, en: str) -> ProblemsError:
    return ProblemsError([Problem(file, row, None, None, Reason.PARSE, sv, en)])


def _read_csv(data: bytes, file: str) -> pd.DataFrame:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise _parse_problem(
            file,
            line,
            "filen är inte UTF-8-kodad; spara den som 'CSV UTF-8' och försök igen",
            "the file is not UTF-8 encoded; save it as 'CSV UTF-8' and try again",
        ) from None
    if not text.strip():
        raise _parse_problem(file, None, "filen är tom", "the file is empty")
    header = text.splitlines()[0]
    # Swedish Excel writes semicolon-separated CSV with decimal commas.
    swedish = header.count(";") > header.count(",")
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=";" if swedish else ",",
            dtype=str,
            keep_default_na=False,
            quoting=csv.QUOTE_MINIMAL,
        )
    except pd.errors.ParserError as err:
        raise _parse_problem(
            file,
            None,
            f"filen kunde inte läsas som CSV: {err}",
            f"the file could not be read as CSV: {err}",
        ) from None
    if swedish:
        for col in ("value", "ci_low", "ci_high"):
            if col in frame.columns:
                frame[col] = (
                    frame[col].str.replace("\u00a0", "").str.replace(" ", "").str.replace(",", ".")
                )
    return frame


def _read_excel(data: bytes, file: str) -> pd.DataFrame:
    try:
        frame = pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False, engine="openpyxl")
    except Exception as err:  # openpyxl raises many types for a damaged workbook
        raise _parse_problem(
            file,
            None,
            f"filen kunde inte läsas som Excel-fil: {err}",
            f"the file could not be read as an Excel workbook: {err}",
        ) from None
    return frame


def read_raw(data: bytes, file: str) -> pd.DataFrame:
    """The file's cells as text, whatever its format (CSV, XLSX)."""
    if file.lower().endswith((".xlsx", ".xlsm")):
        frame = _read_excel(data, file)
    else:
        frame = _read_csv(data, file)
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def read_tidy(data: bytes, file: str, catalog: dict[str, Indicator]) -> pd.DataFrame:
    """A validated tidy table from a file's bytes; raises ``ProblemsError`` listing every problem."""
    return validate_tidy(read_raw(data, file), file=file, catalog=catalog)


def read_tidy_path(
    path: Path, catalog: dict[str, Indicator], label: str | None = None
) -> pd.DataFrame:
    return read_tidy(path.read_bytes(), label or path.name, catalog)
