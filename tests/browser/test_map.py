"""The map page in a real browser: the map is drawn, a shared link opens its view, changes reach the URL."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import plotly
import pytest
from PIL import Image

from tests.browser.conftest import wait_for_map

pytestmark = pytest.mark.browser

#: The venv's plotly.js, from the header of the file the dashboard serves.
PLOTLY_JS_VERSION = re.search(
    r"plotly\.js v(\S+)",
    (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").open().read(200),
)[1]


def _params(url: str) -> dict[str, str]:
    return {key: values[-1] for key, values in parse_qs(urlsplit(url).query).items()}


def _shown(page, label: str) -> str:
    """What the selectbox labelled ``label`` shows: the value of its combobox input."""
    return page.get_by_role("combobox", name=label, exact=True).input_value()


def _assert_page_healthy(page) -> None:
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0


def _ink(png: bytes, middle: float = 1.0) -> tuple[float, int]:
    """Share of pixels that are not white, and the number of distinct colours.

    ``middle`` keeps only that share of the width and height around the centre.
    """
    image = Image.open(io.BytesIO(png)).convert("RGB")
    if middle < 1:
        w, h = image.size
        dx, dy = round(w * (1 - middle) / 2), round(h * (1 - middle) / 2)
        image = image.crop((dx, dy, w - dx, h - dy))
    pixels = image.width * image.height
    colours = image.getcolors(maxcolors=pixels) or []
    white = sum(n for n, rgb in colours if rgb == (255, 255, 255))
    return 1 - white / pixels, len(colours)


@pytest.mark.parametrize("city", ["0180", "1480", "1280"], ids=["Stockholm", "Göteborg", "Malmö"])
def test_the_map_of_each_city_is_drawn(page, city):
    page.goto(f"/karta?city={city}")
    wait_for_map(page)
    _assert_page_healthy(page)
    assert _params(page.url)["city"] == city

    chart = page.locator(".js-plotly-plot").first
    share, colours = _ink(chart.screenshot())
    assert share >= 0.05 and colours >= 20, (share, colours)
    # The middle of the map canvas alone, clear of title, legend, colour bar and notes: a
    # map with no districts drawn would still pass the check above on those.
    share, colours = _ink(chart.locator("canvas.maplibregl-canvas").screenshot(), middle=0.5)
    assert share >= 0.05 and colours >= 20, (share, colours)


SHARED = {
    "city": "1280",
    "area_type": "stadsdel_10",
    "indicator": "life_expectancy",
    "year": "2006-2010",
    "sex": "women",
    "lang": "en",
}
SHARED_SHOWN = {
    "City": "Malmö",
    "Area type": "Districts (10, until 2013)",
    "Indicator": "Life expectancy at birth",
    "Year": "2006–2010 (average)",
    "Sex": "Women",
}


def test_a_shared_link_opens_its_view_also_after_a_reload(page):
    page.goto("/karta?" + "&".join(f"{k}={v}" for k, v in SHARED.items()))
    for opened in ("link", "reload"):
        if opened == "reload":
            # A new session, which knows the view only from the URL the first one wrote.
            page.reload()
        wait_for_map(page)
        _assert_page_healthy(page)
        assert {label: _shown(page, label) for label in SHARED_SHOWN} == SHARED_SHOWN, opened
        assert page.locator("h1").first.inner_text() == "Map", opened
        # The page may add parameters of its own, but keeps every one the link set.
        assert SHARED.items() <= _params(page.url).items(), (opened, page.url)


def _pick_other_year(page) -> str:
    """Pick a year other than the one shown in the "År" box (the page is in Swedish unless
    the link says otherwise) and wait for the map's title to name it; the year picked."""
    shown = _params(page.url)["year"]
    year_box = page.get_by_role("combobox", name="År", exact=True)
    year_box.click()
    options = page.locator('[role="option"]')
    options.first.wait_for()
    # A single year, whose label is also its value in the URL (a period's label is not).
    other = next(text for text in options.all_inner_texts() if text.isdigit() and text != shown)
    options.get_by_text(other, exact=True).click()
    page.locator(".js-plotly-plot .gtitle").first.filter(has_text=other).wait_for()
    wait_for_map(page)
    return other


def test_a_year_picked_in_the_browser_goes_into_the_url(page):
    page.goto("/karta?city=0180")
    wait_for_map(page)
    # The map itself follows: its title names the new year once redrawn.
    other = _pick_other_year(page)
    page.wait_for_function(
        "year => new URLSearchParams(location.search).get('year') === year", arg=other
    )
    assert _params(page.url)["year"] == other
    assert page.get_by_role("combobox", name="År", exact=True).input_value() == other
    _assert_page_healthy(page)


def test_a_new_year_recolours_the_map_that_is_there(page):
    # issue 10: after the page's first map (Streamlit's chart), a change of view updates the
    # live plot on the page (the same MapLibre canvas), which then shows the new year's
    # values, instead of building a new map each time.
    page.goto("/karta?city=0180")
    wait_for_map(page)
    assert page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').count() == 1
    _pick_other_year(page)
    assert page.locator(".jamlik-live-map.js-plotly-plot").count() == 1
    canvas = page.locator(".js-plotly-plot canvas.maplibregl-canvas").first
    page.evaluate("() => { window.firstCanvas = document.querySelector('.maplibregl-canvas'); }")
    values = "() => document.querySelector('.js-plotly-plot').data[0].z"
    page.wait_for_timeout(300)  # MapLibre paints on its next frame
    before, before_png = page.evaluate(values), canvas.screenshot()
    _pick_other_year(page)
    assert page.evaluate(
        "() => window.firstCanvas.isConnected"
        " && window.firstCanvas === document.querySelector('.maplibregl-canvas')"
    )
    assert page.locator(".js-plotly-plot").count() == 1
    after = page.evaluate(values)
    assert len(after) == len(before) and after != before
    # The districts' colours on the screen follow the values.
    page.wait_for_timeout(300)
    assert canvas.screenshot() != before_png
    _assert_page_healthy(page)


def test_the_live_map_brings_its_own_plotly_when_the_page_has_none(page):
    # live_map.py draws with the plotly.js Streamlit left in window.Plotly; without it, it
    # loads the venv's plotly.min.js, served by this server (never a CDN), once, as a script.
    loaded = []
    page.on("requestfinished", lambda request: loaded.append(request))
    page.goto("/karta?city=0180")
    wait_for_map(page)
    page.evaluate("() => { delete window.Plotly; }")
    year = _pick_other_year(page)
    assert page.locator(".jamlik-live-map.js-plotly-plot").count() == 1
    scripts = [r for r in loaded if r.url.endswith("/plotly.min.js")]
    assert len(scripts) == 1, [r.url for r in scripts]
    assert scripts[0].url.startswith(page.url.split("/karta")[0])
    assert scripts[0].response().status == 200
    assert "javascript" in scripts[0].response().headers["content-type"]
    assert page.evaluate("() => window.Plotly.version") == PLOTLY_JS_VERSION
    _pick_other_year(page)
    assert len([r for r in loaded if r.url.endswith("/plotly.min.js")]) == 1
    assert year not in page.locator(".js-plotly-plot .gtitle").first.text_content()
    _assert_page_healthy(page)


def test_the_root_is_the_map_with_no_failed_request_and_a_quiet_ranking(page):
    # issue 10: the landing page is the map; nothing 404s before the WebSocket opens (a deep
    # link's path costs two probes); the ranking, opened, draws without console warnings.
    failed, opened, console = [], [], []
    page.on("websocket", lambda ws: opened.append(ws.url))
    page.on("response", lambda r: failed.append(r.url) if r.status == 404 and not opened else None)
    page.on("console", lambda m: console.append(m.text))
    page.goto("/?city=1480")
    wait_for_map(page)
    _assert_page_healthy(page)
    assert page.locator("h1").first.inner_text() == "Karta"
    assert failed == []
    assert page.locator(".js-plotly-plot").count() == 1  # the ranking waits to be opened
    page.get_by_text("Rangordning", exact=True).click()
    page.locator(".js-plotly-plot").nth(1).wait_for()
    page.get_by_text("10 högsta / 10 lägsta").wait_for()
    # 10 highest and 10 lowest drawn; the gap's place (no value) has no visible bar.
    drawn = (
        page.locator(".js-plotly-plot")
        .nth(1)
        .evaluate(
            "el => [...el.querySelectorAll('.bars .point path')]"
            ".filter(p => p.getBBox().width > 1).length"
        )
    )
    assert drawn == 20
    assert not [m for m in console if "Invalid color" in m]
