"""The per-release job: parse, load and validate one RVU release (one partition of group cms_rvu)."""

import dagster as dg

from pipelines.defs.rvu.partitions import rvu_release

rvu_release_job = dg.define_asset_job(
    "rvu_release_job",
    selection=dg.AssetSelection.groups("cms_rvu"),
    partitions_def=rvu_release,
    description="Load one CMS RVU release (all of its tables) and run the blocking checks.",
)
