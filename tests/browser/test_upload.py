"""Uploading in a real browser: through the file input, to a preview with its map, then saved."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicators.ingest import versions
from indicators.table.schema import year_max
from indicators.table.store import Store
from tests.browser.conftest import MAP_TIMEOUT_MS, wait_for_map

pytestmark = pytest.mark.browser

# A year no other test looks at, and withdrawn afterwards: the server's store is shared.
FILE_NAME = "medellivslangd_1995.csv"
CONTENT = (
    "kommun;områdestyp;område;år;värde;indikator;källa\n"
    "0180;stadsdel;Akalla;1995;76,1;life_expectancy;Webbläsartest\n"
    "0180;stadsdel;Abrahamsberg;1995;80,4;life_expectancy;Webbläsartest\n"
    "0180;stadsdel;Åkeshov;1995;82,0;life_expectancy;Webbläsartest\n"
)


@pytest.fixture
def server_store(dashboard_server):
    """The server's own store; the versions this test saved are withdrawn at the end."""
    store = Store.open(f"sqlite:///{dashboard_server.log.parent / 'jamlik.sqlite'}")
    yield store
    saved = store.datasets(include_withdrawn=False)
    for version in saved.loc[saved["file_name"] == FILE_NAME, "id"]:
        versions.withdraw(store, int(version), editor="test")
    store.engine.dispose()


def test_a_file_chosen_in_the_file_input_is_previewed_and_saved(page, server_store, tmp_path):
    path = tmp_path / FILE_NAME
    path.write_text(CONTENT, encoding="utf-8")

    page.goto("/ladda-upp")
    # The server listens on 127.0.0.1 with no editor: uploading is allowed, and said so.
    page.get_by_text("127.0.0.1", exact=False).first.wait_for(timeout=MAP_TIMEOUT_MS)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(path)

    page.get_by_text(f"Förhandsgranskning av {FILE_NAME}").wait_for(timeout=MAP_TIMEOUT_MS)
    metrics = page.locator('[data-testid="stMetric"]')
    metrics.nth(3).wait_for(timeout=MAP_TIMEOUT_MS)
    new = metrics.nth(1)
    assert new.locator('[data-testid="stMetricLabel"]').inner_text().strip() == "Nya"
    assert new.locator('[data-testid="stMetricValue"]').inner_text().strip() == "3"
    wait_for_map(page)  # the map of the file's values is really drawn

    page.get_by_role("button", name="Spara").click()
    page.get_by_text("sparades som version").wait_for(timeout=MAP_TIMEOUT_MS)
    assert page.locator('[data-testid="stException"]').count() == 0
    saved = server_store.current(
        municipality_code="0180", area_type="stadsdel", indicator="life_expectancy", year=1995
    )
    assert sorted(saved["value"]) == [76.1, 80.4, 82.0]
    stored = server_store.datasets()
    (editor,) = stored.loc[stored["file_name"] == path.name, "imported_by"]
    assert editor.startswith("lokal")


def test_a_template_is_built_and_downloaded_on_click(page, server_store):
    page.goto("/ladda-upp")
    page.get_by_text("127.0.0.1", exact=False).first.wait_for(timeout=MAP_TIMEOUT_MS)
    page.get_by_text("Hämta en mall").first.click()
    button = page.locator('[data-testid="stDownloadButton"]').filter(has_text="Mall som CSV")
    button.wait_for()
    # A click that lands while the script reruns hits a button Streamlit is about to replace
    # and starts no download (seen once on a loaded CI machine): wait until the app is idle.
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=MAP_TIMEOUT_MS)
    with page.expect_download(timeout=MAP_TIMEOUT_MS) as download:
        button.click()
    name = download.value.suggested_filename
    assert name.startswith("mall_stockholm_stadsdel_")
    lines = Path(download.value.path()).read_bytes().decode("utf-8-sig").splitlines()
    # The year after the newest the store holds of the template's indicator.
    indicator = name.removeprefix("mall_stockholm_stadsdel_").rsplit("_", 1)[0]
    inventory = server_store.inventory()
    held = inventory[
        (inventory["municipality_code"] == "0180") & (inventory["indicator"] == indicator)
    ]
    # (Last year when the store holds none of it.)
    year = min(int(held["year"].max()) + 1, year_max()) if len(held) else year_max() - 2
    assert name.endswith(f"_{year}-{year}.csv")
    assert lines[0].split(";") == [
        "område_kod",
        "område",
        str(year),
        "kommun",
        "områdestyp",
        "indikator",
        "källa",
    ]
    assert len(lines) == 1 + 117  # every district of Stockholm, one per row
