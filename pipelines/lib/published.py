"""The published warehouse, for readers: no dagster import here (quick CLI paths use it)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.lib.backend import backend_for
from pipelines.lib.paths import location, setting


class WarehouseLocked(RuntimeError):
    """Someone holds the published file read-write (e.g. the DuckDB CLI opened without -readonly)."""


def published_path(database: str | None = None) -> Path:
    """Where the published warehouse is: a DuckDB file, or ``ducklake:<catalog>`` (pipelines/lib/backend.py)."""
    return location(database) if database else setting("MEDPAY_WAREHOUSE")


def connect_published(database: str | None = None, snapshot: int | None = None) -> duckdb.DuckDBPyConnection:
    """Read-only connection to the published warehouse (what analysts, the CLI and the site use); on
    DuckLake at its latest snapshot, or at ``snapshot`` (time travel)."""
    where = published_path(database)
    backend = backend_for(where)
    if not backend.exists():
        raise FileNotFoundError(f"no published warehouse at {where}: run `medpay run` first")
    try:
        return backend.connect_read(snapshot)
    except duckdb.IOException as err:
        if "Conflicting lock" not in str(err):
            raise
        holder = str(err).split("Conflicting lock is held in", 1)[-1].split(". See", 1)[0].strip()
        raise WarehouseLocked(
            f"the published warehouse {where} is open read-write by another process ({holder}); "
            "readers must open it read-only (`duckdb -readonly`, read_only=True, or `medpay sql`)"
        ) from err
