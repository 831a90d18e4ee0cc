"""Load one quarter's NCCI files of one kind into the warehouse, one file at a time, in one transaction.

A real quarter holds ~2.5 M practitioner and ~1.8 M outpatient PTP edits in four parts each: every part
is parsed (pure, ``pipelines.parsing``) and written before the next is read, so no full-quarter frame is
ever held in Python. A file that is not what its name claims raises mid-way: the transaction is rolled
back and nothing of the quarter changes (and the run's private warehouse copy is discarded, ADR 0001).
Rows repeating the key of an earlier row of the quarter (file order: setting, part, name, then line) are
resolved in SQL once every part is in (one aggregate query tells whether any key repeats at all). Counts must reconcile (rows read = loaded + rejected + exact
duplicates) or nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from pipelines.lib.files import sha256_file
from pipelines.lib.safe_input import InputLimits
from pipelines.lib.sql import begin, commit, ensure_tables, rollback, run_sql
from pipelines.lib.tables import delete_listed, delete_rows, insert_rejects, partition_rows_by
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
    "ncci_active_edits",
    "ncci_active_edges",
    "ncci_latest_mue",
    "ncci_code_edits",
    "ncci_quarter_on",
    "ncci_pair",
)
REPEATED = {  # string columns with few distinct values
    "ptp": ["setting", "rationale", "source_file"],
    "mue": ["service_type", "mai_text", "rationale", "source_file"],
}


@dataclass
class QuarterLoad:
    """What one kind of one quarter's load wrote: counts, reasons, per-file records, a preview."""

    kind: str  # "ptp" | "mue"
    quarter: str
    rows_loaded: int
    rows_read: int
    duplicates: int
    reasons: dict[str, int]
    files: pl.DataFrame  # one row per source file with its counts
    preview: pl.DataFrame  # the first accepted rows

    @property
    def rows_rejected(self) -> int:
        return sum(self.reasons.values())


def ensure_ncci_objects(conn: duckdb.DuckDBPyConnection) -> None:
    """Create the NCCI tables, macros and views if missing and write the indicator labels (idempotent)."""
    ensure_tables(conn, *SCHEMA_OBJECTS)
    for row in labels.rows():
        delete_rows(conn, "ncci_indicator_labels", kind=row["kind"], code=row["code"])
        run_sql(conn, "ncci/ncci_indicator_labels", row)


def quarter_files(files: list[NcciFile], kind: str, quarter: str) -> list[NcciFile]:
    """The ``kind`` files of ``quarter`` in file order: setting, then part f1..f4, then name."""
    return sorted(
        (f for f in files if f.kind == kind and f.quarter == quarter),
        key=lambda f: (f.setting, f.part or 0, f.path.name),
    )


def parse_members(
    files: list[NcciFile], kind: str, quarter: str, root: Path, limits: InputLimits | None = None
) -> Iterator[tuple[dict[str, Any], pl.DataFrame, pl.DataFrame]]:
    """(file record, accepted rows, rejects) of each data file, one at a time, in file order; each file
    read under ``limits`` (default InputLimits())."""
    for file in quarter_files(files, kind, quarter):
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
                rows, duplicates = parsed.edits, 0
            else:
                mue = ncci_mue.parse_mue(data, source, file.setting, date.fromisoformat(file.version or ""))
                rows, duplicates, parsed = mue.rows, mue.duplicates, mue
            del data
            yield (
                {**meta, "source_file": source, "rows_read": parsed.rows_read, "duplicates": duplicates},
                rows,
                parsed.rejects,
            )


def load_quarter(
    conn: duckdb.DuckDBPyConnection,
    files: list[NcciFile],
    kind: str,
    quarter: str,
    root: Path,
    limits: InputLimits | None = None,
) -> QuarterLoad:
    """Replace the quarter's rows of ``kind``, its rejects and its file records, in one transaction,
    parsing and writing one file at a time."""
    ensure_ncci_objects(conn)
    params = {"quarter": quarter}
    counted = {**params, "prefix": f"{kind}."}
    records: list[dict[str, Any]] = []
    preview = pl.DataFrame()
    begin(conn)
    try:
        delete_rows(conn, f"ncci_{kind}", quarter=quarter)
        this_kind = {"reason_code": counted["prefix"]}  # the other kind's rejects of the quarter stay
        delete_rows(conn, "rejected_rows", starts_with=this_kind, domain="ncci", partition_key=quarter)
        delete_rows(conn, "ncci_files", quarter=quarter, kind=kind)
        rejected_at = datetime.now()  # local time, as current_timestamp stores it
        for record, rows, rejects in parse_members(files, kind, quarter, root, limits):
            if preview.height < 5:
                preview = pl.concat([preview, rows.head(5 - preview.height)], how="diagonal_relaxed")
            # few distinct settings, files and rationales: categorical halves the copy into DuckDB
            rows = rows.with_columns(pl.col(REPEATED[kind]).cast(pl.Categorical))
            _insert(conn, f"ncci/ncci_{kind}", f"staged_ncci_{kind}", rows, params)
            if rejects.height:
                insert_rejects(conn, rejects.to_arrow(), "ncci", quarter, rejected_at, counted["prefix"])
            records.append(record)
            del rows, rejects
        repeats: dict[str, int] = {}
        [(repeated,)] = run_sql(conn, f"ncci/ncci_{kind}_any_repeat", params).fetchall()
        if repeated:  # some key repeats: resolve in SQL
            repeats = _resolve_repeats(conn, kind, counted, records)
        file_frame = _reconcile(conn, kind, quarter, counted, records, repeats)
        if file_frame.height:
            _insert(conn, "ncci/ncci_files", "staged_ncci_files", file_frame, params)
        reasons = dict(run_sql(conn, "ncci/rejected_rows_reasons", counted).fetchall())
        commit(conn)
    except BaseException:
        rollback(conn)
        raise
    total = file_frame.select(pl.col("rows_loaded", "rows_read", "rows_duplicate").sum()) if records else None
    loaded, read, duplicates = total.row(0) if total is not None else (0, 0, 0)
    return QuarterLoad(kind, quarter, loaded, read, duplicates, reasons, file_frame, preview)


def _insert(
    conn: duckdb.DuckDBPyConnection, sql: str, view: str, frame: pl.DataFrame, params: dict[str, Any]
) -> None:
    conn.register(view, frame.to_arrow())
    try:
        run_sql(conn, sql, params)
    finally:
        conn.unregister(view)


WHAT = {"ptp": "column 1, column 2 and effective date", "mue": "HCPCS code"}


def _resolve_repeats(
    conn: duckdb.DuckDBPyConnection, kind: str, counted: dict[str, Any], records: list[dict[str, Any]]
) -> dict[str, int]:
    """Keep the first row of each key in file order; reject later rows with other values
    (``conflicting_duplicate``) and drop exact repeats. Returns the exact repeats per source file."""
    order = pl.DataFrame(
        {"source_file": [r["source_file"] for r in records], "file_order": list(range(len(records)))}
    )
    conn.register("staged_ncci_order", order.to_arrow())
    try:
        run_sql(conn, f"ncci/ncci_{kind}_repeats", {"quarter": counted["quarter"]})
    finally:
        conn.unregister("staged_ncci_order")
    run_sql(conn, "ncci/rejected_rows_insert_repeats", {**counted, "what": WHAT[kind]})
    delete_listed(conn, f"ncci_{kind}", "ncci_repeats")  # one row per key stays
    exact = dict(run_sql(conn, "ncci/ncci_repeats_exact").fetchall())
    conn.execute("drop table ncci_repeats")
    return exact


def _reconcile(
    conn: duckdb.DuckDBPyConnection,
    kind: str,
    quarter: str,
    counted: dict[str, Any],
    records: list[dict[str, Any]],
    repeats: dict[str, int],
) -> pl.DataFrame:
    """Per file: rows read = loaded (counted in the table) + rejected (counted in rejected_rows) + exact
    duplicates (the parser's and the quarter-wide ones), or the load is refused."""
    if not records:
        return pl.DataFrame()
    loaded = partition_rows_by(conn, f"ncci_{kind}", "source_file", quarter=quarter)
    rejected = dict(run_sql(conn, "ncci/rejected_rows_counts", counted).fetchall())
    rows = []
    for record in records:
        source = record["source_file"]
        counts = {
            "rows_loaded": loaded.get(source, 0),
            "rows_rejected": rejected.get(source, 0),
            "rows_duplicate": record.pop("duplicates") + repeats.get(source, 0),
        }
        if record["rows_read"] != sum(counts.values()):
            raise RuntimeError(
                f"NCCI {kind} {quarter} {source}: {record['rows_read']} rows read but {counts['rows_loaded']} "
                f"loaded + {counts['rows_rejected']} rejected + {counts['rows_duplicate']} duplicates"
            )
        rows.append({**record, **counts})
    return pl.DataFrame(rows, schema_overrides={"part": pl.Int32, "version": pl.String}, orient="row")
