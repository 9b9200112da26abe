"""Bytes → text cells: decoding, text tables and workbooks, title lines and notes, the size limit.

Every reader of a user's table takes its separator from ``ingest.dialect.sniff_dialect``: the
upload reader (here), the strict package reader (``ingest.tidy``) and ``jamlik gaps``, so a
file reads the same way wherever it is given. The sniffer has a module of its own, without
pandas, so that ``jamlik gaps`` does not load pandas to read a small table.

Why no library for encoding and dialect detection. charset-normalizer (already installed,
through requests) and ``csv.Sniffer`` were tried on the corpus in ``tests/data`` and on the
short files officials type. charset-normalizer reads a short Swedish Windows-1252 file
("Område;År;Värde") as cp1250 and turns it into "Omrĺde;Ĺr", and needs about 0.7 s for a
5 MB file that the fixed order below decodes in under 10 ms. ``csv.Sniffer`` gives up
("Could not determine delimiter") on Göteborg's semicolon export with a title line above
the table. The files come from a few known programs (Excel's "CSV", "CSV UTF-8" and
"Unicode text", PxWeb, SCB), so a fixed order of encodings and a field-count rule over the
first 50 lines are both right more often and cheaper than a general detector.
"""

from __future__ import annotations

import codecs
import csv
import io
import re

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from indicators.core import settings
from indicators.core.problems import ProblemsError
from indicators.ingest.dialect import SAMPLE_LINES, header_row, sniff_dialect, split_lines
from indicators.ingest.workbook import MAX_COLUMNS, check_zip, sheet_rows

# Refused before parsing (declared with the settings: boundary files share it).
MAX_UPLOAD_BYTES = settings.MAX_UPLOAD_BYTES

#: pandas' name for an empty header cell.
UNNAMED = re.compile(r"^Unnamed: \d+$")


def too_large(file: str, size: int, max_bytes: int = MAX_UPLOAD_BYTES) -> ProblemsError:
    """The file is over ``max_bytes``: refused before anything is parsed."""
    mb, limit = size / 2**20, max_bytes / 2**20
    return ProblemsError.at(file, "file_too_large", value=f"{mb:.1f} MB", limit=limit)


def unreadable_workbook(file: str, err: Exception) -> ProblemsError:
    """openpyxl could not open the workbook (damaged, or not a workbook at all)."""
    return ProblemsError.at(file, "unreadable_workbook", error=err)


# -- decoding --------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """Text of a CSV: UTF-16 with a BOM (Excel's 'Unicode text'), else UTF-8 with or without
    BOM, else Windows-1252 (Swedish Excel's 'CSV'), else Latin-1, which decodes any bytes."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def decode_utf8(data: bytes, file: str) -> str:
    """Text of a file that must be UTF-8 (the package format); refused with the bad line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ProblemsError.at(file, "not_utf8", row=line) from None


# -- the upload reader's cells ---------------------------------------------------------------


def _check_width(text: str, sep: str, file: str) -> None:
    """Refuse a table wider than ``MAX_COLUMNS`` from its first lines, before pandas makes a
    column of each field (a 2.9 MB file of 300,000 columns took minutes; issue 12 F1)."""
    lines = io.StringIO(text)
    for _ in range(SAMPLE_LINES):
        line = lines.readline()
        if not line:
            return
        width = line.count(sep) + 1  # quotes ignored: a bound, which is all a limit needs
        if width > MAX_COLUMNS:
            fields = split_lines([line], sep)
            width = max((len(f) for f in fields), default=0)
            if width > MAX_COLUMNS:
                raise ProblemsError.at(
                    file, "too_many_columns", value=str(width), limit=MAX_COLUMNS
                )


def _read_text_table(data: bytes, file: str) -> tuple[pd.DataFrame, np.ndarray]:
    text = decode(data)
    if "\x00" in text:
        raise ProblemsError.at(file, "not_a_table_file")
    if not text.strip():
        raise ProblemsError.at(file, "file_empty")
    dialect = sniff_dialect(text)
    sep, skip = dialect.separator, dialect.header_row
    _check_width(text, sep, file)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            skiprows=skip,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,  # so that row i is line skip + 2 + i
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error) as err:
        m = re.search(r"line (\d+)", str(err))
        line = skip + int(m.group(1)) if m else None
        raise ProblemsError.at(
            file, "unreadable_table", row=line, separator=sep, error=err
        ) from None
    return frame, np.arange(len(frame)) + skip + 2


def _sheet_cells(data: bytes, file: str, sheet: str | None) -> pd.DataFrame:
    """Every cell of the sheet as text, its leading rows kept, read as a stream within
    ``ingest.workbook``'s limits."""
    try:
        rows = sheet_rows(data, file, sheet)
    except ProblemsError:
        raise
    except Exception as err:  # openpyxl raises many types for a damaged workbook
        raise unreadable_workbook(file, err) from None
    if not rows:
        raise ProblemsError.at(file, "empty_sheet")
    return pd.DataFrame(rows, dtype=str)


def _read_workbook(data: bytes, file: str, sheet: str | None) -> tuple[pd.DataFrame, np.ndarray]:
    cells = _sheet_cells(data, file, sheet)
    head = header_row(cells.head(SAMPLE_LINES).to_numpy().tolist())
    header: list[str] = []
    taken: set[str] = set()  # a set, not the list: linear in the number of columns
    for i, value in enumerate(cells.iloc[head]):
        name = str(value).strip() or f"Unnamed: {i}"
        unique, n = name, 0
        while unique in taken:  # as pandas names a repeated CSV header: 'a', 'a.1', 'a.2'
            n += 1
            unique = f"{name}.{n}"
        taken.add(unique)
        header.append(unique)
    frame = cells.iloc[head + 1 :].reset_index(drop=True)
    frame.columns = header
    return frame, np.arange(len(frame)) + head + 2  # row i is sheet row head + 2 + i


def is_workbook(data: bytes, file: str) -> bool:
    """An XLSX file, by its zip signature or its name."""
    return data.startswith(b"PK\x03\x04") or file.lower().endswith((".xlsx", ".xlsm"))


def _trim(frame: pd.DataFrame, lines: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """Stripped cells without empty columns and rows, or notes under the table."""
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.astype(str).apply(lambda s: s.str.strip())
    # Excel leaves empty columns and rows around a table; they say nothing.
    blank = [c for c in frame.columns if UNNAMED.match(c) and not (frame[c] != "").any()]
    frame = frame.drop(columns=blank)
    filled = (frame != "").sum(axis=1).to_numpy()
    # Notes under the table ('Källa: SCB', '.. = uppgift saknas') fill one cell per line.
    notes = filled <= 1
    end = len(notes) - int(np.argmin(notes[::-1])) if not notes.all() else 0
    keep = (filled > 0) & (np.arange(len(frame)) < end)
    return frame[keep].reset_index(drop=True), lines[keep]


def read_cells_and_lines(
    data: bytes, file: str, sheet: str | None = None, max_bytes: int | None = None
) -> tuple[pd.DataFrame, np.ndarray]:
    """The table's cells as stripped text, and the file line (sheet row) of each row.

    Files over ``max_bytes`` (default ``MAX_UPLOAD_BYTES``) are refused before parsing.
    """
    limit = MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    if len(data) > limit:
        raise too_large(file, len(data), limit)
    if is_workbook(data, file):
        frame, lines = _read_workbook(data, file, sheet)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ProblemsError.at(file, "old_excel")
    else:
        frame, lines = _read_text_table(data, file)
    return _trim(frame, lines)


def read_cells(data: bytes, file_name: str, sheet: str | None = None) -> pd.DataFrame:
    """A file's table as ``read_upload`` sees it: text cells, stripped, without title lines
    above or notes below. For ``detect_columns`` and a preview; raises ``ProblemsError``."""
    return read_cells_and_lines(data, file_name, sheet)[0]


def sheet_names(data: bytes) -> list[str]:
    """The sheets of an Excel workbook, in order; empty for anything else."""
    if not data.startswith(b"PK\x03\x04"):
        return []
    try:
        check_zip(data, "")  # a bomb's shared strings are unpacked when the book is opened
        book = load_workbook(io.BytesIO(data), read_only=True, keep_links=False)
        names = [str(n) for n in book.sheetnames]
        book.close()
        return names
    except Exception:  # a damaged workbook or a bomb: read_upload says what is wrong with it
        return []
