"""Structured denial themes derived from a report's free text at intake (the raw text is never stored).

A theme is a fixed label ("authorization_missing", "bundled" ...) that a phrase of the text names; the
report_themes table keeps one row per (report, field, theme). Pure: the same text always gives the same
themes, in THEMES order. Matching runs on the lower-case text; each pattern is a handful of billing phrases.
"""

from __future__ import annotations

import re

_NEG = r"(?:no|not|missing|without|w/o|lack(?:ed|s|ing)?(?:\s+of)?|absent|never|need(?:s|ed)?|requir(?:e|es|ed|ing)|invalid|expired|wrong|incorrect|didn'?t\s+(?:have|get|obtain))"
THEMES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        (
            "authorization_missing",
            _NEG
            + r"\b[\w\s/-]{0,25}?\b(?:prior\s*auth\w*|pre-?auth\w*|auth(?:orization)?s?|precert\w*|pre-?cert\w*|referral)\b"
            r"|\b(?:auth(?:orization)?|precert\w*|referral)\b[\w\s/-]{0,20}?\b(?:missing|expired|denied|not\s+(?:on\s+file|obtained|found)|absent|required|needed)\b",
        ),
        (
            "documentation_missing",
            r"\b(?:"
            + _NEG[3:-1]
            + r"|insufficient|incomplete|additional|request(?:ed|ing)?|send|sent)\b[\w\s/-]{0,25}?"
            r"\b(?:documentation|docs?|records?|notes?|op\s+note|signatures?|plan\s+of\s+care|poc|certification|cmn)\b"
            r"|\b(?:documentation|records|notes?|signatures?)\b[\w\s/-]{0,20}?\b(?:missing|not\s+(?:received|signed|support\w*)|lacking|insufficient|unsigned)\b",
        ),
        (
            "bundled",
            r"\b(?:bundl\w*|unbundl\w*|inclusive|included\s+in|incidental|mutually\s+exclusive|ncci|ptp|cci\s+edit|global\s+(?:period|package|surgery))\b",
        ),
        (
            "units_over_limit",
            r"\bmue\b|\bunits?\b[\w\s/-]{0,20}?\b(?:exceed\w*|over|above|max\w*|limit\w*|too\s+many)\b"
            r"|\b(?:exceed\w*|over|above|max(?:imum)?|too\s+many)\b[\w\s/-]{0,20}?\bunits?\b|\bfrequency\s+limit\w*",
        ),
        (
            "modifier_missing",
            _NEG
            + r"\b[\w\s/-]{0,20}?\bmod(?:ifier)?s?\b|\bmod(?:ifier)?s?\b[\w\s/-]{0,20}?\b(?:missing|needed|required|invalid|inconsistent|not\s+(?:appended|attached|present))\b",
        ),
        (
            "timely_filing",
            r"\btimely\s+filing\b|\bfiling\s+(?:limit|deadline)\w*|\b(?:filed|submitted)\s+(?:too\s+)?late\b|\blate\s+filing\b",
        ),
        (
            "medical_necessity",
            r"\bmedical(?:ly)?\s+necess\w*|\bnot\s+(?:medically\s+)?necessary\b|\blcd\b|\bncd\b",
        ),
        ("duplicate", r"\bduplicate\w*|\bdup\b|\bbilled\s+twice\b|\bdouble\s+bill\w*"),
        (
            "eligibility",
            r"\b(?:not\s+eligible|ineligible|eligibility|coverage\s+(?:terminated|ended|lapsed|inactive)|termed|inactive\s+(?:coverage|policy)|not\s+covered\s+on\s+(?:the\s+)?date)\b",
        ),
        (
            "coordination_of_benefits",
            r"\b(?:cob|coordination\s+of\s+benefits|other\s+(?:payer|insurance|carrier)|primary\s+(?:payer|insurance|ins)|secondary\s+(?:payer|insurance|ins)|msp)\b",
        ),
        (
            "non_covered",
            r"\b(?:non-?covered|not\s+(?:a\s+)?covered|noncovered|excluded|exclusion|not\s+a\s+benefit)\b",
        ),
        (
            "diagnosis_mismatch",
            r"\b(?:dx|diagnosis|icd(?:-?10)?)\b[\w\s/-]{0,25}?\b(?:mismatch|not\s+support\w*|invalid|inconsistent|does\s+not\s+(?:support|match)|wrong|not\s+covered)\b",
        ),
        (
            "credentialing",
            r"\b(?:credential\w*|not\s+enrolled|enrollment|out\s+of\s+network|oon|non-?participating|not\s+contracted)\b",
        ),
        (
            "coding_error",
            r"\b(?:wrong|incorrect|invalid)\s+(?:cpt|code|pos|place\s+of\s+service|npi)\b|\bcorrected\s+claim\b|\brecod\w*",
        ),
    )
)
NAMES = tuple(name for name, _ in THEMES)
# Speed: a theme's pattern runs only when one of these substrings is in the text; every match of the pattern
# contains one of them (checked in tests/reports/test_themes.py), so the gate loses nothing.
GATES: dict[str, tuple[str, ...]] = {
    "authorization_missing": ("auth", "precert", "pre-cert", "precertification", "referral"),
    "documentation_missing": ("doc", "record", "note", "signature", "plan of care", "poc", "certification", "cmn"),
    "bundled": ("bundl", "inclusive", "included in", "incidental", "mutually exclusive", "ncci", "ptp", "cci", "global"),
    "units_over_limit": ("mue", "unit", "frequency"),
    "modifier_missing": ("mod",),
    "timely_filing": ("timely", "filing", "filed", "submitted"),
    "medical_necessity": ("necess", "lcd", "ncd"),
    "duplicate": ("dup", "twice", "double"),
    "eligibility": ("eligib", "termed", "terminated", "ended", "lapsed", "inactive", "not covered on"),
    "coordination_of_benefits": ("cob", "coordination", "other", "primary", "secondary", "msp"),
    "non_covered": ("covered", "exclu", "not a benefit"),
    "diagnosis_mismatch": ("dx", "diagnosis", "icd"),
    "credentialing": ("credential", "enroll", "network", "oon", "participating", "contracted"),
    "coding_error": ("wrong", "incorrect", "invalid", "corrected", "recod"),
}  # fmt: skip
_GATED = tuple((name, pattern, GATES[name]) for name, pattern in THEMES)


def themes(text: str | None) -> list[str]:
    """The themes ``text`` names, in THEMES order (empty for no text)."""
    if not text:
        return []
    low = text.lower()
    return [
        name for name, pattern, needles in _GATED if any(n in low for n in needles) and pattern.search(low)
    ]
