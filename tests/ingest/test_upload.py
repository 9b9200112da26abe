"""One test per upload rule: each problem names the file's line, column and value, in Swedish
and English, and every problem of a file is reported at once."""

from __future__ import annotations

from datetime import date

import pytest

from indicators.core.problems import ProblemsError, Reason
from indicators.ingest.cells import MAX_UPLOAD_BYTES
from indicators.ingest.upload import UploadDefaults, read_upload
from tests.conftest import REPO

GBG = UploadDefaults(
    municipality_code="1480", area_type="primaromrade", indicator="life_expectancy", source="SCB"
)


def _read(text: str | bytes, catalog, areas, defaults=GBG, name="fil.csv", **kwargs):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_upload(data, name, catalog=catalog, areas=areas, defaults=defaults, **kwargs)


def _problems(text, catalog, areas, defaults=GBG, **kwargs):
    with pytest.raises(ProblemsError) as err:
        _read(text, catalog, areas, defaults, **kwargs)
    return err.value.problems


def _one(text, catalog, areas, defaults=GBG, **kwargs):
    (problem,) = _problems(text, catalog, areas, defaults, **kwargs)
    return problem


def _where(p) -> tuple:
    return (p.row, p.column, p.value, p.reason)


def test_files_over_50_mb_are_refused_before_parsing(catalog, areas):
    # NUL bytes would be refused as "not a text file" if the reader looked at them.
    problem = _one(b"\0" * (MAX_UPLOAD_BYTES + 1), catalog, areas)
    assert _where(problem) == (None, None, "50.0 MB", Reason.OUT_OF_RANGE)
    assert problem.message.sv.startswith("filen är för stor (högst 50 MB)")
    assert problem.message.en.startswith("the file is too large (at most 50 MB)")


def test_the_reader_refuses_what_the_browser_would_not_send():
    # Streamlit's own limit (.streamlit/config.toml) and the reader's must be the same size:
    # a smaller reader limit would refuse files the page let through without saying why.
    import tomllib

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 2**20 == MAX_UPLOAD_BYTES


@pytest.mark.parametrize(
    ("data", "name", "english"),
    [
        (b"", "tom.csv", "the file is empty"),
        (b" \r\n\r\n", "tom.csv", "the file is empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "gammal.xls", "old Excel files (.xls)"),
        (b"PK\x03\x04 not really a zip", "trasig.xlsx", "could not be read as an Excel"),
        (b"a,b\n\x00\x01\x02", "binar.csv", "neither a text (CSV) file nor an Excel"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(catalog, areas, data, name, english):
    problem = _one(data, catalog, areas, name=name)
    assert problem.reason is Reason.PARSE
    assert english in problem.message.en


def test_a_file_without_values_is_refused(catalog, areas):
    problem = _one("område;2024\nKungsladugård;\nSanna;\n", catalog, areas)
    assert _where(problem) == (None, None, None, Reason.REQUIRED)


def test_unknown_area_lists_the_closest_names(catalog, areas):
    problem = _one("område;år;värde\nMajorna;2024;80\nStigbergt;2024;81\n", catalog, areas)
    assert _where(problem) == (3, "område", "Stigbergt", Reason.UNKNOWN_REFERENCE)
    assert (
        problem.message.sv
        == "okänt område i indelningen Primärområden; menade du Stigberget (104)?"
    )


def test_unknown_area_without_any_close_name(catalog, areas):
    problem = _one("område;år;värde\nMajorna;2024;80\nQwxyz;2024;81\n", catalog, areas)
    assert _where(problem) == (3, "område", "Qwxyz", Reason.UNKNOWN_REFERENCE)
    assert problem.message.en.endswith("see the template for valid codes and names")


def test_a_code_and_a_name_that_disagree(catalog, areas):
    problem = _one("områdeskod;områdesnamn;år;värde\n101;Majorna;2024;80\n", catalog, areas)
    assert _where(problem) == (2, "områdesnamn", "Majorna", Reason.INCONSISTENT)
    assert "'101' (Kungsladugård)" in problem.message.sv


def test_division_not_in_force_names_its_validity(catalog, areas):
    defaults = UploadDefaults(
        municipality_code="1280", area_type="stadsdel_10", indicator="life_expectancy", source="x"
    )
    problem = _one("stadsdel,år,värde\nFosie,2014,80.1\n", catalog, areas, defaults)
    assert _where(problem) == (2, "år", "2014", Reason.INCONSISTENT)
    assert problem.message.en == (
        "the division Districts (10, until 2013) was not in force in 2014; "
        "it is in force from 1996-01-01 to 2013-06-30"
    )


def test_unknown_area_type_is_said_once_with_the_known_ones(catalog, areas):
    defaults = UploadDefaults(
        municipality_code="1480", area_type="stadsdel", indicator="life_expectancy", source="x"
    )
    problem = _one("område;år;värde\n101;2024;80\n102;2024;81\n", catalog, areas, defaults)
    assert _where(problem) == (None, "area_type", "stadsdel", Reason.UNKNOWN_REFERENCE)
    # By the names officials know, with the id a file may also carry.
    assert (
        "Mellanområden (mellanomrade), Kommunen (municipality), Primärområden (primaromrade)"
        in problem.message.sv
    )
    assert "Primary areas (primärområden) (primaromrade)" in problem.message.en


def test_unknown_municipality(catalog, areas):
    text = "kommun;områdestyp;område;år;värde\n0181;primaromrade;101;2024;80\n"
    problem = _one(text, catalog, areas, UploadDefaults(indicator="life_expectancy", source="x"))
    assert _where(problem) == (2, "kommun", "0181", Reason.UNKNOWN_REFERENCE)
    assert "0180 Stockholm" in problem.message.sv


def test_unknown_indicator_lists_the_catalog_ids(catalog, areas):
    text = "område;indikator;år;värde\n101;medellivslangd_x;2024;80\n"
    problem = _one(text, catalog, areas)
    assert _where(problem) == (2, "indikator", "medellivslangd_x", Reason.NOT_ALLOWED)
    for ind in catalog:
        assert ind in problem.message.sv and ind in problem.message.en


def test_indicator_names_are_read_as_their_ids(catalog, areas):
    text = "område;indikator;år;värde\n101;Medellivslängd vid födseln;2024;80\n102;Life expectancy at birth;2024;81\n"
    assert _read(text, catalog, areas)["indicator"].tolist() == ["life_expectancy"] * 2


@pytest.mark.parametrize("cell", ["81,5x", "åttio", "1.2.3", "nan", "inf", "81;5"])
def test_non_numeric_value_shows_the_cell_as_written(catalog, areas, cell):
    text = f'område;år;värde\n101;2024;"{cell}"\n'
    problem = _one(text, catalog, areas)
    assert _where(problem) == (2, "värde", cell, Reason.TYPE)


@pytest.mark.parametrize(
    ("indicator", "cell", "ok"),
    [
        ("life_expectancy", "49,9", False),
        ("life_expectancy", "50", True),
        ("life_expectancy", "100", True),
        ("life_expectancy", "120", False),
        ("reading_grade3", "100,1", False),
        ("reading_grade3", "0", True),
        ("employment_rate", "-0,5", False),
        ("population", "-1", False),
        ("population", "10,5", False),
        ("population", "12 345", True),
        ("cni", "11", False),
        ("cni", "0,45", True),
        ("median_income", "-5", False),
        ("socioeconomic_area_type", "6", False),
        ("socioeconomic_area_type", "2,5", False),
        ("socioeconomic_area_type", "3", True),
    ],
)
def test_implausible_values_for_the_indicator(catalog, areas, indicator, cell, ok):
    defaults = UploadDefaults(
        municipality_code="1480", area_type="primaromrade", indicator=indicator, source="x"
    )
    text = f"område;år;värde\n101;2024;{cell}\n"
    if ok:
        assert len(_read(text, catalog, areas, defaults)) == 1
        return
    problem = _one(text, catalog, areas, defaults)
    assert _where(problem) == (2, "värde", cell, Reason.OUT_OF_RANGE)
    assert catalog[indicator].name_sv in problem.message.sv


def test_years_from_1968_to_next_year(catalog, areas):
    last = date.today().year + 1
    rows = [1967, 1968, last, last + 1]
    text = "område;år;värde\n" + "".join(f"101;{y};80\n" for y in rows)
    problems = _problems(text, catalog, areas)
    assert [_where(p) for p in problems] == [
        (2, "år", "1967", Reason.NOT_ALLOWED),
        (5, "år", str(last + 1), Reason.NOT_ALLOWED),
    ]
    assert problems[0].message.sv == f"året ska ligga mellan 1968 och {last}"


def test_a_year_that_is_not_a_whole_number(catalog, areas):
    problem = _one("område;år;värde\n101;2024,5;80\n", catalog, areas)
    assert _where(problem) == (2, "år", "2024,5", Reason.TYPE)


def test_same_key_with_different_values(catalog, areas):
    text = "område;år;värde\n101;2024;80\n102;2024;81\n101 Kungsladugård;2024;80,5\n"
    problem = _one(text, catalog, areas)
    assert _where(problem) == (4, "område", "101 Kungsladugård", Reason.DUPLICATE)


def test_same_key_with_the_same_value_is_kept_once(catalog, areas):
    text = "område;år;värde\n101;2024;80\nKungsladugård;2024;80,0\n"
    frame = _read(text, catalog, areas)
    assert frame[["area_code", "value"]].values.tolist() == [["101", 80.0]]


def test_a_period_in_the_year_column(catalog, areas):
    frame = _read("område;år;värde\n101;2006–2010;80\n", catalog, areas)
    assert frame[["year", "flag", "period"]].values.tolist() == [
        [2010, "period:2006-2010", "2006-2010"]
    ]


def test_unknown_sex(catalog, areas):
    problem = _one("område;år;kön;värde\n101;2024;båda;80\n", catalog, areas)
    assert _where(problem) == (2, "kön", "båda", Reason.NOT_ALLOWED)


def test_missing_year_and_source_are_said_once_for_the_file(catalog, areas):
    problems = _problems(
        "område;värde\n101;80\n102;81\n",
        catalog,
        areas,
        UploadDefaults(municipality_code="1480", indicator="life_expectancy"),
    )
    assert sorted(_where(p) for p in problems) == [
        (None, "source", None, Reason.MISSING_COLUMN),
        (None, "year", None, Reason.MISSING_COLUMN),
    ]


def test_a_source_column_left_empty_is_said_once(catalog, areas):
    defaults = UploadDefaults(municipality_code="1480", indicator="life_expectancy", year=2024)
    problem = _one("område;värde;källa\n101;80;\n102;81;\n", catalog, areas, defaults)
    assert _where(problem) == (None, "source", None, Reason.MISSING_COLUMN)


def test_defaults_fill_empty_cells_of_a_column(catalog, areas):
    defaults = UploadDefaults(
        municipality_code="1480", indicator="life_expectancy", year=2024, source="SCB"
    )
    frame = _read("område;värde;källa\n101;80;Egen\n102;81;\n", catalog, areas, defaults)
    assert frame["source"].tolist() == ["Egen", "SCB"]


def test_a_repeated_header(catalog, areas):
    problems = _problems("område;2024;2024\n101;80;81\n", catalog, areas)
    assert (None, "2024", None, Reason.DUPLICATE) in [_where(p) for p in problems]


def test_ambiguous_columns_are_refused_until_mapped(catalog, areas):
    text = "Område;Stadsdel;År;Värde\n101;Kungsladugård;2024;80\n"
    problem = _one(text, catalog, areas)
    assert _where(problem) == (None, "area", None, Reason.INCONSISTENT)
    assert "'Område', 'Stadsdel'" in problem.message.sv
    frame = _read(text, catalog, areas, mapping={"area_code": "Område", "area_name": "Stadsdel"})
    assert frame["area_code"].tolist() == ["101"]


def test_a_bad_mapping(catalog, areas):
    problems = _problems(
        "område;år;värde\n101;2024;80\n", catalog, areas, mapping={"färg": "x", "value": "Saknas"}
    )
    assert [_where(p) for p in problems] == [
        (None, None, "färg", Reason.NOT_ALLOWED),
        (None, "Saknas", None, Reason.MISSING_COLUMN),
    ]


def test_every_problem_at_once_in_file_order(catalog, areas):
    text = (
        "område;år;kön;värde\n"
        "101;2024;kvinnor;84\n"
        "Kungsladugåd;2024;män;80\n"  # unknown area
        "102;1950;män;79\n"  # year
        "103;2024;män;180\n"  # implausible
        "104;2024;män;7x\n"  # not a number
    )
    problems = _problems(text, catalog, areas)
    assert [_where(p) for p in problems] == [
        (3, "område", "Kungsladugåd", Reason.UNKNOWN_REFERENCE),
        (4, "år", "1950", Reason.NOT_ALLOWED),
        (5, "värde", "180", Reason.OUT_OF_RANGE),
        (6, "värde", "7x", Reason.TYPE),
    ]
    assert (
        problems[0].text("en").startswith("fil.csv, row 3, column 'område', value 'Kungsladugåd': ")
    )
    assert (
        problems[0].text("sv").startswith("fil.csv, rad 3, kolumn 'område', värde 'Kungsladugåd': ")
    )


def test_the_size_limit_can_be_set_per_call(catalog, areas):
    problem = _one("område;år;värde\n101;2024;80\n", catalog, areas, max_bytes=10)
    assert problem.reason is Reason.OUT_OF_RANGE
