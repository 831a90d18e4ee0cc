"""The memoised, decomposed contract validation gives exactly what one full jsonschema pass gives."""

from __future__ import annotations

import json
import random

import pytest

from pipelines.intake.contract import Decomposed, contract_problems, full_problems, schema
from pipelines.intake.synthetic import generate_lines

from .cases import CASES

ODD_VALUES = [None, True, False, 0, 1, 1.0, -3, 10**7, 2.5, "", "x" * 2001, "CO-97", "97110", "2025-13", [], ["GP", "GP"],
              ["a"] * 6, {}, {"status": "won", "extra": 1}, {"status": "maybe"}, "2025-08-14T10:22:00", "not-a-uuid"]  # fmt: skip


def mutants(seed: int, count: int) -> list[dict]:
    """Synthetic reports broken at random: fields dropped, retyped, added, or given odd values."""
    rng = random.Random(seed)
    base = [
        json.loads(line)
        for line in generate_lines(200, seed=seed, phi_rate=0, invalid_rate=0, duplicate_rate=0)
    ]
    fields = list(schema()["properties"])
    out = []
    for _ in range(count):
        record = dict(rng.choice(base))
        for _change in range(rng.randint(1, 3)):
            action = rng.randrange(4)
            if action == 0 and record:
                record.pop(rng.choice(list(record)))
            elif action == 1:
                record[rng.choice(fields)] = rng.choice(ODD_VALUES)
            elif action == 2:
                record[rng.choice(["note", "patient", "Appeal", "hcpcs_code"])] = rng.choice(ODD_VALUES)
            else:
                record["carc"] = rng.choice([["CO-97"] * 6, ["co-97"], ["XX-1"], "CO-97", [97]])
        out.append(record)
    return out


def as_tuples(problems) -> list[tuple[str, str, str]]:
    return [(p.field, p.reason_code, p.message) for p in problems]


def test_same_problems_as_one_full_pass() -> None:
    records = [json.loads(text) for text, _o, _r in CASES if text.startswith("{") and text.endswith("}")]
    records += [
        json.loads(line) for line in generate_lines(500, seed=5, invalid_rate=0.3) if line.endswith("}")
    ]
    records += mutants(seed=9, count=1500)
    invalid = 0
    for record in records:
        if not isinstance(record, dict):
            continue
        fast, full = contract_problems(record), full_problems(record)
        assert as_tuples(fast) == as_tuples(full), record
        invalid += bool(full)
    assert invalid > 1000  # the comparison covered many invalid records, not only valid ones


def test_memoised_values_keep_types_apart() -> None:
    good = json.loads(next(generate_lines(1, seed=1, phi_rate=0, invalid_rate=0, duplicate_rate=0)))
    assert contract_problems({**good, "units": 1}) == []
    assert [p.reason_code for p in contract_problems({**good, "units": True})] == ["wrong_type"]
    assert [p.reason_code for p in contract_problems({**good, "schema_version": 1.5})] == [
        "not_allowed_value"
    ]
    assert contract_problems({**good, "schema_version": 1.0}) == full_problems(
        {**good, "schema_version": 1.0}
    )


def test_a_contract_it_cannot_decompose_is_refused() -> None:
    spec = {**schema(), "allOf": [{"required": ["hcpcs"]}]}
    with pytest.raises(ValueError, match="decomposable"):
        Decomposed(spec)
