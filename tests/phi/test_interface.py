"""The contract other teams rely on: Finding, screen, mask, screen_record, screen_many, a light import."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.phi import KINDS, SYSTEM_FIELDS, Finding, mask, screen, screen_many, screen_record

TEXT = "pt Ann Lee DOB 3/4/1941, SSN 123-45-6789, call 614-555-0182; 97110 denied CO-97"


def test_findings_sorted_non_overlapping_and_typed() -> None:
    found = screen(TEXT)
    assert [f.kind for f in found] == ["NAME", "DATE", "SSN", "PHONE"]
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    assert all(f.kind in KINDS and f.rule and f.rule not in TEXT for f in found)
    with pytest.raises(dataclasses.FrozenInstanceError):
        found[0].kind = "X"  # type: ignore[misc]


def test_mask_replaces_spans_with_kinds() -> None:
    assert mask(TEXT, screen(TEXT)) == "pt [NAME] DOB [DATE], SSN [SSN], call [PHONE]; 97110 denied CO-97"
    assert mask("clean 97110", []) == "clean 97110"
    with pytest.raises(ValueError):
        mask("abcdef", [Finding("NAME", 0, 4, "x"), Finding("NAME", 2, 5, "x")])


def test_screen_many_matches_screen() -> None:
    texts = [TEXT, "", "   ", "97110 CO-97", "Mrs. Okafor"]
    assert screen_many(texts) == [screen(t) for t in texts]
    assert screen_many([]) == []


def test_screen_record_fields_lists_and_nested() -> None:
    record = {
        "schema_version": 1,
        "report_id": "0b8f6c1e-2f0a-4c5d-9e3b-1a2b3c4d5e6f",
        "submitted_at": "2025-07-14T10:22:01Z",
        "contributor_id": "a" * 64,
        "hcpcs": "97110",
        "state": "OH",
        "denial_month": "2025-06",
        "carc": ["CO-97", "call 614-555-0182"],
        "appeal": {"status": "won", "strategy": "other"},
        "denial_reason_text": "pt Ann Lee called",
        "appeal_strategy_text": "corrected claim with 59, paid $120",
        "billed_amount": 150.0,
    }
    found = screen_record(record)
    assert set(found) == {"carc[1]", "denial_reason_text"}
    assert [f.kind for f in found["carc[1]"]] == ["PHONE"]
    assert SYSTEM_FIELDS == {"schema_version", "report_id", "submitted_at", "contributor_id"}
    assert set(screen_record(record, fields=["denial_reason_text"])) == {"denial_reason_text"}
    # asked for explicitly, a system field is screened too: the submission timestamp is an exact date
    assert [f.kind for f in screen_record(record, fields=["submitted_at"])["submitted_at"]] == ["DATE"]
    assert screen_record({"appeal": {"level": "Mrs. Okafor"}}) == {"appeal.level": screen("Mrs. Okafor")}


def test_short_strings_cached_results_are_fresh_lists() -> None:
    first = screen("SSN 123-45-6789")
    first.clear()
    assert screen("SSN 123-45-6789") != []


def test_import_is_light() -> None:
    code = (
        "import sys, pipelines.phi as p; p.screen('pt Ann Lee 3/4/1941');"
        "heavy = {'dagster', 'polars', 'duckdb', 'pandas', 'great_expectations', 'spacy', 'numpy'} & set(sys.modules);"
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


_ALPHABET = "aAbBjJsSmM0123456789 .,-/:@#()'\n\tÉé"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=120) | st.text(max_size=80))
def test_any_text_gives_well_formed_findings(text: str) -> None:
    found = screen(text)
    assert found == sorted(found, key=lambda f: f.start)
    assert all(0 <= f.start < f.end <= len(text) and f.kind in KINDS for f in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    masked = mask(text, found)
    assert masked.count("[") >= len(found)
