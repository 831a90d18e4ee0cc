"""The quick contract check never says yes where jsonschema says no, and says yes to ordinary reports."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from pipelines.intake.conforms import Unsupported, compile_schema
from pipelines.intake.contract import full_problems, quick_check, schema
from pipelines.intake.synthetic import generate_lines

from .cases import CASES
from .test_contract import ODD_VALUES, mutants


def test_yes_only_where_jsonschema_finds_nothing() -> None:
    check = quick_check()
    assert check is not None
    records = [json.loads(text) for text, _o, _r in CASES if text.startswith("{") and text.endswith("}")]
    records += [
        json.loads(line) for line in generate_lines(300, seed=4, invalid_rate=0.3) if line.endswith("}")
    ]
    records += mutants(seed=13, count=2000)
    base = records[-1]
    records += [{**base, field: odd} for field in schema()["properties"] for odd in ODD_VALUES]
    said_yes = said_no_but_valid = 0
    for record in records:
        full = full_problems(record)
        if check(record):
            assert full == [], record
            said_yes += 1
        elif not full:
            said_no_but_valid += 1
    assert said_yes > 300 and said_no_but_valid < said_yes / 10, (said_yes, said_no_but_valid)


def test_every_ordinary_report_is_recognised() -> None:
    check = quick_check()
    lines = generate_lines(1000, seed=21, phi_rate=0, invalid_rate=0, duplicate_rate=0)
    assert all(check(json.loads(line)) for line in lines)


@pytest.mark.parametrize(
    ("spec", "value"),
    [
        ({"type": "integer"}, 1.0),  # jsonschema accepts it; the quick check leaves it to jsonschema
        ({"type": "number"}, True),
        ({"const": 1}, True),
        ({"type": "array", "uniqueItems": True}, [1, 1.0]),
        ({"minimum": 0}, float("nan")),
    ],
)
def test_doubtful_values_go_to_jsonschema(spec: dict, value: object) -> None:
    check = compile_schema(spec, Draft202012Validator.FORMAT_CHECKER)
    assert check(value) is False


def test_a_keyword_it_does_not_know_makes_it_step_aside() -> None:
    with pytest.raises(Unsupported):
        compile_schema({**schema(), "allOf": [{"required": ["hcpcs"]}]}, Draft202012Validator.FORMAT_CHECKER)
    with pytest.raises(Unsupported):
        compile_schema({"type": "object", "patternProperties": {}}, Draft202012Validator.FORMAT_CHECKER)
