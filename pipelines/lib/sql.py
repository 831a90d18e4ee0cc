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
    """DDL with keys or macros, as the connection's backend takes it (pipelines/lib/backend.py)."""
    lowered = sql.lower()
    if ("primary key" in lowered or " macro " in lowered) and _variable(conn, "medpay_lake"):
        from pipelines.lib.backend import adapt_ddl

        return adapt_ddl(sql)
    return sql


def run_sql(
    conn: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | list[Any] | None = None
) -> duckdb.DuckDBPyConnection:
    """Execute one SQL file with named ($name) or positional parameters."""
    sql = _for_backend(conn, load_sql(name))
    return conn.execute(sql, params) if params is not None else conn.execute(sql)


def ensure_tables(conn: duckdb.DuckDBPyConnection, *names: str) -> None:
    """Create tables from ``sql/schema/<name>.sql`` (each a ``create table if not exists``)."""
    for name in names:
        conn.execute(_for_backend(conn, load_sql(f"schema/{name}")))


@contextmanager
def transaction(conn: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Statements that must land together. Inside a DuckLake run the whole run is already one
    transaction (committed or rolled back as a unit), so this adds none; otherwise BEGIN/COMMIT, and
    ROLLBACK on any error."""
    if _variable(conn, "medpay_run_transaction"):
        yield
        return
    conn.execute("begin transaction")
    try:
        yield
        conn.execute("commit")
    except BaseException:
        conn.execute("rollback")
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
