"""Exported figures keep every axis number, legend entry and the whole subtitle on the page.

Issue 11, item 1: exported trend and gap charts lost the left of their y tick labels ("‚0")
and the end of their subtitle ("Exempeldata – inte officiell" without "statistik").
Chromium leaves glyphs that fall outside the page out of a PDF, so the PDF's text is read
back: each y tick label the SVG draws, and the whole subtitle, are in it as whole words.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest
from pypdf import PdfReader

from dashboard.report import render
from tests.report.test_exporting import KINDS, exports  # noqa: F401 (the fixture)

SVG = "{http://www.w3.org/2000/svg}"
CASES = [(k, s) for k in KINDS for s in ("a4", "slide") if not (k == "factsheet" and s == "slide")]


def _plain(text: str) -> str:
    return " ".join(text.split())


def _tags_out(text: str) -> str:
    return _plain(re.sub(r"<br>", " ", re.sub(r"<(?!br)[^>]+>", "", text)))


def _classed(root: ET.Element, cls: str) -> list[ET.Element]:
    return [el for el in root.iter() if cls in (el.get("class") or "").split()]


def _translate_x(el: ET.Element) -> float:
    found = re.search(r"translate\(([-\d.]+)", el.get("transform") or "")
    return float(found.group(1)) if found else 0.0


def _font_px(el: ET.Element) -> float:
    return float(re.search(r"font-size: ([\d.]+)px", el.get("style") or "").group(1))


def _y_tick_labels(root: ET.Element) -> list[ET.Element]:
    return [t for g in _classed(root, "ytick") for t in g.iter(f"{SVG}text")]


@pytest.mark.parametrize(("kind", "size"), CASES)
def test_pdf_holds_every_y_tick_label_and_the_whole_subtitle(exports, kind, size):  # noqa: F811
    export = exports[kind]
    root = ET.fromstring(export.file("svg", size))
    labels = ["".join(t.itertext()) for t in _y_tick_labels(root)]
    pdf = _plain(PdfReader(io.BytesIO(export.file("pdf", size))).pages[0].extract_text())
    if kind not in ("map", "factsheet"):
        assert labels, "no y tick labels drawn"
    for label in labels:
        # A whole word: "4,0" cut at the page's edge reads ",0" or "‚0".
        assert re.search(rf"(?<!\S){re.escape(_plain(label))}(?!\S)", pdf), label
    subtitle = _tags_out(export.figure.layout.title.subtitle.text or "")
    assert subtitle and subtitle in pdf
    assert export.meta.synthetic_note in subtitle
    for trace in export.figure.data:
        if trace.showlegend is not False and trace.name and kind in ("trend", "gap"):
            assert _tags_out(trace.name) in pdf


@pytest.mark.parametrize(("kind", "size"), CASES)
def test_svg_draws_tick_labels_and_title_lines_inside_the_page(exports, kind, size):  # noqa: F811
    export = exports[kind]
    root = ET.fromstring(export.file("svg", size))
    width = float(root.get("width"))
    # Tick labels end at their x (text-anchor end); half an em a character is a digit's width.
    for label in _y_tick_labels(root):
        right = float(label.get("x")) + _translate_x(label)
        text = "".join(label.itertext())
        assert right - 0.5 * _font_px(label) * len(text) >= 0, text
    for cls in ("gtitle", "gtitle-subtitle"):
        for el in _classed(root, cls):
            lines = [ln for ln in el.iter(f"{SVG}tspan") if "line" in (ln.get("class") or "")]
            for line in lines or [el]:
                text = "".join(line.itertext())
                x = float(line.get("x") or el.get("x"))
                assert x + 0.5 * _font_px(el) * len(text) <= width, text
    # The narrow column's legend stands above the plot, one line per entry.
    if kind in ("trend", "gap") and size == "a4":
        assert export.export_figure(size).layout.legend.orientation == "h"


def test_wrap_html_closes_and_reopens_tags_at_a_break():
    text = 'Totalt · år · <span style="color:#8a1c00"><b>Exempeldata – inte officiell</b></span>'
    lines = render.wrap_html(text, 24)
    assert all(len(re.sub(r"<[^>]+>", "", ln)) <= 24 for ln in lines)
    assert _tags_out(" ".join(lines)) == _tags_out(text)
    for line in lines[1:]:
        assert line.startswith('<span style="color:#8a1c00"><b>')
        assert line.endswith("</b></span>")
