"""Blocking checks on the reference tables: a GX suite each, pulled from DuckDB through Arrow."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.reference.assets import census_counties, usps_states, x12_codes, zip_locality
from pipelines.lib.gx import check_result
from pipelines.lib.warehouse import Warehouse


def _gx_check(asset: dg.AssetsDefinition, table: str):
    @dg.asset_check(
        asset=asset, name=f"{table}_expectations", blocking=True, description=f"GX suite expectations/{table}.json"
    )
    def _check(warehouse: Warehouse) -> dg.AssetCheckResult:
        with warehouse.connect(read_only=True) as conn:
            frame = conn.table(table).arrow()
        return check_result(table, frame)

    return _check


census_counties_expectations = _gx_check(census_counties, "census_counties")
x12_codes_expectations = _gx_check(x12_codes, "x12_codes")
usps_states_expectations = _gx_check(usps_states, "usps_states")
zip_locality_expectations = _gx_check(zip_locality, "zip_locality")
