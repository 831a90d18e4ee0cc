"""One dynamic partition per report file in raw/reports/, keyed by its (sanitised) file name."""

import dagster as dg

report_file = dg.DynamicPartitionsDefinition(name="report_file")
