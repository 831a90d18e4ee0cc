"""Blocking checks on each loaded RVU release: a GX suite per table and native count checks.

Each check reads only the release (partition) just loaded from this run's warehouse copy; a
failure fails the run, so the published warehouse keeps its previous state (ADR 0001).
"""

import warnings
from typing import Any

import dagster as dg

from pipelines.defs.rvu.load import query
from pipelines.defs.rvu.partitions import rvu_release
from pipelines.lib.gx import check_result
from pipelines.lib.sql import run_sql
from pipelines.lib.tables import CHECKED, select_release
from pipelines.lib.warehouse import Warehouse

# rvu row count may move this much (either way) from one release to the next; 25A->25D moved 1.2 %
ROW_COUNT_CHANGE_BOUND = 0.10

# Partitioned asset checks are a Dagster 1.13 preview feature; they are what records a check per release.
warnings.filterwarnings(
    "ignore", message="Specifying a partitions_def on an AssetCheckSpec", category=dg.PreviewWarning
)


def release_rows(conn: Any, table: str, release_id: str):
    """One release's rows of ``table`` as Arrow, decimals as float64 (what the GX suite validates)."""
    import pyarrow as pa

    if table in CHECKED:
        rows = select_release(conn, table, release_id).to_arrow_table()
    else:  # rvu and locality_county carry derived columns their suites check
        rows = query(conn, f"rvu/checks/{table}_rows", {"release_id": release_id}).to_arrow_table()
    columns = [col.cast(pa.float64()) if pa.types.is_decimal(col.type) else col for col in rows.itercolumns()]
    return pa.Table.from_arrays(columns, names=rows.column_names)


def _missing_tables(conn: Any, release_id: str) -> list[str]:
    row = run_sql(conn, "rvu/checks/missing_tables", {"release_id": release_id}).fetchone()
    return list(row[0]) if row else []


def suite_result(conn: Any, table: str, release_id: str) -> dg.AssetCheckResult:
    """GX suite ``table`` on the release's rows; a table the release ships no file for passes."""
    rows = release_rows(conn, table, release_id)
    if rows.num_rows == 0 and table in _missing_tables(conn, release_id):
        return dg.AssetCheckResult(
            passed=True,
            metadata={"release_id": release_id, "note": f"release {release_id} has no {table} file"},
        )
    return check_result(table, rows, extra_metadata={"release_id": release_id})


def row_count_change_result(conn: Any, release_id: str) -> dg.AssetCheckResult:
    """rvu rows of the release against the previous release's in the same PPRRVU track (RVU26A_QPP
    against RVU25D, never RVU26A_NONQPP), within ROW_COUNT_CHANGE_BOUND. A release without a track
    after tracked ones has one predecessor per track: each must be within the bound."""
    found = run_sql(conn, "rvu/checks/rvu_row_count_change", {"release_id": release_id}).fetchall()
    rows = [r for r in found if r[3]] or found[:1] or [(release_id, 0, None, None)]
    row_count = rows[0][1] or 0
    previous = ", ".join(r[2] for r in rows if r[2])
    metadata = {"release_id": release_id, "rows": row_count, "previous_release": previous or "none"}
    if not rows[0][3]:
        return dg.AssetCheckResult(passed=bool(row_count), metadata={**metadata, "note": "first release"})
    changes = [(row_count - r[3]) / r[3] for r in rows]
    previous_rows = rows[0][3] if len(rows) == 1 else ", ".join(str(r[3]) for r in rows)
    metadata.update(previous_rows=previous_rows, change=", ".join(f"{c:+.2%}" for c in changes))
    return dg.AssetCheckResult(
        passed=all(abs(c) <= ROW_COUNT_CHANGE_BOUND for c in changes), metadata=metadata
    )


def reconcile_result(conn: Any, release_id: str) -> dg.AssetCheckResult:
    """Per table: rows read = loaded + rejected, and the tables hold exactly the recorded rows."""
    rows = query(conn, "rvu/checks/releases_reconcile", {"release_id": release_id}).pl()
    broken = rows.filter(
        (rows["rows_read"] != rows["rows_loaded"] + rows["rows_rejected"])
        | (rows["rows_held"] != rows["rows_loaded"])
        | (rows["rows_rejected_held"] != rows["rows_rejected"])
    )
    return dg.AssetCheckResult(
        passed=rows.height > 0 and broken.height == 0,
        metadata={
            "release_id": release_id,
            "tables": rows.height,
            "counts": dg.MetadataValue.json(rows.drop("release_id").to_dicts()),
            "mismatches": dg.MetadataValue.json(broken.drop("release_id").to_dicts()),
        },
    )


def _suite_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=table,
        name=f"{table}_expectations",
        blocking=True,
        partitions_def=rvu_release,
        description=f"GX suite expectations/{table}.json on the {table} rows of the loaded release.",
    )
    def _check(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
        with warehouse.connect(read_only=True) as conn:
            return suite_result(conn, table, context.partition_key)

    return _check


rvu_expectations = _suite_check("rvu")
gpci_expectations = _suite_check("gpci")
locality_county_expectations = _suite_check("locality_county")
anesthesia_cf_expectations = _suite_check("anesthesia_cf")
opps_cap_expectations = _suite_check("opps_cap")


@dg.asset_check(
    asset="rvu",
    blocking=True,
    partitions_def=rvu_release,
    description=f"rvu rows change by at most {ROW_COUNT_CHANGE_BOUND:.0%} from the previous release.",
)
def rvu_row_count_change(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
    with warehouse.connect(read_only=True) as conn:
        return row_count_change_result(conn, context.partition_key)


@dg.asset_check(
    asset="releases",
    blocking=True,
    partitions_def=rvu_release,
    description="Per table: rows read = loaded + rejected, and the warehouse holds exactly those rows.",
)
def releases_rows_reconcile(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    with warehouse.connect(read_only=True) as conn:
        return reconcile_result(conn, context.partition_key)
