"""What the published warehouse holds, read-only: releases, NCCI quarters, report intake, last export.

Every reader tolerates a warehouse (or a table) that does not exist yet: it answers empty instead
of failing, so `medpay status` works on a fresh checkout.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from pipelines.lib.published import connect_published, published_path  # no dagster (medpay price)
from pipelines.lib.sql import run_sql
from pipelines.lib.tables import partitions
from pipelines.ops.catalogue import base_id


@dataclass(frozen=True)
class LoadedRelease:
    release_id: str
    effective_from: date
    is_correction: bool
    released_on: date | None
    loaded_at: datetime | None
    rows_loaded: int
    rows_rejected: int


@dataclass
class ReportCounts:
    files: int = 0
    read: int = 0
    accepted: int = 0
    rejected: int = 0
    quarantined: int = 0
    duplicates: int = 0
    last_intake: datetime | None = None


@dataclass
class WarehouseState:
    path: Path
    exists: bool
    tables: set[str] = field(default_factory=set)
    releases: list[LoadedRelease] = field(default_factory=list)
    ncci_quarters: list[str] = field(default_factory=list)
    reports: ReportCounts | None = None

    def loaded_ids(self) -> set[str]:
        """Catalogue ids in the warehouse: RVU releases (RVU26A_QPP counts as RVU26A) and NCCI quarters."""
        return {base_id(r.release_id) for r in self.releases} | set(self.ncci_quarters)


@contextmanager
def open_published(path: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection | None]:
    """Read-only connection to the published warehouse, or None when there is none yet."""
    try:
        conn = connect_published(str(path) if path else None)
    except FileNotFoundError:
        yield None
        return
    try:
        yield conn
    finally:
        conn.close()


def table_names(conn: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in run_sql(conn, "ops/table_names").fetchall()}


def rvu_releases(conn: duckdb.DuckDBPyConnection) -> list[LoadedRelease]:
    return [LoadedRelease(*row) for row in run_sql(conn, "ops/rvu_releases").fetchall()]


def ncci_quarters(conn: duckdb.DuckDBPyConnection, tables: set[str]) -> list[str]:
    """Quarter keys present in the NCCI tables (ncci_ptp, ncci_mue), sorted."""
    quarters: set[str] = set()
    for table in ("ncci_ptp", "ncci_mue"):
        if table in tables:
            quarters |= set(partitions(conn, table))
    return sorted(quarters)


def report_counts(conn: duckdb.DuckDBPyConnection, tables: set[str]) -> ReportCounts | None:
    """Totals over intake_files (one row per report file taken in), or None before any intake."""
    if "intake_files" not in tables:
        return None
    row = run_sql(conn, "ops/intake_totals").fetchone()
    return ReportCounts(*[v or 0 for v in row[:6]], last_intake=row[6])


def state_of(conn: duckdb.DuckDBPyConnection, path: Path) -> WarehouseState:
    """Everything status and freshness need, from an open connection (published or a run's copy)."""
    tables = table_names(conn)
    return WarehouseState(
        path,
        exists=True,
        tables=tables,
        releases=rvu_releases(conn) if "releases" in tables else [],
        ncci_quarters=ncci_quarters(conn, tables),
        reports=report_counts(conn, tables),
    )


def read_state(path: Path | None = None) -> WarehouseState:
    """State of the published warehouse (read-only); an empty state when there is none yet."""
    target = path or published_path()
    with open_published(target) as conn:
        return WarehouseState(target, exists=False) if conn is None else state_of(conn, target)


def release_in_effect(
    conn: duckdb.DuckDBPyConnection, on_date: date, track: str = "NONQPP"
) -> tuple[str, date, bool] | None:
    """(release_id, effective_from, is_correction) governing dates of service on ``on_date`` for
    PPRRVU ``track`` (NONQPP, the standard CF, or QPP); None when no release is in effect. The one
    implementation (sql/ops/release_in_effect.sql over the release_calendar view); pricing calls it."""
    if "releases" not in table_names(conn):
        return None
    return run_sql(conn, "ops/release_in_effect", {"on_date": on_date, "track": track.upper()}).fetchone()


@dataclass(frozen=True)
class ExportInfo:
    build: str
    path: Path
    generated_at: str | None
    codes: int | None


def last_export(export_dir: Path) -> ExportInfo | None:
    """The live export build (the `current` link of the export dir) and what its manifest says."""
    from pipelines.export.publish import current_build

    build = current_build(export_dir) if export_dir.exists() else None
    if build is None:
        return None
    manifest = build / "manifest.json"
    data = {}
    if manifest.exists():
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            data = {}
    generated = data.get("generated_at")
    codes = data.get("documents")  # manifest key written by pipelines/export
    if generated is None:
        generated = datetime.fromtimestamp(build.stat().st_mtime).isoformat(timespec="seconds")
    return ExportInfo(build.name, build, generated, codes)
