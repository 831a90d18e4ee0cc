"""Blocking check: every stored profile obeys the threshold and suppression rules (pipelines/marts/verify.py)."""

import dagster as dg

from pipelines.defs.marts.config import DenialRulesConfig
from pipelines.lib.sql import run_sql
from pipelines.lib.warehouse import Warehouse
from pipelines.marts.verify import check_profiles
from pipelines.resources import SuppressionResource


@dg.asset_check(asset="code_denial_profile", blocking=True)
def profile_privacy_rules(
    config: DenialRulesConfig, warehouse: Warehouse, suppression: SuppressionResource
) -> dg.AssetCheckResult:
    """No code published under min_reports, no shown cell under min_cell, no suppressed cell recoverable
    by arithmetic, and every published report_count equal to the counted reports behind it."""
    rules = config.rules(suppression)
    with warehouse.connect(read_only=True) as conn:
        rows = run_sql(conn, "marts/checks/check_profiles").fetchall()
        counts = dict(run_sql(conn, "marts/checks/counted_reports").fetchall())
    failures = check_profiles(rows, rules, counts)
    missing = sorted(set(counts) - {h for h, _ in rows})
    metadata = {
        "profiles_checked": len(rows),
        "codes_failing": len(failures),
        "codes_without_profile": len(missing),
        "min_reports": rules.min_reports,
        "min_cell": rules.min_cell,
    }
    if failures:
        sample = dict(sorted(failures.items())[:20])
        metadata["failures"] = dg.MetadataValue.json(sample)
    if missing:
        metadata["missing_sample"] = missing[:20]
    return dg.AssetCheckResult(
        passed=not failures and not missing, severity=dg.AssetCheckSeverity.ERROR, metadata=metadata
    )
