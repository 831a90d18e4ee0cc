"""Configuration as typed Dagster resources: the one place MEDPAY_* settings are read.

Each resource is a ``dg.ConfigurableResource`` bound once in ``pipelines/definitions.py`` and taken as
a parameter by the assets, checks and sensors that need it; ``medpay`` builds the same objects
(``cli_resources``) and passes them to its runs. A field left ``None`` takes its environment variable
(``dg.EnvVar(name).get_value()``, read when the setting is used, so a run sees the environment it was
launched with), else the documented default (README "Configuration"). Dagster's ``EnvVar`` binding
has no default (an unset variable is a config error), and every default must work on a fresh clone:
hence ``None`` meaning "the variable, else the default". Tests pass explicit values instead of
setting environment variables. The resources hand out the plain, immutable value objects the
domain code takes as parameters (``Paths``, ``InputLimits``, ``RetentionPolicy``, ``SuppressionRules``,
freshness ``Settings``); domain code never reads the environment.
"""

from __future__ import annotations

from typing import Any, ClassVar

import dagster as dg

from pipelines.intake.retention import RetentionPolicy
from pipelines.lib import safe_input
from pipelines.lib.paths import DEFAULTS, Paths, location, resolve
from pipelines.marts import rules
from pipelines.ops.freshness import Settings


class _EnvBacked(dg.ConfigurableResource):
    """A resource whose fields fall back to one environment variable each (``ENV``), then a default."""

    ENV: ClassVar[dict[str, str]] = {}

    def raw(self, name: str) -> str | None:
        """The field's explicit value, else its environment variable; None (or "") when neither is set."""
        value = getattr(self, name)
        if value is None:
            value = dg.EnvVar(self.ENV[name]).get_value()
        return None if value is None or str(value).strip() == "" else str(value).strip()


class PathsResource(_EnvBacked):
    """Where raw landings, the published warehouse and the website export live (relative paths
    resolve against MEDPAY_HOME, else the repository root; a ``ducklake:<catalog>`` warehouse keeps
    its prefix, pipelines/lib/backend.py)."""

    ENV: ClassVar[dict[str, str]] = {
        "raw_dir": "MEDPAY_RAW_DIR",
        "warehouse": "MEDPAY_WAREHOUSE",
        "export_dir": "MEDPAY_EXPORT_DIR",
        "catalogue": "MEDPAY_CATALOGUE",
    }

    raw_dir: str | None = None
    warehouse: str | None = None
    export_dir: str | None = None
    catalogue: str | None = None  # the release catalogue; default raw/cms/releases.toml (ops/catalogue.py)

    @property
    def paths(self) -> Paths:
        located = {
            name: location(self.raw(name) or DEFAULTS[self.ENV[name]])
            for name in ("raw_dir", "warehouse", "export_dir")
        }
        catalogue = self.raw("catalogue")
        return Paths(**located, catalogue=resolve(catalogue) if catalogue else None)

    @classmethod
    def of(cls, paths: Paths) -> PathsResource:
        """The resource that hands out ``paths`` (tests, and runs given explicit locations)."""
        return cls(
            raw_dir=str(paths.raw_dir),
            warehouse=str(paths.warehouse),
            export_dir=str(paths.export_dir),
            catalogue=str(paths.catalogue) if paths.catalogue else None,
        )


class InputLimitsResource(_EnvBacked):
    """Caps on landed bytes (``pipelines.lib.safe_input.InputLimits``); sizes accept KiB/MiB/GiB."""

    ENV: ClassVar[dict[str, str]] = safe_input.ENV

    rvu_member_bytes: str | None = None
    ptp_member_bytes: str | None = None
    mue_member_bytes: str | None = None
    reference_file_bytes: str | None = None
    report_file_bytes: str | None = None
    report_line_bytes: str | None = None
    report_columns: str | None = None
    report_json_depth: str | None = None
    zip_ratio: str | None = None
    zip_members: str | None = None

    @property
    def limits(self) -> safe_input.InputLimits:
        return safe_input.InputLimits.parse({name: self.raw(name) for name in self.ENV})


class RetentionResource(_EnvBacked):
    """What happens to a report file once its intake is published (docs/intake.md, "Retention")."""

    ENV: ClassVar[dict[str, str]] = {
        "action": "MEDPAY_REPORTS_RETENTION",
        "phi_retention_days": "MEDPAY_REPORTS_PHI_RETENTION_DAYS",
        "exempt": "MEDPAY_REPORTS_RETENTION_EXEMPT",
        "text_retention_days": "MEDPAY_REPORTS_TEXT_RETENTION_DAYS",
    }

    action: str | None = None  # move / keep / delete (default move)
    phi_retention_days: str | None = None  # whole days, or "never" (default 7)
    exempt: str | None = None  # glob of files never touched (default sample-synthetic-*)
    text_retention_days: str | None = None  # whole days, or "never" (default 30)

    @property
    def policy(self) -> RetentionPolicy:
        return RetentionPolicy.parse(
            self.raw("action"),
            self.raw("phi_retention_days"),
            self.raw("exempt"),
            self.raw("text_retention_days"),
        )


class SuppressionResource(_EnvBacked):
    """The privacy rules of the denial marts and the export gate (pipelines/marts/rules.py, ADR 0003).
    Run config (``DenialRulesConfig`` / ``ExportConfig``) may override them per run."""

    ENV: ClassVar[dict[str, str]] = rules.ENV

    min_reports: int | None = None
    min_cell: int | None = None
    min_contributors: int | None = None
    max_contributor_share: float | None = None
    max_combinations: int | None = None

    def rules(self, **overrides: Any) -> rules.SuppressionRules:
        return rules.SuppressionRules.parse({name: self.raw(name) for name in self.ENV}, **overrides)


class FreshnessResource(_EnvBacked):
    """Grace days before a missing RVU release / NCCI quarter, or an old intake, is stale."""

    ENV: ClassVar[dict[str, str]] = {
        "rvu_grace_days": "MEDPAY_RVU_GRACE_DAYS",
        "ncci_grace_days": "MEDPAY_NCCI_GRACE_DAYS",
        "report_max_lag_days": "MEDPAY_REPORT_MAX_LAG_DAYS",
    }

    rvu_grace_days: int | None = None
    ncci_grace_days: int | None = None
    report_max_lag_days: int | None = None

    @property
    def settings(self) -> Settings:
        return Settings.parse({name: self.raw(name) for name in self.ENV})


class AlertsResource(_EnvBacked):
    """Where a failed run is reported (a webhook, optional) and the UI its alert links to."""

    ENV: ClassVar[dict[str, str]] = {"webhook": "MEDPAY_ALERT_WEBHOOK", "ui_url": "MEDPAY_DAGSTER_UI"}

    webhook: str | None = None
    ui_url: str | None = None

    @property
    def webhook_url(self) -> str | None:
        return self.raw("webhook")

    @property
    def ui(self) -> str:
        return (self.raw("ui_url") or "http://127.0.0.1:3000").rstrip("/")


class IntakeResource(_EnvBacked):
    """Report intake: worker processes, DuckDB memory limit, rows per batch, days redacted text is kept."""

    ENV: ClassVar[dict[str, str]] = {
        "workers": "MEDPAY_INTAKE_WORKERS",
        "memory_limit": "MEDPAY_INTAKE_MEMORY_LIMIT",
        "batch_size": "MEDPAY_INTAKE_BATCH_SIZE",
        "redacted_text_days": "MEDPAY_REDACTED_TEXT_DAYS",
    }

    workers: int | None = None  # default: one per core (at most 4) for a big file, else 1
    memory_limit: str | None = None  # default 256MB
    batch_size: int | None = None
    redacted_text_days: str | None = None  # whole days, or "never" (default 90, ADR 0004)

    def options(self) -> dict[str, Any]:
        """Keyword arguments of ``pipelines.intake.load.load_file`` (None = its default)."""
        from pipelines.intake.load import REDACTED_TEXT_DAYS

        workers, batch = self.raw("workers"), self.raw("batch_size")
        kept = (self.raw("redacted_text_days") or str(REDACTED_TEXT_DAYS)).lower()
        return {
            "redacted_text_days": None if kept == "never" else int(kept),
            "workers": max(1, int(workers)) if workers else None,
            "batch_size": int(batch) if batch else None,
            "memory_limit": self.raw("memory_limit") or "256MB",
        }


def resources(**overrides: dg.ConfigurableResource) -> dict[str, dg.ConfigurableResource]:
    """Every configuration resource under the key assets, checks, sensors and schedules take it by,
    with ``overrides`` by key (the definitions add the warehouse; ``medpay`` and tests use the same)."""
    bound: dict[str, dg.ConfigurableResource] = {
        "paths": PathsResource(),
        "input_limits": InputLimitsResource(),
        "retention": RetentionResource(),
        "suppression": SuppressionResource(),
        "freshness": FreshnessResource(),
        "alerts": AlertsResource(),
        "intake": IntakeResource(),
    }
    return {**bound, **overrides}
