"""Uploading a file into the store: preview what it would change, then commit it as a version.

A file is read and validated first (``read``); ``preview`` compares its rows with the
current table and counts new, changed and unchanged cells without writing anything;
``commit`` stores the rows that add or change a cell as one dataset version, atomically and
under the store's write lock, counting again inside the lock if another version landed
since the preview; the unchanged rows are recorded as confirmed. ``withdraw_preview`` says
what ``withdraw`` would change; ``withdraw`` undoes a version; ``history`` lists them all.

A cell is *changed* when its value, confidence limits or flag differ from the current
ones; a new area name or source alone changes nothing. A cell that only holds a synthetic
example value counts as *new*: the upload gives it its first real value.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from indicators.core.text import Text
from indicators.ingest import cells, tidy, upload
from indicators.table.areas import AreaIndex
from indicators.table.catalog import Indicator
from indicators.table.schema import KEY
from indicators.table.store import DatasetInfo, Store

if TYPE_CHECKING:
    import sqlalchemy as sa


class Status(StrEnum):
    """What a row of an upload does to its cell."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


NEW, CHANGED, UNCHANGED = Status.NEW, Status.CHANGED, Status.UNCHANGED
#: What decides whether a cell changed.
COMPARED: tuple[str, ...] = ("value", "ci_low", "ci_high", "flag")
#: Columns of ``Preview.changed``, in order.
CHANGED_COLUMNS: tuple[str, ...] = (
    *KEY,
    "area_name",
    "old_value",
    "new_value",
    "old_flag",
    "new_flag",
    "old_ci_low",
    "new_ci_low",
    "old_ci_high",
    "new_ci_high",
    "old_version",
)
#: Columns of ``history``, in order.
HISTORY_COLUMNS: tuple[str, ...] = (
    "version",
    "origin",
    "file_name",
    "sha256",
    "editor",
    "imported_at",
    "n_rows",
    "n_new",
    "n_changed",
    "n_unchanged",
    "synthetic",
    "withdrawn_at",
    "withdrawn_by",
)


class WithdrawReason(StrEnum):
    """Why a version cannot be withdrawn."""

    UNKNOWN = "unknown"
    WITHDRAWN = "withdrawn"
    PACKAGE = "package"


#: The sentence for each reason, with the ``{version}`` and, once withdrawn, ``{withdrawn_at}``.
WITHDRAW_MESSAGES: dict[WithdrawReason, Text] = {
    WithdrawReason.UNKNOWN: Text("version {version} finns inte", "there is no version {version}"),
    WithdrawReason.WITHDRAWN: Text(
        "version {version} drogs redan tillbaka {withdrawn_at}",
        "version {version} was already withdrawn on {withdrawn_at}",
    ),
    WithdrawReason.PACKAGE: Text(
        "version {version} kommer från datapaketet; ändra paketet i stället",
        "version {version} comes from the data package; change the package instead",
    ),
}


class WithdrawError(Exception):
    """A version cannot be withdrawn, for ``reason``; ``text`` says so in both languages."""

    def __init__(self, version: int, reason: WithdrawReason, withdrawn_at: str | None = None):
        self.version = version
        self.reason = WithdrawReason(reason)
        self.text = WITHDRAW_MESSAGES[self.reason].format(
            version=version, withdrawn_at=withdrawn_at
        )
        super().__init__(self.text.en)

    def message(self, lang: str = "sv") -> str:
        return self.text.text(lang)


@dataclass(frozen=True)
class Preview:
    """What a validated file would do to the store; nothing has been written.

    ``rows`` is the validated tidy table with ``period`` and ``status`` ('new', 'changed',
    'unchanged') per row, in file order: its values are the map of the new data.
    ``changed`` lists the changed cells with their old and new values (``CHANGED_COLUMNS``).
    ``identical_version`` is the id of a version (not withdrawn) imported from a file with
    the same sha256, if any.
    """

    file_name: str
    sha256: str
    rows: pd.DataFrame
    n_new: int
    n_changed: int
    n_unchanged: int
    changed: pd.DataFrame
    identical_version: int | None
    #: The store's revision when the preview was made (``Store.revision``).
    revision: str = ""
    #: The stored rows that the unchanged rows repeat (``observation_id``, ``source``).
    confirmed: pd.DataFrame | None = None

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def changes_nothing(self) -> bool:
        return self.n_new == 0 and self.n_changed == 0


class CommitStatus(StrEnum):
    """What ``commit`` did: stored a new version, or nothing because nothing changed."""

    IMPORTED = "imported"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class CommitResult:
    """The outcome of ``commit``: ``status`` says whether a new version was stored.

    The counts are those recounted under the write lock; ``differs_from_preview`` says
    another upload landed between preview and commit and changed them.
    """

    status: CommitStatus
    version: int | None
    n_rows: int
    n_new: int
    n_changed: int
    n_unchanged: int
    identical_version: int | None = None
    differs_from_preview: bool = False


def sha256_bytes(data: bytes) -> str:
    """The file's sha256 as 64 hex digits.

    >>> sha256_bytes(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


def read(
    data: bytes,
    file_name: str,
    catalog: Mapping[str, Indicator],
    *,
    areas: AreaIndex | None = None,
    defaults: upload.UploadDefaults | None = None,
    mapping: Mapping[str, str] | None = None,
    sheet: str | None = None,
    max_bytes: int = cells.MAX_UPLOAD_BYTES,
) -> pd.DataFrame:
    """A validated tidy table from an uploaded file's bytes; raises ``ProblemsError``.

    With ``areas`` (the known areas of each city) this is the upload reader: long or wide
    tables, CSV or Excel, area names matched to codes, ``defaults`` for what the file does
    not say. Without, only a long file in the package's tidy format is read.
    """
    if areas is not None:
        return upload.read_upload(
            data,
            file_name,
            catalog=catalog,
            areas=areas,
            defaults=defaults,
            mapping=mapping,
            sheet=sheet,
            max_bytes=max_bytes,
        )
    if defaults is not None or mapping is not None or sheet is not None:
        raise TypeError("defaults, mapping and sheet need the known areas (areas=…)")
    return tidy.read_tidy(data, file_name, dict(catalog))


def cell_changes(
    store: Store, conn: sa.Connection, rows: pd.DataFrame, *, synthetic: bool = False
) -> pd.DataFrame:
    """``rows`` with ``status`` and the current cell's ``old_*`` columns, in the same order.

    Real rows (``synthetic=False``) over a cell holding only an example value are new.
    Reads only the current cells of the rows' cities, area types, indicators and years.
    """
    out = rows.reset_index(drop=True)
    if out.empty:
        return _empty_changes(out)
    current = store.current_cells(
        conn,
        COMPARED,
        municipality_code=sorted(out["municipality_code"].unique()),
        area_type=sorted(out["area_type"].unique()),
        indicator=sorted(out["indicator"].unique()),
        year=sorted(int(y) for y in out["year"].unique()),
    )
    if current.empty:
        return _empty_changes(out)
    old = current[[*KEY, *COMPARED, "dataset_id", "synthetic", "observation_id"]].rename(
        columns={
            **{c: f"old_{c}" for c in COMPARED},
            "dataset_id": "old_version",
            "synthetic": "old_synthetic",
            "observation_id": "old_observation",
        }
    )
    # Merge the keys only and add the old columns to the rows: with copy-on-write the
    # rows' own columns are shared, not copied, which matters for a million rows.
    olds = out[list(KEY)].merge(old, on=list(KEY), how="left", validate="many_to_one")
    olds = olds.drop(columns=list(KEY))
    found = olds["old_version"].notna()
    old_synthetic = olds["old_synthetic"].where(found, False).astype(bool)
    real = found & (synthetic | ~old_synthetic)
    same = pd.Series(True, index=out.index)
    for col in COMPARED:
        new, prev = out[col], olds[f"old_{col}"]
        same &= (new == prev) | (new.isna() & prev.isna())
    status = np.where(~real, NEW, np.where(same, UNCHANGED, CHANGED))
    return out.assign(
        **{c: olds[c] for c in olds.columns if c.removeprefix("old_") not in _OLD_IDS},
        old_version=olds["old_version"].astype("Int64"),
        old_observation=olds["old_observation"].astype("Int64"),
        old_synthetic=old_synthetic,
        status=status,
    )


_OLD_IDS = ("version", "synthetic", "observation")


def _confirmed(changes: pd.DataFrame) -> pd.DataFrame:
    """The stored rows the unchanged rows repeat, with the upload's source for each."""
    rows = changes[changes["status"] == UNCHANGED]
    return pd.DataFrame(
        {"observation_id": rows["old_observation"].astype("int64"), "source": rows["source"]}
    ).reset_index(drop=True)


def _empty_changes(rows: pd.DataFrame) -> pd.DataFrame:
    out = rows.copy()
    for col in ("old_value", "old_ci_low", "old_ci_high"):
        out[col] = np.nan
    out["old_flag"] = pd.Series(pd.NA, index=out.index, dtype="string")
    out["old_version"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    out["old_observation"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    out["old_synthetic"] = False
    out["status"] = NEW.value
    return out


def _counts(changes: pd.DataFrame) -> tuple[int, int, int]:
    status = changes["status"]
    return (
        int((status == NEW).sum()),
        int((status == CHANGED).sum()),
        int((status == UNCHANGED).sum()),
    )


def _changed_table(changes: pd.DataFrame) -> pd.DataFrame:
    rows = changes[changes["status"] == CHANGED]
    table = pd.DataFrame({k: rows[k] for k in (*KEY, "area_name")})
    for col in ("value", "flag", "ci_low", "ci_high"):
        table[f"old_{col}"] = rows[f"old_{col}"]
        table[f"new_{col}"] = rows[col]
    table["old_version"] = rows["old_version"]
    return table[list(CHANGED_COLUMNS)].reset_index(drop=True)


def preview(store: Store, rows: pd.DataFrame, *, file_name: str, sha256: str) -> Preview:
    """Compare validated rows with the current table; writes nothing."""
    with store.engine.connect() as conn:
        # Read before the cells: a version landing in between changes the revision, and
        # the commit then counts again.
        revision = store.revision(conn)
        changes = cell_changes(store, conn, rows)
        identical = store.identical_version(sha256, conn)
    n_new, n_changed, n_unchanged = _counts(changes)
    return Preview(
        file_name=file_name,
        sha256=sha256,
        rows=changes[[*rows.columns, "status"]],
        n_new=n_new,
        n_changed=n_changed,
        n_unchanged=n_unchanged,
        changed=_changed_table(changes),
        identical_version=identical,
        revision=revision,
        confirmed=_confirmed(changes),
    )


def preview_file(
    store: Store,
    data: bytes,
    file_name: str,
    catalog: Mapping[str, Indicator] | None = None,
    **options: Any,
) -> Preview:
    """Read (``read``, with its keyword ``options``), validate and preview a file's bytes.

    Raises ``ProblemsError`` if the file is refused; nothing is written either way.
    """
    rows = read(data, file_name, store.catalog() if catalog is None else catalog, **options)
    return preview(store, rows, file_name=file_name, sha256=sha256_bytes(data))


def _editor(editor: str) -> str:
    name = (editor or "").strip()
    if not name:
        raise ValueError("an editor's name is required to change the store")
    return name


def commit(store: Store, preview: Preview, *, editor: str) -> CommitResult:
    """Store the previewed file as one dataset version, or nothing if it changes nothing.

    One transaction under the write lock: a process killed midway leaves the store as it
    was, and a second upload waits for this one and then counts against its rows.
    """
    editor = _editor(editor)
    rows = preview.rows
    with store.writing() as conn:
        if preview.revision and store.revision(conn) == preview.revision:
            changes = rows  # nothing landed since the preview: its statuses stand
            confirmed = preview.confirmed
        else:
            changes = cell_changes(store, conn, rows.drop(columns=["status"]))
            confirmed = _confirmed(changes)
        n_new, n_changed, n_unchanged = _counts(changes)
        identical = store.identical_version(preview.sha256, conn)
        moved = (n_new, n_changed) != (preview.n_new, preview.n_changed)
        if n_new == 0 and n_changed == 0:
            unchanged = CommitStatus.UNCHANGED
            return CommitResult(unchanged, None, len(rows), 0, 0, n_unchanged, identical, moved)
        kept = changes[changes["status"] != UNCHANGED]
        sources = sorted(kept["source"].unique())
        info = DatasetInfo(
            name=preview.file_name,
            origin="upload",
            file_name=preview.file_name,
            sha256=preview.sha256,
            imported_by=editor,
            source="; ".join(sources[:20]),
        )
        version = store.add_dataset(
            conn,
            info,
            kept,
            n_added=n_new,
            n_changed=n_changed,
            n_rows=len(rows),
            confirmed=confirmed,
        )
    return CommitResult(
        CommitStatus.IMPORTED, version, len(rows), n_new, n_changed, n_unchanged, identical, moved
    )


def _check_withdrawable(store: Store, conn: sa.Connection, version: int) -> None:
    found = store.version(version, conn)
    if found is None:
        raise WithdrawError(version, WithdrawReason.UNKNOWN)
    if found.withdrawn_at is not None:
        raise WithdrawError(version, WithdrawReason.WITHDRAWN, found.withdrawn_at)
    if found.origin != "upload":
        raise WithdrawError(version, WithdrawReason.PACKAGE)


def withdraw(store: Store, version: int, *, editor: str) -> None:
    """Withdraw an uploaded version: its cells go back to what they were before it.

    A cell that a later, still active version repeated keeps that version's statement.
    Raises ``WithdrawError`` for an unknown or already withdrawn version, and for a version
    of the data package (those follow the package; change the package instead).
    """
    editor = _editor(editor)
    with store.writing() as conn:
        _check_withdrawable(store, conn, version)
        store.withdraw(conn, version, by=editor)


#: Columns of ``WithdrawPreview.cells``, in order.
WITHDRAW_COLUMNS: tuple[str, ...] = (
    *KEY,
    "area_name",
    "value",
    "flag",
    "after_value",
    "after_flag",
    "after_version",
)


@dataclass(frozen=True)
class WithdrawPreview:
    """What withdrawing ``version`` would do; nothing has been written.

    ``cells`` are the cells the version now decides (``WITHDRAW_COLUMNS``): their value now
    and after, and the version that decides them after (missing: the cell goes empty).
    """

    version: int
    cells: pd.DataFrame

    @property
    def n_cells(self) -> int:
        return len(self.cells)

    @property
    def n_kept(self) -> int:
        """Cells a later version repeated: they keep the value, now as that version's."""
        return int((self.cells["after_version"] > self.version).sum())

    @property
    def n_reverted(self) -> int:
        """Cells that go back to an earlier version's value."""
        return int((self.cells["after_version"] < self.version).sum())

    @property
    def n_emptied(self) -> int:
        """Cells that no other version states: they leave the table."""
        return int(self.cells["after_version"].isna().sum())


def withdraw_preview(store: Store, version: int) -> WithdrawPreview:
    """What ``withdraw`` would change, computed by withdrawing in a transaction rolled back.

    Raises ``WithdrawError`` as ``withdraw`` would.
    """
    columns = ("area_name", "value", "flag")
    with store.engine.connect() as conn:
        try:
            _check_withdrawable(store, conn, version)
            scope = store.version_scope(conn, version)
            before = store.current_cells(conn, columns, **scope)
            before = before[before["dataset_id"] == version]
            store.withdraw(conn, version, by="preview")
            after = store.current_cells(conn, ("value", "flag"), **scope)
        finally:
            conn.rollback()
    after = after[[*KEY, "value", "flag", "dataset_id"]].rename(
        columns={"value": "after_value", "flag": "after_flag", "dataset_id": "after_version"}
    )
    cells = before.merge(after, on=list(KEY), how="left", validate="one_to_one")
    cells["after_version"] = cells["after_version"].astype("Int64")
    cells = cells[list(WITHDRAW_COLUMNS)].sort_values(list(KEY), ignore_index=True)
    return WithdrawPreview(version, cells)


def history(store: Store) -> pd.DataFrame:
    """Every dataset version, newest first (``HISTORY_COLUMNS``); withdrawn ones included."""
    frame = store.datasets()
    out = pd.DataFrame(
        {
            "version": frame["id"].astype("int64"),
            "origin": frame["origin"],
            "file_name": frame["file_name"],
            "sha256": frame["sha256"],
            "editor": frame["imported_by"],
            "imported_at": frame["imported_at"],
            "n_rows": frame["n_rows"].astype("int64"),
            "n_new": frame["n_added"].astype("int64"),
            "n_changed": frame["n_changed"].astype("int64"),
            "n_unchanged": (frame["n_rows"] - frame["n_added"] - frame["n_changed"]).astype(
                "int64"
            ),
            "synthetic": frame["synthetic"].astype(bool),
            "withdrawn_at": frame["withdrawn_at"],
            "withdrawn_by": frame["withdrawn_by"],
        },
        columns=list(HISTORY_COLUMNS),
    )
    return out.sort_values("version", ascending=False, ignore_index=True)
