"""Trend and gap exports name every input by role and carry the example-data note (issue 8)."""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook

from dashboard.report import exporting
from dashboard.report.exports import SYNTHETIC_NOTE
from dashboard.report.figures import provenance_runs
from indicators.views import trends

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def malmo(loaded_store):
    """Malmö, stadsdel_10, employment rate up to 2011: published values, but the population
    weights and the median-income quintiles behind SII are example data."""
    cat = loaded_store.catalog()
    ind = cat["employment_rate"]
    series = trends.district_series(loaded_store, "1280", "stadsdel_10", ind.id, "total")
    refs = trends.reference_series(loaded_store, "1280", ind.id, "total")
    series = series[series["year"] <= 2011]
    refs = refs[refs["year"] <= 2011]
    assert not series["synthetic"].any()  # the values are published
    view = exporting.TrendView(
        "1280", "stadsdel_10", ind, "total", False, series, refs,
        trends.highlight_defaults(series), [],
    )  # fmt: skip
    gaps = trends.gaps_by_year(
        loaded_store, "1280", ["stadsdel_10"], ind, "total",
        stratifier=cat["median_income"],
    )  # fmt: skip
    gaps = gaps[gaps["year"] <= 2011]
    export = exporting.gap_export(
        view, gaps, ["d", "sii"], ["stadsdel_10"], cat["median_income"], "sv", today=TODAY
    )
    return view, gaps, export


def _footer(fig) -> str:
    """The figure's notes as one line (the page wraps the footer at spaces)."""
    return " ".join(a.text for a in fig.layout.annotations if a.text).replace("<br>", " ")


def test_the_gap_figure_names_each_source_by_role_with_the_note(malmo):
    view, gaps, export = malmo
    sii = gaps[(gaps["measure"] == "sii") & gaps["value"].notna()]
    prov = sii["provenance"].iloc[0]
    values, weights, ranking = (prov.sources(r) for r in ("values", "weights", "ranking"))
    assert values and weights and ranking
    footer = _footer(export.figure)
    assert footer.startswith("Källor – värden: " + values[0])
    assert "befolkning/vikter: " + weights[0] in footer
    assert "rangordning efter: " + ranking[0] in footer
    assert SYNTHETIC_NOTE["sv"] in footer


def test_the_gap_csv_and_xlsx_list_sources_by_role_and_carry_the_note(malmo):
    _view, gaps, export = malmo
    text = export.file("csv").decode("utf-8-sig")
    for head in ("Värden: Malmö stad", "Befolkning/vikter: ", "Rangordning efter: "):
        assert head in text
    assert SYNTHETIC_NOTE["sv"] in text
    sheet = load_workbook(io.BytesIO(export.file("xlsx"))).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any(c.startswith("Befolkning/vikter: ") for c in cells)
    assert any(c.startswith("Rangordning efter: ") for c in cells)
    assert any(SYNTHETIC_NOTE["sv"] in c for c in cells)
    # The SII rows' own note says which inputs are example data; D of real values has none.
    # (the table has one row per gap row, in the same order)
    notes = export.table["Anmärkning"].to_numpy()
    valued = gaps["value"].notna().to_numpy()
    sii = (gaps["measure"] == "sii").to_numpy()
    assert valued[sii].any()
    assert all("befolkning/vikter" in n for n in notes[sii & valued])
    assert not any(SYNTHETIC_NOTE["sv"] in n for n in notes[~sii & valued])


def test_the_gap_svg_and_its_description_carry_the_sources_and_the_note(malmo):
    _view, _gaps, export = malmo
    root = ET.fromstring(export.file("svg"))
    text = "".join(root.itertext())
    assert "befolkning/vikter" in text.lower() and SYNTHETIC_NOTE["sv"] in text
    desc = export.meta.description
    assert "befolkning/vikter:" in desc and "rangordning efter:" in desc
    assert desc.endswith(SYNTHETIC_NOTE["sv"] + ".")


def test_the_trend_export_names_values_and_comparison(malmo):
    view, _gaps, _export = malmo
    export = exporting.trend_export(view, "sv", today=TODAY)
    footer = _footer(export.figure)
    assert "värden: Malmö stad" in footer and "jämförelse: " in footer
    lines = export.meta.sources
    assert any(s.startswith("Värden: ") for s in lines)
    assert any(s.startswith("Jämförelse: ") for s in lines)
    assert export.meta.synthetic == view.references["synthetic"].any()


def test_a_gap_line_breaks_where_its_sources_change(loaded_store):
    # Malmö's D of employment: published 2010–2011, invented 2012: two runs, never joined.
    cat = loaded_store.catalog()
    gaps = trends.gaps_by_year(
        loaded_store, "1280", ["stadsdel_10"], cat["employment_rate"], "total", measures=("d",)
    )
    valued = gaps[gaps["value"].notna()].sort_values("year")
    runs = provenance_runs(valued)
    assert [bool(r["synthetic"].iloc[0]) for r in runs] == [False, True]
    view = exporting.TrendView(
        "1280", "stadsdel_10", cat["employment_rate"], "total", False,
        trends.district_series(loaded_store, "1280", "stadsdel_10", "employment_rate", "total"),
        trends.reference_series(loaded_store, "1280", "employment_rate", "total"), [], [],
    )  # fmt: skip
    fig = exporting.gap_export(view, gaps, ["d"], ["stadsdel_10"], None, "sv", today=TODAY).figure
    lines = [tr for tr in fig.data if tr.mode == "lines+markers"]
    years = [set(tr.x) for tr in lines]
    assert len(lines) == 2
    assert not (years[0] & years[1])


def test_the_gap_csv_writes_each_measure_with_the_charts_decimals(malmo):
    # Employment has 1 decimal: D in percentage points gets 2 ("40,00", not "40" or
    # "39,999999"), as the gap chart shows it; every value row of D has them.
    _view, gaps, export = malmo
    lines = export.file("csv").decode("utf-8-sig").splitlines()
    d_rows = [line.split(";") for line in lines if line.startswith("Differens (D)")]
    values = [row[3] for row in d_rows if row[3]]
    assert values and all(re.fullmatch(r"\d+,\d\d", v) for v in values), values
    sheet = load_workbook(io.BytesIO(export.file("xlsx"))).active
    formats = {
        c.number_format for row in sheet.iter_rows() for c in row if isinstance(c.value, float)
    }
    assert "0.00" in formats
