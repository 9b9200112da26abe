"""Crosswalks: text codes, the area types they link, parent maps that refuse non-nesting."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geodata.crosswalk import area_types, load_crosswalk, members, parent_map
from indicators.core.problems import ProblemsError, Reason


@pytest.fixture
def goteborg(data_dir: Path) -> pd.DataFrame:
    return load_crosswalk(data_dir / "crosswalks/goteborg_areas.csv")


@pytest.fixture
def nested() -> pd.DataFrame:
    """Three small areas in two districts in one borough; 'c' has no borough."""
    return pd.DataFrame(
        {
            "small_code": ["a1", "a2", "a3", "a4"],
            "district_code": ["d1", "d1", "d2", "d3"],
            "borough_code": ["B", "B", "B", pd.NA],
        },
        dtype="str",
    )


def test_codes_stay_text_and_empty_cells_are_missing(goteborg: pd.DataFrame) -> None:
    assert all(pd.api.types.is_string_dtype(goteborg[c]) for c in goteborg.columns)
    assert goteborg.loc[0, "primaromrade_code"] == "101"
    assert set(goteborg["stadsomrade_4_code"]) == {"01", "02", "03", "04"}
    assert goteborg["note"].isna().sum() > 0
    assert not (goteborg == "").any().any()


def test_area_types_come_from_code_columns(goteborg: pd.DataFrame) -> None:
    assert area_types(goteborg) == [
        "primaromrade",
        "mellanomrade",
        "stadsomrade_4",
        "stadsdelsnamnd_10",
        "socioekonomisk_kluster",
    ]


def test_stockholm_stadsdelar_fall_into_eleven_districts(data_dir: Path) -> None:
    crosswalk = load_crosswalk(data_dir / "crosswalks/stockholm_areas.csv")
    mapping = parent_map(crosswalk, "stadsdel", "stadsdelsomrade_11")
    assert len(mapping) == 117
    assert len(set(mapping.values())) == 11
    assert mapping["akalla"] == "jarva"


def test_goteborg_primaromraden_fall_into_four_stadsomraden(goteborg: pd.DataFrame) -> None:
    mapping = parent_map(goteborg, "primaromrade", "stadsomrade_4")
    assert len(mapping) == 96
    assert sorted(set(mapping.values())) == ["01", "02", "03", "04"]


def test_a_middle_level_that_nests_can_be_the_child(goteborg: pd.DataFrame) -> None:
    mapping = parent_map(goteborg, "mellanomrade", "stadsomrade_4")
    assert len(mapping) == 36
    assert members(goteborg, "stadsomrade_4", "01", "mellanomrade") == [
        code for code, parent in mapping.items() if parent == "01"
    ]


def test_parent_map_and_members_on_inline_table(nested: pd.DataFrame) -> None:
    assert parent_map(nested, "small", "district") == {
        "a1": "d1",
        "a2": "d1",
        "a3": "d2",
        "a4": "d3",
    }
    # a4 has no borough: left out rather than mapped to a missing value.
    assert parent_map(nested, "district", "borough") == {"d1": "B", "d2": "B"}
    assert members(nested, "district", "d1", "small") == ["a1", "a2"]
    assert members(nested, "borough", "B", "small") == ["a1", "a2", "a3"]


def test_a_child_in_two_parents_is_refused() -> None:
    crosswalk = pd.DataFrame(
        {
            "small_code": ["a1", "a2", "a3"],
            "district_code": ["d1", "d1", "d2"],
            "zone_code": ["Z1", "Z2", "Z2"],
        },
        dtype="str",
    )
    with pytest.raises(ValueError, match=r"d1 → Z1, Z2"):
        parent_map(crosswalk, "district", "zone")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda cw: parent_map(cw, "small", "city"), "no area type 'city'"),
        (lambda cw: members(cw, "district", "d9", "small"), "'d9'"),
    ],
)
def test_unknown_types_and_codes_are_named(nested: pd.DataFrame, call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call(nested)


def test_duplicate_and_empty_codes_are_reported_by_line(tmp_path: Path) -> None:
    path = tmp_path / "areas.csv"
    path.write_text("small_code,small_name\na1,NA\n,Tom\na1,Igen\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_crosswalk(path)
    assert [(p.row, p.column, p.value, p.reason) for p in caught.value.problems] == [
        (3, "small_code", "", Reason.REQUIRED),
        (4, "small_code", "a1", Reason.DUPLICATE),
    ]


def test_literal_na_text_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "areas.csv"
    path.write_text("small_code,small_name\n01,NA\n02,\n", encoding="utf-8")
    table = load_crosswalk(path)
    assert table["small_code"].tolist() == ["01", "02"]
    assert table.loc[0, "small_name"] == "NA"
    assert pd.isna(table.loc[1, "small_name"])


def test_first_column_must_be_a_code(tmp_path: Path) -> None:
    path = tmp_path / "areas.csv"
    path.write_text("name,small_code\nA,1\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_crosswalk(path)
    assert caught.value.problems[0].reason is Reason.MISSING_COLUMN
