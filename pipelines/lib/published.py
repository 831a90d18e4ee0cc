"""The published warehouse, for readers: no dagster import here (quick CLI paths use it)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.lib.paths import resolve, setting


def published_path(database: str | None = None) -> Path:
    return resolve(database) if database else setting("MEDPAY_WAREHOUSE")


def connect_published(database: str | None = None) -> duckdb.DuckDBPyConnection:
    """Read-only connection to the published warehouse (what analysts, the CLI and the site use)."""
    path = published_path(database)
    if not path.exists():
        raise FileNotFoundError(f"no published warehouse at {path}: run `medpay run` first")
    return duckdb.connect(str(path), read_only=True)
