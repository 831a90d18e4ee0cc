"""Independent re-check of published denial profiles: threshold, small cells, no arithmetic recovery.

Deliberately shares no code with the SQL or with suppression.py that built the profiles: it reads
the JSON as the website would and tries the attacks the rules are meant to stop (total minus the
other cells, a subtotal minus its parts, share x total, a rate x its base).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from pipelines.lib.paths import CODE_PAGE_SCHEMA
from pipelines.lib.schema import compiled_problems
from pipelines.marts.rules import SuppressionRules

UNPUBLISHED_KEYS = {"published", "threshold", "reports_needed", "report_count"}
# breakdowns whose cells split the reports of their base exactly once each
PARTITIONS = ("reason_combinations", "by_payer_type", "by_place_of_service", "by_state", "by_quarter")
MULTI_VALUED = ("top_reasons", "top_remarks", "by_modifier")


def _denials_fragment() -> dict[str, Any]:
    schema = json.loads(CODE_PAGE_SCHEMA.read_text(encoding="utf-8"))
    return {"$defs": schema["$defs"], **schema["properties"]["denials"]}


@cache
def denials_validator() -> Draft202012Validator:
    """Validator for the ``denials`` object of contracts/code_page.v2.schema.json."""
    return Draft202012Validator(_denials_fragment())


@cache
def _denials_problems():
    """The same check as ``denials_validator``, compiled once (pipelines/lib/schema.py)."""
    return compiled_problems(_denials_fragment(), formats=False)


def _cells_problems(name: str, cells: Any, base: int | None, min_cell: int, partition: bool) -> list[str]:
    if not isinstance(cells, list):
        return [f"{name}: not a list"]
    if base is None:
        return [f"{name}: shown although its base is suppressed"] if cells else []
    if not cells:  # withheld as a whole (e.g. five reports from five states): nothing to recover
        return []
    problems = []
    shown, hidden = [], 0
    for cell in cells:
        count, share = cell.get("count"), cell.get("share")
        if count is None:
            hidden += 1
            if share is not None or cell.get("suppressed") is not True:
                problems.append(f"{name}[{cell.get('key')}]: suppressed count but share/flag shown")
            continue
        shown.append(count)
        if 0 < count < min_cell:
            problems.append(f"{name}[{cell.get('key')}]: count {count} below min_cell {min_cell}")
        if share is not None and base and abs(share - count / base) > 5e-5:
            problems.append(f"{name}[{cell.get('key')}]: share {share} is not count/base")
        if not partition and 0 < base - count < min_cell:
            problems.append(
                f"{name}[{cell.get('key')}]: base minus this cell = {base - count} is a small cell"
            )
    if hidden == 1:
        problems.append(f"{name}: exactly one suppressed cell")
    if partition:
        residual = base - sum(shown)
        if hidden == 0 and residual != 0:
            problems.append(f"{name}: cells sum to {sum(shown)}, not to their base {base}")
        if hidden and (residual < min_cell or residual <= hidden):
            # each suppressed cell holds >= 1 report: residual == hidden pins every one of them to 1
            problems.append(f"{name}: {hidden} suppressed cells share a residual of {residual} (recoverable)")
    return problems


def check_profile(
    denials: Mapping[str, Any], rules: SuppressionRules, report_count: int | None = None
) -> list[str]:
    """Problems with one code's denials object (empty = passes). ``report_count``: the true count."""
    problems = [f"schema: {m}" for m in _denials_problems()(dict(denials))]
    if denials.get("threshold") != rules.min_reports:
        problems.append(f"threshold {denials.get('threshold')} != min_reports {rules.min_reports}")
    if not denials.get("published"):
        extra = sorted(k for k, v in denials.items() if k not in UNPUBLISHED_KEYS and v not in (None, [], {}))
        if extra:
            problems.append(f"unpublished code shows {extra}")
        if denials.get("report_count") is not None:
            problems.append("unpublished code shows its report_count")
        needed = denials.get("reports_needed")
        if not isinstance(needed, int) or needed < 1:
            problems.append(f"unpublished code needs {needed!r} more reports")
        if report_count is not None and needed is not None and report_count + needed < rules.min_reports:
            problems.append(f"reports_needed {needed} understates the threshold for {report_count} reports")
        return problems

    total = denials.get("report_count")
    if not isinstance(total, int) or total < rules.min_reports:
        return [*problems, f"published with report_count {total!r} < min_reports {rules.min_reports}"]
    if report_count is not None and total != report_count:
        problems.append(f"report_count {total} != {report_count} counted reports behind it")
    if (denials.get("contributor_count") or 0) < max(rules.min_contributors, 1):
        problems.append(f"contributor_count {denials.get('contributor_count')} below the minimum")
    period = denials.get("period")
    if period is not None and not (
        isinstance(period, dict)
        and isinstance(period.get("from"), str)
        and isinstance(period.get("to"), str)
        and period["from"] <= period["to"]
    ):
        problems.append(f"period {period} is not from <= to (crossed bounds are single reports' months)")
    m = rules.min_cell
    for name in PARTITIONS:
        problems += _cells_problems(name, denials.get(name, []), total, m, partition=True)
    for name in MULTI_VALUED:
        problems += _cells_problems(name, denials.get(name, []), total, m, partition=False)

    appeals = denials.get("appeals") or {}
    status = appeals.get("status", [])
    problems += _cells_problems("appeals.status", status, total, m, partition=True)
    appealed = next((c["count"] for c in status if c.get("key") == "appealed"), None)
    if appeals.get("appealed") != appealed:
        problems.append(f"appeals.appealed {appeals.get('appealed')} != its status cell {appealed}")
    outcomes = appeals.get("outcomes", [])
    problems += _cells_problems("appeals.outcomes", outcomes, appealed, m, partition=True)
    values = {c.get("key"): c.get("count") for c in outcomes}
    for key in ("won", "partially_won", "lost", "pending"):
        if appeals.get(key) != values.get(key):
            problems.append(f"appeals.{key} {appeals.get(key)} != its outcome cell {values.get(key)}")
    won, partial, lost = values.get("won"), values.get("partially_won"), values.get("lost")
    parts_shown = None not in (won, partial, lost)
    for key in ("decided", "success_rate"):
        if appeals.get(key) is not None and not parts_shown:
            problems.append(f"appeals.{key} shown while an outcome it derives from is suppressed")
    decided = appeals.get("decided")
    if decided is not None and parts_shown and decided != won + partial + lost:
        problems.append(f"appeals.decided {decided} != won + partially_won + lost")
    for key in ("decided", "appealed", "won", "partially_won", "lost", "pending"):
        value = appeals.get(key)
        if isinstance(value, int) and 0 < value < m:
            problems.append(f"appeals.{key} = {value} below min_cell {m}")
    successful = won + partial if None not in (won, partial) else None
    problems += _cells_problems(
        "appeals.strategies", appeals.get("strategies", []), successful or None, m, True
    )
    return problems


def check_profiles(
    rows: list[tuple[str, str | dict[str, Any]]], rules: SuppressionRules, counts: Mapping[str, int]
) -> dict[str, list[str]]:
    """{hcpcs: problems} over (hcpcs, profile) rows; ``counts``: counted reports per code."""
    failures = {}
    for hcpcs, profile in rows:
        denials = json.loads(profile) if isinstance(profile, str) else profile
        problems = check_profile(denials, rules, counts.get(hcpcs, 0))
        if problems:
            failures[hcpcs] = problems
    return failures
