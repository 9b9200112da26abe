"""The tidy-table contract: good files pass typed, bad files list every problem in both languages."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.core.problems import ProblemsError, Reason
from indicators.ingest.tidy import read_tidy
from indicators.table.schema import ROW_RULES, TIDY_COLUMNS, validate_tidy

HEADER = "municipality_code,area_type,area_code,area_name,indicator,sex,year,value,ci_low,ci_high,flag,source\n"


def _csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode("utf-8")


def _problems(data: bytes, catalog, name="x.csv"):
    with pytest.raises(ProblemsError) as err:
        read_tidy(data, name, catalog)
    return err.value.problems


def test_a_good_file_comes_back_typed(tiny_catalog):
    frame = read_tidy(
        _csv(
            "0180,stadsdel,akalla,Akalla,life_expectancy,women,2020,83.1,82.0,84.2,,SCB",
            "0180,stadsdel,akalla,Akalla,life_expectancy,men,2020,,,,suppressed,SCB",
            "1280,stadsdel_10,fosie,Fosie,life_expectancy,men,2010,77.5,,,period:2006-2010,Malmö stad",
        ),
        "ok.csv",
        tiny_catalog,
    )
    expected = pd.DataFrame(
        {
            "area_code": ["akalla", "akalla", "fosie"],
            "year": [2020, 2020, 2010],
            "value": [83.1, float("nan"), 77.5],
            "period": ["", "", "2006-2010"],
        }
    )
    pd.testing.assert_frame_equal(
        frame[["area_code", "year", "value", "period"]], expected, check_dtype=False
    )
    assert frame["year"].dtype == "int64"
    assert frame["value"].dtype == "float64"


def test_missing_stays_missing_never_zero(tiny_catalog):
    frame = read_tidy(
        _csv("0180,stadsdel,a,A,life_expectancy,total,2020,,,,,src"), "m.csv", tiny_catalog
    )
    assert frame["value"].isna().all()


def test_every_problem_is_listed_with_row_column_and_value(tiny_catalog):
    problems = _problems(
        _csv(
            "0180,stadsdel,a,A,life_expectancy,total,2020,81.5,80,83,,src",
            "180,stadsdel,b,B,life_expectancy,both,20x4,abc,,,,src",
            "0180,stadsdel,a,A,life_expectancy,total,2020,81.5,82,83,,src",
            "0180,stadsdel,c,C,nonsense,total,1800,,,,,",
            "0180,stadsdel,d,D,reading_grade3,total,2020,120,,,period:2018-2019,src",
        ),
        tiny_catalog,
    )
    found = {(p.row, p.column, p.value, p.reason) for p in problems}
    assert found == {
        (3, "municipality_code", "180", Reason.NOT_ALLOWED),
        (3, "sex", "both", Reason.NOT_ALLOWED),
        (3, "year", "20x4", Reason.TYPE),
        (3, "value", "abc", Reason.TYPE),
        (4, "area_code", "a", Reason.DUPLICATE),
        (4, "value", "81.5", Reason.INCONSISTENT),
        (5, "indicator", "nonsense", Reason.NOT_ALLOWED),
        (5, "year", "1800", Reason.NOT_ALLOWED),
        (5, "source", "", Reason.REQUIRED),
        (6, "value", "120", Reason.OUT_OF_RANGE),
        (6, "flag", "period:2018-2019", Reason.INCONSISTENT),
    }
    assert all(p.file == "x.csv" for p in problems)


def test_messages_name_file_row_column_value_in_swedish_and_english(tiny_catalog):
    (problem,) = _problems(
        _csv("0180,stadsdel,a,A,life_expectancy,total,20x4,81,,,,src"), tiny_catalog
    )
    assert problem.text("sv") == (
        "x.csv, rad 2, kolumn 'year', värde '20x4': "
        "året måste vara ett heltal skrivet med siffror, t.ex. 2024"
    )
    assert problem.text("en") == (
        "x.csv, row 2, column 'year', value '20x4': "
        "the year must be a whole number written in digits, e.g. 2024"
    )


def test_missing_and_unexpected_columns(tiny_catalog):
    data = b"municipality_code,area_type,area_code,extra\n0180,stadsdel,a,1\n"
    problems = _problems(data, tiny_catalog)
    missing = {p.column for p in problems if p.reason is Reason.MISSING_COLUMN}
    assert missing == {
        "area_name",
        "indicator",
        "sex",
        "year",
        "value",
        "ci_low",
        "ci_high",
        "flag",
        "source",
    }
    assert [p.column for p in problems if p.reason is Reason.UNEXPECTED_COLUMN] == ["extra"]


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (
            "0180,stadsdel,a,A,life_expectancy,total,2020,5,,,suppressed,src",
            "value",
            Reason.INCONSISTENT,
        ),
        ("0180,stadsdel,a,A,population,total,2020,-3,,,,src", "value", Reason.OUT_OF_RANGE),
        ("0180,stadsdel,a,A,population,total,2020,10.5,,,,src", "value", Reason.OUT_OF_RANGE),
        ("0180,stadsdel,a,A,life_expectancy,total,2020,,83,80,,src", "ci_low", Reason.INCONSISTENT),
        ("0180,stadsdel,a,A,life_expectancy,total,2020,81,,,maybe,src", "flag", Reason.NOT_ALLOWED),
        ("0180,,a,A,life_expectancy,total,2020,81,,,,src", "area_type", Reason.REQUIRED),
    ],
)
def test_row_rules(tiny_catalog, row, column, reason):
    (problem,) = _problems(_csv(row), tiny_catalog)
    assert (problem.row, problem.column, problem.reason) == (2, column, reason)


def _one_row(**cells: str) -> pd.DataFrame:
    """A raw one-row tidy table: a valid life-expectancy row with ``cells`` changed."""
    valid = ["0180", "stadsdel", "a", "A", "life_expectancy", "total", "2020", "81", "", "", ""]
    row = {**dict(zip(TIDY_COLUMNS, [*valid, "src"], strict=True)), **cells}
    return pd.DataFrame([row], columns=list(TIDY_COLUMNS))


@pytest.mark.parametrize(
    ("cells", "column", "value", "sv", "en"),
    [
        (
            {"ci_low": "83", "ci_high": "80", "value": ""},
            "ci_low",
            "83",
            "nedre konfidensgränsen är större än den övre (80)",
            "the lower confidence limit exceeds the upper one (80)",
        ),
        (
            {"ci_low": "82.5", "ci_high": "84"},
            "value",
            "81",
            "värdet ligger utanför konfidensintervallet 82.5–84",
            "the value lies outside its confidence interval 82.5–84",
        ),
        (
            {"flag": "suppressed"},
            "value",
            "81",
            "ett skyddat värde (flag=suppressed) ska lämnas tomt",
            "a suppressed value (flag=suppressed) must be left empty",
        ),
        (
            {"flag": "period:2016-2019"},
            "flag",
            "period:2016-2019",
            "perioden ska sluta med radens år (2020) och börja före slutet",
            "the period must end in the row's year (2020) and start before its end",
        ),
    ],
)
def test_each_row_rule_names_its_cell_and_fills_its_sentence(
    tiny_catalog, cells, column, value, sv, en
):
    with pytest.raises(ProblemsError) as err:
        validate_tidy(_one_row(**cells), file="r.csv", catalog=tiny_catalog)
    (problem,) = err.value.problems
    assert (problem.row, problem.column, problem.value, problem.reason) == (
        2,
        column,
        value,
        Reason.INCONSISTENT,
    )
    assert (problem.message.sv, problem.message.en) == (sv, en)


def test_the_period_rule_leaves_malformed_flags_to_the_schema():
    (rule,) = [r for r in ROW_RULES if r.columns[0] == "flag"]
    typed = pd.DataFrame(
        {
            "flag": ["period:2016-2020", "period:2020-2016", "period:2016-2019", "period:16-20"],
            "year": [2020.0, 2016.0, float("nan"), 2019.0],
        }
    )
    # ends in its year; starts after it ends; no year to compare; not a period the schema allows
    assert rule.breaks(typed).tolist() == [False, True, False, False]


def test_swedish_excel_csv_with_semicolons_and_decimal_commas(tiny_catalog):
    data = HEADER.replace(",", ";") + "0180;stadsdel;a;A;life_expectancy;total;2020;81,5;;;;src\n"
    frame = read_tidy(data.encode("utf-8-sig"), "excel.csv", tiny_catalog)
    assert frame["value"].tolist() == [81.5]


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tiny_catalog):
    data = _csv("0180,stadsdel,a,A,life_expectancy,total,2020,81,,,,src") + "0180,s,ö".encode(
        "latin-1"
    )
    (problem,) = _problems(data, tiny_catalog)
    assert problem.reason is Reason.PARSE
    assert problem.row == 3


# The catalog fixture is read-only, so sharing it between examples is safe.
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_are_refused_or_read_never_crash(tiny_catalog, data):
    try:
        read_tidy(data, "fuzz.csv", tiny_catalog)
    except ProblemsError as err:
        assert err.problems
