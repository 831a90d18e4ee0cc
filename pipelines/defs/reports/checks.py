"""Blocking checks of an intake: the GX suite on the accepted reports, and the counts reconcile."""

import dagster as dg

from pipelines.lib.gx import check_result
from pipelines.lib.sql import fetch_dicts, load_sql, run_sql
from pipelines.lib.warehouse import Warehouse


@dg.asset_check(
    asset="reports",
    blocking=True,
    description="GX suite expectations/reports.json on this file's accepted reports",
)
def reports_suite(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
    with warehouse.connect(read_only=True) as conn:
        frame = conn.sql(
            load_sql("reports/reports_for_suite"), params={"key": context.partition_key}
        ).to_arrow_table()
    return check_result("reports", frame)


@dg.asset_check(
    asset="intake_files",
    blocking=True,
    description="rows read = accepted + rejected + quarantined + duplicates, and every table holds exactly those rows",
)
def intake_counts_reconcile(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    with warehouse.connect(read_only=True) as conn:
        rows = fetch_dicts(run_sql(conn, "reports/intake_reconciliation", {"key": context.partition_key}))
    problems = []
    for row in rows:
        outcomes = row["accepted"] + row["rejected"] + row["quarantined"] + row["duplicates"]
        for label, ok in (
            ("rows_read = sum of outcomes", row["rows_read"] == outcomes),
            ("one intake_outcomes row per row read", row["outcome_rows"] == row["rows_read"]),
            ("reports rows = accepted", row["report_rows"] == row["accepted"]),
            ("quarantine rows = quarantined", row["quarantine_rows"] == row["quarantined"]),
            ("report_carc rows = CARC positions", row["carc_rows"] == row["carc_positions"]),
        ):
            if not ok:
                problems.append(f"{row['source_file']}: {label} fails")
    return dg.AssetCheckResult(
        passed=bool(rows) and not problems,
        metadata={
            "intakes": len(rows),
            "problems": dg.MetadataValue.json(problems or (["no intake row"] if not rows else [])),
        },
    )


@dg.asset_check(
    asset="reports",
    blocking=True,
    description="across ALL files: every report_id counted once; every CARC/RARC row belongs to a report",
)
def reports_exactly_once(warehouse: Warehouse) -> dg.AssetCheckResult:
    with warehouse.connect(read_only=True) as conn:
        (counts,) = fetch_dicts(run_sql(conn, "reports/reports_integrity"))
    bad = {k: v for k, v in counts.items() if k != "reports" and v}
    return dg.AssetCheckResult(passed=not bad, metadata={**counts, "problems": dg.MetadataValue.json(bad)})
