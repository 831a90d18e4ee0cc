"""Deny-by-default redaction of free text: only provably safe tokens survive verbatim, the rest is masked.

Detection (``screen``) decides whether a report is quarantined; it can miss. What is STORED of a free text
never depends on it alone: ``redact`` keeps a token verbatim only when it is one of

- billing codes: CPT/HCPCS (a 5-digit code only when it is in the code set passed in: the loaded RVU
  HCPCS), with their modifiers; ICD-10-CM codes; CARC (``CO-97``) and RARC (``N20``, ``MA130``) codes;
  2-character modifiers and USPS state codes; NDCs; LCD/NCD/article and manual references;
- amounts (``$150.00``), percentages, counts with a unit (``30 min``, ``4 units``, ``x3``, ``90 days``),
  small numbers (< 90), ordinals up to 10th;
- month and year (``January 2025``, ``03/2025``, ``2025-03``, ``Q3 2025``) and years 2000-2039;
- words of the shipped common-English list (``data/english_words.txt``: wordfreq's most frequent words minus
  every Census first name, surname and place of the lexicons), in any case;
- words of the billing vocabulary (``vocab.STOPWORDS``, ``data/billing_words.txt``, state names): in any
  case when they are not also a name or a place of the lexicons, else only written in lower case;
- punctuation and spaces, and the masks themselves (so ``redact`` is idempotent).

Everything else is masked by kind: the screen's findings by their kind (``[NAME]``, ``[DATE]``, ``[SSN]`` ...),
then ``[PLACE]`` (a place of the lexicons), ``[NAME]`` (a name of the lexicons or a capitalised word),
``[WORD]`` (any other word), ``[DATE]`` (a day-level date shape) and ``[NUMBER]`` (any other token with digits).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import lru_cache

from pipelines.phi.findings import KINDS, Finding
from pipelines.phi.lexicon import lexicon
from pipelines.phi.vocab import STATES

MASKS = frozenset({*KINDS, "WORD", "NUMBER"})
# 2-character modifiers (CMS/AMA): numeric ones are 2 digits, handled as numbers; these are the letter ones
MODIFIERS = frozenset(
    """
    AA AD AE AF AG AH AI AJ AK AM AO AP AQ AR AS AT AU AV AW AX AY AZ BA BL BO BP BR BU CA CB CC CD CE CF CG CH
    CI CJ CK CL CM CN CO CP CQ CR CS CT DA EA EB EC ED EE EJ EM EP ER ET EX EY FB FC FP FQ FR FS FT FX FY GA GB
    GC GE GF GG GH GJ GK GL GM GN GO GP GQ GR GS GT GU GV GW GX GY GZ HA HB HC HD HE HF HG HH HI HJ HK HL HM HN
    HO HP HQ HR HS HT HU HV HW HX HY HZ JA JB JC JD JE JG JW JZ KA KB KC KD KE KF KG KH KI KJ KK KL KM KN KO KP
    KQ KR KS KT KU KV KW KX KY KZ LC LD LL LM LR LS LT LU MA MB MC MH MS NB NH NR NU PA PB PC PD PI PL PM PN PO
    PS PT Q0 Q1 Q2 Q3 Q4 Q5 Q6 Q7 Q8 Q9 QA QB QC QD QE QF QG QH QJ QK QL QM QN QP QQ QR QS QT QW QX QY QZ RA RB
    RC RD RE RI RR RT SA SB SC SD SE SF SG SH SJ SL SM SN SQ SS ST SU SV SW SY SZ TB TC TD TE TF TG TH TJ TK TL
    TM TN TP TQ TR TS TT TU TV TW U1 U2 U3 U4 U5 U6 U7 U8 U9 UA UB UC UD UE UF UG UH UJ UK UN UP UQ UR US V1 V2
    V3 V4 V5 V6 VM VP X1 X2 X3 X4 X5 XE XP XS XU E1 E2 E3 E4 F1 F2 F3 F4 F5 F6 F7 F8 F9 FA LT RT T1 T2 T3 T4 T5
    T6 T7 T8 T9 TA A1 A2 A3 A4 A5 A6 A7 A8 A9 G0 G1 G2 G3 G4 G5 G6 G7 G8 G9 J1 J2 J3 J4 J5 K0 K1 K2 K3 K4 M2
    N1 N2 N3 P1 P2 P3 P4 P5 P6 AI DR OT PT SLP DME
    """.split()
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_UNIT = (
    r"(?:units?|u|min|mins|minutes?|hrs?|hours?|days?|visits?|sessions?|wks?|weeks?|months?|mos?|x|times|claims?"
    r"|lines?|mg|ml|mcg|cc|lbs?|codes?|reports?|appeals?|denials?|modifiers?|pages?|sec|seconds?|calls?|rvus?)"
)
# One scan; the first alternative that matches at a position wins (order matters). Runs on the raw text.
_TOKEN = re.compile(
    r"(?P<mask>\[[A-Z_]+\])"
    r"|(?P<amount>\$\s?\d[\d,]*(?:\.\d{1,2})?|\d[\d,]*\.\d{2}(?=\s*(?:usd|dollars)\b))"
    r"|(?P<percent>\d{1,3}(?:\.\d{1,2})?\s?%)"
    r"|(?P<ndc>(?<![\w-])\d{4,5}-\d{3,4}-\d{1,2}(?![\w-]))"
    r"|(?P<ref>(?i:\b(?:(?:lcds?|lcas?|articles?|policy)\s*#?\s*[LA]\d{5}|ncds?\s*\d{1,3}(?:\.\d{1,2}){0,2}"
    r"|pub(?:lication)?\.?\s*100-\d{2}|(?:ch(?:apter)?s?|sections?)\.?\s*\d{1,3}(?:\.\d{1,3}){0,3}"
    r"|(?:cr|transmittal|mm)\s*#?\s*\d{4,5})(?![\w-])|§+\s*\d{1,3}(?:\.\d{1,3}){0,3}(?![\w-])))"
    r"|(?P<monthday>(?i:\b"
    + _MONTH
    + r"\.?\s+(?:the\s+)?(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\b(?!\s*"
    + _UNIT
    + r"\b)"
    r"|\b(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\b))"
    r"|(?P<monthyear>(?i:\b" + _MONTH + r"\.?,?\s+(?:19|20)\d{2}\b)"
    r"|(?<![\w/.-])(?:0?[1-9]|1[0-2])/(?:20[0-3]\d)(?![\w/-])"
    r"|(?<![\w/.-])20[0-3]\d-(?:0[1-9]|1[0-2])(?![\w/-]|-\d)"
    r"|(?i:\b(?:q[1-4]|fy|cy)\s?'?(?:20[0-3]\d|[0-3]\d)\b))"
    r"|(?P<carc>\b(?:CO|PR|OA|PI|CR)[- ]?(?:\d{1,3}|[A-Z]\d{1,2})\b)"
    r"|(?P<code>\b(?:[A-V]\d{4}|\d{4}[FTUM])(?:-[0-9A-Z]{2})*\b)"
    r"|(?P<cpt>(?<![\w.$,/-])\d{5}(?:-[0-9A-Z]{2})*(?![\w/-]|[.,]\d))"
    r"|(?P<icd>\b[A-TV-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?\b)"
    r"|(?P<rarc>\b(?:MA|N|M)\d{1,3}\b)"
    r"|(?P<counted>(?i:(?<![\w./-])\d{1,4}\s*-?\s*" + _UNIT + r"\b|\bx\s?\d{1,3}\b))"
    r"|(?P<year>(?<![\w/.-])20[0-3]\d(?![\w/-]|\.\d))"
    r"|(?P<ordinal>(?i:\b(?:[1-9]|10)(?:st|nd|rd|th)\b))"
    r"|(?P<small>(?<![\w/.-])(?:[1-8]?\d(?:\.\d{1,2})?)(?![\w/]|[.-]\d))"
    r"|(?P<dateish>(?<![\w/.-])\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{1,4})?(?![\w/]))"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*(?![\w'’]))"  # before "number": no backtracking over plain words
    r"|(?P<number>[\w'’]*\d[\w'’]*)"
    r"|(?P<wordpart>[^\W\d_]+)"
)
_DIGITS = re.compile(r"\d+")
_BIOMETRIC_WORDS = frozenset(
    "fingerprint fingerprints fingerprinted thumbprint voiceprint voiceprints retina retinal iris biometric "
    "biometrics palmprint".split()
)
_PHOTO_WORDS = frozenset(
    "photo photos photograph photographs photographed selfie selfies picture pictures headshot mugshot".split()
)
_NUMBER_WORDS = frozenset({"ninety", "hundred", "nineties", "centenarian", "nonagenarian"})
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class Vocabulary:
    english: frozenset[str]  # never a name or a place: any case
    billing: frozenset[str]  # billing words, state names: any case unless also a name/place
    names: frozenset[str]
    places: frozenset[str]
    first: frozenset[str]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    lex = lexicon()
    english = lex.english
    states = frozenset(w.lower() for name in STATES.values() for w in name.split())
    return Vocabulary(english, lex.stop | states, lex.first | lex.last, lex.places, lex.first)


@lru_cache(maxsize=65536)
def _word_cached(word: str) -> str | None:
    return _word(word, vocabulary())


def _word(word: str, vocab: Vocabulary) -> str | None:
    """None when the word may stay verbatim, else its mask kind."""
    low = word.lower()
    base = _POSSESSIVE.sub("", low).replace("’", "'")
    if base in _NUMBER_WORDS:
        return "NUMBER"  # "ninety-two", "a hundred and one": an age written in words
    if base in _BIOMETRIC_WORDS:
        return "BIOMETRIC"
    if base in _PHOTO_WORDS:
        return "PHOTO"
    if word.isupper() and len(word) <= 3 and (word in MODIFIERS or word in STATES):
        return None
    if base in vocab.english or low in vocab.english:
        return None
    nameish = base in vocab.names or base in vocab.places
    if base in vocab.billing and (word.islower() or not nameish):
        return None
    if len(word) == 1:
        return None  # a single letter (an initial, "x", "a") identifies no one
    if base in vocab.places and base not in vocab.first:
        return "PLACE"
    if base in vocab.names or word[:1].isupper():
        return "NAME"
    return "WORD"


def redact(text: str, findings: list[Finding] | None = None, codes: Collection[str] = ()) -> str:
    """The storable rendering of ``text``: findings masked by kind, then every token not provably safe.

    ``codes``: the 5-digit CPT codes that may stay verbatim (a bare 5-digit number outside it may be a ZIP).
    """
    if not text:
        return text
    vocab = vocabulary()
    out: list[str] = []
    pos = 0
    for f in sorted(findings or (), key=lambda f: f.start):
        if f.start < pos:
            continue
        out.append(_redact_span(text[pos : f.start], vocab, codes))
        out.append(f"[{f.kind}]")
        pos = f.end
    out.append(_redact_span(text[pos:], vocab, codes))
    return "".join(out)


# Every alternative of _TOKEN starts with one of these: the big pattern is tried only where a token can start
# (a cheap scan), not at every character as finditer would (same matches, several times faster).
_TOKEN_START = re.compile(r"[\w$§\[]")


def _tokens(text: str) -> Iterator[re.Match[str]]:
    search, match = _TOKEN_START.search, _TOKEN.match
    pos = 0
    while (start := search(text, pos)) is not None:
        m = match(text, start.start())
        if m is None:
            pos = start.start() + 1
            continue
        yield m
        pos = m.end()


def _redact_span(text: str, vocab: Vocabulary, codes: Collection[str]) -> str:
    parts: list[str] = []
    pos = 0
    for m in _tokens(text):
        kind = m.lastgroup
        token = m.group(0)
        mask: str | None
        if kind == "mask":
            mask = None if token[1:-1] in MASKS else "WORD"
        elif kind == "cpt":
            mask = None if token[:5] in codes else "NUMBER"
        elif kind == "icd":
            mask = None if token[1:3].isdigit() or "." in token else _short_code(token, vocab)
        elif kind == "counted":
            mask = _counted(token)
        elif kind in ("dateish", "monthday"):
            mask = "DATE"
        elif kind == "number":
            mask = _number(token)
        elif kind in ("word", "wordpart"):
            mask = _word_cached(token)
        else:
            mask = None
        if mask is not None:
            parts.append(text[pos : m.start()])
            parts.append(f"[{mask}]")
            pos = m.end()
    parts.append(text[pos:])
    return "".join(parts)


def _short_code(token: str, vocab: Vocabulary) -> str | None:
    """A letter + digit + letter token ("A1C"): an ICD-10 shape only with digits in positions 2-3."""
    return "NUMBER"


def _counted(token: str) -> str | None:
    """A count with its unit stays, except an age-like number of years ("92 years")."""
    match = _DIGITS.search(token)
    if match is None:
        return None
    value = int(match.group(0))
    if re.search(r"(?i)y(?:ea)?rs?|mos?|months?", token) and value >= 90:
        return "NUMBER"
    return None


def _number(token: str) -> str | None:
    """A token with digits that no safe shape claimed: a modifier/state-like 2-character code may stay."""
    if len(token) == 2 and token.isupper() and token in MODIFIERS:
        return None
    return "NUMBER"
