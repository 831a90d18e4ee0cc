"""Denial marts: one refresh recomputes the codes whose accepted reports changed, in every table."""

from collections.abc import Iterator

import dagster as dg

from pipelines.defs.marts.config import DenialRulesConfig
from pipelines.lib.markdown import md_table
from pipelines.lib.sql import run_sql
from pipelines.lib.tables import count_rows
from pipelines.lib.warehouse import Warehouse
from pipelines.marts.build import TABLES, refresh
from pipelines.resources import SuppressionResource

GROUP = "marts"
KINDS = {"duckdb", "sql"}
DESCRIPTIONS = {
    "code_denial_near_duplicates": "Accepted reports not counted because they are a near-identical copy "
    "of an earlier report of the same contributor (one row per copy, pointing at the counted report).",
    "code_denial_contributors": "Counted reports per code and contributor (the contributor-dominance "
    "rule's input; UNSUPPRESSED, analysts only).",
    "code_denial_months": "Counted reports per code and denial month (the period shown and the trend; "
    "UNSUPPRESSED).",
    "code_denial_stats": "One row per HCPCS code with an accepted report: counted reports, contributors, "
    "period, appeal outcomes and whether the code is published (UNSUPPRESSED; analysts only).",
    "code_denial_reasons": "Counted reports per code and reason: CARC with group code and X12 description, "
    "RARC likewise, with shares of the code's reports (UNSUPPRESSED).",
    "code_denial_reason_combinations": "Counted reports per code and full set of reason codes on the report "
    "(which CARC/RARC occur together) (UNSUPPRESSED).",
    "code_denial_breakdowns": "Counted reports per code by payer type, modifier ('none'), place of service "
    "and state (UNSUPPRESSED).",
    "code_denial_appeals": "Counted reports per code, appeal status and appeal strategy (UNSUPPRESSED).",
    "code_denial_trend": "Counted reports per code and calendar quarter of the denial month (UNSUPPRESSED).",
    "code_denial_profile": "One row per code with an accepted report: the code_page.v2 `denials` object, "
    "thresholded and small-cell suppressed; the only denial data the website export may read.",
    "code_denial_fingerprints": "Per-code fingerprint of the accepted reports the marts were built from "
    "(drives the incremental refresh: newer reports are added, any other change recounts the code).",
}
PREVIEW_SQL = "marts/metadata/stats_preview"


def _specs() -> list[dg.AssetSpec]:
    # built in a function: AssetSpecs at module scope would be autodiscovered a second time
    reports = dg.AssetDep("reports", partition_mapping=dg.AllPartitionMapping())
    return [
        dg.AssetSpec(
            name, description=DESCRIPTIONS[name], group_name=GROUP, kinds=KINDS, deps=[reports, "x12_codes"]
        )
        for name in TABLES
    ]


@dg.multi_asset(specs=_specs(), can_subset=False)
def code_denial_marts(
    context: dg.AssetExecutionContext,
    config: DenialRulesConfig,
    warehouse: Warehouse,
    suppression: SuppressionResource,
) -> Iterator[dg.MaterializeResult]:
    """Refresh the denial aggregates of every code whose accepted reports changed (all on a rule change)."""
    rules = config.rules(suppression)
    with warehouse.connect() as conn:
        done = refresh(conn, rules, full_rebuild=config.full_rebuild)
        counts = count_rows(conn, TABLES)
        cursor = run_sql(conn, PREVIEW_SQL)
        preview = md_table([d[0] for d in cursor.description], cursor.fetchall())
    context.log.info(
        f"denial marts: {done.codes_in_scope} codes recomputed"
        f" ({'full rebuild' if done.full_rebuild else 'incremental'}) in {done.seconds['total']:.2f} s"
    )
    for name in TABLES:
        metadata = {"dagster/row_count": counts.get(name, 0), "rules": dg.MetadataValue.json(rules.__dict__)}
        if name == "code_denial_stats":
            metadata["refresh"] = dg.MetadataValue.json(done.metadata())
            metadata["preview"] = dg.MetadataValue.md(preview)
        yield dg.MaterializeResult(asset_key=name, metadata=metadata)
