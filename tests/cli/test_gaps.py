"""``jamlik gaps FILE.csv`` through the real entry point."""

from __future__ import annotations

import json

import pytest

from dashboard.cli import main
from indicators.measures import MEASURE_IDS

ORACLE_B = """area,value,population,se,rank
Q1,20,78,5,1
Q2,30,91,7,2
Q3,40,162,10,3
Q4,50,103,12,4
Q5,60,105,14,5
"""

DISTRICTS = """area,value,population,se
Rinkeby-Kista,78.9,48000,0.6
Bromma,84.1,78000,0.4
Södermalm,83.0,130000,0.3
Skärholmen,79.5,37000,0.7
Östermalm,84.6,72000,0.4
"""


def _run(tmp_path, capsys, text, *args, name="table.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    lang = () if "--lang" in args else ("--lang", "en")
    code = main(["gaps", str(path), *lang, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_has_every_measure_id(tmp_path, capsys):
    code, out, _ = _run(
        tmp_path, capsys, ORACLE_B, "--higher-is-better", "--ordered", "--scale", "100"
    )
    assert code == 0
    doc = json.loads(out)
    assert tuple(doc["measures"]) == MEASURE_IDS
    m = doc["measures"]
    assert m["sii"]["value"] == pytest.approx(44.44502, rel=1e-6)
    assert m["rii"]["value"] == pytest.approx(3.159506, rel=1e-6)
    assert m["par"]["value"] == pytest.approx(18.775509, rel=1e-6)
    assert m["d"]["value"] == 40 and m["r"]["value"] == 3.0
    for entry in m.values():
        assert set(entry) >= {"value", "ci_low", "ci_high", "note"}
    # Refused measures stay in the output with the reason in the note.
    assert m["bgv"]["value"] is None and "ordered" in m["bgv"]["note"]
    assert doc["input"]["rows"] == 5 and doc["input"]["seed"] == 123456


def test_ordered_without_scale_uses_phe_linear_sii(tmp_path, capsys):
    code, out, _ = _run(tmp_path, capsys, ORACLE_B, "--higher-is-better", "--ordered")
    m = json.loads(out)["measures"]
    assert code == 0
    assert m["sii"]["value"] == pytest.approx(46.253811, abs=1e-6)
    assert "100000 simulations" in m["sii"]["ci_method"]


def test_districts_with_reference_and_polarity(tmp_path, capsys):
    code, out, _ = _run(
        tmp_path, capsys, DISTRICTS, "--lower-is-better", "--reference", "Bromma", "--lang", "sv"
    )
    m = json.loads(out)["measures"]
    assert code == 0
    # Adverse with reference: highest other − reference.
    assert m["d"]["value"] == pytest.approx(84.6 - 84.1)
    assert m["mdru"]["value"] == pytest.approx((5.2 + 0 + 1.1 + 4.6 + 0.5) / 5)
    assert m["mdru"]["note"] is None
    assert m["sii"]["value"] is None and "Kräver ordnade grupper" in m["sii"]["note"]
    assert m["bgsd"]["ci_low"] is not None


def test_text_format_is_a_readable_table(tmp_path, capsys):
    code, out, _ = _run(tmp_path, capsys, DISTRICTS, "--higher-is-better", "--format", "text")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["id", "measure", "value"]
    assert any(line.startswith("bgv ") and "Between-group variance" in line for line in lines)
    assert len(lines) == 2 + len(MEASURE_IDS)


def test_semicolons_and_decimal_commas(tmp_path, capsys):
    text = "area;value;population\nA;20,5;100\nB;30,5;100\nC;40,5;100\n"
    code, out, _ = _run(tmp_path, capsys, text)
    assert code == 0
    assert json.loads(out)["measures"]["d"]["value"] == pytest.approx(20.0)


def test_empty_cells_count_against_coverage(tmp_path, capsys):
    text = "area,value,population\nA,,100\nB,30,100\nC,40,100\n"
    code, out, _ = _run(tmp_path, capsys, text)
    assert code == 0
    d = json.loads(out)["measures"]["d"]
    assert d["value"] is None and "Only 2 of 3 areas" in d["note"]


@pytest.mark.parametrize(
    ("text", "args", "expected"),
    [
        (
            "area,value\nA,1\n",
            (),
            ["column 'population'", "kolumn 'population'", "column is missing"],
        ),
        (
            "area,value,population\nA,1,10\nB,abc,10\n",
            (),
            [
                "row 3, column 'value', value 'abc': is not a number",
                "rad 3, kolumn 'value', värde 'abc': är inte ett tal",
            ],
        ),
        (
            "area,value,population\nA,1,-5\n",
            (),
            [
                "row 2, column 'population', value '-5': is negative",
                "befolkningen måste vara 0 eller mer",
            ],
        ),
        (
            "area,value,population\nA,1,5\nA,2,5\n",
            (),
            ["row 3, column 'area', value 'A'", "already on row 2"],
        ),
        ("area,value,population\nA,1,5\n", ("--ordered",), ["column 'rank'"]),
        (
            "area,value,population\nA,1,5\n",
            ("--reference", "Z"),
            ["value 'Z': --reference is not one of the areas"],
        ),
    ],
    ids=[
        "missing-column",
        "non-numeric",
        "negative-population",
        "duplicate-area",
        "no-rank",
        "unknown-reference",
    ],
)
def test_bad_input_exits_1_naming_file_row_column_and_value(tmp_path, capsys, text, args, expected):
    code, out, err = _run(tmp_path, capsys, text, *args, name="bad.csv")
    assert code == 1
    assert out == ""
    assert "bad.csv" in err and "cannot be used" in err and "kan inte användas" in err
    for fragment in expected:
        assert fragment in err


def test_every_problem_is_reported_at_once(tmp_path, capsys):
    text = "area,value,population\nA,x,1\nB,y,-1\n"
    code, _, err = _run(tmp_path, capsys, text, name="many.csv")
    assert code == 1
    assert "row 2, column 'value'" in err and "row 3, column 'value'" in err
    assert "row 3, column 'population'" in err


def test_missing_file(tmp_path, capsys):
    code = main(["gaps", str(tmp_path / "nope.csv")])
    assert code == 1
    assert "no such file" in capsys.readouterr().err
