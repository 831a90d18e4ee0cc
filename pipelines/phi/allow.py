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
            r"(?:\b(?<!soc\s)(?<!social\s)(?:lcds?|ncds?|lca|articles?|pub(?:lication)?|chapters?|ch|sections?|sec|transmittal|cr|mm|se"
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


# Eponyms and organisations: title-case words right before a medical or organisation noun name a disease,
# test, technique or company, not a patient ("Tommy John surgery", "Glasgow coma scale", "Harvard Pilgrim
# Health Care"). An optional lower-case word may sit between ("Bell's palsy", "Glasgow coma scale").
_EPONYM_NOUN = (
    r"disease|syndrome|palsy|tests?|signs?|maneuver|manoeuvre|method|technique|approach|procedure|repair|fracture"
    r"|cyst|contracture|score|scale|criteria|classification|lymphoma|dementia|tenosynovitis|tendinitis|tendonitis"
    r"|thyroiditis|injury|exercises?|mobilization|surgery|reconstruction|operation|protocol|splint|brace|lesion"
    r"|deformity|phenomenon|reflex|release|osteotomy|neuroma|ulcer|sarcoma|anomaly|reaction|node|bursitis"
    r"|arthroplasty|block|incision|position|stage|graft|flap|shunt|neuralgia|disorder|anemia|tumou?r|hernia"
    r"|ligament|tendon|nerve|canal|angle|triad|index|questionnaire|assessment|traction|cast|view|views|criteria"
    r"|software|portal|inc|llc|corp"
)
_EPONYM = re.compile(
    r"\b((?:[A-Z][\w'’-]*(?:\s+|-)){0,2}[A-Z][\w'’-]*)(?:'s|’s)?\s+(?:[a-z]+\s+)?(?:" + _EPONYM_NOUN + r")\b"
)
# Dates of policies, LCD revisions, fee schedules and waivers: a date after a policy word in the same clause,
# with no word about the person between them.
_POLICY_DATE = re.compile(
    r"\b(?:effective|revised|revision|revisions|updated?|issued|published|released|ended|expired|extended"
    r"|implementation|implemented|final\s+rule|waiver|phe|lcds?|ncds?|transmittal|bulletin|fee\s+schedule|policy"
    r"|policies|threshold|guidelines?|flexibilit\w*|mpfs|opps|cr\s+\d{4,5}|mln|change\s+request|memo|rule)\b"
    r"(?=((?:(?!\b(?:pt|patient|dob|dos|seen|born|admit\w*|discharg\w*|member|his|her|visit|surgery|injury|service)\b)"
    r"[^.;\n]){0,60}))",
    re.IGNORECASE,
)
_DATE_IN = re.compile(
    r"\b(?:\d{1,2}[/-]\d{1,2}[/-](?:19|20)?\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+"
    r"\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
    r"\.?,?\s+(?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2})\b",
    re.IGNORECASE,
)
_POLICY_AFTER = re.compile(
    r",?\s+(?:the\s+|a\s+|this\s+|our\s+|its\s+)?(?:new\s+|updated\s+|revised\s+|current\s+|final\s+|proposed\s+)?"
    r"(?:[a-z]+\s+)?(?:lcds?|ncds?|policy|policies|fee\s+schedule|waivers?|phe|rule|transmittal|bulletin|threshold"
    r"|mpfs|opps|guidelines?|flexibilit\w*|cms)\b",
    re.IGNORECASE,
)
_RECENT_YEAR = re.compile(r"(?:20\d\d|\b\d\d)$")


# CARC/RARC standard wording: "CO-22 ... may be covered by another payer" ("22 may" is no date)
_CARC_WORDING = re.compile(r"\b(?:CO|PR|OA|PI|CR)-\d{1,3}(?=\s+(?:this\s+care\s+)?may\b)", re.IGNORECASE)


def allowed(text: str) -> Iterator[Candidate]:
    for rule, pattern, group in ALLOW_PATTERNS:
        for m in pattern.finditer(text):
            yield Candidate(ALLOW, m.start(group), m.end(group), rule, PRIORITY)
    for m in _EPONYM.finditer(text):
        yield Candidate(ALLOW, m.start(1), m.end(1), "eponym", PRIORITY)
    for m in _POLICY_DATE.finditer(text):
        for d in _DATE_IN.finditer(text, m.start(1), m.end(1)):
            if _RECENT_YEAR.search(d.group(0)):  # policies are this century's; a 1940 date is a birth date
                yield Candidate(ALLOW, d.start(), d.end(), "policy_date", PRIORITY)
    for d in _DATE_IN.finditer(
        text
    ):  # "Starting 10/1/2024 the LCD requires ...": the policy word after the date
        if _RECENT_YEAR.search(d.group(0)) and _POLICY_AFTER.match(text, d.end()):
            yield Candidate(ALLOW, d.start(), d.end(), "policy_date", PRIORITY)
    for m in _CARC_WORDING.finditer(text):
        yield Candidate(ALLOW, m.start(), m.end(), "carc_wording", PRIORITY)
