"""What happens to a landed report file once its intake is PUBLISHED (docs/intake.md, "Retention").

Only files whose exact bytes (name + SHA-256) are in the published ``intake_files`` are touched, so a
file is never moved or deleted before its rows are safely in the warehouse. Settings (environment):

- ``MEDPAY_REPORTS_RETENTION``: ``move`` (default: into ``raw/reports/processed/``), ``keep`` or ``delete``.
- ``MEDPAY_REPORTS_PHI_RETENTION_DAYS``: a file that had reports quarantined for PHI is deleted (from
  the landing folder or processed/) this many days after its intake (default 7; the masked copy in
  ``quarantine`` stays). Empty or ``never``: kept like any other file.
- ``MEDPAY_REPORTS_TEXT_RETENTION_DAYS``: ANY file is deleted this many days after its intake (default 30):
  its free text is raw, and the screen can miss an identifier (ADR 0004); the warehouse keeps only the
  redacted rendering. Empty or ``never``: no such limit.
- ``MEDPAY_REPORTS_RETENTION_EXEMPT``: glob of file names never moved or deleted (default
  ``sample-synthetic-*``: the committed synthetic demo files).
"""

from __future__ import annotations

import fnmatch
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from pipelines.lib.files import sha256_file
from pipelines.lib.sql import run_sql
from pipelines.lib.warehouse import connect_published

PROCESSED = "processed"
ACTIONS = ("move", "keep", "delete")


@dataclass(frozen=True)
class RetentionPolicy:
    action: str = "move"
    phi_days: int | None = 7
    exempt: str = "sample-synthetic-*"
    text_days: int | None = 30

    @classmethod
    def parse(
        cls, action: str | None, days: str | None, exempt: str | None, text_days: str | None = None
    ) -> RetentionPolicy:
        """From the settings' texts (``pipelines.resources.RetentionResource``); None = the default."""
        action = (action or cls.action).strip().lower()
        if action not in ACTIONS:
            raise ValueError(f"MEDPAY_REPORTS_RETENTION={action!r}: expected one of {', '.join(ACTIONS)}")
        days = (days if days is not None else str(cls.phi_days)).strip().lower()
        text = (text_days if text_days is not None else str(cls.text_days)).strip().lower()
        return cls(
            action,
            None if days in ("", "never") else int(days),
            exempt or cls.exempt,
            None if text in ("", "never") else int(text),
        )


@dataclass(frozen=True)
class Action:
    file: str
    action: str  # moved / deleted
    reason: str


def published_intakes(warehouse: Path) -> dict[tuple[str, str], tuple[bool, datetime]]:
    """(file name, sha256) -> (had PHI, processed_at) of every published intake."""
    try:
        conn = connect_published(str(warehouse))
    except FileNotFoundError:
        return {}
    try:
        rows = run_sql(conn, "reports/published_intakes").fetchall()
    except duckdb.CatalogException:
        rows = []
    finally:
        conn.close()
    return {(name, sha): (had_phi, at) for name, sha, had_phi, at in rows}


def apply_retention(
    reports_dir: Path, warehouse: Path, policy: RetentionPolicy | None = None, now: datetime | None = None
) -> list[Action]:
    """Move or delete landed files whose intake is published, per ``policy``; returns what was done."""
    policy = policy or RetentionPolicy()
    now = now or datetime.now(UTC).replace(tzinfo=None)
    intakes = published_intakes(warehouse)
    if not intakes or not reports_dir.is_dir():
        return []
    done: list[Action] = []
    processed = reports_dir / PROCESSED
    candidates = [p for p in reports_dir.iterdir() if p.is_file() and not p.name.startswith(".")]
    if processed.is_dir():
        candidates += [p for p in processed.iterdir() if p.is_file()]
    for path in sorted(candidates):
        name = path.name.split("~", 1)[0] if path.parent == processed else path.name
        if fnmatch.fnmatch(name, policy.exempt):
            continue
        known = intakes.get((name, sha256_file(path)))
        if known is None:
            continue  # not (or not yet) published with these bytes: leave it alone
        had_phi, processed_at = known
        if had_phi and policy.phi_days is not None and now - processed_at >= timedelta(days=policy.phi_days):
            path.unlink()
            done.append(Action(name, "deleted", f"had PHI; {policy.phi_days}-day retention passed"))
        elif policy.text_days is not None and now - processed_at >= timedelta(days=policy.text_days):
            path.unlink()
            done.append(Action(name, "deleted", f"raw free text; {policy.text_days}-day retention passed"))
        elif path.parent == processed:
            continue
        elif policy.action == "delete" and not had_phi:
            path.unlink()
            done.append(Action(name, "deleted", "intake published"))
        elif policy.action == "move" or (policy.action == "delete" and had_phi):
            processed.mkdir(exist_ok=True)
            target = processed / name
            if target.exists():  # the same name delivered again with other bytes
                target = processed / f"{name}~{processed_at:%Y%m%dT%H%M%S}"
            shutil.move(path, target)
            done.append(Action(name, "moved", f"intake published; kept in {PROCESSED}/"))
    return done
