"""The red team's hostile files (issue 12 F1, F5, F9, F14): each is refused with a message
naming file, row, column and value in Swedish and English, and the store is not touched.

Timings of the F1 attacks, before and after: ``python bench/bench_hostile.py``.
"""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from indicators.core.problems import ProblemsError, Reason
from indicators.ingest import workbook
from indicators.ingest.upload import UploadDefaults, read_upload

GBG = UploadDefaults(
    municipality_code="1480", area_type="primaromrade", indicator="life_expectancy", source="SCB"
)


def _problems(data: bytes, catalog, areas, name="fil.csv", defaults=GBG):
    with pytest.raises(ProblemsError) as err:
        read_upload(data, name, catalog=catalog, areas=areas, defaults=defaults)
    return err.value.problems


def _where(p) -> tuple:
    return (p.row, p.column, p.value, p.reason)


# -- F14: years written as floats --------------------------------------------------------------


@pytest.mark.parametrize("year", ["2e3", "2.024e3", "2024.5", "0x7e8"])
def test_a_year_not_written_in_digits_is_refused(catalog, areas, year):
    (problem,) = _problems(f"Område;År;Värde\n101;{year};81\n".encode(), catalog, areas)
    assert _where(problem) == (2, "År", year, Reason.TYPE)
    assert "heltal skrivet med siffror" in problem.text("sv")
    assert "whole number written in digits" in problem.text("en")


def test_a_year_as_excel_writes_it_is_read(catalog, areas):
    frame = read_upload(
        b"Omr\xc3\xa5de;\xc3\x85r;V\xc3\xa4rde\n101;2024.0;81\n102;2024;82\n",
        "fil.csv",
        catalog=catalog,
        areas=areas,
        defaults=GBG,
    )
    assert frame["year"].tolist() == [2024, 2024]


# -- F1: workbooks and tables beyond the reader's limits -----------------------------------------


def _xlsx(**cells) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for ref, value in cells.items():
        wb.active[ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _with_sheet(sheet_xml: str) -> bytes:
    """A workbook whose first sheet is ``sheet_xml`` as written (a bomb, or raw formulas)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_xlsx(A1="x"))) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = sheet_xml.encode()
            dst.writestr(item.filename, body)
    return out.getvalue()


def _sheet(rows: str) -> str:
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return f'<worksheet xmlns="{ns}"><sheetData>{rows}</sheetData></worksheet>'


def test_one_cell_at_the_last_row_and_column_is_refused_before_padding(catalog, areas):
    # The review's 1.6 KB workbook: pandas padded it towards 1.7e10 cells (about 137 GB).
    data = _xlsx(A1="Område", B1="År", XFD1048576=1)
    (problem,) = _problems(data, catalog, areas, name="corner.xlsx")
    assert _where(problem) == (None, None, "16384", Reason.OUT_OF_RANGE)
    assert problem.text("sv") == (
        "corner.xlsx, värde '16384': tabellen har 16384 kolumner (högst 1000); "
        "ta bort tomma eller onödiga kolumner"
    )
    assert "the table has 16384 columns (at most 1000)" in problem.text("en")


def test_a_zip_bomb_is_refused_from_the_zip_directory(catalog, areas):
    # 200,000 cells of '<c><v>1</v></c>': 3 MB of XML packed into a few KB.
    row = "<c><v>1</v></c>" * 1000
    data = _with_sheet(_sheet("".join(f'<row r="{r}">{row}</row>' for r in range(1, 201))))
    assert len(data) < 60_000
    (problem,) = _problems(data, catalog, areas, name="bomb.xlsx")
    assert problem.reason is Reason.OUT_OF_RANGE
    assert "'xl/worksheets/sheet1.xml'" in problem.text("sv")
    assert "liknar en zip-bomb" in problem.text("sv")
    assert "looks like a zip bomb" in problem.text("en")
    assert int(problem.value) > workbook.MAX_ZIP_RATIO


def test_a_workbook_that_unpacks_too_large_is_refused(catalog, areas, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_UNZIPPED_BYTES", 10_000)
    (problem,) = _problems(_xlsx(A1="Område", B1="Värde"), catalog, areas, name="stor.xlsx")
    assert problem.reason is Reason.OUT_OF_RANGE
    assert "packas upp till" in problem.text("sv") and "at most 0 MB" in problem.text("en")


def test_a_sheet_spanning_too_many_cells_is_refused(catalog, areas, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_CELLS", 1000)
    data = _xlsx(A1="Område", B1="Värde", A600="101", B600=81)
    (problem,) = _problems(data, catalog, areas, name="lång.xlsx")
    assert _where(problem) == (None, None, "1200", Reason.OUT_OF_RANGE)
    assert "spans 1200 cells (at most 1000)" in problem.text("en")


@pytest.mark.parametrize("n", [1001, 300_000])
def test_a_csv_wider_than_the_limit_is_refused_before_pandas_reads_it(catalog, areas, n):
    # The review's 2.9 MB CSV of 300,000 columns ran for more than 300 s.
    data = (",".join(f"c{i}" for i in range(n)) + "\n" + ",".join("1" * n) + "\n").encode()
    (problem,) = _problems(data, catalog, areas, name="bred.csv")
    assert _where(problem) == (None, None, str(n), Reason.OUT_OF_RANGE)
    assert f"tabellen har {n} kolumner (högst 1000)" in problem.text("sv")


def test_a_thousand_columns_are_still_read(catalog, areas):
    header = ["Område", "År", "Värde", *(f"extra {i}" for i in range(997))]
    body = ["101", "2024", "81", *([""] * 997)]
    data = (";".join(header) + "\n" + ";".join(body) + "\n").encode()
    frame = read_upload(data, "fil.csv", catalog=catalog, areas=areas, defaults=GBG)
    assert frame["value"].tolist() == [81.0]


def test_repeated_headers_of_a_workbook_are_numbered_as_pandas_numbers_them():
    from indicators.ingest.cells import read_cells

    data = _xlsx(A1="År", B1="År", C1="År", D1="År.1", A2="1", B2="2", C2="3", D2="4")
    assert list(read_cells(data, "x.xlsx").columns) == ["År", "År.1", "År.2", "År.1.1"]


# -- F9: formulas without a saved result ---------------------------------------------------------


def test_formula_cells_without_a_saved_result_are_refused_and_named(catalog, areas):
    # The review's 16b file: Kungsladugård =80+1 and Sanna =B2, both with no cached value.
    data = _with_sheet(
        _sheet(
            '<row r="1"><c r="A1" t="inlineStr"><is><t>Område</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>2022</t></is></c></row>'
            '<row r="2"><c r="A2"><v>101</v></c><c r="B2"><f>80+1</f></c></row>'
            '<row r="3"><c r="A3"><v>102</v></c><c r="B3"><f>B2</f></c></row>'
            '<row r="4"><c r="A4"><v>103</v></c><c r="B4"><v>82.5</v></c></row>'
        )
    )
    problems = _problems(data, catalog, areas, name="16b.xlsx")
    assert [_where(p) for p in problems] == [
        (2, "B", None, Reason.TYPE),
        (3, "B", None, Reason.TYPE),
    ]
    assert (
        problems[0]
        .text("sv")
        .startswith("16b.xlsx, rad 2, kolumn 'B': cellen B2 har en formel utan sparat resultat")
    )
    assert "cell B3 holds a formula without a saved result" in problems[1].text("en")


def test_a_formula_with_its_saved_result_is_read_as_the_result(catalog, areas):
    data = _with_sheet(
        _sheet(
            '<row r="1"><c r="A1" t="inlineStr"><is><t>Område</t></is></c>'
            '<c r="B1"><v>2022</v></c></row>'
            '<row r="2"><c r="A2"><v>101</v></c><c r="B2"><f>80+1</f><v>81</v></c></row>'
        )
    )
    frame = read_upload(data, "f.xlsx", catalog=catalog, areas=areas, defaults=GBG)
    assert frame[["area_code", "year", "value"]].values.tolist() == [["101", 2022, 81.0]]


# -- F5: implausible counts and incomes, long text, direction controls ---------------------------


@pytest.mark.parametrize(
    ("indicator", "value", "rule"),
    [
        ("population", "1e308", "ett heltal mellan 0 och 2e+07"),
        ("median_income", "1e300", "mellan 0 och 100000"),
        ("mean_income_secondary", "2e8", "mellan 0 och 1e+08"),
    ],
)
def test_counts_and_incomes_beyond_any_district_are_refused(catalog, areas, indicator, value, rule):
    defaults = UploadDefaults("1480", "primaromrade", indicator, source="SCB")
    data = f"Område;År;Värde\n101;2024;{value}\n".encode()
    (problem,) = _problems(data, catalog, areas, defaults=defaults)
    assert _where(problem) == (2, "Värde", value, Reason.OUT_OF_RANGE)
    assert rule in problem.text("sv")


def test_a_source_over_500_characters_is_refused_once(catalog, areas):
    long = "S" * 51_200  # the review's 50 KB source, given in the form
    defaults = UploadDefaults("1480", "primaromrade", "life_expectancy", source=long)
    data = b"Omr\xc3\xa5de;\xc3\x85r;V\xc3\xa4rde\n101;2024;81\n102;2024;82\n"
    (problem,) = _problems(data, catalog, areas, defaults=defaults)
    assert (problem.row, problem.column, problem.reason) == (None, "source", Reason.OUT_OF_RANGE)
    assert len(problem.value) == 200 and problem.value.endswith("…")
    assert "texten är för lång (51200 tecken; högst 500)" in problem.text("sv")
    assert "the text is too long (51200 characters; at most 500)" in problem.text("en")


def test_a_long_source_in_a_column_is_refused_at_its_row(catalog, areas):
    data = f"Område;År;Värde;Källa\n101;2024;81;SCB\n102;2024;82;{'x' * 501}\n".encode()
    (problem,) = _problems(data, catalog, areas)
    assert (problem.row, problem.column, problem.reason) == (3, "Källa", Reason.OUT_OF_RANGE)


@pytest.mark.parametrize("control", ["\u202e", "\u2066", "\u200f"])
def test_direction_controls_are_refused(catalog, areas, control):
    data = f"Område;År;Värde;Källa\n101;2024;81;SCB{control}gpj.exe\n".encode()
    (problem,) = _problems(data, catalog, areas)
    assert (problem.row, problem.column, problem.reason) == (2, "Källa", Reason.NOT_ALLOWED)
    code = f"U+{ord(control):04X}"
    assert f"osynligt tecken som vänder skrivriktningen ({code})" in problem.text("sv")
    assert f"reverses the writing direction ({code})" in problem.text("en")


def test_a_refused_hostile_file_changes_nothing_in_the_store(store, catalog, areas):
    from indicators.ingest import versions

    before, datasets = store.current(), store.datasets()
    for name, data in [
        ("corner.xlsx", _xlsx(A1="Område", B1="År", XFD1048576=1)),
        ("pop.csv", "Område;År;Värde\n101;2024;1e308\n".encode()),
    ]:
        with pytest.raises(ProblemsError):
            versions.preview_file(store, data, name, catalog, areas=areas, defaults=GBG)
    pd.testing.assert_frame_equal(store.current(), before)
    pd.testing.assert_frame_equal(store.datasets(), datasets)


def test_a_long_or_reversed_area_name_beside_a_valid_code_is_refused(catalog, areas):
    # The reader would put the canonical name in its place; the file's text is refused all the same.
    data = (
        "Områdeskod;Områdesnamn;År;Värde\n"
        f"101;{'K' * 1_000_000};2024;81\n"
        "102;Sanna\u202e;2024;82\n"
        "103;Majorna;2024;83\n"
    ).encode()
    problems = _problems(data, catalog, areas)
    assert [(p.row, p.column, p.reason) for p in problems] == [
        (2, "Områdesnamn", Reason.OUT_OF_RANGE),
        (3, "Områdesnamn", Reason.NOT_ALLOWED),
    ]
    assert "(1000000 tecken; högst 200)" in problems[0].text("sv")
