"""Take one report file into the warehouse: stream, classify in batches, decide duplicates in SQL.

One transaction per file version (name + SHA-256): its earlier rows are deleted and re-inserted, so a
rerun replaces, never adds. Memory is bounded by the batch size: rows are parsed, screened and
validated ``batch_size`` at a time and appended to DuckDB through Arrow.
"""

from __future__ import annotations

import json
import logging
import os
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipelines.intake.classify import Classified, Context, classify_batch
from pipelines.intake.file_names import name_phi_kinds, refusal_message
from pipelines.intake.reference import load_reference
from pipelines.lib.files import sha256_file
from pipelines.lib.safe_input import InputLimits
from pipelines.lib.sql import begin, commit, ensure_tables, fetch_dicts, rollback, run_sql, run_sql_with_frame
from pipelines.lib.tables import delete_rows, insert_frame
from pipelines.parsing.reports import (
    MAX_JSON_DEPTH,
    MAX_LINE_BYTES,
    RawRow,
    ReportFileError,
    file_format,
    iter_rows,
    jsonl_lines,
    jsonl_row,
)
from pipelines.phi.redact import redact

TABLES = (
    "reports", "report_carc", "report_rarc", "report_themes", "intake_files", "intake_outcomes", "quarantine",
)  # fmt: skip
# report_carc / report_rarc / report_themes first: they find their rows through reports
DELETE_ORDER = (
    "report_carc", "report_rarc", "report_themes", "reports", "intake_outcomes", "quarantine", "intake_files",
)  # fmt: skip
# Days the redacted free text is kept (ADR 0004); IntakeResource.redacted_text_days
# (MEDPAY_REDACTED_TEXT_DAYS) overrides, "never" keeps it.
REDACTED_TEXT_DAYS = 90
BATCH_SIZE = 5_000
log = logging.getLogger(__name__)
# Below this size a file is classified in-process: starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 4 * 1024 * 1024
_WORKER_CTX: Context | None = None
_WORKER_MAX_LINE = MAX_LINE_BYTES
_WORKER_MAX_DEPTH = MAX_JSON_DEPTH


@dataclass
class IntakeSummary:
    source_file: str
    file_sha256: str
    partition_key: str
    file_format: str
    size_bytes: int
    rows_read: int = 0
    accepted: int = 0
    rejected: int = 0
    quarantined: int = 0
    duplicates: int = 0
    non_utf8_rows: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def reconciles(self) -> bool:
        return self.rows_read == self.accepted + self.rejected + self.quarantined + self.duplicates

    def as_metadata(self) -> dict[str, Any]:
        keys = ("rows_read", "accepted", "rejected", "quarantined", "duplicates", "non_utf8_rows")
        return {k: getattr(self, k) for k in keys}


def batched(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def default_workers(size_bytes: int) -> int:
    """One process per core (at most 4) for a big file, else 1 (IntakeResource.workers overrides it)."""
    return min(4, os.cpu_count() or 1) if size_bytes >= PARALLEL_MIN_BYTES else 1


def _init_worker(ctx: Context, max_line_bytes: int, max_depth: int) -> None:
    global _WORKER_CTX, _WORKER_MAX_LINE, _WORKER_MAX_DEPTH
    _WORKER_CTX, _WORKER_MAX_LINE, _WORKER_MAX_DEPTH = ctx, max_line_bytes, max_depth


def _classify_in_worker(rows: list[RawRow]) -> tuple[int, Classified]:
    assert _WORKER_CTX is not None
    return len(rows), classify_batch(rows, _WORKER_CTX)


def _classify_lines_in_worker(lines: list[tuple[int, bytes | None, int]]) -> tuple[int, Classified]:
    """JSON Lines: the worker parses the lines too (bytes are cheaper to send than parsed reports)."""
    rows = [
        row for line in lines if (row := jsonl_row(*line, _WORKER_MAX_LINE, _WORKER_MAX_DEPTH)) is not None
    ]
    return _classify_in_worker(rows)


def classified(
    path: Path,
    kind: str,
    ctx: Context,
    batch_size: int,
    workers: int,
    max_line_bytes: int,
    limits: InputLimits | None = None,
) -> Iterator[tuple[int, Classified]]:
    """(rows in batch, classified batch) in file order; ``workers`` > 1 classifies in spawned processes."""
    if workers <= 1:
        for chunk in batched(iter_rows(path, max_line_bytes, limits), batch_size):
            yield len(chunk), classify_batch(chunk, ctx)
        return
    if kind == "jsonl":
        work, items = _classify_lines_in_worker, batched(jsonl_lines(path, max_line_bytes), batch_size)
    else:
        work, items = _classify_in_worker, batched(iter_rows(path, max_line_bytes, limits), batch_size)
    spawn = get_context("spawn")  # never fork a process that holds DuckDB and Dagster threads
    with ProcessPoolExecutor(
        workers,
        mp_context=spawn,
        initializer=_init_worker,
        initargs=(ctx, max_line_bytes, (limits or InputLimits()).report_json_depth),
    ) as pool:
        pending: deque = deque()
        for chunk in items:
            pending.append(pool.submit(work, chunk))
            if len(pending) >= 2 * workers:  # bounded: at most 2 batches per worker in flight
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _append(conn: duckdb.DuckDBPyConnection, batch: Classified, params: dict[str, Any]) -> None:
    candidates, outcomes, quarantine = batch.candidates, batch.outcomes, batch.quarantine
    file_params = {"file_name": params["file_name"], "file_hash": params["file_hash"]}
    if candidates.num_rows:
        insert_frame(conn, "stg_report_candidates", candidates)
    if outcomes.num_rows:
        run_sql_with_frame(conn, "reports/intake_outcomes", outcomes, file_params)
    if quarantine.num_rows:
        run_sql_with_frame(
            conn, "reports/quarantine", quarantine, {**file_params, "intake_at": params["intake_at"]}
        )


REDACTION_VERSION = 1
FREE_TEXT_KEYS = ("denial_reason_text", "appeal_strategy_text", "line")


def redact_stored_text(conn: duckdb.DuckDBPyConnection, codes: frozenset[str], now: datetime) -> int:
    """Once per warehouse: re-render every stored free text with ``redact`` (idempotent on redacted text).

    A warehouse written before the deny-by-default redaction kept accepted reports' free text as typed and
    quarantined records masked only where the screen found something. Returns the rows rewritten.
    """
    ensure_tables(conn, "free_text_redaction")
    (version,) = run_sql(conn, "reports/redaction_version").fetchone()
    if version is not None and version >= REDACTION_VERSION:
        return 0
    rows = fetch_dicts(run_sql(conn, "reports/stored_free_text"))
    for row in rows:
        for name in ("denial_reason_text", "appeal_strategy_text"):
            if row[name]:
                row[name] = redact(row[name], codes=codes)
        if row["masked_record"]:
            record = json.loads(row["masked_record"])
            if isinstance(record, dict):
                for key in FREE_TEXT_KEYS:
                    if isinstance(record.get(key), str):
                        record[key] = redact(record[key], codes=codes)
            row["masked_record"] = json.dumps(record, ensure_ascii=False)
    if rows:
        frame = pa.Table.from_pylist(rows)
        run_sql_with_frame(conn, "reports/rewrite_stored_free_text", frame)
        run_sql_with_frame(conn, "reports/rewrite_stored_masked_records", frame)
    run_sql(conn, "reports/free_text_redaction", {"version": REDACTION_VERSION, "now": now})
    return len(rows)


def expire_redacted_text(
    conn: duckdb.DuckDBPyConnection, now: datetime, days: int | None = REDACTED_TEXT_DAYS
) -> None:
    """Drop the redacted free text of reports accepted / quarantined more than ``days`` ago (None: never;
    IntakeResource.redacted_text_days, MEDPAY_REDACTED_TEXT_DAYS)."""
    if days is None:
        return
    cutoff = now - timedelta(days=days)
    run_sql(conn, "reports/expire_report_text", {"cutoff": cutoff})
    run_sql(conn, "reports/expire_quarantine_text", {"cutoff": cutoff})


def ingest_file(
    conn: duckdb.DuckDBPyConnection,
    path: Path,
    partition_key: str,
    now: datetime | None = None,
    batch_size: int | None = None,
    max_line_bytes: int | None = None,
    workers: int | None = None,
    limits: InputLimits | None = None,
    memory_limit: str = "256MB",
    redacted_text_days: int | None = REDACTED_TEXT_DAYS,
) -> IntakeSummary:
    """Classify every row of ``path`` and write its outcomes, in one transaction on ``conn``.
    ``limits``, ``memory_limit``, ``workers``, ``batch_size`` and ``redacted_text_days`` come from the
    resources (``InputLimitsResource``, ``IntakeResource``); None means the default (for
    ``redacted_text_days``: never expire)."""
    kinds = name_phi_kinds(path.name)
    if kinds:  # never stored, logged or reported under that name (landing moves such files away first)
        raise ReportFileError(refusal_message(kinds, moved=False))
    limits = limits or InputLimits()
    max_line_bytes = max_line_bytes or limits.report_line_bytes
    kind = file_format(path, limits)  # refuses a file of the wrong kind or size before anything is written
    now = now or datetime.now(UTC).replace(tzinfo=None)
    ensure_tables(conn, *TABLES)
    ctx = Context(load_reference(conn), now)
    begin(conn)
    try:
        redact_stored_text(conn, ctx.ref.hcpcs, now)
        commit(conn)
    except BaseException:
        rollback(conn)
        raise
    summary = IntakeSummary(path.name, sha256_file(path), partition_key, kind, path.stat().st_size)
    params = {"file_name": summary.source_file, "file_hash": summary.file_sha256, "intake_at": now}
    file_params = {"file_name": summary.source_file, "file_hash": summary.file_sha256}
    reasons: Counter[str] = Counter()
    # bounded memory: DuckDB spills the file's rows to disk rather than growing past this
    conn.execute("set memory_limit = $limit", {"limit": memory_limit})
    begin(conn)
    try:
        for table in DELETE_ORDER:
            delete_rows(conn, table, source_file=summary.source_file, file_sha256=summary.file_sha256)
        run_sql(conn, "reports/stg_report_candidates")
        workers = workers if workers is not None else default_workers(summary.size_bytes)
        batch_size = batch_size or BATCH_SIZE
        for count, batch in classified(path, kind, ctx, batch_size, workers, max_line_bytes, limits):
            summary.rows_read += count
            log.info("%s: %d rows classified", summary.source_file, summary.rows_read)
            summary.non_utf8_rows += batch.non_utf8
            reasons.update(batch.reasons)
            _append(conn, batch, params)
        run_sql(conn, "reports/reports", params)
        run_sql(conn, "reports/candidate_outcomes", file_params)
        run_sql(conn, "reports/report_carc", file_params)
        run_sql(conn, "reports/report_rarc", file_params)
        run_sql(conn, "reports/report_themes", file_params)
        expire_redacted_text(conn, now, redacted_text_days)
        run_sql(
            conn,
            "reports/intake_files",
            {
                **params,
                "key": partition_key,
                "format": kind,
                "size": summary.size_bytes,
                "rows": summary.rows_read,
                "non_utf8": summary.non_utf8_rows,
            },
        )
        conn.execute("drop table stg_report_candidates")
        commit(conn)
    except BaseException:
        rollback(conn)
        raise
    finally:
        conn.execute("reset memory_limit")
    counts = run_sql(conn, "reports/intake_counts", file_params).fetchone()
    summary.accepted, summary.rejected, summary.quarantined, summary.duplicates = counts
    if summary.duplicates:
        reasons["duplicate_report_id"] = summary.duplicates
    summary.reasons = dict(reasons.most_common())
    return summary
