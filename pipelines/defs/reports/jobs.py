"""The per-file intake job: one partition of group `reports` (one landed file) and its blocking checks."""

import dagster as dg

from pipelines.defs.reports.partitions import report_file

report_intake_job = dg.define_asset_job(
    "report_intake_job",
    selection=dg.AssetSelection.groups("reports"),
    partitions_def=report_file,
    description="Take one landed denial-report file in: PHI gate, contract and reference checks, outcomes.",
)
