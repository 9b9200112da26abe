"""Issue 8 §5: the gap chart and table print each measure in its own unit."""

from __future__ import annotations

import datetime as dt

from dashboard.report import exporting
from indicators.views import trends

CHAIN = ["stadsdelsnamnd_10", "stadsomrade_4"]


def test_gap_chart_and_table_units_follow_the_measure(loaded_store):
    cat = loaded_store.catalog()
    life = cat["life_expectancy"]
    view = exporting.TrendView(
        "1480", "stadsomrade_4", life, "total", False,
        trends.district_series(loaded_store, "1480", "stadsomrade_4", "life_expectancy", "total"),
        trends.reference_series(loaded_store, "1480", "life_expectancy", "total"),
        [], [],
    )  # fmt: skip
    measures = ["d", "rii", "bgv"]
    gaps = trends.gaps_by_year(
        loaded_store, "1480", CHAIN, life, "total", measures=tuple(measures),
        stratifier=cat["median_income"],
    )  # fmt: skip
    export = exporting.gap_export(
        view, gaps, measures, CHAIN, cat["median_income"], "sv",
        link="http://127.0.0.1:8501/", today=dt.date(2026, 11, 28),
    )  # fmt: skip
    table = export.table
    unit_by_measure = dict(zip(table.iloc[:, 0], table["Enhet"], strict=False))
    names = {m: exporting.measure_name(m, "sv") for m in measures}
    assert unit_by_measure[names["d"]] == "år"
    assert unit_by_measure[names["rii"]] == ""
    assert unit_by_measure[names["bgv"]] == "år²"
    # The chart: hover texts of RII carry no "år", BGV's carry "år²", the mixed axis none.
    texts: dict[str, list[str]] = {}
    for tr in export.figure.data:
        texts.setdefault(tr.name.split("<br>")[0], []).extend(tr.customdata or [])
    short = {m: exporting.measure_name(m, "sv", short=True) for m in measures}
    rii = [x for x in texts.get(short["rii"], []) if x != "–"]
    bgv = [x for x in texts.get(short["bgv"], []) if x != "–"]
    assert rii and not any("år" in x for x in rii)
    assert bgv and all(x.endswith("år²") for x in bgv)
    assert export.figure.layout.yaxis.title.text in ("", None)
