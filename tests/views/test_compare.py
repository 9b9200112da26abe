"""Three cities side by side: districts per city and each city's measures with coverage."""

from __future__ import annotations

import pandas as pd

from indicators.views.compare import area_type_options, comparable_indicators, districts, gap_table


def test_finest_area_types_come_first(loaded_store):
    inv = loaded_store.inventory()
    assert area_type_options(inv, "0180", "life_expectancy", 2024, "total")[0] == "stadsdel"
    assert area_type_options(inv, "1480", "life_expectancy", 2024, "total")[0] == "primaromrade"
    assert area_type_options(inv, "1280", "life_expectancy", 2024, "total")[0] == "delomrade"
    assert {"life_expectancy", "cni", "median_income"} <= set(comparable_indicators(inv))


def test_gap_table_for_the_three_cities(loaded_store):
    catalog = loaded_store.catalog()
    types = {"0180": "stadsdel", "1480": "primaromrade", "1280": "delomrade"}
    rows = districts(loaded_store, types, "life_expectancy", 2024, "total")
    table = gap_table(
        loaded_store,
        rows,
        catalog["life_expectancy"],
        stratifier=catalog["median_income"],
        year=2024,
    ).set_index("municipality_code")
    assert table["n_districts"].to_dict() == {"0180": 117, "1480": 96, "1280": 136}
    assert (table["n_with_value"] < table["n_districts"]).all()  # suppressed small areas
    assert (table["population_covered"] > 0.95).all()
    for city in types:
        assert (
            table.loc[city, "sii_ci_low"] < table.loc[city, "sii"] < table.loc[city, "sii_ci_high"]
        )
        assert table.loc[city, "d"] > 0 and table.loc[city, "r"] > 1
    assert table["synthetic"].all()


def _inventory(cities: dict[str, str]) -> pd.DataFrame:
    """A tiny inventory: life expectancy 2024 for each city at its one area type."""
    return pd.DataFrame(
        [
            {
                "municipality_code": c,
                "area_type": a,
                "indicator": "life_expectancy",
                "sex": "total",
                "year": 2024,
                "period": "",
                "n_rows": 10,
                "n_values": 10,
            }
            for c, a in cities.items()
        ]  # fmt: skip
    )


def test_any_municipalities_stand_side_by_side():
    from indicators.views.compare import compare_choices

    inv = _inventory({"0580": "deso_2025", "1280": "delomrade", "0180": "stadsdel", "0380": "x"})
    # By default the three cities there are; the others can be chosen.
    default = compare_choices(inv, {})
    assert default.cities == ["0180", "1280", "0380", "0580"]
    assert default.chosen == ["0180", "1280"]
    chosen = compare_choices(inv, {"cities": "0580,1280,9999"})
    assert chosen.chosen == ["0580", "1280"]  # an unknown code is dropped
    assert chosen.area_types == {"0580": "deso_2025", "1280": "delomrade"}
    assert chosen.params["cities"] == "0580,1280"
    # Without the three cities, the first municipalities there are.
    assert compare_choices(_inventory({"0580": "a", "0380": "b"}), {}).chosen == ["0380", "0580"]
