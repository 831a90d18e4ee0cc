"""Build the code_page.v2 ``denials`` object of one code from its unsuppressed cells (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from pipelines.marts.rules import SuppressionRules
from pipelines.marts.suppression import NO_EXTRA, Cell, breakdown

PAYER_LABELS = {
    "medicare": "Medicare",
    "medicare_advantage": "Medicare Advantage",
    "medicaid": "Medicaid",
    "medicaid_managed_care": "Medicaid managed care",
    "commercial": "Commercial",
    "workers_comp": "Workers' compensation",
    "auto": "Auto insurance",
    "tricare": "TRICARE",
    "va": "VA",
    "other": "Other",
}
STATUS_LABELS = {"appealed": "Appealed", "not_appealed": "Not appealed", "unknown": "Not stated"}
OUTCOME_LABELS = {"won": "Won", "partially_won": "Partially won", "lost": "Lost", "pending": "Pending"}
OTHER_LABELS = {
    "by_modifier": {"none": "No modifier"},
    "by_place_of_service": {"unknown": "Not stated"},
    "reason_combinations": {"other": "Other combinations"},
    "appeal_strategies": {"unspecified": "Not stated"},
}
LABELS = {
    "by_payer_type": PAYER_LABELS,
    "appeal_status": STATUS_LABELS,
    "appeal_outcomes": OUTCOME_LABELS,
    **OTHER_LABELS,
}
# Breakdowns where one report counts in several cells.
MULTI_VALUED = ("top_reasons", "top_remarks", "by_modifier")
# Breakdowns that split the code's reports exactly once each (their cells sum to report_count).
PARTITIONS = ("reason_combinations", "by_payer_type", "by_place_of_service", "by_state", "by_quarter")


def unpublished(threshold: int, reports_needed: int) -> dict[str, Any]:
    """All a page may say about a code that is not published: how many more reports it needs."""
    return {
        "published": False,
        "threshold": threshold,
        "reports_needed": max(1, reports_needed),
        "report_count": None,
    }


@cache
def _definition(label: str | None) -> str | None:
    # X12 descriptions carry long "Usage:" notes; the page shows the definition only
    return (label or "").split(" Usage:", 1)[0].strip() or None


def _cells(breakdown_name: str, rows: Sequence[tuple[str, int, str | None]]) -> list[Cell]:
    if breakdown_name == "top_reasons":
        return [
            Cell(k, n, _definition(label), {"group_code": k.split("-", 1)[0]} if "-" in k else NO_EXTRA)
            for k, n, label in rows
        ]
    if breakdown_name == "top_remarks":
        return [Cell(k, n, _definition(label)) for k, n, label in rows]
    labels = LABELS.get(breakdown_name, {})
    return [Cell(k, n, labels.get(k)) for k, n, _ in rows]


def _period(first: str | None, last: str | None) -> dict[str, str] | None:
    """The months of the min_cell-th earliest and latest report; withheld when they cross (with
    exactly min_cell reports they would be the true last and first months, swapped)."""
    if first is None or last is None or first > last:
        return None
    return {"from": first, "to": last}


def _value(cells: list[dict[str, Any]], key: str) -> int | None:
    for cell in cells:
        if cell["key"] == key:
            return cell["count"]
    return None


def appeals(
    status: Sequence[Cell], outcomes: Sequence[Cell], strategies: Sequence[Cell], total: int, min_cell: int
) -> dict[str, Any]:
    """Appeals as nested partitions: reports -> appealed -> outcome -> strategy of the successful ones.

    A level is shown only when its total is shown, and a rate only when every count it is computed
    from is shown, so no suppressed count can be recovered from a subtotal or a rate.
    """
    status_cells = breakdown(status, total, min_cell, fixed=tuple(STATUS_LABELS))
    appealed = _value(status_cells, "appealed") if status_cells else None
    outcome_cells = breakdown(outcomes, appealed, min_cell, fixed=tuple(OUTCOME_LABELS))
    won, partial, lost, pending = (
        _value(outcome_cells, k) if outcome_cells else None for k in OUTCOME_LABELS
    )
    decided = won + partial + lost if None not in (won, partial, lost) else None  # type: ignore[operator]
    successful = won + partial if None not in (won, partial) else None  # type: ignore[operator]
    return {
        "appealed": appealed,
        "share_appealed": round(appealed / total, 4) if appealed is not None and total else None,
        "status": status_cells,
        "outcomes": outcome_cells,
        "won": won,
        "partially_won": partial,
        "lost": lost,
        "pending": pending,
        "decided": decided,
        "success_rate": round(successful / decided, 4) if decided and successful is not None else None,
        "strategies": breakdown(strategies, successful or None, min_cell),
    }


def published_profile(
    stats: Mapping[str, Any],
    cells: Mapping[str, Sequence[tuple[str, int, str | None]]],
    rules: SuppressionRules,
) -> dict[str, Any]:
    """The suppressed profile of a published code. ``cells``: breakdown -> [(key, count, label)]."""
    total = int(stats["report_count"])
    typed = {name: _cells(name, rows) for name, rows in cells.items()}
    m = rules.min_cell
    profile: dict[str, Any] = {
        "published": True,
        "threshold": int(stats["threshold"]),
        "reports_needed": None,
        "report_count": total,
        "contributor_count": int(stats["contributor_count"]),
        "period": _period(stats["period_from"], stats["period_to"]),
        "suppression": {"min_cell": m, "rule": "primary_and_complementary"},
    }
    for name in ("top_reasons", "top_remarks", "reason_combinations", "by_payer_type", "by_modifier"):
        profile[name] = breakdown(typed.get(name, []), total, m, multi_valued=name in MULTI_VALUED)
    profile["by_place_of_service"] = breakdown(typed.get("by_place_of_service", []), total, m)
    profile["by_state"] = breakdown(typed.get("by_state", []), total, m)
    profile["by_quarter"] = breakdown(typed.get("by_quarter", []), total, m, order="key")
    profile["appeals"] = appeals(
        typed.get("appeal_status", []),
        typed.get("appeal_outcomes", []),
        typed.get("appeal_strategies", []),
        total,
        m,
    )
    return profile
