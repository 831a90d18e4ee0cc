"""One price from the published warehouse: the engine fed by lookup.py (what `medpay price` calls)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import duckdb

from pipelines.pricing import engine, lookup
from pipelines.pricing.claim import price_claim
from pipelines.pricing.model import Line, Price, PricingError


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
    rows = lookup.rvu_rows(conn, release.release_id, code)
    if "" not in rows:
        raise PricingError(
            f"{code} is not in the {release.release_id} fee schedule file",
            "check the code; every HCPCS the PFS lists (any status) is in the PPRRVU file",
            not_found=True,
        )
    geo, notes = lookup.geography(conn, loaded, release, locality=locality, zip_code=zip_code)
    caps = lookup.opps_caps(conn, release.release_id, code, geo) if release.has_opps_cap else {}
    line = Line(code, tuple(modifiers), units=units, rank=rank, base_units=base_units, time_units=time_units)
    price = engine.price_line(line, rows, geo, setting, release.release_id, caps)
    price.notes = notes + price.notes
    if on is not None:
        price.notes.insert(
            0, f"date of service {on}: release {release.release_id} (in effect from {release.effective_from})"
        )
    return price


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
    caps = (
        {c: lookup.opps_caps(conn, release.release_id, c, geo) for c in codes} if release.has_opps_cap else {}
    )
    priced = price_claim(lines, rows, geo, setting, release.release_id, caps)
    for price in priced:
        price.notes = notes + price.notes
    return priced
