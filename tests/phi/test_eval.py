"""The PHI screen against the labelled evaluation set: issue 5's floors, per category, with the figures printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.phi import KINDS, screen_many
from pipelines.phi.evaluate import FLOORS, MAX_FALSE_POSITIVE_RATE, Score, load, parse_markup, score

from .build_eval_set import FIXTURES, build

MIN_PER_CATEGORY = 15


def _dev2() -> tuple[list[dict], list[dict]]:
    """Development batches 2 and 3 (issue 20's classes), written as markup: labelled rows like eval_*.jsonl."""
    phi, clean = [], []
    for folder in (FIXTURES / "dev2", FIXTURES / "dev3"):
        for name, rows in (("phi.txt", phi), ("clean.txt", clean)):
            path = folder / name
            if not path.exists():
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line or line[0] == "#":
                    continue
                if name == "phi.txt":
                    text, labels = parse_markup(line)
                    rows.append(
                        {"text": text, "labels": labels, "category": labels[0]["kind"], "source": "dev2"}
                    )
                else:
                    rows.append({"text": line, "category": "clean", "source": "dev2"})
    return phi, clean


@pytest.fixture(scope="module")
def phi_rows() -> list[dict]:
    return load(FIXTURES / "eval_phi.jsonl") + _dev2()[0]


@pytest.fixture(scope="module")
def clean_rows() -> list[dict]:
    return load(FIXTURES / "eval_clean.jsonl") + _dev2()[1]


@pytest.fixture(scope="module")
def result(phi_rows: list[dict], clean_rows: list[dict]) -> Score:
    outcome = score(phi_rows, clean_rows, screen_many)
    print("\n" + outcome.table())
    return outcome


def test_committed_set_is_what_the_builder_makes(phi_rows: list[dict], clean_rows: list[dict]) -> None:
    phi, clean = build()
    dev2_phi, dev2_clean = _dev2()
    assert phi + dev2_phi == phi_rows and clean + dev2_clean == clean_rows, (
        "rerun: python -m tests.phi.build_eval_set"
    )


def test_set_size_and_coverage(phi_rows: list[dict], clean_rows: list[dict], result: Score) -> None:
    assert len(phi_rows) >= 300 and len(clean_rows) >= 300
    thin = {kind: result.texts[kind] for kind in KINDS if result.texts[kind] < MIN_PER_CATEGORY}
    assert not thin, f"categories with fewer than {MIN_PER_CATEGORY} texts: {thin}"
    assert result.texts["NAME"] >= 3 * MIN_PER_CATEGORY and result.texts["ADDRESS"] >= 2 * MIN_PER_CATEGORY
    sources = {row["source"] for row in phi_rows} | {row["source"] for row in clean_rows}
    assert sources == {"template", "handwritten", "heldout", "heldout2", "dev2"}


def test_labels_point_at_text(phi_rows: list[dict]) -> None:
    for row in phi_rows:
        for label in row["labels"]:
            span = row["text"][label["start"] : label["end"]]
            assert label["kind"] in KINDS and span.strip() == span and span, (row["text"], label)


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_recall_floor(result: Score, kind: str) -> None:
    missed = [text for k, text in result.misses if k == kind]
    assert result.recall(kind) >= FLOORS[kind], f"{kind} recall {result.recall(kind):.1%}; missed: {missed}"


def test_every_category_mostly_with_the_right_kind(result: Score) -> None:
    low = {k: f"{result.kind_recall(k):.1%}" for k in KINDS if result.kind_recall(k) < 0.9}
    assert not low, f"categories detected under another kind too often: {low}"


def test_false_positive_rate(result: Score) -> None:
    flagged = [(text, [(f.kind, f.rule) for f in found]) for text, found in result.false_positives]
    assert result.false_positive_rate <= MAX_FALSE_POSITIVE_RATE, json.dumps(flagged, indent=1)


def test_every_text_with_an_identifier_is_quarantined(result: Score) -> None:
    assert result.quarantined == result.phi_texts


def test_x12_descriptions_flag_only_real_identifiers() -> None:
    """Independent clean-ish corpus: the official CARC/RARC texts. The few flagged carry real dates/addresses/phones."""
    import csv

    path = Path(__file__).resolve().parents[2] / "raw" / "reference" / "x12" / "carc-rarc.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        texts = [row["description"] for row in csv.DictReader(handle)]
    flagged = [(t, found) for t, found in zip(texts, screen_many(texts), strict=True) if found]
    assert len(flagged) / len(texts) < 0.01
    assert {f.kind for _, found in flagged for f in found} <= {"DATE", "ADDRESS", "PLACE", "ZIP", "PHONE"}
