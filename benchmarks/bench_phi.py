"""PHI screen benchmark: accuracy per category on the labelled set, and throughput on intake-like free text.

Workload: `pipelines.phi.screen` over the free-text strings of 100,000 synthetic reports (the intake
generator, 1 % with planted PHI) and over the evaluation set. Baseline, measured in the same run: one
compiled regex alternation of the obvious identifier shapes (SSN, phone, e-mail, numeric date, URL, IP),
one pass per text. Also: NAME recall without the Census lexicon (what the lexicon buys).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from benchmarks.measure import measure, ratio

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "phi"
REPORTS = 100_000
BASELINE = re.compile(
    r"\b\d{3}-\d{2}-\d{4}\b|\(?\b\d{3}\)?[-. ]\d{3}[-.]\d{4}\b|[\w.+-]+@[\w-]+\.[\w.]+|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
    r"|https?://\S+|www\.\S+|\b\d{1,3}(?:\.\d{1,3}){3}\b"
)


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines()]


def intake_texts(n: int = REPORTS) -> list[str]:
    """The strings intake screens for ``n`` synthetic reports (free text, and values off their closed format)."""
    from pipelines.intake.screening import texts_to_screen
    from pipelines.intake.synthetic import generate_lines

    texts: list[str] = []
    for line in generate_lines(n):
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            texts.append(line)
            continue
        if isinstance(record, dict):
            texts.extend(texts_to_screen(record).values())
    return texts


def run_screen(texts: list[str]) -> tuple[float, float, int]:
    """(wall s, CPU s, strings flagged); CPU time is the steadier figure on a shared machine."""
    from pipelines.phi import screen
    from pipelines.phi.lexicon import lexicon

    lexicon()  # loaded once per process, like intake does; not part of the per-text cost
    start, cpu = time.perf_counter(), time.process_time()
    flagged = sum(1 for text in texts if screen(text))
    return time.perf_counter() - start, time.process_time() - cpu, flagged


def run_baseline(texts: list[str]) -> tuple[float, float, int]:
    start, cpu = time.perf_counter(), time.process_time()
    flagged = sum(1 for text in texts if BASELINE.search(text))
    return time.perf_counter() - start, time.process_time() - cpu, flagged


def _name_recall_without_lexicon() -> float:
    from pipelines.phi import screen_many
    from pipelines.phi.evaluate import score
    from pipelines.phi.lexicon import Lexicon, lexicon

    full = lexicon()
    empty = Lexicon(first=frozenset(), last=frozenset(), places=full.places, stop=full.stop)
    import pipelines.phi.names as names

    original = names.lexicon
    names.lexicon = lambda: empty  # type: ignore[assignment]
    try:
        return score(_rows("eval_phi.jsonl"), [], screen_many).recall("NAME")
    finally:
        names.lexicon = original


def main() -> dict:
    from pipelines.phi import screen_many
    from pipelines.phi.evaluate import score

    phi, clean = _rows("eval_phi.jsonl"), _rows("eval_clean.jsonl")
    result = score(phi, clean, screen_many)
    print(f"evaluation set: {len(phi)} texts with identifiers, {len(clean)} clean billing texts")
    print(result.table())
    base_phi = sum(1 for r in phi if BASELINE.search(r["text"]))
    base_fp = sum(1 for r in clean if BASELINE.search(r["text"]))
    print(
        f"baseline regex on the same set: {base_phi}/{len(phi)} quarantined, {base_fp}/{len(clean)} false positives"
    )
    no_lex = _name_recall_without_lexicon()
    print(f"NAME recall without the Census name lexicon: {no_lex:.1%} (with it: {result.recall('NAME'):.1%})")

    texts = intake_texts()
    chars = sum(map(len, texts))
    print(
        f"\nthroughput: {len(texts):,} strings from {REPORTS:,} synthetic reports, {chars / len(texts):.0f} chars avg"
    )
    _, peak, (seconds, cpu, flagged) = measure(run_screen, texts)
    _, _, (b_seconds, b_cpu, b_flagged) = measure(run_baseline, texts)
    print(
        f"  PHI screen: {seconds:.2f} s wall, {cpu:.2f} s CPU; {len(texts) / cpu:,.0f} strings/s and "
        f"{REPORTS / cpu:,.0f} reports/s of CPU; {flagged:,} strings flagged; peak {peak:.0f} MiB"
    )
    print(
        f"  baseline  : {b_seconds:.2f} s wall, {b_cpu:.2f} s CPU; {len(texts) / b_cpu:,.0f} strings/s; {b_flagged:,} flagged"
    )
    print(f"  screen vs baseline (CPU): {ratio(cpu, b_cpu)}")
    eval_texts = [r["text"] for r in phi + clean] * 20
    _, _, (_, e_cpu, _) = measure(run_screen, eval_texts)
    _, _, (_, eb_cpu, _) = measure(run_baseline, eval_texts)
    print(
        f"  evaluation texts x20 ({len(eval_texts):,}, identifier-dense): {len(eval_texts) / e_cpu:,.0f} texts/s "
        f"vs baseline {len(eval_texts) / eb_cpu:,.0f} texts/s ({ratio(e_cpu, eb_cpu)})"
    )
    return {
        "reports_per_s": REPORTS / cpu,
        "strings_per_s": len(texts) / cpu,
        "baseline_ratio": cpu / b_cpu,
        "false_positive_rate": result.false_positive_rate,
        "name_recall": result.recall("NAME"),
        "name_recall_without_lexicon": no_lex,
    }


if __name__ == "__main__":
    main()
