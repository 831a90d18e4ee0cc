"""Blocking checks on the payment calculator: it must reproduce amounts CMS publishes."""

from __future__ import annotations

from decimal import Decimal

import dagster as dg

from pipelines.lib.sql import run_sql
from pipelines.lib.warehouse import Warehouse

# docs/cms_rules.md §1: RVU25D + GPCI2025 reproduce CMS's PFREV25C amounts (hcpcs, mod, MAC-LOC, setting) -> $.
CMS_VECTORS = {
    ("99213", "", "10112-00", "nonfacility"): Decimal("81.86"),
    ("99213", "", "10112-00", "facility"): Decimal("59.93"),
    ("99213", "", "01182-18", "nonfacility"): Decimal("98.19"),
    ("99213", "", "01182-18", "facility"): Decimal("68.06"),
    ("71046", "", "10112-00", "nonfacility"): Decimal("29.13"),
    ("71046", "26", "10112-00", "nonfacility"): Decimal("9.55"),
    ("71046", "TC", "10112-00", "nonfacility"): Decimal("19.58"),
    ("27447", "", "10112-00", "facility"): Decimal("1138.09"),
}


@dg.asset_check(
    asset="payment", blocking=True, description="payment reproduces CMS's published amounts (RVU25D)"
)
def payment_matches_cms_amounts(warehouse: Warehouse) -> dg.AssetCheckResult:
    with warehouse.connect(read_only=True) as conn:
        rows = run_sql(conn, "pricing/payment_vectors").fetchall()
    found = {(h, m, f"{mac}-{loc}", s): a for h, m, mac, loc, s, a in rows}
    if not found:
        return dg.AssetCheckResult(passed=True, metadata={"skipped": "RVU25D is not loaded"})
    wrong = {" ".join(k): f"{found.get(k)} != {v}" for k, v in CMS_VECTORS.items() if found.get(k) != v}
    return dg.AssetCheckResult(
        passed=not wrong, metadata={"checked": len(CMS_VECTORS), "wrong": dg.MetadataValue.json(wrong)}
    )
