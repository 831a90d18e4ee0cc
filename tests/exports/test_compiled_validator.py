"""The compiled code_page.v2 validator (pipelines/lib/schema.py) gives jsonschema's answer."""

from __future__ import annotations

import copy
import json

import pytest

from pipelines.export.build import schema_problems, validator
from pipelines.export.publish import current_build
from pipelines.lib.schema import compiled_problems, draft7_equivalent

BREAKAGES = {
    "bad enum": lambda d: d.update(confidence="certain"),
    "bad date": lambda d: d["release"].update(effective_from="2025-02-30"),
    "bad date-time": lambda d: d.update(generated_at="2025-01-01 10:00"),
    "bool for a number": lambda d: d["rvu"].update(work=True),
    "extra property": lambda d: d.update(
        billing_tips=[{"kind": "x", "text": "x", "source": "x", "ref": "x", "impact": {"x": 1}}]
    ),
    "missing required": lambda d: d.pop("hcpcs"),
    "pattern": lambda d: d.update(hcpcs="9921"),
    "null where an object is required": lambda d: d.update(status=None),
    "schema version": lambda d: d.update(schema_version=1),
}


@pytest.fixture(scope="module")
def pages(sample_run):
    build = current_build(sample_run.paths.export_dir)
    return [json.loads(p.read_text()) for p in sorted((build / "codes").glob("*.json"))]


def test_every_sample_page_validates_both_ways(pages):
    strict = validator()
    assert pages
    for doc in pages:
        assert schema_problems(doc) == [e.message for e in strict.iter_errors(doc)] == []


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_a_broken_page_is_refused_with_jsonschemas_messages(pages, name):
    doc = copy.deepcopy(pages[0])
    BREAKAGES[name](doc)
    expected = [e.message for e in validator().iter_errors(doc)]
    assert expected, f"jsonschema accepts the {name} page: the breakage is not one"
    assert schema_problems(doc) == expected


def test_a_schema_with_a_2020_only_keyword_is_left_to_jsonschema():
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "array",
        "prefixItems": [{"type": "integer"}],
        "items": False,
    }
    assert not draft7_equivalent(schema)
    problems = compiled_problems(schema)
    assert problems([1]) == []
    assert problems([1, 2]) and problems(["a"])
