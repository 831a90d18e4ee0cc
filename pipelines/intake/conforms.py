"""A quick yes to "does this report conform?": the contract compiled into plain Python checks.

Sound, not complete: ``True`` only when jsonschema would find no error; anything unusual (a bool
where a number goes, 1.0 for an integer, an unknown keyword in the contract) answers ``False`` and
the caller asks jsonschema, which also writes the messages. Most reports are valid, so most never
reach jsonschema (tests/reports/test_contract.py compares the two on thousands of records).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from jsonschema import FormatChecker

Check = Callable[[Any], bool]
# keywords that never make an instance invalid
ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "examples", "default"})
# exactly these Python types, no subclasses (bool is an int; jsonschema keeps them apart)
TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
    "boolean": (bool,),
}


class Unsupported(ValueError):
    """The schema uses something this compiler does not check: use jsonschema for everything."""


def compile_schema(spec: dict[str, Any], formats: FormatChecker) -> Check:
    """A function that answers True only for instances ``spec`` accepts (with ``formats`` asserted)."""
    if not isinstance(spec, dict):
        raise Unsupported("boolean subschema")
    unknown = set(spec) - ANNOTATIONS - set(_KEYWORDS)
    if unknown:
        raise Unsupported(f"keywords {sorted(unknown)}")
    checks = [_KEYWORDS[key](spec[key], spec, formats) for key in spec if key in _KEYWORDS]
    checks = [c for c in checks if c is not None]
    if not checks:
        return lambda _value: True
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda value: first(value) and second(value)

    def every(value: Any) -> bool:
        for check in checks:
            if not check(value):
                return False
        return True

    return every


def _type(types: Any, _spec: dict, _formats: FormatChecker) -> Check:
    allowed = tuple(t for name in ([types] if isinstance(types, str) else types) for t in TYPES[name])
    return lambda value: type(value) in allowed


def _const(const: Any, _spec: dict, _formats: FormatChecker) -> Check:
    if type(const) not in (str, int):
        raise Unsupported("const of another type")
    return lambda value: type(value) is type(const) and value == const


def _enum(values: list[Any], _spec: dict, _formats: FormatChecker) -> Check:
    if not all(type(v) is str for v in values):
        raise Unsupported("enum of non-strings")
    allowed = frozenset(values)
    return lambda value: type(value) is str and value in allowed


def _pattern(pattern: str, _spec: dict, _formats: FormatChecker) -> Check:
    search = re.compile(pattern).search
    return lambda value: type(value) is not str or search(value) is not None


def _format(name: str, _spec: dict, formats: FormatChecker) -> Check:
    if name not in formats.checkers:
        raise Unsupported(f"format {name}")
    return lambda value: formats.conforms(value, name)


def _bound(key: str) -> Callable[[Any, dict, FormatChecker], Check]:
    def make(bound: Any, _spec: dict, _formats: FormatChecker) -> Check:
        number = (int, float)
        if key == "minimum":
            return lambda value: type(value) not in number or value >= bound
        if key == "maximum":
            return lambda value: type(value) not in number or value <= bound
        if key == "maxLength":
            return lambda value: type(value) is not str or len(value) <= bound
        if key == "minItems":
            return lambda value: type(value) is not list or len(value) >= bound
        return lambda value: type(value) is not list or len(value) <= bound  # maxItems

    return make


def _unique(flag: bool, _spec: dict, _formats: FormatChecker) -> Check | None:
    if not flag:
        return None
    # strings only: for other items equality has JSON Schema's own rules (1 == 1.0, True != 1)
    return lambda value: (
        type(value) is not list or (all(type(v) is str for v in value) and len(set(value)) == len(value))
    )


def _items(items: Any, _spec: dict, formats: FormatChecker) -> Check:
    check = compile_schema(items, formats)

    def each(value: Any) -> bool:
        if type(value) is list:
            for item in value:
                if not check(item):
                    return False
        return True

    return each


def _properties(properties: dict[str, Any], spec: dict, formats: FormatChecker) -> Check:
    checks = {name: compile_schema(sub, formats) for name, sub in properties.items()}
    closed = spec.get("additionalProperties", True)
    if closed not in (True, False):
        raise Unsupported("additionalProperties with a schema")
    required = frozenset(spec.get("required", ()))

    def check(value: Any) -> bool:
        if type(value) is not dict:
            return True  # properties and required only constrain objects
        if not required <= value.keys():
            return False
        for name, item in value.items():
            sub = checks.get(name)
            if sub is None:
                if not closed:
                    return False
            elif not sub(item):
                return False
        return True

    return check


def _requires_properties(key: str) -> Callable[[Any, dict, FormatChecker], None]:
    """additionalProperties and required are checked together with properties."""

    def make(_value: Any, spec: dict, _formats: FormatChecker) -> None:
        if "properties" not in spec:
            raise Unsupported(f"{key} without properties")

    return make


_KEYWORDS: dict[str, Callable[[Any, dict, FormatChecker], Check | None]] = {
    "type": _type,
    "const": _const,
    "enum": _enum,
    "pattern": _pattern,
    "format": _format,
    "minimum": _bound("minimum"),
    "maximum": _bound("maximum"),
    "maxLength": _bound("maxLength"),
    "minItems": _bound("minItems"),
    "maxItems": _bound("maxItems"),
    "uniqueItems": _unique,
    "items": _items,
    "properties": _properties,
    "additionalProperties": _requires_properties("additionalProperties"),
    "required": _requires_properties("required"),
}
