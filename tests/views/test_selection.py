"""Selections offer only combinations with data; a view's data is joined and classified right."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from indicators.core.formatting import format_number
from indicators.views.map import gap_summary, map_data
from indicators.views.selection import Selection, resolve


def test_defaults_are_the_finest_level_newest_year_total(loaded_store, package):
    choices = resolve(loaded_store.inventory(), package, {})
    assert choices.selection == Selection("0180", "stadsdel", "life_expectancy", "2024", "total")
    assert choices.cities == ["0180", "1480", "1280"]
    assert choices.notes == []


def test_period_averages_are_kept_apart_from_single_years(loaded_store, package):
    choices = resolve(
        loaded_store.inventory(),
        package,
        {"city": "1280", "area_type": "stadsdel_10", "indicator": "life_expectancy"},
    )
    assert "2006-2010" in choices.years
    assert choices.years.index("2006-2010") > choices.years.index("2012")


def test_years_without_values_are_not_offered(loaded_store, package):
    choices = resolve(
        loaded_store.inventory(),
        package,
        {"city": "0180", "indicator": "reading_grade3", "year": "2020"},
    )
    assert "2020" not in choices.years and "2021" not in choices.years
    assert choices.empty_years == ["2020", "2021"]
    assert [n.key for n in choices.notes] == ["note_year_unavailable"]


def test_map_data_classifies_missing_and_suppressed(loaded_store):
    sel = Selection("1280", "delomrade", "life_expectancy", "2024", "total")
    data = map_data(loaded_store, sel)
    counts = data.districts["status"].value_counts().to_dict()
    assert counts["suppressed"] > 0
    assert sum(counts.values()) == 136
    suppressed = data.districts[data.districts["status"] == "suppressed"]
    assert suppressed["value"].isna().all()
    assert data.synthetic
    assert (
        data.scale[0]
        <= data.districts["value"].min()
        <= data.districts["value"].max()
        <= data.scale[1]
    )


def test_districts_without_rows_are_shown_as_missing(loaded_store):
    sel = Selection("1280", "stadsdel_10", "life_expectancy", "2006-2010", "women")
    codes = {"centrum": "Centrum", "nowhere": "Nowhere"}
    data = map_data(loaded_store, sel, codes)
    nowhere = data.districts[data.districts["area_code"] == "nowhere"]
    assert nowhere["status"].tolist() == ["missing"]
    assert not data.synthetic
    assert data.population_synthetic  # the weights are example data


def _districts(values, populations):
    return pd.DataFrame(
        {
            "area_name": [f"d{i}" for i in range(len(values))],
            "value": values,
            "population": populations,
        }
    )


def test_gap_summary_on_a_small_table():
    summary = gap_summary(_districts([80.0, 84.0, None, 82.0], [1000, 3000, 500, None]))
    assert summary.highest == ("d1", 84.0)
    assert summary.lowest == ("d0", 80.0)
    assert summary.difference == 4.0
    assert summary.ratio == 84.0 / 80.0
    assert summary.weighted_mean == (80 * 1000 + 84 * 3000) / 4000
    assert (summary.n_districts, summary.n_with_value) == (4, 3)


@given(st.lists(st.floats(0.1, 1000), min_size=1, max_size=30), st.randoms())
def test_gap_summary_is_unchanged_by_order_and_zero_when_equal(values, rnd):
    shuffled = values[:]
    rnd.shuffle(shuffled)
    a = gap_summary(_districts(values, [1.0] * len(values)))
    b = gap_summary(_districts(shuffled, [1.0] * len(values)))
    assert a.difference == b.difference
    assert math.isclose(a.weighted_mean, b.weighted_mean, rel_tol=1e-9)
    equal = gap_summary(_districts([values[0]] * len(values), [1.0] * len(values)))
    assert equal.difference == 0 and equal.ratio == 1


@given(st.floats(-1e9, 1e9, allow_nan=False), st.integers(0, 3))
def test_swedish_numbers_read_back_as_the_same_number(value, decimals):
    text = format_number(value, decimals, "sv")
    back = float(text.replace("\u00a0", "").replace(",", "."))
    assert math.isclose(back, round(value, decimals), abs_tol=10**-decimals)
