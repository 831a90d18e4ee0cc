"""JSON Schema validation of one report against contracts/denial_report.v1 (Draft 2020-12 + formats)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from pipelines.intake.problems import Problem, echo, problem, safe_field_name
from pipelines.lib.paths import CONTRACTS_DIR

SCHEMA_FILE = CONTRACTS_DIR / "denial_report.v1.schema.json"

REASONS = {
    "required": "missing_field",
    "additionalProperties": "unknown_field",
    "type": "wrong_type",
    "pattern": "bad_format",
    "format": "bad_format",
    "enum": "not_allowed_value",
    "const": "not_allowed_value",
    "minimum": "out_of_range",
    "maximum": "out_of_range",
    "maxLength": "too_long",
    "minItems": "bad_list",
    "maxItems": "bad_list",
    "uniqueItems": "bad_list",
}


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@cache
def validator() -> Draft202012Validator:
    """The contract validator with format checking on (uuid, date-time need rfc3339-validator)."""
    spec = schema()
    Draft202012Validator.check_schema(spec)
    checker = Draft202012Validator.FORMAT_CHECKER
    missing = {"uuid", "date-time"} - set(checker.checkers)
    if missing:
        raise RuntimeError(f"jsonschema cannot check formats {sorted(missing)}: install rfc3339-validator")
    return Draft202012Validator(spec, format_checker=checker)


def _path(error: ValidationError) -> str:
    out = ""
    for part in error.absolute_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _describe(error: ValidationError, record: dict[str, Any]) -> list[Problem]:
    kind = error.validator
    reason = REASONS.get(str(kind), "invalid_value")
    field = _path(error)
    if kind == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return [
            problem(f"{field}.{name}" if field else name, reason, f"{name} is required but missing")
            for name in missing
        ]
    if kind == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = [name for name in error.instance if name not in allowed]
        where = f" in {field}" if field else ""
        return [
            problem(
                safe_field_name(name),
                reason,
                f"{safe_field_name(name)}{where} is not a field of the contract (fields with other names are refused)",
            )
            for name in extra
        ]
    value = error.instance
    shown = echo(field, value)
    if kind == "type":
        message = f"{field}{shown} must be of type {error.validator_value}"
    elif kind == "pattern":
        message = f"{field}{shown} does not have the expected format"
    elif kind == "format":
        message = f"{field}{shown} is not a valid {error.validator_value}"
    elif kind in ("enum", "const"):
        allowed_values = error.validator_value if kind == "enum" else [error.validator_value]
        message = f"{field}{shown} is not one of {', '.join(map(str, allowed_values))}"
    elif kind in ("minimum", "maximum"):
        bound = "at least" if kind == "minimum" else "at most"
        message = f"{field}{shown} must be {bound} {error.validator_value:,}"
    elif kind == "maxLength":
        message = f"{field} is {len(value):,} characters long; at most {error.validator_value:,} are allowed"
    elif kind == "minItems":
        message = f"{field} needs at least {error.validator_value} item(s)"
    elif kind == "maxItems":
        message = f"{field} has {len(value)} items; at most {error.validator_value} are allowed"
    elif kind == "uniqueItems":
        message = f"{field} repeats an item"
    else:
        message = f"{field}{shown} is invalid ({kind})"
    return [problem(field, reason, message)]


def contract_problems(record: dict[str, Any]) -> list[Problem]:
    """Every contract violation of ``record`` (empty when it conforms), in field order."""
    out: list[Problem] = []
    for error in validator().iter_errors(record):
        out.extend(_describe(error, record))
    return sorted(out, key=lambda p: p.field)
