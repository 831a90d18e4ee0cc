"""One dynamic partition per CMS RVU release (RVU25A, RVU25AR, RVU25D ...), added when it lands."""

import dagster as dg

rvu_release = dg.DynamicPartitionsDefinition(name="rvu_release")
