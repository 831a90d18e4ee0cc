"""Score the PHI screen on a labelled evaluation set (used by tests/phi and benchmarks/bench_phi.py).

Definitions, per identifier category K, over the texts carrying at least one K label:
- detected: every K span of the text is overlapped by some finding (any kind): it would be masked, and the
  text quarantined;
- right kind: every K span is overlapped by a finding of kind K.
On the clean set a text with ANY finding is a false positive.
"""

from __future__ import annotations

import json
import re
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


# --- The end-to-end evaluation: notes sent through the real intake as ordinary denial reports -----------
# ``python -m pipelines.phi.evaluate --set DIR`` (DIR holds identifiers.jsonl: id, kind, identifier, text,
# where identifier is the exact planted substring; and clean.jsonl: id, text). Every note becomes the
# denial_reason_text of an otherwise valid report; the file goes through pipelines.intake.load.ingest_file
# (what the report_intake asset of `medpay run` calls) into a warehouse seeded with the real reference data.
# Measured: quarantine recall per kind (Wilson 95 % intervals), identifiers stored as typed (searched,
# case-sensitively and as a whole token (not "97" inside "97110"), in every stored column that can carry text of
# the note: reports, report_themes, quarantine, intake_outcomes; not in the report fields the evaluation itself
# made (codes, ids, amounts) nor in quarantine.findings (kinds, rule names and character positions), whose
# digits would match short identifiers like an age by chance), structured-format recall, clean reports
# quarantined. Only aggregates are printed.

Z95 = 1.959963984540054


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a binomial proportion (``(nan, nan)`` for n = 0)."""
    if n == 0:
        return float("nan"), float("nan")
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


MARKUP = re.compile(r"\{([A-Z_]+):([^{}]+)\}")


def parse_markup(line: str) -> tuple[str, list[dict]]:
    """'pt {NAME:Ann Lee} seen' -> ('pt Ann Lee seen', [{kind: NAME, start: 3, end: 10}])."""
    text, labels, pos = [], [], 0
    length = 0
    for m in MARKUP.finditer(line):
        chunk = line[pos : m.start()]
        text.append(chunk)
        length += len(chunk)
        labels.append({"kind": m.group(1), "start": length, "end": length + len(m.group(2))})
        text.append(m.group(2))
        length += len(m.group(2))
        pos = m.end()
    text.append(line[pos:])
    return "".join(text), labels


def _markup_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def load_identifier_set(folder: Path) -> tuple[list[dict], list[dict]]:
    """(identifier notes, clean notes) of a folder in the held-out format (identifiers.jsonl + clean.jsonl),
    or written as markup (phi.txt: one note a line, {KIND:text} labels; clean.txt)."""
    if not (folder / "identifiers.jsonl").exists() and (folder / "clean.txt").exists():
        phi_txt = folder / "phi.txt"
        labelled = [
            dict(zip(("text", "labels"), parse_markup(line), strict=True))
            for line in (_markup_lines(phi_txt) if phi_txt.exists() else [])
        ]
        clean = [
            {"id": f"clean-{i}", "text": line} for i, line in enumerate(_markup_lines(folder / "clean.txt"))
        ]
        return from_labelled(labelled), clean
    notes = load(folder / "identifiers.jsonl")
    clean = load(folder / "clean.jsonl")
    for row in notes:
        if row["identifier"] not in row["text"]:
            raise ValueError(
                f"{folder}/identifiers.jsonl id {row.get('id')}: identifier is not a substring of text"
            )
    return notes, clean


def from_labelled(rows: Iterable[dict]) -> list[dict]:
    """The labelled format of eval_phi.jsonl (spans) as identifier notes: one entry per label."""
    out = []
    for i, row in enumerate(rows):
        for label in row["labels"]:
            out.append(
                {
                    "id": f"dev-{i}",
                    "kind": label["kind"],
                    "identifier": row["text"][label["start"] : label["end"]],
                    "text": row["text"],
                }  # fmt: skip
            )
    return out


def _report(index: int, text: str) -> dict:
    import uuid

    return {
        "schema_version": 1,
        "report_id": str(uuid.UUID(int=index + 1, version=4)),
        "submitted_at": "2025-10-01T12:00:00Z",
        "contributor_id": f"{index % 50:064x}",
        "hcpcs": "97110",
        "modifiers": ["GP"],
        "units": 2,
        "place_of_service": "11",
        "payer_type": "medicare",
        "state": "OH",
        "denial_month": "2025-09",
        "carc": ["CO-97"],
        "rarc": ["N20"],
        "billed_amount": 120.0,
        "paid_amount": 0,
        "appeal": {"status": "pending", "level": "redetermination", "strategy": "other"},
        "denial_reason_text": text,
    }


@dataclass
class IntakeEvaluation:
    kinds: Counter = field(default_factory=Counter)  # identifier notes per kind (distinct notes)
    quarantined: Counter = field(default_factory=Counter)
    stored: Counter = field(default_factory=Counter)  # identifiers found verbatim in stored text
    planted: Counter = field(default_factory=Counter)  # identifiers planted per kind
    notes: int = 0
    notes_quarantined: int = 0
    structured_notes: int = 0
    structured_quarantined: int = 0
    clean: int = 0
    clean_quarantined: int = 0
    clean_rejected: int = 0
    identifier_rejected: int = 0
    structured_kinds: list[str] = field(default_factory=list)

    def table(self) -> str:
        def pct(k: int, n: int) -> str:
            low, high = wilson(k, n)
            return f"{k:>4}/{n:<4} {k / n:>6.1%}  [{low:6.1%}, {high:6.1%}]" if n else "-"

        lines = [f"{'kind':<16}{'quarantined (95 % CI)':<34}{'stored as typed':>16}"]
        for kind in sorted(self.kinds):
            n = self.kinds[kind]
            lines.append(
                f"{kind:<16}{pct(self.quarantined[kind], n):<34}{self.stored[kind]:>8}/{self.planted[kind]}"
            )
        planted, stored = sum(self.planted.values()), sum(self.stored.values())
        lines += [
            f"{'ALL':<16}{pct(self.notes_quarantined, self.notes):<34}{stored:>8}/{planted}",
            f"structured formats ({', '.join(self.structured_kinds) or 'none'}): "
            f"{pct(self.structured_quarantined, self.structured_notes)}",
            f"identifiers stored as typed: {pct(stored, planted)}   (target <= 1 %)",
            f"quarantine recall: {pct(self.notes_quarantined, self.notes)}   (target >= 95 %, structured >= 99 %)",
            f"clean reports quarantined: {pct(self.clean_quarantined, self.clean)}   (target <= 3 %)",
            f"rejected for other reasons: {self.identifier_rejected} identifier notes, {self.clean_rejected} clean notes",
        ]
        return "\n".join(lines)


def _structured(kind: str) -> bool:
    from pipelines.phi.findings import STRUCTURED_KINDS

    key = kind.upper().replace("-", "_").replace(" ", "_")
    return key in STRUCTURED_KINDS or any(part in key for part in ("SSN", "SOCIAL", "MBI", "PHONE", "TELEPHONE", "FAX", "EMAIL", "E_MAIL", "ZIP", "POSTAL", "URL", "MRN", "RECORD", "IP_", "MEMBER", "PLAN", "BENEFICIARY", "ACCOUNT", "CLAIM", "DATE"))  # fmt: skip


# the report fields the evaluation makes itself: not searched (see sql/phi/stored_note_text.sql)
EVALUATION_FIELDS = json.dumps(dict.fromkeys(
    ["schema_version", "report_id", "submitted_at", "contributor_id", "hcpcs", "modifiers", "units",
     "place_of_service", "payer_type", "state", "denial_month", "carc", "rarc", "billed_amount", "paid_amount",
     "appeal"]
))  # fmt: skip


def evaluate_intake(notes: list[dict], clean: list[dict], workdir: Path) -> IntakeEvaluation:
    """Send every note through the real intake (one report file) and measure what was quarantined / stored."""
    from datetime import datetime

    import duckdb

    from pipelines.intake.load import ingest_file
    from pipelines.intake.reference import seed_reference_tables
    from pipelines.lib.paths import REPO_ROOT
    from pipelines.lib.sql import run_sql

    texts: list[str] = []
    by_text: dict[str, int] = {}
    for row in [*notes, *clean]:
        if row["text"] not in by_text:
            by_text[row["text"]] = len(texts)
            texts.append(row["text"])
    path = workdir / "evaluation.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i, text in enumerate(texts):
            handle.write(json.dumps(_report(i, text), ensure_ascii=False) + "\n")
    warehouse = workdir / "evaluation.duckdb"
    with duckdb.connect(str(warehouse)) as conn:
        seed_reference_tables(conn, REPO_ROOT / "raw")
        ingest_file(conn, path, "evaluation.jsonl", now=datetime(2025, 10, 2), workers=1)
        outcome = dict(conn.execute("select source_line, outcome from intake_outcomes").fetchall())
        stored: dict[int, list[str]] = {}
        for line, text in run_sql(
            conn, "phi/stored_note_text", {"evaluation_fields": EVALUATION_FIELDS}
        ).fetchall():
            stored.setdefault(line, []).append(text or "")
    result = IntakeEvaluation()
    seen: set[tuple[int, str]] = set()
    for row in notes:
        line = by_text[row["text"]] + 1
        kind = row["kind"]
        result.planted[kind] += 1
        typed = re.compile(r"(?<![0-9A-Za-z])" + re.escape(row["identifier"]) + r"(?![0-9A-Za-z])")
        if any(typed.search(s) for s in stored.get(line, [])):
            result.stored[kind] += 1
        if (line, kind) in seen:
            continue
        seen.add((line, kind))
        result.kinds[kind] += 1
        quarantined = outcome.get(line) == "quarantined_phi"
        result.quarantined[kind] += quarantined
        if _structured(kind):
            result.structured_notes += 1
            result.structured_quarantined += quarantined
    lines = {by_text[row["text"]] + 1 for row in notes}
    result.notes = len(lines)
    result.notes_quarantined = sum(outcome.get(line) == "quarantined_phi" for line in lines)
    result.identifier_rejected = sum(outcome.get(line) == "rejected" for line in lines)
    clean_lines = {by_text[row["text"]] + 1 for row in clean} - lines
    result.clean = len(clean_lines)
    result.clean_quarantined = sum(outcome.get(line) == "quarantined_phi" for line in clean_lines)
    result.clean_rejected = sum(outcome.get(line) == "rejected" for line in clean_lines)
    result.structured_kinds = sorted({k for k in result.kinds if _structured(k)})
    return result


def main(argv: list[str] | None = None) -> int:
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(
        prog="python -m pipelines.phi.evaluate",
        description="Send labelled notes through the real intake and print quarantine recall per kind "
        "(Wilson 95 %% intervals), identifiers stored as typed and clean reports quarantined.",
    )
    parser.add_argument("--set", dest="sets", action="append", type=Path, default=[],
                        help="folder with identifiers.jsonl + clean.jsonl (repeatable)")  # fmt: skip
    parser.add_argument("--heldout", type=Path, help="the held-out folder: same format, measured once")
    parser.add_argument("--dev", action="store_true", help="the development set of tests/fixtures/phi/")
    args = parser.parse_args(argv)
    notes: list[dict] = []
    clean: list[dict] = []
    folders = [*args.sets, *([args.heldout] if args.heldout else [])]
    for folder in folders:
        more_notes, more_clean = load_identifier_set(folder)
        notes += more_notes
        clean += more_clean
    if args.dev:  # the development set: the labelled set and the issue-20 batches (tuning data, all of it)
        fixtures = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "phi"
        notes += from_labelled(load(fixtures / "eval_phi.jsonl"))
        clean += load(fixtures / "eval_clean.jsonl")
        for batch in ("dev2", "dev3"):
            more_notes, more_clean = load_identifier_set(fixtures / batch)
            notes += more_notes
            clean += more_clean
    if not notes and not clean:
        parser.error("give --set DIR, --heldout DIR or --dev")
    with tempfile.TemporaryDirectory() as tmp:
        result = evaluate_intake(notes, clean, Path(tmp))
    print(result.table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
