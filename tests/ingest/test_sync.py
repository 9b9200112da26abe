"""The package loads into the store once, versions keep everything, and a bad file changes nothing."""

from __future__ import annotations

import json
import shutil

import pandas as pd

from indicators.core.problems import Reason
from indicators.ingest.sync import sync_package
from indicators.ingest.tidy import read_tidy
from indicators.table.package import read_package, sha256_file
from indicators.table.store import DatasetInfo

HEADER = "municipality_code,area_type,area_code,area_name,indicator,sex,year,value,ci_low,ci_high,flag,source\n"


def _rows(catalog, *lines: str) -> pd.DataFrame:
    return read_tidy((HEADER + "\n".join(lines) + "\n").encode(), "t.csv", catalog)


def _add(store, catalog, name, *lines, synthetic=False):
    rows = _rows(catalog, *lines)
    with store.engine.begin() as conn:
        return store.add_dataset(
            conn,
            DatasetInfo(name, "upload", f"{name}.csv", "0" * 64, "test", synthetic=synthetic),
            rows,
            n_added=len(rows),
            n_changed=0,
        )


def test_package_descriptor_lists_every_resource(package):
    assert len(package.boundaries) == 14
    assert len(package.crosswalks) == 3
    assert {r.name for r in package.indicators} >= {
        "synthetic-stockholm",
        "synthetic-goteborg",
        "synthetic-malmo",
    }
    sdo13 = package.boundary("0180", "stadsdelsomrade_13")
    assert (sdo13.valid_from.isoformat(), sdo13.valid_to.isoformat()) == (
        "2020-07-01",
        "2023-06-30",
    )
    assert sdo13.in_force(2020) and sdo13.in_force(2023) and not sdo13.in_force(2024)


def test_newest_version_wins_and_withdrawing_restores(store, tiny_catalog):
    first = "0180,stadsdel,a,A,life_expectancy,total,2020,81.0,,,,v1"
    _add(store, tiny_catalog, "v1", first)
    second = _add(
        store, tiny_catalog, "v2", "0180,stadsdel,a,A,life_expectancy,total,2020,82.0,,,,v2"
    )
    assert store.current(area_code="a")["value"].tolist() == [82.0]
    with store.engine.begin() as conn:
        store.withdraw(conn, second, by="test")
    assert store.current(area_code="a")["value"].tolist() == [81.0]
    assert len(store.datasets()) == 2  # nothing is deleted


def test_a_real_value_outranks_a_synthetic_one(store, tiny_catalog):
    _add(
        store,
        tiny_catalog,
        "real",
        "1280,stadsdel_10,fosie,Fosie,life_expectancy,men,2010,77.5,,,,Malmö stad",
    )
    _add(
        store,
        tiny_catalog,
        "demo",
        "1280,stadsdel_10,fosie,Fosie,life_expectancy,men,2010,70.0,,,,Exempel",
        synthetic=True,
    )
    current = store.current(area_code="fosie")
    assert current["value"].tolist() == [77.5]
    assert current["synthetic"].tolist() == [False]


def test_a_period_average_is_a_cell_apart_from_its_last_year(store, tiny_catalog):
    _add(
        store,
        tiny_catalog,
        "p",
        "1280,stadsdel_10,fosie,Fosie,life_expectancy,men,2010,77.5,,,,src",
        "1280,stadsdel_10,fosie,Fosie,life_expectancy,men,2010,76.9,,,period:2006-2010,src",
    )
    current = store.current(area_code="fosie").sort_values("period")
    assert current[["period", "value"]].values.tolist() == [["", 77.5], ["2006-2010", 76.9]]


def test_the_whole_package_loads_and_is_not_loaded_twice(loaded_store, package):
    datasets = loaded_store.datasets()
    assert set(datasets["name"]) == {r.name for r in package.indicators}
    # Every row of every indicator file is stored once; counted from the files themselves,
    # since the package grows.
    expected = sum(len(pd.read_csv(r.path, dtype=str)) for r in package.indicators)
    assert sum(datasets["n_rows"]) == expected
    again = sync_package(loaded_store, package)
    assert again.unchanged
    assert len(loaded_store.datasets()) == len(datasets)


def test_synthetic_rows_are_marked_as_synthetic(loaded_store):
    rows = loaded_store.current(
        municipality_code="0180", area_type="stadsdel", indicator="cni", year=2024
    )
    assert len(rows) == 117
    assert rows["synthetic"].all()
    real = loaded_store.current(
        municipality_code="1280", area_type="stadsdel_10", indicator="life_expectancy", year=2008
    )
    assert len(real) and not real["synthetic"].any()


def _copy_package(data_dir, tmp_path, names):
    """A package with only the catalog and the named indicator files (copied to tmp, not the repo)."""
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    keep = [
        r for r in descriptor["resources"] if r["name"] == "indicator-catalog" or r["name"] in names
    ]
    descriptor["resources"] = keep
    for r in keep:
        target = tmp_path / r["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(data_dir / r["path"], target)
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return tmp_path


def test_a_changed_file_is_refused_and_changes_nothing(data_dir, tmp_path, store):
    name = "real-malmo-life-expectancy-stadsdel-2006-2010"
    root = _copy_package(data_dir, tmp_path, {name})
    first = sync_package(store, read_package(root))
    assert first.ok and first.loaded == [(name, 96)]
    before = store.current()

    # Damage the file; the descriptor's hash no longer matches.
    csv = root / "indicators/real/malmo_life_expectancy_stadsdel_2006_2010.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("77.3", "99.9"), encoding="utf-8")
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["version"] = "changed"
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")

    report = sync_package(store, read_package(root))
    assert not report.ok
    (problem,) = report.refused["indicators/real/malmo_life_expectancy_stadsdel_2006_2010.csv"]
    assert problem.reason is Reason.CHECKSUM
    pd.testing.assert_frame_equal(store.current(), before)


def test_a_new_version_of_a_package_file_replaces_the_old_one(data_dir, tmp_path, store):
    name = "real-malmo-life-expectancy-stadsdel-2006-2010"
    root = _copy_package(data_dir, tmp_path, {name})
    sync_package(store, read_package(root))
    csv = root / "indicators/real/malmo_life_expectancy_stadsdel_2006_2010.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",77.3,", ",77.4,"), encoding="utf-8")
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    for r in descriptor["resources"]:
        if r["name"] == name:
            r["hash"] = "sha256:" + sha256_file(csv)
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")

    report = sync_package(store, read_package(root))
    assert report.ok and report.loaded == [(name, 96)]
    datasets = store.datasets()
    assert datasets["withdrawn_at"].notna().tolist() == [True, False]
    assert datasets["n_changed"].tolist()[-1] == 1
    centrum = store.current(area_code="centrum", sex="men", year=2008)
    assert centrum["value"].tolist() == [77.4]
