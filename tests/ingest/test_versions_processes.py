"""Commits in real processes: one killed mid-transaction, two uploading at the same time.

The children run this file as a script (``child`` at the bottom). A child can be told to
stop right after its rows are inserted, before the transaction commits, by wrapping
``Store.add_dataset``; the production code has no hook for this. Both engines.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from indicators.ingest import versions
from indicators.table.schema import KEY
from indicators.table.store import Store, observations

HEADER = "municipality_code,area_type,area_code,area_name,indicator,sex,year,value,ci_low,ci_high,flag,source\n"
TIMEOUT = 60


def table(areas: range, value: float, years: range = range(2020, 2021)) -> bytes:
    lines = [
        f"0180,stadsdel,a{a},A{a},life_expectancy,{sex},{year},{value + a % 10:.1f},,,,src"
        for a in areas
        for year in years
        for sex in ("total", "women", "men")
    ]
    return (HEADER + "\n".join(lines) + "\n").encode()


@pytest.fixture
def shared_store(store_url, tiny_catalog) -> Store:
    """A store with the catalog, as the children open it."""
    s = Store.open(store_url)
    with s.engine.begin() as conn:
        s.replace_catalog(conn, tiny_catalog)
    yield s
    s.engine.dispose()


def start_child(url: str, path: Path, editor: str, *flags: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, __file__, url, str(path), editor, *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(path: Path, child: subprocess.Popen) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not path.exists():
        if child.poll() is not None:
            pytest.fail(f"child exited with {child.returncode}: {child.stderr.read()}")
        if time.monotonic() > deadline:
            child.kill()
            pytest.fail(f"child did not reach {path.name}")
        time.sleep(0.02)


def result_of(child: subprocess.Popen) -> dict:
    out, err = child.communicate(timeout=TIMEOUT)
    assert child.returncode == 0, err
    return json.loads(out)


def snapshot(url: str) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Current table, versions and raw row count, through a new connection."""
    s = Store.open(url)
    try:
        with s.engine.connect() as conn:
            n_rows = conn.execute(sa.select(sa.func.count()).select_from(observations)).scalar()
        current = s.current().sort_values(list(KEY), ignore_index=True)
        return current, s.datasets(), int(n_rows)
    finally:
        s.engine.dispose()


def test_a_process_killed_mid_commit_leaves_the_store_as_it_was(
    shared_store, store_url, tiny_catalog, tmp_path
):
    versions.commit(
        shared_store,
        versions.preview_file(shared_store, table(range(5), 80.0), "first.csv", tiny_catalog),
        editor="anna",
    )
    before = snapshot(store_url)
    big = tmp_path / "big.csv"
    big.write_bytes(table(range(200), 70.0, range(1975, 2025)))  # 30,000 rows
    inserted = tmp_path / "inserted"

    child = start_child(store_url, big, "killed", "--pause-after-insert", str(inserted))
    wait_for(inserted, child)  # its rows are in, its transaction still open
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=TIMEOUT)

    after = snapshot(store_url)
    pd.testing.assert_frame_equal(after[0], before[0])
    pd.testing.assert_frame_equal(after[1], before[1])
    assert after[2] == before[2]
    if shared_store.dialect == "sqlite":
        with shared_store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    # The lock died with the process: the next upload goes through.
    again = Store.open(store_url)
    preview = versions.preview_file(again, big.read_bytes(), "big.csv", tiny_catalog)
    result = versions.commit(again, preview, editor="anna")
    assert (result.status, result.n_new, result.n_changed) == ("imported", 29_985, 15)
    again.engine.dispose()


def test_a_second_upload_waits_for_the_first_and_counts_against_it(
    shared_store, store_url, tmp_path
):
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_bytes(table(range(0, 10), 80.0))  # a0–a9
    second.write_bytes(table(range(5, 15), 60.0))  # a5–a14: five areas overlap
    holding, release, previewed = tmp_path / "holding", tmp_path / "release", tmp_path / "previewed"

    a = start_child(
        store_url, first, "anna", "--pause-after-insert", str(holding), "--release", str(release)
    )
    wait_for(holding, a)  # A holds the write lock, uncommitted
    b = start_child(store_url, second, "bo", "--previewed", str(previewed))
    wait_for(previewed, b)
    time.sleep(1.0)
    assert b.poll() is None, "the second upload should wait for the first, not fail"
    release.touch()
    result_a, result_b = result_of(a), result_of(b)

    b_preview = json.loads(previewed.read_text())
    assert (b_preview["n_new"], b_preview["n_changed"]) == (30, 0)  # A not yet committed
    assert (result_a["status"], result_a["n_new"], result_a["n_changed"]) == ("imported", 30, 0)
    assert (result_b["status"], result_b["n_new"], result_b["n_changed"]) == ("imported", 15, 15)
    assert result_b["differs_from_preview"] and result_b["version"] > result_a["version"]
    current = snapshot(store_url)[0].set_index("area_code")
    values = current[current["sex"] == "total"]["value"]
    assert values.loc[[f"a{i}" for i in range(5)]].tolist() == [80.0, 81.0, 82.0, 83.0, 84.0]
    assert values.loc[[f"a{i}" for i in range(5, 15)]].tolist() == [
        65.0, 66.0, 67.0, 68.0, 69.0, 60.0, 61.0, 62.0, 63.0, 64.0,
    ]  # fmt: skip


def test_two_uploads_started_together_both_land(shared_store, store_url, tmp_path):
    go = tmp_path / "go"
    files = []
    for name, areas, value in (("x.csv", range(0, 40), 70.0), ("y.csv", range(20, 60), 75.0)):
        files.append(tmp_path / name)
        files[-1].write_bytes(table(areas, value, range(2000, 2010)))  # 1,200 rows each
    children = [start_child(store_url, path, path.stem, "--wait-for", str(go)) for path in files]
    time.sleep(0.5)
    go.touch()
    results = sorted((result_of(c) for c in children), key=lambda r: r["version"])

    assert [r["status"] for r in results] == ["imported", "imported"]
    # Whichever came second saw the first one's 600 overlapping cells: no lost update.
    assert [(r["n_new"], r["n_changed"]) for r in results] == [(1200, 0), (600, 600)]
    current = snapshot(store_url)[0]
    assert len(current) == 60 * 10 * 3
    later = results[1]["version"]
    overlap = current[current["area_code"].isin([f"a{i}" for i in range(20, 40)])]
    assert (overlap["dataset_id"] == later).all()


def child(argv: list[str]) -> int:
    """Preview and commit one file; print the result as JSON. Flags (each optional):

    --wait-for PATH          start only once PATH exists
    --previewed PATH         write the preview's counts to PATH before committing
    --pause-after-insert P   after inserting the rows, inside the transaction: touch P and
                             wait (for --release PATH, or until killed)
    """
    url, path, editor, *flags = argv
    opts = dict(zip(flags[::2], flags[1::2], strict=True))
    store = Store.open(url)
    catalog = store.catalog()
    if "--wait-for" in opts:
        while not Path(opts["--wait-for"]).exists():
            time.sleep(0.005)
    preview = versions.preview_file(store, Path(path).read_bytes(), Path(path).name, catalog)
    if "--previewed" in opts:
        counts = {"n_new": preview.n_new, "n_changed": preview.n_changed}
        Path(opts["--previewed"]).write_text(json.dumps(counts))
    if "--pause-after-insert" in opts:
        original = Store.add_dataset

        def paused(self, *args, **kwargs):
            version = original(self, *args, **kwargs)
            Path(opts["--pause-after-insert"]).touch()
            deadline = time.monotonic() + TIMEOUT
            while time.monotonic() < deadline:
                if "--release" in opts and Path(opts["--release"]).exists():
                    return version
                time.sleep(0.02)
            raise SystemExit(3)  # never released nor killed: give up, roll back

        Store.add_dataset = paused
    result = versions.commit(store, preview, editor=editor)
    print(json.dumps({k: _plain(v) for k, v in vars(result).items()}))
    return 0


def _plain(value: object) -> object:
    return value.item() if isinstance(value, np.generic) else value


if __name__ == "__main__":
    raise SystemExit(child(sys.argv[1:]))
