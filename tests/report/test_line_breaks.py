"""No line or band is drawn across years without data (issue 11, item 9).

Reading in year 3 was not tested in 2020–2021: the trend and the gap chart stop in 2019
and start again in 2022, for the districts, the city, Sverige and every measure.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from dashboard.report import exporting
from dashboard.report.figures import FigureText, gap_lines
from indicators.views import trends

TODAY = dt.date(2026, 11, 27)
NO_TEST = (2020, 2021)


@pytest.fixture(scope="module")
def reading(loaded_store):
    cat = loaded_store.catalog()
    ind = cat["reading_grade3"]
    series = trends.district_series(loaded_store, "1480", "primaromrade", ind.id, "total")
    refs = trends.reference_series(loaded_store, "1480", ind.id, "total")
    # The data package has rows for 2020–2021, all without a value.
    assert series.loc[series["year"].isin(NO_TEST), "value"].isna().all()
    view = exporting.TrendView(
        "1480", "primaromrade", ind, "total", False, series, refs,
        trends.highlight_defaults(series), [],
    )  # fmt: skip
    return view


def _drawn_spans(trace) -> list[tuple[float, float]]:
    """Year pairs a line or band joins: neighbours along the trace with values at both."""
    points = list(zip(trace.x, trace.y, strict=True))
    spans = []
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if not (_has(y0) and _has(y1)):
            continue
        spans.append((min(x0, x1), max(x0, x1)))
    return spans


def _has(y: object) -> bool:
    return y is not None and not (isinstance(y, float) and math.isnan(y))


def _crosses(fig, years) -> list[str]:
    lo, hi = min(years) - 1, max(years) + 1
    return [str(tr.name) for tr in fig.data for a, b in _drawn_spans(tr) if a <= lo and b >= hi]


def test_trend_lines_and_bands_stop_where_the_test_was_not_held(reading):
    fig = exporting.trend_export(reading, "sv", today=TODAY).figure
    assert fig.data, "nothing drawn"
    assert _crosses(fig, NO_TEST) == []
    # The chosen districts, the city and Sverige are drawn on both sides of the gap.
    named = [tr for tr in fig.data if tr.showlegend is not False and tr.mode]
    for tr in named:
        drawn = {x for x, y in zip(tr.x, tr.y, strict=True) if y is not None and y == y}
        assert 2019 in drawn and 2022 in drawn, tr.name


def test_gap_lines_stop_at_years_without_a_measure():
    rows = []
    for year in (2017, 2018, 2019, 2022, 2023):  # no measure in 2020–2021
        rows.append(
            {"measure": "d", "area_type": "stadsomrade_4", "year": year, "value": 3.0 + year % 3,
             "ci_low": 2.0, "ci_high": 5.0, "synthetic": False}
        )  # fmt: skip
    text = FigureText("T", "S", "Källa: X", None, "saknas", "sekretess", "")
    fig = gap_lines(
        pd.DataFrame(rows), lang="sv", text=text, measure_names={"d": "D"},
        segment_names={"stadsomrade_4": "Stadsområden"}, unit="år", decimals=1,
    )  # fmt: skip
    assert _crosses(fig, NO_TEST) == []
    line = next(tr for tr in fig.data if tr.mode == "lines+markers")
    assert [x for x, y in zip(line.x, line.y, strict=True) if y == y and y is not None] == [
        2017, 2018, 2019, 2022, 2023,
    ]  # fmt: skip
