"""Outcome of each input row: quarantined (PHI), rejected (contract or reference), or a candidate.

Order: the PHI gate first (a report with a finding is quarantined whole, whatever else is wrong with
it, and nothing of it reaches a message), then the contract, then the reference checks. Candidates
become accepted or duplicate in SQL (sql/reports/), set-based over the whole file.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pyarrow as pa

from pipelines.intake import screening
from pipelines.intake.contract import contract_problems
from pipelines.intake.problems import Problem
from pipelines.intake.reference import ReferenceData, parse_timestamp, reference_problems
from pipelines.intake.themes import themes
from pipelines.parsing.reports import RawRow
from pipelines.phi.redact import redact

CANDIDATE_SCHEMA = pa.schema(
    [
        ("report_id", pa.string()),
        ("contributor_id", pa.string()),
        ("submitted_at", pa.timestamp("us")),
        ("hcpcs", pa.string()),
        ("modifiers", pa.list_(pa.string())),
        ("units", pa.int32()),
        ("place_of_service", pa.string()),
        ("payer_type", pa.string()),
        ("state", pa.string()),
        ("denial_month", pa.date32()),
        ("carc", pa.list_(pa.string())),
        ("rarc", pa.list_(pa.string())),
        ("billed_amount", pa.float64()),
        ("paid_amount", pa.float64()),
        ("appeal_status", pa.string()),
        ("appeal_level", pa.string()),
        ("appeal_strategy", pa.string()),
        ("denial_reason_text", pa.string()),
        ("appeal_strategy_text", pa.string()),
        ("reason_themes", pa.list_(pa.string())),
        ("appeal_themes", pa.list_(pa.string())),
        ("source_line", pa.int32()),
    ]
)
OUTCOME_SCHEMA = pa.schema(
    [
        ("source_line", pa.int32()),
        ("report_id", pa.string()),
        ("outcome", pa.string()),
        ("reason_code", pa.string()),
        ("field", pa.string()),
        ("message", pa.string()),
        ("fix", pa.string()),
        ("details", pa.string()),
    ]
)
QUARANTINE_SCHEMA = pa.schema(
    [
        ("source_line", pa.int32()),
        ("report_id", pa.string()),
        ("finding_kinds", pa.list_(pa.string())),
        ("findings", pa.string()),
        ("masked_record", pa.string()),
    ]
)
PHI_FIX = "remove the patient information (names, dates, numbers that identify a person) and submit again"


@dataclass(frozen=True)
class Context:
    ref: ReferenceData
    now: datetime  # naive UTC


def _columns() -> dict[str, list[Any]]:
    return {name: [] for name in CANDIDATE_SCHEMA.names}


@dataclass
class Batch:
    candidates: dict[str, list[Any]] = field(default_factory=_columns)  # column name -> values
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)
    non_utf8: int = 0

    def frozen(self) -> Classified:
        """Arrow tables of the batch: cheap to send between processes and to hand to DuckDB."""
        return Classified(
            pa.Table.from_pydict(self.candidates, schema=CANDIDATE_SCHEMA),
            pa.Table.from_pylist(self.outcomes, schema=OUTCOME_SCHEMA),
            pa.Table.from_pylist(self.quarantine, schema=QUARANTINE_SCHEMA),
            dict(self.reasons),
            self.non_utf8,
        )


@dataclass(frozen=True)
class Classified:
    candidates: pa.Table
    outcomes: pa.Table
    quarantine: pa.Table
    reasons: dict[str, int]
    non_utf8: int


def _report_id(record: dict[str, Any] | None) -> str | None:
    value = (record or {}).get("report_id")
    return value if isinstance(value, str) and screening.CLOSED["report_id"].fullmatch(value) else None


def _quarantine(
    batch: Batch, line: int, report_id: str | None, masked: Any, result: screening.Screened
) -> None:
    kinds = result.kinds
    batch.quarantine.append(
        {
            "source_line": line,
            "report_id": report_id,
            "finding_kinds": kinds,
            "findings": json.dumps(screening.findings_json(result)),
            "masked_record": json.dumps(masked, ensure_ascii=False),
        }
    )
    fields = sorted({screening.shown_path(path) for path, found in result.findings.items() if found})
    batch.outcomes.append(
        {
            "source_line": line,
            "report_id": report_id,
            "outcome": "quarantined_phi",
            "reason_code": "phi_detected",
            "field": screening.shown_path(result.first_field()),
            "message": f"possible patient information ({', '.join(kinds)}) in {', '.join(fields)}: "
            "the report was quarantined and not counted",
            "fix": PHI_FIX,
            "details": json.dumps([{"field": f, "kinds": kinds} for f in fields]),
        }
    )
    batch.reasons["phi_detected"] += 1


def _reject(batch: Batch, line: int, report_id: str | None, problems: list[Problem]) -> None:
    first = problems[0]
    batch.outcomes.append(
        {
            "source_line": line,
            "report_id": report_id,
            "outcome": "rejected",
            "reason_code": first.reason_code,
            "field": first.field,
            "message": "; ".join(p.message for p in problems),
            "fix": first.fix,
            "details": json.dumps([_problem_dict(p) for p in problems]),
        }
    )
    batch.reasons[first.reason_code] += 1


def _problem_dict(p: Problem) -> dict[str, str]:
    return {"field": p.field, "reason_code": p.reason_code, "message": p.message, "fix": p.fix}


def candidate(record: dict[str, Any], line: int, codes: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The warehouse row of a valid report (timestamps in UTC, the month as its first day).

    Free text is never kept as typed: only its redacted rendering (``pipelines.phi.redact``, ``codes`` are
    the CPT codes that may stay verbatim) and the themes derived from it here.
    """
    year, month = record["denial_month"].split("-")
    appeal = record.get("appeal") or {}
    reason, strategy = record.get("denial_reason_text"), record.get("appeal_strategy_text")
    return {
        "report_id": record["report_id"],
        "contributor_id": record["contributor_id"],
        "submitted_at": parse_timestamp(record["submitted_at"]),
        "hcpcs": record["hcpcs"],
        "modifiers": record.get("modifiers", []),
        "units": record.get("units"),
        "place_of_service": record.get("place_of_service"),
        "payer_type": record["payer_type"],
        "state": record["state"],
        "denial_month": date(int(year), int(month), 1),
        "carc": record["carc"],
        "rarc": record.get("rarc", []),
        "billed_amount": record.get("billed_amount"),
        "paid_amount": record.get("paid_amount"),
        "appeal_status": appeal.get("status"),
        "appeal_level": appeal.get("level"),
        "appeal_strategy": appeal.get("strategy"),
        "denial_reason_text": redact(reason, codes=codes) if reason else reason,
        "appeal_strategy_text": redact(strategy, codes=codes) if strategy else strategy,
        "reason_themes": themes(reason),
        "appeal_themes": themes(strategy),
        "source_line": line,
    }


def classify_row(row: RawRow, ctx: Context, batch: Batch) -> None:
    """Add ``row``'s outcome (or its candidate row) to ``batch``."""
    if row.encoding != "utf-8":
        batch.non_utf8 += 1
    if row.record is None:
        if row.partial is not None:
            result = screening.screen_record(row.partial)
            if result.has_phi:
                masked = screening.masked_record(row.partial, result, ctx.ref.hcpcs)
                _quarantine(batch, row.line, _report_id(row.partial), masked, result)
                return
        elif row.text is not None:
            result = screening.screen_line(row.text)
            if result.has_phi:
                masked = {"line": redact(row.text, result.findings["line"], ctx.ref.hcpcs)}
                _quarantine(batch, row.line, None, masked, result)
                return
        field_name = "(line)"
        problem = Problem(
            field_name, row.error or "malformed", row.detail or "unreadable line", _line_fix(row.error)
        )
        _reject(batch, row.line, None, [problem])
        return
    record = row.record
    report_id = _report_id(record)
    result = screening.screen_record(record)
    if result.has_phi:
        _quarantine(
            batch, row.line, report_id, screening.masked_record(record, result, ctx.ref.hcpcs), result
        )
        return
    if row.encoding != "utf-8":  # screened above like any record; never guessed into a stored text
        detail = f"the record is not valid UTF-8 (it reads as {row.encoding})"
        _reject(batch, row.line, report_id, [Problem("(line)", "invalid_utf8", detail, _line_fix("invalid_utf8"))])
        return
    problems = contract_problems(record)
    if not problems:
        problems = reference_problems(record, ctx.ref, ctx.now)
    if problems:
        _reject(batch, row.line, report_id, problems)
        return
    for name, value in candidate(record, row.line, ctx.ref.hcpcs).items():
        batch.candidates[name].append(value)


def _line_fix(error: str | None) -> str:
    if error == "line_too_long":
        return "send one report per line; a report is a few kilobytes at most"
    if error == "nul_byte":
        return "send UTF-8 text: a NUL byte means the line (or the file) is binary or UTF-16"
    if error == "invalid_utf8":
        return "save the file as UTF-8 (in Excel: CSV UTF-8); the record was not read"
    if error == "json_too_deep":
        return "send the flat report object the contract describes (only 'appeal' and the code lists nest)"
    if error and error.startswith("csv"):
        return "give every CSV record exactly one cell per header column (quote cells that contain commas)"
    return (
        "send one complete JSON object per line (UTF-8), as contracts/denial_report.v1.schema.json describes"
    )


def classify_batch(rows: list[RawRow], ctx: Context) -> Classified:
    batch = Batch()
    for row in rows:
        classify_row(row, ctx, batch)
    return batch.frozen()
