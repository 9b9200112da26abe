"""Downloadable upload templates: every area of a division, one empty column per year (and sex).

A template carries what the reader needs to read it back as columns repeated on every row
(``kommun``, ``områdestyp``, ``indikator``, ``källa``) rather than in a second sheet or in
comment lines: columns survive Excel's "Save as CSV", re-sorting and copying rows into
another workbook, which a sheet or a comment would not. The XLSX file adds an "Info" sheet
for the person filling it in; the reader does not need it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from indicators.core.places import MUNICIPALITIES
from indicators.table.areas import AreaIndex
from indicators.table.catalog import Indicator
from indicators.table.schema import SEXES

CODE_COLUMN = "område_kod"
NAME_COLUMN = "område"
META_COLUMNS: tuple[str, ...] = ("kommun", "områdestyp", "indikator", "källa")
SEX_HEADERS: dict[str, str] = {"total": "totalt", "women": "kvinnor", "men": "män"}

INSTRUCTIONS_SV = (
    "Fyll i ett värde per område och år med decimalkomma (81,5). Lämna en cell tom om "
    "värdet inte ska lämnas in, skriv .. för ett skyddat värde (för få personer) och – för "
    "ett värde som saknas. Skriv källan i kolumnen källa. Ändra inte kolumnerna område_kod, "
    "kommun, områdestyp och indikator eller rubrikerna."
)
INSTRUCTIONS_EN = (
    "Enter one value per area and year (81.5 or 81,5). Leave a cell empty when the value "
    "is not being submitted, write .. for a suppressed value (too few people) and – for a "
    "missing one. Write the source in the column källa. Do not change the columns "
    "område_kod, kommun, områdestyp and indikator, or the headers."
)


def value_headers(years: Sequence[int], sexes: Sequence[str]) -> list[str]:
    """'2024' per year for totals only, else '2024 kvinnor', '2024 män' … per year and sex.

    >>> value_headers([2023, 2024], ["total"])
    ['2023', '2024']
    >>> value_headers([2024], ["women", "men"])
    ['2024 kvinnor', '2024 män']
    """
    if list(sexes) in ([], ["total"]):
        return [str(y) for y in years]
    return [f"{y} {SEX_HEADERS[s]}" for y in years for s in sexes]


def template_frame(
    areas: AreaIndex,
    city: str,
    area_type: str,
    indicator: Indicator,
    years: Sequence[int],
    sexes: Sequence[str],
    *,
    source: str = "",
) -> pd.DataFrame:
    """The template as text: ``område_kod``, ``område``, one empty column per year (and
    sex), then ``kommun``, ``områdestyp``, ``indikator`` and ``källa`` on every row."""
    names = areas.names(city, area_type)
    if not names:
        raise ValueError(f"no areas known for municipality {city!r} and area type {area_type!r}")
    if not years:
        raise ValueError("a template needs at least one year")
    unknown = [s for s in sexes if s not in SEXES]
    if unknown:
        raise ValueError(f"unknown sex {unknown}; use {', '.join(SEXES)}")
    frame = pd.DataFrame({CODE_COLUMN: list(names), NAME_COLUMN: list(names.values())})
    for header in value_headers(years, sexes):
        frame[header] = ""
    frame["kommun"] = city
    frame["områdestyp"] = area_type
    frame["indikator"] = indicator.id
    frame["källa"] = source
    return frame.astype(str)


def template_csv(
    areas: AreaIndex,
    city: str,
    area_type: str,
    indicator: Indicator,
    years: Sequence[int],
    sexes: Sequence[str],
    *,
    source: str = "",
) -> bytes:
    """The template as CSV for Swedish Excel: UTF-8 with BOM, semicolon-separated."""
    frame = template_frame(areas, city, area_type, indicator, years, sexes, source=source)
    return frame.to_csv(sep=";", index=False, lineterminator="\r\n").encode("utf-8-sig")


def _info_sheet(
    info: Worksheet, areas: AreaIndex, city: str, area_type: str, indicator: Indicator
) -> None:
    """Sheet "Info": what the template is for and how to fill it in, in Swedish and English."""
    division = areas.division(city, area_type)
    validity = (
        (division.validity_text("sv"), division.validity_text("en")) if division else ("", "")
    )
    rows = [
        ("Fält", "Field", "Värde / Value"),
        ("Kommun", "Municipality", f"{city} {MUNICIPALITIES.get(city, '')}".strip()),
        ("Områdestyp", "Area type", area_type),
        ("Indelningen gäller", "Division in force", f"{validity[0]} / {validity[1]}"),
        ("Indikator", "Indicator", indicator.id),
        ("Namn", "Name", f"{indicator.name_sv} / {indicator.name_en}"),
        ("Enhet", "Unit", f"{indicator.unit_sv} / {indicator.unit_en}"),
        ("Decimaler", "Decimals", str(indicator.decimals)),
        ("Definition", "Definition", indicator.description_sv),
        ("", "", indicator.description_en),
        ("Instruktioner", "Instructions", INSTRUCTIONS_SV),
        ("", "", INSTRUCTIONS_EN),
    ]
    for row in rows:
        info.append(list(row))
    for j in (1, 2, 3):
        info.cell(1, j).font = Font(bold=True)
    info.column_dimensions["A"].width = 20
    info.column_dimensions["B"].width = 20
    info.column_dimensions["C"].width = 100


def template_xlsx(
    areas: AreaIndex,
    city: str,
    area_type: str,
    indicator: Indicator,
    years: Sequence[int],
    sexes: Sequence[str],
    *,
    source: str = "",
) -> bytes:
    """The template as an Excel workbook: sheet "Data" to fill in, sheet "Info" explaining it."""
    frame = template_frame(areas, city, area_type, indicator, years, sexes, source=source)
    book = Workbook()
    data = book.active
    data.title = "Data"
    data.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        data.append(list(row))
    bold = Font(bold=True)
    number = "0" if indicator.decimals == 0 else "0." + "0" * indicator.decimals
    values = set(value_headers(years, sexes))
    for j, header in enumerate(frame.columns, start=1):
        data.cell(1, j).font = bold
        letter = get_column_letter(j)
        width = max(len(header), *(len(str(v)) for v in frame[header])) + 2
        data.column_dimensions[letter].width = min(width, 40)
        # Codes stay text ('01' must not become 1); values get the indicator's decimals.
        fmt = number if header in values else "@"
        for i in range(2, len(frame) + 2):
            data.cell(i, j).number_format = fmt
    data.freeze_panes = "C2"

    _info_sheet(book.create_sheet("Info"), areas, city, area_type, indicator)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
