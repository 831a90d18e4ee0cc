"""Change report of an export (changes.json): what the website's editors should look at.

Compares the new export's Parquet rows with the live export's (its code_pages.parquet): codes
added or removed, and per code which of payment, status, edits (NCCI, ignoring the quarter label)
and denial profile changed, with the old and new headline values.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipelines.export.bulk import PARQUET, read_rows

PAYMENT = ("rvu_json", "national_payment_json", "components_json", "modifier_rules_json", "conversion_factor")
COLUMNS = ["hcpcs", "status_code", "national_nonfacility", "national_facility", "status_json", "ncci_json"]
COLUMNS += ["denials_json", "denials_published", "denials_report_count", *PAYMENT]


def _edits(ncci_json: str) -> set[tuple[str, str, str]]:
    ncci = json.loads(ncci_json)
    if not ncci:
        return set()
    pairs = {("column1", e["column2"], str(e["effective_date"])) for e in ncci["ptp_as_column1"]}
    pairs |= {("column2", e["column1"], str(e["effective_date"])) for e in ncci["ptp_as_column2"]}
    mue = ncci.get("mue") or {}
    if mue:
        pairs.add(("mue", str(mue.get("value")), str(mue.get("adjudication_indicator"))))
    return pairs


def _compare(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    changed: dict[str, Any] = {}
    if any(old[c] != new[c] for c in PAYMENT):
        changed["payment"] = {
            "nonfacility": [old["national_nonfacility"], new["national_nonfacility"]],
            "facility": [old["national_facility"], new["national_facility"]],
        }
    if old["status_json"] != new["status_json"]:
        changed["status"] = [old["status_code"], new["status_code"]]
    if old["ncci_json"] != new["ncci_json"]:
        before, after = _edits(old["ncci_json"]), _edits(new["ncci_json"])
        if before != after:
            changed["edits"] = {"added": len(after - before), "removed": len(before - after)}
    if old["denials_json"] != new["denials_json"]:
        changed["denials"] = {
            "published": [old["denials_published"], new["denials_published"]],
            "report_count": [old["denials_report_count"], new["denials_report_count"]],
        }
    return changed


def change_report(
    previous_build: Path | None, rows: list[dict[str, Any]], codes: list[str] | None = None
) -> dict[str, Any]:
    """The changes.json object: ``rows`` are the new export's Parquet rows; with ``codes`` (every code
    of the new export), only the rows of pages written afresh: the others are unchanged."""
    codes = codes if codes is not None else [r["hcpcs"] for r in rows]
    previous = previous_build / PARQUET if previous_build is not None else None
    if previous is None or not previous.is_file():
        return {"since_build": None, "first_export": True, "counts": {"codes": len(codes)}, "changes": []}
    old = {r["hcpcs"]: r for r in read_rows(previous, COLUMNS)}
    fresh = {r["hcpcs"]: r for r in rows}
    new = {code: fresh.get(code) or old[code] for code in codes}
    changes = []
    counts = {"added": 0, "removed": 0, "payment": 0, "status": 0, "edits": 0, "denials": 0}
    for code in sorted(new.keys() | old.keys()):
        if code not in old:
            entry: dict[str, Any] = {"hcpcs": code, "added": True}
            counts["added"] += 1
        elif code not in new:
            entry = {"hcpcs": code, "removed": True}
            counts["removed"] += 1
        else:
            what = _compare(old[code], new[code])
            if not what:
                continue
            entry = {"hcpcs": code, **what}
            for key in what:
                counts[key] += 1
        changes.append(entry)
    counts["codes_changed"] = len(changes)
    return {"since_build": previous_build.name, "first_export": False, "counts": counts, "changes": changes}
