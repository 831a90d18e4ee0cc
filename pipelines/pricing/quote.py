"""One price from the published warehouse (what `medpay price` calls): lookup.py resolves the release
and the place, then the `price` SQL macro (sql/pricing/price_macro.sql, the one implementation of the
payment rules) prices the line; this module only turns its row into a Price or a PricingError."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import duckdb

from pipelines.lib.sql import fetch_dicts, run_sql
from pipelines.pricing import lookup
from pipelines.pricing.model import SETTINGS, Adjustment, Geography, Line, Price, PricingError


def price_line(
    conn: duckdb.DuckDBPyConnection,
    line: Line,
    geo: Geography,
    setting: str,
    release_id: str,
    subtract: Decimal | None = None,
) -> Price:
    """Price ``line`` with the SQL macro; a refused modifier raises PricingError(message, hint)."""
    if setting not in SETTINGS:
        raise PricingError(f"unknown setting {setting!r}", "use facility or nonfacility")
    params = {
        "release_id": release_id, "hcpcs": line.hcpcs, "modifiers": list(line.modifiers), "mac": geo.mac,
        "locality": geo.locality, "setting": setting, "rank": line.rank, "units": line.units,
        "base_units": line.base_units, "time_units": line.time_units, "subtract": subtract,
    }  # fmt: skip
    rows = fetch_dicts(run_sql(conn, "pricing/quote_line", params))
    if not rows:
        raise PricingError(f"{line.hcpcs} has no row in {release_id} for {geo.label}", not_found=True)
    row = rows[0]
    if row["refusal"] is not None:
        raise PricingError(row["refusal"], row["hint"])
    return _price(row, geo)


def _price(row: dict[str, Any], geo: Geography) -> Price:
    from_rvus = row["fee_schedule_amount"] is not None
    return Price(
        hcpcs=row["hcpcs"], modifiers=tuple(row["modifiers"]), release_id=row["release_id"], locality=geo.label,
        locality_name=geo.name, setting=row["setting"], amount=row["amount"], reason=row["reason"],
        status_code=row["status_code"], status_label=row["status_label"], description=row["description"] or "",
        row_modifier=row["row_modifier"], units=row["units"], na_indicator=bool(row["na_indicator"]),
        nonpar_amount=row["nonpar_amount"], limiting_charge=row["limiting_charge"],
        fee_schedule_amount=row["fee_schedule_amount"],
        rvu={"work": row["work_rvu"], "pe": row["pe_rvu"], "mp": row["mp_rvu"]} if from_rvus else {},
        gpci={"work": row["work_gpci"], "pe": row["pe_gpci"], "mp": row["mp_gpci"]} if from_rvus else {},
        conversion_factor=row["conversion_factor"], gpci_release_id=geo.gpci_release_id,
        adjustments=[Adjustment(**a) for a in row["adjustments"]], notes=list(row["notes"]),
        exact=row["amount_exact"],
    )  # fmt: skip


def quote(
    conn: duckdb.DuckDBPyConnection,
    hcpcs: str,
    modifiers: tuple[str, ...] = (),
    *,
    locality: str | None = None,
    zip_code: str | None = None,
    setting: str = "nonfacility",
    on: date | None = None,
    release_id: str | None = None,
    track: str = "NONQPP",
    units: int = 1,
    rank: int | None = None,
    base_units: Decimal | None = None,
    time_units: Decimal | None = None,
) -> Price:
    """Price one line; raises PricingError with what was wrong and what would be valid. ``track``
    (NONQPP, the default, or QPP) picks the PPRRVU track by date: the release in effect on ``on``,
    or the latest loaded one."""
    code = hcpcs.strip().upper()
    if not re.fullmatch(r"[0-9A-Z]{5}", code):
        raise PricingError(
            f"{hcpcs!r} is not a HCPCS code", "HCPCS/CPT codes are 5 characters, e.g. 99213 or G0105"
        )
    if units < 1:
        raise PricingError(f"units must be at least 1, got {units}")
    loaded = lookup.releases(conn)
    release = lookup.choose_release(conn, loaded, on=on, release_id=release_id, track=track)
    if "" not in lookup.rvu_rows(conn, release.release_id, code):
        raise PricingError(
            f"{code} is not in the {release.release_id} fee schedule file",
            "check the code; every HCPCS the PFS lists (any status) is in the PPRRVU file",
            not_found=True,
        )
    geo, notes = lookup.geography(conn, loaded, release, locality=locality, zip_code=zip_code)
    line = Line(code, tuple(modifiers), units=units, rank=rank, base_units=base_units, time_units=time_units)
    price = price_line(conn, line, geo, setting, release.release_id)
    price.notes = notes + price.notes
    if on is not None:
        price.notes.insert(
            0, f"date of service {on}: release {release.release_id} (in effect from {release.effective_from})"
        )
    return price
