"""Write the reader's test corpus: small, realistic, messy files as officials have them.

Run ``python tests/data/make_corpus.py`` from the repository root to rewrite the files in
this folder; the output is byte-for-byte the same on every run (workbooks get fixed zip and
document dates). The values are invented for the tests; the area codes and names are the
data package's. ``tests/indicators/test_reading_corpus.py`` checks that the committed files
are what this script writes.
"""

from __future__ import annotations

import io
import os
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook, load_workbook

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from indicators.ingest.templates import template_csv, template_xlsx  # noqa: E402
from indicators.table.areas import AreaIndex  # noqa: E402
from indicators.table.catalog import read_catalog  # noqa: E402
from indicators.table.package import read_package  # noqa: E402

DATA = Path(os.environ.get("JAMLIK_DATA") or REPO.parent / "shared" / "data").resolve()
FIXED = (2025, 1, 1, 0, 0, 0)


def fixed_zip(data: bytes) -> bytes:
    """A workbook with fixed dates in its zip entries and document properties."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                body = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2025-01-01T00:00:00Z", body)
            info = zipfile.ZipInfo(item.filename, date_time=FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, body)
    return out.getvalue()


def saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return fixed_zip(out.getvalue())


def lines(*rows: str) -> str:
    return "\r\n".join(rows) + "\r\n"


def goteborg_semicolon_cp1252() -> bytes:
    """Swedish Excel's 'CSV (semikolonavgränsad)': Windows-1252, decimal commas, a title
    line above the table and a note below it, areas as 'code name'."""
    return lines(
        "Medellivslängd vid födseln efter primärområde och kön, 2024",
        ";;;",
        "Primärområde;År;Kön;Värde",
        "101 Kungsladugård;2024;Kvinnor;84,1",
        "101 Kungsladugård;2024;Män;80,3",
        "102 Sanna;2024;Kvinnor;83,2",
        "102 Sanna;2024;Män;79,8",
        "103 Majorna;2024;Kvinnor;84,6",
        "103 Majorna;2024;Män;80,1",
        ";;;",
        "Källa: Göteborgs Stad, bearbetning av SCB-data;;;",
    ).encode("cp1252")


def malmo_wide_workbook() -> bytes:
    """A wide table, one column per year, on the second sheet of a workbook, under a title."""
    book = Workbook()
    about = book.active
    about.title = "Om tabellen"
    about.append(["Medellivslängd per delområde, Malmö"])
    about.append(["Uppgifterna är påhittade för tester."])
    sheet = book.create_sheet("Medellivslängd")
    sheet.append(["Medellivslängd (år), båda könen"])
    sheet.append([])
    sheet.append(["Delområde", "2022", "2023", "2024"])
    for name, base in [
        ("Västra Hamnen", 84.2),
        ("Inre Hamnen", 82.5),
        ("Fridhem", 85.1),
        ("Ribersborg", 84.8),
    ]:
        sheet.append([name, base, round(base + 0.2, 1), round(base + 0.3, 1)])
    return saved(book)


def stockholm_english_headers() -> bytes:
    """English headers, comma-separated UTF-8 without BOM, confidence limits and a source."""
    return lines(
        "District,Year,Sex,Value,CI lower,CI upper,Source",
        "Bromma,2024,Women,86.1,85.2,87.0,Stockholms stad",
        "Bromma,2024,Men,82.9,81.9,83.9,Stockholms stad",
        "Farsta,2024,Women,84.0,83.0,85.0,Stockholms stad",
        "Farsta,2024,Men,80.2,79.1,81.3,Stockholms stad",
        "Skärholmen,2024,Women,83.1,81.8,84.4,Stockholms stad",
        "Skärholmen,2024,Men,79.0,77.7,80.3,Stockholms stad",
    ).encode("utf-8")


def goteborg_tab_utf16() -> bytes:
    """Excel's 'Unicode text': UTF-16 with BOM, tab-separated, decimal commas."""
    return lines(
        "Mellanområde\tÅr\tVärde",
        "Östra Angered\t2024\t241,5",
        "Bergsjön\t2024\t228,9",
        "Kortedala\t2024\t296,0",
        "Kungsladugård-Sanna\t2024\t371,2",
    ).encode("utf-16")


def malmo_markers() -> bytes:
    """Missing and suppressed markers in a wide table by year and sex, both header styles."""
    return lines(
        "Stadsområde;Kvinnor 2023;Män 2023;2024 kvinnor;2024 män",
        "Innerstaden;84,1;80,2;84,3;80,6",
        "Norr;..;x;85,0;",
        "Öster;–;-;;81,1",
        "Söder;86,0;82,4;86,2;82,5",
    ).encode("utf-8-sig")


def duplicates() -> bytes:
    """The same area twice: once by code and once by name with another value (a problem),
    once by name and once as 'code name' with the same value (said twice, kept once)."""
    return lines(
        "Område,År,Värde",
        "101,2024,81.5",
        "Kungsladugård,2024,82.0",
        "Sanna,2024,80.1",
        "102 Sanna,2024,80.1",
    ).encode("utf-8")


def unknown_area() -> bytes:
    """A typo in an area name: the reader suggests, never guesses."""
    return lines("Område;År;Värde", "Kungsladugåd;2024;81,5", "Majorna;2024;80,9").encode(
        "utf-8-sig"
    )


def division_not_in_force() -> bytes:
    """Stockholm's 11 stadsdelsområden (from 1 July 2023) used for 2015."""
    return lines(
        "Kommun;Områdestyp;Område;År;Värde",
        "0180;stadsdelsomrade_11;Järva;2015;79,1",
        "0180;stadsdelsomrade_11;Järva;2024;80,4",
    ).encode("utf-8-sig")


def implausible_life_expectancy() -> bytes:
    return lines(
        "område;år;värde",
        "Kungsladugård;2024;84,1",
        "Sanna;2024;120",
    ).encode("utf-8-sig")


def year_1950() -> bytes:
    return lines(
        "område;år;värde",
        "Kungsladugård;1950;68,2",
        "Sanna;2024;83,2",
    ).encode("utf-8-sig")


def tidy_package_format() -> bytes:
    """The canonical tidy CSV of DESIGN.md, with the package's extra municipality column."""
    return lines(
        "municipality_code,municipality,area_type,area_code,area_name,indicator,sex,year,"
        "value,ci_low,ci_high,flag,source",
        "1280,Malmö,stadsdel_10,fosie,Fosie,life_expectancy,women,2010,81.6,,,,Malmö stad",
        "1280,Malmö,stadsdel_10,fosie,Fosie,life_expectancy,men,2010,76.9,,,period:2006-2010,"
        "Malmö stad",
        "1280,Malmö,stadsdel_10,husie,Husie,life_expectancy,men,2010,,,,suppressed,Malmö stad",
    ).encode("utf-8")


def filled_template_csv(areas: AreaIndex, catalog: dict) -> bytes:
    """The CSV template for Göteborg's stadsområden, filled in as an official would:
    values typed in Excel, one cell left empty, one suppressed."""
    template = template_csv(
        areas,
        "1480",
        "stadsomrade_4",
        catalog["life_expectancy"],
        [2023, 2024],
        ["women", "men"],
        source="Göteborgs Stad",
    )
    values = {
        "01": ["80,9", "76,1", "81,2", "76,5"],
        "02": ["84,0", "80,1", "84,2", ""],
        "03": ["84,8", "81,0", "..", "81,3"],
        "04": ["83,1", "79,2", "83,4", "79,6"],
    }
    rows = template.decode("utf-8-sig").split("\r\n")
    for i, row in enumerate(rows[1:], start=1):
        cells = row.split(";")
        if cells and cells[0] in values:
            cells[2:6] = values[cells[0]]
            rows[i] = ";".join(cells)
    return "\r\n".join(rows).encode("utf-8-sig")


def filled_template_xlsx(areas: AreaIndex, catalog: dict) -> bytes:
    """The Excel template for Malmö's stadsområden, filled in with numbers in Excel."""
    template = template_xlsx(
        areas, "1280", "stadsomrade_5", catalog["median_income"], [2024], ["total"]
    )
    book = load_workbook(io.BytesIO(template))
    sheet = book["Data"]
    header = [c.value for c in sheet[1]]
    year, source = header.index("2024") + 1, header.index("källa") + 1
    for row, value in zip(
        range(2, sheet.max_row + 1), [301.4, 262.0, 244.7, 298.3, 310.9], strict=True
    ):
        sheet.cell(row, year).value = value
        sheet.cell(row, source).value = "SCB, Malmö stad"
    return saved(book)


def corpus() -> dict[str, Callable[[], bytes]]:
    """File name → a function writing its bytes."""
    package = read_package(DATA)
    catalog = read_catalog(package.catalog.path)
    areas = AreaIndex.from_package(package)
    return {
        "goteborg_medellivslangd_semikolon_cp1252.csv": goteborg_semicolon_cp1252,
        "malmo_delomraden_brett.xlsx": malmo_wide_workbook,
        "stockholm_english_headers.csv": stockholm_english_headers,
        "goteborg_tabb_unicode.txt": goteborg_tab_utf16,
        "malmo_saknade_och_skyddade.csv": malmo_markers,
        "dubbletter.csv": duplicates,
        "okant_omrade.csv": unknown_area,
        "indelning_fel_ar.csv": division_not_in_force,
        "orimlig_medellivslangd.csv": implausible_life_expectancy,
        "ar_1950.csv": year_1950,
        "tidy_paketformat.csv": tidy_package_format,
        "mall_goteborg_stadsomrade_4_ifylld.csv": lambda: filled_template_csv(areas, catalog),
        "mall_malmo_stadsomrade_5_ifylld.xlsx": lambda: filled_template_xlsx(areas, catalog),
    }


def main() -> None:
    for name, make in corpus().items():
        data = make()
        assert len(data) < 20_000, f"{name} is {len(data)} bytes; keep corpus files small"
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
