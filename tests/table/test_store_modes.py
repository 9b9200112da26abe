"""The store at rest is private to the account that runs the app: files 0600, var/ 0700."""

from __future__ import annotations

import os
import stat

import sqlalchemy as sa

from indicators.core import settings
from indicators.table.store import Store


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_store_and_its_wal_are_readable_by_the_owner_only(tmp_path, monkeypatch):
    monkeypatch.setenv("JAMLIK_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("JAMLIK_DATABASE_URL", raising=False)
    old = os.umask(0o022)  # the usual umask, which made 0644 files and 0755 folders
    try:
        store = Store.open(settings.database_url())
        with store.engine.begin() as conn:  # a write, so that -wal and -shm exist
            conn.execute(sa.text("CREATE TABLE IF NOT EXISTS probe (x INTEGER)"))
            conn.execute(sa.text("INSERT INTO probe VALUES (1)"))
        var = tmp_path / "var"
        files = sorted(var.glob("jamlik.sqlite*"))
        assert {p.name for p in files} >= {
            "jamlik.sqlite",
            "jamlik.sqlite-wal",
            "jamlik.sqlite-shm",
        }
        assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}
        assert _mode(var) == 0o700
        store.engine.dispose()
    finally:
        os.umask(old)


def test_an_older_world_readable_store_is_tightened_on_open(tmp_path, monkeypatch):
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    var.chmod(0o755)
    (var / "jamlik.sqlite").touch()
    (var / "jamlik.sqlite").chmod(0o644)
    monkeypatch.setenv("JAMLIK_VAR_DIR", str(var))
    monkeypatch.delenv("JAMLIK_DATABASE_URL", raising=False)
    Store.open(settings.database_url()).engine.dispose()
    assert _mode(var) == 0o700
    assert _mode(var / "jamlik.sqlite") == 0o600
