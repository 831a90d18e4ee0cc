"""What "current" means, and whether the warehouse is: RVU release, NCCI quarter, report intake.

- RVU: the release in effect today (release_in_effect, NONQPP track) must be this quarter's. CMS publishes each
  quarter's release before the quarter starts; after ``MEDPAY_RVU_GRACE_DAYS`` (default 15) into a
  quarter without it, the warehouse is stale.
- NCCI: the newest loaded quarter must be today's quarter, with ``MEDPAY_NCCI_GRACE_DAYS`` (15).
- Reports: the newest intake must be no older than ``MEDPAY_REPORT_MAX_LAG_DAYS`` (default 30).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime

from pipelines.ops.catalogue import QUARTER_LETTERS, quarter_start, variant
from pipelines.ops.state import WarehouseState


@dataclass(frozen=True)
class Settings:
    rvu_grace_days: int = 15
    ncci_grace_days: int = 15
    report_max_lag_days: int = 30

    @classmethod
    def parse(cls, raw_values: Mapping[str, str | None]) -> Settings:
        """From the settings' texts (``pipelines.resources.FreshnessResource``); a text that is not a
        whole number keeps the default."""

        def num(name: str) -> int:
            value = raw_values.get(name)
            return int(value) if value and value.strip().isdigit() else getattr(cls, name)

        return cls(num("rvu_grace_days"), num("ncci_grace_days"), num("report_max_lag_days"))


@dataclass(frozen=True)
class Freshness:
    source: str  # "rvu" | "ncci" | "reports"
    current: str | None  # what the warehouse has (release in effect, newest quarter, last intake)
    expected: str  # what "current" means today
    age_days: int | None  # days since the expected item became due (or since the last intake)
    stale: bool
    message: str

    def as_row(self) -> dict:
        return asdict(self)


def _quarter_key(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def expected_rvu_id(today: date) -> str:
    return f"RVU{today.year % 100:02d}{QUARTER_LETTERS[(today.month - 1) // 3]}"


def rvu_freshness(state: WarehouseState, today: date, settings: Settings) -> Freshness:
    expected, due = expected_rvu_id(today), quarter_start(today)
    in_effect = [  # a CY release governs only its own year (release_calendar, pricing's choose_release)
        r
        for r in state.releases
        if r.effective_from <= today
        and r.effective_from.year == today.year
        and variant(r.release_id) != "QPP"
    ]
    late = (today - due).days
    if not in_effect:
        newest = max((r.release_id for r in state.releases), default=None)
        loaded = f" (newest loaded: {newest})" if newest else ""
        message = f"no RVU release in effect on {today}{loaded}; load {expected}"
        return Freshness("rvu", None, expected, late, True, message)
    current = max(in_effect, key=lambda r: (r.effective_from, r.is_correction, r.release_id))
    if current.effective_from >= due or late <= settings.rvu_grace_days:
        return Freshness("rvu", current.release_id, expected, 0, False, f"{current.release_id} is in effect")
    return Freshness(
        "rvu",
        current.release_id,
        expected,
        late,
        True,
        f"{current.release_id} (from {current.effective_from}) is the newest release in effect; {expected} "
        f"took effect {due}, {late} days ago, and is not loaded",
    )


def ncci_freshness(state: WarehouseState, today: date, settings: Settings) -> Freshness:
    expected, late = _quarter_key(today), (today - quarter_start(today)).days
    loaded = [q for q in state.ncci_quarters if q <= expected]
    newest = max(loaded) if loaded else None
    if newest == expected or (newest is not None and late <= settings.ncci_grace_days):
        return Freshness("ncci", newest, expected, 0, False, f"NCCI {newest} is loaded")
    what = f"newest NCCI quarter loaded is {newest}" if newest else "no NCCI quarter loaded"
    return Freshness("ncci", newest, expected, late, True, f"{what}; {expected} began {late} days ago")


def report_freshness(state: WarehouseState, today: date, settings: Settings) -> Freshness:
    limit = f"an intake within {settings.report_max_lag_days} days"
    last = state.reports.last_intake if state.reports else None
    if last is None:
        return Freshness("reports", None, limit, None, True, "no denial report has been taken in yet")
    last_day = last.date() if isinstance(last, datetime) else last
    age = (today - last_day).days
    if age <= settings.report_max_lag_days:
        return Freshness("reports", str(last_day), limit, age, False, f"last intake {age} days ago")
    return Freshness(
        "reports",
        str(last_day),
        limit,
        age,
        True,
        f"last report intake was {age} days ago (limit {settings.report_max_lag_days}, MEDPAY_REPORT_MAX_LAG_DAYS)",
    )


def assess(
    state: WarehouseState, today: date | None = None, settings: Settings | None = None
) -> list[Freshness]:
    """Freshness of every source, as of ``today``."""
    today = today or date.today()
    settings = settings or Settings()
    return [
        rvu_freshness(state, today, settings),
        ncci_freshness(state, today, settings),
        report_freshness(state, today, settings),
    ]
