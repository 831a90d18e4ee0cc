"""Re-check billing tips and denial explanations as the website sees them (export gate, asset check).

- every number in a tip's title or text is held by its impact or evidence;
- crowd evidence only on a published page, and only citing a cell the page shows unsuppressed, with
  the same count and total; explanations only for reasons shown on a published page.
"""

from __future__ import annotations

import re
from typing import Any

from pipelines.guidance.render import describe, unbacked_numbers

CROWD_REF = re.compile(r"^denials\.(?P<breakdown>\w+) (?P<key>\S+) (?P<count>\d+) of (?P<total>\d+)$")


def _shown(denials: dict[str, Any], breakdown: str, key: str) -> tuple[int | None, int | None]:
    """(count, total) the page shows for a cell, (None, None) when it does not show it."""
    if breakdown == "appeals":
        appeals = denials.get("appeals") or {}
        return (appeals.get(key), appeals.get("decided")) if key == "won" else (None, None)
    for cell in denials.get(breakdown) or []:
        if isinstance(cell, dict) and cell.get("key") == key and not cell.get("suppressed"):
            return cell.get("count"), denials.get("report_count")
    return None, None


def crowd_problems(evidence: list[dict[str, Any]], denials: dict[str, Any], where: str) -> list[str]:
    problems = []
    for item in evidence:
        if item.get("source") != "crowd_denials":
            continue
        if not denials.get("published"):
            problems.append(f"{where}: crowd evidence on an unpublished page")
            continue
        match = CROWD_REF.match(item.get("ref", ""))
        if match is None:
            problems.append(f"{where}: crowd evidence {item.get('ref')!r} does not name a page cell")
            continue
        count, total = _shown(denials, match["breakdown"], match["key"])
        if count is None or (int(match["count"]), int(match["total"])) != (count, total):
            problems.append(f"{where}: crowd evidence {item['ref']!r} is not a cell shown on the page")
    return problems


def page_problems(doc: dict[str, Any]) -> list[str]:
    """Problems with the billing tips and denial explanations of one code page."""
    code = doc.get("hcpcs", "?")
    denials = doc.get("denials") or {}
    problems = []
    for i, tip in enumerate(doc.get("billing_tips") or []):
        where = f"{code}: billing_tips[{i}] {tip.get('id')}"
        loose = unbacked_numbers(tip)
        if loose:
            problems.append(f"{where}: number(s) {describe(loose)} in neither impact nor evidence")
        problems += crowd_problems(tip.get("evidence") or [], denials, where)
    explanations = denials.get("explanations") or []
    if explanations and not denials.get("published"):
        problems.append(f"{code}: denial explanations on an unpublished page")
    shown = {
        c.get("key")
        for name in ("top_reasons", "top_remarks")
        for c in denials.get(name) or []
        if isinstance(c, dict) and c.get("count") is not None
    }
    for i, entry in enumerate(explanations):
        where = f"{code}: denials.explanations[{i}] {entry.get('key')}"
        if entry.get("key") not in shown:
            problems.append(f"{where}: explains a reason the page does not show")
        problems += crowd_problems(entry.get("evidence") or [], denials, where)
    return problems
