"""Population weights: which population rows weight a view's values, and how they join them."""

from __future__ import annotations

import pandas as pd

from indicators.core.places import weight_sex
from indicators.table.store import Store


def single_years(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of single years only: a multi-year average is not a point of a yearly series."""
    return rows[rows["period"] == ""]


def population_weights(
    store: Store, city: str, area_type: str, indicator: str, sex: str, *, year: int | None = None
) -> pd.DataFrame:
    """The single-year population rows that weight ``indicator`` shown for ``sex`` (CNI by
    the whole population: ``core.places.weight_sex``), every year or one."""
    kwargs = {} if year is None else {"year": year}
    rows = store.current(
        municipality_code=city,
        area_type=area_type,
        indicator="population",
        sex=weight_sex(indicator, sex),
        **kwargs,
    )
    return single_years(rows)


def population_columns(population: pd.DataFrame) -> pd.DataFrame:
    """Population rows as the columns a view carries beside its values, to merge on area_code."""
    return population[["area_code", "value", "source", "synthetic"]].rename(
        columns={
            "value": "population",
            "source": "population_source",
            "synthetic": "population_synthetic",
        }
    )
