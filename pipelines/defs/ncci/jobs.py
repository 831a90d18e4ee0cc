"""The per-quarter job: parse, load and validate one NCCI quarter (one partition of group ncci)."""

import dagster as dg

from pipelines.defs.ncci.partitions import ncci_quarter

ncci_quarter_job = dg.define_asset_job(
    "ncci_quarter_job",
    selection=dg.AssetSelection.groups("ncci"),
    partitions_def=ncci_quarter,
    description="Load one NCCI quarter (PTP edits and MUE tables) and run the blocking checks.",
)
