"""Exports in a real browser: open the menu, click a format, receive the file; copy the link."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from PIL import Image

from tests.browser.conftest import wait_for_map

pytestmark = pytest.mark.browser

VIEW = "/karta?city=1480&area_type=primaromrade&indicator=life_expectancy&year=2023&sex=total"


#: The page has finished its run: every element it sends is there.
RUN_OVER = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def _open_ranking(page) -> None:
    """Open "Rangordning" (built only when opened) and wait for its chart and the end of
    the run: its export menu comes after the chart, and a click on a menu of a run still
    going can be lost (failed once in a fresh clone)."""
    page.get_by_text("Rangordning", exact=True).click()
    page.locator(".js-plotly-plot").nth(1).wait_for()
    page.locator(RUN_OVER).wait_for()


def _menu(page, n: int = 0):
    """Open the n-th "Exportera" popover and return its body (built when opened)."""
    page.get_by_role("button", name="Exportera").nth(n).click()
    body = page.locator('[data-testid="stPopoverBody"]')
    body.wait_for()
    # Opening reruns the page, which gives each deferred download a new id; a click that
    # lands before the rerun ends still holds the old one and starts nothing.
    page.locator(RUN_OVER).wait_for()
    return body


def test_a_csv_export_is_downloaded_with_the_view_data(page):
    page.goto(VIEW)
    wait_for_map(page)
    menu = _menu(page)
    with page.expect_download() as info:
        menu.get_by_role("button", name="CSV").click()
    download = info.value
    assert download.suggested_filename == (
        "medellivslangd-vid-fodseln-goteborg-primaromrade-2023-totalt-karta.csv"
    )
    data = download.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert len(table) == 96 and set(table["År"]) == {2023}
    assert table["Anmärkning"].fillna("").str.contains("Exempeldata").any()


def test_a_png_is_rendered_on_the_click_and_downloaded(page):
    page.goto(VIEW)
    wait_for_map(page)
    # The ranking's menu; the first image of a server process also starts its kaleido browser.
    _open_ranking(page)
    menu = _menu(page, 1)
    with page.expect_download(timeout=60_000) as info:
        menu.get_by_role("button", name="PNG").click()
    download = info.value
    assert download.suggested_filename.endswith("-rangordning.png")
    image = Image.open(download.path())
    assert image.width == 1210
    assert "Exempeldata – inte officiell statistik" in image.text["Description"]


def test_the_copy_link_box_holds_the_address_of_the_view(page):
    page.goto(VIEW)
    wait_for_map(page)
    # The box is in a popover built when opened: no syntax highlighter on every page load.
    assert page.locator('[data-testid="stCode"]').count() == 0
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Kopiera länk").click()
    box = page.locator('[data-testid="stPopoverBody"] [data-testid="stCode"]')
    box.wait_for()
    link = box.inner_text().strip()
    parts = urlsplit(link)
    assert parts.path == "/karta"
    assert {k: v[-1] for k, v in parse_qs(parts.query).items()} == {
        k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()
    }
    # Opening the copied link shows the same view.
    page.goto(link)
    wait_for_map(page)
    assert page.get_by_role("combobox", name="År", exact=True).input_value() == "2023"
