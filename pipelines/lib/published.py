"""The published warehouse, for readers: no dagster import here (quick CLI paths use it)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.lib.paths import resolve, setting


class WarehouseLocked(RuntimeError):
    """Someone holds the published file read-write (e.g. the DuckDB CLI opened without -readonly)."""


def published_path(database: str | None = None) -> Path:
    return resolve(database) if database else setting("MEDPAY_WAREHOUSE")


def connect_published(database: str | None = None) -> duckdb.DuckDBPyConnection:
    """Read-only connection to the published warehouse (what analysts, the CLI and the site use)."""
    path = published_path(database)
    if not path.exists():
        raise FileNotFoundError(f"no published warehouse at {path}: run `medpay run` first")
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as err:
        holder = str(err).split("Conflicting lock is held in", 1)[-1].split(". See", 1)[0].strip()
        raise WarehouseLocked(
            f"the published warehouse {path} is open read-write by another process ({holder}); "
            "readers must open it read-only (`duckdb -readonly`, read_only=True, or `medpay sql`)"
        ) from err
