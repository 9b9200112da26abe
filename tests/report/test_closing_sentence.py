"""Utveckling's "Is it closing?" sentence: D and SII reconciled, never a verdict the tests do not back."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.report.sentences import closing_sentence
from indicators.table.catalog import Indicator

IND = Indicator("le", "Medellivslängd", "Life expectancy", "år", "years", True, 1, "", "")
# Narrow limits make a change significant, wide ones do not.
SURE, UNSURE = 0.3, 3.0


def _points(first: float, last: float, half: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2012, 2024],
            "value": [first, last],
            "ci_low": [first - half, last - half],
            "ci_high": [first + half, last + half],
        }
    )


def _say(d: pd.DataFrame, sii: pd.DataFrame, lang: str = "sv") -> str:
    return closing_sentence(
        d, sii, indicator=IND, area_noun="stadsdel", stratifier_name="Medianinkomst", lang=lang
    )


@pytest.mark.parametrize(
    ("d", "sii", "starts", "holds"),
    [
        # Both significant and narrower: the only "yes".
        ((8, 6, SURE), (6, 4, SURE), "Ja, skillnaden minskar", "båda förändringarna"),
        ((6, 8, SURE), (4, 6, SURE), "Nej, skillnaden ökar", "båda förändringarna"),
        # The case: D not established, SII established.
        ((8, 7, UNSURE), (6, 4, SURE), "Skillnaden efter medianinkomst minskade", "två områden"),
        ((8, 6, SURE), (6, 5.5, UNSURE), "Skillnaden mellan högsta", "ytterligheterna"),
        ((8, 6, SURE), (4, 6, SURE), "Måtten pekar åt olika håll", "beror på"),
        ((8, 7.5, UNSURE), (6, 5.5, UNSURE), "Det går inte att säga", "inte visar"),
        # A negative SII (the higher end is worse off) that shrinks towards zero narrows.
        ((8, 6, SURE), (-6, -4, SURE), "Ja, skillnaden minskar", "2012–2024"),
    ],
)
def test_one_sentence_for_every_combination_of_d_and_sii(d, sii, starts, holds):
    text = _say(_points(*d), _points(*sii))
    assert text.startswith(starts), text
    assert holds in text
    assert text.count(". ") == 0 and text.endswith(".")  # one sentence


def test_no_yes_or_no_unless_both_changes_are_significant():
    for d, sii in [((8, 7, UNSURE), (6, 4, SURE)), ((8, 6, SURE), (6, 5.5, UNSURE))]:
        text = _say(_points(*d), _points(*sii))
        assert not text.startswith(("Ja", "Nej"))
        en = _say(_points(*d), _points(*sii), "en")
        assert not en.startswith(("Yes", "No,"))
        assert "not significant" in en or "no significant" in en


def test_different_runs_name_both_periods_and_one_year_says_nothing():
    sii = _points(6, 4, SURE).assign(year=[2015, 2024])
    assert "2012–2024 (SII 2015–2024)" in _say(_points(8, 6, SURE), sii)
    assert _say(_points(8, 6, SURE).head(1), _points(6, 4, SURE)) is None
