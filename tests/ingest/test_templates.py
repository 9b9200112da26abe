"""Upload templates: every area filled in, one column per year (and sex), read back unchanged."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from indicators.ingest.templates import template_csv, template_frame, template_xlsx
from indicators.ingest.upload import read_upload


def test_the_frame_has_every_area_and_a_column_per_year_and_sex(areas, catalog):
    frame = template_frame(
        areas, "1480", "stadsomrade_4", catalog["life_expectancy"], [2023, 2024], ["women", "men"]
    )
    assert list(frame.columns) == [
        "område_kod",
        "område",
        "2023 kvinnor",
        "2023 män",
        "2024 kvinnor",
        "2024 män",
        "kommun",
        "områdestyp",
        "indikator",
        "källa",
    ]
    assert frame[["område_kod", "område"]].values.tolist() == [
        ["01", "Nordost"],
        ["02", "Centrum"],
        ["03", "Sydväst"],
        ["04", "Hisingen"],
    ]
    assert set(frame["2024 män"]) == {""}
    assert set(frame["kommun"]) == {"1480"} and set(frame["indikator"]) == {"life_expectancy"}


def test_totals_only_have_plain_year_headers(areas, catalog):
    frame = template_frame(areas, "1280", "stadsomrade_5", catalog["cni"], [2024], ["total"])
    assert list(frame.columns)[:3] == ["område_kod", "område", "2024"]


def test_csv_is_for_swedish_excel(areas, catalog):
    data = template_csv(areas, "1280", "stadsomrade_5", catalog["cni"], [2024], ["total"])
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel shows å ä ö
    header = data[3:].decode().splitlines()[0]
    assert header == "område_kod;område;2024;kommun;områdestyp;indikator;källa"


def test_xlsx_has_a_data_sheet_and_an_info_sheet(areas, catalog):
    data = template_xlsx(
        areas, "1480", "stadsomrade_4", catalog["median_income"], [2024], ["total"]
    )
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Data", "Info"]
    sheet = book["Data"]
    assert sheet["A2"].value == "01" and sheet["A2"].number_format == "@"  # a code stays text
    assert sheet["C2"].number_format == "0.0"  # the catalog's decimals
    info = {row[0]: row[2] for row in book["Info"].iter_rows(values_only=True) if row[0]}
    assert info["Indikator"] == "median_income"
    assert info["Enhet"] == "tkr / thousand SEK"
    assert info["Indelningen gäller"] == "från 2021-01-01 / from 2021-01-01"
    assert "Fyll i ett värde" in info["Instruktioner"]


def test_unknown_division_or_sex_is_a_programming_error(areas, catalog):
    with pytest.raises(ValueError, match="no areas known"):
        template_frame(areas, "1480", "stadsdel", catalog["cni"], [2024], ["total"])
    with pytest.raises(ValueError, match="unknown sex"):
        template_frame(areas, "1480", "primaromrade", catalog["cni"], [2024], ["both"])
    with pytest.raises(ValueError, match="at least one year"):
        template_frame(areas, "1480", "primaromrade", catalog["cni"], [], ["total"])


def _fill_csv(data: bytes, value: str) -> bytes:
    """Every value cell typed in, as Excel saves it (the template has no quoting to keep)."""
    text = data.decode("utf-8-sig")
    lines = text.split("\r\n")
    header = lines[0].split(";")
    values = [i for i, h in enumerate(header) if h[:4].isdigit()]
    for n, line in enumerate(lines[1:], start=1):
        if not line:
            continue
        cells = line.split(";")
        for i in values:
            cells[i] = value
        lines[n] = ";".join(cells)
    return "\r\n".join(lines).encode("utf-8-sig")


def test_every_division_of_the_package_round_trips(areas, catalog, package):
    """A filled-in template of each boundary division, for a year it was in force, reads
    back unchanged: every area, every year and sex, the codes and names of the package."""
    for res in package.boundaries:
        year = next(y for y in (2024, 2025, 2021, 2012) if res.in_force(y))
        city, area_type = res.municipality_code, res.area_type
        data = template_csv(
            areas,
            city,
            area_type,
            catalog["reading_grade3"],
            [year],
            ["women", "men"],
            source="Test",
        )
        frame = read_upload(_fill_csv(data, "75,5"), "mall.csv", catalog=catalog, areas=areas)
        names = areas.names(city, area_type)
        assert len(frame) == 2 * len(names), area_type
        assert set(frame["area_code"]) == set(names)
        assert dict(zip(frame["area_code"], frame["area_name"], strict=True)) == names
        assert set(frame["area_type"]) == {area_type} and set(frame["year"]) == {year}


def test_a_filled_in_xlsx_template_round_trips(areas, catalog):
    data = template_xlsx(
        areas,
        "1280",
        "geso_14",
        catalog["employment_rate"],
        [2023, 2024],
        ["total"],
        source="SCB",
    )
    book = load_workbook(io.BytesIO(data))
    sheet = book["Data"]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, 3).value = 70.0 + row / 10
        sheet.cell(row, 4).value = ".."
    out = io.BytesIO()
    book.save(out)
    frame = read_upload(out.getvalue(), "mall.xlsx", catalog=catalog, areas=areas)
    assert len(frame) == 2 * 14
    assert frame["flag"].value_counts().to_dict() == {"": 14, "suppressed": 14}
    assert frame.loc[0, ["area_code", "year", "value"]].tolist() == ["1", 2023, 70.2]
