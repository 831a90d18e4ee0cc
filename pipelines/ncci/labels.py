"""Readable labels of the NCCI indicators, the one place their wording lives (docs/ncci_rules.md, sources)."""

from __future__ import annotations

# PTP modifier indicator (CMS PTP file column 6; NCCI Policy Manual ch. I).
MODIFIER_INDICATOR: dict[int, tuple[str, str]] = {
    0: (
        "No modifier allowed",
        "The column 2 code is denied when billed with the column 1 code; no modifier bypasses the edit.",
    ),
    1: (
        "Modifier allowed",
        "When clinically justified, an NCCI-associated modifier bypasses the edit: 59 or XE/XS/XP/XU, "
        "anatomic modifiers (E1-E4, FA, F1-F9, TA, T1-T9, LT, RT, LC, LD, RC, LM, RI), global surgery "
        "modifiers 24, 25, 57, 58, 78, 79, and 27, 91.",
    ),
    9: (
        "Not applicable (deleted edit)",
        "Modifiers do not apply: the edit was deleted, typically retroactively (deletion date = effective date).",
    ),
}

# MUE adjudication indicator (MAI; CMS MUE table column 3).
MUE_ADJUDICATION_INDICATOR: dict[int, tuple[str, str]] = {
    1: (
        "Line edit",
        "Claim line edit: units above the MUE on one line are denied; units may be reported on separate "
        "lines with appropriate modifiers.",
    ),
    2: (
        "Date of service edit: policy",
        "Per-day edit based on policy: an absolute limit for the date of service; no appeal.",
    ),
    3: (
        "Date of service edit: clinical",
        "Per-day edit based on clinical data: units above the MUE may be paid on appeal with documentation.",
    ),
}

KINDS = {"modifier_indicator": MODIFIER_INDICATOR, "mue_adjudication_indicator": MUE_ADJUDICATION_INDICATOR}


def rows() -> list[dict[str, object]]:
    """Every label as a row of ncci_indicator_labels."""
    return [
        {"kind": kind, "code": code, "label": label, "meaning": meaning}
        for kind, table in KINDS.items()
        for code, (label, meaning) in table.items()
    ]
