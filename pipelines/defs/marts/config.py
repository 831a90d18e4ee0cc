"""Run config of the denial marts: every field left empty falls back to the SuppressionResource."""

from __future__ import annotations

import dagster as dg

from pipelines.marts.rules import SuppressionRules
from pipelines.resources import SuppressionResource


class DenialRulesConfig(dg.Config):
    """Publication and suppression rules (see pipelines/marts/rules.py and the suppression ADR)."""

    min_reports: int | None = None
    min_cell: int | None = None
    min_contributors: int | None = None
    max_contributor_share: float | None = None
    max_combinations: int | None = None
    full_rebuild: bool = False

    def rules(self, suppression: SuppressionResource) -> SuppressionRules:
        return suppression.rules(
            min_reports=self.min_reports,
            min_cell=self.min_cell,
            min_contributors=self.min_contributors,
            max_contributor_share=self.max_contributor_share,
            max_combinations=self.max_combinations,
        )
