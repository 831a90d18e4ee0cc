"""Score the PHI screen on a labelled evaluation set (used by tests/phi and benchmarks/bench_phi.py).

Definitions, per identifier category K, over the texts carrying at least one K label:
- detected: every K span of the text is overlapped by some finding (any kind): it would be masked, and the
  text quarantined;
- right kind: every K span is overlapped by a finding of kind K.
On the clean set a text with ANY finding is a false positive.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.phi.findings import KINDS, Finding

# Floors from issue 5 (per-category "detected" recall, and the clean-set false-positive ceiling).
STRUCTURED_FLOOR_KINDS = ("SSN", "MBI", "PHONE", "FAX", "EMAIL", "DATE", "ZIP", "IP", "URL", "MRN", "MEMBER_ID", "ACCOUNT", "CLAIM_NUMBER")  # fmt: skip
FLOORS = {**dict.fromkeys(STRUCTURED_FLOOR_KINDS, 1.0), "NAME": 0.95, "ADDRESS": 0.95}
MAX_FALSE_POSITIVE_RATE = 0.03


@dataclass
class Score:
    texts: Counter = field(default_factory=Counter)
    detected: Counter = field(default_factory=Counter)
    right_kind: Counter = field(default_factory=Counter)
    misses: list[tuple[str, str]] = field(default_factory=list)  # (kind, text) not detected
    quarantined: int = 0
    phi_texts: int = 0
    clean_texts: int = 0
    false_positives: list[tuple[str, list[Finding]]] = field(default_factory=list)

    def recall(self, kind: str) -> float:
        return self.detected[kind] / self.texts[kind] if self.texts[kind] else float("nan")

    def kind_recall(self, kind: str) -> float:
        return self.right_kind[kind] / self.texts[kind] if self.texts[kind] else float("nan")

    @property
    def false_positive_rate(self) -> float:
        return len(self.false_positives) / self.clean_texts if self.clean_texts else float("nan")

    def table(self) -> str:
        lines = [f"{'category':<13}{'texts':>6}{'detected':>10}{'right kind':>12}{'floor':>7}"]
        for kind in KINDS:
            if self.texts[kind]:
                floor = f"{FLOORS[kind]:.0%}" if kind in FLOORS else "-"
                lines.append(
                    f"{kind:<13}{self.texts[kind]:>6}{self.recall(kind):>10.1%}{self.kind_recall(kind):>12.1%}{floor:>7}"
                )
        lines.append(f"texts with identifiers quarantined: {self.quarantined}/{self.phi_texts}")
        lines.append(
            f"clean texts flagged (false positives): {len(self.false_positives)}/{self.clean_texts}"
            f" = {self.false_positive_rate:.1%} (ceiling {MAX_FALSE_POSITIVE_RATE:.0%})"
        )
        return "\n".join(lines)


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _covered(span: dict, findings: list[Finding], kind: str | None) -> bool:
    return any(
        f.start < span["end"] and span["start"] < f.end and (kind is None or f.kind == kind) for f in findings
    )


def score(
    phi_rows: Iterable[dict],
    clean_rows: Iterable[dict],
    screen_many: Callable[[list[str]], list[list[Finding]]],
) -> Score:
    result = Score()
    phi_rows, clean_rows = list(phi_rows), list(clean_rows)
    for row, findings in zip(phi_rows, screen_many([r["text"] for r in phi_rows]), strict=True):
        result.phi_texts += 1
        result.quarantined += bool(findings)
        for kind in sorted({label["kind"] for label in row["labels"]}):
            spans = [label for label in row["labels"] if label["kind"] == kind]
            result.texts[kind] += 1
            if all(_covered(s, findings, None) for s in spans):
                result.detected[kind] += 1
            else:
                result.misses.append((kind, row["text"]))
            result.right_kind[kind] += all(_covered(s, findings, kind) for s in spans)
    for row, findings in zip(clean_rows, screen_many([r["text"] for r in clean_rows]), strict=True):
        result.clean_texts += 1
        if findings:
            result.false_positives.append((row["text"], findings))
    return result
