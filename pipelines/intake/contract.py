"""JSON Schema validation of one report against contracts/denial_report.v1 (Draft 2020-12 + formats)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from pipelines.intake.conforms import Check, Unsupported, compile_schema
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


def _path(error: ValidationError, prefix: str = "") -> str:
    out = ""
    for part in [prefix, *error.absolute_path] if prefix else error.absolute_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _describe(error: ValidationError, prefix: str = "") -> list[Problem]:
    kind = error.validator
    reason = REASONS.get(str(kind), "invalid_value")
    field = _path(error, prefix)
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


def full_problems(record: dict[str, Any]) -> list[Problem]:
    """Contract violations from one jsonschema pass over the whole record (the reference behaviour)."""
    out = [p for error in validator().iter_errors(record) for p in _describe(error)]
    return sorted(out, key=lambda p: (p.field, p.reason_code))


class Decomposed:
    """The contract validated as its parts, each part a jsonschema validator, results memoised.

    The top level only uses type / required / additionalProperties / properties, and the property
    subschemas are independent, so the errors of the whole are the errors of the "shell" (which
    depend on the set of keys only) plus those of each property's subschema on its value. Both are
    memoised: codes, enums and states repeat across reports and are validated once per distinct
    value; unique values (report_id, free text) are validated each time. Same verdicts and messages
    as ``full_problems`` (tests/reports/test_contract.py checks it).
    """

    TOP_LEVEL = {
        "$schema",
        "$id",
        "title",
        "description",
        "type",
        "additionalProperties",
        "required",
        "properties",
    }
    MAX_CACHED = 200_000

    def __init__(self, spec: dict[str, Any]) -> None:
        if set(spec) - self.TOP_LEVEL or "$ref" in json.dumps(spec) or spec.get("type") != "object":
            raise ValueError("contract shape not decomposable")
        checker = validator().format_checker
        names = list(spec["properties"])
        shell = {k: v for k, v in spec.items() if k != "properties"} | {
            "properties": dict.fromkeys(names, {})
        }
        self.shell = Draft202012Validator(shell, format_checker=checker)
        self.properties = {
            name: Draft202012Validator(sub, format_checker=checker)
            for name, sub in spec["properties"].items()
        }
        self.shell_cache: dict[frozenset[str], list[Problem]] = {}
        self.value_cache: dict[tuple[str, Any], list[Problem]] = {}

    def problems(self, record: dict[str, Any]) -> list[Problem]:
        keys = frozenset(record)
        out = self.shell_cache.get(keys)
        if out is None:
            out = [p for error in self.shell.iter_errors(dict.fromkeys(record)) for p in _describe(error)]
            self._store(self.shell_cache, keys, out)
        out = list(out)
        for name, value in record.items():
            sub = self.properties.get(name)
            if sub is None:
                continue
            key = _freeze(value)
            found = self.value_cache.get((name, key)) if key is not None else None
            if found is None:
                found = [p for error in sub.iter_errors(value) for p in _describe(error, name)]
                if key is not None:
                    self._store(self.value_cache, (name, key), found)
            out.extend(found)
        return sorted(out, key=lambda p: (p.field, p.reason_code))

    def _store(self, cache: dict, key: Any, value: list[Problem]) -> None:
        if len(cache) >= self.MAX_CACHED:
            cache.clear()
        cache[key] = value


def _freeze(value: Any, depth: int = 0) -> Any:
    """A hashable key for a small value (type-tagged: 1, 1.0 and True differ), else None (not cached)."""
    if isinstance(value, str):
        return ("s", value) if len(value) <= 64 else None
    if isinstance(value, (bool, int, float)) or value is None:
        return (type(value).__name__, value)
    if depth == 0 and isinstance(value, list) and len(value) <= 8:
        items = tuple(_freeze(v, 1) for v in value)
        return ("l", items) if None not in items else None
    if depth == 0 and isinstance(value, dict) and len(value) <= 8:
        items = tuple((k, _freeze(v, 1)) for k, v in value.items())
        return ("d", items) if all(v is not None for _k, v in items) else None
    return None


@cache
def decomposed() -> Decomposed:
    return Decomposed(schema())


@cache
def quick_check() -> Check | None:
    """The contract as plain Python checks (pipelines/intake/conforms.py), None if it cannot be compiled."""
    try:
        return compile_schema(schema(), validator().format_checker)
    except Unsupported:
        return None


def contract_problems(record: dict[str, Any]) -> list[Problem]:
    """Every contract violation of ``record`` (empty when it conforms), in field order.

    A conforming report is recognised by the quick check; jsonschema only sees the others."""
    check = quick_check()
    if check is not None and check(record):
        return []
    return decomposed().problems(record)
