"""Overviews of what the store holds: area types with their periods, indicators, datasets."""

from __future__ import annotations

import pandas as pd

from indicators.core.formatting import year_span
from indicators.core.places import CITY_CODES, MUNICIPALITIES
from indicators.table.catalog import Indicator
from indicators.table.package import Package
from indicators.views.selection import area_type_order, district_inventory


def area_types_overview(inventory: pd.DataFrame, package: Package) -> pd.DataFrame:
    """One row per city and area type with values: areas, validity, boundary status, years."""
    inv = district_inventory(inventory)
    inv = inv[inv["n_values"] > 0]
    rows = []
    for (city, area_type), part in inv.groupby(["municipality_code", "area_type"], sort=False):
        res = package.boundary(city, area_type)
        rows.append(
            {
                "municipality_code": city,
                "city": MUNICIPALITIES.get(city, city),
                "area_type": area_type,
                "n_areas": res.n_features if res else None,
                "valid_from": res.valid_from if res else None,
                "valid_to": res.valid_to if res else None,
                "status": res.status if res else "",
                "has_map": res is not None,
                "years": year_span(part.loc[part["period"] == "", "year"]),
                "periods": ", ".join(sorted(set(part["period"]) - {""})),
                "n_indicators": part["indicator"].nunique(),
            }
        )
    frame = pd.DataFrame(rows)
    # The three cities first, then every other municipality by code, Sverige last.
    order = [*CITY_CODES, *sorted(set(MUNICIPALITIES) - set(CITY_CODES) - {"00"}), "00"]
    city_order = {c: i for i, c in enumerate(order)}
    frame["_city"] = frame["municipality_code"].map(city_order)
    frame["_order"] = 0
    for city, part in frame.groupby("municipality_code"):
        order = area_type_order(package, str(city), part["area_type"])
        frame.loc[part.index, "_order"] = part["area_type"].map(order.index)
    return (
        frame.sort_values(["_city", "_order"])
        .drop(columns=["_order", "_city"])
        .reset_index(drop=True)
    )


def indicators_overview(inventory: pd.DataFrame, catalog: dict[str, Indicator]) -> pd.DataFrame:
    """One row per indicator with values: cities, years, and whether values are real or synthetic."""
    inv = inventory[inventory["n_values"] > 0]
    rows = []
    for ind_id, part in inv.groupby("indicator"):
        ind = catalog.get(ind_id)
        cities = [
            MUNICIPALITIES.get(c, c) for c in MUNICIPALITIES if c in set(part["municipality_code"])
        ]
        rows.append(
            {
                "indicator": ind_id,
                "indicator_obj": ind,
                "cities": ", ".join(cities),
                "years": year_span(part.loc[part["period"] == "", "year"]),
                "real": bool((~part["all_synthetic"]).any()),
                "synthetic": bool(part["synthetic"].any()),
            }
        )
    return pd.DataFrame(rows)
