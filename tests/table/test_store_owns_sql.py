"""The store owns all its SQL: no other module touches its tables or runs a query of its own.

Importing and loading once ran their own queries on ``datasets`` and ``meta``, repeating
``Store.withdraw`` and ``Store.get_meta``; a change to the tables then had to be found in
three modules. This walks the syntax of every module in ``indicators/`` and ``dashboard/``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import sqlalchemy as sa

from indicators.table import store as store_module

REPO = Path(__file__).resolve().parents[2]
STORE = REPO / "indicators" / "table" / "store.py"
#: The store module's SQLAlchemy table objects (and their metadata), by name.
TABLES = frozenset(
    name for name, value in vars(store_module).items() if isinstance(value, sa.Table | sa.MetaData)
)
#: SQLAlchemy's statement builders: a query written outside the store.
BUILDERS = frozenset({"select", "insert", "update", "delete", "text", "func"})
#: Methods that run a statement on a connection or cursor.
RUNNERS = frozenset({"execute", "executemany", "exec_driver_sql", "scalar", "scalars"})


def _bound(node: ast.Import | ast.ImportFrom, module: str, name: str | None = None) -> set[str]:
    """The local names ``node`` binds to ``module`` (or to ``name`` from it)."""
    if isinstance(node, ast.Import):
        return {a.asname or a.name for a in node.names if a.name == module and name is None}
    if node.module != module:
        return set()
    return {a.asname or a.name for a in node.names if a.name == name}


def _aliases(tree: ast.AST) -> tuple[set[str], set[str], list[str]]:
    """Names bound to the sqlalchemy module and to the store module, and imported tables."""
    sqlalchemy, store, imported = set(), set(), []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        sqlalchemy |= _bound(node, "sqlalchemy")
        store |= _bound(node, "indicators.table.store") | _bound(node, "indicators.table", "store")
        if isinstance(node, ast.ImportFrom):
            wanted = {"sqlalchemy": BUILDERS, "indicators.table.store": TABLES}
            imported += [a.name for a in node.names if a.name in wanted.get(node.module or "", ())]
    return sqlalchemy, store, imported


def sql_outside_the_store(source: str) -> list[str]:
    """What in ``source`` reaches past ``Store``: table imports, query builders, executes."""
    tree = ast.parse(source)
    sqlalchemy, store, found = _aliases(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        owner = node.value.id if isinstance(node.value, ast.Name) else None
        builder = owner in sqlalchemy and node.attr in BUILDERS
        if builder or (owner in store and node.attr in TABLES):
            found.append(f"{owner}.{node.attr}")
        elif node.attr in RUNNERS:
            found.append(f".{node.attr}()")
    return found


def test_no_module_but_the_store_touches_its_tables_or_runs_sql():
    offenders = {
        str(path.relative_to(REPO)): found
        for root in ("indicators", "dashboard")
        for path in sorted((REPO / root).rglob("*.py"))
        if path != STORE and (found := sql_outside_the_store(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_check_sees_the_shapes_that_leaked_before():
    """The queries importing and loading used to run, each caught."""
    leaked = """
import sqlalchemy as sa
from indicators.table.store import Store, datasets, meta
from indicators.table import store as st
import indicators.table.store as store_module
from sqlalchemy import update

def _identical_version(conn, sha256):
    return conn.execute(sa.select(sa.func.max(datasets.c.id))).scalar()

def _meta_value(conn, key):
    return conn.execute(sa.select(st.meta.c.value)).scalar()

def _withdraw(conn, version):
    conn.execute(update(store_module.datasets).values(withdrawn_by="x"))
"""
    assert sorted(sql_outside_the_store(leaked)) == sorted(
        [
            "datasets",
            "meta",
            "sa.select",
            "sa.func",
            ".execute()",
            ".scalar()",
            "sa.select",
            "st.meta",
            ".execute()",
            ".scalar()",
            "update",
            "store_module.datasets",
            ".execute()",
        ]
    )
    assert {"datasets", "observations", "catalog_table", "meta", "metadata"} <= TABLES
    typed_only = "import sqlalchemy as sa\ndef f(conn: sa.Connection) -> None: ...\n"
    assert sql_outside_the_store(typed_only) == []
