"""Run config of the denial marts: every field left empty falls back to MEDPAY_* env, then the default."""

from __future__ import annotations

import dagster as dg

from pipelines.marts.rules import SuppressionRules


class DenialRulesConfig(dg.Config):
    """Publication and suppression rules (see pipelines/marts/rules.py and the suppression ADR)."""

    min_reports: int | None = None
    min_cell: int | None = None
    min_contributors: int | None = None
    max_contributor_share: float | None = None
    max_combinations: int | None = None
    full_rebuild: bool = False

    def rules(self) -> SuppressionRules:
        return SuppressionRules.from_env(
            min_reports=self.min_reports,
            min_cell=self.min_cell,
            min_contributors=self.min_contributors,
            max_contributor_share=self.max_contributor_share,
            max_combinations=self.max_combinations,
        )
