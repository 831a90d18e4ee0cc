"""Blocking GX checks on each loaded NCCI quarter (expectations/ncci_ptp.json, expectations/ncci_mue.json).

A real quarter holds ~4.3 M PTP edits: they are validated in batches of at most ``BATCH_ROWS`` rows, split
by a hash of column 1 (PTP) or the HCPCS code (MUE). Every key of the suites' uniqueness rule starts with
that column, so two rows that could collide always sit in the same batch: every expectation holds on the
quarter exactly when it holds on every batch.
"""

from collections.abc import Iterator
from typing import Any

import dagster as dg

from pipelines.defs.ncci.assets import ncci_mue, ncci_ptp
from pipelines.defs.ncci.partitions import ncci_quarter
from pipelines.lib.gx import validate
from pipelines.lib.sql import load_sql
from pipelines.lib.tables import partition_rows
from pipelines.lib.warehouse import Warehouse
from pipelines.ncci.load import ensure_ncci_objects

BATCH_ROWS = 1_000_000


def quarter_batches(
    warehouse: Warehouse, table: str, quarter: str, batch_rows: int = BATCH_ROWS
) -> Iterator[Any]:
    """The quarter's rows as pandas (dates as datetime64, strings categorical) for GX's pandas source,
    in batches that never split a key (hash buckets of its first code column)."""
    with warehouse.connect() as conn:
        ensure_ncci_objects(conn)
        rows = partition_rows(conn, table, quarter=quarter)
        buckets = max(1, -(-rows // batch_rows))
        for bucket in range(buckets):
            params = {"quarter": quarter, "buckets": buckets, "bucket": bucket}
            batch = conn.sql(load_sql(f"ncci/{table}_partition"), params=params).to_arrow_table()
            # categorical strings: codes repeat across millions of edits, so the frame is ~6x smaller for GX
            yield batch.to_pandas(date_as_object=False, strings_to_categorical=True)
            del batch


def quarter_frame(warehouse: Warehouse, table: str, quarter: str):
    """The whole quarter as one pandas frame (small quarters and tests)."""
    return next(quarter_batches(warehouse, table, quarter, batch_rows=1 << 62))


def validate_quarter(warehouse: Warehouse, table: str, quarter: str) -> dict[str, Any]:
    """Suite ``table`` on every batch of the quarter: success, per-expectation outcomes summed over
    the batches (unexpected counts added, the first failing batch's examples), rows and batches."""
    merged: list[dict[str, Any]] = []
    rows = batches = 0
    for frame in quarter_batches(warehouse, table, quarter):
        outcome = validate(table, frame)
        rows, batches = rows + len(frame), batches + 1
        del frame
        if not merged:
            merged = outcome["outcomes"]
            continue
        for total, part in zip(merged, outcome["outcomes"], strict=True):
            if part["unexpected_count"] is not None:
                total["unexpected_count"] = (total["unexpected_count"] or 0) + part["unexpected_count"]
            if total["success"] and not part["success"]:
                total.update({k: part[k] for k in ("observed_value", "partial_unexpected", "exception")})
            total["success"] = total["success"] and part["success"]
    return {
        "success": all(o["success"] for o in merged),
        "outcomes": merged,
        "rows": rows,
        "batches": batches,
    }


def _check(warehouse: Warehouse, table: str, quarter: str) -> dg.AssetCheckResult:
    outcome = validate_quarter(warehouse, table, quarter)
    failed = [o for o in outcome["outcomes"] if not o["success"]]
    metadata: dict[str, Any] = {
        "suite": table,
        "quarter": quarter,
        "rows_validated": outcome["rows"],
        "batches": outcome["batches"],
        "expectations": len(outcome["outcomes"]),
        "failed_expectations": len(failed),
    }
    if failed:
        metadata["failures"] = dg.MetadataValue.json(failed)
    return dg.AssetCheckResult(
        passed=outcome["success"], severity=dg.AssetCheckSeverity.ERROR, metadata=metadata
    )


@dg.asset_check(asset=ncci_ptp, blocking=True, partitions_def=ncci_quarter)
def ncci_ptp_expectations(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """Codes are 5 characters A-Z/0-9, dates typed, deletion >= effective, modifier indicator in {0,1,9},
    no duplicate (setting, column 1, column 2, effective date) in the quarter (GX, every row, in batches)."""
    return _check(warehouse, "ncci_ptp", context.partition_key)


@dg.asset_check(asset=ncci_mue, blocking=True, partitions_def=ncci_quarter)
def ncci_mue_expectations(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """HCPCS 5 characters A-Z/0-9, MUE value a whole number >= 0, MAI in {1,2,3} with a label,
    one row per (service type, HCPCS) in the quarter (GX, every row)."""
    return _check(warehouse, "ncci_mue", context.partition_key)
