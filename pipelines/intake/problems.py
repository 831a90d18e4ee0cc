"""A row-level problem (machine reason code, field, message, fix) and the rule for echoing values.

Messages never echo free text. A value is quoted only when its field is a closed, structured field
(a code, an enum, a timestamp), the value is short, and the row already passed the PHI screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

FREE_TEXT_FIELDS = ("denial_reason_text", "appeal_strategy_text")
ECHO_FIELDS = frozenset(
    {
        "schema_version", "report_id", "submitted_at", "hcpcs", "modifiers", "units", "place_of_service",
        "payer_type", "state", "denial_month", "carc", "rarc", "billed_amount", "paid_amount", "appeal",
    }
)  # fmt: skip
SAFE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")
MAX_ECHO = 40

FIXES = {
    "schema_version": "set schema_version to 1",
    "report_id": "send the UUID the website generated for the report, e.g. 3f2b8a9e-1c4d-4e5f-8a6b-7c8d9e0f1a2b",
    "submitted_at": "send an RFC 3339 timestamp with a time zone, e.g. 2025-08-14T10:22:00Z",
    "contributor_id": "send the 64-character lower-case hex account hash the website computes",
    "hcpcs": "send the 5-character CPT/HCPCS code (digits and upper-case letters), e.g. 97110 or G0283",
    "modifiers": 'send up to 4 distinct 2-character modifiers, e.g. ["59", "GP"]',
    "units": "send a whole number of units between 1 and 999",
    "place_of_service": "send the 2-digit CMS place-of-service code, e.g. 11",
    "payer_type": "use one of the contract's payer types (medicare, medicaid, commercial ...)",
    "state": "send the 2-letter USPS code of the state of service, e.g. OH",
    "denial_month": "send the month of the denial as YYYY-MM, not a date",
    "carc": "send 1 to 5 codes as GROUP-CARC, group CO, PR, OA, PI or CR, e.g. CO-97",
    "rarc": "send up to 5 remark codes from the X12 list, e.g. N20",
    "billed_amount": "send a number of dollars between 0 and 1,000,000 with at most 2 decimals",
    "paid_amount": "send a number of dollars between 0 and 1,000,000 with at most 2 decimals",
    "appeal": "use the contract's appeal status, level and strategy values",
    "denial_reason_text": "keep the text under 2,000 characters, with no patient information",
    "appeal_strategy_text": "keep the text under 2,000 characters, with no patient information",
}
DEFAULT_FIX = "see contracts/denial_report.v1.schema.json for the expected fields and formats"
# Where the reason, not the field, says what to change (the field's fix would not help).
REASON_FIXES = {
    "formula_like": "start the text with a word, not with =, @, + or - (spreadsheet formulas are refused)",
    "paid_exceeds_billed": "check the amounts: paid_amount cannot be larger than billed_amount",
    "future_denial_month": "send the month the claim was denied; it cannot be in the future",
    "future_submitted_at": "send the time the report was submitted; it cannot be in the future",
    "denial_after_submission": "denial_month cannot be later than the month the report was submitted",
}


@dataclass(frozen=True, slots=True)
class Problem:
    field: str
    reason_code: str
    message: str
    fix: str


def top_field(path: str) -> str:
    return re.split(r"[.\[]", path, maxsplit=1)[0]


def fix_for(field: str) -> str:
    return FIXES.get(top_field(field), DEFAULT_FIX)


def safe_field_name(name: Any) -> str:
    """The field name as sent when it is a plain identifier made only of provably safe words (redaction
    leaves it unchanged), else a neutral placeholder (it may carry PHI: "JohnSmith", "dob_19460914")."""
    from pipelines.phi.redact import redact  # the word lists load on first use

    if isinstance(name, str) and SAFE_NAME.fullmatch(name) and redact(name) == name:
        return name
    return "(an unnamed field)"


def echo(field: str, value: Any) -> str:
    """`` 'value'`` for a short structured value, else '' (nothing of the value is repeated)."""
    if top_field(field) not in ECHO_FIELDS or isinstance(value, (dict, list)) or value is None:
        return ""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > MAX_ECHO or not text.isprintable():
        return ""
    return f" {text!r}"


def problem(field: str, reason_code: str, message: str) -> Problem:
    return Problem(field, reason_code, message, REASON_FIXES.get(reason_code) or fix_for(field))
