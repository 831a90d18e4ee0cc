"""Blocking GX checks on each loaded NCCI quarter (expectations/ncci_ptp.json, expectations/ncci_mue.json)."""

import dagster as dg

from pipelines.defs.ncci.assets import ncci_mue, ncci_ptp
from pipelines.defs.ncci.partitions import ncci_quarter
from pipelines.lib.gx import check_result
from pipelines.lib.sql import load_sql
from pipelines.lib.warehouse import Warehouse
from pipelines.ncci.load import ensure_ncci_objects


def quarter_frame(warehouse: Warehouse, table: str, quarter: str):
    """The quarter's rows as pandas (dates as datetime64, strings categorical) for GX's pandas source."""
    with warehouse.connect() as conn:
        ensure_ncci_objects(conn)
        rows = conn.sql(load_sql(f"ncci/{table}_partition"), params={"quarter": quarter}).to_arrow_table()
    # categorical strings: codes repeat across 2.5 M edits, so the frame is ~6x smaller for GX
    return rows.to_pandas(date_as_object=False, strings_to_categorical=True)


@dg.asset_check(asset=ncci_ptp, blocking=True, partitions_def=ncci_quarter)
def ncci_ptp_expectations(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """Codes are 5 characters A-Z/0-9, dates typed, deletion >= effective, modifier indicator in {0,1,9},
    no duplicate (setting, column 1, column 2, effective date) in the quarter (GX, every row)."""
    frame = quarter_frame(warehouse, "ncci_ptp", context.partition_key)
    return check_result("ncci_ptp", frame, extra_metadata={"quarter": context.partition_key})


@dg.asset_check(asset=ncci_mue, blocking=True, partitions_def=ncci_quarter)
def ncci_mue_expectations(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """HCPCS 5 characters A-Z/0-9, MUE value a whole number >= 0, MAI in {1,2,3} with a label,
    one row per (service type, HCPCS) in the quarter (GX, every row)."""
    frame = quarter_frame(warehouse, "ncci_mue", context.partition_key)
    return check_result("ncci_mue", frame, extra_metadata={"quarter": context.partition_key})
