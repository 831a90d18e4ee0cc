"""Run config of the export: suppression rules fall back to MEDPAY_* env (the marts' rules), then defaults."""

from __future__ import annotations

import dagster as dg

from pipelines.marts.rules import SuppressionRules


class ExportConfig(dg.Config):
    """``keep``: sealed builds kept for rollback; rules: the privacy gate's (same env as the marts)."""

    keep: int = 3
    min_reports: int | None = None
    min_cell: int | None = None

    def rules(self) -> SuppressionRules:
        return SuppressionRules.from_env(min_reports=self.min_reports, min_cell=self.min_cell)
