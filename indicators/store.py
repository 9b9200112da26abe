"""The store: every imported dataset version and its rows, in SQLite or PostgreSQL.

Rows are never updated in place. The current value of a cell (``schema.KEY``) is the row of
the newest dataset version that has not been withdrawn, so withdrawing a version brings back
whatever it had replaced. A real (published) value always outranks a synthetic example value
for the same cell, whatever their order of import. One code path (SQLAlchemy Core, portable SQL) serves both engines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from indicators.catalog import CATALOG_COLUMNS, Indicator, catalog_frame, catalog_from_frame
from indicators.schema import KEY, TIDY_COLUMNS

metadata = sa.MetaData()

datasets = sa.Table(
    "datasets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("origin", sa.String(20), nullable=False),  # 'package' or 'upload'
    sa.Column("file_name", sa.String(400), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("title", sa.Text, nullable=False, default=""),
    sa.Column("source", sa.Text, nullable=False, default=""),
    sa.Column("licenses", sa.Text, nullable=False, default=""),
    sa.Column("synthetic", sa.Boolean, nullable=False, default=False),
    sa.Column("imported_by", sa.String(200), nullable=False),
    sa.Column("imported_at", sa.String(32), nullable=False),
    sa.Column("n_rows", sa.Integer, nullable=False),
    sa.Column("n_added", sa.Integer, nullable=False),
    sa.Column("n_changed", sa.Integer, nullable=False),
    sa.Column("withdrawn_at", sa.String(32), nullable=True),
    sa.Column("withdrawn_by", sa.String(200), nullable=True),
)

observations = sa.Table(
    "observations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("dataset_id", sa.Integer, sa.ForeignKey("datasets.id"), nullable=False),
    sa.Column("municipality_code", sa.String(8), nullable=False),
    sa.Column("area_type", sa.String(64), nullable=False),
    sa.Column("area_code", sa.String(64), nullable=False),
    sa.Column("area_name", sa.String(200), nullable=False),
    sa.Column("indicator", sa.String(80), nullable=False),
    sa.Column("sex", sa.String(8), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("period", sa.String(16), nullable=False),
    sa.Column("value", sa.Float, nullable=True),
    sa.Column("ci_low", sa.Float, nullable=True),
    sa.Column("ci_high", sa.Float, nullable=True),
    sa.Column("flag", sa.String(32), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Index("ix_obs_slice", "municipality_code", "indicator", "area_type", "sex", "year"),
    sa.Index("ix_obs_dataset", "dataset_id"),
)

catalog_table = sa.Table(
    "catalog",
    metadata,
    *(
        sa.Column(c, sa.String(80) if c == "id" else sa.Text, primary_key=(c == "id"))
        for c in CATALOG_COLUMNS
    ),
)

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(80), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

OBS_COLUMNS: tuple[str, ...] = (*TIDY_COLUMNS, "period")


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    origin: str
    file_name: str
    sha256: str
    imported_by: str
    title: str = ""
    source: str = ""
    licenses: str = ""
    synthetic: bool = False


class Store:
    """Access to the store; create with ``Store.open(url)``."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> Store:
        kwargs: dict = {}
        if url.startswith("sqlite"):
            # Several app threads share one file; WAL lets readers go on while one writes.
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        engine = sa.create_engine(url, **kwargs)
        if url.startswith("sqlite"):

            @sa.event.listens_for(engine, "connect")
            def _pragmas(dbapi_conn, _record) -> None:
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA foreign_keys=ON")
                cur.close()

        metadata.create_all(engine)
        return cls(engine)

    # -- bookkeeping ------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(meta.c.value).where(meta.c.key == key)).scalar()

    def set_meta(self, conn: sa.Connection, key: str, value: str) -> None:
        conn.execute(sa.delete(meta).where(meta.c.key == key))
        conn.execute(sa.insert(meta).values(key=key, value=value))

    def revision(self) -> str:
        """Changes whenever the current table may have changed; a cache key for readers."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(
                    sa.func.count(datasets.c.id),
                    sa.func.max(datasets.c.id),
                    sa.func.count(datasets.c.withdrawn_at),
                )
            ).one()
            cat = conn.execute(sa.select(sa.func.count()).select_from(catalog_table)).scalar()
        return f"{row[0]}-{row[1]}-{row[2]}-{cat}"

    # -- catalog ----------------------------------------------------------------------
    def replace_catalog(self, conn: sa.Connection, catalog: dict[str, Indicator]) -> None:
        conn.execute(sa.delete(catalog_table))
        rows = catalog_frame(catalog).to_dict("records")
        if rows:
            conn.execute(sa.insert(catalog_table), rows)

    def catalog(self) -> dict[str, Indicator]:
        with self.engine.connect() as conn:
            frame = pd.DataFrame(
                conn.execute(sa.select(catalog_table)).mappings().all(),
                columns=list(CATALOG_COLUMNS),
            )
        return catalog_from_frame(frame)

    # -- datasets ---------------------------------------------------------------------
    def add_dataset(
        self,
        conn: sa.Connection,
        info: DatasetInfo,
        rows: pd.DataFrame,
        *,
        n_added: int,
        n_changed: int,
    ) -> int:
        """Insert a dataset version and its rows inside the caller's transaction."""
        result = conn.execute(
            sa.insert(datasets).values(
                name=info.name,
                origin=info.origin,
                file_name=info.file_name,
                sha256=info.sha256,
                title=info.title,
                source=info.source,
                licenses=info.licenses,
                synthetic=info.synthetic,
                imported_by=info.imported_by,
                imported_at=now_iso(),
                n_rows=len(rows),
                n_added=n_added,
                n_changed=n_changed,
            )
        )
        dataset_id = int(result.inserted_primary_key[0])
        frame = rows[list(OBS_COLUMNS)].copy()
        frame["dataset_id"] = dataset_id
        # None, not NaN, so that missing stays NULL in every engine.
        records = frame.astype(object).where(frame.notna(), None).to_dict("records")
        for start in range(0, len(records), 20_000):
            conn.execute(sa.insert(observations), records[start : start + 20_000])
        return dataset_id

    def withdraw(self, conn: sa.Connection, dataset_id: int, by: str) -> None:
        conn.execute(
            sa.update(datasets)
            .where(datasets.c.id == dataset_id, datasets.c.withdrawn_at.is_(None))
            .values(withdrawn_at=now_iso(), withdrawn_by=by)
        )

    def datasets(self, include_withdrawn: bool = True) -> pd.DataFrame:
        query = sa.select(datasets).order_by(datasets.c.id)
        if not include_withdrawn:
            query = query.where(datasets.c.withdrawn_at.is_(None))
        with self.engine.connect() as conn:
            return pd.DataFrame(
                conn.execute(query).mappings().all(), columns=[c.name for c in datasets.c]
            )

    # -- the current table ------------------------------------------------------------
    def _current_query(self, **filters: object) -> sa.Select:
        obs = observations
        cols = [obs.c[c] for c in OBS_COLUMNS]
        ranked = (
            sa.select(
                *cols,
                obs.c.dataset_id,
                datasets.c.synthetic,
                sa.func.row_number()
                .over(
                    partition_by=[obs.c[k] for k in KEY],
                    order_by=[
                        sa.cast(datasets.c.synthetic, sa.Integer).asc(),
                        obs.c.dataset_id.desc(),
                    ],
                )
                .label("rn"),
            )
            .join(datasets, datasets.c.id == obs.c.dataset_id)
            .where(datasets.c.withdrawn_at.is_(None))
        )
        for name, value in filters.items():
            if value is None:
                continue
            if isinstance(value, list | tuple | set):
                ranked = ranked.where(obs.c[name].in_(list(value)))
            else:
                ranked = ranked.where(obs.c[name] == value)
        sub = ranked.subquery()
        return sa.select(*[sub.c[c] for c in (*OBS_COLUMNS, "dataset_id", "synthetic")]).where(
            sub.c.rn == 1
        )

    def current(self, **filters: object) -> pd.DataFrame:
        """Current rows, filtered on any tidy column (a value or a list of values)."""
        with self.engine.connect() as conn:
            result = conn.execute(self._current_query(**filters))
            frame = pd.DataFrame(result.all(), columns=[*OBS_COLUMNS, "dataset_id", "synthetic"])
        return _typed(frame)

    def inventory(self) -> pd.DataFrame:
        """What the current table holds: one row per city, area type, indicator, sex, year, period."""
        sub = self._current_query().subquery()
        group = [
            sub.c.municipality_code,
            sub.c.area_type,
            sub.c.indicator,
            sub.c.sex,
            sub.c.year,
            sub.c.period,
        ]
        query = sa.select(
            *group,
            sa.func.count().label("n_rows"),
            sa.func.count(sub.c.value).label("n_values"),
            sa.func.max(sa.cast(sub.c.synthetic, sa.Integer)).label("synthetic"),
            sa.func.min(sa.cast(sub.c.synthetic, sa.Integer)).label("all_synthetic"),
        ).group_by(*group)
        with self.engine.connect() as conn:
            frame = pd.DataFrame(
                conn.execute(query).all(),
                columns=[
                    "municipality_code",
                    "area_type",
                    "indicator",
                    "sex",
                    "year",
                    "period",
                    "n_rows",
                    "n_values",
                    "synthetic",
                    "all_synthetic",
                ],
            )
        frame["synthetic"] = frame["synthetic"].astype(bool)
        frame["all_synthetic"] = frame["all_synthetic"].astype(bool)
        return frame


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for col in ("value", "ci_low", "ci_high"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    frame["year"] = frame["year"].astype("int64")
    frame["synthetic"] = frame["synthetic"].astype(bool)
    return frame
