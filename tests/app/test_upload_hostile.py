"""The upload page with the red team's hostile files (issue 12 F1): each is parsed in a capped
worker process and refused on the page with the reader's problem; nothing is stored."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from streamlit.testing.v1 import AppTest

from indicators.core import settings
from indicators.table.store import Store
from tests.app.conftest import APP, shown_table
from tests.app.test_upload import _open, _upload


@pytest.fixture(scope="module", autouse=True)
def _own_store(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JAMLIK_VAR_DIR", str(tmp_path_factory.mktemp("hostile-var")))
        # The first load fills the new store from the package: slow on a loaded machine.
        AppTest.from_file(str(APP), default_timeout=300).run()
        yield


def _corner() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws["A1"], ws["B1"], ws["XFD1048576"] = "Område", "År", 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize(
    ("name", "content", "mime", "said"),
    [
        ("corner.xlsx", _corner(), XLSX, "tabellen har 16384 kolumner (högst 1000)"),
        ("bred.csv", (",".join(["c"] * 5000) + "\n").encode(), "text/csv", "5000 kolumner"),
    ],
)
def test_a_hostile_file_is_refused_on_the_page_and_nothing_is_stored(name, content, mime, said):
    at = _open()
    store = Store.open(settings.database_url())
    before = store.datasets()
    _upload(at, name, content, mime)
    problems = shown_table(at.table[-1])
    assert said in problems.iloc[0]["Problem"]
    assert len(at.metric) == 0  # no preview, no save button
    assert [b for b in at.button if b.key == "upload_save"] == []
    assert store.datasets().equals(before)
    store.engine.dispose()
