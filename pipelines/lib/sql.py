"""Load and run SQL files from sql/: identifiers live in the file, values are always parameters."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import duckdb

from pipelines.lib.paths import SQL_DIR


@cache
def load_sql(name: str) -> str:
    """Text of ``sql/<name>.sql`` (e.g. ``load_sql("rvu/rvu")``)."""
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"no SQL file {path}")
    return path.read_text(encoding="utf-8")


def _variable(conn: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(conn.execute("select getvariable($name)", {"name": name}).fetchone()[0])


def _for_backend(conn: duckdb.DuckDBPyConnection, sql: str) -> str:
    """DDL with keys, macros or replaced entries, as the connection's backend takes it (the DuckLake
    backend's rules are in pipelines/lib/backend.py); other SQL is never looked at twice."""
    lowered = sql.lower()
    if not any(word in lowered for word in ("primary key", " macro ", "or replace")):
        return sql
    if not _variable(conn, "medpay_lake"):
        return sql
    from pipelines.lib.backend import adapt_ddl, adapt_replace

    sql = adapt_ddl(sql)
    return adapt_replace(conn, sql) if _variable(conn, "medpay_run_transaction") else sql


def run_sql(
    conn: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | list[Any] | None = None
) -> duckdb.DuckDBPyConnection:
    """Execute one SQL file with named ($name) or positional parameters."""
    return execute(conn, load_sql(name), params)


def execute(
    conn: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | list[Any] | None = None
) -> duckdb.DuckDBPyConnection:
    """Execute ``sql`` (a file's text, or a statement pipelines/lib/tables.py builds from its constant
    names) as the connection's backend takes it."""
    sql = _for_backend(conn, sql)
    return conn.execute(sql, params) if params is not None else conn.execute(sql)


# Warehouse objects, one file each, by kind: sql/tables/ (`create table if not exists`), sql/views/
# (`create or replace view`) and sql/macros/ (`create or replace macro`).
OBJECT_DIRS = ("tables", "views", "macros")


@cache
def object_sql(name: str) -> str:
    """``sql/<kind>/<name>.sql`` of warehouse object ``name`` (a table, view or macro)."""
    found = [kind for kind in OBJECT_DIRS if (SQL_DIR / kind / f"{name}.sql").is_file()]
    if len(found) != 1:
        where = ", ".join(f"sql/{k}/" for k in OBJECT_DIRS)
        raise FileNotFoundError(f"{name}.sql must be in exactly one of {where} (found in {found or 'none'})")
    return load_sql(f"{found[0]}/{name}")


def ensure_tables(conn: duckdb.DuckDBPyConnection, *names: str) -> None:
    """Create the warehouse tables, views and macros ``names`` (sql/tables/, sql/views/, sql/macros/)."""
    for name in names:
        execute(conn, object_sql(name))


def begin(conn: duckdb.DuckDBPyConnection) -> None:
    """BEGIN statements that must land together. Inside a DuckLake run the whole run is already one
    transaction (committed or rolled back as a unit, pipelines/lib/backend.py): then begin, commit
    and rollback add nothing (a nested BEGIN would abort the run's transaction)."""
    if not _variable(conn, "medpay_run_transaction"):
        conn.execute("begin transaction")


def commit(conn: duckdb.DuckDBPyConnection) -> None:
    if not _variable(conn, "medpay_run_transaction"):
        conn.execute("commit")


def rollback(conn: duckdb.DuckDBPyConnection) -> None:
    """After an error: the run's own transaction is rolled back by the run (the step fails)."""
    if not _variable(conn, "medpay_run_transaction"):
        conn.execute("rollback")


@contextmanager
def transaction(conn: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """``begin``, then ``commit``, or ``rollback`` on any error."""
    begin(conn)
    try:
        yield
        commit(conn)
    except BaseException:
        rollback(conn)
        raise


def run_sql_with_frame(
    conn: duckdb.DuckDBPyConnection,
    name: str,
    frame: Any,
    params: dict[str, Any] | None = None,
    view: str = "incoming",
) -> duckdb.DuckDBPyConnection:
    """Run ``sql/<name>.sql`` with ``frame`` (Polars/Arrow/pandas) visible to it as ``incoming``."""
    conn.register(view, frame)
    try:
        return run_sql(conn, name, params)
    finally:
        conn.unregister(view)


def fetch_dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every remaining row of an executed statement as a {column: value} dict."""
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, values, strict=True)) for values in cursor.fetchall()]
