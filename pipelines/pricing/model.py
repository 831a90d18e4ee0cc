"""What `medpay price` answers with: plain dataclasses and Decimal money, no I/O and no payment rules
(those live once, in SQL: sql/pricing/price_macro.sql)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

ONE = Decimal("1")
SETTINGS = ("nonfacility", "facility")

# One row of the `rvu` table (sql/tables/rvu.sql column names, Decimal RVUs).
RvuRow = Mapping[str, Any]


class PricingError(ValueError):
    """An input the rules refuse (unknown code, forbidden modifier, ...): message + what is valid."""

    def __init__(self, message: str, hint: str | None = None, not_found: bool = False):
        super().__init__(message)
        self.message, self.hint, self.not_found = message, hint, not_found


@dataclass(frozen=True)
class Geography:
    """Where the service was furnished: a payment locality's GPCIs, or national (all 1.000)."""

    label: str  # "01112-05" or "national"
    name: str
    work_gpci: Decimal = ONE
    pe_gpci: Decimal = ONE
    mp_gpci: Decimal = ONE
    mac: str | None = None
    locality: str | None = None
    state: str | None = None
    anesthesia_cf: Decimal | None = None
    gpci_release_id: str | None = None  # the release the GPCIs came from (may differ: see lookup.py)

    @property
    def is_national(self) -> bool:
        return self.mac is None


def national(anesthesia_cf: Decimal | None = None) -> Geography:
    return Geography("national", "National (all GPCIs 1.000)", anesthesia_cf=anesthesia_cf)


@dataclass(frozen=True)
class Line:
    """One claim line: a code, its modifiers and units; rank is its place among the day's procedures."""

    hcpcs: str
    modifiers: tuple[str, ...] = ()
    units: int = 1
    rank: int | None = None
    base_units: Decimal | None = None
    time_units: Decimal | None = None


@dataclass(frozen=True)
class Adjustment:
    step: str  # e.g. "bilateral (-50)"
    factor: Decimal | None  # multiplier applied, None when the step is not a plain factor
    detail: str
    source: str


@dataclass
class Price:
    """The answer for one line: amount (None when not priced) and how it was reached."""

    hcpcs: str
    modifiers: tuple[str, ...]
    release_id: str
    locality: str
    locality_name: str
    setting: str
    amount: Decimal | None
    reason: str
    status_code: str = ""
    status_label: str = ""
    description: str = ""
    row_modifier: str = ""
    units: int = 1
    na_indicator: bool = False  # CMS flags the setting NA (rarely or never performed there); still priced
    nonpar_amount: Decimal | None = None
    limiting_charge: Decimal | None = None
    fee_schedule_amount: Decimal | None = None  # one unit, this setting, before any adjustment
    rvu: dict[str, Decimal] = field(default_factory=dict)
    gpci: dict[str, Decimal] = field(default_factory=dict)
    conversion_factor: Decimal | None = None
    gpci_release_id: str | None = None
    adjustments: list[Adjustment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    exact: Decimal | None = None  # unrounded amount (for claim totals and tests)

    def to_json(self) -> dict[str, Any]:
        def num(value: Decimal | None) -> float | None:
            return None if value is None else float(value)

        return {
            "hcpcs": self.hcpcs,
            "modifiers": list(self.modifiers),
            "release_id": self.release_id,
            "locality": self.locality,
            "locality_name": self.locality_name,
            "setting": self.setting,
            "amount": num(self.amount),
            "na_indicator": self.na_indicator,
            "reason": self.reason,
            "status": {"code": self.status_code, "label": self.status_label},
            "description": self.description,
            "rvu_row_modifier": self.row_modifier,
            "units": self.units,
            "nonpar_amount": num(self.nonpar_amount),
            "limiting_charge": num(self.limiting_charge),
            "fee_schedule_amount": num(self.fee_schedule_amount),
            "rvu": {k: float(v) for k, v in self.rvu.items()},
            "gpci": {k: float(v) for k, v in self.gpci.items()},
            "gpci_release_id": self.gpci_release_id,
            "conversion_factor": num(self.conversion_factor),
            "adjustments": [
                {"step": a.step, "factor": num(a.factor), "detail": a.detail, "source": a.source}
                for a in self.adjustments
            ],
            "notes": self.notes,
        }
