"""The store: every imported dataset version and its rows, in SQLite or PostgreSQL.

Rows are never updated in place. The current value of a cell (``schema.KEY``) is the row of
the newest dataset version that has not been withdrawn, so withdrawing a version brings back
whatever it had replaced. A version that repeated a current value stores no row but a
*confirmation*; withdrawing the version that stated the value first copies it into every
active version that confirmed it, so the later statement stays. Source texts are stored once
per version (``sources``), not per row. A real (published) value always outranks a synthetic example value
for the same cell, whatever their order of import. One code path (SQLAlchemy Core, portable
SQL) serves both engines; only the write lock and the bulk insert of rows differ.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from indicators.core import settings
from indicators.table.catalog import CATALOG_COLUMNS, Indicator, catalog_frame, catalog_from_frame
from indicators.table.schema import KEY, TIDY_COLUMNS

metadata = sa.MetaData()

datasets = sa.Table(
    "datasets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("origin", sa.String(20), nullable=False),  # 'package' or 'upload'
    sa.Column("file_name", sa.String, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("title", sa.Text, nullable=False, default=""),
    sa.Column("source", sa.Text, nullable=False, default=""),
    sa.Column("licenses", sa.Text, nullable=False, default=""),
    sa.Column("synthetic", sa.Boolean, nullable=False, default=False),
    sa.Column("imported_by", sa.String, nullable=False),
    sa.Column("imported_at", sa.String(32), nullable=False),
    sa.Column("n_rows", sa.Integer, nullable=False),
    sa.Column("n_added", sa.Integer, nullable=False),
    sa.Column("n_changed", sa.Integer, nullable=False),
    sa.Column("withdrawn_at", sa.String(32), nullable=True),
    sa.Column("withdrawn_by", sa.String, nullable=True),
)

observations = sa.Table(
    "observations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    # No FOREIGN KEY: PostgreSQL would check it row by row, a third of the time it takes to
    # write a million rows. Rows are only written by ``add_dataset``, after their dataset and
    # in its transaction, and datasets are never deleted.
    sa.Column("dataset_id", sa.Integer, nullable=False),
    sa.Column("municipality_code", sa.String(8), nullable=False),
    # Unbounded: PostgreSQL enforces VARCHAR lengths and SQLite does not, and these come
    # from users' files; one engine must not accept what the other refuses.
    sa.Column("area_type", sa.String, nullable=False),
    sa.Column("area_code", sa.String, nullable=False),
    sa.Column("area_name", sa.String, nullable=False),
    sa.Column("indicator", sa.String(80), nullable=False),
    sa.Column("sex", sa.String(8), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("period", sa.String(16), nullable=False),
    sa.Column("value", sa.Float, nullable=True),
    sa.Column("ci_low", sa.Float, nullable=True),
    sa.Column("ci_high", sa.Float, nullable=True),
    sa.Column("flag", sa.String(32), nullable=False),
    # A row of ``sources``: one text per version, not a copy per row (a 50 kB source on
    # 5,760 rows once grew the store by 292 MB).
    sa.Column("source_id", sa.Integer, nullable=False),
    sa.Index("ix_obs_slice", "municipality_code", "indicator", "area_type", "sex", "year"),
    sa.Index("ix_obs_dataset", "dataset_id"),
)

sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("dataset_id", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Index("ix_sources_dataset", "dataset_id"),
)

#: Cells a version repeated unchanged: ``observation_id`` was current and ``dataset_id``
#: stated it again (with its own ``source_id``). Kept so a withdrawal cannot take it away.
confirmations = sa.Table(
    "confirmations",
    metadata,
    sa.Column("dataset_id", sa.Integer, nullable=False),
    sa.Column("observation_id", sa.Integer, nullable=False),
    sa.Column("source_id", sa.Integer, nullable=False),
    sa.Index("ix_confirmations_observation", "observation_id"),
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

#: Divisions editors added (issue 13): each a version like a dataset, withdrawn, never
#: deleted. The areas are GeoJSON text (EPSG:4326, properties area_code, area_name and
#: parent_code), so that every app server on one database draws the same map.
division_versions = sa.Table(
    "division_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("municipality_code", sa.String(8), nullable=False),
    sa.Column("area_type", sa.String, nullable=False),
    sa.Column("name_sv", sa.Text, nullable=False, default=""),
    sa.Column("name_en", sa.Text, nullable=False, default=""),
    sa.Column("valid_from", sa.String(10), nullable=True),
    sa.Column("valid_to", sa.String(10), nullable=True),
    sa.Column("parent_type", sa.String, nullable=True),
    sa.Column("file_name", sa.String, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("source_crs", sa.String, nullable=False, default=""),
    sa.Column("n_features", sa.Integer, nullable=False),
    sa.Column("geojson", sa.Text, nullable=False),
    sa.Column("imported_by", sa.String, nullable=False),
    sa.Column("imported_at", sa.String(32), nullable=False),
    sa.Column("withdrawn_at", sa.String(32), nullable=True),
    sa.Column("withdrawn_by", sa.String, nullable=True),
)
#: A division version's columns but its areas: what lists and history show.
DIVISION_COLUMNS: tuple[str, ...] = tuple(
    c.name for c in division_versions.c if c.name != "geojson"
)

OBS_COLUMNS: tuple[str, ...] = (*TIDY_COLUMNS, "period")
#: The columns of a ``Version``, in its fields' order.
_VERSION_COLUMNS = (
    datasets.c.id,
    datasets.c.name,
    datasets.c.origin,
    datasets.c.sha256,
    datasets.c.withdrawn_at,
)
#: Meta row whose update is the write lock in SQLite (PostgreSQL uses an advisory lock).
LOCK_KEY = "write_lock"
# Arbitrary constants naming this application's advisory locks in PostgreSQL.
_PG_WRITE_LOCK = 0x4A414D4C  # "JAML"
_PG_SCHEMA_LOCK = 0x4A414D53  # "JAMS"
#: Meta row holding the tables' layout version; ``_MIGRATIONS`` bring an older store up to it.
SCHEMA_KEY = "schema_version"
SCHEMA_VERSION = 2
#: Rows per insert batch: bounds the memory of the Python copies of a large file.
BATCH_ROWS = 50_000


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def engine_url(url: str) -> sa.URL:
    """The SQLAlchemy URL for a store URL; plain ``postgresql://`` means the psycopg driver.

    >>> engine_url("postgresql://jamlik@db.example/jamlik").drivername
    'postgresql+psycopg'
    >>> engine_url("sqlite:///var/jamlik.sqlite").drivername
    'sqlite'
    """
    parsed = sa.make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


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


@dataclass(frozen=True)
class Version:
    """What decides a dataset version's fate: where it came from and whether it still counts."""

    id: int
    name: str
    origin: str
    sha256: str
    withdrawn_at: str | None


class Store:
    """Access to the store; create with ``Store.open(url)``.

    Every query of the store's tables is a method here; importing and loading pass a
    connection when a read must see their own transaction, and never touch the tables.
    """

    def __init__(self, engine: Engine):
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> Store:
        """Connect to a store (``sqlite:///…`` or ``postgresql://…``), creating its tables."""
        parsed = engine_url(url)
        kwargs: dict = {}
        sqlite = parsed.get_backend_name() == "sqlite"
        if sqlite:
            if parsed.database and parsed.database != ":memory:":
                settings.private_file(Path(parsed.database))  # 0600: readable by us only
            # Several app threads share one file; WAL lets readers go on while one writes,
            # and a second writer waits up to 30 s for the first instead of failing.
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            # A database restarted under a running app server leaves dead pooled connections.
            kwargs["pool_pre_ping"] = True
        engine = sa.create_engine(parsed, **kwargs)
        if sqlite:

            @sa.event.listens_for(engine, "connect")
            def _pragmas(dbapi_conn, _record) -> None:
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA foreign_keys=ON")
                cur.close()

        _create_tables(engine)
        return cls(engine)

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    @contextmanager
    def _connection(self, conn: sa.Connection | None) -> Iterator[sa.Connection]:
        """``conn`` (the caller's transaction) if given, else a connection of our own."""
        if conn is not None:
            yield conn
            return
        with self.engine.connect() as own:
            yield own

    @contextmanager
    def writing(self) -> Iterator[sa.Connection]:
        """One transaction holding the write lock: committed on exit, rolled back on error."""
        with self.engine.begin() as conn:
            self.write_lock(conn)
            yield conn

    def write_lock(self, conn: sa.Connection) -> None:
        """Hold the store's write lock until ``conn``'s transaction ends.

        Every writer takes it first, so two servers or processes writing at once queue up:
        the second waits, and then reads what the first committed (no lost update).
        """
        if conn.dialect.name == "postgresql":
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_WRITE_LOCK)))
            return
        # In SQLite the first write of a transaction takes the database's write lock; a
        # second writer waits here (busy timeout) and, once in, reads the newest rows.
        updated = conn.execute(
            sa.update(meta).where(meta.c.key == LOCK_KEY).values(value=now_iso())
        ).rowcount
        if not updated:
            conn.execute(sa.insert(meta).values(key=LOCK_KEY, value=now_iso()))

    # -- bookkeeping ------------------------------------------------------------------
    def get_meta(self, key: str, conn: sa.Connection | None = None) -> str | None:
        """A bookkeeping value; with ``conn``, as that transaction sees it."""
        with self._connection(conn) as c:
            return c.execute(sa.select(meta.c.value).where(meta.c.key == key)).scalar()

    def set_meta(self, conn: sa.Connection, key: str, value: str) -> None:
        conn.execute(sa.delete(meta).where(meta.c.key == key))
        conn.execute(sa.insert(meta).values(key=key, value=value))

    def revision(self, conn: sa.Connection | None = None) -> str:
        """Changes whenever the current table may have changed; a cache key for readers.

        Datasets are never deleted and never un-withdrawn, so an equal revision means no
        version was added or withdrawn in between.
        """
        with self._connection(conn) as c:
            row = c.execute(
                sa.select(
                    sa.func.count(datasets.c.id),
                    sa.func.max(datasets.c.id),
                    sa.func.count(datasets.c.withdrawn_at),
                )
            ).one()
            cat = c.execute(sa.select(sa.func.count()).select_from(catalog_table)).scalar()
            div = c.execute(
                sa.select(
                    sa.func.count(division_versions.c.id),
                    sa.func.count(division_versions.c.withdrawn_at),
                )
            ).one()
        return f"{row[0]}-{row[1]}-{row[2]}-{cat}-d{div[0]}-{div[1]}"

    def size_bytes(self) -> int:
        """The bytes the store's data take: SQLite's pages (WAL included), PostgreSQL's database."""
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                return int(
                    conn.execute(
                        sa.select(sa.func.pg_database_size(sa.func.current_database()))
                    ).scalar()
                )
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
            page_size = conn.exec_driver_sql("PRAGMA page_size").scalar()
        return int(pages) * int(page_size)

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
        n_rows: int | None = None,
        confirmed: pd.DataFrame | None = None,
    ) -> int:
        """Insert a dataset version and its rows inside the caller's transaction.

        ``n_rows`` is the number of rows in the file (default: the rows stored); an upload
        stores only the rows it adds or changes. ``confirmed`` (``observation_id``, ``source``)
        are the current rows it repeated unchanged: recorded, so that withdrawing the version
        that stated them first leaves this version's statement in force.
        """
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
                n_rows=len(rows) if n_rows is None else n_rows,
                n_added=n_added,
                n_changed=n_changed,
            )
        )
        dataset_id = int(result.inserted_primary_key[0])
        confirmed = confirmed if confirmed is not None else pd.DataFrame(columns=["source"])
        texts = set(rows["source"].astype(str)) | set(confirmed["source"].astype(str))
        source_ids = _insert_sources(conn, dataset_id, texts)
        for start in range(0, len(rows), BATCH_ROWS):
            batch = rows.iloc[start : start + BATCH_ROWS]
            _insert_rows(conn, batch, dataset_id, batch["source"].astype(str).map(source_ids))
        for start in range(0, len(confirmed), BATCH_ROWS):
            batch = confirmed.iloc[start : start + BATCH_ROWS]
            columns = [
                [dataset_id] * len(batch),
                batch["observation_id"].astype("int64").tolist(),
                batch["source"].astype(str).map(source_ids).astype("int64").tolist(),
            ]
            _bulk_insert(conn, "confirmations", _CONFIRM_COLUMNS, columns)
        return dataset_id

    def withdraw(self, conn: sa.Connection, dataset_id: int, by: str) -> None:
        """Mark a version withdrawn (once: a withdrawn version keeps its first date).

        Its rows that active later versions confirmed are first copied into those versions,
        with their own source: the state is then as if the withdrawn file had never come.
        """
        marked = conn.execute(
            sa.update(datasets)
            .where(datasets.c.id == dataset_id, datasets.c.withdrawn_at.is_(None))
            .values(withdrawn_at=now_iso(), withdrawn_by=by)
        ).rowcount
        if not marked:
            return
        obs, later = observations, datasets.alias("later")
        copied = [obs.c[c] for c in _INSERT_COLUMNS if c not in ("source_id", "dataset_id")]
        query = (
            sa.select(*copied, confirmations.c.source_id, confirmations.c.dataset_id)
            .join(confirmations, confirmations.c.observation_id == obs.c.id)
            .join(later, later.c.id == confirmations.c.dataset_id)
            .where(obs.c.dataset_id == dataset_id, later.c.withdrawn_at.is_(None))
        )
        conn.execute(
            sa.insert(obs).from_select(
                [c.name for c in copied] + ["source_id", "dataset_id"], query
            )
        )

    def version_scope(self, conn: sa.Connection, dataset_id: int) -> dict[str, list]:
        """The cities, area types, indicators and years a version's rows touch."""
        scope: dict[str, list] = {}
        for name in ("municipality_code", "area_type", "indicator", "year"):
            column = observations.c[name]
            query = sa.select(column).where(observations.c.dataset_id == dataset_id).distinct()
            scope[name] = sorted(conn.execute(query).scalars())
        return scope

    def version(self, dataset_id: int, conn: sa.Connection | None = None) -> Version | None:
        """One dataset version, or None if there is no such version."""
        with self._connection(conn) as c:
            row = c.execute(
                sa.select(*_VERSION_COLUMNS).where(datasets.c.id == dataset_id)
            ).one_or_none()
        return None if row is None else Version(*row)

    def identical_version(self, sha256: str, conn: sa.Connection | None = None) -> int | None:
        """The newest version, not withdrawn, imported from a file with this sha256."""
        with self._connection(conn) as c:
            found = c.execute(
                sa.select(sa.func.max(datasets.c.id)).where(
                    datasets.c.sha256 == sha256, datasets.c.withdrawn_at.is_(None)
                )
            ).scalar()
        return None if found is None else int(found)

    def active_package_versions(self, conn: sa.Connection | None = None) -> dict[str, Version]:
        """The data package's versions in force, by resource name."""
        with self._connection(conn) as c:
            rows = c.execute(
                sa.select(*_VERSION_COLUMNS).where(
                    datasets.c.origin == "package", datasets.c.withdrawn_at.is_(None)
                )
            ).all()
        return {version.name: version for version in (Version(*row) for row in rows)}

    def datasets(self, include_withdrawn: bool = True) -> pd.DataFrame:
        query = sa.select(datasets).order_by(datasets.c.id)
        if not include_withdrawn:
            query = query.where(datasets.c.withdrawn_at.is_(None))
        with self.engine.connect() as conn:
            return pd.DataFrame(
                conn.execute(query).mappings().all(), columns=[c.name for c in datasets.c]
            )

    # -- divisions --------------------------------------------------------------------
    def add_division(self, conn: sa.Connection, record: dict[str, object]) -> int:
        """Insert a division version (``record``: the table's columns but id and dates)."""
        values = {**record, "imported_at": now_iso()}
        return int(
            conn.execute(sa.insert(division_versions).values(**values)).inserted_primary_key[0]
        )

    def withdraw_division(self, conn: sa.Connection, version: int, by: str) -> None:
        """Mark a division version withdrawn (once; the first date stays)."""
        conn.execute(
            sa.update(division_versions)
            .where(division_versions.c.id == version, division_versions.c.withdrawn_at.is_(None))
            .values(withdrawn_at=now_iso(), withdrawn_by=by)
        )

    def divisions(
        self,
        *,
        include_withdrawn: bool = True,
        with_areas: bool = False,
        conn: sa.Connection | None = None,
    ) -> pd.DataFrame:
        """Division versions, oldest first; ``with_areas`` adds their GeoJSON text."""
        names = [*DIVISION_COLUMNS, "geojson"] if with_areas else list(DIVISION_COLUMNS)
        query = sa.select(*[division_versions.c[n] for n in names]).order_by(division_versions.c.id)
        if not include_withdrawn:
            query = query.where(division_versions.c.withdrawn_at.is_(None))
        with self._connection(conn) as c:
            return pd.DataFrame(c.execute(query).all(), columns=names)

    def dataset_contents(self) -> pd.DataFrame:
        """Which cities and indicators each version holds: dataset_id, municipality_code, indicator."""
        query = (
            sa.select(
                observations.c.dataset_id,
                observations.c.municipality_code,
                observations.c.indicator,
            )
            .distinct()
            .order_by(observations.c.dataset_id)
        )
        with self.engine.connect() as conn:
            return pd.DataFrame(
                conn.execute(query).all(), columns=["dataset_id", "municipality_code", "indicator"]
            )

    # -- the current table ------------------------------------------------------------
    def _current_query(self, **filters: object) -> sa.Select:
        obs = observations
        cols = [obs.c.source_id if c == "source" else obs.c[c] for c in OBS_COLUMNS]
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
        # The source's text joined to the current rows only, not to every ranked row.
        out = [sources.c.text.label(c) if c == "source" else sub.c[c] for c in OBS_COLUMNS]
        return (
            sa.select(*out, sub.c.dataset_id, sub.c.synthetic)
            .join(sources, sources.c.id == sub.c.source_id)
            .where(sub.c.rn == 1)
        )

    def current(self, **filters: object) -> pd.DataFrame:
        """Current rows, filtered on any tidy column (a value or a list of values)."""
        with self.engine.connect() as conn:
            result = conn.execute(self._current_query(**filters))
            frame = pd.DataFrame(result.all(), columns=[*OBS_COLUMNS, "dataset_id", "synthetic"])
        return _typed(frame)

    def current_cells(
        self, conn: sa.Connection, columns: tuple[str, ...], **filters: object
    ) -> pd.DataFrame:
        """The current rows' ``KEY`` + ``columns`` + dataset_id + synthetic + observation_id.

        Read inside ``conn``; ``observation_id`` is the stored row's id.

        The same rows as ``current`` (a real value first, then the newest version), but
        ranked in pandas rather than by a window function in SQL: several times faster for
        the hundreds of thousands of cells an upload is compared with.
        """
        wanted = list(dict.fromkeys([*KEY, *columns]))
        query = sa.select(
            *[observations.c[c] for c in wanted],
            observations.c.dataset_id,
            datasets.c.synthetic,
            observations.c.id,
        ).join(datasets, datasets.c.id == observations.c.dataset_id)
        query = query.where(datasets.c.withdrawn_at.is_(None))
        for name, value in filters.items():
            if isinstance(value, list | tuple | set):
                query = query.where(observations.c[name].in_(list(value)))
            elif value is not None:
                query = query.where(observations.c[name] == value)
        names = [*wanted, "dataset_id", "synthetic", "observation_id"]
        # The driver's plain tuples, a batch at a time, column by column: SQLAlchemy's row
        # objects, a frame built from rows, and a million tuples held at once each cost
        # more time or memory than the query itself.
        result = conn.execute(query)
        parts = []
        while batch := result.cursor.fetchmany(BATCH_ROWS):
            parts.append(pd.DataFrame(dict(zip(names, zip(*batch, strict=True), strict=True))))
        result.close()
        frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=names)
        frame["synthetic"] = frame["synthetic"].astype(bool)
        frame["dataset_id"] = frame["dataset_id"].astype("int64")
        frame["observation_id"] = frame["observation_id"].astype("int64")
        frame = frame.sort_values(
            ["synthetic", "dataset_id"], ascending=[True, False], kind="stable"
        )
        frame = frame.drop_duplicates(list(KEY), keep="first")
        return _typed(frame.reset_index(drop=True))

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


def _create_tables(engine: Engine) -> None:
    """Create missing tables; safe when several processes open a new store at once."""
    for attempt in range(3):
        try:
            with engine.begin() as conn:
                if conn.dialect.name == "postgresql":
                    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_SCHEMA_LOCK)))
                existing = sa.inspect(conn).has_table("observations")
                metadata.create_all(conn)
                _migrate(conn, fresh=not existing)
            return
        except sa.exc.OperationalError:
            # SQLite: another process created a table between our check and our CREATE.
            if attempt == 2:
                raise
            time.sleep(0.1)


def _migrate(conn: sa.Connection, *, fresh: bool) -> None:
    """Bring an older store's tables up to ``SCHEMA_VERSION``, in the caller's transaction."""
    found = conn.execute(sa.select(meta.c.value).where(meta.c.key == SCHEMA_KEY)).scalar()
    version = SCHEMA_VERSION if fresh else int(found or 1)
    if found is not None and version == SCHEMA_VERSION:
        return
    # The meta write first: in SQLite it opens the transaction, so the ALTERs below are
    # part of it and a crash midway leaves the old layout whole.
    conn.execute(sa.delete(meta).where(meta.c.key == SCHEMA_KEY))
    conn.execute(sa.insert(meta).values(key=SCHEMA_KEY, value=str(SCHEMA_VERSION)))
    for target, step in _MIGRATIONS:
        if version < target:
            step(conn)


def _sources_once_per_version(conn: sa.Connection) -> None:
    """Version 2: each row's copy of its source text becomes a reference to ``sources``."""
    conn.exec_driver_sql("ALTER TABLE observations ADD COLUMN source_id INTEGER NOT NULL DEFAULT 0")
    conn.exec_driver_sql(
        "INSERT INTO sources (dataset_id, text) SELECT DISTINCT dataset_id, source FROM observations"
    )
    conn.exec_driver_sql(
        "UPDATE observations SET source_id = (SELECT s.id FROM sources s"
        " WHERE s.dataset_id = observations.dataset_id AND s.text = observations.source)"
    )
    conn.exec_driver_sql("ALTER TABLE observations DROP COLUMN source")


_MIGRATIONS = ((2, _sources_once_per_version),)


def _insert_sources(conn: sa.Connection, dataset_id: int, texts: set[str]) -> dict[str, int]:
    """Store a version's distinct source texts once; their ids by text."""
    if texts:
        conn.execute(
            sa.insert(sources), [{"dataset_id": dataset_id, "text": t} for t in sorted(texts)]
        )
    found = conn.execute(
        sa.select(sources.c.text, sources.c.id).where(sources.c.dataset_id == dataset_id)
    ).all()
    return {text: int(source_id) for text, source_id in found}


#: What a stored row holds: the tidy columns with the source as a reference.
_ROW_COLUMNS: tuple[str, ...] = tuple(c for c in OBS_COLUMNS if c != "source")
_INSERT_COLUMNS: tuple[str, ...] = (*_ROW_COLUMNS, "source_id", "dataset_id")
_CONFIRM_COLUMNS: tuple[str, ...] = ("dataset_id", "observation_id", "source_id")
# Binary COPY needs each column's type; the rest are text (VARCHAR has text's format).
_PG_TYPES: dict[str, str] = {
    "year": "integer",
    "value": "float8",
    "ci_low": "float8",
    "ci_high": "float8",
    "dataset_id": "integer",
    "source_id": "integer",
    "observation_id": "integer",
}


def _columns_as_lists(
    rows: pd.DataFrame, dataset_id: int, source_ids: pd.Series
) -> list[list[object]]:
    """The rows' columns as Python lists, missing as None (never NaN, so NULL in every engine)."""
    out: list[list[object]] = []
    for col in _ROW_COLUMNS:
        series = rows[col]
        if col in ("value", "ci_low", "ci_high"):
            values = series.astype("float64")
            out.append(values.astype(object).where(values.notna(), None).tolist())
        elif col == "year":
            out.append(series.astype("int64").tolist())
        else:
            out.append(series.astype(str).tolist())
    out.append(source_ids.astype("int64").tolist())
    out.append([dataset_id] * len(rows))
    return out


def _insert_rows(
    conn: sa.Connection, rows: pd.DataFrame, dataset_id: int, source_ids: pd.Series
) -> None:
    """Insert one batch of observations: binary COPY in PostgreSQL, executemany in SQLite.

    The plain driver calls are several times faster than SQLAlchemy's per-row dictionaries,
    which matters for a file of a million rows.
    """
    if not rows.empty:
        columns = _columns_as_lists(rows, dataset_id, source_ids)
        _bulk_insert(conn, "observations", _INSERT_COLUMNS, columns)


def _bulk_insert(
    conn: sa.Connection, table: str, names: tuple[str, ...], columns: list[list[object]]
) -> None:
    """Insert the rows given as columns: binary COPY in PostgreSQL, executemany in SQLite."""
    listed = ", ".join(names)
    if conn.dialect.name == "postgresql":
        with (
            conn.connection.driver_connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({listed}) FROM STDIN (FORMAT BINARY)") as copy,
        ):
            copy.set_types([_PG_TYPES.get(c, "text") for c in names])
            for record in zip(*columns, strict=True):
                copy.write_row(record)
        return
    marks = ", ".join("?" for _ in names)
    conn.exec_driver_sql(
        f"INSERT INTO {table} ({listed}) VALUES ({marks})", list(zip(*columns, strict=True))
    )


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for col in ("value", "ci_low", "ci_high"):
        if col not in frame:
            continue
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    frame["year"] = frame["year"].astype("int64")
    frame["synthetic"] = frame["synthetic"].astype(bool)
    return frame
