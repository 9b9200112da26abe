"""Uploaded text and URL parameters stay text: no link, style or image in any markup (F4).

The hostile strings are those of the security review: a source that was a phishing link and
large red text in every figure, and a URL that became a link and an external image.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

import pandas as pd
from pypdf import PdfReader

from dashboard.report import exporting
from dashboard.report.figures import FigureText, choropleth, ranking
from dashboard.report.markup import html_text, markdown_t, markdown_text, plain, plotly_text
from indicators.table.catalog import Indicator
from indicators.views.map import MapData
from indicators.views.selection import Selection

LINK_SOURCE = '<a href="https://evil.example/login">Officiell källa: SCB – logga in här</a>'
STYLED = '<span style="font-size:40px;color:red">FEL DATA</span> <b>fet</b>'
BIDI = "SCB \u202egnp.exe\u202c rapport"
URL_PARAM = (
    "[Logga in på nytt](https://evil.example/login) ![p](http://127.0.0.1:8612/reflected.png)"
)
LIFE = Indicator(
    "life_expectancy", "Medellivslängd", "Life expectancy", "år", "years", True, 1, "", ""
)
SVG = "{http://www.w3.org/2000/svg}"


def _districts(names: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_code": [str(i) for i in range(len(names))],
            "area_name": names,
            "value": [80.5 + i for i in range(len(names))],
            "ci_low": None,
            "ci_high": None,
            "flag": "",
            "source": LINK_SOURCE,
            "synthetic": False,
            "status": "value",
            "population": 1000.0,
        }
    )


def test_each_target_gets_literal_text():
    assert plotly_text(LINK_SOURCE).startswith("&lt;a href=")
    assert "<" not in plotly_text(STYLED) and "&amp;" in plotly_text("A & B")
    assert plotly_text("rad 1\nrad 2") == "rad 1<br>rad 2"
    assert html_text(STYLED).startswith("&lt;span style=&quot;")
    assert plain(BIDI) == "SCB gnp.exe rapport"
    escaped = markdown_text(URL_PARAM)
    assert "](" not in escaped and "![" not in escaped and "https://" not in escaped
    assert markdown_text("**fet** _kursiv_ :red[röd] $x$ <b>") == (
        r"\*\*fet\*\* \_kursiv\_ \:red\[röd\] \$x\$ \<b\>"
    )
    note = markdown_t("note_city_unavailable", "sv", requested=URL_PARAM, chosen="0180")
    assert "\\[Logga in på nytt\\]" in note and "0180" in note


def test_figures_carry_sources_and_area_names_as_text():
    text = FigureText(
        f"Områdesfakta {STYLED}", BIDI, f"Källa: {LINK_SOURCE}", None, "Saknas", "Skyddat", ""
    )
    names = ["<b>Bro</b>", STYLED, "Åby"]
    geojson = {"type": "FeatureCollection", "features": []}
    center = {"lat": 57.7, "lon": 12.0}
    figures = [
        choropleth(
            geojson,
            _districts(names),
            LIFE,
            lang="sv",
            text=text,
            scale=None,
            center=center,
            zoom=10,
        ),  # fmt: skip
        ranking(_districts(names), LIFE, lang="sv", text=text, scale=None, city_value=81.0),
    ]
    for fig in figures:
        spec = fig.to_json()
        assert "<a " not in spec and '<span style=\\"font-size:40px' not in spec
        assert "\u202e" not in json.loads(spec)["layout"]["title"]["subtitle"]["text"]
        footer = " ".join(a.text for a in fig.layout.annotations).replace("<br>", " ")
        assert 'Källa: &lt;a href="https://evil.example/login"&gt;Officiell källa' in footer
        # Escaped, then wrapped to a phone's width (line breaks are the only markup added).
        title = fig.layout.title.text.replace("<br>", " ")
        assert title.startswith("Områdesfakta &lt;span style=")
    assert list(figures[0].data[0].customdata[0]) == ["&lt;b&gt;Bro&lt;/b&gt;", "80,5 år"]
    assert "&lt;b&gt;Bro&lt;/b&gt;" in list(figures[1].data[0].y)


def test_an_exported_figure_shows_the_hostile_source_as_text_without_a_link():
    sel = Selection("1480", "primaromrade", "life_expectancy", "2024", "total")
    view = MapData(sel, _districts(["Bro", "<b>Åby</b>"]), 81.0, (78.0, 83.0), False,
                   [LINK_SOURCE, STYLED])  # fmt: skip
    export = exporting.ranking_export(view, LIFE, "sv", link="", today=dt.date(2026, 11, 27))
    root = ET.fromstring(export.file("svg"))
    links = [
        a.get("{http://www.w3.org/1999/xlink}href") or a.get("href") for a in root.iter(f"{SVG}a")
    ]
    assert "https://evil.example/login" not in links
    big = [t for t in root.iter(f"{SVG}tspan") if "40px" in (t.get("style") or "")]
    assert not big
    text = " ".join("".join(root.itertext()).split())
    assert '<a href="https://evil.example/login">Officiell källa' in text
    assert "<b>Åby</b>" in text
    pdf = " ".join(PdfReader(io.BytesIO(export.file("pdf"))).pages[0].extract_text().split())
    assert "FEL DATA</span>" in pdf


def test_trend_lines_are_named_as_text():
    from dashboard.report.figures import district_lines

    series = pd.DataFrame(
        {
            "area_code": ["1", "1", "2", "2"],
            "area_name": [STYLED, STYLED, "Åby", "Åby"],
            "year": [2020, 2021, 2020, 2021],
            "value": [80.0, 81.0, 82.0, 83.0],
            "ci_low": None,
            "ci_high": None,
            "synthetic": False,
            "source": "SCB",
        }
    )
    refs = pd.DataFrame(columns=["municipality_code", "year", "value"])
    text = FigureText("T", "U", "Källa: SCB", None, "Saknas", "Skyddat", "")
    for highlight in ([], ["1"]):
        fig = district_lines(series, refs, highlight, LIFE, lang="sv", text=text,
                             reference_names={})  # fmt: skip
        names = {trace.name for trace in fig.data if trace.name}
        assert not [n for n in names if "<span" in n]
        assert any(n.startswith("&lt;span style=") for n in names)


def test_table_cells_and_headers_are_literal_markdown_and_numbers_stay_numbers():
    from dashboard.report.markup import markdown_frame

    frame = pd.DataFrame(
        {"Område [län](x)": ["![p](https://evil.example/p.png)", None], "Värde": [81.5, None]}
    )
    shown = markdown_frame(frame)
    assert list(shown.columns) == ["Område \\[län\\]\\(x\\)", "Värde"]
    assert shown.iloc[0, 0] == "\\!\\[p\\]\\(https\\:\\/\\/evil\\.example\\/p\\.png\\)"
    assert pd.isna(shown.iloc[1, 0])
    assert shown["Värde"].dtype == frame["Värde"].dtype and shown.iloc[0, 1] == 81.5
    assert frame.iloc[0, 0].startswith("![p]")  # the caller's frame is unchanged
