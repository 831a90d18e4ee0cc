"""The end-to-end PHI evaluation (python -m pipelines.phi.evaluate): real intake, honest counting."""

from __future__ import annotations

import math
from pathlib import Path

from pipelines.phi.evaluate import evaluate_intake, load_identifier_set, main, wilson

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "phi"


def test_wilson_interval() -> None:
    low, high = wilson(81, 100)
    assert math.isclose(low, 0.7222, abs_tol=1e-3) and math.isclose(high, 0.8749, abs_tol=1e-3)
    assert wilson(0, 10)[0] == 0.0 and math.isclose(wilson(10, 10)[1], 1.0)
    assert all(math.isnan(x) for x in wilson(0, 0))


def test_counts_quarantine_and_stored_identifiers_through_intake(tmp_path: Path) -> None:
    notes = [
        {"id": "1", "kind": "SSN", "identifier": "123-45-6789", "text": "SSN 123-45-6789 on the claim"},
        # the screen misses this one: accepted, and redaction masks it (not stored as typed)
        {"id": "2", "kind": "NAME", "identifier": "zeldarine", "text": "goes by zeldarine, 97110 denied"},
        # missed AND made of safe tokens: accepted and stored as typed (what the measure is for)
        {"id": "3", "kind": "OTHER", "identifier": "denied", "text": "97110 denied CO-97"},
    ]
    clean = [
        {"id": "c1", "text": "97110 denied CO-97 N20, resubmitted with GP"},
        {"id": "c2", "text": "pt Ann Lee"},
    ]
    result = evaluate_intake(notes, clean, tmp_path)
    assert result.notes == 3 and result.notes_quarantined == 1
    assert result.quarantined == {"SSN": 1, "NAME": 0, "OTHER": 0}
    assert result.stored == {"OTHER": 1} and sum(result.planted.values()) == 3
    assert result.clean == 2 and result.clean_quarantined == 1  # "pt Ann Lee" is flagged: a false positive here


def test_dev_batch_loads_from_markup_and_cli_prints_only_aggregates(capsys) -> None:
    notes, clean = load_identifier_set(FIXTURES / "dev2")
    assert len({n["text"] for n in notes}) >= 130 and len(clean) >= 100
    assert all(n["identifier"] in n["text"] for n in notes)
    assert main(["--set", str(FIXTURES / "dev2")]) == 0
    out = capsys.readouterr().out
    assert "identifiers stored as typed" in out and "clean reports quarantined" in out
    assert not any(n["text"] in out for n in notes)  # never a note
