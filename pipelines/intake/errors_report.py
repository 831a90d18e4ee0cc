"""The contributor-facing error report of one file: ``<export dir>/intake/<key>.errors.json``.

Line, field, what was wrong and how to fix it, from intake_outcomes (whose messages never echo
patient information). Written atomically; capped at MAX_ENTRIES lines, the summary counts all.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import duckdb

from pipelines.intake.load import IntakeSummary
from pipelines.lib.sql import fetch_dicts, run_sql

MAX_ENTRIES = 10_000


def build_error_report(conn: duckdb.DuckDBPyConnection, summary: IntakeSummary) -> dict[str, Any]:
    params = {"file_name": summary.source_file, "file_hash": summary.file_sha256}
    entries = fetch_dicts(run_sql(conn, "reports/intake_errors", {**params, "max_rows": MAX_ENTRIES}))
    not_accepted = summary.rejected + summary.quarantined + summary.duplicates
    return {
        "file": summary.source_file,
        "sha256": summary.file_sha256,
        "contract": "denial_report.v1",
        "rows_read": summary.rows_read,
        "accepted": summary.accepted,
        "rejected": summary.rejected,
        "quarantined_for_patient_information": summary.quarantined,
        "duplicates": summary.duplicates,
        "reasons": summary.reasons,
        "entries_truncated": max(0, not_accepted - len(entries)),
        "note": "Reports quarantined for patient information were not stored or counted; remove the "
        "identifiers and send them again. Values you sent are never repeated here except codes.",
        "problems": entries,
    }


def report_path(export_dir: Path, partition_key: str) -> Path:
    return export_dir / "intake" / f"{partition_key}.errors.json"


def write_error_report(export_dir: Path, partition_key: str, report: dict[str, Any]) -> Path:
    path = report_path(export_dir, partition_key)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    return path
