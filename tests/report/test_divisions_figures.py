"""The Områdesindelningar page's figures: where a new municipality lies in Sweden (issue 13)."""

from __future__ import annotations

import json

import pytest

from dashboard.report.divisions import sweden_map
from geodata.municipalities import register


@pytest.mark.parametrize(
    ("lang", "title"), [("sv", "Linköping i Sverige"), ("en", "Linköping in Sweden")]
)
def test_the_sweden_map_fills_the_municipality_among_all_of_the_register(lang, title):
    fig = sweden_map("0580", lang)
    (trace,) = fig.data
    assert len(trace.locations) == len(register())  # every municipality of SCB's register
    filled = [code for code, z in zip(trace.locations, trace.z, strict=True) if z == 1]
    assert filled == ["0580"]
    assert fig.layout.title.text == title
    assert fig.layout.map.style == "white-bg"  # no tiles: nothing leaves the machine
    # Light enough for a page: simplified, rounded outlines.
    assert len(json.dumps(trace.geojson)) < 250_000


def test_names_in_the_sweden_map_are_text():
    hover = sweden_map("0180", "sv").data[0].text
    assert "Stockholm" in hover and not [n for n in hover if "<" in n]
