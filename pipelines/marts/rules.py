"""The publication and suppression rules (settings resource, then Dagster run config)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

ENV = {
    "min_reports": "MEDPAY_MIN_REPORTS",
    "min_cell": "MEDPAY_MIN_CELL",
    "min_contributors": "MEDPAY_MIN_CONTRIBUTORS",
    "max_contributor_share": "MEDPAY_MAX_CONTRIBUTOR_SHARE",
    "max_combinations": "MEDPAY_MAX_REASON_COMBINATIONS",
}


@dataclass(frozen=True)
class SuppressionRules:
    """What a code needs before its denials are published, and which cells it may show.

    - ``min_reports``: counted reports a code needs to be published (the site promises 5).
    - ``min_cell``: smallest count a published cell may show; smaller cells are suppressed,
      with complementary suppression (docs/adr/*-small-cell-suppression.md).
    - ``min_contributors``: distinct contributors a code needs (0 = rule off).
    - ``max_contributor_share``: largest share of a code's counted reports one contributor may
      hold for the code to be published (1.0 = rule off).
    - ``max_combinations``: reason combinations listed one by one; the rest are pooled as 'other'.
    """

    min_reports: int = 5
    min_cell: int = 5
    min_contributors: int = 0
    max_contributor_share: float = 0.8
    max_combinations: int = 10

    def __post_init__(self) -> None:
        if self.min_cell < 1:
            raise ValueError(f"min_cell must be at least 1, got {self.min_cell}")
        if self.min_reports < self.min_cell:
            # a published code's own report_count is a cell: it may not be smaller than min_cell
            raise ValueError(f"min_reports ({self.min_reports}) must be >= min_cell ({self.min_cell})")
        if self.min_contributors < 0:
            raise ValueError(f"min_contributors must be >= 0, got {self.min_contributors}")
        if not 0 < self.max_contributor_share <= 1:
            raise ValueError(f"max_contributor_share must be in (0, 1], got {self.max_contributor_share}")
        if self.max_combinations < 0:
            raise ValueError(f"max_combinations must be >= 0, got {self.max_combinations}")

    @classmethod
    def parse(cls, raw_values: Mapping[str, Any], **overrides: Any) -> SuppressionRules:
        """Defaults, overridden by the settings (``pipelines.resources.SuppressionResource``: field ->
        value, from MEDPAY_* environment variables), overridden by non-None ``overrides`` (run config)."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = raw_values.get(f.name)
            if raw not in (None, ""):
                values[f.name] = float(raw) if f.type == "float" else int(raw)
        rules = replace(cls(), **values)
        return replace(rules, **{k: v for k, v in overrides.items() if v is not None})

    def sql_params(self) -> dict[str, Any]:
        return {
            "min_reports": self.min_reports,
            "min_cell": self.min_cell,
            "min_contributors": self.min_contributors,
            "max_contributor_share": self.max_contributor_share,
        }

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)
