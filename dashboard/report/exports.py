"""Export files that need no plotting: CSV and XLSX for Swedish Excel, and alt text inside images.

The data behind a figure leaves the app as

- **CSV**: UTF-8 with BOM, semicolon, decimal comma, CRLF: what Swedish Excel opens by a
  double click with å ä ö and numbers intact. The file is a plain table (one header line),
  because Excel, R and Power BI read a plain table best; each row carries its own source
  and note ("Exempeldata – inte officiell statistik" on every synthetic row), and the
  title, selection, date and link are in the XLSX and in the image's footer.
- **XLSX**: the same table under a metadata block (title, selection, unit, sources,
  retrieval date, link, notes, the example-data note), with the workbook's properties set.

Every text cell of both is neutralised against formula injection: a cell beginning with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe
(OWASP, "CSV injection"), so that a district name or a source line from an uploaded file
can never run as a formula.

Images carry their description (alt text) where the format allows: an iTXt chunk in PNG,
``<title>``/``<desc>`` in SVG, the document's Title/Subject (and language) in PDF.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import struct
import unicodedata
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from dashboard.report.i18n import TEXTS, t
from indicators.core.provenance import ROLE_NAMES, Provenance

#: The example-data note, both languages: the catalogue's entry, under the name exports use.
SYNTHETIC_NOTE = TEXTS["synthetic_note"]
#: The first characters that make a spreadsheet read a cell as a formula (or a DDE call).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
APP_NAME = "Jämlik stad"


@dataclass(frozen=True)
class ExportMeta:
    """What an exported figure or table says about itself, already in the reader's language."""

    title: str
    selection: str  # the subtitle: city, area type, year, sex …
    unit: str
    sources: tuple[str, ...]
    synthetic: bool
    date: dt.date
    permalink: str
    notes: tuple[str, ...] = ()
    lang: str = "sv"
    #: Generated description of the figure (alt text); empty for a table alone.
    description: str = ""
    #: The inputs by role (values, weights, ranking, reference, crosswalk). When given, it
    #: names the sources (one line per role) and makes the export example data if any input is.
    provenance: Provenance | None = None

    def __post_init__(self) -> None:
        if self.provenance is not None and self.provenance.synthetic and not self.synthetic:
            object.__setattr__(self, "synthetic", True)

    @property
    def synthetic_note(self) -> str | None:
        """The example-data note; naming the synthetic roles when only some inputs are."""
        if not self.synthetic:
            return None
        return synthetic_note(self.provenance, self.lang)

    def source_lines(self) -> tuple[str, ...]:
        """The sources as listed in a metadata block: one line per role when known."""
        if self.provenance:
            return tuple(self.provenance.lines(self.lang))
        return self.sources

    def label(self, key: str) -> str:
        """A label of the metadata block ('selection', 'unit', 'source', …) in the export's language."""
        return t(f"export_{key}", self.lang)


def synthetic_note(provenance: Provenance | None, lang: str = "sv") -> str:
    """The example-data note; when only some roles are synthetic, it says which.

    A map of real values weighted by an invented population is not "example data" as a
    whole, but a reader must know which part is.

    >>> real = Provenance.one("values", "Malmö stad", False)
    >>> synthetic_note(real | Provenance.one("weights", "Exempeldata", True))
    'Exempeldata – inte officiell statistik (befolkning/vikter)'
    >>> synthetic_note(Provenance.one("values", "Exempeldata", True), "en")
    'Example data – not official statistics'
    """
    lang = "en" if lang == "en" else "sv"
    note = SYNTHETIC_NOTE[lang]
    if provenance is None:
        return note
    roles = provenance.synthetic_roles()
    if not roles or set(roles) == set(provenance.roles()):
        return note
    return f"{note} ({', '.join(ROLE_NAMES[r][lang].lower() for r in roles)})"


def format_date(day: dt.date, lang: str = "sv") -> str:
    """The retrieval date as a reader writes it.

    >>> format_date(dt.date(2026, 11, 27))
    '27 november 2026'
    >>> format_date(dt.date(2026, 11, 27), "en")
    '27 November 2026'
    """
    return f"{day.day} {t(f'month_{day.month}', lang)} {day.year}"


def neutralise(value: object) -> object:
    """A text cell that cannot run as a formula in Excel or LibreOffice; other values as they are.

    >>> neutralise("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise("-1+2"), neutralise("Angered"), neutralise(-1.5)
    ("'-1+2", 'Angered', -1.5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.columns = [neutralise(str(c)) for c in frame.columns]
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(neutralise).astype(object)
    return out


def _with_synthetic_note(frame: pd.DataFrame, meta: ExportMeta | None) -> pd.DataFrame:
    """Synthetic data always carries its note: a column of it if no cell says so already."""
    if meta is None or not meta.synthetic:
        return frame
    note = SYNTHETIC_NOTE[meta.lang]
    text = frame.select_dtypes(exclude="number").astype(str)
    if text.apply(lambda col: col.str.contains(note, regex=False)).to_numpy().any():
        return frame
    return frame.assign(**{meta.label("notes"): meta.synthetic_note})


def _fixed(value: float, decimals: int) -> float:
    # Rounded as the page prints it (format_number: Python's fixed-point formatting), so an
    # exported 2,67 is never shown as 2,68 on the page.
    return float(f"{value:.{decimals}f}")


#: Decimals of a column: one number for the whole column, or one per row (a fact sheet's
#: table holds several indicators, each with its own decimals, in one value column).
Decimals = int | Sequence[int | None]


def round_for_export(frame: pd.DataFrame, decimals: Mapping[str, Decimals]) -> pd.DataFrame:
    """The table with each named column rounded to its decimals, as a statistician writes it.

    A column with 0 decimals becomes whole numbers (counts: ``39246``, never ``39246,0``);
    the decimals are kept in ``attrs["decimals"]``, so that ``csv_bytes`` writes trailing
    zeros (``1,60``) and ``xlsx_bytes`` gives each cell a number format of that many decimals.
    Columns not named, and names not in the table, are left as they are. Gap measures use
    one decimal more than their indicator (as the gap chart does).

    >>> t = round_for_export(pd.DataFrame({"v": [1.6, 3.5999999999999943], "n": [39246.0, None]}),
    ...                      {"v": 2, "n": 0})
    >>> t["v"].tolist(), t["n"].tolist(), t.attrs["decimals"]
    ([1.6, 3.6], [39246, <NA>], {'v': 2, 'n': 0})
    >>> round_for_export(pd.DataFrame({"v": [81.04, 1.0]}), {"v": [1, 2]}).attrs["decimals"]
    {'v': (1, 2)}
    """
    out = frame.copy()
    kept: dict[str, Decimals] = dict(frame.attrs.get("decimals", {}))
    for column, d in decimals.items():
        if column not in out.columns:
            continue
        values = pd.to_numeric(out[column], errors="coerce").astype("float64")
        per_row = [d] * len(values) if isinstance(d, int) else list(d)
        if len(per_row) != len(values):
            raise ValueError(f"{column!r}: {len(per_row)} decimals for {len(values)} rows")
        rounded = pd.Series(
            [
                v if math.isnan(v) or dd is None else _fixed(v, dd)
                for v, dd in zip(values, per_row, strict=True)
            ],
            index=values.index,
            dtype="float64",
        )
        whole = isinstance(d, int) and d == 0
        out[column] = rounded.round(0).astype("Int64") if whole else rounded
        kept[column] = d if isinstance(d, int) else tuple(per_row)
    out.attrs["decimals"] = kept
    return out


def _decimals(frame: pd.DataFrame) -> list[Decimals | None]:
    """The declared decimals of each column by position (None: not declared)."""
    declared = frame.attrs.get("decimals", {}) or {}
    return [declared.get(c) for c in frame.columns]


def _at(decimals: list[Decimals | None], column: int, row: int) -> int | None:
    """The decimals of one cell (0-based column and row), None when not declared."""
    d = decimals[column] if column < len(decimals) else None
    if d is None or isinstance(d, int):
        return d
    return d[row] if row < len(d) else None


def _csv_number(value: object, decimals: int | None) -> str:
    """One number as a CSV cell: fixed decimals when declared, else without binary artefacts."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    number = float(value)  # type: ignore[arg-type]
    if decimals is not None:
        text = f"{number:.{decimals}f}"
    elif float(number).is_integer():
        text = str(int(number))
    else:
        # 12 significant decimals: 3.5999999999999943 → 3.6, 0.1 + 0.2 → 0.3.
        text = np.format_float_positional(number, precision=12, unique=False, trim="-")
    return text.replace(".", ",")


def csv_bytes(frame: pd.DataFrame, meta: ExportMeta | None = None) -> bytes:
    """The table as Swedish Excel opens it: UTF-8 with BOM, ``;``, decimal comma, CRLF.

    A plain table with one header line; numbers stay numbers (no thousands separator),
    written with the decimals ``round_for_export`` declared (``1,60``) and never with
    binary artefacts (``3,5999999999999943``, ``39246,0``); missing values are empty cells
    (never zero).

    >>> data = csv_bytes(pd.DataFrame({"Område": ["Högsbo", "=1+1"], "Värde": [81.25, None]}))
    >>> data[:3] == b"\\xef\\xbb\\xbf"
    True
    >>> data[3:].decode("utf-8").splitlines()
    ['Område;Värde', 'Högsbo;81,25', "'=1+1;"]
    """
    decimals = _decimals(frame)
    table = _neutralised(_with_synthetic_note(frame, meta))
    for k, column in enumerate(table.columns):
        series = table.iloc[:, k]
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            continue
        table[column] = pd.Series(
            [_csv_number(v, _at(decimals, k, i)) for i, v in enumerate(series)],
            index=series.index,
            dtype=object,
        )
    text = table.to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


#: One line of an .xlsx file's metadata block: its label (empty for the title), its
#: value and its font (``None``: the default).
MetaRow = tuple[str, str, Font | None]


def _metadata_rows(meta: ExportMeta) -> list[MetaRow]:
    """Title, selection, unit, sources, date, link, notes and the example-data note."""
    rows: list[MetaRow] = [
        ("", meta.title, Font(bold=True, size=14)),
        (meta.label("selection"), meta.selection, None),
        (meta.label("unit"), meta.unit, None),
    ]
    rows += [(meta.label("source"), source, None) for source in meta.source_lines() or ("–",)]
    rows.append((meta.label("retrieved"), meta.date.isoformat(), None))
    if meta.permalink:
        rows.append((meta.label("link"), meta.permalink, None))
    rows += [(meta.label("notes"), note, None) for note in meta.notes]
    if meta.synthetic_note:
        rows.append((meta.label("notes"), meta.synthetic_note, Font(bold=True, color="8A1C00")))
    return rows


def _write_metadata(ws: Worksheet, meta: ExportMeta) -> int:
    """The metadata block from the first row, as text; returns the number of its rows."""
    rows = _metadata_rows(meta)
    for r, (label, value, font) in enumerate(rows, start=1):
        if label:
            ws.cell(row=r, column=1, value=neutralise(label)).font = Font(bold=True)
        cell = ws.cell(row=r, column=2 if label else 1, value=neutralise(value))
        cell.data_type = "s"
        if font is not None:
            cell.font = font
        if label == meta.label("link"):
            cell.hyperlink = meta.permalink
            cell.font = Font(color="0563C1", underline="single")
    return len(rows)


def _write_header(ws: Worksheet, columns: pd.Index, row: int) -> None:
    """The table's header: bold text on grey, wrapped."""
    fill = PatternFill("solid", fgColor="E8E8E8")
    for c, name in enumerate(columns, start=1):
        cell = ws.cell(row=row, column=c, value=name)
        cell.data_type = "s"
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_cell(ws: Worksheet, row: int, column: int, value: object, decimals: int | None) -> None:
    """One table cell: empty for a missing value, text as text, a number with its decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return
    if value is pd.NA or value is pd.NaT:
        return
    value = value.item() if hasattr(value, "item") else value
    if isinstance(value, float) and decimals is None:
        value = float(_csv_number(value, None).replace(",", "."))  # no binary artefacts
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif decimals is not None and not isinstance(value, bool):
        cell.number_format = "0" if decimals == 0 else "0." + "0" * decimals


def _frame_table(ws: Worksheet, table: pd.DataFrame, header_row: int) -> None:
    """The header frozen and filtered, each column as wide as its text (10–50 characters)."""
    last = header_row + len(table)
    if len(table.columns):
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        ws.auto_filter.ref = (
            f"A{header_row}:{get_column_letter(len(table.columns))}{max(last, header_row)}"
        )
    for c, name in enumerate(table.columns, start=1):
        longest = max([len(str(name)), *(len(str(v)) for v in table.iloc[:200, c - 1])])
        ws.column_dimensions[get_column_letter(c)].width = min(max(10, longest + 2), 50)


def _set_properties(wb: Workbook, meta: ExportMeta) -> None:
    """The workbook's document properties: title, subject, creator, sources and notes, link."""
    wb.properties.title = meta.title
    wb.properties.subject = meta.selection
    wb.properties.creator = APP_NAME
    wb.properties.description = "\n".join(
        [*meta.source_lines(), *meta.notes, *([meta.synthetic_note] if meta.synthetic else [])]
    )
    wb.properties.identifier = meta.permalink or None


def xlsx_bytes(frame: pd.DataFrame, meta: ExportMeta) -> bytes:
    """The table under a metadata block: title, selection, unit, sources, date, link, notes.

    The table's header is frozen and filtered; the first rows say what the numbers are, so
    that a sheet forwarded alone still says where it came from and whether it is example
    data. Returns the bytes of an .xlsx workbook with one sheet.
    """
    decimals = _decimals(frame)
    table = _neutralised(_with_synthetic_note(frame, meta))
    wb = Workbook()
    ws = wb.active
    ws.title = meta.label("sheet")
    header_row = _write_metadata(ws, meta) + 2
    _write_header(ws, table.columns, header_row)
    for i, record in enumerate(table.itertuples(index=False)):
        for c, value in enumerate(record, start=1):
            _write_cell(ws, header_row + 1 + i, c, value, _at(decimals, c - 1, i))
    _frame_table(ws, table, header_row)
    _set_properties(wb, meta)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def permalink(base: str, path: str, params: Mapping[str, str]) -> str:
    """The address that reopens a view: base URL, page path and the view's query parameters.

    >>> permalink("http://127.0.0.1:8501/", "karta", {"city": "1480", "year": "2024"})
    'http://127.0.0.1:8501/karta?city=1480&year=2024'
    """
    url = base.rstrip("/")
    if path:
        url += "/" + path.strip("/")
    query = urlencode({k: v for k, v in params.items() if v is not None}, safe=",-")
    return f"{url}?{query}" if query else url


def file_stem(*parts: object) -> str:
    """A file name without å ä ö or spaces, from the parts of a selection.

    >>> file_stem("Medellivslängd", "Göteborg", "primaromrade", 2024, "karta")
    'medellivslangd-goteborg-primaromrade-2024-karta'
    """
    words = []
    for part in parts:
        if part is None or part == "":
            continue
        # å → a, ö → o: the letter without its mark; anything else not a-z0-9 is a dash.
        bare = "".join(
            c for c in unicodedata.normalize("NFKD", str(part)) if not unicodedata.combining(c)
        )
        word = re.sub(r"[^a-z0-9]+", "-", bare.lower()).strip("-")
        if word:
            words.append(word)
    return "-".join(words)[:120].strip("-") or "export"


# --- alt text inside images -------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _itxt(keyword: str, text: str) -> bytes:
    # keyword, no compression, no language tag, no translated keyword, UTF-8 text
    return _png_chunk(b"iTXt", keyword.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8"))


def png_with_text(data: bytes, texts: Mapping[str, str]) -> bytes:
    """The PNG with iTXt chunks (e.g. Title, Description) before its image data; pixels untouched."""
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG file")
    pos = len(PNG_SIGNATURE)
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        if data[pos + 4 : pos + 8] == b"IDAT":
            break
        pos += 12 + length
    chunks = b"".join(_itxt(k, v) for k, v in texts.items() if v)
    return data[:pos] + chunks + data[pos:]


def svg_with_text(data: bytes, title: str, description: str) -> bytes:
    """The SVG with ``<title>`` and ``<desc>`` as the root's first children (read by screen readers)."""
    text = data.decode("utf-8")
    start = text.find("<svg")
    end = text.find(">", start)
    if start < 0 or end < 0:
        raise ValueError("not an SVG file")
    head = text[:end]
    if "role=" not in head:
        head += ' role="img"'
    inserted = f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
    return (head + ">" + inserted + text[end + 1 :]).encode("utf-8")


def _pdf_info(title: str, description: str) -> dict[str, str]:
    return {"/Title": title, "/Subject": description, "/Creator": APP_NAME, "/Producer": APP_NAME}


def pdf_with_text(data: bytes, title: str, description: str, lang: str = "sv") -> bytes:
    """The PDF with its document Title, Subject (the description) and language set."""
    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.add_metadata(_pdf_info(title, description))
    writer._root_object[NameObject("/Lang")] = TextStringObject("sv-SE" if lang == "sv" else "en")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def with_description(
    data: bytes, fmt: str, title: str, description: str, lang: str = "sv"
) -> bytes:
    """An image file of ``fmt`` (png, svg, pdf) with its title and description embedded."""
    if fmt == "png":
        return png_with_text(data, {"Title": title, "Description": description})
    if fmt == "svg":
        return svg_with_text(data, title, description)
    if fmt == "pdf":
        return pdf_with_text(data, title, description, lang)
    raise ValueError(f"no description can be embedded in {fmt!r}")


def merge_pdfs(
    pages: Iterable[tuple[str, bytes]], title: str, description: str, lang: str = "sv"
) -> bytes:
    """One PDF of several (a city report), each part with a bookmark named by ``pages``' labels."""
    writer = PdfWriter()
    for label, data in pages:
        writer.append(PdfReader(io.BytesIO(data)), outline_item=label)
    writer.add_metadata(_pdf_info(title, description))
    writer._root_object[NameObject("/Lang")] = TextStringObject("sv-SE" if lang == "sv" else "en")
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
