"""Three cities side by side: districts per city and each city's measures with coverage."""

from __future__ import annotations

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
