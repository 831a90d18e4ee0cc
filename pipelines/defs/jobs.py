"""Unpartitioned jobs shared by the CLI runner and the automation: reference data first, refresh last."""

import dagster as dg

reference_job = dg.define_asset_job(
    "reference_job",
    selection=dg.AssetSelection.groups("reference"),
    description="Reload the reference tables (Census counties, X12 codes, USPS states, ZIP -> locality).",
)

refresh_job = dg.define_asset_job(
    "refresh_job",
    selection=dg.AssetSelection.groups("analytics", "marts", "guidance", "exports"),
    description="Rebuild everything derived from the loaded data: changes, payment, aggregates, billing "
    "guidance, exports.",
)
