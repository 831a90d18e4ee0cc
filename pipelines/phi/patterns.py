"""Recognizers for structured identifiers: dates, ages, phones, e-mail, SSN, MBI, ZIP, URLs, IPs, bare numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from pipelines.phi.findings import Candidate
from pipelines.phi.text import GATES, Text
from pipelines.phi.vocab import STATE_CODES, STATE_NAMES

_I = re.IGNORECASE
TOP, HIGH, MID, LOW = 97, 90, 80, 60
TOLL_FREE = {"800", "833", "844", "855", "866", "877", "888"}
MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
DAY = r"(?:0?[1-9]|[12]\d|3[01])"
NOT_COUNT = r"(?!\s*(?:days?|units?|visits?|mins?|minutes|hours?|hrs?|%|x\b|times|sessions?))"
DATE_CONTEXT = (
    r"\b(?:dos|dob|d\.o\.b\.?|dates?(?:\s+of\s+(?:service|birth|injury|admission))?|dated|on|seen|since|from|thru"
    r"|through|till|until|admit(?:ted)?|admission|adm|discharged?|d/c|surgery|sx|injury|doi|accident|born|and|to)"
)
_FAX_CONTEXT = re.compile(r"\b(?:fax(?:ed)?|fx|facsimile)\b", _I)
_PHONE_CONTEXT = re.compile(
    r"\b(?:phone|ph|tel|telephone|cell|mobile|home|call(?:ed)?|contact|number|#)\W*$", _I
)
MBI = re.compile(
    r"[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y]{2}\d{2}",
    _I,
)
_IP_CONTEXT = re.compile(
    r"(?:§|\b(?:sec|section|ch|chapter|pub|version|ver|v|ncd|lcd|article|rev|release))\W*$", _I
)
PUBLIC_DOMAINS = (
    "cms.gov", "hhs.gov", "medicare.gov", "medicaid.gov", "noridianmedicare.com", "palmettogba.com",
    "novitas-solutions.com", "fcso.com", "wpsgha.com", "cgsmedicare.com", "ngsmedicare.com", "ama-assn.org",
    "aapc.com", "x12.org", "availity.com", "uhcprovider.com", "aetna.com", "cigna.com", "humana.com",
    "anthem.com", "bcbs.com", "optum.com", "federalregister.gov", "ecfr.gov", "tricare.mil",
)  # fmt: skip


def _rule(rule: str, kind: str, pattern: str, priority: int, gate: str | None, lower: bool = False) -> Rule:
    return Rule(rule, kind, re.compile(pattern), priority, gate, lower)


class Rule(NamedTuple):
    """A recognizer: its regex runs on the raw text, or on the lower-case copy (``lower``), when ``gate`` opens."""

    rule: str
    kind: str
    pattern: re.Pattern[str]
    priority: int
    gate: str | None
    lower: bool


_MBI_L = r"[ac-hjkmnp-rt-y]"
_MBI_A = r"[ac-hjkmnp-rt-y0-9]"
RULES: tuple[Rule, ...] = (
    # group 1 (when present) is the reported span
    _rule("date_numeric", "DATE", r"(?<![\w/.-])(\d{1,2}([/-])\d{1,2}\2(?:\d{4}|\d{2}))(?![\w/-]|\.\d)", MID, "sep_digits"),
    _rule("date_dotted", "DATE", r"(?<![\w/.-])(\d{1,2}\.\d{1,2}\.(?:19|20)\d{2})(?![\w/-]|\.\d)", MID, "sep_digits"),
    _rule("date_iso", "DATE", r"(?<![\w/.-])((?:19|20)\d{2}([/.-])(?:0?[1-9]|1[0-2])\2" + DAY + r")(?=[Tt]\d|(?![\w/-]|\.\d))", MID, "sep_digits"),
    _rule("date_compact", "DATE", r"(?<![\w.$,-])(\d{8})(?![\w-]|[.,]\d)", MID, "digits8"),
    _rule("date_month_day", "DATE", r"\b(" + MONTH + r"\.?\s+" + DAY + r"(?:st|nd|rd|th)?(?:,?\s*(?:19|20)\d{2})?)(?![\w:]|\.\d)" + NOT_COUNT, MID, "months", True),
    _rule("date_day_month", "DATE", r"\b(" + DAY + r"(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH + r"\b\.?(?:,?\s*(?:19|20)\d{2})?)", MID, "months", True),
    _rule("date_context_md", "DATE", DATE_CONTEXT + r"\b[\s:#.,-]*(?:on\s+)?((?:0?[1-9]|1[0-2])/" + DAY + r")(?![\w/]|\.\d)", MID, "sep_digits", True),
    _rule("date_day_ordinal", "DATE", r"\b(?:on\s+)?the\s+(" + DAY + r"(?:st|nd|rd|th))\b(?=\s*(?:[,.;:)]|$|\s+(?:was|is|when|at|we|pt|she|he|they)\b))", MID, "ordinal", True),
    _rule("dob_any", "DATE", r"\b(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|born)\b[\s:#.-]*(?:on\s+)?(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{6,8})(?!\d)", HIGH, "birth_words", True),
    _rule("age_years_old", "AGE", r"\b((?:9\d|1[01]\d)\s*(?:-|\s)?\s*(?:y/o|y\.o\.?|yo|yrs?\.?[\s-]*old|years?[\s-]+old|year-old|yr-old)(?:[mf]\b)?)", MID, "age", True),
    _rule("age_context", "AGE", r"\b(?:age[ds]?|aged|age:|turned|turns|turning|(?:pt|patient|she|he)\s+is)\s*(?:of\s+)?(9\d|1[01]\d)\b(?!\.\d)" + NOT_COUNT, MID, "age", True),
    _rule("age_sex", "AGE", r"\b((?:9\d|1[01]\d)(?:yo)?[MF])\b", MID, "age"),
    _rule("phone", "PHONE", r"(?<![\w+$.-])((?:\+?1[\s.-]?)?(?:\(\s*\d{3}\s*\)|\d{3})[\s.-]?\d{3}[\s.-]\d{4}(?:\s*(?:x|ext\.?)\s*\d{1,5})?)(?![\w-]|\.\d)", MID, "phone_tail", True),
    _rule("phone_local", "PHONE", r"\b(?:phone|ph|tel|telephone|cell|mobile|home|call(?:ed)?|contact|fax|fx)\b[\s:#.]*(\d{3}[-.]\d{4})(?![\w-])", MID, "phone_tail", True),
    _rule("email", "EMAIL", r"([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})", TOP, "at_sign"),
    _rule("url", "URL", r"((?:https?://|www\.)[^\s<>\"'()\[\]]+|\b(?:[a-z0-9-]+\.)+(?:com|org|net|gov|edu|io|us|info|biz|me|co|health|care|mil)\b(?:/[^\s<>\"'()\[\]]*)?)", TOP, "url", True),
    _rule("ipv4", "IP", r"(?<![\w.§])((?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d))(?![\w]|\.\d)", MID, "ipv4"),
    _rule("ipv6", "IP", r"(?<![\w:])((?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,5}::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,5})?)(?![\w:])", MID, "hex_colon", True),
    _rule("mac_address", "DEVICE", r"(?<![\w:-])([0-9a-f]{2}(?:[:-][0-9a-f]{2}){5})(?![\w:-])", HIGH, "hex_colon", True),
    _rule("ssn", "SSN", r"(?<![\w-])(\d{3}([- .])\d{2}\2\d{4})(?![\w-]|\.\d)", HIGH, "ssn_tail"),
    _rule("ssn_masked", "SSN", r"(?<![\w-])([x*#]{3}-?[x*#]{2}-?\d{4})(?![\w-])", HIGH, "masked", True),
    _rule("ssn_context", "SSN", r"\b(?:ssn|ss#|ss\s*no|soc(?:ial)?(?:\s+sec(?:urity)?)?(?:\s*(?:#|no\.?|number))?)(?:\s*(?:ending(?:\s+in)?|ends?\s+(?:in|with)|last\s*(?:4|four)(?:\s+digits)?(?:\s+(?:is|are))?))?[\s:#=-]*(\d{4}|\d{9}|\d{3}[- ]\d{2}[- ]\d{4})(?!\d)", HIGH, "ssn_words", True),
    _rule("ssn_last4", "SSN", r"\blast\s*(?:4|four)(?:\s+digits)?\s+(?:of\s+)?(?:the\s+|pt'?s?\s+|patient'?s?\s+)?(?:ssn|social|ss#?)\b[\s:#=-]*(?:is\s+)?(\d{4})(?!\d)", HIGH, "ssn_words", True),
    _rule("mbi", "MBI", r"(?<![\w-])([1-9]" + _MBI_L + _MBI_A + r"\d-?" + _MBI_L + _MBI_A + r"\d-?" + _MBI_L + r"{2}\d{2})(?![\w-])", HIGH, "mbi_shape", True),
    _rule("hicn", "MEMBER_ID", r"(?<![\w-])(\d{3}-?\d{2}-?\d{4}[A-Z]\d?)(?![\w-])", HIGH, "hicn"),
    _rule("vin", "VEHICLE", r"(?<![\w-])((?=[a-hj-npr-z0-9]{0,16}\d)(?=[a-hj-npr-z0-9]{0,16}[a-hj-npr-z])[a-hj-npr-z0-9]{17})(?![\w-])", HIGH, "vin", True),
    _rule("udi", "DEVICE", r"(\(01\)\d{14}(?:\(\d{2,4}\)[A-Za-z0-9-]+)*)", TOP, "udi"),
    _rule("zip4", "ZIP", r"(?<![\w-])(\d{5}-\d{4})(?![\w-])", MID, "digits5"),
    _rule("zip_context", "ZIP", r"\b(?:zip(?:\s*code)?|zipcode|postal(?:\s*code)?)\b(?:\s+(?:of|residence|home|is|was|on|file|listed|=|the|in|shows?|says))*[\s:#]*(\d{5}(?:-?\d{4})?)(?!\d)", HIGH, "zip_words", True),
    _rule("zip_after_state", "ZIP", r"(?:,\s*|\b[A-Z][a-z]+\.?\s+)(?:" + STATE_CODES + "|" + STATE_NAMES + r")\.?,?\s+(\d{5}(?:-\d{4})?)(?![\d/])", MID, "zip_state"),
    _rule("card_number", "ACCOUNT", r"(?<![\w-])(\d{4}([ -])\d{4}\2\d{4}\2\d{1,7})(?![\w-])", HIGH, "phone_tail"),
    _rule("long_number", "ACCOUNT", r"(?<![\w.$,/-])(\d{9,20})(?![\w/-]|[.,]\d)", LOW, "digits9"),
    _rule("alnum_id", "MEMBER_ID", r"(?<![\w-])([A-Za-z]{0,6}\d[A-Za-z0-9]{6,19})(?![\w-])", LOW, "six_digits"),
)  # fmt: skip


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def is_npi(digits: str) -> bool:
    """NPI check digit: Luhn over the 10 digits prefixed with the card issuer prefix 80840."""
    return len(digits) == 10 and digits[0] in "12" and _luhn_ok("80840" + digits)


def _valid_md(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


def _valid_date_parts(value: str) -> bool:
    parts = re.split(r"[/.-]", value)
    a, b = int(parts[0]), int(parts[1])
    return _valid_md(a, b) or _valid_md(b, a)


def _valid_compact(value: str) -> bool:
    y, m, d = int(value[:4]), int(value[4:6]), int(value[6:])
    if 1900 <= y <= 2099 and _valid_md(m, d):
        return True
    m, d, y = int(value[:2]), int(value[2:4]), int(value[4:])
    return 1900 <= y <= 2099 and _valid_md(m, d)


def _classify(rule: str, kind: str, text: str, start: int, end: int) -> tuple[str, str] | None:
    """Validate a raw match; return (kind, rule), or None when it is a look-alike."""
    value = text[start:end]
    before = text[max(0, start - 24) : start]
    if rule == "date_numeric":
        return (kind, rule) if _valid_date_parts(value) else None
    if rule == "date_compact":
        return (kind, rule) if _valid_compact(value) else None
    if rule == "phone":
        area = re.sub(r"\D", "", value)
        area = area[1:4] if len(area) >= 11 and area[0] == "1" else area[:3]
        if area in TOLL_FREE:
            return None  # payers' and vendors' service lines, never a patient's
    if rule in ("phone", "phone_local") and _FAX_CONTEXT.search(before):
        return ("FAX", rule)
    if rule == "ipv4" and _IP_CONTEXT.search(before):
        return None
    if rule == "url":
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", value.lower()).split("/")[0]
        public = host.endswith(".gov") or any(host == d or host.endswith("." + d) for d in PUBLIC_DOMAINS)
        if public and not re.search(r"[?#&=].*\d{4}", value):
            return None
    if rule == "long_number":
        return _classify_digits(value, before)
    if rule == "alnum_id":
        digits = sum(ch.isdigit() for ch in value)
        return (kind, rule) if digits >= 6 and not value.isdigit() else None
    if rule == "card_number":
        return (kind, rule) if _luhn_ok(re.sub(r"\D", "", value)) else None
    return kind, rule


def _classify_digits(value: str, before: str) -> tuple[str, str] | None:
    n = len(value)
    if n == 9:
        if re.search(r"\b(?:zip|routing|aba)\W*$", before, _I):
            return ("ZIP", "zip9") if "zip" in before.lower() else None
        return "SSN", "ssn_bare"
    if n == 10:
        if _PHONE_CONTEXT.search(before):
            return ("FAX" if _FAX_CONTEXT.search(before) else "PHONE"), "phone_bare"
        if is_npi(value):
            return None  # an NPI: the practice's identifier, allowed
        if value[0] in "23456789" and value[3] in "23456789" and value[:3] not in TOLL_FREE:
            return "PHONE", "phone_bare"
        return "ACCOUNT", "long_number"
    if n == 13:
        return "CLAIM_NUMBER", "icn_bare"
    return "ACCOUNT", "long_number"


_ABBR = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
# Speed only: a rule's regex runs only when its quick regex finds something in the same string. Each is
# implied by the rule (every match of the rule contains a match of it), so no finding is lost or added;
# a quick regex starts with a digit or a letter, which lets `re` skip ahead instead of trying each position.
QUICK: dict[str, re.Pattern[str]] = {
    rule: re.compile(pattern)
    for rule, pattern in (
        ("date_numeric", r"\d[/-]\d"),
        ("date_dotted", r"\d\.(?:19|20)\d\d"),
        ("date_iso", r"(?:19|20)\d\d[/.-]"),
        ("date_month_day", _ABBR + r"[a-z]*\.?\s+\d"),
        ("date_day_month", r"\d(?:st|nd|rd|th)?\s+(?:of\s+)?" + _ABBR),
        ("date_context_md", r"\d/\d"),
        ("age_years_old", r"(?:9\d|1[01]\d)[\s-]*y"),
        ("age_context", r"(?:age[ds:]?|turn(?:ed|s|ing)|\sis)\s*(?:of\s+)?(?:9\d|1[01]\d)"),
        ("age_sex", r"(?:9\d|1[01]\d)(?:yo)?[MF]"),
        ("zip4", r"\d{5}-\d{4}"),
        ("vin", r"[a-z0-9]{17}"),
    )
}

_GROUPS: dict[str | None, list[tuple[Rule, re.Pattern[str] | None]]] = {}
for _r in RULES:
    _GROUPS.setdefault(_r.gate, []).append((_r, QUICK.get(_r.rule)))
_GATED = [(GATES[gate] if gate is not None else None, rules) for gate, rules in _GROUPS.items()]


def structured(t: Text) -> Iterator[Candidate]:
    for gate, rules in _GATED:
        if gate is not None and not gate(t):
            continue
        for r, quick in rules:
            text = t.low if r.lower else t.raw
            if quick is not None and quick.search(text) is None:
                continue
            for m in r.pattern.finditer(text):
                start, end = (m.start(1), m.end(1)) if r.pattern.groups else (m.start(), m.end())
                if r.rule == "url":
                    while end > start and t.raw[end - 1] in ".,;:!?":
                        end -= 1
                verdict = _classify(r.rule, r.kind, t.raw, start, end)
                if verdict is not None:
                    yield Candidate(verdict[0], start, end, verdict[1], r.priority)
