"""One partition per NCCI quarter (``2025Q4``), added when its files land in raw/cms/ncci/."""

import dagster as dg

ncci_quarter = dg.DynamicPartitionsDefinition(name="ncci_quarter")
