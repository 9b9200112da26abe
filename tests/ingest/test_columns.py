"""Which column is what, and reading every encoding, separator and number style officials use."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pytest
from openpyxl import Workbook

from dashboard.cli.gaps import read_table
from indicators.ingest.columns import ColumnGuess, WideColumn, detect_columns
from indicators.ingest.tidy import read_tidy
from indicators.ingest.upload import UploadDefaults, read_upload
from indicators.table.schema import TIDY_COLUMNS

GBG = UploadDefaults(
    municipality_code="1480", area_type="primaromrade", indicator="life_expectancy", source="SCB"
)


def _guess(*headers: str) -> ColumnGuess:
    return detect_columns(pd.DataFrame(columns=list(headers)))


def _read(data: bytes, catalog, areas, defaults=GBG, name="fil.csv", **kwargs) -> pd.DataFrame:
    return read_upload(data, name, catalog=catalog, areas=areas, defaults=defaults, **kwargs)


@pytest.mark.parametrize(
    ("headers", "roles"),
    [
        (
            ("Område", "År", "Kön", "Värde"),
            {"area": "Område", "year": "År", "sex": "Kön", "value": "Värde"},
        ),
        (
            ("OMRADE", "ar", "kon", "varde"),
            {"area": "OMRADE", "year": "ar", "sex": "kon", "value": "varde"},
        ),
        (
            ("District", "Year", "Gender", "Value"),
            {"area": "District", "year": "Year", "sex": "Gender", "value": "Value"},
        ),
        (("Stadsdel", "År", "Värde"), {"area": "Stadsdel", "year": "År", "value": "Värde"}),
        (
            ("Område_kod", "Områdesnamn", "År", "Värde"),
            {"area_code": "Område_kod", "area_name": "Områdesnamn", "year": "År", "value": "Värde"},
        ),
        (
            ("Kommun", "Områdestyp", "Indikator", "Källa", "Område", "År", "Värde"),
            {
                "municipality_code": "Kommun",
                "area_type": "Områdestyp",
                "indicator": "Indikator",
                "source": "Källa",
                "area": "Område",
                "year": "År",
                "value": "Värde",
            },
        ),
        (
            ("område", "år", "värde", "KI nedre", "KI övre", "Flagga"),
            {
                "area": "område",
                "year": "år",
                "value": "värde",
                "ci_low": "KI nedre",
                "ci_high": "KI övre",
                "flag": "Flagga",
            },
        ),
    ],
)
def test_headers_in_swedish_or_english_any_case_or_accents(headers, roles):
    guess = _guess(*headers)
    assert dict(guess.roles) == roles
    assert not guess.ambiguous


def test_the_tidy_format_maps_every_column_to_itself():
    columns = [*TIDY_COLUMNS[:1], "municipality", *TIDY_COLUMNS[1:]]
    guess = _guess(*columns)
    assert dict(guess.roles) == {c: c for c in columns if c != "municipality"}
    assert guess.unused == ("municipality",)  # the exact 'municipality_code' wins
    assert not guess.ambiguous


@pytest.mark.parametrize(
    ("header", "wide"),
    [
        ("2024", WideColumn("2024", 2024, None)),
        ("2024.0", WideColumn("2024.0", 2024, None)),  # a number header read from Excel
        ("2024 kvinnor", WideColumn("2024 kvinnor", 2024, "women")),
        ("Män 2024", WideColumn("Män 2024", 2024, "men")),
        ("2024_totalt", WideColumn("2024_totalt", 2024, "total")),
        ("2024 (Women)", WideColumn("2024 (Women)", 2024, "women")),
        ("År 2023", WideColumn("År 2023", 2023, None)),
        ("2006–2010", WideColumn("2006–2010", 2010, None, "2006-2010")),
    ],
)
def test_year_columns_of_a_wide_table(header, wide):
    guess = _guess("Område", header)
    assert guess.wide == (wide,)
    assert not guess.ambiguous


def test_sex_columns_of_a_wide_table_take_the_year_from_a_column():
    guess = _guess("Område", "År", "Kvinnor", "Män")
    assert [(w.column, w.year, w.sex) for w in guess.wide] == [
        ("Kvinnor", None, "women"),
        ("Män", None, "men"),
    ]
    assert guess.roles["year"] == "År"


def test_a_headerless_first_column_is_the_area():
    guess = _guess("Unnamed: 0", "2023", "2024")
    assert guess.roles == {"area": "Unnamed: 0"}


@pytest.mark.parametrize(
    ("headers", "candidates", "missing"),
    [
        (("Område", "Stadsdel", "Värde"), {"area": ("Område", "Stadsdel")}, ()),
        (("Område", "Värde", "2024"), {"value": ("Värde", "2024")}, ()),
        (("Område", "Kommentar"), {}, ("value",)),
        (("Namnlös", "Värde"), {}, ("area",)),
    ],
)
def test_ambiguous_guesses_ask_the_user(headers, candidates, missing):
    guess = _guess(*headers)
    assert dict(guess.candidates) == candidates
    assert guess.missing == missing
    assert guess.ambiguous


def test_a_mapping_overrides_the_guess(catalog, areas):
    data = "Stadsdel;Mått;Anteckning;2024\n101;80;x;81\n".encode()
    defaults = UploadDefaults(
        municipality_code="1480",
        area_type="primaromrade",
        indicator="life_expectancy",
        year=2023,
        source="SCB",
    )
    frame = _read(data, catalog, areas, defaults, mapping={"area": "Stadsdel", "value": "Mått"})
    # 'Mått' holds the values; the year column '2024' is then not read.
    assert frame[["area_code", "year", "value"]].values.tolist() == [["101", 2023, 80.0]]
    frame = _read(
        "Stadsdel;Värde;2024\n101;80;81\n".encode(), catalog, areas, mapping={"value": ""}
    )
    assert frame[["year", "value"]].values.tolist() == [[2024, 81.0]]


LONG = "område;år;kön;värde\nKungsladugård;2024;Kvinnor;84,1\nÄnggården;2024;Män;79,5\n"


@pytest.mark.parametrize(
    "data",
    [
        LONG.encode("utf-8"),
        LONG.encode("utf-8-sig"),
        LONG.encode("cp1252"),
        LONG.encode("latin-1"),
        LONG.encode("utf-16"),
        LONG.replace("\n", "\r\n").encode("utf-8"),
        LONG.replace(";", "\t").encode("utf-8"),
        # comma-separated with quoted decimal commas
        'område,år,kön,värde\nKungsladugård,2024,Kvinnor,"84,1"\nÄnggården,2024,Män,"79,5"\n'.encode(),
        # decimal points
        LONG.replace("84,1", "84.1").replace("79,5", "79.5").encode(),
    ],
    ids=["utf8", "bom", "cp1252", "latin1", "utf16", "crlf", "tab", "comma-quoted", "point"],
)
def test_every_encoding_and_separator_reads_the_same(catalog, areas, data):
    frame = _read(data, catalog, areas)
    assert frame[["area_code", "area_name", "sex", "value"]].values.tolist() == [
        ["101", "Kungsladugård", "women", 84.1],
        ["106", "Änggården", "men", 79.5],
    ]


# The same two tables in the three dialects, as inline rows: a comma file writes decimal
# points, a semicolon or tab file (Swedish Excel) decimal commas.
TIDY_ROWS = [
    "municipality_code|area_type|area_code|area_name|indicator|sex|year|value|ci_low|ci_high|flag|source",
    "1480|primaromrade|101|Kungsladugård|life_expectancy|women|2024|84.1|83.2|85.0||SCB, 2025",
    "1480|primaromrade|106|Änggården|life_expectancy|men|2024|||||SCB, 2025",
]
GAPS_ROWS = ["area|value|population", "A|20.5|1200", "B|30.25|800"]


def _written(rows: list[str], sep: str) -> bytes:
    """The rows with ``sep`` between fields, decimal commas after ';' and tab, and quotes
    where a field holds the separator (as Excel writes them)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    for row in rows:
        fields = row.split("|")
        if sep != ",":
            fields = [re.sub(r"^(\d+)\.(\d+)$", r"\1,\2", f) for f in fields]
        writer.writerow(fields)
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize("sep", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_the_three_readers_agree_on_comma_semicolon_and_tab(catalog, areas, tmp_path, sep):
    comma = read_tidy(_written(TIDY_ROWS, ","), "t.csv", catalog)
    assert comma["value"].tolist()[0] == 84.1 and comma["source"].tolist()[0] == "SCB, 2025"
    data = _written(TIDY_ROWS, sep)
    pd.testing.assert_frame_equal(read_tidy(data, "t.csv", catalog), comma)
    pd.testing.assert_frame_equal(read_upload(data, "t.csv", catalog=catalog, areas=areas), comma)
    path = tmp_path / "gaps.csv"
    path.write_bytes(_written(GAPS_ROWS, sep))
    assert read_table(path) == {
        "area": ["A", "B"],
        "value": [20.5, 30.25],
        "population": [1200.0, 800.0],
    }


def test_a_byte_that_is_not_utf8_makes_the_file_windows_1252(catalog, areas):
    # 0x96 is an en dash in Windows-1252 (Excel's typography) and invalid UTF-8.
    data = "område;år;värde\n101;2024;–\n".encode("cp1252")
    assert b"\x96" in data
    frame = _read(data, catalog, areas)
    assert frame["value"].isna().all() and frame["flag"].tolist() == [""]


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("81,5", 81.5),
        ("81.5", 81.5),
        ("1 234", 1234.0),
        ("1\u00a0234,5", 1234.5),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("45 %", 45.0),
    ],
)
def test_number_styles(catalog, areas, cell, value):
    defaults = UploadDefaults(
        municipality_code="1480",
        area_type="primaromrade",
        indicator="mean_income_secondary",
        source="x",
    )
    frame = _read(f"område;år;värde\n101;2024;{cell}\n".encode(), catalog, areas, defaults)
    assert frame["value"].tolist() == [value]


def test_a_typographic_minus_sign(catalog, areas):
    data = "område;år;värde;ki nedre;ki övre\n101;2024;1,5;\u22120,5;3,5\n".encode()
    defaults = UploadDefaults(
        municipality_code="1480", area_type="primaromrade", indicator="cni", source="x"
    )
    frame = _read(data, catalog, areas, defaults)
    assert frame[["value", "ci_low", "ci_high"]].values.tolist() == [[1.5, -0.5, 3.5]]


@pytest.mark.parametrize(
    ("kommun", "code"),
    [
        ("0180", "0180"),
        ("180", "0180"),
        ("180.0", "0180"),
        ("Stockholm", "0180"),
        ("Stockholms stad", "0180"),
    ],
)
def test_municipality_as_excel_or_people_write_it(catalog, areas, kommun, code):
    data = f"kommun;områdestyp;område;år;värde\n{kommun};Stadsdelsområde 11;Järva;2024;79,1\n"
    frame = _read(
        data.encode(), catalog, areas, UploadDefaults(indicator="life_expectancy", source="x")
    )
    assert frame[["municipality_code", "area_type", "area_code"]].values.tolist() == [
        [code, "stadsdelsomrade_11", "jarva"]
    ]


def test_the_city_and_the_country_among_districts_are_their_own_rows(catalog, areas):
    data = "område;år;värde\nKungsladugård;2024;84\nGöteborg;2024;82,9\nRiket;2024;83,4\n"
    frame = _read(
        data.encode(), catalog, areas, UploadDefaults(indicator="life_expectancy", source="x")
    )
    assert frame[["municipality_code", "area_type", "area_code", "area_name"]].values.tolist() == [
        ["1480", "primaromrade", "101", "Kungsladugård"],
        ["1480", "municipality", "1480", "Göteborg"],
        ["00", "country", "00", "Sverige"],
    ]


def test_ambiguous_divisions_ask_for_the_area_type(catalog, areas):
    from indicators.core.problems import ProblemsError, Reason

    # Bromma is in all three stadsdelsområde divisions; 2023 saw both _13 and _11.
    data = "område;år;värde\nBromma;2023;84\n"
    with pytest.raises(ProblemsError) as err:
        _read(
            data.encode(),
            catalog,
            areas,
            UploadDefaults(municipality_code="0180", indicator="life_expectancy", source="x"),
        )
    (problem,) = err.value.problems
    assert (problem.column, problem.reason) == ("area_type", Reason.MISSING_COLUMN)
    assert "0180 stadsdelsomrade_11" in problem.message.sv


def test_an_excel_sheet_with_numbers_codes_and_a_title(catalog, areas):
    book = Workbook()
    sheet = book.active
    sheet.append(["Medellivslängd 2024"])
    sheet.append(["Kod", "Namn", 2024])  # the year header is a number in Excel
    sheet.append([101, "Kungsladugård", 84.1])  # the code too
    sheet.append([102, "Sanna", "..", None])
    out = io.BytesIO()
    book.save(out)
    frame = _read(out.getvalue(), catalog, areas, name="bok.xlsx")
    assert frame[["area_code", "year", "value", "flag"]].fillna(-1).values.tolist() == [
        ["101", 2024, 84.1, ""],
        ["102", 2024, -1, "suppressed"],
    ]
