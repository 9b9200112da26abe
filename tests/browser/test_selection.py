"""The selection follows the user in a real browser: across pages, and from a district's
links to its Områdesfakta and trend (issue 11, item 2)."""

from __future__ import annotations

from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from dashboard.report.page_parts import district_link
from indicators.views.selection import Selection
from tests.browser.conftest import MAP_TIMEOUT_MS, wait_for_map

pytestmark = pytest.mark.browser


def _params(url: str) -> dict[str, str]:
    return {key: values[-1] for key, values in parse_qs(urlsplit(url).query).items()}


def _shown(page, label: str) -> str:
    return page.get_by_role("combobox", name=label, exact=True).input_value()


def _idle(page) -> None:
    """Streamlit has finished the run (its status widget is gone)."""
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=MAP_TIMEOUT_MS)


def _heading(page, text: str) -> None:
    page.locator("h1").filter(has_text=text).first.wait_for(timeout=MAP_TIMEOUT_MS)
    _idle(page)


def test_city_and_year_follow_across_pages(page):
    page.goto("/karta?city=1480")
    wait_for_map(page)
    _idle(page)
    year_box = page.get_by_role("combobox", name="År", exact=True)
    newest = year_box.input_value()
    year_box.click()
    options = page.locator('[role="option"]')
    options.first.wait_for()
    older = next(y for y in options.all_inner_texts() if y.isdigit() and y != newest)
    options.get_by_text(older, exact=True).click()
    page.wait_for_function("y => new URLSearchParams(location.search).get('year') === y", arg=older)
    wait_for_map(page)
    _idle(page)

    page.get_by_role("link", name="Utveckling").first.click()
    _heading(page, "Utveckling")
    assert _shown(page, "Stad") == "Göteborg"

    page.get_by_role("link", name="Karta").first.click()
    _heading(page, "Karta")
    wait_for_map(page)
    assert (_shown(page, "Stad"), _shown(page, "År")) == ("Göteborg", older)
    assert _params(page.url)["year"] == older


def test_one_back_press_returns_to_the_page_before(page):
    """A page change is one entry in the browser's history: the page's own address replaces
    the bare one Streamlit's navigation pushes, so the first Back press leaves the page."""
    page.goto("/karta?city=1280")
    wait_for_map(page)
    _idle(page)
    map_url = page.url
    entries = page.evaluate("history.length")
    page.get_by_role("link", name="Utveckling").first.click()
    _heading(page, "Utveckling")
    page.wait_for_function("() => new URLSearchParams(location.search).get('city') === '1280'")
    trends_url = page.url
    assert page.evaluate("history.length") == entries + 1

    page.go_back()
    _heading(page, "Karta")
    wait_for_map(page)
    assert (urlsplit(page.url).path, _shown(page, "Stad")) == (urlsplit(map_url).path, "Malmö")
    page.go_forward()
    _heading(page, "Utveckling")
    assert urlsplit(page.url).path == urlsplit(trends_url).path
    assert _shown(page, "Stad") == "Malmö"


def test_a_districts_links_open_its_area_facts_and_its_trend(page):
    page.goto("/karta?city=1480&area_type=primaromrade&indicator=life_expectancy")
    wait_for_map(page)
    params = _params(page.url)
    sel = Selection(*(params[k] for k in ("city", "area_type", "indicator", "year", "sex")))
    # Stigberget (104), as the map table's link columns write it.
    page.goto(urljoin(page.url, district_link("omradesfakta", sel, "104", "sv")))
    _heading(page, "Områdesfakta")
    assert _shown(page, "Område") == "Stigberget"
    page.goto(urljoin(page.url, district_link("utveckling", sel, "104", "sv")))
    _heading(page, "Utveckling")
    assert _shown(page, "Stad") == "Göteborg"
    highlighted = page.locator('[data-testid="stMultiSelect"]').first.inner_text()
    assert "Stigberget" in highlighted
