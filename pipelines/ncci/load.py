"""Parse one quarter's NCCI files of one kind and write them to the warehouse in one transaction.

Every file is parsed (and a non-NCCI file refused) before anything is written. Counts must reconcile
(rows read = loaded + rejected + exact duplicates) or nothing is written.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from pipelines.lib.files import sha256_file
from pipelines.lib.safe_input import InputLimits
from pipelines.lib.sql import ensure_tables, run_sql
from pipelines.ncci import labels
from pipelines.parsing import ncci_mue, ncci_ptp
from pipelines.parsing.ncci_files import NcciFile, members

SCHEMA_OBJECTS = (
    "rejected_rows",
    "ncci_indicator_labels",
    "ncci_ptp",
    "ncci_mue",
    "ncci_files",
    "ncci_is_active",
    "ncci_is_active_between",
    "ncci_latest",
    "ncci_code_edits",
)


@dataclass
class QuarterParse:
    kind: str  # "ptp" | "mue"
    quarter: str
    frame: pl.DataFrame  # accepted rows, typed
    rejects: pl.DataFrame
    rows_read: int
    duplicates: int
    files: pl.DataFrame  # one row per source file with its counts

    @property
    def reasons(self) -> dict[str, int]:
        return dict(sorted(Counter(self.rejects["reason_code"].to_list()).items()))


def ensure_ncci_objects(conn: duckdb.DuckDBPyConnection) -> None:
    """Create the NCCI tables, macros and views if missing and write the indicator labels (idempotent)."""
    ensure_tables(conn, *SCHEMA_OBJECTS)
    for row in labels.rows():
        run_sql(conn, "ncci/ncci_indicator_labels_upsert", row)


def parse_quarter(
    files: list[NcciFile], kind: str, quarter: str, root: Path, limits: InputLimits | None = None
) -> QuarterParse:
    """Parse every ``kind`` file of ``quarter`` (refusing any that is not what its name claims), each
    under ``limits`` (default InputLimits())."""
    # file order decides which of two conflicting rows is kept: setting, then part f1..f4, then name
    mine = sorted(
        (f for f in files if f.kind == kind and f.quarter == quarter),
        key=lambda f: (f.setting, f.part or 0, f.path.name),
    )
    parses: list[Any] = []
    records = []
    for file in mine:
        landing = file.path.relative_to(root).as_posix() if file.path.is_relative_to(root) else file.path.name
        meta = {
            "kind": kind,
            "setting": file.setting,
            "landing_file": landing,
            "version": file.version,
            "part": file.part,
            "size_bytes": file.path.stat().st_size,
            "sha256": sha256_file(file.path),
        }
        for source, data in members(file, limits):
            if kind == "ptp":
                parsed = ncci_ptp.parse_ptp(data, source, file.setting)
            else:
                parsed = ncci_mue.parse_mue(
                    data, source, file.setting, date.fromisoformat(file.version or "")
                )
            parses.append(parsed)
            records.append({**meta, "source_file": source, "rows_read": parsed.rows_read})
    combined = ncci_ptp.combine(parses) if kind == "ptp" else ncci_mue.combine(parses)
    frame = combined.edits if kind == "ptp" else combined.rows
    if combined.rows_read != frame.height + combined.rejects.height + combined.duplicates:
        raise RuntimeError(
            f"NCCI {kind} {quarter}: {combined.rows_read} rows read but {frame.height} loaded + "
            f"{combined.rejects.height} rejected + {combined.duplicates} duplicates"
        )
    loaded = frame.group_by(pl.col("source_file").cast(pl.String)).len("rows_loaded")
    rejected = combined.rejects.group_by("source_file").len("rows_rejected")
    file_frame = (
        pl.DataFrame(records, schema_overrides={"part": pl.Int32, "version": pl.String}, orient="row")
        if records
        else pl.DataFrame()
    )
    if records:
        file_frame = (
            file_frame.join(loaded, on="source_file", how="left")
            .join(rejected, on="source_file", how="left")
            .with_columns(pl.col("rows_loaded", "rows_rejected").fill_null(0).cast(pl.Int64))
            .with_columns(
                rows_duplicate=pl.col("rows_read") - pl.col("rows_loaded") - pl.col("rows_rejected")
            )
        )
    return QuarterParse(
        kind, quarter, frame, combined.rejects, combined.rows_read, combined.duplicates, file_frame
    )


def write_quarter(conn: duckdb.DuckDBPyConnection, parsed: QuarterParse) -> None:
    """Replace the quarter's rows of this kind, its rejects and its file records, in one transaction."""
    ensure_ncci_objects(conn)
    params = {"quarter": parsed.quarter}
    prefix = f"{parsed.kind}."
    conn.execute("begin transaction")
    try:
        run_sql(conn, f"ncci/ncci_{parsed.kind}_delete", params)
        run_sql(conn, "ncci/rejected_rows_delete", {**params, "prefix": prefix})
        run_sql(conn, "ncci/ncci_files_delete", {**params, "kind": parsed.kind})
        staged = {
            f"staged_ncci_{parsed.kind}": parsed.frame,
            "staged_ncci_rejects": parsed.rejects,
            "staged_ncci_files": parsed.files,
        }
        for name, frame in staged.items():
            conn.register(name, frame.to_arrow())
        try:
            run_sql(conn, f"ncci/ncci_{parsed.kind}_insert", params)
            if parsed.rejects.height:
                run_sql(conn, "ncci/rejected_rows_insert", {**params, "prefix": prefix})
            if parsed.files.height:
                run_sql(conn, "ncci/ncci_files_insert", params)
        finally:
            for name in staged:
                conn.unregister(name)
        conn.execute("commit")
    except BaseException:
        conn.execute("rollback")
        raise
