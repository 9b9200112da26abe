"""Descriptions of exported figures, and the data of a district's fact sheet (Områdesfakta)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.report import alttext
from dashboard.report.exports import SYNTHETIC_NOTE
from indicators.table.catalog import Indicator
from indicators.views.factsheet import HEADLINE, CityFacts, area_types_with_facts

LIFE = Indicator(
    "life_expectancy", "Medellivslängd", "Life expectancy", "år", "years", True, 1, "", ""
)
DISTRICTS = pd.DataFrame(
    {
        "area_name": ["Angered", "Askim", "Biskopsgården", "Tynnered"],
        "value": [76.5, 86.0, 79.0, None],
    }
)


def test_a_map_description_names_highest_lowest_and_the_gap():
    text = alttext.describe_districts(
        "map", "Medellivslängd, Göteborg 2024", DISTRICTS, LIFE, reference=("Göteborg totalt", 82.1)
    )
    assert text == (
        "Karta: Medellivslängd, Göteborg 2024. 3 av 4 områden har ett värde. "
        "Högst: Askim (86,0 år), lägst: Angered (76,5 år); skillnad 9,5 år, kvot 1,12. "
        "Göteborg totalt: 82,1 år."
    )


def test_descriptions_in_english_and_of_example_data():
    text = alttext.describe_districts(
        "ranking", "Life expectancy", DISTRICTS, LIFE, "en", synthetic=True
    )
    assert text.startswith(
        "Bar chart: Life expectancy. 3 of 4 areas have a value. Highest: Askim (86.0 years)"
    )
    assert text.endswith(SYNTHETIC_NOTE["en"] + ".")


def test_a_change_map_describes_the_largest_changes_with_signs():
    change = DISTRICTS.assign(value=[1.5, -0.5, 0.0, None])
    text = alttext.describe_districts("map", "Förändring", change, LIFE, change=True)
    assert "störst i Angered (+1,5 år) och minst i Askim (-0,5 år)." in text


def test_no_values_is_said_plainly():
    empty = DISTRICTS.assign(value=None)
    assert "Inget område har ett värde." in alttext.describe_districts("map", "T", empty, LIFE)


def test_a_trend_description_spans_the_years_and_the_gap_then_and_now():
    series = pd.DataFrame(
        {
            "area_code": ["a", "b", "a", "b"],
            "area_name": ["A", "B", "A", "B"],
            "year": [2010, 2010, 2024, 2024],
            "value": [80.0, 78.0, 84.0, 79.0],
        }
    )
    text = alttext.describe_trend("Medellivslängd per område", series, LIFE)
    assert "En linje per område (2 områden), 2010–2024." in text
    assert "År 2024: Högst: A (84,0 år), lägst: B (79,0 år); skillnad 5,0 år" in text
    assert "Skillnaden högst–lägst var 2,0 år år 2010." in text


def test_gap_and_comparison_descriptions():
    gaps = pd.DataFrame(
        {"measure": ["d", "d"], "area_type": ["x", "x"], "year": [2011, 2020], "value": [2.7, 3.1]}
    )
    assert "Differens: 2,70 år 2011 och 3,10 år 2020." in alttext.describe_gaps(
        "Skillnader", gaps, {"d": "Differens"}
    )
    rows = DISTRICTS.assign(municipality_code=["1480"] * 4)
    text = alttext.describe_comparison("Jämförelse", rows, LIFE, {"1480": "Göteborg"})
    assert (
        "Göteborg: 3 områden, median 79,0 år, från 76,5 år (Angered) till 86,0 år (Askim)." in text
    )


@pytest.fixture(scope="module")
def gothenburg(loaded_store) -> CityFacts:
    return CityFacts.load(loaded_store, "1480", "primaromrade")


def test_every_primary_area_of_gothenburg_has_a_fact_sheet(gothenburg, loaded_store):
    assert len(gothenburg.areas()) == 96
    assert gothenburg.indicators == list(HEADLINE)
    assert "primaromrade" in area_types_with_facts(loaded_store.inventory(), "1480")


def test_a_fact_sheet_holds_the_latest_values_of_district_city_and_sweden(gothenburg, loaded_store):
    code, name = gothenburg.areas()[0]
    sheet = gothenburg.sheet(code)
    assert sheet.area_name == name
    life = sheet.facts.set_index("indicator").loc["life_expectancy"]
    assert life["year"] == 2024
    stored = loaded_store.current(
        municipality_code="1480", area_type="primaromrade", area_code=code,
        indicator="life_expectancy", year=2024, sex="total",
    )  # fmt: skip
    assert life["value"] == pytest.approx(float(stored["value"].iloc[0]))
    city = loaded_store.current(
        municipality_code="1480", area_type="municipality", indicator="life_expectancy",
        year=2024, sex="total",
    )  # fmt: skip
    assert life["city_value"] == pytest.approx(float(city["value"].iloc[0]))
    assert life["country_value"] is not None
    assert life["district_min"] <= life["value"] <= life["district_max"]
    assert 1 <= life["rank"] <= life["n_with_value"]
    # The population is the newest the store holds for the district, which may be a later
    # year than the other key figures (the package has real population up to 2025).
    pops = loaded_store.current(
        municipality_code="1480", area_type="primaromrade", area_code=code,
        indicator="population", sex="total",
    ).dropna(subset=["value"])  # fmt: skip
    newest = pops.loc[pops["year"].idxmax()]
    assert sheet.population == (pytest.approx(newest["value"]), int(newest["year"]))
    assert sheet.synthetic
    levels = set(sheet.trends[sheet.trends["indicator"] == "life_expectancy"]["level"])
    assert levels == {"area", "city", "country"}
    assert set(sheet.trends[sheet.trends["indicator"] == "population"]["level"]) == {"area"}


def test_a_fact_sheet_as_of_an_earlier_year(loaded_store):
    facts = CityFacts.load(loaded_store, "1480", "primaromrade", until=2019)
    sheet = facts.sheet(facts.areas()[0][0])
    assert set(sheet.facts["year"]) == {2019}
    assert sheet.trends["year"].max() <= 2019


def test_an_unknown_area_has_no_fact_sheet(gothenburg):
    with pytest.raises(KeyError):
        gothenburg.sheet("no-such-area")


def test_the_fact_sheet_description_lists_each_key_figure(gothenburg, loaded_store):
    sheet = gothenburg.sheet(gothenburg.areas()[0][0])
    text = alttext.describe_fact_sheet(
        sheet.area_name, sheet.facts, sheet.population, "Göteborg", loaded_store.catalog(),
        synthetic=sheet.synthetic,
    )  # fmt: skip
    assert text.startswith(f"Områdesfakta: {sheet.area_name}. Folkmängd ")
    assert "Medellivslängd vid födseln 2024: " in text and "Sverige" in text
    assert text.endswith(SYNTHETIC_NOTE["sv"] + ".")
