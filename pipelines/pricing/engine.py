"""Price one claim line: fee schedule amount, then every adjustment in CMS order, rounded once.

Order (docs/pricing_rules.md): RVU row (26/TC/53) -> status -> setting/NA -> fee (therapy PE
reduction inside the PE term) -> OPPS cap -> bilateral -> multiple procedure rank -> surgeon role
-> split global -> CQ/CO -> units -> one rounding -> non-par 95 % and limiting charge 115 %.
"""

from __future__ import annotations

from decimal import Decimal

from pipelines.pricing import rules, validate
from pipelines.pricing.model import (
    ONE,
    SETTINGS,
    Adjustment,
    Geography,
    Line,
    Price,
    PricingError,
    RvuRow,
    to_cents,
)

SRC_RVU = "RVU25D.pdf record layout"
ZERO = Decimal("0")


def fee(row: RvuRow, geo: Geography, setting: str, pe_factor: Decimal = ONE) -> Decimal:
    """[(W x GPCIw) + (PE x GPCIpe x pe_factor) + (MP x GPCImp)] x CF, unrounded [RVU25D p.1-2]."""
    pe = row["pe_facility_rvu"] if setting == "facility" else row["pe_nonfacility_rvu"]
    return (
        row["work_rvu"] * geo.work_gpci + pe * geo.pe_gpci * pe_factor + row["mp_rvu"] * geo.mp_gpci
    ) * row["conversion_factor"]


def opps_amount(row: RvuRow, geo: Geography, setting: str) -> Decimal | None:
    """OPPS payment amount from the row's OPPS PE/MP RVUs [RVU25D p.2]; None when the row has none."""
    pe = row["opps_pe_facility_rvu"] if setting == "facility" else row["opps_pe_nonfacility_rvu"]
    if not pe and not row["opps_mp_rvu"]:
        return None
    return (
        row["work_rvu"] * geo.work_gpci + pe * geo.pe_gpci + (row["opps_mp_rvu"] or ZERO) * geo.mp_gpci
    ) * row["conversion_factor"]


def capped(row: RvuRow, geo: Geography, setting: str, cap: Decimal | None, pe_factor: Decimal = ONE):
    """(amount, cap applied?): the lower of the PFS amount and the OPPS cap (table amount, else formula)."""
    amount = fee(row, geo, setting, pe_factor)
    limit = cap if cap is not None else opps_amount(row, geo, setting)
    if limit is not None and limit < amount:
        return limit, True
    return amount, False


def price_line(
    line: Line,
    rows: dict[str, RvuRow],
    geo: Geography,
    setting: str,
    release_id: str,
    caps: dict[str, dict[str, Decimal]] | None = None,
    endoscopy_subtract: Decimal | None = None,
    therapy_first_unit_full: bool = True,
) -> Price:
    """Price ``line`` from ``rows`` (the code's RVU rows by modifier) for one geography and setting.

    ``caps`` holds OPPSCAP amounts by row modifier and setting for this locality. ``rank`` on the
    line places it among the day's multiple procedures (claim.py sets it; -51 alone means rank 2).
    """
    if setting not in SETTINGS:
        raise PricingError(f"unknown setting {setting!r}", "use facility or nonfacility")
    mods = validate.normalise(line.modifiers)
    base = rows.get("")
    if base is None:
        raise PricingError(f"{line.hcpcs} has no global row in {release_id}")
    row_mod = validate.component(mods)
    row = rows.get(row_mod, base) if row_mod else base
    out = Price(
        hcpcs=line.hcpcs, modifiers=mods, release_id=release_id, locality=geo.label,
        locality_name=geo.name, setting=setting, amount=None, reason="", units=line.units,
        status_code=row["status_code"], status_label=rules.STATUS.get(row["status_code"], ("unknown status", ""))[0],
        description=row.get("description") or "", row_modifier=row_mod if row_mod in rows else "",
        gpci_release_id=geo.gpci_release_id, conversion_factor=row["conversion_factor"],
    )  # fmt: skip
    status = rules.STATUS.get(row["status_code"], ("", rules.NOT_PRICED))[1]
    if status == rules.NOT_PRICED or status == rules.CONTRACTOR:
        out.reason = rules.STATUS_REASON.get(row["status_code"], "not priced on the fee schedule")
        return out
    out.notes.extend(validate.check(row, mods, rows))
    if status == rules.ANESTHESIA:
        return _anesthesia(out, line, geo)
    if row_mod == "53" and "53" not in rows:
        out.reason = "contractor priced: -53 has its own RVUs only for 44388, 45378, G0105, G0121 [RVU25D]"
        return out
    total = row["total_facility_rvu"] if setting == "facility" else row["total_nonfacility_rvu"]
    if row["status_code"] == "R" and not total:
        out.reason = rules.R_WITHOUT_RVUS
        return out
    if row["pe_facility_na"] if setting == "facility" else row["pe_nonfacility_na"]:
        other = "facility" if setting == "nonfacility" else "nonfacility"
        out.reason = (
            f"not priced in the {setting} setting: CMS flags it NA (rarely or never done there); try {other}"
        )
        return out
    out.rvu = {
        "work": row["work_rvu"],
        "pe": row["pe_facility_rvu"] if setting == "facility" else row["pe_nonfacility_rvu"],
        "mp": row["mp_rvu"],
    }
    out.gpci = {"work": geo.work_gpci, "pe": geo.pe_gpci, "mp": geo.mp_gpci}
    if row["status_code"] == "T":
        out.notes.append(rules.T_NOTE)
    if row["status_code"] == "R":
        out.notes.append(rules.R_NOTE)
    one_unit = fee(row, geo, setting)
    out.fee_schedule_amount = to_cents(one_unit)
    if "66" in mods:
        out.reason = "contractor priced: team surgery (-66) is paid by report [RVU25D TEAM SURG]"
        return out
    rank = line.rank or (2 if "51" in mods else 1)
    amount = _base(out, row, rows, geo, setting, caps or {}, rank, line, therapy_first_unit_full)
    if amount is None:
        return out
    amount = _after_rank(out, row, mods, amount, rank, endoscopy_subtract)
    if amount is None:
        return out
    return _finish(out, amount)


def _base(out, row, rows, geo, setting, caps, rank, line, therapy_first_unit_full) -> Decimal | None:
    """Fee x units with the therapy PE reduction and the OPPS cap, then bilateral and imaging MPPR."""
    mp = row["mult_proc_indicator"]
    cap = caps.get(out.row_modifier, {}).get(setting)
    units = max(line.units, 1)
    if mp == "5" and (units > 1 or rank > 1):
        full_units = 1 if (rank == 1 and therapy_first_unit_full) else 0
        first, cap_hit = capped(row, geo, setting, cap)
        reduced, _ = capped(row, geo, setting, cap, rules.THERAPY_PE)
        amount = first * full_units + reduced * (units - full_units)
        out.adjustments.append(
            Adjustment(
                "therapy MPPR",
                None,
                f"{units - full_units} of {units} unit(s) at 50 % of the PE",
                "RVU25D MULT PROC 5; PF25PC 50% therapy reduction amounts",
            )  # fmt: skip
        )
    else:
        amount, cap_hit = capped(row, geo, setting, cap)
        amount *= units
        if units > 1:
            out.adjustments.append(
                Adjustment("units", Decimal(units), f"x {units} units", "claim line units")
            )
    if cap_hit:
        out.adjustments.append(
            Adjustment(
                "OPPS cap",
                None,
                "paid at the OPPS amount, lower than the PFS amount",
                "DRA 2005 s.5102(b); RVU25D p.2",
            )
        )
    if "50" in out.modifiers:
        factor = rules.BILATERAL[row["bilat_surg_indicator"]]
        out.adjustments.append(
            Adjustment("bilateral (-50)", factor, f"BILAT SURG {row['bilat_surg_indicator']}: {factor * 100:.0f} % of one side", SRC_RVU)
        )  # fmt: skip
        amount *= factor
    if rank > 1 and mp in ("4", "6", "7"):
        amount = _diagnostic_mppr(out, row, rows, geo, setting, caps, amount)
    return amount


def _diagnostic_mppr(out, row, rows, geo, setting, caps, amount: Decimal) -> Decimal:
    """Imaging (4), cardiovascular (6), ophthalmology (7): reduce the TC (and imaging PC) of 2nd+."""
    mp = row["mult_proc_indicator"]
    tc_factor = {"4": rules.IMAGING_TC, "6": rules.CARDIO_TC, "7": rules.OPHTH_TC}[mp]
    pc_factor = rules.IMAGING_PC if mp == "4" else ONE
    label = {"4": "diagnostic imaging", "6": "diagnostic cardiovascular", "7": "diagnostic ophthalmology"}[mp]
    mod, pctc = out.row_modifier, row["pctc_indicator"]
    if mod == "TC" or (mod == "" and pctc == "3"):
        factor, detail = tc_factor, f"TC at {tc_factor * 100:.0f} %"
    elif mod == "26" or (mod == "" and pctc == "2"):
        factor, detail = pc_factor, f"PC at {pc_factor * 100:.0f} %"
    elif "TC" in rows and "26" in rows:
        tc, _ = capped(rows["TC"], geo, setting, caps.get("TC", {}).get(setting))
        pc = fee(rows["26"], geo, setting)
        units = max(out.units, 1)
        bilateral = rules.BILATERAL[row["bilat_surg_indicator"]] if "50" in out.modifiers else ONE
        reduced = (tc * tc_factor + pc * pc_factor) * units * bilateral
        out.adjustments.append(
            Adjustment(
                f"multiple procedure: {label}",
                None,
                f"global = TC at {tc_factor * 100:.0f} % + PC at {pc_factor * 100:.0f} % (component rows)",
                "RVU25D MULT PROC 4/6/7",
            )  # fmt: skip
        )
        return reduced
    else:
        factor, detail = tc_factor, f"whole service at {tc_factor * 100:.0f} % (no component rows)"
    out.adjustments.append(
        Adjustment(f"multiple procedure: {label}", factor, detail, "RVU25D MULT PROC 4/6/7")
    )
    return amount * factor


def _after_rank(out, row, mods, amount, rank, endoscopy_subtract) -> Decimal | None:
    mp = row["mult_proc_indicator"]
    if endoscopy_subtract:
        amount = max(amount - endoscopy_subtract, ZERO)
        out.adjustments.append(
            Adjustment(
                "multiple endoscopy",
                None,
                "base endoscopy amount subtracted (same family)",
                "RVU25D MULT PROC 3",
            )
        )
    if mp in ("1", "2", "3") and rank > 1:
        if rank >= rules.STANDARD_BY_REPORT_FROM:
            out.reason = (
                f"contractor priced: the {rank}th procedure of the day is paid by report [RVU25D MULT PROC]"
            )
            return None
        ranks = rules.STANDARD_RANKS["1" if mp == "1" else "2"]
        factor = ranks[min(rank, len(ranks)) - 1]
        out.adjustments.append(
            Adjustment(
                "multiple procedure (-51)",
                factor,
                f"rank {rank}: {factor * 100:.0f} % (MULT PROC {mp})",
                SRC_RVU,
            )
        )
        amount *= factor
    if "62" in mods:
        out.adjustments.append(
            Adjustment(
                "co-surgeon (-62)", rules.CO_SURGEON, "62.5 % to each surgeon", "CPM ch.12 s.40.8; FCSO"
            )
        )
        amount *= rules.CO_SURGEON
    assistant = next((m for m in mods if m in rules.ASSISTANT_MODIFIERS), None)
    if assistant:
        factor = rules.ASSISTANT * (rules.ASSISTANT_NPP if assistant == "AS" else ONE)
        detail = "85 % of 16 %" if assistant == "AS" else "16 % of the surgery"
        out.adjustments.append(
            Adjustment(f"assistant at surgery (-{assistant})", factor, detail, "CPM ch.12 s.20.4.3")
        )
        amount *= factor
    split = [m for m in mods if m in rules.SPLIT_MODIFIERS]
    if split:
        share = {
            "54": row["preop_share"] + row["intraop_share"],
            "55": row["postop_share"],
            "56": row["preop_share"],
        }[split[0]]
        out.adjustments.append(
            Adjustment(f"split global (-{split[0]})", share, f"{share * 100:.2f} % of the global package", "RVU25D PRE/INTRA/POST OP")
        )  # fmt: skip
        amount *= share
    therapy_assistant = next((m for m in mods if m in ("CQ", "CO")), None)
    if therapy_assistant:
        out.adjustments.append(
            Adjustment(f"therapy assistant (-{therapy_assistant})", rules.THERAPY_ASSISTANT, "85 % of the amount", "SSA 1834(v); BBA 2018 s.53107")
        )  # fmt: skip
        amount *= rules.THERAPY_ASSISTANT
    return amount


def _finish(out: Price, amount: Decimal) -> Price:
    out.exact = amount
    out.amount = to_cents(amount)
    out.nonpar_amount = to_cents(amount * rules.NONPAR)
    out.limiting_charge = to_cents(amount * rules.NONPAR * rules.LIMITING)
    out.reason = "priced: " + (
        ", ".join(a.step for a in out.adjustments) if out.adjustments else "fee schedule amount"
    )
    return out


def _anesthesia(out: Price, line: Line, geo: Geography) -> Price:
    out.conversion_factor = geo.anesthesia_cf
    if line.base_units is None or line.time_units is None:
        out.reason = (
            "anesthesia (status J): amount = (base units + time units) x the locality anesthesia CF; "
            "the RVU file carries no base units, so pass both --base-units and --time-units"
        )
        return out
    if geo.anesthesia_cf is None:
        out.reason = f"no anesthesia conversion factor loaded for {geo.label}"
        return out
    units = line.base_units + line.time_units
    out.adjustments.append(
        Adjustment(
            "anesthesia units",
            units,
            f"{line.base_units} base + {line.time_units} time units",
            "ANES file; RVU25D p.2",
        )
    )
    return _finish(out, units * geo.anesthesia_cf)
