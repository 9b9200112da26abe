"""Shared fixtures: the bundled data package, a tiny catalog, and stores in SQLite and PostgreSQL.

The ``store_url`` and ``store`` fixtures run a test once against a SQLite file and once
against a fresh database in PostgreSQL. PostgreSQL is the server at
``JAMLIK_TEST_POSTGRES_URL`` if set (a role allowed to create databases), otherwise a
throwaway server started for the session from Debian's binaries (``make test`` installs
them): initdb + pg_ctl on 127.0.0.1, a free port, a temporary folder, gone at the end.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from indicators.ingest.sync import sync_package
from indicators.table.areas import AreaIndex
from indicators.table.catalog import Indicator, read_catalog
from indicators.table.package import read_package
from indicators.table.store import Store

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("JAMLIK_DATA") or REPO.parent / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    assert (DATA / "datapackage.json").is_file(), f"no data package at {DATA}; set JAMLIK_DATA"
    return DATA


@pytest.fixture(scope="session")
def package(data_dir):
    return read_package(data_dir)


@pytest.fixture(scope="session")
def areas(package) -> AreaIndex:
    """Every known area of the package (reads every boundary file: about 1.5 s, so once)."""
    return AreaIndex.from_package(package)


@pytest.fixture(scope="session")
def catalog(package) -> dict[str, Indicator]:
    """The package's indicator catalog."""
    return read_catalog(package.catalog.path)


@pytest.fixture
def tiny_catalog() -> dict[str, Indicator]:
    def ind(id_: str, unit_en: str, hib: bool | None, decimals: int = 1) -> Indicator:
        return Indicator(id_, id_, id_, unit_en, unit_en, hib, decimals, "", "")

    return {
        "life_expectancy": ind("life_expectancy", "years", True),
        "reading_grade3": ind("reading_grade3", "percent", True),
        "population": ind("population", "persons", None, 0),
        "cni": ind("cni", "index", False, 2),
    }


def _postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.fail(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); "
            "run `make test`, which installs it (apt-get install postgresql), "
            "or set JAMLIK_TEST_POSTGRES_URL to a server where databases may be created",
            pytrace=False,
        )
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[sa.URL]:
    """URL of a PostgreSQL server's maintenance database, where test databases are created."""
    given = os.environ.get("JAMLIK_TEST_POSTGRES_URL")
    if given:
        yield sa.make_url(given).set(drivername="postgresql+psycopg")
        return
    bin_dir = _postgres_bin()
    # initdb refuses to run as root: the cluster belongs to the postgres user then.
    user = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="jamlik-pg-"))
    if user:
        shutil.chown(root, user)
    data, port = root / "data", _free_port()

    def run(*args: str) -> None:
        done = subprocess.run(args, user=user, capture_output=True, text=True, check=False)
        if done.returncode:
            pytest.fail(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}", pytrace=False)

    initdb = ["-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"]
    run(str(bin_dir / "initdb"), "-D", str(data), *initdb)
    # Durability is pointless for a throwaway server; these make it several times faster.
    options = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    log = str(root / "log")
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", log, "-w", "-o", options, "start")
    try:
        yield sa.make_url(f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres")
    finally:
        subprocess.run(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            user=user,
            capture_output=True,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


def _admin(server: sa.URL, sql: str) -> None:
    import psycopg

    conninfo = server.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> Iterator[str]:
    """A URL of an empty store: a SQLite file, or a new database in PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    server: sa.URL = request.getfixturevalue("postgres_server")
    name = f"jamlik_test_{uuid.uuid4().hex[:12]}"
    _admin(server, f"CREATE DATABASE {name}")
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        _admin(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def store(store_url) -> Iterator[Store]:
    """An empty store, once in SQLite and once in PostgreSQL."""
    s = Store.open(store_url)
    yield s
    s.engine.dispose()


@pytest.fixture(scope="session")
def loaded_store(tmp_path_factory, package) -> Store:
    """The whole bundled package in a store, loaded once for the session (read-only use)."""
    path = tmp_path_factory.mktemp("store") / "store.sqlite"
    s = Store.open(f"sqlite:///{path}")
    report = sync_package(s, package)
    assert report.ok, report.refused
    return s


@pytest.fixture
def small_package(data_dir, tmp_path) -> Path:
    """A copy of the package with only the catalog, Malmö's stadsdel_10 boundaries and its
    life expectancy 2006–2010 (96 rows)."""
    keep = {
        "indicator-catalog",
        "boundaries-malmo-stadsdel-10",
        "real-malmo-life-expectancy-stadsdel-2006-2010",
    }
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in keep]
    root = tmp_path / "package"
    for r in descriptor["resources"]:
        (root / r["path"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(data_dir / r["path"], root / r["path"])
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return root
