"""Multiple procedures on one claim (same patient, same day): rank the lines, then price each with the
`price` SQL macro (quote.price_line); only the ranking lives here, every amount comes from the macro.

[RVU25D MULT PROC]: surgical codes (indicators 1, 2, 3) are ranked together by fee schedule amount
(after the bilateral adjustment); an endoscopy family (indicator 3, same ENDO BASE) is priced first
(highest member in full, each other member minus the base, the base itself not paid) and then ranked
as one procedure. Imaging (4, by family), cardiovascular (6) and ophthalmology (7) are ranked within
their own group; always-therapy codes (5) pay the PE in full only for the first unit of the
highest-PE service.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

import duckdb

from pipelines.pricing import lookup
from pipelines.pricing.model import Geography, Line, Price, PricingError, RvuRow
from pipelines.pricing.quote import price_line

ZERO = Decimal("0")


def _ranking_modifiers(conn: duckdb.DuckDBPyConnection) -> set[str]:
    """Modifiers that change the amount a line is ranked by: its RVU row (26/TC/53) and -50."""
    sql = "select modifier from pricing_modifier_rules where kind in ('component', 'bilateral')"
    return {row[0] for row in conn.execute(sql).fetchall()}


def price_claim(
    conn: duckdb.DuckDBPyConnection,
    lines: Sequence[Line],
    rows_by_code: dict[str, dict[str, RvuRow]],
    geo: Geography,
    setting: str,
    release_id: str,
) -> list[Price]:
    """Price every line of one claim day with the multiple procedure rules; same order as ``lines``."""
    ranking = _ranking_modifiers(conn)

    def one(line: Line) -> Price:  # one unit, rank 1, with only the modifiers that set its ranking value
        mods = tuple(m for m in line.modifiers if m.strip().upper() in ranking)
        return price_line(conn, Line(line.hcpcs, mods), geo, setting, release_id)

    alone = [one(ln) for ln in lines]
    values = [p.exact or ZERO for p in alone]
    rows = [rows_by_code[ln.hcpcs][p.row_modifier or ""] for ln, p in zip(lines, alone, strict=True)]
    indicator = [row["mult_proc_indicator"] for row in rows]
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
            if "" not in rows_by_code.get(base, {}):
                raise PricingError(f"the RVU rows of base endoscopy {base} are needed to price its family")
            base_value = one(Line(base)).exact or ZERO
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
            family = rows[i]["diag_imaging_family"] if ind == "4" else ""
            pools.setdefault((ind, family or ""), []).append(i)
    for members in pools.values():
        for position, i in enumerate(sorted(members, key=lambda i: -values[i]), start=1):
            ranks[i] = position
    therapy = [i for i, ind in enumerate(indicator) if ind == "5"]
    pe_column = "pe_facility_rvu" if setting == "facility" else "pe_nonfacility_rvu"
    first_therapy = max(therapy, key=lambda i: rows[i][pe_column] * geo.pe_gpci) if therapy else None
    for i in therapy:
        ranks[i] = 1 if i == first_therapy else 2

    results = []
    for i, line in enumerate(lines):
        priced = price_line(conn, replace(line, rank=ranks[i]), geo, setting, release_id, subtract[i])
        if i in bundled and priced.amount is not None:
            priced.amount = priced.nonpar_amount = priced.limiting_charge = priced.exact = ZERO
            priced.reason = "not paid separately: base endoscopy billed with another endoscopy of its family"
        results.append(priced)
    return results


def quote_claim(
    conn: duckdb.DuckDBPyConnection,
    lines: list[Line],
    *,
    locality: str | None = None,
    zip_code: str | None = None,
    setting: str = "nonfacility",
    on: date | None = None,
    release_id: str | None = None,
) -> list[Price]:
    """Price the lines of one claim day together (multiple procedure ranking, endoscopy families)."""
    loaded = lookup.releases(conn)
    release = lookup.choose_release(conn, loaded, on=on, release_id=release_id)
    geo, notes = lookup.geography(conn, loaded, release, locality=locality, zip_code=zip_code)
    codes = {line.hcpcs for line in lines}
    rows = {code: lookup.rvu_rows(conn, release.release_id, code) for code in codes}
    missing = sorted(code for code, found in rows.items() if "" not in found)
    if missing:
        raise PricingError(
            f"not in the {release.release_id} fee schedule file: {', '.join(missing)}", not_found=True
        )
    for found in list(rows.values()):
        base = found[""]["endo_base"]
        if base and base not in rows:
            rows[base] = lookup.rvu_rows(conn, release.release_id, base)
    priced = price_claim(conn, lines, rows, geo, setting, release.release_id)
    for price in priced:
        price.notes = notes + price.notes
    return priced
