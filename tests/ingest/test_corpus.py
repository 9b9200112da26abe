"""The corpus of messy files in tests/data: each is read to the expected rows, or refused with
the expected problem at the expected line, column and value."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators.core.problems import ProblemsError, Reason
from indicators.ingest.upload import UploadDefaults, read_upload
from indicators.table.schema import TIDY_COLUMNS

CORPUS = Path(__file__).resolve().parents[1] / "data"


def _read(name: str, catalog, areas, **kwargs) -> pd.DataFrame:
    return read_upload((CORPUS / name).read_bytes(), name, catalog=catalog, areas=areas, **kwargs)


def _problems(name: str, catalog, areas, **kwargs):
    with pytest.raises(ProblemsError) as err:
        _read(name, catalog, areas, **kwargs)
    return err.value.problems


def _expect(frame: pd.DataFrame, **columns: list) -> None:
    expected = pd.DataFrame(columns)
    pd.testing.assert_frame_equal(
        frame[list(columns)].reset_index(drop=True), expected, check_dtype=False
    )


def test_the_committed_corpus_is_what_the_script_writes():
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, make in module.corpus().items():
        written, committed = make(), (CORPUS / name).read_bytes()
        assert len(committed) < 20_000
        if name.endswith(".xlsx"):  # compare contents: deflate output varies with zlib
            with (
                zipfile.ZipFile(io.BytesIO(written)) as a,
                zipfile.ZipFile(io.BytesIO(committed)) as b,
            ):
                assert {n: a.read(n) for n in a.namelist()} == {n: b.read(n) for n in b.namelist()}
        else:
            assert written == committed, name


def test_swedish_excel_csv_windows_1252_decimal_comma_code_name_title_and_note(catalog, areas):
    frame = _read(
        "goteborg_medellivslangd_semikolon_cp1252.csv",
        catalog,
        areas,
        defaults=UploadDefaults(indicator="life_expectancy", source="Göteborgs Stad"),
    )
    # City and area type are not in the file: the one division knowing every area is used.
    _expect(
        frame,
        municipality_code=["1480"] * 6,
        area_type=["primaromrade"] * 6,
        area_code=["101", "101", "102", "102", "103", "103"],
        area_name=["Kungsladugård", "Kungsladugård", "Sanna", "Sanna", "Majorna", "Majorna"],
        sex=["women", "men"] * 3,
        year=[2024] * 6,
        value=[84.1, 80.3, 83.2, 79.8, 84.6, 80.1],
    )
    assert list(frame.columns) == [*TIDY_COLUMNS, "period"]
    assert frame["year"].dtype == "int64" and frame["value"].dtype == "float64"


def test_wide_workbook_on_a_named_sheet(catalog, areas):
    defaults = UploadDefaults(
        municipality_code="1280", indicator="life_expectancy", source="Malmö stad"
    )
    frame = _read(
        "malmo_delomraden_brett.xlsx", catalog, areas, sheet="Medellivslängd", defaults=defaults
    )
    _expect(
        frame.head(4),
        area_type=["delomrade"] * 4,
        area_code=["10101", "10101", "10101", "10102"],
        year=[2022, 2023, 2024, 2022],
        value=[84.2, 84.4, 84.5, 82.5],
        sex=["total"] * 4,
    )
    assert len(frame) == 12
    # The first sheet is a description: without the sheet's name there is no table to read.
    problems = _problems("malmo_delomraden_brett.xlsx", catalog, areas, defaults=defaults)
    assert {p.reason for p in problems} == {Reason.MISSING_COLUMN}
    (missing,) = _problems("malmo_delomraden_brett.xlsx", catalog, areas, sheet="Blad9")
    assert (missing.value, missing.reason) == ("Blad9", Reason.MISSING_COLUMN)
    assert "Medellivslängd" in missing.message.en


def test_english_headers_with_confidence_limits(catalog, areas):
    frame = _read(
        "stockholm_english_headers.csv",
        catalog,
        areas,
        defaults=UploadDefaults(municipality_code="0180", indicator="life_expectancy"),
    )
    # Bromma, Farsta and Skärholmen exist in all three stadsdelsområde divisions; only the
    # 11 were in force in 2024.
    _expect(
        frame.head(2),
        area_type=["stadsdelsomrade_11"] * 2,
        area_code=["bromma", "bromma"],
        sex=["women", "men"],
        value=[86.1, 82.9],
        ci_low=[85.2, 81.9],
        ci_high=[87.0, 83.9],
        source=["Stockholms stad"] * 2,
    )


def test_excel_unicode_text_utf16_tab_separated(catalog, areas):
    frame = _read(
        "goteborg_tabb_unicode.txt",
        catalog,
        areas,
        defaults=UploadDefaults(indicator="median_income", source="SCB"),
    )
    _expect(
        frame,
        area_type=["mellanomrade"] * 4,
        area_code=["10", "11", "13", "35"],
        value=[241.5, 228.9, 296.0, 371.2],
    )


def test_missing_and_suppressed_markers(catalog, areas):
    frame = _read(
        "malmo_saknade_och_skyddade.csv",
        catalog,
        areas,
        defaults=UploadDefaults(indicator="reading_grade3", source="Malmö stad"),
    )
    rows = frame.set_index(["area_code", "sex", "year"])
    assert np.isnan(rows.loc[("norr", "women", 2023), "value"])  # '..'
    assert rows.loc[("norr", "women", 2023), "flag"] == "suppressed"
    assert rows.loc[("norr", "men", 2023), "flag"] == "suppressed"  # 'x'
    assert np.isnan(rows.loc[("oster", "women", 2023), "value"])  # '–'
    assert rows.loc[("oster", "women", 2023), "flag"] == ""  # missing, not suppressed
    assert rows.loc[("oster", "men", 2023), "flag"] == ""  # '-'
    # An empty cell of a wide table is not reported at all: no row, not a missing value.
    assert ("norr", "men", 2024) not in rows.index
    assert ("oster", "women", 2024) not in rows.index
    assert len(frame) == 14


def test_duplicates_with_different_values_are_refused_identical_ones_kept_once(catalog, areas):
    defaults = UploadDefaults(
        municipality_code="1480",
        area_type="primaromrade",
        indicator="life_expectancy",
        source="SCB",
    )
    (problem,) = _problems("dubbletter.csv", catalog, areas, defaults=defaults)
    assert (problem.row, problem.column, problem.value, problem.reason) == (
        3,
        "Område",
        "Kungsladugård",
        Reason.DUPLICATE,
    )
    assert "rad 2" in problem.message.sv and "line 2" in problem.message.en


def test_unknown_area_with_a_typo_is_suggested(catalog, areas):
    defaults = UploadDefaults(
        municipality_code="1480", area_type="primaromrade", indicator="life_expectancy", source="x"
    )
    (problem,) = _problems("okant_omrade.csv", catalog, areas, defaults=defaults)
    assert (problem.row, problem.column, problem.value, problem.reason) == (
        2,
        "Område",
        "Kungsladugåd",
        Reason.UNKNOWN_REFERENCE,
    )
    assert "menade du Kungsladugård (101)?" in problem.message.sv
    assert "did you mean Kungsladugård (101)?" in problem.message.en


def test_division_not_in_force_that_year(catalog, areas):
    defaults = UploadDefaults(indicator="life_expectancy", source="x")
    (problem,) = _problems("indelning_fel_ar.csv", catalog, areas, defaults=defaults)
    assert (problem.row, problem.column, problem.value, problem.reason) == (
        2,
        "År",
        "2015",
        Reason.INCONSISTENT,
    )
    assert problem.message.sv == (
        "indelningen Stadsdelsområden (11, från 2023) gällde inte år 2015; den gäller från 2023-07-01"
    )


def test_implausible_life_expectancy(catalog, areas):
    defaults = UploadDefaults(municipality_code="1480", indicator="life_expectancy", source="x")
    (problem,) = _problems("orimlig_medellivslangd.csv", catalog, areas, defaults=defaults)
    assert (problem.row, problem.column, problem.value, problem.reason) == (
        3,
        "värde",
        "120",
        Reason.OUT_OF_RANGE,
    )
    assert "mellan 50 och 100" in problem.message.sv


def test_year_1950_is_before_the_first_accepted_year(catalog, areas):
    defaults = UploadDefaults(municipality_code="1480", indicator="life_expectancy", source="x")
    (problem,) = _problems("ar_1950.csv", catalog, areas, defaults=defaults)
    assert (problem.row, problem.column, problem.value, problem.reason) == (
        2,
        "år",
        "1950",
        Reason.NOT_ALLOWED,
    )
    assert problem.message.en.startswith("the year must lie between 1968 and ")


def test_the_canonical_tidy_csv_reads_as_the_package_reader_reads_it(catalog, areas):
    from indicators.ingest.tidy import read_tidy

    data = (CORPUS / "tidy_paketformat.csv").read_bytes()
    upload = read_upload(data, "t.csv", catalog=catalog, areas=areas)
    pd.testing.assert_frame_equal(upload, read_tidy(data, "t.csv", catalog))


def test_a_filled_in_csv_template_is_read_unchanged(catalog, areas):
    frame = _read("mall_goteborg_stadsomrade_4_ifylld.csv", catalog, areas)
    assert len(frame) == 15  # 16 cells, one left empty
    _expect(
        frame.head(4),
        municipality_code=["1480"] * 4,
        area_type=["stadsomrade_4"] * 4,
        area_code=["01"] * 4,
        area_name=["Nordost"] * 4,
        indicator=["life_expectancy"] * 4,
        sex=["women", "men", "women", "men"],
        year=[2023, 2023, 2024, 2024],
        value=[80.9, 76.1, 81.2, 76.5],
        source=["Göteborgs Stad"] * 4,
    )
    suppressed = frame[frame["flag"] == "suppressed"]
    assert suppressed[["area_code", "sex", "year"]].values.tolist() == [["03", "women", 2024]]


def test_a_filled_in_xlsx_template_is_read_unchanged(catalog, areas):
    frame = _read("mall_malmo_stadsomrade_5_ifylld.xlsx", catalog, areas)
    _expect(
        frame,
        municipality_code=["1280"] * 5,
        area_type=["stadsomrade_5"] * 5,
        area_code=["innerstaden", "norr", "oster", "soder", "vaster"],
        indicator=["median_income"] * 5,
        sex=["total"] * 5,
        year=[2024] * 5,
        value=[301.4, 262.0, 244.7, 298.3, 310.9],
        source=["SCB, Malmö stad"] * 5,
    )
