"""Multiple procedures on one claim (same patient, same day): rank the lines, then price each.

[RVU25D MULT PROC]: surgical codes (indicators 1, 2, 3) are ranked together by fee schedule
amount (after the bilateral adjustment); an endoscopy family (indicator 3, same ENDO BASE) is
priced first (highest member in full, each other member minus the base, the base itself not
paid) and then ranked as one procedure. Imaging (4, by family), cardiovascular (6) and
ophthalmology (7) are ranked within their own group; always-therapy codes (5) pay the PE in full
only for the first unit of the highest-PE service.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from pipelines.pricing import engine, rules, validate
from pipelines.pricing.model import Geography, Line, Price, PricingError, RvuRow

ZERO = Decimal("0")


def _row(line: Line, rows: dict[str, RvuRow]) -> RvuRow:
    mods = validate.normalise(line.modifiers)
    mod = validate.component(mods)
    return rows.get(mod, rows[""])


def _value(line: Line, rows: dict[str, RvuRow], geo: Geography, setting: str, caps) -> Decimal:
    """The amount a line is ranked by: one unit after the OPPS cap and the bilateral adjustment."""
    row = _row(line, rows)
    amount, _ = engine.capped(row, geo, setting, (caps or {}).get(row["modifier"], {}).get(setting))
    if "50" in validate.normalise(line.modifiers) and row["bilat_surg_indicator"] in rules.BILATERAL:
        amount *= rules.BILATERAL[row["bilat_surg_indicator"]]
    return amount


def price_claim(
    lines: Sequence[Line],
    rows_by_code: dict[str, dict[str, RvuRow]],
    geo: Geography,
    setting: str,
    release_id: str,
    caps_by_code: dict[str, dict[str, dict[str, Decimal]]] | None = None,
) -> list[Price]:
    """Price every line of one claim day with the multiple procedure rules; same order as ``lines``."""
    caps_by_code = caps_by_code or {}
    values = [_value(ln, rows_by_code[ln.hcpcs], geo, setting, caps_by_code.get(ln.hcpcs)) for ln in lines]
    indicator = [_row(ln, rows_by_code[ln.hcpcs])["mult_proc_indicator"] for ln in lines]
    ranks = [1] * len(lines)
    subtract: list[Decimal | None] = [None] * len(lines)
    bundled: set[int] = set()

    # Surgical pool: endoscopy families collapse into one rankable unit.
    units: list[tuple[Decimal, list[int]]] = []
    families: dict[str, list[int]] = {}
    for i, ind in enumerate(indicator):
        if ind == "3":
            base = rows_by_code[lines[i].hcpcs][""]["endo_base"] or lines[i].hcpcs
            families.setdefault(base, []).append(i)
    for i, ind in enumerate(indicator):
        if ind in ("1", "2"):
            if lines[i].hcpcs in families:  # a base code billed with its family
                families[lines[i].hcpcs].append(i)
            else:
                units.append((values[i], [i]))
    for base, members in families.items():
        base_lines = [i for i in members if lines[i].hcpcs == base]
        others = [i for i in members if lines[i].hcpcs != base]
        if others:
            bundled.update(base_lines)
            base_value = _base_value(base, rows_by_code, geo, setting, caps_by_code)
            top = max(others, key=lambda i: values[i])
            total = values[top]
            for i in others:
                if i != top:
                    subtract[i] = base_value
                    total += max(values[i] - base_value, ZERO)
            units.append((total, others))
        else:
            units.extend((values[i], [i]) for i in base_lines)
    for position, (_, members) in enumerate(sorted(units, key=lambda u: -u[0]), start=1):
        for i in members:
            ranks[i] = position

    # Diagnostic pools ranked on their own: imaging by family, cardiovascular, ophthalmology.
    pools: dict[tuple[str, str], list[int]] = {}
    for i, ind in enumerate(indicator):
        if ind in ("4", "6", "7"):
            family = _row(lines[i], rows_by_code[lines[i].hcpcs])["diag_imaging_family"] if ind == "4" else ""
            pools.setdefault((ind, family or ""), []).append(i)
    therapy = [i for i, ind in enumerate(indicator) if ind == "5"]
    for members in pools.values():
        for position, i in enumerate(sorted(members, key=lambda i: -values[i]), start=1):
            ranks[i] = position
    first_therapy = (
        max(therapy, key=lambda i: _pe_value(lines[i], rows_by_code, geo, setting)) if therapy else None
    )
    for i in therapy:
        ranks[i] = 1 if i == first_therapy else 2

    results = []
    for i, line in enumerate(lines):
        priced = engine.price_line(
            replace(line, rank=ranks[i]),
            rows_by_code[line.hcpcs],
            geo,
            setting,
            release_id,
            caps_by_code.get(line.hcpcs),
            endoscopy_subtract=subtract[i],
        )
        if i in bundled and priced.amount is not None:
            priced.amount = priced.nonpar_amount = priced.limiting_charge = priced.exact = ZERO
            priced.reason = "not paid separately: base endoscopy billed with another endoscopy of its family"
        results.append(priced)
    return results


def _base_value(base: str, rows_by_code, geo, setting, caps_by_code) -> Decimal:
    rows = rows_by_code.get(base)
    if rows is None or "" not in rows:
        raise PricingError(f"the RVU rows of base endoscopy {base} are needed to price its family")
    return _value(Line(base), rows, geo, setting, caps_by_code.get(base))


def _pe_value(line: Line, rows_by_code, geo: Geography, setting: str) -> Decimal:
    row = _row(line, rows_by_code[line.hcpcs])
    pe = row["pe_facility_rvu"] if setting == "facility" else row["pe_nonfacility_rvu"]
    return pe * geo.pe_gpci
