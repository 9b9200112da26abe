"""CSV and XLSX for Swedish Excel, formula injection neutralised, descriptions inside images."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader, PdfWriter

from dashboard.report.exports import (
    SYNTHETIC_NOTE,
    ExportMeta,
    csv_bytes,
    file_stem,
    merge_pdfs,
    neutralise,
    permalink,
    png_with_text,
    svg_with_text,
    with_description,
    xlsx_bytes,
)

NOTE = SYNTHETIC_NOTE["sv"]
EVIL = ['=HYPERLINK("http://x","klick")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _meta(synthetic: bool = True, **kw) -> ExportMeta:
    return ExportMeta(
        title=kw.get("title", "Medellivslängd, Göteborg 2024"),
        selection="Göteborg · Primärområden · 2024 · Totalt",
        unit="år",
        sources=kw.get("sources", ("Exempeldata (syntetiska värden)",)),
        synthetic=synthetic,
        date=dt.date(2026, 11, 27),
        permalink="http://127.0.0.1:8501/karta?city=1480&year=2024",
        notes=kw.get("notes", ("94 av 96 områden har ett värde.",)),
        lang="sv",
        description="Karta: Medellivslängd. Högst: Björlanda (87,8 år).",
    )


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Område": ["Högsbo", "Örgryte", "Åkered", *EVIL],
            "År": [2024] * 9,
            "Värde": [81.25, 79.0, np.nan, 1.5, -2.75, 3.0, 1234567.125, 0.001, 80.0],
            "Anmärkning": ["", "Uppgift saknas", NOTE, "", "", "", "", "", ""],
            "Källa": ["SCB", "SCB", "SCB", "@cmd", "=1", "ok", "ok", "ok", "ok"],
        }
    )


@pytest.mark.parametrize("value", EVIL)
def test_cells_that_would_be_formulas_get_an_apostrophe(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Angered", "", "Källa: SCB", "81,5", 81.5, -3, None, "a=b"])
def test_other_cells_are_left_alone(value):
    assert neutralise(value) == value


def test_csv_is_utf8_bom_semicolon_decimal_comma_crlf():
    data = csv_bytes(_frame(), _meta())
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0] == "Område;År;Värde;Anmärkning;Källa"
    assert lines[1] == "Högsbo;2024;81,25;;SCB"
    # Missing is an empty cell, never zero; numbers have no thousands separator.
    assert lines[3] == f"Åkered;2024;;{NOTE};SCB"
    assert "1234567,125" in text


def test_csv_reads_back_to_the_same_numbers():
    frame = _frame()
    back = pd.read_csv(io.BytesIO(csv_bytes(frame)), sep=";", decimal=",", encoding="utf-8-sig")
    np.testing.assert_allclose(back["Värde"], frame["Värde"], equal_nan=True)
    assert back["År"].tolist() == frame["År"].tolist()
    assert back["Område"][:3].tolist() == ["Högsbo", "Örgryte", "Åkered"]


def test_csv_neutralises_every_injected_text_cell_and_header():
    frame = _frame().rename(columns={"Källa": "=Källa"})
    back = pd.read_csv(
        io.BytesIO(csv_bytes(frame)),
        sep=";",
        decimal=",",
        encoding="utf-8-sig",
        dtype=str,
        keep_default_na=False,
    )
    assert back.columns[-1] == "'=Källa"
    assert back["Område"][3:].tolist() == ["'" + e for e in EVIL]
    assert back["'=Källa"][3:5].tolist() == ["'@cmd", "'=1"]


def test_synthetic_data_always_carries_its_note_in_the_csv():
    plain = pd.DataFrame({"Område": ["A"], "Värde": [1.0]})
    with_note = csv_bytes(plain, _meta(synthetic=True)).decode("utf-8-sig")
    assert NOTE in with_note
    assert NOTE not in csv_bytes(plain, _meta(synthetic=False)).decode("utf-8-sig")
    # A table that already says so on its rows gets no extra column.
    assert csv_bytes(_frame(), _meta()).decode("utf-8-sig").splitlines()[0].count(";") == 4


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_xlsx_has_a_metadata_block_above_the_table():
    meta = _meta()
    ws = _sheet(xlsx_bytes(_frame(), meta))
    block = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, 12) if ws.cell(r, 1).value}
    assert ws["A1"].value == meta.title
    assert block["Urval"] == meta.selection
    assert block["Enhet"] == "år"
    assert block["Källa"] == meta.sources[0]
    assert block["Hämtad"] == "2026-11-27"
    assert block["Länk"] == meta.permalink
    link_row = next(r for r in range(1, 15) if ws.cell(r, 1).value == "Länk")
    assert ws.cell(link_row, 2).hyperlink.target == meta.permalink
    notes = [ws.cell(r, 2).value for r in range(1, 15) if ws.cell(r, 1).value == "Anmärkningar"]
    assert notes == ["94 av 96 områden har ett värde.", NOTE]
    wb = load_workbook(io.BytesIO(xlsx_bytes(_frame(), meta)))
    assert wb.properties.title == meta.title


def test_xlsx_table_reads_back_and_holds_no_formula():
    frame = _frame()
    data = xlsx_bytes(frame, _meta())
    ws = _sheet(data)
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Område")
    back = pd.read_excel(io.BytesIO(data), skiprows=header - 1)
    np.testing.assert_allclose(back["Värde"], frame["Värde"], equal_nan=True)
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    names = back["Område"].tolist()[3:]
    assert all(isinstance(n, str) and n.startswith("'") for n in names)
    assert back["Källa"][3:5].tolist() == ["'@cmd", "'=1"]


def test_xlsx_of_real_data_has_no_example_note():
    ws = _sheet(xlsx_bytes(_frame().assign(Anmärkning=""), _meta(synthetic=False)))
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert NOTE not in texts


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def test_png_carries_title_and_description_and_the_same_pixels():
    plain = _png()
    data = png_with_text(plain, {"Title": "Medellivslängd", "Description": "Högst: Åkered"})
    image = Image.open(io.BytesIO(data))
    assert image.text["Description"] == "Högst: Åkered"
    assert image.text["Title"] == "Medellivslängd"
    assert image.tobytes() == Image.open(io.BytesIO(plain)).tobytes()


def test_svg_gets_title_and_desc_as_first_children_escaped():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'
    root = ET.fromstring(svg_with_text(svg, "A & B", "x < y"))
    ns = "{http://www.w3.org/2000/svg}"
    assert [child.tag for child in root][:2] == [f"{ns}title", f"{ns}desc"]
    assert root.find(f"{ns}title").text == "A & B"
    assert root.find(f"{ns}desc").text == "x < y"
    assert root.get("role") == "img"


def _pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=100)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_carries_title_subject_and_language():
    data = with_description(_pdf(), "pdf", "Områdesfakta", "Folkmängd 4 279", "sv")
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "Områdesfakta"
    assert reader.metadata.subject == "Folkmängd 4 279"
    assert reader.trailer["/Root"]["/Lang"] == "sv-SE"


def test_merged_pdf_has_every_page_and_a_bookmark_each():
    data = merge_pdfs([("Angered", _pdf()), ("Örgryte", _pdf())], "Rapport", "Två sidor")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2
    assert [o.title for o in reader.outline] == ["Angered", "Örgryte"]
    assert reader.metadata.title == "Rapport"


def test_permalink_keeps_commas_and_encodes_the_rest():
    url = permalink("http://h:1/", "utveckling", {"highlight": "605,604", "x": "å b"})
    assert url == "http://h:1/utveckling?highlight=605,604&x=%C3%A5+b"


def test_file_stems_are_plain_ascii():
    assert (
        file_stem("Förvärvsfrekvens 20–64 år", "Malmö", None, "")
        == "forvarvsfrekvens-20-64-ar-malmo"
    )
    assert file_stem("…") == "export"
