"""Run config of the export: suppression rules override the SuppressionResource (the marts' rules)."""

from __future__ import annotations

import dagster as dg

from pipelines.marts.rules import SuppressionRules
from pipelines.resources import SuppressionResource


class ExportConfig(dg.Config):
    """``keep``: sealed builds kept for rollback; rules: the privacy gate's (same env as the marts)."""

    keep: int = 3
    min_reports: int | None = None
    min_cell: int | None = None

    def rules(self, suppression: SuppressionResource) -> SuppressionRules:
        return suppression.rules(min_reports=self.min_reports, min_cell=self.min_cell)
