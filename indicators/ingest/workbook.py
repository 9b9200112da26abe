"""XLSX sheets read as a stream within limits: unpacked size, zip ratio, filled extent, formulas.

Why not ``pd.read_excel``: it pads the sheet to its last cell before anything can be checked,
so a 1.6 KB workbook with one cell at XFD1048576 asked for about 137 GB (issue 12 F1), and it
reads a formula without a saved result as an empty cell (F9). Here the zip's directory is
checked before a byte is unpacked, openpyxl's read-only parser streams the sheet's XML (through
defusedxml: no entity expansion), and the table is allocated only once its filled extent is
known to be within ``MAX_COLUMNS`` and ``MAX_CELLS``.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

from indicators.core.problems import Problem, ProblemsError

#: The most a workbook may unpack to: a 50 MB upload of ordinary sheets unpacks to about 250 MB.
MAX_UNZIPPED_BYTES = 256 * 2**20
#: The most one part may grow when unpacked: Apache POI's default (an inflate ratio of 0.01).
#: Real sheets grow 5–20 times; the red team's 0.6 MB bomb grew 270 times.
MAX_ZIP_RATIO = 100
#: Parts smaller than this are never a bomb, whatever their ratio (an empty sheet is 100×).
_RATIO_FROM_BYTES = 2**20
#: The most columns a table may span: a wide table of every year 1968–2027 by three sexes has 180.
MAX_COLUMNS = 1000
#: The most cells the filled extent of a sheet may span (rows × columns): a 620,000-row tidy
#: table of 13 columns is 8 million.
MAX_CELLS = 10_000_000


def check_zip(data: bytes, file: str) -> None:
    """Refuse a workbook whose parts unpack too large, or grow like a zip bomb, from the
    zip's directory alone. A damaged zip is left for openpyxl to name."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FROM_BYTES and ratio > MAX_ZIP_RATIO:
            raise ProblemsError.at(
                file, "zip_ratio", value=f"{ratio:.0f}", limit=MAX_ZIP_RATIO, member=info.filename
            )
    if total > MAX_UNZIPPED_BYTES:
        limit = f"{MAX_UNZIPPED_BYTES / 2**20:.0f} MB"
        raise ProblemsError.at(
            file, "unzipped_too_large", value=f"{total / 2**20:.0f} MB", limit=limit
        )


class _Parser(WorkSheetParser):
    """openpyxl's sheet parser with saved results (``data_only``), noting each formula cell
    that has none: files written by scripts or by programs that do not calculate."""

    uncached: list[tuple[int, int]]

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell = super().parse_cell(element)
        if cell["value"] is None and element.find(FORMULA_TAG) is not None:
            self.uncached.append((cell["row"], cell["column"]))
        return cell


def _text(value: object) -> str:
    """A cell as text, as ``pd.read_excel(dtype=str)`` writes it: 2024.0 → '2024'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return str(value)  # '2024-01-01 00:00:00', as pandas' Timestamp
    return str(value)


def _filled_cells(parser: _Parser, file: str) -> dict[tuple[int, int], str]:
    """Every filled cell by (row, column), refusing as soon as one lies beyond the limits."""
    cells: dict[tuple[int, int], str] = {}
    max_col = 0
    for row, parsed in parser.parse():
        for cell in parsed:
            text = _text(cell["value"])
            if not text:
                continue
            col = cell["column"]
            if col > MAX_COLUMNS:
                raise ProblemsError.at(file, "too_many_columns", value=str(col), limit=MAX_COLUMNS)
            max_col = max(max_col, col)
            if row * max_col > MAX_CELLS:
                raise ProblemsError.at(
                    file, "too_many_cells", value=str(row * max_col), limit=MAX_CELLS
                )
            cells[row, col] = text
    return cells


def _uncached_problems(file: str, uncached: list[tuple[int, int]]) -> list[Problem]:
    return [
        Problem.at(
            file,
            "formula_without_value",
            row=row,
            column=get_column_letter(col),
            cell=f"{get_column_letter(col)}{row}",
        )
        for row, col in uncached
    ]


def sheet_rows(data: bytes, file: str, sheet: str | None) -> list[list[str]]:
    """Every cell of a sheet (the first, or ``sheet``) as text, row 1 first, to its last
    filled row and column; raises ``ProblemsError`` for a sheet beyond the limits, a missing
    sheet, or formulas without a saved result (naming each cell)."""
    check_zip(data, file)
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    try:
        names = [str(n) for n in book.sheetnames]
        if sheet is not None and sheet not in names:
            raise ProblemsError.at(file, "no_such_sheet", value=sheet, sheets=", ".join(names))
        ws = book[sheet or names[0]]
        # The read-only sheet's own row iterator pads every row to the sheet's declared width;
        # its parser, given the workbook's shared strings and date styles, does not.
        with ws._get_source() as source:
            parser = _Parser(
                source,
                ws._shared_strings,
                data_only=True,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            parser.uncached = []
            cells = _filled_cells(parser, file)
    finally:
        book.close()
    if parser.uncached:
        raise ProblemsError(_uncached_problems(file, parser.uncached))
    n_rows = max((r for r, _ in cells), default=0)
    n_cols = max((c for _, c in cells), default=0)
    rows = [[""] * n_cols for _ in range(n_rows)]
    for (r, c), text in cells.items():
        rows[r - 1][c - 1] = text
    return rows
