"""Write one parsed RVU release into the warehouse: every table replaced in one transaction.

Each table's rows of the release are deleted and the parsed rows inserted; rejected rows go to
``rejected_rows`` and one ``releases`` row records provenance and per-table counts. Counts must
reconcile (rows read = loaded + rejected) or nothing is written.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import duckdb

from pipelines.lib.paths import Paths
from pipelines.lib.sql import ensure_tables, run_sql, transaction
from pipelines.lib.tables import delete_rows, insert_frame, insert_rejects

if TYPE_CHECKING:
    from pipelines.parsing.cms_rvu import ParsedRelease

TABLES = ("rvu", "gpci", "locality_county", "anesthesia_cf", "opps_cap")
SCHEMA = (*TABLES, "releases", "release_calendar", "rejected_rows")  # the view: predecessor in a track


@dataclass
class TableLoad:
    name: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    source_file: str | None = None
    sha256: str | None = None
    format: str | None = None
    rejected_by_reason: dict[str, int] = field(default_factory=dict)

    @property
    def missing(self) -> bool:
        return self.source_file is None

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.source_file,
            "format": self.format,
            "read": self.rows_read,
            "loaded": self.rows_loaded,
            "rejected": self.rows_rejected,
        }


def table_loads(parsed: ParsedRelease) -> dict[str, TableLoad]:
    """Per-table counts of a parsed release; raises if any table's counts do not reconcile."""
    loads = {}
    for name in TABLES:
        table = parsed.tables.get(name)
        if table is None:
            loads[name] = TableLoad(name)
            continue
        loaded, rejected = table.frame.height, table.rejects.height
        if table.rows_read != loaded + rejected:
            raise RuntimeError(
                f"{table.source.name}: {table.rows_read} rows read but {loaded} parsed + {rejected} rejected"
            )
        reasons = Counter(table.rejects["reason_code"].to_list()) if rejected else Counter()
        loads[name] = TableLoad(
            name,
            table.rows_read,
            loaded,
            rejected,
            table.source.name,
            table.source.sha256,
            table.format,
            dict(sorted(reasons.items())),
        )
    return loads


def effective_from(parsed: ParsedRelease, paths: Paths) -> tuple[date, str]:
    """(effective_from, where it came from) for a parsed release: the release catalogue's date when it
    lists the release (a correction's own effective date: RVU25AR may take effect mid-quarter), else
    the parser's quarter start. The catalogue is ``catalogue_path(paths)``."""
    from pipelines.ops.catalogue import (
        CatalogueError,
        catalogue_path,
        catalogued_effective_from,
        load_catalogue,
    )

    path = catalogue_path(paths)
    try:
        catalogue = load_catalogue(path)
    except CatalogueError:
        if path.exists():
            raise  # a malformed catalogue is an operator error, reported as such
        return parsed.effective_from, f"quarter start (no release catalogue at {path})"
    listed = catalogued_effective_from(parsed.release_id, catalogue)
    if listed is None:
        return parsed.effective_from, f"quarter start ({parsed.release_id} is not in {path.name})"
    if listed.year != parsed.year or listed < parsed.effective_from:
        raise ValueError(
            f"{path}: effective_from {listed} of {parsed.release_id} must fall in {parsed.year}, on or after "
            f"the start of its quarter ({parsed.effective_from})"
        )
    return listed, f"catalogue ({path.name})"


def _replace(conn: duckdb.DuckDBPyConnection, table: str, release_id: str, frame: Any) -> None:
    delete_rows(conn, table, release_id=release_id)
    if frame is not None and frame.height:
        insert_frame(conn, table, frame.to_arrow())


def load_release(
    conn: duckdb.DuckDBPyConnection, parsed: ParsedRelease, landing_sha256: str, loaded_at: datetime
) -> dict[str, TableLoad]:
    """Replace release ``parsed.release_id`` in every table, atomically; returns the per-table counts."""
    import polars as pl

    loads = table_loads(parsed)
    release_id = parsed.release_id
    missing = sorted(set(parsed.missing) | {n for n, t in loads.items() if t.missing})
    rejects = [t.rejects for t in parsed.tables.values() if t.rejects.height]
    ensure_tables(conn, *SCHEMA)
    with transaction(conn):
        for name in TABLES:
            table = parsed.tables.get(name)
            _replace(conn, name, release_id, table.frame if table is not None else None)
        delete_rows(conn, "rejected_rows", domain="cms_rvu", partition_key=release_id)
        if rejects:
            staged = pl.concat(
                [r.select("source_file", "line_number", "raw_line", "reason_code", "reason") for r in rejects]
            )
            insert_rejects(conn, staged.to_arrow(), "cms_rvu", release_id, loaded_at)
        delete_rows(conn, "releases", release_id=release_id)
        run_sql(
            conn,
            "rvu/releases",
            {
                "release_id": release_id,
                "year": parsed.year,
                "quarter_letter": parsed.quarter_letter,
                "is_correction": parsed.is_correction,
                "released_on": parsed.released_on,
                "effective_from": parsed.effective_from,
                "title": parsed.title,
                "source": parsed.source,
                "landing_sha256": landing_sha256,
                "files": json.dumps(
                    [{"name": f.name, "sha256": f.sha256, "bytes": f.bytes} for f in parsed.files]
                ),
                "missing_tables": missing,
                "row_counts": json.dumps({n: t.as_json() for n, t in loads.items()}),
                "rows_read": sum(t.rows_read for t in loads.values()),
                "rows_loaded": sum(t.rows_loaded for t in loads.values()),
                "rows_rejected": sum(t.rows_rejected for t in loads.values()),
                "loaded_at": loaded_at,
            },
        )
    return loads
