"""JSON Schema validation compiled once (fastjsonschema) with jsonschema's answer and messages.

    problems = compiled_problems(schema)      # cached per schema text; problems(doc) -> list[str]

Our contracts declare Draft 2020-12 but use only keywords whose meaning is the same in draft 7
(``$defs`` is reached through ``$ref`` JSON pointers, which resolve the same in both). For such a
schema the draft-7 compilation accepts exactly what jsonschema's Draft202012Validator accepts; the
formats are checked by jsonschema's own FORMAT_CHECKER functions (not fastjsonschema's regexes). A
document the compiled code refuses is handed to jsonschema for every message. A schema using a
keyword of DRAFT_2020_ONLY (or an array ``items``) is validated by jsonschema alone.
tests/exports/test_compiled_validator.py compares the two on every sample page and broken ones.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import fastjsonschema
from fastjsonschema import JsonSchemaException
from jsonschema import Draft202012Validator

Problems = Callable[[Any], list[str]]

DRAFT_2020_ONLY = frozenset(
    {
        "prefixItems",
        "unevaluatedProperties",
        "unevaluatedItems",
        "dependentSchemas",
        "dependentRequired",
        "$dynamicRef",
        "$dynamicAnchor",
        "$recursiveRef",
        "$anchor",
        "minContains",
        "maxContains",
        "contentSchema",
    }
)


def _nodes(node: Any) -> Iterator[Any]:
    yield node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    for child in children:
        yield from _nodes(child)


def draft7_equivalent(schema: dict[str, Any]) -> bool:
    """No keyword whose meaning changed after draft 7 anywhere in ``schema``."""
    return not any(
        isinstance(n, dict) and (n.keys() & DRAFT_2020_ONLY or isinstance(n.get("items"), list))
        for n in _nodes(schema)
    )


@cache
def _compiled(schema_text: str, formats: bool) -> Problems:
    schema = json.loads(schema_text)
    checker = Draft202012Validator.FORMAT_CHECKER
    strict = Draft202012Validator(schema, format_checker=checker if formats else None)

    def every_problem(doc: Any) -> list[str]:
        return [e.message for e in strict.iter_errors(doc)]

    if not draft7_equivalent(schema):
        return every_problem
    used = {n["format"] for n in _nodes(schema) if isinstance(n, dict) and isinstance(n.get("format"), str)}
    fast = fastjsonschema.compile(
        {**schema, "$schema": "http://json-schema.org/draft-07/schema#"},
        formats={f: (lambda value, f=f: checker.conforms(value, f)) for f in used} if formats else {},
        use_formats=formats,
        use_default=False,
    )

    def problems(doc: Any) -> list[str]:
        try:
            fast(doc)
        except JsonSchemaException as error:
            return every_problem(doc) or [f"{error.message} (compiled validator)"]
        return []

    return problems


def compiled_problems(schema: dict[str, Any], formats: bool = True) -> Problems:
    """``problems(doc)``: jsonschema's messages for ``doc`` against ``schema`` (empty = valid)."""
    return _compiled(json.dumps(schema), formats)
