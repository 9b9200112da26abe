"""A new municipality in a real browser: an editor adds a division, then a yearly file, then
sees the map (issue 13). The server's store is shared, so everything is withdrawn after."""

from __future__ import annotations

import time

import pytest

from indicators.ingest import divisions, versions
from indicators.table.store import Store
from tests.browser.conftest import MAP_TIMEOUT_MS, wait_for_map
from tests.newcity import CODE, moved_layer, zipped_shapefile

pytestmark = pytest.mark.browser

AREA_TYPE = "regso_webbtest"
FILE_NAME = "medellivslangd_linkoping_2024.csv"


@pytest.fixture
def server_store(dashboard_server):
    """The server's own store; what this test saved is withdrawn at the end."""
    store = Store.open(f"sqlite:///{dashboard_server.log.parent / 'jamlik.sqlite'}")
    yield store
    saved = store.datasets(include_withdrawn=False)
    for version in saved.loc[saved["file_name"] == FILE_NAME, "id"]:
        versions.withdraw(store, int(version), editor="test")
    stored = divisions.active(store)
    for version in stored.loc[stored["area_type"] == AREA_TYPE, "id"]:
        divisions.withdraw(store, int(version), editor="test")
    store.engine.dispose()


def _choose(page, label: str, text: str) -> None:
    """Pick the option of the selectbox labelled ``label`` that ``text`` finds."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    box.fill(text)
    page.get_by_role("option").filter(has_text=text).first.click()


def test_an_editor_adds_a_division_and_a_yearly_file_and_sees_the_map(page, server_store, tmp_path):
    regso = moved_layer("regso_2025")
    archive = zipped_shapefile(regso, tmp_path / "regso_linkoping.zip")
    csv = tmp_path / FILE_NAME
    lines = ["kommun;områdestyp;område_kod;år;värde;indikator;källa"]
    lines += [
        f"{CODE};{AREA_TYPE};{code};2024;{76 + i % 8},5;life_expectancy;Webbläsartest"
        for i, code in enumerate(regso["area_code"])
    ]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()

    page.goto("/omradesindelningar")
    page.get_by_text("127.0.0.1", exact=False).first.wait_for(timeout=MAP_TIMEOUT_MS)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(archive)
    _choose(page, "Kommun", "0580 Linköping")
    area_type = page.get_by_role("textbox", name="Id för indelningen")
    area_type.fill(AREA_TYPE)
    area_type.press("Enter")
    page.get_by_text(f"Filen är giltig: {len(regso)} områden").wait_for(timeout=MAP_TIMEOUT_MS)
    wait_for_map(page)  # the preview map of the areas
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("sparades som områdesindelning version").wait_for(timeout=MAP_TIMEOUT_MS)
    assert list(divisions.active(server_store)["area_type"]) == [AREA_TYPE]

    page.goto("/ladda-upp")
    page.get_by_text("127.0.0.1", exact=False).first.wait_for(timeout=MAP_TIMEOUT_MS)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(csv)
    page.get_by_text(f"Förhandsgranskning av {FILE_NAME}").wait_for(timeout=MAP_TIMEOUT_MS)
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("sparades som version").wait_for(timeout=MAP_TIMEOUT_MS)

    page.goto(f"/karta?city={CODE}&area_type={AREA_TYPE}&indicator=life_expectancy&year=2024")
    wait_for_map(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.get_by_text("Linköping", exact=False).first.wait_for()
    features = page.evaluate(
        "() => document.querySelector('.js-plotly-plot').data[0].locations.length"
    )
    assert features == len(regso)
    print(f"division → file → map in {time.perf_counter() - started:.1f} s")
