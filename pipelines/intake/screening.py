"""The PHI gate of intake: which strings of a report are screened, and the masked copy kept of it.

Free text, unknown field names and their values, malformed lines, and any structured value that does
NOT match its closed contract format are screened with pipelines.phi. A structured value that does
match (a 5-character code, an enum, a UUID, an RFC 3339 submission time) cannot carry a free-form
identifier; screening it would flag codes as ZIP codes and the submission time as a date.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from pipelines.intake.problems import FREE_TEXT_FIELDS
from pipelines.phi import screen
from pipelines.phi.redact import redact

CLOSED = {
    "report_id": re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
    "submitted_at": re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})"),
    "contributor_id": re.compile(r"[0-9a-f]{64}"),
    "hcpcs": re.compile(r"[0-9A-Z]{5}"),
    "modifiers": re.compile(r"[0-9A-Z]{2}"),
    "place_of_service": re.compile(r"[0-9]{2}"),
    "payer_type": re.compile(r"[a-z_]{2,30}"),
    "state": re.compile(r"[A-Z]{2}"),
    "denial_month": re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])"),
    "carc": re.compile(r"(CO|PR|OA|PI|CR)-[0-9A-Z]{1,3}"),
    "rarc": re.compile(r"[A-Z]{1,2}[0-9]{1,3}"),
    "appeal": re.compile(r"[a-z_]{2,40}"),
}
APPEAL_KEYS = frozenset({"status", "level", "strategy"})
NUMERIC_RANGES = {
    "schema_version": (1, 1),
    "units": (1, 999),
    "billed_amount": (0, 1e6),
    "paid_amount": (0, 1e6),
}


@dataclass
class Screened:
    """Findings per field path (empty: clean) and what was screened."""

    findings: dict[str, list[Any]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    @property
    def has_phi(self) -> bool:
        return any(self.findings.values())

    @property
    def kinds(self) -> list[str]:
        return sorted({f.kind for found in self.findings.values() for f in found})

    def first_field(self) -> str:
        return next(path for path, found in self.findings.items() if found)


def _strings(path: str, value: Any, out: dict[str, str], pattern: re.Pattern[str] | None) -> None:
    if isinstance(value, str):
        if pattern is None or not pattern.fullmatch(value):
            out[path] = value
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, (int, float)):
        low, high = NUMERIC_RANGES.get(path, (None, None))
        if low is None or not (low <= value <= high):
            out[path] = repr(value)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _strings(f"{path}[{i}]", item, out, pattern)
    elif isinstance(value, dict):
        for key, item in value.items():
            if pattern is None or key not in APPEAL_KEYS:
                out[f"{path}.<key:{key}>"] = str(key)
            _strings(f"{path}.{key}", item, out, pattern)


def texts_to_screen(record: dict[str, Any]) -> dict[str, str]:
    """field path -> text of every string the gate must screen in ``record``."""
    out: dict[str, str] = {}
    for key, value in record.items():
        if key in FREE_TEXT_FIELDS:
            out[key] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        elif key in CLOSED or key in NUMERIC_RANGES:
            _strings(key, value, out, CLOSED.get(key))
        else:  # not a contract field: its name and everything in it
            out[f"<key:{key}>"] = str(key)
            _strings(f"<value:{key}>", value, out, None)
    return out


def screen_texts(texts: dict[str, str]) -> Screened:
    return Screened({path: screen(text) for path, text in texts.items()}, texts)


def screen_record(record: dict[str, Any]) -> Screened:
    return screen_texts(texts_to_screen(record))


def _masked_value(path: str, value: Any, result: Screened, codes: frozenset[str]) -> Any:
    if path in result.texts:  # screened: free text, or a value off its closed format
        return redact(result.texts[path], result.findings.get(path), codes)
    if isinstance(value, list):
        return [_masked_value(f"{path}[{i}]", item, result, codes) for i, item in enumerate(value)]
    if isinstance(value, dict):
        return {
            _masked_key(f"{path}.<key:{key}>", key, result, codes): _masked_value(
                f"{path}.{key}", item, result, codes
            )
            for key, item in value.items()
        }
    return value


def _masked_key(path: str, key: Any, result: Screened, codes: frozenset[str]) -> str:
    if path in result.texts:
        return redact(result.texts[path], result.findings.get(path), codes)
    return str(key)


def masked_record(
    record: dict[str, Any], result: Screened, codes: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """A copy of ``record`` fit to store: every screened string (free text, unknown keys and values, values
    off their closed format) in its redacted rendering (findings masked by kind, and every token that is
    not provably safe); values matching their closed contract format are kept."""
    return {
        _masked_key(f"<key:{k}>", k, result, codes): _masked_value(_value_path(k), v, result, codes)
        for k, v in record.items()
    }


def _value_path(key: Any) -> str:
    return key if key in FREE_TEXT_FIELDS or key in CLOSED or key in NUMERIC_RANGES else f"<value:{key}>"


def findings_json(result: Screened) -> list[dict[str, Any]]:
    """Finding kinds and positions per field: never the matched text."""
    return [
        {"field": path, "kind": f.kind, "start": f.start, "end": f.end, "rule": f.rule}
        for path, found in result.findings.items()
        for f in found
    ]


def shown_path(path: str) -> str:
    """A field path fit for a message: names and values of fields outside the contract are not repeated."""
    return "(a field not in the contract)" if "<" in path else path


# A closed-format member of a report inside a line that is not valid JSON ("submitted_at": "2025-...").
JSON_MEMBER = re.compile(
    r'"(report_id|submitted_at|contributor_id|hcpcs|state|denial_month|payer_type)"\s*:\s*"([^"\\]{0,80})"'
)


def screen_line(text: str) -> Screened:
    """Screen a malformed line: closed-format members that match their format are blanked first (same
    length, so positions hold), since a submission timestamp is not a patient date."""

    def blank(match: re.Match[str]) -> str:
        value = match.group(2)
        if not CLOSED[match.group(1)].fullmatch(value):
            return match.group(0)
        return match.group(0)[: match.start(2) - match.start(0)] + "x" * len(value) + '"'

    return Screened({"line": screen(JSON_MEMBER.sub(blank, text))}, {"line": text})
