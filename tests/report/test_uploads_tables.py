"""The history and upload tables as officials read them: Stockholm time, cities and indicators by name."""

from __future__ import annotations

import pandas as pd

from dashboard.report import uploads
from indicators.ingest import versions


def _history(imported_at: str, withdrawn_at: str | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "version": 7,
                "origin": "upload",
                "file_name": "gbg.xlsx",
                "sha256": "ab" * 32,
                "editor": "anna",
                "imported_at": imported_at,
                "n_rows": 10,
                "n_new": 10,
                "n_changed": 0,
                "n_unchanged": 0,
                "synthetic": False,
                "withdrawn_at": withdrawn_at,
                "withdrawn_by": "bo" if withdrawn_at else None,
            }
        ],
        columns=list(versions.HISTORY_COLUMNS),
    )


def test_history_shows_stockholm_time_winter_and_summer():
    # 21:50 UTC in November is 22:50 in Stockholm (CET); 21:50 UTC in July is 23:50 (CEST).
    table = uploads.history_table(_history("2026-11-28T21:50:00Z", "2026-07-01T21:50:00Z"), "sv")
    assert table["Inläst"].tolist() == ["2026-11-28 22:50"]
    assert table["Tillbakadragen"].iloc[0].startswith("2026-07-01 23:50")
    assert "Z" not in table["Inläst"].iloc[0]


def test_history_names_the_cities_and_indicators_of_each_version(catalog):
    contents = pd.DataFrame(
        {
            "dataset_id": [7, 7, 7],
            "municipality_code": ["1480", "1480", "1280"],
            "indicator": ["life_expectancy", "median_income", "life_expectancy"],
        }
    )
    table = uploads.history_table(_history("2026-11-28T21:50:00Z"), "sv", contents, catalog)
    assert table["Stad"].iloc[0] == "Göteborg, Malmö"
    names = table["Indikator"].iloc[0]
    assert catalog["life_expectancy"].name("sv") in names
    assert catalog["median_income"].name("sv") in names
    en = uploads.history_table(_history("2026-11-28T21:50:00Z"), "en", contents, catalog)
    assert catalog["median_income"].name("en") in en["Indicator"].iloc[0]
