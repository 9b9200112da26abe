"""The red team's hostile files (issue 12 F1, F5, F9, F14): each is refused with a message
naming file, row, column and value in Swedish and English, and the store is not touched.

Timings of the F1 attacks, before and after: ``python bench/bench_hostile.py``.
"""

from __future__ import annotations

import pytest

from indicators.core.problems import ProblemsError, Reason
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
