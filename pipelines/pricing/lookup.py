"""Read what one price needs from the warehouse: release by date, locality by MAC-LOC / ZIP / state.

Release calendar [RVU25D p.2]: A from January 1, B April 1, C July 1, D October 1; a correction
(e.g. RVU25AR) replaces its release. A release that ships without GPCI / ANES files (RVU25A here
is a bare PPRRVU file) borrows them from the latest loaded release of the same CMS year that has
them (GPCIs are set once a year in the final rule); the answer names the release they came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from pipelines.lib.sql import fetch_dicts, run_sql
from pipelines.ops.catalogue import variant
from pipelines.ops.state import release_in_effect
from pipelines.pricing.model import Geography, PricingError, RvuRow, national


@dataclass(frozen=True)
class Release:
    release_id: str
    year: int
    is_correction: bool
    released_on: date | None
    effective_from: date
    has_gpci: bool
    has_anesthesia: bool
    has_opps_cap: bool


def _records(conn: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return fetch_dicts(run_sql(conn, f"pricing/{name}", params))


def releases(conn: duckdb.DuckDBPyConnection) -> list[Release]:
    return [Release(**r) for r in _records(conn, "lookup_releases", {})]


def choose_release(
    conn: duckdb.DuckDBPyConnection,
    loaded: list[Release],
    on: date | None = None,
    release_id: str | None = None,
    track: str = "NONQPP",
) -> Release:
    """An explicit id (a 2026+ id without its track, RVU26C, means its ``track`` file: RVU26C_NONQPP);
    else the release in effect on ``on`` for PPRRVU ``track`` (ops' release_in_effect,
    the one implementation: a correction from its own effective date, a CY release only in its year);
    else the latest of the track. ``loaded`` as ``releases()`` returns it, oldest first."""
    if not loaded:
        raise PricingError(
            "no RVU release is loaded in the warehouse", "run `medpay run` first", not_found=True
        )
    ids = ", ".join(r.release_id for r in loaded)
    if release_id is not None:
        wanted = release_id.strip().upper()
        match = [r for r in loaded if r.release_id == wanted]
        if not match and variant(wanted) is None:  # RVU26C -> its track's file (RVU26C_NONQPP)
            match = [r for r in loaded if r.release_id == f"{wanted}_{track.upper()}"]
        if not match:
            raise PricingError(
                f"release {release_id} is not loaded", f"loaded releases: {ids}", not_found=True
            )
        return match[0]
    if on is None:
        in_track = [r for r in loaded if variant(r.release_id) in (None, track.upper())]
        if not in_track:
            raise PricingError(f"no {track.upper()} release is loaded", f"loaded releases: {ids}")
        return in_track[-1]
    try:
        found = release_in_effect(conn, on, track)
    except duckdb.CatalogException as missing:
        raise PricingError(
            "the warehouse has no release_calendar view (built by an older version)", "run `medpay run`"
        ) from missing
    if found is None:
        spans = "; ".join(f"{r.release_id} from {r.effective_from}" for r in loaded)
        raise PricingError(
            f"no loaded release covers the date of service {on} ({track.upper()} track)",
            f"loaded: {spans}",
            not_found=True,
        )
    return next(r for r in loaded if r.release_id == found[0])


def borrowed(loaded: list[Release], release: Release, flag: str) -> Release | None:
    """``release`` if it has the table named by ``flag``, else the latest same-year release that has it."""
    if getattr(release, flag):
        return release
    same_year = [r for r in loaded if r.year == release.year and getattr(r, flag)]
    same_year.sort(key=lambda r: (r.effective_from, r.is_correction, r.released_on or date.min))
    return same_year[-1] if same_year else None


def rvu_rows(conn: duckdb.DuckDBPyConnection, release_id: str, hcpcs: str) -> dict[str, RvuRow]:
    return {
        r["modifier"]: r for r in _records(conn, "lookup_rvu", {"release_id": release_id, "hcpcs": hcpcs})
    }


_MAC_LOC = re.compile(r"^(\d{4,5})-(\d{1,2})$")


def geography(
    conn: duckdb.DuckDBPyConnection,
    loaded: list[Release],
    release: Release,
    locality: str | None = None,
    zip_code: str | None = None,
) -> tuple[Geography, list[str]]:
    """Resolve --locality (MAC-LOC, or a state with a single locality) / --zip / national; with notes."""
    anes = borrowed(loaded, release, "has_anesthesia")
    notes = []
    if anes is not None and anes.release_id != release.release_id:
        notes.append(
            f"{release.release_id} has no ANES file: anesthesia CFs from {anes.release_id} (same CMS year)"
        )
    if locality is None and zip_code is None:
        return national(), notes
    gpci = borrowed(loaded, release, "has_gpci")
    if gpci is None:
        raise PricingError(
            f"no GPCI file is loaded for CMS year {release.year}, so no locality can be priced",
            "use --national, or load a release of that year that ships GPCIyyyy",
        )
    if gpci.release_id != release.release_id:
        notes.append(f"{release.release_id} has no GPCI file: GPCIs from {gpci.release_id} (same CMS year)")
    params = {"gpci_release_id": gpci.release_id, "anesthesia_release_id": anes.release_id if anes else None}
    table = _records(conn, "lookup_localities", params)
    if zip_code is not None:
        mac, loc, zip_notes = _zip(conn, zip_code)
        notes.extend(zip_notes)
        match = [r for r in table if r["mac"] == mac and r["locality"] == loc]
        if not match:
            raise PricingError(f"ZIP {zip_code} maps to {mac}-{loc}, which has no GPCI in {gpci.release_id}")
    else:
        match = _by_locality(table, locality.strip().upper())
    row = match[0]
    geo = Geography(
        label=f"{row['mac']}-{row['locality']}", name=row["locality_name"], work_gpci=row["work_gpci"],
        pe_gpci=row["pe_gpci"], mp_gpci=row["mp_gpci"], mac=row["mac"], locality=row["locality"],
        state=row["state"], anesthesia_cf=row["anesthesia_cf"], gpci_release_id=gpci.release_id,
    )  # fmt: skip
    return geo, notes


def _by_locality(table: list[dict[str, Any]], value: str) -> list[dict[str, Any]]:
    parsed = _MAC_LOC.match(value)
    if parsed:
        mac, loc = parsed.group(1).zfill(5), parsed.group(2).zfill(2)
        match = [r for r in table if r["mac"] == mac and r["locality"] == loc]
        if not match:
            states = sorted({r["state"] for r in table if r["mac"] == mac})
            hint = (
                f"{mac} localities: "
                + ", ".join(f"{r['mac']}-{r['locality']}" for r in table if r["mac"] == mac)
                if states
                else "use MAC-LOC as in GPCIyyyy, e.g. 01112-05, or a state code like AL"
            )
            raise PricingError(f"no payment locality {mac}-{loc}", hint, not_found=True)
        return match
    if re.fullmatch(r"[A-Z]{2}", value):
        match = [r for r in table if r["state"] == value]
        if not match:
            raise PricingError(
                f"no payment locality in state {value}", "use a 2-letter state code or MAC-LOC"
            )
        if len(match) > 1:
            choices = "; ".join(f"{r['mac']}-{r['locality']} {r['locality_name']}" for r in match)
            raise PricingError(
                f"{value} has {len(match)} payment localities; say which", f"choose one: {choices}"
            )
        return match
    raise PricingError(
        f"cannot read locality {value!r}", "use MAC-LOC (e.g. 01112-05) or a state code (e.g. AL)"
    )


def _zip(conn: duckdb.DuckDBPyConnection, zip_code: str) -> tuple[str, str, list[str]]:
    zip5 = zip_code.strip()[:5]
    if not re.fullmatch(r"\d{5}", zip5):
        raise PricingError(f"{zip_code!r} is not a ZIP code", "give 5 digits, e.g. 35203")
    try:
        rows = _records(conn, "lookup_zip", {"zip5": zip5})
    except duckdb.CatalogException as missing:
        raise PricingError(
            "the ZIP-to-locality table is not loaded", "run `medpay run`, or use --locality"
        ) from missing
    if not rows:
        raise PricingError(
            f"ZIP {zip5} maps to no Medicare payment locality",
            "use --locality MAC-LOC or --national",
            not_found=True,
        )
    row = rows[0]
    notes = [f"ZIP {zip5} -> {row['mac']}-{row['locality']} (CMS ZIP file {row['year_quarter']})"]
    if row["plus_four_flag"] == "1":
        notes.append(
            f"ZIP {zip5} is split by ZIP+4 across localities; the ZIP5 default locality is used, "
            "pass --locality for an exact answer"
        )
    return row["mac"], row["locality"], notes
