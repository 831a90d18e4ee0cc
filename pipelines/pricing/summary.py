"""Per-code national summary for the website export: components and what each modifier pays.

``modifier_rules(rows)`` is the one function the exporter (or anything else) calls for one code;
``summary_records(rows_by_code, release_id)`` builds every row of table ``code_payment_summary``.
Amounts are national (all GPCIs 1.000) and come from the same engine as `medpay price`.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from pipelines.pricing import engine, rules
from pipelines.pricing.model import SETTINGS, Line, PricingError, RvuRow, national

# Modifiers a code page lists, in display order, with the effect wording (amounts come from the engine).
_CANDIDATES = ("26", "TC", "53", "50", "51", "62", "66", "80", "82", "AS", "54", "55", "56", "CQ", "CO")


def _money(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _national(rows: dict[str, RvuRow], mods: tuple[str, ...], setting: str, anesthesia_cf=None):
    return engine.price_line(Line(rows[""]["hcpcs"], mods), rows, national(anesthesia_cf), setting, "")


def modifier_rules(rows: dict[str, RvuRow]) -> list[dict[str, Any]]:
    """[{modifier, effect, nonfacility, facility}] for one code's RVU rows (keyed by row modifier).

    Only modifiers the code's indicators allow are listed (plus team surgery, which is allowed but
    contractor priced); amounts are national and None where not priced (NA setting, by report).
    """
    base = rows[""]
    if rules.STATUS.get(base["status_code"], ("", rules.NOT_PRICED))[1] != rules.PRICED:
        return []
    out = []
    for mod in _CANDIDATES:
        if mod in ("26", "TC", "53") and mod not in rows:
            continue
        if mod in ("CQ", "CO") and base["mult_proc_indicator"] != "5":
            continue
        prices = {}
        try:
            for setting in SETTINGS:
                prices[setting] = _national(rows, (mod,), setting)
        except PricingError:
            continue  # the indicators forbid this modifier on this code
        sample = prices["facility"] if prices["nonfacility"].amount is None else prices["nonfacility"]
        out.append(
            {
                "modifier": mod,
                "label": rules.MODIFIER_LABELS[mod],
                "effect": _effect(mod, sample),
                "nonfacility": _money(prices["nonfacility"].amount),
                "facility": _money(prices["facility"].amount),
            }
        )
    return out


def _effect(mod: str, price) -> str:
    if price.amount is None and price.reason.startswith("contractor"):
        return price.reason
    if mod in ("26", "TC", "53"):
        return f"priced from the code's own -{mod} RVU row"
    steps = [a for a in price.adjustments if a.step not in ("OPPS cap",)]
    text = "; ".join(f"{a.step}: {a.detail}" for a in steps) or "accepted; no change to the payment"
    conditions = [n for n in price.notes if "documentation" in n]
    return text + "".join(f" ({n})" for n in conditions)


def summary_records(rows_by_code: dict[str, dict[str, RvuRow]], release_id: str) -> list[dict[str, Any]]:
    """One record per code (its global row) for table code_payment_summary."""
    records = []
    for code, rows in sorted(rows_by_code.items()):
        if "" not in rows:
            continue
        base = rows[""]
        label, treatment = rules.STATUS.get(base["status_code"], ("unknown status", rules.NOT_PRICED))
        national_amounts = {s: _national(rows, (), s) for s in SETTINGS}
        components = []
        for mod in ("26", "TC", "53"):
            if mod in rows:
                comp = {s: _national(rows, (mod,), s) for s in SETTINGS}
                components.append(
                    {
                        "modifier": mod,
                        "work_rvu": float(rows[mod]["work_rvu"]),
                        "pe_nonfacility_rvu": float(rows[mod]["pe_nonfacility_rvu"]),
                        "pe_facility_rvu": float(rows[mod]["pe_facility_rvu"]),
                        "mp_rvu": float(rows[mod]["mp_rvu"]),
                        "nonfacility": _money(comp["nonfacility"].amount),
                        "facility": _money(comp["facility"].amount),
                    }
                )
        records.append(
            {
                "release_id": release_id,
                "hcpcs": code,
                "description": base["description"],
                "status_code": base["status_code"],
                "status_label": label,
                "payable_on_fee_schedule": treatment == rules.PRICED
                and national_amounts["nonfacility"].reason != rules.R_WITHOUT_RVUS,
                "national_nonfacility": national_amounts["nonfacility"].amount,
                "national_facility": national_amounts["facility"].amount,
                "nonfacility_reason": national_amounts["nonfacility"].reason,
                "facility_reason": national_amounts["facility"].reason,
                "conversion_factor": base["conversion_factor"],
                "components": json.dumps(components),
                "modifier_rules": json.dumps(modifier_rules(rows)),
            }
        )
    return records
