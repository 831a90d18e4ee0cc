"""Failure alerts: one readable message (what failed, where to look), logged and optionally POSTed.

The webhook URL comes from ``MEDPAY_ALERT_WEBHOOK``; the JSON body has ``text`` (Slack/Teams style)
plus the structured fields. A webhook that is down never hides the alert: it is logged anyway.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import httpx


@dataclass
class Alert:
    job: str
    run_id: str
    partition: str | None
    failed_steps: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    ui_url: str | None = None

    @property
    def text(self) -> str:
        what = f"{self.job}" + (f" [{self.partition}]" if self.partition else "")
        lines = [f"medpay run FAILED: {what} (run {self.run_id[:8]})"]
        if self.failed_checks:
            lines.append("failed checks: " + ", ".join(self.failed_checks))
        if self.failed_steps:
            lines.append("failed steps: " + ", ".join(self.failed_steps))
        lines += [f"error: {e}" for e in self.errors[:5]]
        lines.append(
            "the published warehouse is unchanged (ADR 0001). Look at: "
            + (f"{self.ui_url}, " if self.ui_url else "")
            + f"`dagster run logs {self.run_id}` or the run's page in `dagster dev`, and `medpay status`"
        )
        return "\n".join(lines)

    def payload(self) -> dict:
        return {"text": self.text, **asdict(self)}


def post(alert: Alert, url: str, timeout_s: float = 10.0) -> str | None:
    """POST the alert; returns None on success or a one-line reason it could not be delivered."""
    try:
        response = httpx.post(url, json=alert.payload(), timeout=timeout_s)
    except httpx.HTTPError as err:
        return f"{type(err).__name__}: {err}"
    if response.status_code >= 300:
        return f"webhook answered {response.status_code}"
    return None
