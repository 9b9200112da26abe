"""Loading the data package into the store on first start, and again only when it changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from indicators.core.problems import Problem, ProblemsError
from indicators.ingest.tidy import read_tidy_path
from indicators.ingest.versions import CHANGED, NEW, cell_changes
from indicators.table.catalog import Indicator, read_catalog
from indicators.table.package import IndicatorResource, Package, checksum_problem
from indicators.table.store import DatasetInfo, Store, Version

if TYPE_CHECKING:
    import sqlalchemy as sa

FINGERPRINT_KEY = "package_fingerprint"
#: Who imports and withdraws the package's versions, in the history.
PACKAGE_EDITOR = "datapaket"


@dataclass
class LoadReport:
    fingerprint: str
    unchanged: bool = False
    loaded: list[tuple[str, int]] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    refused: dict[str, list[Problem]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.refused


def count_changes(
    store: Store, conn: sa.Connection, rows: pd.DataFrame, *, synthetic: bool = False
) -> tuple[int, int]:
    """How many of ``rows`` add a new cell, and how many change a current one."""
    status = cell_changes(store, conn, rows, synthetic=synthetic)["status"]
    return int((status == NEW).sum()), int((status == CHANGED).sum())


def _read_resource(
    res: IndicatorResource, catalog: dict[str, Indicator]
) -> tuple[pd.DataFrame | None, list[Problem]]:
    problem = checksum_problem(res)
    if problem:
        return None, [problem]
    try:
        return read_tidy_path(res.path, catalog, label=res.rel_path), []
    except ProblemsError as err:
        return None, err.problems


def _sync_resource(
    store: Store,
    conn: sa.Connection,
    res: IndicatorResource,
    old: Version | None,
    catalog: dict[str, Indicator],
    report: LoadReport,
) -> None:
    """Keep, load or refuse one indicator file; a loaded file replaces its ``old`` version."""
    if old is not None and old.sha256 == res.sha256:
        problem = checksum_problem(res)
        if problem:
            report.refused[res.rel_path] = [problem]
        else:
            report.kept.append(res.name)
        return
    rows, problems = _read_resource(res, catalog)
    if problems:
        report.refused[res.rel_path] = problems
        return
    n_added, n_changed = count_changes(store, conn, rows, synthetic=res.synthetic)
    info = DatasetInfo(
        name=res.name,
        origin="package",
        file_name=res.rel_path,
        sha256=res.sha256,
        imported_by=PACKAGE_EDITOR,
        title=res.title,
        source="; ".join(res.sources),
        licenses=", ".join(res.licenses),
        synthetic=res.synthetic,
    )
    store.add_dataset(conn, info, rows, n_added=n_added, n_changed=n_changed)
    if old is not None:
        store.withdraw(conn, old.id, by=PACKAGE_EDITOR)
    report.loaded.append((res.name, len(rows)))


def sync_package(store: Store, package: Package, *, force: bool = False) -> LoadReport:
    """Bring the store up to date with the package; a refused file changes nothing stored."""
    report = LoadReport(fingerprint=package.fingerprint)
    if not force and store.get_meta(FINGERPRINT_KEY) == package.fingerprint:
        report.unchanged = True
        return report

    problem = checksum_problem(package.catalog)
    if problem:
        report.refused[package.catalog.rel_path] = [problem]
        return report
    catalog = read_catalog(package.catalog.path)

    with store.writing() as conn:  # two servers never load twice
        if not force and store.get_meta(FINGERPRINT_KEY, conn) == package.fingerprint:
            report.unchanged = True  # another server loaded it while we waited
            return report
        store.replace_catalog(conn, catalog)
        active = store.active_package_versions(conn)
        for res in package.indicators:
            _sync_resource(store, conn, res, active.get(res.name), catalog, report)
        names = {res.name for res in package.indicators}
        for name, version in active.items():
            if name not in names:
                store.withdraw(conn, version.id, by=PACKAGE_EDITOR)
                report.withdrawn.append(name)
        if report.ok:
            # A package with refused files is checked again at the next start.
            store.set_meta(conn, FINGERPRINT_KEY, package.fingerprint)
    return report
