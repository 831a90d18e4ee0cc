"""How much a reader can rely on a code page's payment figures: high / medium / low, with the reason.

Two steps (docs/confidence.md): the code's own level from its CMS status and what the release
prices for it, then one level down for each release-wide concern (a newer CMS release is due but
not loaded, the release shown is not in effect yet, the release was loaded from a repaired or
incomplete copy). Pure: no database, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

LEVELS = ("high", "medium", "low")
NOT_PAYABLE = frozenset("BEIMNPX")


@dataclass(frozen=True)
class ReleaseContext:
    """Release-wide facts the confidence rules lower every page for (each a reason, or None)."""

    release_id: str
    concerns: tuple[str, ...] = field(default_factory=tuple)


def release_concerns(
    release_id: str,
    in_effect: bool,
    on_date: date,
    effective_from: date,
    stale_message: str | None,
    rvu_rows_rejected: int,
    missing_tables: list[str] | tuple[str, ...],
) -> ReleaseContext:
    concerns = []
    if not in_effect and effective_from > on_date:
        concerns.append(f"{release_id} takes effect only on {effective_from}; no loaded release is in effect")
    elif not in_effect:
        concerns.append(
            f"{release_id} (CY{effective_from.year}) does not govern {on_date}; no loaded release does"
        )
    if stale_message:
        concerns.append(f"a newer CMS release is due: {stale_message}")
    if rvu_rows_rejected or missing_tables:
        parts = []
        if rvu_rows_rejected:
            parts.append(f"{rvu_rows_rejected} PPRRVU row(s) rejected")
        if missing_tables:
            parts.append(f"no {', '.join(missing_tables)} in the release")
        concerns.append(f"{release_id} was loaded from a repaired or incomplete copy ({'; '.join(parts)})")
    return ReleaseContext(release_id, tuple(concerns))


def code_level(
    status_code: str,
    payable: bool,
    nonfacility: float | None,
    facility: float | None,
    page_modifier: str,
    release_id: str,
) -> tuple[str, str]:
    """The code's own level and reason, before release-wide concerns."""
    priced = nonfacility is not None or facility is not None
    if page_modifier:
        return (
            "medium",
            f"CMS lists {release_id} rows for this code only with modifier {page_modifier}; "
            f"the page shows that component",
        )
    if status_code in NOT_PAYABLE:
        return "high", f"status {status_code} in {release_id}: Medicare does not pay it on the fee schedule"
    if status_code == "C":
        return "low", "contractor priced: each MAC sets the amount; no national amount exists"
    if status_code == "J":
        return "medium", "anesthesia: paid from base and time units x the anesthesia CF, not from RVUs"
    if status_code == "R":
        if priced:
            return "medium", "restricted coverage: priced from RVUs, paid only where coverage rules are met"
        return "low", "restricted coverage without RVUs: contractor priced if covered"
    if status_code == "T":
        return "medium", "status T: paid only when no other fee schedule service is billed that day"
    if status_code == "A" and payable and priced:
        return "high", f"priced from {release_id} RVUs and conversion factor (national, no GPCI)"
    if status_code == "A":
        return "medium", f"active in {release_id} but without a national amount in either setting"
    return "low", f"status {status_code!r} is not one CMS documents for {release_id}"


def decide(
    status_code: str,
    payable: bool,
    nonfacility: float | None,
    facility: float | None,
    page_modifier: str,
    release: ReleaseContext,
) -> tuple[str, str]:
    """(level, reason) of one code page."""
    level, reason = code_level(status_code, payable, nonfacility, facility, page_modifier, release.release_id)
    index = min(LEVELS.index(level) + len(release.concerns), len(LEVELS) - 1)
    if release.concerns:
        reason = f"{reason}; lowered: {'; '.join(release.concerns)}"
    return LEVELS[index], reason
