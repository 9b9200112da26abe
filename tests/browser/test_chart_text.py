"""Chart text as Chromium draws it on the pages has 4.5:1 contrast (issue 11, item 4).

The figures set their text colour; this reads the colour each SVG text of each chart is
painted in, after Streamlit's theme has been applied, so a theme's grey (3.7:1) fails.
"""

from __future__ import annotations

import pytest

from tests.browser.test_trends_compare import CHARTS_DRAWN_JS

pytestmark = pytest.mark.browser

#: (text, fill) of every visible, non-empty text of every plotly chart on the page; hover
#: labels are left out (drawn only while hovering).
FILLS_JS = """() => [...document.querySelectorAll('.js-plotly-plot svg text')]
    .filter(el => el.textContent.trim() && !el.closest('.hoverlayer')
        && el.getBoundingClientRect().width > 0)
    .map(el => [el.textContent.trim(), getComputedStyle(el).fill])"""


def _luminance(rgb: str) -> float:
    values = [float(v) / 255 for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    lin = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.mark.parametrize(
    ("path", "charts"), [("/utveckling?city=1480", 2), ("/jamfor?indicator=cni&year=2020", 1)]
)
def test_chart_text_on_the_page_has_4_5_to_1_against_white(page, path, charts):
    page.goto(path)
    # A fresh server loads the package first: slow on a busy machine.
    drawn = page.wait_for_function(CHARTS_DRAWN_JS, arg=charts, timeout=240_000).json_value()
    assert drawn == "drawn", drawn
    fills = page.evaluate(FILLS_JS)
    assert len(fills) > 10
    low = [(text, fill) for text, fill in fills if 1.05 / (_luminance(fill) + 0.05) < 4.5]
    assert low == []
