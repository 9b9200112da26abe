"""The trends and compare pages in a real browser: charts drawn for every city, sentences shown."""

from __future__ import annotations

import pytest

from tests.browser.test_map import _assert_page_healthy, _ink, _params

pytestmark = pytest.mark.browser

# True once `n` plotly charts have drawn their traces (a chart's SVG holds one group per
# trace only after plotly has rendered it); 'exception' if the page broke instead.
CHARTS_DRAWN_JS = """(n) => {
    if (document.querySelector('[data-testid="stException"]')) return 'exception';
    const charts = [...document.querySelectorAll('.js-plotly-plot')];
    return charts.length >= n && charts.every(c => c._fullData && c._fullData.length > 0
        && c.querySelectorAll('g.trace').length > 0) ? 'drawn' : false;
}"""


def _wait_for_charts(page, n: int) -> None:
    outcome = page.wait_for_function(CHARTS_DRAWN_JS, arg=n, timeout=60_000).json_value()
    assert outcome == "drawn", page.locator('[data-testid="stException"]').first.inner_text()


@pytest.mark.parametrize("city", ["0180", "1480", "1280"], ids=["Stockholm", "Göteborg", "Malmö"])
def test_trends_page_draws_lines_and_gap_for_each_city(page, city):
    page.goto(f"/utveckling?city={city}")
    _wait_for_charts(page, 2)
    _assert_page_healthy(page)
    assert _params(page.url)["city"] == city
    lines, gaps = page.locator(".js-plotly-plot").all()[:2]
    for chart in (lines, gaps):
        share, colours = _ink(chart.screenshot())
        assert share >= 0.03 and colours >= 20, (share, colours)
    assert (
        page.get_by_text("Skillnaden i medellivslängd vid födseln mellan högsta och lägsta").count()
        == 1
    )


def test_compare_page_shows_three_cities(page):
    page.goto("/jamfor?indicator=cni&year=2020")
    _wait_for_charts(page, 1)
    _assert_page_healthy(page)
    names = page.evaluate(
        "() => document.querySelector('.js-plotly-plot')._fullData.map(t => t.name)"
    )
    assert names == ["Stockholm", "Göteborg", "Malmö"]
    assert _params(page.url)["indicator"] == "cni"
    share, colours = _ink(page.locator(".js-plotly-plot").first.screenshot())
    assert share >= 0.03 and colours >= 20
