"""The package's own strict format: a tidy CSV (UTF-8) or XLSX file → a validated tidy table."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from indicators.core.problems import ProblemsError
from indicators.ingest.cells import decode_utf8, unreadable_workbook
from indicators.ingest.dialect import sniff_dialect
from indicators.table.catalog import Indicator
from indicators.table.schema import validate_tidy

#: The columns that hold numbers, where a decimal comma becomes a point.
_NUMBER_COLUMNS = ("value", "ci_low", "ci_high")


def _read_csv(data: bytes, file: str) -> pd.DataFrame:
    text = decode_utf8(data, file)
    if not text.strip():
        raise ProblemsError.at(file, "file_empty")
    dialect = sniff_dialect(text)  # the header is the first line: title lines are not skipped
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=dialect.separator,
            dtype=str,
            keep_default_na=False,
        )
    except pd.errors.ParserError as err:
        raise ProblemsError.at(file, "unreadable_csv", error=err) from None
    if dialect.decimal_comma:
        for col in _NUMBER_COLUMNS:
            if col in frame.columns:
                frame[col] = (
                    frame[col].str.replace("\u00a0", "").str.replace(" ", "").str.replace(",", ".")
                )
    return frame


def _read_excel(data: bytes, file: str) -> pd.DataFrame:
    try:
        frame = pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False, engine="openpyxl")
    except Exception as err:  # openpyxl raises many types for a damaged workbook
        raise unreadable_workbook(file, err) from None
    return frame


def read_raw(data: bytes, file: str) -> pd.DataFrame:
    """The file's cells as text, whatever its format (CSV, XLSX)."""
    # By name only, as before: the strict reader does not sniff a zip behind a '.csv'.
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
    """``read_tidy`` of a file on disk, named ``label`` (its path in the package) in problems."""
    return read_tidy(path.read_bytes(), label or path.name, catalog)
