"""Every figure type to every format, rendered by kaleido with Debian's chromium.

The PNG decodes at the requested size and is not blank; the SVG parses and carries the
title and the source line; the PDF has one page with the title; the CSV reads back to the
same numbers; example data always carries its note; injected cells are neutralised.
One browser serves the whole session (dashboard/render.py).
"""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from dashboard.report import exporting, render
from dashboard.report.exports import SYNTHETIC_NOTE
from dashboard.report.figures import MAP_PLOT_SIZE
from indicators.views import compare, trends
from indicators.views.factsheet import CityFacts
from indicators.views.map import MapData, map_data, map_view
from indicators.views.selection import Selection

KINDS = ("map", "ranking", "trend", "gap", "compare", "factsheet")
NOTE = SYNTHETIC_NOTE["sv"]
TODAY = dt.date(2026, 11, 27)
LINK = "http://127.0.0.1:8501/karta?city=1480&area_type=primaromrade&lang=sv"

# `make test` installs Debian's chromium; without it these tests fail, never skip.
assert render.available(), f"no chromium at {render.CHROMIUM}: run `make test`, which installs it"


@pytest.fixture(scope="module")
def exports(loaded_store, package, tmp_path_factory) -> dict[str, exporting.FigureExport]:
    """One export of each figure kind, built as the pages build them (Göteborg, 2024)."""
    store, cat = loaded_store, loaded_store.catalog()
    life = cat["life_expectancy"]
    sel = Selection("1480", "primaromrade", "life_expectancy", "2024", "total")
    boundaries = tmp_path_factory.mktemp("boundaries")
    shown = map_view(store, package, sel, cache_dir=boundaries, plot_size=MAP_PLOT_SIZE)
    layer, view = shown.layer, shown.data
    series = trends.district_series(store, "1480", "primaromrade", "life_expectancy", "total")
    refs = trends.reference_series(store, "1480", "life_expectancy", "total")
    trend_view = exporting.TrendView(
        "1480", "primaromrade", life, "total", False, series, refs,
        trends.highlight_defaults(series), [],
    )  # fmt: skip
    chain = ["stadsdelsnamnd_10", "stadsomrade_4"]
    gap_view = exporting.TrendView(
        "1480", "stadsomrade_4", life, "total", False,
        trends.district_series(store, "1480", "stadsomrade_4", "life_expectancy", "total"),
        refs, [], [(2021, "ny indelning 2021")],
    )  # fmt: skip
    gaps = trends.gaps_by_year(
        store, "1480", chain, life, "total", measures=("d", "sii"), stratifier=cat["median_income"]
    )
    rows = compare.districts(
        store, {"0180": "stadsdel", "1480": "primaromrade", "1280": "delomrade"},
        "life_expectancy", 2024, "total",
    )  # fmt: skip
    facts = CityFacts.load(store, "1480", "primaromrade")
    kw = {"link": LINK, "today": TODAY}
    return {
        "map": exporting.map_export(
            layer.geojson, layer.center, layer.zoom, view, life, "sv", **kw
        ),
        "ranking": exporting.ranking_export(view, life, "sv", **kw),
        "trend": exporting.trend_export(trend_view, "sv", **kw),
        "gap": exporting.gap_export(
            gap_view, gaps, ["d", "sii"], chain, cat["median_income"], "sv", **kw
        ),
        "compare": exporting.compare_export(rows, life, "2024", "total", "sv", **kw),
        "factsheet": exporting.factsheet_export(facts.sheet("604"), cat, "sv", **kw),
    }


def _plain(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("kind", KINDS)
def test_png_decodes_at_the_requested_size_and_is_not_blank(exports, kind):
    export = exports[kind]
    fig = export.export_figure("a4")
    image = Image.open(io.BytesIO(export.file("png")))
    assert image.size == (2 * fig.layout.width, 2 * fig.layout.height)
    if kind != "factsheet":
        assert fig.layout.width == render.A4.width  # 16 cm at 96 dpi
    grey = np.asarray(image.convert("L"))
    assert (grey < 200).mean() > 0.01, "almost nothing drawn"
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 22)) > 20
    # The description travels inside the file, and says the data are example data.
    assert image.text["Description"] == export.meta.description
    assert NOTE in image.text["Description"]


@pytest.mark.parametrize("kind", ["map", "ranking", "trend", "gap", "compare"])
def test_slide_png_is_16_to_9(exports, kind):
    image = Image.open(io.BytesIO(exports[kind].file("png", "slide")))
    assert image.size == (2560, 1440)


@pytest.mark.parametrize("kind", KINDS)
def test_svg_parses_and_carries_title_source_note_date_and_link(exports, kind):
    export = exports[kind]
    root = ET.fromstring(export.file("svg"))
    text = _plain("".join(root.itertext()))
    assert export.meta.title in text
    # One source, or each source by its role (issue 8).
    sources = (
        "Källa: Exempeldata",
        "Källor: Exempeldata",
        "Källor – värden: Exempeldata",
        "Källor: Värden: Exempeldata",
    )
    assert any(s in text for s in sources)
    assert NOTE in text
    assert "Hämtad 27 november 2026" in text
    assert LINK in text
    assert root.find("{http://www.w3.org/2000/svg}desc").text == export.meta.description


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_has_one_page_with_the_title_and_the_note(exports, kind):
    export = exports[kind]
    reader = PdfReader(io.BytesIO(export.file("pdf")))
    assert len(reader.pages) == 1
    text = _plain(reader.pages[0].extract_text())
    assert _plain(export.meta.title) in text
    assert NOTE in text
    assert reader.metadata.title == export.meta.title
    assert reader.metadata.subject == export.meta.description
    width_cm = float(reader.pages[0].mediabox.width) / 72 * 2.54
    assert width_cm == pytest.approx(21.0 if kind == "factsheet" else 16.0, abs=0.1)


@pytest.mark.parametrize("kind", KINDS)
def test_csv_reads_back_to_the_same_numbers(exports, kind):
    export = exports[kind]
    back = pd.read_csv(io.BytesIO(export.file("csv")), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(back.columns) == list(export.table.columns)
    np.testing.assert_allclose(
        back["Värde"].to_numpy(dtype=float),
        export.table["Värde"].to_numpy(dtype=float),
        equal_nan=True,
    )
    assert back["Anmärkning"].fillna("").str.contains(NOTE).any()


@pytest.mark.parametrize("kind", KINDS)
def test_xlsx_carries_metadata_and_the_note(exports, kind):
    export = exports[kind]
    ws = load_workbook(io.BytesIO(export.file("xlsx"))).active
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert ws["A1"].value == export.meta.title
    assert NOTE in texts
    assert LINK in texts
    assert "2026-11-27" in texts


def test_the_map_export_is_the_page_figure_with_the_export_footer(exports):
    export = exports["map"]
    assert export.figure.data[0].type == "choroplethmap"
    footer = export.export_figure("a4").layout.annotations[-1].text
    assert footer.startswith("Källor – värden: Exempeldata")  # each source by its role
    assert "Hämtad 27 november 2026 ur Jämlik stad" in footer
    assert f'href="{LINK}"' in footer
    assert "94 av 96 områden har ett värde." in footer


def test_a_long_ranking_keeps_both_ends_on_a_slide(exports):
    fig = exports["ranking"].export_figure("slide")
    labels = list(fig.data[0].y)
    assert len(labels) < 96
    gap = [label for label in labels if "däremellan" in label]
    assert len(gap) == 1
    assert labels[-1] == "Björlanda" and labels[0] == "Hammarkullen"


def _evil_view() -> MapData:
    districts = pd.DataFrame(
        {
            "area_code": ["1", "2", "3"],
            "area_name": ['=HYPERLINK("http://evil","klick")', "+SUM(1)", "Örgryte"],
            "value": [80.5, 78.25, 82.0],
            "ci_low": [None, None, None],
            "ci_high": [None, None, None],
            "flag": ["", "", ""],
            "source": ["@cmd", "-1+1", "SCB"],
            "synthetic": [False, False, False],
            "status": ["value", "value", "value"],
            "population": [1000.0, 2000.0, 3000.0],
        }
    )
    sel = Selection("1480", "primaromrade", "life_expectancy", "2024", "total")
    return MapData(sel, districts, 80.0, (78.0, 83.0), False, ["@cmd", "SCB"])


def test_injected_cells_are_neutralised_in_csv_and_xlsx(loaded_store):
    life = loaded_store.catalog()["life_expectancy"]
    export = exporting.ranking_export(_evil_view(), life, "sv", link=LINK, today=TODAY)
    back = pd.read_csv(
        io.BytesIO(export.file("csv")),
        sep=";",
        encoding="utf-8-sig",
        dtype=str,
        keep_default_na=False,
    )
    assert back["Område"].tolist()[:2] == ['\'=HYPERLINK("http://evil","klick")', "'+SUM(1)"]
    assert back["Källa"].tolist()[:2] == ["'@cmd", "'-1+1"]
    ws = load_workbook(io.BytesIO(export.file("xlsx"))).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "'@cmd" in [c.value for c in cells]  # the metadata block's source line too
    # Real data: no example-data note anywhere.
    assert NOTE not in export.file("csv").decode("utf-8-sig")
    assert not export.meta.synthetic


def test_real_published_data_carry_no_example_note(loaded_store, package):
    cat = loaded_store.catalog()
    sel = Selection("1280", "stadsdel_10", "life_expectancy", "2006-2010", "women")
    view = map_data(loaded_store, sel)
    export = exporting.ranking_export(view, cat["life_expectancy"], "sv", link=LINK, today=TODAY)
    # The values are published; only the population beside them is example data, and
    # only it is marked so (issue 8: a synthetic input is never left without its note).
    assert export.meta.provenance.synthetic_roles() == ("weights",)
    text = export.file("csv").decode("utf-8-sig")
    assert len(text.splitlines()) == 11  # the header and ten stadsdelar
    assert text.count(NOTE) == text.count(f"Folkmängd: {NOTE}") == 10
    assert "medelvärde 2006–2010" in text
