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


# (rule, kind, pattern on the lower-case text); the gates of each rule are in _WORD_GATES below
RULES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    # "DL D123 4567 8901", "member id XJH 448 291 776", "MBI 1EG4 TE5 MK73", "serial PJN 834712 S"
    ("spaced_license", "LICENSE", _r(r"\b(?:dl|d/l|driver'?s?\s+licen[cs]e|drivers\s+lic|licen[cs]e(?:\s*(?:#|no\.?|number))?|passport(?:\s*(?:#|no\.?|number))?|state\s+id)\b[\s:#.]*" + _SPACED)),
    ("spaced_member", "MEMBER_ID", _r(r"\b(?:member|mbr|subscriber|sub|policy|insured|medicaid|bene(?:ficiary)?)\s*(?:id\b|#|no\.?|number\b)[\s:#.]*" + _SPACED)),
    ("spaced_mbi", "MBI", _r(r"\b(?:mbi\b|medicare\s*(?:#|id\b|no\.?|number\b|card\b))[\s:#.]*([1-9][a-z0-9]{2}\d?\s[a-z0-9]{3}\s[a-z0-9]{4})\b")),
    ("spaced_serial", "DEVICE", _r(r"\b(?:serial(?:\s*(?:#|no\.?|number))?|s/n|sn#|udi|device\s*id|imei)\b[\s:#.]*" + _SPACED)),
    ("spaced_account", "ACCOUNT", _r(r"\b(?:fin|enc(?:ounter)?|acct|account|har|csn|visit)\s*(?:#|no\.?|number|id)?[\s:#.]*(\d[\d-]{4,18}\d)\b(?!\s*(?:units?|min|days?|visits?))")),
    # e-mail written out: "mary dot jones at gmail dot com", "bob[at]hotmail[dot]com", "rjackson (at) aol (dot) com"
    ("email_obfuscated", "EMAIL", _r(r"([a-z0-9_.+-]+(?:\s+dot\s+[a-z0-9_+-]+)*\s*(?:\(at\)|\[at\]|\{at\}|\s+at\s+)\s*[a-z0-9-]+(?:\s*(?:\(dot\)|\[dot\]|\{dot\}|\s+dot\s+|\.)\s*[a-z0-9-]+)*\s*(?:\(dot\)|\[dot\]|\{dot\}|\s+dot\s+|\.)\s*(?:com|net|org|edu|gov|us|io|info|biz|co))\b")),
    # ages in words: "ninety-two", "ninety four years old", "one hundred and one", "aged 101"
    ("age_words", "AGE", _r(r"\b((?:ninety|one\s+hundred(?:\s+and)?)(?:[\s-]+" + _DIGIT_WORD + r")?(?:[\s-]+(?:years?|yrs?)(?:[\s-]+old)?|[\s-]+y/?o)?)\b" + NOT_COUNT)),
    ("age_paren", "AGE", _r(r"\((9\d|1[01]\d)\)")),
    ("age_after_dob", "AGE", _r(r"\b(?:dob|d\.o\.b\.?|born)\b[\s:#]*\S+,?\s+(?:age\s+)?(9\d|1[01]\d)\b" + NOT_COUNT)),
    ("age_sex_spaced", "AGE", _r(r"(?<![\w.-])((?:9\d|1[01]\d) ?(?:yo ?|y/o ?)?[mf])\b(?!\s*(?:\d|degrees?))")),
    # phones: "+44 20 7946 0958", "512/555/0198", "(52) 55 1234 5678" after a phone word
    ("phone_international", "PHONE", _r(r"(?<![\w+])(\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]\d{2,5}){1,4})(?![\w-])")),
    ("phone_slashed", "PHONE", _r(r"(?<![\w/])(\(?\d{3}\)?/\d{3}/\d{4})(?![\w/])")),
    ("phone_words", "PHONE", _r(r"\b(?:phone|cell|mobile|tel|telephone|number|whatsapp|call\s+(?:back\s+)?(?:at|on))\b[\s:#.]*((?:\+?\d[\d\s().-]{8,18}\d))(?![\w-])")),
    # dates: "04MAR1952", "12-JAN-1938", "09 14 1946", "3 7 1941"
    ("date_dmy_letters", "DATE", _r(r"(?<![\w-])(\d{1,2}[-\s/.]?" + MONTH + r"[-\s/.]?(?:19|20)?\d{2})(?![\w-])")),
    ("date_spaced", "DATE", _r(r"(?<![\w.$/-])((?:0?[1-9]|1[0-2]) (?:0?[1-9]|[12]\d|3[01]) (?:19|20)\d{2})(?![\w.-])")),
    # rural and county roads, rural routes written out
    ("rural_road", "ADDRESS", _r(r"\b(\d{1,6}\s+(?:county\s+road|co\s+rd|state\s+route|farm\s+road|fm|cr|rural\s+route|rr)\s+\d{1,4}[a-z]?)\b")),
    ("rural_route", "ADDRESS", _r(r"\b((?:rural\s+route|rr|hc|star\s+route)\s*#?\s*\d{1,4}(?:,?\s*box\s*#?\s*\d{1,5})?)\b")),
    # biometric identifiers and photographs (Safe Harbor (P), (Q)): quarantined whenever they are mentioned
    ("biometric", "BIOMETRIC", _r(r"\b((?:finger|thumb|palm|voice)\s*prints?|fingerprint\w*|thumbprint\w*|voiceprint\w*|palmprint\w*|(?:retina|retinal|iris|palm\s+vein|face|facial|hand)\s+(?:scan|recognition|geometry|image)s?|biometric\w*|dna\s+(?:profile|sample|test))\b")),
    ("photo", "PHOTO", _r(r"\b((?:full[\s-]face|facial|face|head|id|profile|passport|license|(?:pt|patient|member)(?:'?s)?)\s+(?:photo(?:graph)?s?|pictures?|pics?|images?)|(?:photo(?:graph)?s?|pictures?|pics?|images?|video)\s+(?:id|of\s+(?:the\s+)?(?:pt|patient|member|her|him|his|face|their)\b(?:'?s)?(?:\s+face)?)|selfies?|headshots?|mugshots?)\b")),
)  # fmt: skip
_SPACED_DIGITS = re.compile(r"\d")
_MONTH_WORDS = (
    "jan january feb february mar march apr april may jun june jul july aug august sep sept september oct "
    "october nov november dec december"
).split()
# Speed: a rule runs only when its gate opens: one of its cue WORDS is a word of the text (a set test on the
# text's words, computed once), one of its SUBSTRINGS is in the lower-case text, or its QUICK regex finds
# something. Each gate is implied by its rule (a match contains one of them), so no finding is lost.
# rule -> (cue words, substrings of the lower-case text, substrings of the shape, a cached Text gate)
_WORD_GATES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str | None]] = {
    "spaced_license": (("dl", "driver", "driver's", "drivers", "license", "licence", "passport", "state"), ("d/l",), (), None),
    "spaced_member": (("member", "mbr", "subscriber", "sub", "policy", "insured", "insured's", "medicaid", "bene", "beneficiary"), (), (), None),
    "spaced_mbi": (("mbi", "medicare"), (), (), None),
    "spaced_serial": (("serial", "sn", "udi", "device", "imei"), ("s/n",), (), None),
    "spaced_account": (("fin", "enc", "encounter", "acct", "account", "har", "csn", "visit"), (), (), None),
    # "name at mail.com" without "dot" is also a URL (the url rule quarantines it): no ".com" needles here
    "email_obfuscated": (("dot",), ("(at)", "[at]", "{at}"), (), None),
    "age_words": (("ninety", "hundred"), (), (), None),
    "age_paren": ((), ("(9", "(10", "(11"), (), None),
    "age_after_dob": (("dob", "born", "d"), (), (), None),
    "age_sex_spaced": ((), (), (), "age_sex"),
    "phone_international": ((), ("+",), (), None),
    "phone_slashed": ((), (), ("9/999/9999",), None),
    "phone_words": (("phone", "cell", "mobile", "tel", "telephone", "number", "whatsapp", "call"), (), (), None),
    "date_dmy_letters": ((), (), (), "months"),
    "date_spaced": ((), (), ("9 9 9999", "9 99 9999"), None),
    "rural_road": (("road", "route", "rd", "fm", "cr", "rr"), (), (), None),
    "rural_route": (("route", "rr", "hc"), (), (), None),
    "biometric": (("fingerprint", "fingerprints", "fingerprinted", "fingerprinting", "thumbprint", "thumbprints", "voiceprint", "voiceprints", "palmprint", "palmprints", "print", "prints", "dna", "scan", "scans", "recognition", "geometry", "image", "images"), ("biometric",), (), None),
    "photo": (("photo", "photos", "photograph", "photographs", "picture", "pictures", "pic", "pics", "image", "images", "video", "selfie", "selfies", "headshot", "headshots", "mugshot", "mugshots"), (), (), None),
}  # fmt: skip


# needle -> the rules it opens, for cue words (one set intersection with the text's words), substrings of the
# lower-case text and of the shape (one scan each); and the rules opened by a cached Text gate
_CUE_RULES: dict[str, list[int]] = {}
_CHAR_RULES: dict[str, list[int]] = {}
_SHAPE_RULES: dict[str, list[int]] = {}
_GATE_RULES: dict[str, list[int]] = {}
for _i, (_rule, _kind, _pattern) in enumerate(RULES):
    _words, _chars, _shapes, _gate = _WORD_GATES[_rule]
    for _table, _keys in ((_CUE_RULES, _words), (_CHAR_RULES, _chars), (_SHAPE_RULES, _shapes)):
        for _key in _keys:
            _table.setdefault(_key, []).append(_i)
    if _gate:
        _GATE_RULES.setdefault(_gate, []).append(_i)
_CUES = frozenset(_CUE_RULES)
_MEMBER = next(i for i, r in enumerate(RULES) if r[0] == "spaced_member")
_MARKERS = frozenset({"no", "number"})
_CHAR_ITEMS = tuple(_CHAR_RULES.items())
_SHAPE_ITEMS = tuple(_SHAPE_RULES.items())
# Speed: a leading \b keeps `re` from skipping ahead to the possible first characters; the scans run
# without it and the word boundary is checked on each match instead (same matches at word starts).
_SCANS = [
    (re.compile(pattern.pattern[2:]), True) if pattern.pattern.startswith("\\b") else (pattern, False)
    for _rule, _kind, pattern in RULES
]


def _opened(t: Text) -> set[int]:
    opened = {i for word in _CUES.intersection(t.words) for i in _CUE_RULES[word]}
    low, shape = t.low, t.shape
    for needle, rules in _CHAR_ITEMS:  # substring tests cost a fraction of one regex scan
        if needle in low:
            opened.update(rules)
    for needle, rules in _SHAPE_ITEMS:
        if needle in shape:
            opened.update(rules)
    for gate, rules in _GATE_RULES.items():
        if t.gate(gate):
            opened.update(rules)
    if _MEMBER in opened and _MARKERS.isdisjoint(t.words) and "#" not in low and "id" not in low:
        opened.discard(_MEMBER)  # its cue must be followed by id, #, no or number
    return opened


def loose(t: Text) -> Iterator[Candidate]:
    low = t.low
    for i in sorted(_opened(t)):
        rule, kind, _pattern = RULES[i]
        pattern, bounded = _SCANS[i]
        for m in pattern.finditer(low):
            if bounded and m.start() > 0 and (low[m.start() - 1].isalnum() or low[m.start() - 1] == "_"):
                continue
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
