"""What the store must do alike in SQLite and PostgreSQL: exact values, bulk writes, the lock."""

from __future__ import annotations

import threading
import time

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from indicators.table import store as store_module
from indicators.table.schema import KEY, TIDY_COLUMNS
from indicators.table.store import DatasetInfo, Store, engine_url


def frame(n: int, **overrides: object) -> pd.DataFrame:
    rows = pd.DataFrame(
        {
            "municipality_code": "0180",
            "area_type": "stadsdel",
            "area_code": [f"a{i}" for i in range(n)],
            "area_name": [f"Area {i}" for i in range(n)],
            "indicator": "life_expectancy",
            "sex": "total",
            "year": 2020,
            "value": np.linspace(50.0, 90.0, n),
            "ci_low": np.nan,
            "ci_high": np.nan,
            "flag": "",
            "source": "src",
            "period": "",
        }
    )
    for col, value in overrides.items():
        rows[col] = value
    return rows


def add(store: Store, rows: pd.DataFrame, name: str = "t") -> int:
    with store.engine.begin() as conn:
        return store.add_dataset(
            conn,
            DatasetInfo(name, "upload", f"{name}.csv", "0" * 64, "test"),
            rows,
            n_added=len(rows),
            n_changed=0,
        )


def test_plain_postgresql_urls_use_psycopg():
    assert engine_url("postgresql://u:p@h:5432/db").drivername == "postgresql+psycopg"
    assert engine_url("postgres://h/db").drivername == "postgresql+psycopg"
    assert engine_url("postgresql+psycopg://h/db").drivername == "postgresql+psycopg"


def test_values_and_text_come_back_exactly(store):
    tricky = ["Tab\there", 'Quote " and \\ backslash', "Line\nbreak", "Åsa, Öberg; ü", ""]
    rows = frame(5).assign(
        area_name=tricky,
        value=[0.1 + 0.2, 1e-300, 81.23456789012345, np.nan, -0.0],
        ci_low=[np.nan, 0.0, 80.0, np.nan, np.nan],
        ci_high=[np.nan, 1.0, 82.5, np.nan, np.nan],
        flag=["", "", "provisional", "suppressed", "period:2016-2020"],
        period=["", "", "", "", "2016-2020"],
        source=tricky[::-1],
    )
    add(store, rows)
    back = store.current().sort_values("area_code", ignore_index=True)
    pd.testing.assert_frame_equal(back[list(TIDY_COLUMNS)], rows[list(TIDY_COLUMNS)])


def test_large_files_are_written_in_batches(store, monkeypatch):
    monkeypatch.setattr(store_module, "BATCH_ROWS", 10)
    rows = frame(25)
    version = add(store, rows)
    back = store.current()
    assert len(back) == 25 and (back["dataset_id"] == version).all()
    assert store.datasets()["n_rows"].tolist() == [25]


def test_inventory_counts_values_per_slice(store):
    add(store, frame(4, value=[1.0, np.nan, 2.0, 3.0]))
    inventory = store.inventory()
    assert inventory[["n_rows", "n_values", "synthetic"]].values.tolist() == [[4, 3, False]]


def test_a_second_writer_waits_for_the_lock(store):
    held = threading.Event()
    waited: list[float] = []

    def second() -> None:
        held.wait()
        start = time.monotonic()
        with store.engine.begin() as conn:
            store.write_lock(conn)
            waited.append(time.monotonic() - start)
            store.add_dataset(
                conn,
                DatasetInfo("b", "upload", "b.csv", "1" * 64, "test"),
                frame(1, area_code="b"),
                n_added=1,
                n_changed=0,
            )

    thread = threading.Thread(target=second)
    thread.start()
    with store.engine.begin() as conn:
        store.write_lock(conn)
        held.set()
        time.sleep(0.5)
        store.add_dataset(
            conn,
            DatasetInfo("a", "upload", "a.csv", "2" * 64, "test"),
            frame(1, area_code="a"),
            n_added=1,
            n_changed=0,
        )
    thread.join(timeout=30)
    assert waited and waited[0] >= 0.4
    assert store.datasets()["name"].tolist() == ["a", "b"]


def test_several_servers_may_open_a_new_store_at_once(store_url):
    errors: list[BaseException] = []
    opened: list[Store] = []

    def open_it() -> None:
        try:
            opened.append(Store.open(store_url))
        except BaseException as err:  # reported below
            errors.append(err)

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert opened[0].current().empty
    for s in opened:
        s.engine.dispose()


@pytest.mark.parametrize("synthetic", [False, True])
def test_current_keys_are_unique(store, synthetic):
    add(store, frame(3))
    with store.engine.begin() as conn:
        store.add_dataset(
            conn,
            DatasetInfo("s", "package", "s.csv", "3" * 64, "datapaket", synthetic=synthetic),
            frame(3, value=70.0),
            n_added=0,
            n_changed=3,
        )
    current = store.current()
    assert not current.duplicated(list(KEY)).any()
    assert (current["value"] == 70.0).all() != synthetic


def test_a_version_says_where_it_came_from_and_whether_it_counts(store):
    assert store.version(1) is None
    version = add(store, frame(1), name="up")
    with store.engine.begin() as conn:
        assert store.version(version, conn) == store_module.Version(
            version, "up", "upload", "0" * 64, None
        )
        store.withdraw(conn, version, by="anna")
        withdrawn_at = store.version(version, conn).withdrawn_at
        store.withdraw(conn, version, by="bo")  # a second withdrawal keeps the first date
    assert withdrawn_at.endswith("Z") and store.version(version).withdrawn_at == withdrawn_at
    assert store.datasets()["withdrawn_by"].tolist() == ["anna"]


def test_an_identical_version_is_the_newest_in_force_with_the_same_checksum(store):
    first, second = add(store, frame(1)), add(store, frame(1, value=1.0))
    other = add(store, frame(1), name="other")
    assert store.identical_version("0" * 64) == other  # add() gives every file one checksum
    assert store.identical_version("f" * 64) is None
    with store.writing() as conn:
        store.withdraw(conn, other, by="test")
        assert store.identical_version("0" * 64, conn) == second
        store.withdraw(conn, second, by="test")
    assert store.identical_version("0" * 64) == first


def test_active_package_versions_are_the_package_files_in_force_by_name(store):
    def package_file(name: str, sha: str) -> int:
        with store.writing() as conn:
            info = DatasetInfo(name, "package", f"{name}.csv", sha, "datapaket")
            return store.add_dataset(conn, info, frame(1), n_added=1, n_changed=0)

    old, kept = package_file("a", "1" * 64), package_file("b", "2" * 64)
    new = package_file("a", "3" * 64)
    add(store, frame(1), name="upload")
    with store.writing() as conn:
        store.withdraw(conn, old, by="datapaket")
        active = store.active_package_versions(conn)
    assert {name: (v.id, v.sha256) for name, v in active.items()} == {
        "a": (new, "3" * 64),
        "b": (kept, "2" * 64),
    }
    assert store.active_package_versions() == active


def test_meta_is_read_inside_the_writers_transaction_and_an_error_undoes_it(store):
    with store.writing() as conn:
        store.set_meta(conn, "k", "v1")
        assert store.get_meta("k", conn) == "v1"
    with pytest.raises(RuntimeError), store.writing() as conn:
        store.set_meta(conn, "k", "v2")
        assert store.get_meta("k", conn) == "v2"
        raise RuntimeError("a writer fails: its transaction is rolled back")
    assert store.get_meta("k") == "v1" and store.get_meta("missing") is None


def test_a_store_of_the_old_layout_is_migrated_with_its_sources(store_url):
    # Layout 1 kept a copy of the source in every row; opening it moves them to ``sources``.
    old = sa.MetaData()
    for name, table in store_module.metadata.tables.items():
        if name not in ("observations", "sources", "confirmations"):
            table.to_metadata(old)
    columns = [
        sa.Column(c.name, c.type, nullable=c.nullable, primary_key=c.primary_key)
        for c in store_module.observations.columns
        if c.name != "source_id"
    ]
    sa.Table("observations", old, *columns, sa.Column("source", sa.Text, nullable=False))
    engine = sa.create_engine(engine_url(store_url))
    with engine.begin() as conn:
        old.create_all(conn)
        conn.execute(
            old.tables["datasets"].insert(),
            [
                {
                    **dict.fromkeys(("name", "origin", "file_name", "sha256", "imported_by"), "x"),
                    "imported_at": "2025-01-01T00:00:00Z",
                    "n_rows": 2,
                    "n_added": 2,
                    "n_changed": 0,
                    "origin": "upload",
                }
            ],
        )
        rows = frame(3, source=["SCB", "SCB", "Malmö stad"]).assign(dataset_id=1)
        conn.execute(old.tables["observations"].insert(), rows.to_dict("records"))
    engine.dispose()

    store = Store.open(store_url)
    back = store.current().sort_values("area_code", ignore_index=True)
    assert back["source"].tolist() == ["SCB", "SCB", "Malmö stad"]
    assert back["value"].tolist() == frame(3)["value"].tolist()
    assert store.get_meta(store_module.SCHEMA_KEY) == str(store_module.SCHEMA_VERSION)
    with store.engine.connect() as conn:
        assert "source" not in {c["name"] for c in sa.inspect(conn).get_columns("observations")}
        assert (
            conn.execute(sa.select(sa.func.count()).select_from(store_module.sources)).scalar() == 2
        )
    store.engine.dispose()
    Store.open(store_url).engine.dispose()  # opening again changes nothing
