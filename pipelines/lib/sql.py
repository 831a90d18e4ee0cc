"""Load and run SQL files from sql/: identifiers live in the file, values are always parameters."""

from __future__ import annotations

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


def run_sql(
    conn: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | list[Any] | None = None
) -> duckdb.DuckDBPyConnection:
    """Execute one SQL file with named ($name) or positional parameters."""
    return conn.execute(load_sql(name), params) if params is not None else conn.execute(load_sql(name))


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
        conn.execute(object_sql(name))


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
