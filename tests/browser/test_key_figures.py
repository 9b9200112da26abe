"""The map's key figures are whole at 1440 and 1024 px (issue 11, item 6), in Chromium."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

#: Each key figure's label and value: whether the text is wider than its box (cut, "…"),
#: or reaches past the window's right edge.
CUT_JS = """() => [...document.querySelectorAll(
        '[data-testid="stMetricValue"], [data-testid="stMetricLabel"]')].map(el => ({
    text: el.innerText,
    cut: el.scrollWidth > el.clientWidth + 1
        || [...el.querySelectorAll('*')].some(c => c.scrollWidth > c.clientWidth + 1),
    outside: el.getBoundingClientRect().right > window.innerWidth,
}))"""


@pytest.mark.parametrize("width", [1440, 1024])
@pytest.mark.parametrize(
    "view",
    ["city=1480&indicator=reading_grade3", "city=0180&indicator=median_income&lang=en"],
    ids=["percent-sv", "thousand-SEK-en"],
)
def test_key_figures_are_not_cut(page, width, view):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/karta?{view}")
    # The metrics, not the map: a fresh server loads the package first (slow on a busy
    # machine), and the figures do not wait for MapLibre.
    page.wait_for_function(
        """() => document.querySelectorAll('[data-testid="stMetricValue"]').length >= 4""",
        timeout=180_000,
    )
    shown = page.evaluate(CUT_JS)
    assert len(shown) >= 8  # four or five figures, each a label and a value
    for item in shown:
        assert not item["cut"] and not item["outside"], item
        assert "…" not in item["text"], item
