"""Provenance by role in every map, ranking, comparison and fact-sheet export (issue 8, §1).

The case of the issue: Malmö, stadsdel_10, employment 2010–2011 are published values, but
the population weights (and the median-income quintiles behind SII) are example data.
Every figure, table, description and file of such a view names each source by its role
and carries the example-data note; no export of a view with any synthetic input lacks it.
"""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from dashboard.report import exporting, render, tables
from dashboard.report.exports import SYNTHETIC_NOTE
from dashboard.report.figures import MAP_PLOT_SIZE
from indicators.views import compare
from indicators.views.factsheet import CityFacts
from indicators.views.map import map_data, map_view
from indicators.views.selection import Selection

MALMO, AREA_TYPE, INDICATOR, YEAR = "1280", "stadsdel_10", "employment_rate", 2010
NOTE = SYNTHETIC_NOTE["sv"]
TODAY = dt.date(2026, 11, 27)
KINDS = ("map", "ranking", "compare", "factsheet")

assert render.available(), f"no chromium at {render.CHROMIUM}: run `make test`, which installs it"


def _rows(store, indicator: str, area_type: str = AREA_TYPE, city: str = MALMO) -> pd.DataFrame:
    rows = store.current(
        municipality_code=city, area_type=area_type, indicator=indicator, year=YEAR, sex="total"
    )
    return rows[rows["period"] == ""]


@pytest.fixture(scope="module")
def case(loaded_store) -> dict[str, pd.DataFrame]:
    """The package's rows of the case, checked to be what the issue describes."""
    values = _rows(loaded_store, INDICATOR)
    population = _rows(loaded_store, "population")
    strat = _rows(loaded_store, "median_income")
    city = _rows(loaded_store, INDICATOR, "municipality")
    assert len(values) and not values["synthetic"].any(), "the values are published"
    assert len(population) and population["synthetic"].all(), "the population is example data"
    assert len(strat) and strat["synthetic"].all(), "the stratifier is example data"
    return {"values": values, "population": population, "strat": strat, "city": city}


@pytest.fixture(scope="module")
def exports(loaded_store, package, tmp_path_factory) -> dict[str, exporting.FigureExport]:
    store, cat = loaded_store, loaded_store.catalog()
    ind = cat[INDICATOR]
    sel = Selection(MALMO, AREA_TYPE, INDICATOR, str(YEAR), "total")
    boundaries = tmp_path_factory.mktemp("boundaries")
    shown = map_view(store, package, sel, cache_dir=boundaries, plot_size=MAP_PLOT_SIZE)
    layer, view = shown.layer, shown.data
    rows = compare.districts(store, {MALMO: AREA_TYPE}, INDICATOR, YEAR, "total")
    table = compare.gap_table(store, rows, ind, stratifier=cat["median_income"], year=YEAR)
    # A fact sheet as of 2010 of the indicator whose district values are published.
    facts = CityFacts.load(store, MALMO, AREA_TYPE, indicators=(INDICATOR,), until=YEAR)
    kw = {"link": "http://127.0.0.1:8501/karta?city=1280", "today": TODAY}
    return {
        "map": exporting.map_export(layer.geojson, layer.center, layer.zoom, view, ind, "sv", **kw),
        "ranking": exporting.ranking_export(view, ind, "sv", **kw),
        "compare": exporting.compare_export(rows, ind, str(YEAR), "total", "sv", table=table, **kw),
        "factsheet": exporting.factsheet_export(facts.sheet(facts.areas()[0][0]), cat, "sv", **kw),
    }


def _sources(frame: pd.DataFrame) -> list[str]:
    return sorted(set(frame["source"].dropna()))


def test_the_map_view_names_its_inputs_by_role(loaded_store, case):
    sel = Selection(MALMO, AREA_TYPE, INDICATOR, str(YEAR), "total")
    view = map_data(loaded_store, sel)
    prov = view.provenance
    assert prov.sources("values") == _sources(case["values"])
    assert prov.sources("weights") == _sources(case["population"])
    assert prov.sources("reference") == _sources(case["city"])
    assert prov.synthetic and prov.synthetic_roles() == ("weights",)


def test_map_csv_of_real_values_with_a_synthetic_population_carries_the_note(exports, case):
    # Today: the CSV carries a synthetic population column without any note.
    text = exports["map"].file("csv").decode("utf-8-sig")
    header, *lines = [line.split(";") for line in text.split("\r\n") if line]
    assert "Folkmängd (exempeldata)" in header
    assert "Källa, folkmängd" in header
    population = header.index("Folkmängd (exempeldata)")
    note = header.index("Anmärkning")
    assert len(lines) == len(case["values"])
    for line in lines:
        assert line[population].isdigit()  # a count: "29462", never "29462,0"
        assert f"Folkmängd: {NOTE}" in line[note]
    # Both sources, each in its own column.
    assert set(_sources(case["values"])) <= {line[header.index("Källa")] for line in lines}
    assert set(_sources(case["population"])) <= {
        line[header.index("Källa, folkmängd")] for line in lines
    }


@pytest.mark.parametrize("kind", ["map", "ranking"])
def test_map_and_ranking_figures_name_both_sources_by_role_with_the_note(exports, case, kind):
    texts = [a.text for a in exports[kind].figure.layout.annotations if a.text]
    # The page wraps the footer to a phone's width at spaces: read it as one line.
    footer = next(text for text in texts if text.startswith("Källor")).replace("<br>", " ")
    assert footer.startswith("Källor – värden: ")
    for source in _sources(case["values"]):
        assert source in footer
    for source in _sources(case["population"]):
        # The package's synthetic source names itself example data; no second mark.
        assert f"befolkning/vikter: {source}" in footer
    assert NOTE in footer
    assert NOTE in exports[kind].figure.layout.title.subtitle.text


def test_compare_measures_name_the_stratifier_and_the_weights(exports, case):
    meta = exports["compare"].meta
    assert meta.synthetic
    lines = meta.source_lines()
    assert any(line.startswith("Värden: ") for line in lines)
    assert f"Befolkning/vikter: {'; '.join(_sources(case['population']))}" in lines
    assert f"Rangordning efter: {'; '.join(_sources(case['strat']))}" in lines


def _xlsx_text(data: bytes) -> str:
    ws = load_workbook(io.BytesIO(data)).active
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


def _plain(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("kind", KINDS)
def test_no_export_of_a_view_with_any_synthetic_input_lacks_the_note(exports, case, kind):
    """Every file of every kind: the note and each source named by its role."""
    export = exports[kind]
    values = _sources(case["values"])
    population = _sources(case["population"])
    # The description (alt text), alone and inside each image.
    description = export.meta.description
    assert NOTE in description
    assert "värden: " in description and "befolkning/vikter: " in description
    assert all(s in description for s in values + population)
    image = Image.open(io.BytesIO(export.file("png")))
    assert image.text["Description"] == description
    svg = _plain("".join(ET.fromstring(export.file("svg")).itertext()))
    pdf = PdfReader(io.BytesIO(export.file("pdf")))
    assert pdf.metadata.subject == description
    pdf_text = _plain(pdf.pages[0].extract_text())
    for text in (svg, pdf_text):
        assert NOTE in text
        assert "värden:" in text and "befolkning/vikter:" in text
    assert "Källor – värden:" in svg
    # The tables.
    csv = export.file("csv").decode("utf-8-sig")
    assert NOTE in csv
    assert all(s in csv for s in values + population)
    xlsx = _xlsx_text(export.file("xlsx"))
    assert NOTE in xlsx
    for role in ("Värden: ", "Befolkning/vikter: "):
        assert role in xlsx
    assert all(s in xlsx for s in values + population)


def test_compare_table_shows_each_citys_areas_and_mean_population(loaded_store):
    catalog = loaded_store.catalog()
    types = {"0180": "stadsdel", "1480": "primaromrade", "1280": "delomrade"}
    rows = compare.districts(loaded_store, types, "life_expectancy", 2024, "total")
    table = compare.gap_table(
        loaded_store, rows, catalog["life_expectancy"], stratifier=None, year=2024
    ).set_index("municipality_code")
    for city, area_type in types.items():
        stored = loaded_store.current(
            municipality_code=city, area_type=area_type, indicator="life_expectancy",
            year=2024, sex="total",
        )  # fmt: skip
        stored = stored[stored["period"] == ""]
        population = loaded_store.current(
            municipality_code=city, area_type=area_type, indicator="population",
            year=2024, sex="total",
        )  # fmt: skip
        population = population[
            (population["period"] == "") & population["area_code"].isin(stored["area_code"])
        ]
        assert table.loc[city, "n_districts"] == stored["area_code"].nunique()
        assert table.loc[city, "mean_population"] == pytest.approx(
            population["value"].sum() / population["value"].notna().sum()
        )
    shown = tables.comparison(table.reset_index(), catalog["life_expectancy"], "sv", None)
    assert list(shown["Antal områden"]) == [int(table.loc[c, "n_districts"]) for c in types]
    assert "Medelfolkmängd per område" in shown.columns
    export = exporting.compare_export(rows, catalog["life_expectancy"], "2024", "total", "sv",
                                      table=table.reset_index())  # fmt: skip
    data = export.table
    for city, name in (("0180", "Stockholm"), ("1480", "Göteborg"), ("1280", "Malmö")):
        mine = data[data["Stad"] == name]
        assert set(mine["Antal områden"]) == {int(table.loc[city, "n_districts"])}
        assert set(mine["Medelfolkmängd per område"]) == {round(table.loc[city, "mean_population"])}


def test_compare_page_never_calls_a_measure_the_fair_comparison():
    from dashboard.report.i18n import t

    for lang in ("sv", "en"):
        text = t("compare_note", lang).lower()
        assert "hellre" not in text and "prefer" not in text
        assert "områden" in text or "areas" in text
