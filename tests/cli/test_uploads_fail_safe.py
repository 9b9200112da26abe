"""``jamlik import`` fails safe: no data package means no import, a held lock means "busy"."""

from __future__ import annotations

import json
import sqlite3

import pytest
import sqlalchemy as sa

from dashboard.cli import main
from dashboard.cli.uploads import BUSY
from indicators.table.store import Store
from tests.cli.test_uploads import CHANGED, HEADER, NEW, UNCHANGED

UNKNOWN = [
    "1280,stadsdel_10,atlantis,Atlantis,life_expectancy,men,2011,76.0,,,,x",
    "9999,nowhere,x,<b>Nowhere</b>,life_expectancy,men,2011,76.0,,,,x",
]


@pytest.fixture
def sqlite_env(small_package, tmp_path, monkeypatch):
    path = tmp_path / "store.sqlite"
    monkeypatch.setenv("JAMLIK_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("JAMLIK_DATA", str(small_package))
    monkeypatch.setenv("JAMLIK_VAR_DIR", str(tmp_path / "var"))
    return path


def _csv(folder, *lines: str) -> str:
    path = folder / "fil.csv"
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_without_the_data_package_nothing_is_imported(sqlite_env, tmp_path, monkeypatch, capsys):
    # First with the package, so the store has a catalog (as on a real server), then without.
    assert main(["import", _csv(tmp_path, UNCHANGED), "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["history", "--format", "json"]) == 0
    before = capsys.readouterr().out
    monkeypatch.setenv("JAMLIK_DATA", str(tmp_path / "nonexistent"))
    for lines in (UNKNOWN, [CHANGED, NEW]):
        code = main(["import", _csv(tmp_path, *lines), "--format", "json", "--lang", "en"])
        out = json.loads(capsys.readouterr().out)
        assert code == 1
        assert (out["status"], out["version"], out["new"]) == ("refused", None, 0)
        assert "data package cannot be read" in out["problems"][0]["message"]
    assert main(["history", "--format", "json"]) == 0
    assert capsys.readouterr().out == before
    assert len(json.loads(before)) == 1  # the package only


@pytest.fixture
def impatient(monkeypatch):
    """Stores that wait 0.3 s for a lock instead of 30 s; the path taken is the same."""
    real_open = Store.open.__func__

    def quick(cls, url):
        store = real_open(cls, url)
        sa.event.listen(
            store.engine, "connect", lambda conn, _: conn.execute("PRAGMA busy_timeout=300")
        )
        store.engine.dispose()
        return store

    monkeypatch.setattr(Store, "open", classmethod(quick))


def test_a_long_held_write_lock_says_busy_with_its_own_exit_code(
    sqlite_env, tmp_path, impatient, capsys
):
    assert main(["import", _csv(tmp_path, UNCHANGED), "--format", "json"]) == 0
    capsys.readouterr()
    holder = sqlite3.connect(sqlite_env, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer, in the middle of a long commit
    try:
        code = main(["import", _csv(tmp_path, CHANGED, NEW), "--format", "json", "--lang", "en"])
        out = json.loads(capsys.readouterr().out)
        assert (code, out["status"]) == (BUSY, "busy")
        assert BUSY not in (0, 1, 2)
        assert "Nothing was stored" in out["message"]
        code = main(["withdraw", "2", "--lang", "sv"])
        captured = capsys.readouterr()
        assert code == BUSY
        assert "lagret är upptaget" in captured.err
        assert "Traceback" not in captured.err + captured.out
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # Once the lock is free the same import goes through.
    assert main(["import", _csv(tmp_path, CHANGED, NEW), "--format", "json"]) == 0
