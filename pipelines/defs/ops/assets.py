"""What "current" means in the warehouse: the RVU release calendar and the freshness of every source."""

from datetime import date, datetime

import dagster as dg

from pipelines.lib.markdown import md_table
from pipelines.lib.sql import ensure_tables, run_sql, transaction
from pipelines.lib.tables import delete_rows
from pipelines.lib.warehouse import Warehouse
from pipelines.resources import FreshnessResource


@dg.asset(
    group_name="analytics",
    kinds={"duckdb", "sql"},
    deps=["releases"],
)
def release_calendar(warehouse: Warehouse) -> dg.MaterializeResult:
    """View: one row per loaded RVU release with the dates of service it governs [effective_from,
    effective_to). A correction (RVU25AR) supersedes its release from its own effective date on; both
    stay queryable by release_id. Release in effect on a date: effective_from <= d < effective_to.
    Defined in sql/views/release_calendar.sql (every RVU load also creates it: the row-count check and
    rvu_changes read each release's predecessor in its track from it)."""
    with warehouse.connect() as conn:
        ensure_tables(conn, "releases", "release_calendar")
        rows = run_sql(conn, "ops/release_calendar_rows").fetchall()
    header = ["release_id", "effective_from", "effective_to", "is_correction", "superseded_by"]
    return dg.MaterializeResult(
        metadata={"dagster/row_count": len(rows), "calendar": dg.MetadataValue.md(md_table(header, rows))}
    )


@dg.asset(
    group_name="analytics",
    kinds={"duckdb"},
    deps=[release_calendar],
)
def data_freshness(
    context: dg.AssetExecutionContext, warehouse: Warehouse, freshness: FreshnessResource
) -> dg.MaterializeResult:
    """One row per source (rvu, ncci, reports): what the warehouse holds against what is current
    today (the RVU release in effect, this quarter's NCCI edits, a recent report intake)."""
    from pipelines.ops.freshness import assess
    from pipelines.ops.state import state_of

    today, now = date.today(), datetime.now()
    with warehouse.connect() as conn:
        ensure_tables(conn, "data_freshness")
        items = assess(state_of(conn, warehouse.published), today, freshness.settings)
        with transaction(conn):
            delete_rows(conn, "data_freshness")
            for item in items:
                row = item.as_row()
                run_sql(
                    conn,
                    "ops/data_freshness",
                    {
                        "source": row["source"],
                        "as_of": today,
                        "current_item": row["current"],
                        "expected": row["expected"],
                        "age_days": row["age_days"],
                        "stale": row["stale"],
                        "message": row["message"],
                        "assessed_at": now,
                    },
                )
    for item in items:
        (context.log.warning if item.stale else context.log.info)(f"{item.source}: {item.message}")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": len(items),
            "stale_sources": [i.source for i in items if i.stale],
            "freshness": dg.MetadataValue.md(
                md_table(
                    ["source", "current", "expected", "stale", "message"],
                    [(i.source, i.current, i.expected, i.stale, i.message) for i in items],
                )
            ),
        }
    )


@dg.asset_check(asset=data_freshness, blocking=False, description="Warns when a source is stale.")
def data_is_current(warehouse: Warehouse) -> dg.AssetCheckResult:
    """WARN (never blocks): the RVU release in effect, the NCCI quarter or report intake is behind."""
    with warehouse.connect(read_only=True) as conn:
        rows = run_sql(conn, "ops/data_freshness_rows").fetchall()
    stale = {source: message for source, _c, _e, _a, is_stale, message in rows if is_stale}
    return dg.AssetCheckResult(
        passed=not stale,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "stale": dg.MetadataValue.json(stale),
            "sources": dg.MetadataValue.json({r[0]: r[5] for r in rows}),
        },
    )
