"""Blocking check: no stored billing tip holds a number that its impact or evidence does not."""

import dagster as dg

from pipelines.lib.warehouse import Warehouse


@dg.asset_check(asset="code_billing_tips", blocking=True)
def tip_numbers_backed(warehouse: Warehouse) -> dg.AssetCheckResult:
    """Every number in every stored tip's title and text appears in its impact or evidence."""
    from pipelines.guidance import stored
    from pipelines.guidance.render import describe, unbacked_numbers

    with warehouse.connect(read_only=True) as conn:
        rows = stored.tips(conn)
    failures = []
    for row, tip in rows:
        loose = unbacked_numbers(tip)
        if loose:
            failures.append(f"{row['release_id']} {row['hcpcs']} {tip['id']}: {describe(loose)}")
    metadata = {"tips_checked": len(rows), "failing": len(failures)}
    if failures:
        metadata["first_failures"] = dg.MetadataValue.json(failures[:20])
    return dg.AssetCheckResult(passed=not failures, severity=dg.AssetCheckSeverity.ERROR, metadata=metadata)
