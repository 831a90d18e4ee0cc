"""Identifiers recognised by the words in front of them: MRN, member ID, account, claim, licence, plate, serial."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter

from pipelines.phi.findings import Candidate
from pipelines.phi.patterns import MBI
from pipelines.phi.text import Text

PRIORITY = 95

# kind -> context words (regex alternatives, longest first within a kind)
CONTEXTS: dict[str, str] = {
    "MRN": (
        r"medical\s+record(?:\s+(?:number|no|num))?|med\s*rec(?:ord)?|mrn|mr(?=\s*#)|chart|record|emr|ehr|"
        r"patient\s+id|pt\s+id|pt|patient|hospital\s+(?:number|no)|unit\s+number"
    ),
    "MEMBER_ID": (
        r"member(?:\s*id)?|mbr(?:\s*id)?|mem\s*id|subscriber(?:\s*id)?|sub\s*id|insured(?:'s)?\s*id|"
        r"beneficiary(?:\s*id)?|bene\s*id|policy(?:\s*holder)?|medicaid(?:\s*(?:id|cin))?|medicare(?:\s*(?:id|card))?|"
        r"health\s*plan\s*(?:id|number)|cin|id\s*card|id|rrb"
    ),
    "ACCOUNT": (
        r"pt\s*acct|patient\s+account|account|acct|a/c|guarantor(?:\s*acct)?|invoice|inv|statement|stmt|"
        r"encounter|enc|fin|csn|har|visit\s*id|card|credit\s*card|bank\s*account|routing"
    ),
    "CLAIM_NUMBER": r"payer\s*claim|original\s*claim|orig\s*claim|claim(?:\s*id)?|clm|icn|dcn|tcn|ccn|case|wc\s*claim",
    "LICENSE": (
        r"driver'?s?\s+licen[cs]e|drivers\s+lic|licen[cs]e|lic|dl|d/l|cdl|state\s+id|passport|professional\s+license"
    ),
    "VEHICLE": r"vin|license\s+plate|lic\s+plate|plate|tag|vehicle\s*(?:id|#)|registration",
    "DEVICE": (
        r"serial|s/n|sn|device\s*(?:id|serial)?|udi|imei|implant\s*(?:id|serial)?|pacemaker|"
        r"pump\s*(?:id|serial)|meid|esn"
    ),
}
_MARKER = r"#|no\.?|nbr|num(?:ber)?|id|:|="


def _alternatives(words: str) -> list[str]:
    """The top-level alternatives of a regex source ("a|b(?:c|d)" -> ["a", "b(?:c|d)"])."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(words):
        char = words[i]
        if char == "\\":
            i += 1
        elif char == "[":
            i = words.index("]", i + 1)
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            out.append(words[start:i])
            start = i + 1
        i += 1
    return [*out, words[start:]]


def _by_first_letter() -> tuple[str, dict[str, str]]:
    """The context words as one alternation branched on their first letter, and group name -> kind.

    Same language and the same order of trial as "\\b(?:(?P<MRN>...)|(?P<MEMBER_ID>...)|...)": at a
    position only the words starting with its letter can match, and they are tried in their original
    order. Starting every branch with a literal lets `re` skip the positions no word starts at, which
    makes the scan several times faster; "(?<!\\w.)" after the letter is the "\\b" before it.
    """
    letters: dict[str, list[tuple[str, str]]] = {}
    for kind, words in CONTEXTS.items():
        for alternative in _alternatives(words):
            first, rest = alternative[0], alternative[1:]
            if not first.isalpha() or rest[:1] in ("?", "*", "+", "{"):
                raise ValueError(f"context word {alternative!r} does not start with a plain letter")
            letters.setdefault(first, []).append((kind, rest))
    branches, kinds = [], {}
    for letter, alternatives in letters.items():
        groups = []
        for kind, run in groupby(alternatives, key=itemgetter(0)):
            kinds[f"{kind}_{letter}"] = kind
            groups.append(f"(?P<{kind}_{letter}>" + "|".join(rest for _kind, rest in run) + ")")
        branches.append(letter + r"(?<!\w.)(?:" + "|".join(groups) + ")")
    return "(?:" + "|".join(branches) + ")", kinds


_WORDS, _GROUP_KIND = _by_first_letter()
_PATTERN = re.compile(
    _WORDS + r"\b"
    r"(?P<sep>\s*(?:(?:" + _MARKER + r")\s*){0,3}(?:is|was|of|=|-)?\s*)"
    r"(?P<id>(?=[a-z0-9-]*\d)[a-z0-9](?:[a-z0-9-]{0,28}[a-z0-9])?)(?![\w-])"
)  # runs on the lower-case copy: IGNORECASE would cost four times as much
_CPT_WITH_MODIFIER = re.compile(r"^[0-9A-Z]\d{3}[0-9A-Z](?:-[0-9A-Z]{2})*$", re.IGNORECASE)
_MARKED = re.compile(_MARKER)
# context words that read as ordinary words unless an explicit marker follows ("pt #", "card #", "lot #")
_NEEDS_MARKER = {
    "pt",
    "patient",
    "record",
    "chart",
    "card",
    "id",
    "case",
    "lic",
    "lot",
    "tag",
    "sn",
    "inv",
    "enc",
    "fin",
    "policy",
}
# payers' policy documents: LCD L33631, article A57181 ("Policy L33631 section 4.2" is not a member's policy)
_POLICY_DOCUMENT = re.compile(r"[LA]\d{5}", re.IGNORECASE)


def _matched_group(m: re.Match[str]) -> str:
    return next(name for name in _GROUP_KIND if m.start(name) >= 0)


def contextual(t: Text) -> Iterator[Candidate]:
    for m in _PATTERN.finditer(t.low):
        group = _matched_group(m)
        kind = _GROUP_KIND[group]
        value = t.raw[m.start("id") : m.end("id")]
        digits = sum(ch.isdigit() for ch in value)
        marked = bool(_MARKED.search(m.group("sep")))
        context = re.sub(r"\s+", " ", t.low[m.start() : m.end(group)])
        if digits == 0 or (digits < 3 and len(value) < 5):
            continue
        if _POLICY_DOCUMENT.fullmatch(value):
            continue
        if _CPT_WITH_MODIFIER.match(value) and not marked:
            continue  # "claim 99213-25 denied": a code, not a claim number
        serial_like = (
            kind in ("DEVICE", "VEHICLE", "LICENSE")
            and digits >= 4
            and len(value) >= 8
            and not value.isdigit()
        )
        if not marked and not serial_like and (context in _NEEDS_MARKER or digits < 4 or len(value) < 6):
            continue
        if MBI.fullmatch(value):
            kind = "MBI"  # "Medicare ID 1EG4-TE5-MK73": the format says more than the words
        yield Candidate(kind, m.start("id"), m.end("id"), f"context_{kind.lower()}", PRIORITY)
