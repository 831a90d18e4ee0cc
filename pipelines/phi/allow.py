"""Look-alikes that are NOT PHI: spans claimed first so no recognizer reports them (payers, NPI, TIN, NDC, manuals)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipelines.phi.findings import ALLOW, Candidate
from pipelines.phi.vocab import PAYERS

PRIORITY = 100
_I = re.IGNORECASE  # only on the few texts that have candidates: allow-listing runs after the recognizers

ALLOW_PATTERNS: tuple[tuple[str, re.Pattern[str], int], ...] = (
    # payers, MACs, state programmes ("Texas Medicaid" keeps "Texas": state names are allowed anyway)
    ("payer", re.compile(rf"\b(?:{PAYERS})\b", _I), 0),
    # the practice's identifiers: NPI, tax id, PTAN, payer id, CLIA, taxonomy
    (
        "npi",
        re.compile(
            r"\b(?:group\s+|billing\s+|rendering\s+|referring\s+)?npi\b[\s#:.-]*(?:(?:is|of|no\.?|number)\s*)?(\d{10})\b",
            _I,
        ),
        1,
    ),
    (
        "tax_id",
        re.compile(
            r"\b(?:tin|ein|fein|tax\s*id(?:entification)?(?:\s+(?:number|no\.?|#))?)\b[\s#:.-]*(\d{2}-?\d{7})(?![\d-])",
            _I,
        ),
        1,
    ),
    (
        "provider_id",
        re.compile(
            r"\b(?:payer\s*id|ptan|provider\s*(?:#|no\.?|number|id)|clia(?:\s*#)?|taxonomy(?:\s*code)?"
            r"|medicaid\s+provider\s+(?:id|#|number))\b[\s#:.-]*([A-Z0-9][A-Z0-9-]{2,14})",
            _I,
        ),
        1,
    ),
    # drug codes: NDC 5-4-2, 4-4-2, 5-3-2, or 11 digits after "NDC"
    ("ndc", re.compile(r"(?<![\w-])\d{4,5}-\d{3,4}-\d{1,2}(?![\w-])"), 0),
    ("ndc", re.compile(r"\bNDC\b[\s#:]*(\d{11})\b", _I), 1),
    # payers' manuals and policies: LCD L33631, NCD 20.4, Pub 100-04 ch.12 §20.4.3, CR 13456, MM12345
    (
        "manual_ref",
        re.compile(
            r"(?:\b(?:lcds?|ncds?|lca|articles?|pub(?:lication)?|chapters?|ch|sections?|sec|transmittal|cr|mm|se"
            r"|iom|mln)\b\.?|§+)\s*\d[\w.§-]*",
            _I,
        ),
        0,
    ),
    # fee-schedule localities: "Rest of California locality", "Manhattan locality", "Houston MSA"
    (
        "locality",
        re.compile(
            r"\b(?:rest\s+of\s+[A-Za-z]+(?:\s+[A-Z][a-z]+)?|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})\s+(?:locality|msa|cbsa)\b"
        ),
        0,
    ),
    ("locality", re.compile(r"\blocality\s+\d{1,2}\s*\(([^()]{2,60})\)", _I), 1),
    # money: "$1,234.56", "$150"
    ("amount", re.compile(r"\$\s?\d[\d,]*(?:\.\d{1,2})?"), 0),
)


def allowed(text: str) -> Iterator[Candidate]:
    for rule, pattern, group in ALLOW_PATTERNS:
        for m in pattern.finditer(text):
            yield Candidate(ALLOW, m.start(group), m.end(group), rule, PRIORITY)
