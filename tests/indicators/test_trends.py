"""Gaps over time: measures per year and division, and the sentence that describes a change."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.catalog import Indicator
from indicators.trends import change, change_sentence, gaps_by_year, measure_table

LIFE = Indicator(
    "life_expectancy",
    "Medellivslängd vid födseln",
    "Life expectancy at birth",
    "år",
    "years",
    True,
    1,
    "",
    "",
)
CNI = Indicator(
    "cni", "Care Need Index (CNI)", "Care Need Index (CNI)", "index", "index", False, 2, "", ""
)


def _points(values, lows=None, highs=None, years=(2012, 2024)):
    return pd.DataFrame(
        {
            "year": list(years),
            "value": values,
            "ci_low": lows or [None] * len(values),
            "ci_high": highs or [None] * len(values),
        }
    )


def test_the_sentence_of_the_issue_checked_by_hand():
    # D 2012 = 7.8 (7.1–8.5), D 2024 = 8.6 (7.9–9.3): up by 0.8, limits overlap.
    sentence = change_sentence(
        _points([7.8, 8.6], [7.1, 7.9], [8.5, 9.3]),
        measure="d",
        measure_name="Differens",
        indicator=LIFE,
        area_noun="stadsdel",
    )
    assert sentence == (
        "Skillnaden i medellivslängd vid födseln mellan högsta och lägsta stadsdel ökade "
        "från 7,8 år (2012) till 8,6 år (2024); konfidensintervallen överlappar, så "
        "förändringen är inte säkerställd."
    )


def test_a_change_beyond_the_limits_is_established_in_english():
    sentence = change_sentence(
        _points([9.0, 6.1], [8.5, 5.6], [9.5, 6.6]),
        measure="d",
        measure_name="Difference",
        indicator=LIFE,
        area_noun="district",
        lang="en",
    )
    assert sentence == (
        "The difference in life expectancy at birth between the highest and the lowest "
        "district decreased from 9.0 years (2012) to 6.1 years (2024); the confidence "
        "intervals do not overlap, so the change is statistically established."
    )


def test_without_limits_the_sentence_says_so_and_keeps_acronyms():
    sentence = change_sentence(
        _points([1.20, 1.20]),
        measure="r",
        measure_name="Kvot (R)",
        indicator=CNI,
        area_noun="primärområde",
        unit="",
        decimals=2,
    )
    assert sentence == (
        "Kvot (R) för Care Need Index (CNI) var oförändrat från 1,20 (2012) till 1,20 "
        "(2024); konfidensintervall saknas, så det går inte att säga om förändringen är "
        "säkerställd."
    )


def test_change_needs_two_years_with_values():
    assert change(_points([7.8, None]), 1) is None
    found = change(_points([7.8, 7.84]), 1)
    assert found.direction == "same"


def test_measure_table_uses_names_and_drops_partial_standard_errors():
    rows = pd.DataFrame(
        {
            "area_code": ["a", "b"],
            "area_name": ["Åby", "Bro"],
            "value": [80.0, 82.0],
            "ci_low": [79.0, None],
            "ci_high": [81.0, None],
        }
    )
    weights = pd.DataFrame({"area_code": ["a", "b"], "value": [100.0, 300.0]})
    table = measure_table(rows, weights)
    assert table.to_dict("list") == {
        "area": ["Åby", "Bro"],
        "value": [80.0, 82.0],
        "population": [100.0, 300.0],
    }


@pytest.fixture(scope="module")
def stockholm_gaps(loaded_store):
    catalog = loaded_store.catalog()
    chain = ["stadsdelsomrade_14", "stadsdelsomrade_13", "stadsdelsomrade_11"]
    return gaps_by_year(
        loaded_store,
        "0180",
        chain,
        catalog["life_expectancy"],
        "total",
        stratifier=catalog["median_income"],
    )


def test_each_division_is_its_own_segment_never_joined(stockholm_gaps):
    years = stockholm_gaps.groupby("area_type")["year"].agg(["min", "max"]).to_dict("index")
    assert years == {
        "stadsdelsomrade_14": {"min": 2010, "max": 2019},
        "stadsdelsomrade_13": {"min": 2020, "max": 2022},
        "stadsdelsomrade_11": {"min": 2023, "max": 2024},
    }


def test_difference_and_sii_have_limits_and_say_how(stockholm_gaps):
    d = stockholm_gaps[stockholm_gaps["measure"] == "d"]
    sii = stockholm_gaps[stockholm_gaps["measure"] == "sii"]
    assert d["value"].notna().all() and sii["value"].notna().all()
    assert (d["ci_low"] < d["value"]).all() and (d["value"] < d["ci_high"]).all()
    assert sii["ci_method"].str.contains("Monte Carlo").all()
    # Synthetic Stockholm: life expectancy rises with income, so the SII is positive.
    assert (sii["value"] > 0).all()


def test_sii_refuses_for_four_city_areas(loaded_store):
    catalog = loaded_store.catalog()
    gaps = gaps_by_year(
        loaded_store,
        "1480",
        ["stadsomrade_4"],
        catalog["life_expectancy"],
        "total",
        stratifier=catalog["median_income"],
    )
    sii = gaps[gaps["measure"] == "sii"]
    assert sii["value"].isna().all()
    assert sii["note_en"].str.len().gt(0).all()
