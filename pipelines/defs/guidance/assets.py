"""Billing guidance (group `guidance`): the rule library applied to every code's CMS facts and crowd cells."""

from collections.abc import Iterator

import dagster as dg

from pipelines.lib.sql import run_sql
from pipelines.lib.warehouse import Warehouse

GROUP = "guidance"
KINDS = {"duckdb", "python"}
DEPS = ["price_macro", "payment", "code_denial_profile", "x12_codes", "ncci_ptp", "ncci_mue"]
DESCRIPTIONS = {
    "code_billing_tips": "One row per (release, HCPCS, tip), at most 12 per code, ranked (1 = most denials, "
    "then most dollars at stake): tips derived by the billing rule library (pipelines/guidance/rules/) from "
    "the code's PPRRVU indicators, price-macro amounts, latest NCCI quarter and published denial cells.",
    "code_denial_explanations": "One row per (release, HCPCS, reason shown on a published page): the X12 "
    "meaning, likely causes (the code's NCCI pairs / MUE / status first), prevention and evidence.",
}


def _specs() -> list[dg.AssetSpec]:
    # built in a function: AssetSpecs at module scope would be autodiscovered a second time
    return [
        dg.AssetSpec(name, description=text, group_name=GROUP, kinds=KINDS, deps=DEPS)
        for name, text in DESCRIPTIONS.items()
    ]


@dg.multi_asset(specs=_specs(), can_subset=False)
def billing_guidance(
    context: dg.AssetExecutionContext, warehouse: Warehouse
) -> Iterator[dg.MaterializeResult]:
    """Rebuild code_billing_tips and code_denial_explanations from the rule library and the warehouse."""
    from pipelines.guidance.build import write_tables
    from pipelines.guidance.library import load_library

    library = load_library()
    with warehouse.connect() as conn:
        counts = write_tables(conn, library)
        by_rule = run_sql(conn, "guidance/tips_by_rule").fetchall()
    context.log.info(f"billing guidance {library.label}: {counts}")
    for name in DESCRIPTIONS:
        metadata = {"dagster/row_count": counts[name], "rule_library_version": library.label}
        if name == "code_billing_tips":
            metadata["tips_by_rule"] = dg.MetadataValue.json(dict(by_rule))
        yield dg.MaterializeResult(asset_key=name, metadata=metadata)
