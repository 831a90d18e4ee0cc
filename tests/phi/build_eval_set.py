"""Build the PHI evaluation set: templated billers' notes (fixed seed) + the hand-written lines, as JSONL.

Run `.venv/bin/python -m tests.phi.build_eval_set` after editing a template or a hand-written file; the JSONL
outputs in tests/fixtures/phi/ are committed. Inline markup in hand-written lines: `{KIND:text}` marks a label.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from pipelines.phi.evaluate import parse_markup

from .eval_lexicon import CLEAN_TEMPLATES, PHI_TEMPLATES, make_values

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "phi"
SEED = 20251123


def _fill(template: str, rng: random.Random) -> str:
    """Replace {slot} placeholders with random billing/identifier values; identifiers keep their {KIND:...} markup."""
    values = make_values(rng)
    return re.sub(r"\{([a-z0-9_]+)\}", lambda m: values[m.group(1)](), template)


def _read_lines(name: str) -> list[str]:
    path = FIXTURES / name
    return [
        ln.rstrip("\n")
        for ln in path.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]


def build() -> tuple[list[dict], list[dict]]:
    rng = random.Random(SEED)
    phi: list[dict] = []
    for kind, templates in PHI_TEMPLATES.items():
        for i in range(24 if kind in ("NAME", "ADDRESS") else 16):
            text, labels = parse_markup(_fill(templates[i % len(templates)], rng))
            phi.append({"text": text, "labels": labels, "category": kind, "source": "template"})
    for source, name in (
        ("handwritten", "handwritten_phi.txt"),
        ("heldout", "heldout_phi.txt"),
        ("heldout2", "heldout2_phi.txt"),
    ):
        for line in _read_lines(name):
            text, labels = parse_markup(line)
            phi.append({"text": text, "labels": labels, "category": labels[0]["kind"], "source": source})
    clean = [
        {
            "text": _fill(CLEAN_TEMPLATES[i % len(CLEAN_TEMPLATES)], rng),
            "category": "clean",
            "source": "template",
        }
        for i in range(240)
    ]
    for source, name in (
        ("handwritten", "handwritten_clean.txt"),
        ("heldout", "heldout_clean.txt"),
        ("heldout2", "heldout2_clean.txt"),
    ):
        clean += [{"text": line, "category": "clean", "source": source} for line in _read_lines(name)]
    return phi, clean


def main() -> None:
    phi, clean = build()
    for name, rows in (("eval_phi.jsonl", phi), ("eval_clean.jsonl", clean)):
        with (FIXTURES / name).open("w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(phi)} texts with identifiers, {len(clean)} clean texts")


if __name__ == "__main__":
    main()
