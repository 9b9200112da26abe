"""Preview, then commit: counts against the store, versions, withdrawal and re-uploads.

Every test runs against SQLite and PostgreSQL (the ``store`` fixture).
"""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from indicators.core.problems import ProblemsError
from indicators.ingest import versions
from indicators.table.schema import KEY
from indicators.table.store import DatasetInfo, observations

HEADER = "municipality_code,area_type,area_code,area_name,indicator,sex,year,value,ci_low,ci_high,flag,source\n"


def csv(*lines: str) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode()


def row(area: str, value: str, *, year: int = 2020, flag: str = "", ci: str = ",") -> str:
    return (
        f"0180,stadsdel,{area},{area.title()},life_expectancy,total,{year},{value},{ci},{flag},src"
    )


def upload(store, catalog, data: bytes, name: str = "up.csv", editor: str = "anna"):
    preview = versions.preview(
        store,
        versions.read(data, name, catalog),
        file_name=name,
        sha256=versions.sha256_bytes(data),
    )
    return preview, versions.commit(store, preview, editor=editor)


def current(store) -> pd.DataFrame:
    return store.current().sort_values(list(KEY), ignore_index=True)


def add_synthetic(store, catalog, *lines: str) -> None:
    rows = versions.read(csv(*lines), "demo.csv", catalog)
    with store.engine.begin() as conn:
        info = DatasetInfo("demo", "package", "demo.csv", "0" * 64, "datapaket", synthetic=True)
        store.add_dataset(conn, info, rows, n_added=len(rows), n_changed=0)


def test_preview_counts_new_changed_and_unchanged(store, tiny_catalog):
    upload(store, tiny_catalog, csv(row("a", "81.0"), row("b", "82.0"), row("c", "83.0")))
    add_synthetic(store, tiny_catalog, row("e", "70.0"))
    before = store.datasets()

    data = csv(
        row("a", "81.0"),  # unchanged
        row("b", "82.5"),  # changed value
        row("c", "", flag="suppressed"),  # changed: now suppressed
        row("d", "84.0"),  # new cell
        row("e", "70.0"),  # first real value over an example value: new
    )
    preview = versions.preview(
        store,
        versions.read(data, "second.csv", tiny_catalog),
        file_name="second.csv",
        sha256=versions.sha256_bytes(data),
    )

    assert (preview.n_rows, preview.n_new, preview.n_changed, preview.n_unchanged) == (5, 2, 2, 1)
    assert preview.rows["status"].tolist() == ["unchanged", "changed", "changed", "new", "new"]
    assert preview.identical_version is None
    expected = pd.DataFrame(
        {
            "municipality_code": ["0180", "0180"],
            "area_type": ["stadsdel", "stadsdel"],
            "area_code": ["b", "c"],
            "indicator": ["life_expectancy", "life_expectancy"],
            "sex": ["total", "total"],
            "year": [2020, 2020],
            "period": ["", ""],
            "area_name": ["B", "C"],
            "old_value": [82.0, 83.0],
            "new_value": [82.5, float("nan")],
            "old_flag": ["", ""],
            "new_flag": ["", "suppressed"],
            "old_ci_low": [float("nan")] * 2,
            "new_ci_low": [float("nan")] * 2,
            "old_ci_high": [float("nan")] * 2,
            "new_ci_high": [float("nan")] * 2,
            "old_version": pd.array([1, 1], dtype="Int64"),
        }
    )
    pd.testing.assert_frame_equal(preview.changed, expected, check_dtype=False)
    pd.testing.assert_frame_equal(store.datasets(), before)  # a preview writes nothing


def test_a_confidence_limit_alone_is_a_change_and_a_new_name_is_not(store, tiny_catalog):
    upload(store, tiny_catalog, csv(row("a", "81.0", ci="80.0,82.0"), row("b", "82.0")))
    renamed = row("b", "82.0").replace(",B,", ",Bee,")
    preview, result = upload(store, tiny_catalog, csv(row("a", "81.0", ci="80.5,82.0"), renamed))
    assert (preview.n_changed, preview.n_unchanged) == (1, 1)
    assert preview.changed[["old_ci_low", "new_ci_low"]].values.tolist() == [[80.0, 80.5]]
    assert result.status == versions.CommitStatus.IMPORTED


def test_commit_makes_a_version_of_the_added_and_changed_rows(store, tiny_catalog):
    _, first = upload(store, tiny_catalog, csv(row("a", "81.0"), row("b", "82.0")))
    data = csv(row("a", "81.0"), row("b", "82.5"), row("c", "79.0"))
    _, second = upload(store, tiny_catalog, data, name="2021.csv", editor="bo")

    assert (second.status, second.n_rows, second.n_new, second.n_changed, second.n_unchanged) == (
        "imported",
        3,
        1,
        1,
        1,
    )
    version = store.datasets().set_index("id").loc[second.version]
    assert version["origin"] == "upload"
    assert version["file_name"] == "2021.csv"
    assert version["sha256"] == versions.sha256_bytes(data)
    assert version["imported_by"] == "bo"
    assert version["imported_at"].endswith("Z")
    assert (version["n_rows"], version["n_added"], version["n_changed"]) == (3, 1, 1)
    with store.engine.connect() as conn:
        stored = conn.execute(
            sa.select(observations.c.area_code)
            .where(observations.c.dataset_id == second.version)
            .order_by(observations.c.area_code)
        ).scalars()
        assert list(stored) == ["b", "c"]
    now = current(store)
    assert now[["area_code", "value", "dataset_id"]].values.tolist() == [
        ["a", 81.0, first.version],
        ["b", 82.5, second.version],
        ["c", 79.0, second.version],
    ]


def test_withdrawing_a_version_restores_the_previous_values_exactly(store, tiny_catalog):
    upload(
        store, tiny_catalog, csv(row("a", "81.0", ci="80.1,81.9"), row("b", "", flag="suppressed"))
    )
    add_synthetic(store, tiny_catalog, row("e", "70.0"))
    before = current(store)

    _, result = upload(
        store,
        tiny_catalog,
        csv(row("a", "81.5"), row("b", "77.0"), row("d", "84.0"), row("e", "71.0")),
    )
    assert not current(store).equals(before)
    versions.withdraw(store, result.version, editor="anna")

    pd.testing.assert_frame_equal(current(store), before)
    withdrawn = store.datasets().set_index("id").loc[result.version]
    assert withdrawn["withdrawn_by"] == "anna" and withdrawn["withdrawn_at"].endswith("Z")


def test_an_identical_file_is_recognised_and_changes_nothing(store, tiny_catalog):
    data = csv(row("a", "81.0"), row("b", "82.0"))
    _, first = upload(store, tiny_catalog, data)
    before = store.datasets()

    preview, again = upload(store, tiny_catalog, data)
    assert preview.identical_version == first.version and preview.changes_nothing
    assert (again.status, again.version, again.identical_version) == (
        "unchanged",
        None,
        first.version,
    )
    assert (again.n_new, again.n_changed, again.n_unchanged) == (0, 0, 2)
    pd.testing.assert_frame_equal(store.datasets(), before)


def test_another_file_with_the_same_values_stores_nothing(store, tiny_catalog):
    upload(store, tiny_catalog, csv(row("a", "50.1"), row("b", "81.23456789012345")))
    before = store.datasets()
    # Reordered, other formatting and source: the same cells and values.
    other = (HEADER + row("b", "81.234567890123450") + "\n" + row("a", "50.10") + "\n").encode()
    preview, result = upload(store, tiny_catalog, other)
    assert preview.identical_version is None
    assert (result.status, result.n_unchanged) == ("unchanged", 2)
    pd.testing.assert_frame_equal(store.datasets(), before)


def test_re_uploading_after_a_withdrawal_imports_again(store, tiny_catalog):
    data = csv(row("a", "81.0"))
    _, first = upload(store, tiny_catalog, data)
    versions.withdraw(store, first.version, editor="anna")
    preview, again = upload(store, tiny_catalog, data)
    assert preview.identical_version is None
    assert again.status == "imported" and again.version != first.version


def test_a_refused_file_changes_nothing(store, tiny_catalog):
    upload(store, tiny_catalog, csv(row("a", "81.0")))
    before, datasets = current(store), store.datasets()
    with pytest.raises(ProblemsError) as err:
        versions.preview_file(
            store, csv(row("a", "81.0"), row("b", "eighty")), "bad.csv", tiny_catalog
        )
    assert [(p.row, p.column, p.value) for p in err.value.problems] == [(3, "value", "eighty")]
    pd.testing.assert_frame_equal(current(store), before)
    pd.testing.assert_frame_equal(store.datasets(), datasets)


def test_commit_recounts_when_another_upload_landed_after_the_preview(store, tiny_catalog):
    def preview_of(data: bytes, name: str) -> versions.Preview:
        return versions.preview(
            store,
            versions.read(data, name, tiny_catalog),
            file_name=name,
            sha256=versions.sha256_bytes(data),
        )

    first = preview_of(csv(row("a", "71.0"), row("b", "72.0")), "first.csv")
    second = preview_of(csv(row("b", "73.0"), row("c", "74.0")), "second.csv")
    assert (second.n_new, second.n_changed) == (2, 0)

    versions.commit(store, first, editor="anna")
    result = versions.commit(store, second, editor="bo")

    assert (result.n_new, result.n_changed, result.differs_from_preview) == (1, 1, True)
    assert current(store)[["area_code", "value"]].values.tolist() == [
        ["a", 71.0],
        ["b", 73.0],
        ["c", 74.0],
    ]


def test_an_editor_is_required(store, tiny_catalog):
    data = csv(row("a", "81.0"))
    preview = versions.preview_file(store, data, "a.csv", tiny_catalog)
    with pytest.raises(ValueError, match="editor"):
        versions.commit(store, preview, editor="  ")
    assert store.datasets().empty


def test_withdraw_refuses_unknown_withdrawn_and_package_versions(store, tiny_catalog):
    add_synthetic(store, tiny_catalog, row("e", "70.0"))
    _, result = upload(store, tiny_catalog, csv(row("a", "81.0")))
    versions.withdraw(store, result.version, editor="anna")
    reasons = []
    for version in (99, result.version, 1):
        with pytest.raises(versions.WithdrawError) as err:
            versions.withdraw(store, version, editor="anna")
        reasons.append(err.value.reason)
    assert reasons == [
        versions.WithdrawReason.UNKNOWN,
        versions.WithdrawReason.WITHDRAWN,
        versions.WithdrawReason.PACKAGE,
    ]
    assert versions.WithdrawError(99, versions.WithdrawReason.UNKNOWN).message() == (
        "version 99 finns inte"
    )
    withdrawn_at = store.version(result.version).withdrawn_at
    assert err.value.version == 1 and "datapaket" in err.value.message("sv")
    again = versions.WithdrawError(5, versions.WithdrawReason.WITHDRAWN, withdrawn_at)
    assert again.message("en") == f"version 5 was already withdrawn on {withdrawn_at}"


def test_history_lists_every_version_newest_first(store, tiny_catalog):
    add_synthetic(store, tiny_catalog, row("e", "70.0"))
    _, one = upload(store, tiny_catalog, csv(row("a", "81.0"), row("e", "70.0")), name="one.csv")
    _, two = upload(store, tiny_catalog, csv(row("a", "82.0"), row("e", "70.0")), name="two.csv")
    versions.withdraw(store, two.version, editor="carl")

    history = versions.history(store)
    assert list(history.columns) == list(versions.HISTORY_COLUMNS)
    assert history[["version", "origin", "file_name", "editor"]].values.tolist() == [
        [two.version, "upload", "two.csv", "anna"],
        [one.version, "upload", "one.csv", "anna"],
        [1, "package", "demo.csv", "datapaket"],
    ]
    assert history[["n_rows", "n_new", "n_changed", "n_unchanged"]].values.tolist() == [
        [2, 0, 1, 1],
        [2, 2, 0, 0],
        [1, 1, 0, 0],
    ]
    assert history["withdrawn_by"].tolist()[0] == "carl"
    assert history["withdrawn_at"].isna().tolist() == [False, True, True]


def test_a_table_without_rows_changes_nothing(store, tiny_catalog):
    preview, result = upload(store, tiny_catalog, HEADER.encode())
    assert (preview.n_rows, result.status) == (0, "unchanged")
    assert store.datasets().empty


def sourced(line: str, source: str) -> str:
    return line.removesuffix(",src") + f",{source}"


def test_withdrawing_an_earlier_version_keeps_the_cells_a_later_one_repeated(store, tiny_catalog):
    # Security review F3: A states 20 cells; B repeats 10 of them unchanged (stored as
    # nothing before), changes 10 and adds 10. Withdrawing A once took B's 10 repeats with it.
    areas = [f"p{i:02d}" for i in range(30)]
    _, a = upload(store, tiny_catalog, csv(*(row(x, "81.0") for x in areas[:20])), name="A.csv")
    b_lines = [sourced(row(x, "81.0"), "B-källa") for x in areas[:10]]
    b_lines += [sourced(row(x, "77.7"), "B-källa") for x in areas[10:]]
    preview, b = upload(store, tiny_catalog, csv(*b_lines), name="B.csv")
    assert (preview.n_new, preview.n_changed, preview.n_unchanged) == (10, 10, 10)

    told = versions.withdraw_preview(store, a.version)
    assert list(told.cells.columns) == list(versions.WITHDRAW_COLUMNS)
    assert (told.n_cells, told.n_kept, told.n_reverted, told.n_emptied) == (10, 10, 0, 0)
    assert told.cells["after_version"].tolist() == [b.version] * 10
    assert told.cells["area_code"].tolist() == areas[:10]
    assert versions.history(store)["withdrawn_at"].isna().all()  # the preview wrote nothing

    versions.withdraw(store, a.version, editor="anna")
    now = current(store)
    assert now["area_code"].tolist() == areas
    assert now["value"].tolist() == [81.0] * 10 + [77.7] * 20
    assert (now["dataset_id"] == b.version).all() and (now["source"] == "B-källa").all()

    # Withdrawing B as well leaves nothing, as if neither file had come.
    assert versions.withdraw_preview(store, b.version).n_emptied == 30
    versions.withdraw(store, b.version, editor="anna")
    assert store.current().empty


def test_withdraw_preview_names_reverted_and_emptied_cells(store, tiny_catalog):
    _, first = upload(store, tiny_catalog, csv(row("a", "81.0"), row("b", "82.0")))
    _, second = upload(store, tiny_catalog, csv(row("a", "85.0"), row("c", "79.0")))
    told = versions.withdraw_preview(store, second.version)
    assert told.cells[["area_code", "value", "after_value"]].fillna(-1).values.tolist() == [
        ["a", 85.0, 81.0],
        ["c", 79.0, -1],
    ]
    assert (told.n_reverted, told.n_emptied, told.n_kept) == (1, 1, 0)
    assert told.cells["after_version"].tolist()[0] == first.version
    with pytest.raises(versions.WithdrawError):
        versions.withdraw_preview(store, 99)


def test_a_long_source_is_stored_once_per_version_not_per_row(store, tiny_catalog):
    # Security review F5: a 116 KB file with a 50 KB source grew the store by 292 MB. A
    # source is now at most 500 characters (refused above, see test_hostile_uploads), and
    # stored once per version: the longest one costs a file no more than a one-letter one.
    def growth(source: str, prefix: str) -> int:
        lines = [sourced(row(f"{prefix}{i}", "80.5"), source) for i in range(400)]
        before = store.size_bytes()
        _, result = upload(store, tiny_catalog, csv(*lines))
        assert result.n_new == 400
        return store.size_bytes() - before

    short = growth("S", "a")
    longest = growth("L" * 500, "b")
    # A copy per row would add 400 × 499 bytes ≈ 200 kB.
    assert longest - short < 50_000, (short, longest)
    current = store.current()
    assert (current.loc[current["area_code"].str.startswith("b"), "source"] == "L" * 500).all()
