"""A new municipality in a real browser, as issue 13's "Done when" says: an editor adds a
division (a zipped Shapefile in SWEREF 99 TM), then a finer one without its .prj and with
that parent, then a yearly file on the finer one, sees the map and downloads it as a PNG.
The server's store is shared, so everything is withdrawn after."""

from __future__ import annotations

import contextlib
import time

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from indicators.ingest import divisions, versions
from indicators.table.store import Store
from tests.browser.conftest import MAP_TIMEOUT_MS, wait_for_map
from tests.browser.test_export import _menu
from tests.browser.test_trends_compare import _wait_for_charts
from tests.newcity import CODE, moved_layer, zipped_shapefile

pytestmark = pytest.mark.browser

REGSO = "regso_webbtest"
DESO = "deso_webbtest"
FILE_NAME = "medellivslangd_linkoping_2023-2024.csv"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
BUSY = '[data-testid="stApp"]:not([data-test-script-state="notRunning"])'


@pytest.fixture
def server_store(dashboard_server):
    """The server's own store; what this test saved is withdrawn at the end, the finer
    division before its parent (a parent with a stored child cannot be withdrawn)."""
    store = Store.open(f"sqlite:///{dashboard_server.log.parent / 'jamlik.sqlite'}")
    yield store
    saved = store.datasets(include_withdrawn=False)
    for version in saved.loc[saved["file_name"] == FILE_NAME, "id"]:
        versions.withdraw(store, int(version), editor="test")
    for area_type in (DESO, REGSO):
        stored = divisions.active(store)
        for version in stored.loc[stored["area_type"] == area_type, "id"]:
            divisions.withdraw(store, int(version), editor="test")
    store.engine.dispose()


class Actions:
    """The user's actions on the way (a file, a choice, a typed field, a click), counted."""

    def __init__(self, page) -> None:
        self.page, self.done = page, []
        self.started = time.perf_counter()

    def note(self, action: str) -> None:
        """One more action, with the seconds since the start when it began."""
        self.done.append(f"{action} ({time.perf_counter() - self.started:.1f} s)")

    def _settle(self) -> None:
        """As a person would, wait for the rerun an action starts to end: until then the
        previous run's elements (the uploader of a saved file) are still on the page, and
        a selectbox opened meanwhile is closed by the rerun."""
        # Suppressed: the rerun may be over before the test looks.
        with contextlib.suppress(PlaywrightTimeoutError):
            self.page.locator(BUSY).wait_for(state="attached", timeout=2_000)
        self.page.locator(IDLE).wait_for(timeout=MAP_TIMEOUT_MS)

    def goto(self, path: str) -> None:
        """A click in the page menu; the test goes by address, the user by the menu."""
        self.note(f"open {path}")
        self.page.goto(path)

    def goto_editor_page(self, path: str) -> None:
        """An editor's page, once it shows who is signed in (here the loopback address)."""
        self.goto(path)
        self.page.get_by_text("127.0.0.1", exact=False).first.wait_for(timeout=MAP_TIMEOUT_MS)

    def upload(self, path) -> None:
        self.note(f"file {path.name}")
        self.page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(path)
        self._settle()

    def choose(self, label: str, text: str) -> None:
        """Pick the option of the selectbox labelled ``label`` that ``text`` finds."""
        self.note(f"choose {label}: {text}")
        box = self.page.get_by_role("combobox", name=label, exact=True)
        box.click()
        box.fill(text)
        self.page.get_by_role("option").filter(has_text=text).first.click()
        self._settle()

    def type(self, label: str, text: str) -> None:
        self.note(f"type {label}: {text}")
        field = self.page.get_by_role("textbox", name=label, exact=True)
        field.fill(text)
        field.press("Enter")
        self._settle()

    def click(self, name: str) -> None:
        self.note(f"click {name}")
        self.page.get_by_role("button", name=name, exact=True).click()
        self._settle()


def _yearly_file(path, codes) -> None:
    lines = ["kommun;områdestyp;område_kod;år;värde;indikator;källa"]
    lines += [
        f"{CODE};{DESO};{code};{year};{76 + (i + year) % 8},5;life_expectancy;Webbläsartest"
        for year in (2023, 2024)
        for i, code in enumerate(codes)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_an_editor_takes_a_new_municipality_from_files_to_an_exported_map(
    page, server_store, tmp_path
):
    regso, deso = moved_layer("regso_2025"), moved_layer("deso_2025")
    regso_zip = zipped_shapefile(regso, tmp_path / "regso_linkoping.zip")
    # An official's Shapefile often comes without its .prj: the CRS is then typed.
    deso_zip = zipped_shapefile(deso, tmp_path / "deso_linkoping.zip", prj=False)
    csv = tmp_path / FILE_NAME
    _yearly_file(csv, deso["area_code"])
    user = Actions(page)

    user.goto_editor_page("/omradesindelningar")
    user.upload(regso_zip)
    user.choose("Kommun", "0580 Linköping")
    user.type("Id för indelningen", REGSO)
    page.get_by_text(f"Filen är giltig: {len(regso)} områden").wait_for(timeout=MAP_TIMEOUT_MS)
    wait_for_map(page)  # the preview map of the areas
    # Beside it, Sweden's municipalities with the new one filled.
    page.locator(".js-plotly-plot .gtitle").filter(has_text="Linköping i Sverige").wait_for()
    user.click("Spara")
    page.get_by_text("sparades som områdesindelning version").wait_for(timeout=MAP_TIMEOUT_MS)
    assert list(divisions.active(server_store)["area_type"]) == [REGSO]

    # The finer layer: the same municipality stays chosen; without a CRS the file is
    # refused with a message that says which one to give.
    user.upload(deso_zip)
    user.type("Id för indelningen", DESO)
    page.get_by_text(f"Filen {deso_zip.name} kan inte läsas in: 1 problem").wait_for(
        timeout=MAP_TIMEOUT_MS
    )
    # The whole sentence shows in the problems table, the hint included (nothing cut).
    cell = page.locator('[data-testid="stTable"] td').filter(has_text="Ange det (t.ex. EPSG:3006")
    cell.first.wait_for()
    assert cell.first.is_visible()
    user.type("Koordinatsystem om filen saknar det", "EPSG:3006")
    user.choose("Ligger i (överordnad indelning)", REGSO)
    page.get_by_text(f"Filen är giltig: {len(deso)} områden").wait_for(timeout=MAP_TIMEOUT_MS)
    wait_for_map(page)
    user.click("Spara")
    page.get_by_text("sparades som områdesindelning version").wait_for(timeout=MAP_TIMEOUT_MS)
    stored = divisions.active(server_store).set_index("area_type")
    assert stored.loc[DESO, "parent_type"] == REGSO

    user.goto_editor_page("/ladda-upp")
    user.upload(csv)
    page.get_by_text(f"Förhandsgranskning av {FILE_NAME}").wait_for(timeout=MAP_TIMEOUT_MS)
    user.click("Spara")
    page.get_by_text("sparades som version").wait_for(timeout=MAP_TIMEOUT_MS)

    user.goto("/karta")
    wait_for_map(page)
    user.choose("Stad", "Linköping")
    wait_for_map(page)
    assert f"area_type={DESO}" in page.url and "year=2024" in page.url
    assert page.get_by_role("combobox", name="Stad", exact=True).input_value() == "Linköping"
    features = page.evaluate(
        "() => document.querySelector('.js-plotly-plot').data[0].locations.length"
    )
    assert features == len(deso)

    user.note("click Exportera")
    menu = _menu(page)
    user.note("click PNG")
    with page.expect_download(timeout=60_000) as info:
        menu.get_by_role("button", name="PNG").click()
    download = info.value
    seconds = time.perf_counter() - user.started
    assert "linkoping" in download.suggested_filename
    assert download.suggested_filename.endswith("-karta.png")
    image = Image.open(download.path())
    assert image.width > 1000
    assert "Linköping" in image.text["Title"], image.text
    pixels = np.asarray(image.convert("RGB"))
    assert (pixels.min(axis=2) < 200).mean() > 0.05  # the map is drawn, not a blank page
    print(
        f"two divisions → file → map → PNG in {seconds:.1f} s, {len(user.done)} actions:",
        "; ".join(user.done),
    )

    # The trends of the new municipality: the two years as lines, the page unbroken.
    page.goto(f"/utveckling?city={CODE}&area_type={DESO}&indicator=life_expectancy")
    _wait_for_charts(page, 1)
    assert page.locator('[data-testid="stException"]').count() == 0
