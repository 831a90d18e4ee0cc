"""Which modifiers a code's CMS indicators allow: refuse what the rules forbid, say what is valid."""

from __future__ import annotations

from pipelines.pricing import rules
from pipelines.pricing.model import PricingError, RvuRow


def normalise(modifiers: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    seen: list[str] = []
    for mod in modifiers:
        mod = mod.strip().upper()
        if mod and mod not in seen:
            seen.append(mod)
    return tuple(seen)


def component(modifiers: tuple[str, ...]) -> str:
    """The RVU row a line is priced from: '26', 'TC', '53' or '' (the global row)."""
    found = [m for m in modifiers if m in ("26", "TC")]
    if len(found) > 1:
        raise PricingError("modifiers 26 and TC cannot be billed together", "use one of them, or neither")
    return found[0] if found else ("53" if "53" in modifiers else "")


def check(row: RvuRow, modifiers: tuple[str, ...], rows: dict[str, RvuRow]) -> list[str]:
    """Raise PricingError for a modifier the indicators forbid; return notes for conditional ones."""
    code = row["hcpcs"]
    unknown = [m for m in modifiers if m not in rules.SUPPORTED]
    if unknown:
        raise PricingError(
            f"modifier {', '.join(unknown)} is not one the calculator prices",
            f"supported modifiers: {' '.join(rules.SUPPORTED)}",
        )
    notes: list[str] = []
    _check_components(code, row, modifiers, rows)
    _exclusive(modifiers, rules.ASSISTANT_MODIFIERS, "assistant-at-surgery modifiers")
    _exclusive(modifiers, rules.SPLIT_MODIFIERS, "split-global modifiers 54/55/56")
    _exclusive(
        modifiers, ("62", "66", *rules.ASSISTANT_MODIFIERS), "surgeon-role modifiers 62/66/80/81/82/AS"
    )
    _exclusive(modifiers, ("CQ", "CO"), "CQ and CO")
    if "50" in modifiers and row["bilat_surg_indicator"] not in rules.BILATERAL:
        raise _forbidden(code, "50", "BILAT SURG indicator 9: the bilateral concept does not apply")
    if "51" in modifiers and row["mult_proc_indicator"] == "9":
        raise _forbidden(code, "51", "MULT PROC indicator 9: the multiple procedure concept does not apply")
    if "62" in modifiers:
        ind = row["co_surg_indicator"]
        if ind in ("0", "9"):
            raise _forbidden(code, "62", f"CO-SURG indicator {ind}: co-surgeons not permitted")
        if ind == "1":
            notes.append("co-surgery (CO-SURG 1) is paid only with documentation of medical necessity")
    if "66" in modifiers and row["team_surg_indicator"] in ("0", "9"):
        raise _forbidden(
            code, "66", f"TEAM SURG indicator {row['team_surg_indicator']}: team surgery not permitted"
        )
    assistant = [m for m in modifiers if m in rules.ASSISTANT_MODIFIERS]
    if assistant:
        ind = row["asst_surg_indicator"]
        if ind in ("1", "9"):
            why = "statutory restriction, never paid" if ind == "1" else "concept does not apply"
            raise _forbidden(code, assistant[0], f"ASST SURG indicator {ind}: {why}")
        if ind == "0":
            notes.append(
                "assistant at surgery (ASST SURG 0) is paid only with documentation of medical necessity"
            )
    split = [m for m in modifiers if m in rules.SPLIT_MODIFIERS]
    if split and row["global_days"] not in ("010", "090"):
        raise _forbidden(
            code,
            split[0],
            f"global period {row['global_days']}: split care applies to 010 and 090 day globals",
        )
    if ("CQ" in modifiers or "CO" in modifiers) and row["mult_proc_indicator"] != "5":
        notes.append("CQ/CO apply to outpatient therapy services; this code is not an always-therapy code")
    if "CQ" in modifiers and "GP" not in modifiers:
        notes.append("CQ is reported with GP (physical therapy plan of care)")
    if "CO" in modifiers and "GO" not in modifiers:
        notes.append("CO is reported with GO (occupational therapy plan of care)")
    return notes


def _check_components(code: str, row: RvuRow, modifiers: tuple[str, ...], rows: dict[str, RvuRow]) -> None:
    pctc = row["pctc_indicator"]
    for mod in ("26", "TC"):
        if mod not in modifiers:
            continue
        allowed = pctc == "1" or (mod == "26" and pctc == "6")
        if not allowed or mod not in rows:
            valid = [m for m in ("26", "TC") if m in rows]
            why = (
                f"PC/TC indicator {pctc} does not allow it"
                if not allowed
                else f"the fee schedule file has no {mod} row for it (PC/TC indicator {pctc})"
            )
            raise _forbidden(
                code, mod, why + (f" (this code has rows for: {', '.join(valid)})" if valid else "")
            )


def _exclusive(modifiers: tuple[str, ...], group: tuple[str, ...], label: str) -> None:
    found = [m for m in modifiers if m in group]
    if len(found) > 1:
        raise PricingError(f"{label} cannot be combined: {' + '.join(found)}", "keep one of them")


def _forbidden(code: str, modifier: str, why: str) -> PricingError:
    return PricingError(f"modifier {modifier} is not allowed on {code}: {why}", "drop the modifier")
