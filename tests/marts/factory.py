"""Accepted-report rows for the marts tests, written into intake's own `reports` table."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

import duckdb

from pipelines.lib.paths import REPO_ROOT
from pipelines.lib.sql import ensure_tables, run_sql_with_frame
from pipelines.parsing.reference import read_x12_codes

X12_FILE = REPO_ROOT / "raw" / "reference" / "x12" / "carc-rarc.csv"
COLUMNS = (
    "report_id", "contributor_id", "submitted_at", "hcpcs", "modifiers", "units", "place_of_service",
    "payer_type", "state", "denial_month", "carc", "rarc", "billed_amount", "paid_amount",
    "appeal_status", "appeal_level", "appeal_strategy", "denial_reason_text", "appeal_strategy_text",
    "near_duplicate_of", "source_file", "source_line", "file_sha256", "accepted_at",
)  # fmt: skip
_seq = itertools.count(1)


def contributor(n: int) -> str:
    return f"{n:064x}"


def report(**fields: Any) -> dict[str, Any]:
    """One accepted report row; every field can be overridden. Each call is a distinct report."""
    n = next(_seq)
    row: dict[str, Any] = {
        "report_id": str(uuid.UUID(int=n)),
        "contributor_id": contributor(n),
        "submitted_at": datetime(2025, 7, 1),
        "hcpcs": "99213",
        "modifiers": [],
        "units": 1,
        "place_of_service": "11",
        "payer_type": "medicare",
        "state": "TX",
        "denial_month": date(2025, 6, 1),
        "carc": ["CO-97"],
        "rarc": [],
        "billed_amount": None,
        "paid_amount": None,
        "appeal_status": None,
        "appeal_level": None,
        "appeal_strategy": None,
        "denial_reason_text": None,
        "appeal_strategy_text": None,
        "near_duplicate_of": None,
        "source_file": "test.jsonl",
        "source_line": n,
        "file_sha256": "0" * 64,
        "accepted_at": datetime(2025, 7, 2) + timedelta(seconds=n),
    }
    row.update(fields)
    return row


def insert_reports(conn: duckdb.DuckDBPyConnection, rows: Iterable[dict[str, Any]]) -> None:
    placeholders = ", ".join("?" for _ in COLUMNS)
    conn.executemany(
        f"insert into reports ({', '.join(COLUMNS)}) values ({placeholders})",
        [[row[c] for c in COLUMNS] for row in rows],
    )


def create_inputs(conn: duckdb.DuckDBPyConnection) -> None:
    ensure_tables(conn, "reports")
    run_sql_with_frame(conn, "reference/x12_codes", read_x12_codes(X12_FILE))
