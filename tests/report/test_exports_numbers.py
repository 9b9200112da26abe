"""Numbers in CSV and XLSX as a statistician writes them (issue 8, §5).

Values are rounded to the catalog's decimals and keep their trailing zeros, counts are whole
numbers, and no binary artefact of floating point ever reaches a cell. Each test reads the
bytes back: the CSV as text, the XLSX cells and their number formats with openpyxl.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from openpyxl import load_workbook

from dashboard.report.exports import ExportMeta, csv_bytes, round_for_export, xlsx_bytes

META = ExportMeta("T", "S", "procent", ("Källa",), False, dt.date(2026, 1, 1), "")


def _csv_rows(data: bytes) -> list[list[str]]:
    return [line.split(";") for line in data.decode("utf-8-sig").split("\r\n") if line]


def _sheet_rows(data: bytes) -> list[tuple]:
    ws = load_workbook(io.BytesIO(data)).active
    return [tuple(c for c in row) for row in ws.iter_rows()]


def _table() -> pd.DataFrame:
    # 3.6 computed as 81.6 - 78.0 is 3.5999999999999943 in binary floating point; a
    # population read as a float is 39246.0. Neither may be written so.
    return pd.DataFrame(
        {
            "Område": ["A", "B"],
            "Värde": [1.6, 81.6 - 78.0],
            "Folkmängd": [39246.0, None],
            "Skillnad": [0.125, -2.0],
        }
    )


def test_csv_keeps_trailing_zeros_writes_counts_as_integers_and_no_artefacts():
    frame = _table()
    assert repr(float(frame["Värde"].iloc[1])) == "3.5999999999999943"  # the case of the issue
    table = round_for_export(frame, {"Värde": 2, "Folkmängd": 0, "Skillnad": 2})
    rows = _csv_rows(csv_bytes(table))
    assert rows[0] == ["Område", "Värde", "Folkmängd", "Skillnad"]
    assert rows[1] == ["A", "1,60", "39246", "0,12"]  # 0.125 is 0.12499… in binary: as printed
    assert rows[2] == ["B", "3,60", "", "-2,00"]


def test_csv_without_declared_decimals_still_has_no_binary_artefacts():
    text = csv_bytes(_table()).decode("utf-8-sig")
    assert "3,5999999999999943" not in text and "3,6" in text
    assert "39246,0" not in text and "39246" in text


def test_xlsx_cells_are_rounded_numbers_with_a_number_format_of_the_decimals():
    table = round_for_export(_table(), {"Värde": 2, "Folkmängd": 0, "Skillnad": 2})
    rows = _sheet_rows(xlsx_bytes(table, META))
    header = next(i for i, row in enumerate(rows) if row[0].value == "Område")
    a, b = rows[header + 1], rows[header + 2]
    assert (a[1].value, a[1].number_format) == (1.6, "0.00")
    assert (b[1].value, b[1].number_format) == (3.6, "0.00")
    assert a[2].value == 39246 and isinstance(a[2].value, int) and a[2].number_format == "0"
    assert b[2].value is None
    assert (b[3].value, b[3].number_format) == (-2.0, "0.00")


def test_one_value_column_of_several_indicators_keeps_each_rows_decimals():
    # A fact sheet's table: life expectancy (1 decimal) and an index (2) in one column.
    frame = pd.DataFrame({"Indikator": ["le", "cni"], "Värde": [81.04, 1.1]})
    table = round_for_export(frame, {"Värde": [1, 2]})
    assert _csv_rows(csv_bytes(table))[1:] == [["le", "81,0"], ["cni", "1,10"]]
    rows = _sheet_rows(xlsx_bytes(table, META))
    header = next(i for i, row in enumerate(rows) if row[0].value == "Indikator")
    assert [r[1].number_format for r in rows[header + 1 :]] == ["0.0", "0.00"]


def test_a_difference_of_percentages_is_described_in_percentage_points():
    # Malmö 2010: employment 75 % in Husie, 36 % in Rosengård: 39 percentage points apart.
    from dashboard.report import alttext
    from indicators.table.catalog import Indicator

    employment = Indicator("e", "Förvärvsfrekvens", "Employment", "procent", "percent", True, 1, "", "")  # fmt: skip
    frame = pd.DataFrame({"area_name": ["Husie", "Rosengård"], "value": [75.0, 36.0]})
    sv = alttext.describe_districts("map", "T", frame, employment, "sv")
    en = alttext.describe_districts("map", "T", frame, employment, "en")
    assert "skillnad 39,0 procentenheter" in sv and "Husie (75,0 procent)" in sv
    assert "difference 39.0 percentage points" in en
    change = frame.assign(value=[2.0, -1.5])
    assert "+2,0 procentenheter" in alttext.describe_districts(
        "map", "T", change, employment, "sv", change=True
    )
