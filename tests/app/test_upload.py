"""Uploading through the entry point with AppTest: preview, save, history, withdraw, who may.

These tests write to the store, so the module has a store of its own: the other dashboard
tests keep seeing the bare package.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import Workbook
from streamlit import config
from streamlit.testing.v1 import AppTest

from dashboard.app import upload_form
from dashboard.report.i18n import TEXTS
from indicators.core import settings
from indicators.ingest import cells, columns, editors, versions
from indicators.table.store import Store
from tests.app.conftest import APP, goto, shown_figures, shown_table


@pytest.fixture(scope="module", autouse=True)
def _own_store(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JAMLIK_VAR_DIR", str(tmp_path_factory.mktemp("upload-var")))
        yield


@pytest.fixture
def store():
    s = Store.open(settings.database_url())
    yield s
    s.engine.dispose()


def _no_exceptions(at: AppTest) -> None:
    assert [e.value for e in at.exception] == []


def _open(page: str = "upload", **params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    goto(at, f"screens/{page}.py", **params)
    _no_exceptions(at)
    return at


def _upload(at: AppTest, name: str, content: bytes, mime: str = "text/csv") -> AppTest:
    at.file_uploader[0].set_value((name, content, mime))
    at.run()
    _no_exceptions(at)
    return at


def _button(at: AppTest, label: str):
    (button,) = [b for b in at.button if b.label == label]
    return button


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _texts(elements) -> str:
    return "\n".join(e.value for e in elements)


def _values(store: Store, year: int) -> dict[str, float]:
    rows = store.current(
        municipality_code="0180",
        area_type="stadsdel",
        indicator="life_expectancy",
        year=year,
        sex="total",
    )
    return dict(zip(rows["area_code"], rows["value"], strict=True))


def _withdraw(at: AppTest, version: int) -> AppTest:
    at.selectbox(key="withdraw_version").set_value(version)
    at.run()
    at.checkbox(key=f"withdraw_sure_{version}").check()
    at.run()
    at.button(key="withdraw_button").click()
    at.run()
    _no_exceptions(at)
    return at


# A long file without indicator or source: the page asks for them.
FIRST = "område;år;värde\nAkalla;2025;80,1\nAbrahamsberg;2025;84,2\nÅkeshov;2025;85,0\n".encode()
# The same cells: one unchanged, one changed, one suppressed, and one new area.
SECOND = (
    "område;år;värde\nAkalla;2025;80,1\nAbrahamsberg;2025;83,9\nÅkeshov;2025;..\nAlvik;2025;84,4\n"
).encode()


def _package_format(row: str) -> bytes:
    """One Stockholm stadsdel row in the package's own format, as another tool would store it."""
    header = "municipality_code,area_type,area_code,area_name,indicator,sex,year,value,ci_low,"
    return f"{header}ci_high,flag,source\n0180,stadsdel,{row},,,,x\n".encode()


def _fill_defaults(at: AppTest, city: str | None = None, area_type: str | None = None) -> AppTest:
    if city:
        at.selectbox(key="upload_default_city").set_value(city)
        at.run()
    if area_type:
        at.selectbox(key="upload_default_area_type").set_value(area_type)
    at.selectbox(key="upload_default_indicator").set_value("life_expectancy")
    at.text_input(key="upload_default_source").input("Stockholms stad")
    at.run()
    _no_exceptions(at)
    return at


def test_upload_page_offers_templates_and_says_why_uploading_is_allowed(store):
    at = _open()
    assert at.title[0].value == "Ladda upp"
    # The test server listens on 127.0.0.1 (.streamlit/config.toml) with no editor.
    assert "127.0.0.1" in _texts(at.info)
    assert len(at.file_uploader) == 1
    assert at.file_uploader[0].allowed_type == [".csv", ".txt", ".xlsx"]
    assert at.get("download_button") == []  # the templates are built when opened
    at.session_state["templates_open"] = True
    at.run()
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Mall som CSV", "Mall som Excel (XLSX)"]
    # Stockholm's finest division first, as on the map.
    assert at.selectbox(key="template_area_type").value == "stadsdel"
    at.selectbox(key="template_city").set_value("1280").run()
    _no_exceptions(at)
    assert at.selectbox(key="template_area_type").value == "delomrade"

    # The year after the newest the store holds of the chosen city's indicator.
    at.selectbox(key="template_indicator").set_value("life_expectancy").run()
    inventory = store.inventory()
    held = inventory[
        (inventory["municipality_code"] == "1280") & (inventory["indicator"] == "life_expectancy")
    ]
    newest = int(held["year"].max())
    (years,) = [s for s in at.slider if s.key.startswith("template_years")]
    assert years.value == (newest + 1, newest + 1)


def test_templates_start_from_the_city_and_indicator_last_looked_at():
    at = _open("map", city="1480", indicator="median_income")
    at.switch_page("screens/upload.py").run()
    at.session_state["templates_open"] = True
    at.run()
    _no_exceptions(at)
    assert at.selectbox(key="template_city").value == "1480"
    assert at.selectbox(key="template_indicator").value == "median_income"
    assert at.selectbox(key="template_area_type").value == "primaromrade"


def test_upload_preview_save_history_and_withdraw(store):
    before = _values(store, 2025)
    assert before == {}  # 2025 is not in the package

    at = _open()
    _upload(at, "medellivslangd_2025.csv", FIRST)
    # Nothing is read until the file's missing facts are given.
    assert "indikator, källa" in _texts(at.info)
    assert len(at.metric) == 0
    _fill_defaults(at)
    assert _metrics(at) == {"Rader": "3", "Nya": "3", "Ändrade": "0", "Oförändrade": "0"}
    (figure,) = shown_figures(at)
    drawn = {
        loc for trace in figure["data"] for loc in trace.get("locations", [])
    }  # hatching lines have none
    assert len(drawn) == 117  # the file's three areas and every other one as 'no value'
    assert _values(store, 2025) == {}  # a preview writes nothing

    at.button(key="upload_save").click().run()
    _no_exceptions(at)
    assert "sparades som version" in _texts(at.success)
    first = int(store.datasets()["id"].max())
    assert f"version {first}:" in _texts(at.success)
    assert _values(store, 2025) == {"akalla": 80.1, "abrahamsberg": 84.2, "akeshov": 85.0}

    # A second file changes one value: the page shows it, old → new.
    _upload(at, "medellivslangd_2025_rev.csv", SECOND)
    _fill_defaults(at)
    assert _metrics(at) == {"Rader": "4", "Nya": "1", "Ändrade": "2", "Oförändrade": "1"}
    changed = at.dataframe[1].value
    assert changed[["Område", "Gammalt värde", "Nytt värde"]].values.tolist() == [
        ["Abrahamsberg", "84,2", "83,9"],
        ["Åkeshov", "85,0", "Skyddat värde (för få invånare)"],
    ]
    at.button(key="upload_save").click().run()
    _no_exceptions(at)
    second = int(store.datasets()["id"].max())
    assert second == first + 1
    assert _values(store, 2025)["abrahamsberg"] == 83.9

    # History lists both versions with file and editor; withdrawing restores exactly.
    at.switch_page("screens/history.py").run()
    _no_exceptions(at)
    table = at.dataframe[0].value
    top = table[table["Version"].isin([first, second])]
    assert top["Fil"].tolist() == ["medellivslangd_2025_rev.csv", "medellivslangd_2025.csv"]
    assert all(e.startswith("lokal") for e in top["Redaktör"])
    assert top["Ursprung"].tolist() == ["uppladdning", "uppladdning"]
    assert top["Stad"].tolist() == ["Stockholm", "Stockholm"]
    assert set(top["Indikator"]) == {"Medellivslängd vid födseln"}
    # Stockholm's clock, not the store's UTC ('…T…Z').
    assert all(len(s) == 16 and "T" not in s and "Z" not in s for s in top["Inläst"])
    assert set(table["Ursprung"]) == {"uppladdning", "datapaket"}
    assert at.selectbox(key="withdraw_version").options[0].startswith(str(second))
    # Before confirming, the editor reads what the withdrawal would change.
    effect = f"Att dra tillbaka version {second} berör 3 celler: 2 får tillbaka värdet från"
    assert effect in _texts(at.info) and "1 blir tomma och 0 behåller" in _texts(at.info)

    _withdraw(at, second)
    assert f"Version {second} drogs tillbaka" in _texts(at.success)
    assert _texts(at.warning) == ""
    assert _values(store, 2025) == {"akalla": 80.1, "abrahamsberg": 84.2, "akeshov": 85.0}
    table = at.dataframe[0].value
    assert table.loc[table["Version"] == second, "Tillbakadragen"].item() != ""
    _withdraw(at, first)
    assert _values(store, 2025) == before
    assert "ingen uppladdad version" in _texts(at.info)


def test_an_identical_file_is_recognised_and_changes_nothing(store):
    content = "område;år;värde\nAkalla;2026;81,0\nAlvik;2026;84,0\n".encode()
    at = _open()
    _upload(at, "samma.csv", content)
    # Akalla and Alvik are also RegSO names: the page is told the division.
    _fill_defaults(at, "0180", "stadsdel")
    at.button(key="upload_save").click().run()
    version = int(store.datasets()["id"].max())

    _upload(at, "samma_igen.csv", content)
    _fill_defaults(at, "0180", "stadsdel")
    assert f"redan inläst som version {version}" in _texts(at.info)
    assert _metrics(at)["Nya"] == "0" and _metrics(at)["Oförändrade"] == "2"
    assert "inget att spara" in _texts(at.info)
    assert [b for b in at.button if b.key == "upload_save"] == []
    assert int(store.datasets()["id"].max()) == version
    versions.withdraw(store, version, editor="test")


def test_a_version_saved_between_preview_and_save_is_counted_and_said(store):
    at = _open()
    _upload(at, "min.csv", "område;år;värde\nAkalla;2024;79,0\nAbrahamsberg;2024;84,0\n".encode())
    _fill_defaults(at, "0180", "stadsdel")
    assert _metrics(at)["Nya"] == "2"  # the package's 2024 values are examples
    # Meanwhile someone else stores a real value for Akalla 2024.
    other = _package_format("akalla,Akalla,life_expectancy,total,2024,78.5")
    theirs = versions.commit(
        store, versions.preview_file(store, other, "deras.csv"), editor="någon annan"
    )
    _button(at, "Spara").click().run()
    _no_exceptions(at)
    assert "En annan uppladdning sparades efter din förhandsgranskning" in _texts(at.warning)
    assert "1 nya, 1 ändrade" in _texts(at.warning)
    assert _values(store, 2024)["akalla"] == 79.0
    mine = int(store.datasets()["id"].max())
    for version in (mine, theirs.version):
        versions.withdraw(store, version, editor="test")


def test_a_version_withdrawn_meanwhile_by_someone_else_is_said_and_nothing_else_goes(store):
    content = _package_format("akalla,Akalla,life_expectancy,total,2024,77.0")
    version = versions.commit(
        store, versions.preview_file(store, content, "dubbel.csv"), editor="test"
    ).version
    at = _open("history")
    at.selectbox(key="withdraw_version").set_value(version).run()
    at.checkbox(key=f"withdraw_sure_{version}").check().run()
    versions.withdraw(store, version, editor="någon annan")
    withdrawn = int(store.datasets()["withdrawn_at"].notna().sum())
    _button(at, "Dra tillbaka").click().run()
    _no_exceptions(at)
    assert f"Version {version} har just dragits tillbaka av någon annan" in _texts(at.warning)
    # Another version is not withdrawn in its place: its confirmation starts unticked.
    assert int(store.datasets()["withdrawn_at"].notna().sum()) == withdrawn
    others = [c for c in at.checkbox if c.key and c.key.startswith("withdraw_sure_")]
    assert all(not c.value for c in others)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("sv", ("26 problem", "Rad", "Kolumn", "Värde", "okänt område", "20 av 26")),
        ("en", ("26 problem(s)", "Row", "Column", "Value", "unknown area", "20 of 26")),
    ],
)
def test_a_bad_file_lists_every_problem_and_offers_the_full_list(lang, words):
    count, row, column, value, sentence, shown_of = words
    lines = [f"Okänt område {i};2024;80" for i in range(24)]
    lines += ["Akalla;1950;80", "Alvik;2024;120"]
    content = "kommun;områdestyp;område;år;värde;indikator;källa\n" + "".join(
        f"0180;stadsdel;{line};life_expectancy;x\n" for line in lines
    )
    at = _open(lang=lang)
    _upload(at, "fel.csv", content.encode())
    error = _texts(at.error)
    # The file's name is the uploader's words: escaped as Markdown, shown as "fel.csv".
    assert count in error and "fel\\.csv" in error
    shown = shown_table(at.table[-1])
    assert len(shown) == 20  # the first ones; the download holds all 26
    first = shown.iloc[0]
    assert [first[row], first[column], first[value]] == ["2", "område", "Okänt område 0"]
    assert sentence in first.iloc[3]
    assert shown_of in _texts(at.caption)
    (download,) = [b for b in at.get("download_button") if b.key == "upload_problems_download"]
    assert "26" in download.label
    assert [b for b in at.button if b.key == "upload_save"] == []


def test_the_problem_list_download_holds_every_problem():
    from dashboard.report.uploads import problems_csv
    from indicators.core.problems import Problem, Reason
    from indicators.core.text import Text

    problems = [
        Problem("f.csv", i + 2, "år", "20x4", Reason.TYPE, Text("måste vara ett heltal", "whole"))
        for i in range(30)
    ]
    data = problems_csv(problems, "sv")
    assert data.startswith("\ufeff".encode())
    frame = pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig", dtype=str)
    assert list(frame.columns) == ["Fil", "Rad", "Kolumn", "Värde", "Problem", "Orsak"]
    assert len(frame) == 30
    assert frame.iloc[-1].tolist() == ["f.csv", "31", "år", "20x4", "måste vara ett heltal", "type"]


def test_a_file_over_the_limit_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(cells, "MAX_UPLOAD_BYTES", 40)
    at = _open()
    _upload(at, "stor.csv", FIRST)
    assert "för stor" in shown_table(at.table[-1]).iloc[0]["Problem"]
    assert len(at.metric) == 0


def test_an_ambiguous_file_asks_which_column_is_which():
    content = "Område;Stadsdel;År;Värde\nx;Akalla;2025;80,5\ny;Abrahamsberg;2025;84,0\n".encode()
    at = _open()
    _upload(at, "tvetydig.csv", content)
    (choice,) = [s for s in at.selectbox if s.key and s.key.startswith("upload_map_")]
    assert set(choice.options) == {"Område", "Stadsdel"}
    assert choice.value is None
    assert len(at.metric) == 0  # nothing is read until the user chooses
    choice.set_value("Stadsdel").run()
    _fill_defaults(at, "0180", "stadsdel")
    assert _metrics(at)["Nya"] == "2"


def test_a_workbook_asks_which_sheet():
    book = Workbook()
    book.active.title = "Info"
    book.active.append(["Det här bladet är bara text"])
    sheet = book.create_sheet("Data")
    sheet.append(["Kommun", "Områdestyp", "Område", "År", "Värde", "Indikator", "Källa"])
    sheet.append(["Stockholm", "stadsdel", "Akalla", 2025, 80.5, "life_expectancy", "x"])
    out = io.BytesIO()
    book.save(out)
    at = _open()
    _upload(at, "bok.xlsx", out.getvalue(), "application/octet-stream")
    assert at.selectbox(key="upload_sheet").options == ["Info", "Data"]
    at.selectbox(key="upload_sheet").set_value("Data").run()
    _no_exceptions(at)
    assert _metrics(at)["Nya"] == "1"


@pytest.fixture
def an_editor():
    path = editors.add_editor("Anna Andersson", "hemligt-lösen", editors.default_path())
    yield
    path.unlink()


def test_with_editors_configured_uploading_needs_a_login(an_editor):
    at = _open()
    assert len(at.file_uploader) == 0
    assert "logga in som redaktör" in _texts(at.info)
    at.text_input(key="auth_name").input("Anna Andersson")
    at.text_input(key="auth_password").input("fel-lösenord")
    _button(at, "Logga in").click().run()
    assert "Fel namn eller lösenord" in _texts(at.error)
    assert len(at.file_uploader) == 0

    at.text_input(key="auth_name").input("Anna Andersson")
    at.text_input(key="auth_password").input("hemligt-lösen")
    _button(at, "Logga in").click().run()
    _no_exceptions(at)
    assert len(at.file_uploader) == 1
    assert "Anna Andersson" in _texts(at.caption)
    # The login holds on the history page too; logging out ends it.
    at.switch_page("screens/history.py").run()
    assert "Anna Andersson" in _texts(at.caption)
    at.button(key="auth_sign_out").click().run()
    assert len(at.text_input) == 2


def test_without_a_login_history_is_open_but_withdrawing_is_not(an_editor):
    at = _open("history")
    assert "datapaket" in set(at.dataframe[0].value["Ursprung"])
    assert [s for s in at.selectbox if s.key == "withdraw_version"] == []


def test_editors_can_also_come_from_streamlit_secrets():
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["editors"] = {"Bo": editors.credential("bo-lösenord")}
    at.run()
    at.switch_page("screens/upload.py").run()
    _no_exceptions(at)
    assert len(at.file_uploader) == 0
    at.text_input(key="auth_name").input("Bo")
    at.text_input(key="auth_password").input("bo-lösenord")
    _button(at, "Logga in").click().run()
    assert len(at.file_uploader) == 1


@pytest.fixture
def all_interfaces():
    saved = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    yield
    config.set_option("server.address", saved)


def test_with_no_editor_a_server_reachable_by_others_refuses_uploads(all_interfaces):
    at = _open()
    assert "Uppladdning är avstängd" in _texts(at.warning)
    assert len(at.file_uploader) == 0


def test_every_column_role_has_a_name():
    assert {f"role_{r}" for r in columns.ROLES} <= set(TEXTS)


def test_the_form_asks_only_what_neither_the_columns_nor_a_wide_header_say():
    wide = (columns.WideColumn("2024 Kvinnor", 2024, "women"),)
    guess = columns.ColumnGuess({"area_code": "Område", "indicator": "Mått"}, wide=wide)
    asked = {"municipality_code": True, "area_type": True, "indicator": False, "source": True}
    assert upload_form._lacking(guess, {}) == {**asked, "year": False, "sex": False}
    # A chosen value column makes the table long: its headers no longer say year or sex.
    chosen = {"value": "2024 Kvinnor", "source": "Källa"}
    assert upload_form._lacking(guess, chosen) == {
        **asked,
        "source": False,
        "year": True,
        "sex": True,
    }
