"""Identifiers written loosely (issue 20): spaced IDs after their cue, obfuscated e-mails, ages in words,
international and slash-separated phones, day-month-year without separators, biometric and photo references,
rural addresses. Each rule runs on the lower-case copy when its cheap gate opens."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipelines.phi.findings import Candidate
from pipelines.phi.patterns import MONTH, NOT_COUNT
from pipelines.phi.text import Text

PRIORITY = 85
_DIGIT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_SPACED = r"((?:[a-z]{0,4}\d[a-z0-9]*|[a-z]{1,4})(?:[ ](?:[a-z]{0,3}\d[a-z0-9]*|[a-z]))+)"


def _r(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# (rule, kind, pattern on the lower-case text, gate: substrings of the lower-case text, one must be present)
RULES: tuple[tuple[str, str, re.Pattern[str], tuple[str, ...]], ...] = (
    # "DL D123 4567 8901", "member id XJH 448 291 776", "MBI 1EG4 TE5 MK73", "serial PJN 834712 S"
    ("spaced_license", "LICENSE", _r(r"\b(?:dl|d/l|driver'?s?\s+licen[cs]e|drivers\s+lic|licen[cs]e(?:\s*(?:#|no\.?|number))?|passport(?:\s*(?:#|no\.?|number))?|state\s+id)\b[\s:#.]*" + _SPACED), ("dl", "licen", "passport", "state id", "d/l")),
    ("spaced_member", "MEMBER_ID", _r(r"\b(?:member|mbr|subscriber|sub|policy|insured|medicaid|bene(?:ficiary)?)\s*(?:id\b|#|no\.?|number\b)[\s:#.]*" + _SPACED), ("member", "mbr", "subscriber", "sub", "policy", "insured", "medicaid", "bene")),
    ("spaced_mbi", "MBI", _r(r"\b(?:mbi\b|medicare\s*(?:#|id\b|no\.?|number\b|card\b))[\s:#.]*([1-9][a-z0-9]{2}\d?\s[a-z0-9]{3}\s[a-z0-9]{4})\b"), ("mbi", "medicare")),
    ("spaced_serial", "DEVICE", _r(r"\b(?:serial(?:\s*(?:#|no\.?|number))?|s/n|sn#|udi|device\s*id|imei)\b[\s:#.]*" + _SPACED), ("serial", "s/n", "sn#", "udi", "device", "imei")),
    ("spaced_account", "ACCOUNT", _r(r"\b(?:fin|enc(?:ounter)?|acct|account|har|csn|visit)\s*(?:#|no\.?|number|id)?[\s:#.]*(\d[\d-]{4,18}\d)\b(?!\s*(?:units?|min|days?|visits?))"), ("fin", "enc", "acct", "account", "har", "csn", "visit")),
    # e-mail written out: "mary dot jones at gmail dot com", "bob[at]hotmail[dot]com", "rjackson (at) aol (dot) com"
    ("email_obfuscated", "EMAIL", _r(r"([a-z0-9_.+-]+(?:\s+dot\s+[a-z0-9_+-]+)*\s*(?:\(at\)|\[at\]|\{at\}|\s+at\s+)\s*[a-z0-9-]+(?:\s*(?:\(dot\)|\[dot\]|\{dot\}|\s+dot\s+|\.)\s*[a-z0-9-]+)*\s*(?:\(dot\)|\[dot\]|\{dot\}|\s+dot\s+|\.)\s*(?:com|net|org|edu|gov|us|io|info|biz|co))\b"), ("dot", "(at)", "[at]", "{at}")),
    # ages in words: "ninety-two", "ninety four years old", "one hundred and one", "aged 101"
    ("age_words", "AGE", _r(r"\b((?:ninety|one\s+hundred(?:\s+and)?)(?:[\s-]+" + _DIGIT_WORD + r")?(?:[\s-]+(?:years?|yrs?)(?:[\s-]+old)?|[\s-]+y/?o)?)\b" + NOT_COUNT), ("ninety", "hundred")),
    ("age_paren", "AGE", _r(r"\((9\d|1[01]\d)\)"), ("(9", "(10", "(11")),
    ("age_after_dob", "AGE", _r(r"\b(?:dob|d\.o\.b\.?|born)\b[\s:#]*\S+,?\s+(?:age\s+)?(9\d|1[01]\d)\b" + NOT_COUNT), ("dob", "d.o.b", "born")),
    ("age_sex_spaced", "AGE", _r(r"(?<![\w.-])((?:9\d|1[01]\d)\s?(?:yo\s?|y/o\s?)?[mf])\b(?!\s*(?:\d|degrees?))"), ("9", "10", "11")),
    # phones: "+44 20 7946 0958", "512/555/0198", "(52) 55 1234 5678" after a phone word
    ("phone_international", "PHONE", _r(r"(?<![\w+])(\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]\d{2,5}){1,4})(?![\w-])"), ("+",)),
    ("phone_slashed", "PHONE", _r(r"(?<![\w/])(\(?\d{3}\)?/\d{3}/\d{4})(?![\w/])"), ("/",)),
    ("phone_words", "PHONE", _r(r"\b(?:phone|cell|mobile|tel|telephone|number|whatsapp|call\s+(?:back\s+)?(?:at|on))\b[\s:#.]*((?:\+?\d[\d\s().-]{8,18}\d))(?![\w-])"), ("phone", "cell", "mobile", "tel", "number", "whatsapp", "call")),
    # dates: "04MAR1952", "12-JAN-1938", "09 14 1946", "3 7 1941"
    ("date_dmy_letters", "DATE", _r(r"(?<![\w-])(\d{1,2}[-\s/.]?" + MONTH + r"[-\s/.]?(?:19|20)?\d{2})(?![\w-])"), ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")),
    ("date_spaced", "DATE", _r(r"(?<![\w.$/-])((?:0?[1-9]|1[0-2])\s(?:0?[1-9]|[12]\d|3[01])\s(?:19|20)\d{2})(?![\w.-])"), (" 19", " 20")),
    # rural and county roads, rural routes written out
    ("rural_road", "ADDRESS", _r(r"\b(\d{1,6}\s+(?:county\s+road|co\s+rd|state\s+route|farm\s+road|fm|cr|rural\s+route|rr)\s+\d{1,4}[a-z]?)\b"), ("road", "route", "rd", "fm", "cr", "rr")),
    ("rural_route", "ADDRESS", _r(r"\b((?:rural\s+route|rr|hc|star\s+route)\s*#?\s*\d{1,4}(?:,?\s*box\s*#?\s*\d{1,5})?)\b"), ("route", "rr", "hc")),
    # biometric identifiers and photographs (Safe Harbor (P), (Q)): quarantined whenever they are mentioned
    ("biometric", "BIOMETRIC", _r(r"\b((?:finger|thumb|palm|voice)\s*prints?|fingerprint\w*|thumbprint\w*|voiceprint\w*|palmprint\w*|(?:retina|retinal|iris|palm\s+vein|face|facial|hand)\s+(?:scan|recognition|geometry|image)s?|biometric\w*|dna\s+(?:profile|sample|test))\b"), ("print", "scan", "recognition", "biometric", "geometry", "dna")),
    ("photo", "PHOTO", _r(r"\b((?:full[\s-]face|facial|face|head|id|profile|passport|license|(?:pt|patient|member)(?:'?s)?)\s+(?:photo(?:graph)?s?|pictures?|pics?|images?)|(?:photo(?:graph)?s?|pictures?|pics?|images?|video)\s+(?:id|of\s+(?:the\s+)?(?:pt|patient|member|her|him|his|face|their)\b(?:'?s)?(?:\s+face)?)|selfies?|headshots?|mugshots?)\b"), ("photo", "selfie", "picture", "pic", "image", "video", "headshot", "mugshot")),
)  # fmt: skip
_SPACED_DIGITS = re.compile(r"\d")


def loose(t: Text) -> Iterator[Candidate]:
    low = t.low
    for rule, kind, pattern, needles in RULES:
        if not any(n in low for n in needles):
            continue
        for m in pattern.finditer(low):
            start, end = m.start(1), m.end(1)
            value = low[start:end]
            digits = len(_SPACED_DIGITS.findall(value))
            if rule.startswith("spaced_") and rule != "spaced_mbi" and digits < 5:
                continue
            if rule in ("phone_international", "phone_words") and not 9 <= digits <= 15:
                continue
            if rule == "date_spaced" and not _plausible_spaced_date(value):
                continue
            yield Candidate(kind, start, end, rule, PRIORITY)


def _plausible_spaced_date(value: str) -> bool:
    parts = value.split()
    return len(parts) == 3 and 1 <= int(parts[0]) <= 12 and 1 <= int(parts[1]) <= 31
