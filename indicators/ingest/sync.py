"""Loading the data package into the store on first start, and again only when it changed."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa

from indicators.core.problems import Problem, ProblemsError
from indicators.ingest.tidy import read_tidy_path
from indicators.ingest.versions import CHANGED, NEW, cell_changes
from indicators.table.catalog import Indicator, read_catalog
from indicators.table.package import IndicatorResource, Package, checksum_problem
from indicators.table.store import DatasetInfo, Store, datasets, meta

FINGERPRINT_KEY = "package_fingerprint"


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


def _active_package_datasets(conn: sa.Connection) -> dict[str, tuple[int, str]]:
    rows = conn.execute(
        sa.select(datasets.c.id, datasets.c.name, datasets.c.sha256).where(
            datasets.c.origin == "package", datasets.c.withdrawn_at.is_(None)
        )
    ).all()
    return {name: (int(id_), sha) for id_, name, sha in rows}


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

    with store.engine.begin() as conn:
        store.write_lock(conn)  # two servers never load twice
        if not force and _meta_value(conn, FINGERPRINT_KEY) == package.fingerprint:
            report.unchanged = True  # another server loaded it while we waited
            return report
        store.replace_catalog(conn, catalog)
        active = _active_package_datasets(conn)
        for res in package.indicators:
            if res.name in active and active[res.name][1] == res.sha256:
                problem = checksum_problem(res)
                if problem:
                    report.refused[res.rel_path] = [problem]
                else:
                    report.kept.append(res.name)
                continue
            rows, problems = _read_resource(res, catalog)
            if problems:
                report.refused[res.rel_path] = problems
                continue
            n_added, n_changed = count_changes(store, conn, rows, synthetic=res.synthetic)
            info = DatasetInfo(
                name=res.name,
                origin="package",
                file_name=res.rel_path,
                sha256=res.sha256,
                imported_by="datapaket",
                title=res.title,
                source="; ".join(res.sources),
                licenses=", ".join(res.licenses),
                synthetic=res.synthetic,
            )
            store.add_dataset(conn, info, rows, n_added=n_added, n_changed=n_changed)
            if res.name in active:
                store.withdraw(conn, active[res.name][0], by="datapaket")
            report.loaded.append((res.name, len(rows)))
        names = {res.name for res in package.indicators}
        for name, (dataset_id, _sha) in active.items():
            if name not in names:
                store.withdraw(conn, dataset_id, by="datapaket")
                report.withdrawn.append(name)
        if report.ok:
            # A package with refused files is checked again at the next start.
            store.set_meta(conn, FINGERPRINT_KEY, package.fingerprint)
    return report


def _meta_value(conn: sa.Connection, key: str) -> str | None:
    return conn.execute(sa.select(meta.c.value).where(meta.c.key == key)).scalar()
