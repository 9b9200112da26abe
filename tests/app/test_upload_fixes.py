"""Issue 11 item 3: Spara never silently saves nothing, answers survive a corrected file,
an unknown area is fixed on the page, and "Visa på kartan" opens the saved year."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from indicators.core import settings
from indicators.table.store import Store
from tests.app.conftest import APP, shown_table


@pytest.fixture(scope="module", autouse=True)
def _own_store(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JAMLIK_VAR_DIR", str(tmp_path_factory.mktemp("upload-fixes-var")))
        yield


@pytest.fixture
def store():
    s = Store.open(settings.database_url())
    yield s
    s.engine.dispose()


def _ok(at: AppTest) -> AppTest:
    assert [e.value for e in at.exception] == []
    return at


def _open() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page("screens/upload.py")
    return _ok(at.run())


def _upload(at: AppTest, name: str, text: str) -> AppTest:
    at.file_uploader[0].set_value((name, text.encode(), "text/csv"))
    return _ok(at.run())


def _values(store: Store, year: int) -> dict[str, float]:
    rows = store.current(municipality_code="0180", area_type="stadsdel", year=year)
    return dict(zip(rows["area_code"], rows["value"], strict=True))


WRONG = "område;år;värde\nAkalla;2026;80,1\nAbrahamsberg;2026;1000\nÅkeshov;2026;85,0\n"
RIGHT = "område;år;värde\nAkalla;2026;80,1\nAbrahamsberg;2026;84,2\nÅkeshov;2026;85,0\n"


def test_a_corrected_file_keeps_the_answers_and_saves_exactly_the_preview(store):
    at = _open()
    _upload(at, "fel.csv", WRONG)
    at.selectbox(key="upload_default_indicator").set_value("life_expectancy")
    at.text_input(key="upload_default_source").input("Stockholms stad")
    _ok(at.run())
    assert at.error  # an implausible life expectancy is refused
    # The user removes the refused file before choosing the corrected one: a run without
    # the questions on the page, which used to empty them.
    at.file_uploader[0].set_value(None)
    _ok(at.run())
    _upload(at, "rätt.csv", RIGHT)
    assert at.selectbox(key="upload_default_indicator").value == "life_expectancy"
    assert at.text_input(key="upload_default_source").value == "Stockholms stad"
    assert {m.label: m.value for m in at.metric}["Rader"] == "3"
    at.button(key="upload_save").click()
    _ok(at.run())
    assert _values(store, 2026) == {"akalla": 80.1, "abrahamsberg": 84.2, "akeshov": 85.0}
    assert "sparades som version" in "\n".join(s.value for s in at.success)

    # "Visa på kartan" opens the saved data at its newest year.
    (link,) = [p for p in at.get("page_link") if p.proto.label == "Visa på kartan"]
    params = {k: v[0] for k, v in parse_qs(link.proto.query_string).items()}
    assert params["city"] == "0180" and params["area_type"] == "stadsdel"
    assert params["indicator"] == "life_expectancy" and params["year"] == "2026"

    # The next file starts with the last source, not with the last indicator.
    _upload(at, "nästa.csv", RIGHT.replace("2026", "2027"))
    assert at.text_input(key="upload_default_source").value == "Stockholms stad"
    assert at.selectbox(key="upload_default_indicator").value is None


def test_an_unknown_area_is_fixed_on_the_page_with_its_suggestion(store):
    at = _open()
    _upload(
        at,
        "stavfel.csv",
        "område;år;värde\nAkalla;2025;80,1\nAbrahamsbrg;2025;84,2\nÅkeshov;2025;85,0\n",
    )
    at.selectbox(key="upload_default_indicator").set_value("life_expectancy")
    at.text_input(key="upload_default_source").input("Stockholms stad")
    _ok(at.run())
    assert "menade du Abrahamsberg" in shown_table(at.table[-1]).to_csv()
    (fix,) = [b for b in at.button if b.label.startswith("Använd ")]
    assert fix.label == "Använd Abrahamsberg (abrahamsberg) för ”Abrahamsbrg”"
    fix.click()
    _ok(at.run())
    assert not at.error
    assert {m.label: m.value for m in at.metric}["Nya"] == "3"
    at.button(key="upload_save").click()
    _ok(at.run())
    assert _values(store, 2025) == {"akalla": 80.1, "abrahamsberg": 84.2, "akeshov": 85.0}
