"""Hand-written report lines with the outcome each must get (SYNTHETIC: no real people or claims)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CONTRIBUTOR = "5affb2297631a992f0ce583505c6af0758d5563dab2cd31ee315128862c33a4f"
# Planted identifiers: none of these may ever reach the warehouse, a log, metadata or an export.
PLANTED_PHI = [
    "123-45-6789",
    "Maria Gonzalez",
    "1EG4-TE5-MK72",
    "614) 555-0182",
    "jsmith@example.com",
    "987654321",
]


def uid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def report(n: int, **changes: Any) -> dict[str, Any]:
    record = {
        "schema_version": 1,
        "report_id": uid(n),
        "submitted_at": "2025-09-14T10:22:00Z",
        "contributor_id": CONTRIBUTOR,
        "hcpcs": "97110",
        "modifiers": ["GP", "59"],
        "units": 2,
        "place_of_service": "11",
        "payer_type": "medicare",
        "state": "OH",
        "denial_month": "2025-08",
        "carc": ["CO-97", "PR-204"],
        "rarc": ["N20"],
        "billed_amount": 150.0,
        "paid_amount": 0,
        "appeal": {"status": "won", "level": "reconsideration", "strategy": "add_modifier"},
        "denial_reason_text": "Payer bundled 97110 into 97140 under NCCI; billed 2 units with modifier 59, $150.",
        "appeal_strategy_text": "Corrected claim with XU and the therapy notes; paid in 30 days.",
    }
    for key, value in changes.items():
        if value is None:
            record.pop(key, None)
        else:
            record[key] = value
    return record


def line(record: dict[str, Any]) -> str:
    return json.dumps(record)


# (line text, outcome, reason code) in file order; line numbers are positions (blank line included)
CASES: list[tuple[str, str | None, str | None]] = [
    (line(report(1)), "accepted", None),
    (
        line(report(2, hcpcs="99213", carc=["CO-16"], rarc=["M76", "N290"], modifiers=["25"])),
        "accepted",
        None,
    ),
    (line(report(1)), "duplicate", "duplicate_report_id"),
    (
        line(report(3, denial_reason_text="Member SSN 123-45-6789 was on the claim.")),
        "quarantined_phi",
        "phi_detected",
    ),
    (line(report(4, hcpcs="9711")), "rejected", "bad_format"),
    (line(report(5, hcpcs="ZZZZZ")), "rejected", "unknown_hcpcs"),
    (line(report(6, carc=["CO-999"])), "rejected", "unknown_carc"),
    (line(report(7, rarc=["ZZ999"])), "rejected", "unknown_rarc"),
    (line(report(8, state="ZZ")), "rejected", "unknown_state"),
    (line(report(9, denial_month="2099-01")), "rejected", "future_denial_month"),
    (line(report(10, submitted_at="2099-02-01T00:00:00Z")), "rejected", "future_submitted_at"),
    (line(report(11, payer_type=None)), "rejected", "missing_field"),
    (line(report(12, note="call back tomorrow")), "rejected", "unknown_field"),
    (line(report(13, patient="Maria Gonzalez")), "quarantined_phi", "phi_detected"),
    ("this is not json", "rejected", "malformed_json"),
    (
        '{"report_id": "00000000-0000-4000-8000-000000000014", "submitted_at": "2025-09-14T10:22:00Z", "hcpcs": "971',
        "rejected",
        "truncated_json",
    ),
    ("[1, 2, 3]", "rejected", "not_an_object"),
    ('{"note": "Pt MBI 1EG4-TE5-MK72", ', "quarantined_phi", "phi_detected"),
    (
        line(report(15, denial_reason_text='=HYPERLINK("https://evil.example/x","click")')),
        "quarantined_phi",
        "phi_detected",
    ),
    (line(report(16, denial_reason_text="=SUM(A1:A3) paid")), "rejected", "formula_like"),
    (line(report(17, denial_reason_text="'); drop table reports; -- CO-97 for 97110")), "accepted", None),
    (line(report(4)), "accepted", None),  # same id as a rejected row: not a duplicate
    (line(report(18, paid_amount=200.0)), "rejected", "paid_exceeds_billed"),
    ("", None, None),  # a blank line is not a row
    (line(report(19, billed_amount=150.123)), "rejected", "amount_precision"),
    (line(report(20, carc=["XX-97"])), "rejected", "bad_format"),
    (line(report(21, units=987654321)), "quarantined_phi", "phi_detected"),
    (
        line(report(22, denial_reason_text="Call the patient back at (614) 555-0182.")),
        "quarantined_phi",
        "phi_detected",
    ),
    (
        line(report(23, appeal_strategy_text="Sent records to jsmith@example.com")),
        "quarantined_phi",
        "phi_detected",
    ),
    (line(report(24, state="oh")), "rejected", "bad_format"),
    (line(report(25, submitted_at="yesterday")), "rejected", "bad_format"),
    (line(report(26, report_id="not-a-uuid")), "rejected", "bad_format"),
]


def write_cases(path: Path, newline: str = "\n") -> Path:
    path.write_text(newline.join(text for text, _o, _r in CASES) + newline, encoding="utf-8")
    return path


def expected() -> dict[int, tuple[str, str | None]]:
    return {i: (outcome, reason) for i, (_t, outcome, reason) in enumerate(CASES, start=1) if outcome}
