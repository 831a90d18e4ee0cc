"""Recognizers for free-form identifiers: person names, street addresses and places below the state."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from pipelines.phi.findings import Candidate
from pipelines.phi.lexicon import Lexicon, lexicon
from pipelines.phi.text import GATES, Text
from pipelines.phi.vocab import STATE_CODES, STATE_NAMES, STATES

NAME_PRIORITY, CONTEXT_NAME_PRIORITY, ADDRESS_PRIORITY, PLACE_PRIORITY = 50, 55, 70, 45
_I = re.IGNORECASE

TOKEN = r"(?:[A-Z]'[A-Z][a-z]+|(?:Mc|Mac|De|Di|Du|La|Le|Van|Von|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
INITIAL = r"(?:[A-Z]\.?\s+)"
NAME_RE = TOKEN + r"(?:\s+" + INITIAL + r"?" + TOKEN + r")?"
_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Drs|Mister|Doctor|Nurse|Rev)\.?\s+(" + NAME_RE + r")")
_TITLE_CAPS = re.compile(r"\b(?:MR|MRS|MS|DR)\.?\s+([A-Z]{2,}(?:\s+[A-Z]{2,})?)\b")
_TITLE_LOWER = re.compile(r"\b(?:mr|mrs|ms|dr)\.?\s+([a-z]{2,}(?:\s+[a-z]{2,})?)\b")
_CONTEXT = (
    r"\b(?:patient's|patient|pt's|pt|member|mbr|beneficiary|bene|insured|subscriber|guarantor|mother|father|mom|dad"
    r"|wife|husband|spouse|daughter|son|parent|guardian|caregiver|granddaughter|grandson|grandmother|grandfather"
    r"|niece|nephew|sister|brother|aunt|uncle|cousin|friend|neighbor|fiance|partner|poa|widow|widower"
    r"|spoke\s+(?:with|to|w/)|talked\s+(?:with|to|w/)|named|aka|signed\s+by|attn:?|c/o|resp(?:onsible)?\s+party"
    r"|name)(?:\s+name)?(?:\s+(?:is|was))?(?!\w)[\s:,(-]*"
)
# the first word of every _CONTEXT alternative: when none is in the text, the context scan is skipped
_CONTEXT_KEYWORDS = frozenset(
    "patient's patient pt's pt member mbr beneficiary bene insured subscriber guarantor mother father mom dad wife "
    "husband spouse daughter son parent guardian caregiver granddaughter grandson grandmother grandfather niece "
    "nephew sister brother aunt uncle cousin friend neighbor fiance partner poa widow widower spoke talked named "
    "aka signed attn c resp responsible name".split()
)
_CONTEXT_WORD = re.compile(_CONTEXT)  # on the lower-case copy; the name after it is matched on the raw text
_NAME_AT = re.compile(NAME_RE)
_LOWER_PAIR_AT = re.compile(r"([a-z][a-z'-]+\s+[a-z][a-z'-]+)\b")
_AFTER = (
    r"(?=\s+(?:called|calls|states|stated|said|says|came|no-showed|wants|asked|emailed|paid|got|disputes|disputing"
    r"|DOB|DOS|MBI|SSN|MRN|mbr|acct|dob|dos)\b|'s\b)"
)
_NAME_THEN_VERB = re.compile(r"(?<![\w'])(" + NAME_RE + r")" + _AFTER)
_NAME_PAREN = re.compile(
    r"(?<![\w'])(" + NAME_RE + r")\s*\((?:the\s+)?(?:pt|patient|member|insured|guarantor)\b"
)
_PLACE_THEN_NOUN = re.compile(
    r"\b(" + TOKEN + r"(?:\s+" + TOKEN + r")?)(?=\s+(?:pt|patient|resident|clinic|office|location)\b)"
)
_NOTE_START = re.compile(r"(?:^|\n)\s*(" + TOKEN + r",?\s+" + TOKEN + r")(?=\s*(?:[-—(:,]|\d|$))")
_RUN = re.compile(TOKEN + r"(?:\s+" + INITIAL + r"?" + TOKEN + r")+")
_LAST_FIRST = re.compile(r"\b(" + TOKEN + r"),\s*(" + TOKEN + r")\b")
_CAPS_PAIR = re.compile(r"\b([A-Z][A-Z']+(?:-[A-Z]+)?),?\s+([A-Z][A-Z']+(?:-[A-Z]+)?)\b")

_SUFFIX = (
    r"Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Circle|Cir|Place|Pl|Terrace|Ter"
    r"|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Square|Sq|Loop|Pike|Plaza|Alley|Crossing|Xing|Cove|Cv|Bend|Ridge|Run"
    r"|Point|Pointe|Landing|Heights|Hts|Walk|Commons|Row|Path|Glen|Hollow|Creek|Meadows?|Springs|Vista|Manor"
    r"|Harbor|Knoll|Mews|Shores?|Turnpike|Tpke|Expressway|Expy|Freeway|Fwy"
)
# gate of the street rules: one of the suffixes is a word of the text ("meadows?" gives meadow and meadows)
_SUFFIX_KEYWORDS = frozenset(
    w for alt in _SUFFIX.lower().split("|") for w in ((alt[:-2], alt[:-1]) if alt.endswith("s?") else (alt,))
)
_UNIT = r"(?:,?\s*(?:Apt|Apartment|Unit|Suite|Ste|Bldg|Lot|Rm|#)\.?\s*#?\s*[A-Za-z0-9-]+)?"
_STREET = re.compile(
    r"\b(\d{1,6}[A-Za-z]?\s+(?:[NSEW]\.?\s+|North\s+|South\s+|East\s+|West\s+)?(?:\d{1,3}(?:st|nd|rd|th)\s+|"
    + TOKEN
    + r"\s+|Jr\.?\s+){1,4}(?:"
    + _SUFFIX
    + r")\b\.?"
    + _UNIT
    + r")"
)
_STREET_LOWER = re.compile(
    r"\b(\d{1,6}\s+(?:[a-z]+\s+){1,3}(?:street|st|avenue|ave|road|rd|boulevard|blvd|drive|lane|ln|court|parkway"
    r"|highway|hwy)\b\.?(?:,?\s*(?:apt|unit|suite|ste|#)\.?\s*[a-z0-9-]+)?)(?=\s*(?:,|$|\.|;|\n|apt|unit|in\b))"
)
_CITY_AFTER_ADDRESS = re.compile(
    r",\s*(" + TOKEN + r"(?:\s+" + TOKEN + r")?)(?=\s*(?:[,;.]|$|\s+[A-Z]{2}\b))"
)
_PO_BOX = re.compile(r"\b((?:P\.?\s?O\.?\s*Box|Post\s+Office\s+Box)\s*#?\s*\d+)", _I)
_RURAL = re.compile(r"\b((?:RR|Rural\s+Route|HC|Star\s+Route)\s*#?\s*\d+,?\s*Box\s*\d+)", _I)
_COUNTY = re.compile(
    r"\b(" + TOKEN + r"(?:\s+" + TOKEN + r"){0,2}\s+(?:County|Parish|Borough|Township|Twp))\b"
)
_CITY_STATE = re.compile(
    r"\b(" + TOKEN + r"(?:\s+" + TOKEN + r"){0,2})(,?)\s+(" + STATE_CODES + "|" + STATE_NAMES + r")\b(?!-)"
)
# Codes that are also billing words (MA = Medicare Advantage, PA, CO and PR group codes, OT ...): a state only after a comma
_AMBIGUOUS_STATES = {
    "MA",
    "PA",
    "CO",
    "PR",
    "OR",
    "IN",
    "ME",
    "OK",
    "ID",
    "DE",
    "HI",
    "AS",
    "MD",
    "GA",
    "LA",
    "MS",
}
# A place followed by one of these words names an organisation ("Superior HealthPlan", "Horizon NJ Health")
_ORG_AFTER = re.compile(
    r"\s+(?:[A-Z]{2}\s+)?(?:Health\w*|Hospital|Medical|Clinic|Plans?|Community|Regional|Memorial|Physicians"
    r"|Therapy|Rehab\w*|Orthopedic\w*|Surg\w*|Center|Network|Care\w*|Blue\w*|Choice|Select\w*|Advantage"
    r"|Medicaid|Medicare|Family|Children's|Specialty|Partners|Group|Associates|Mutual|Insurance)\b"
)
_LOCATIVE = re.compile(
    r"\b(?:in|at|from|near|lives\s+in|resides\s+in|moved\s+to|located\s+in|town\s+of|city\s+of|outside(?:\s+of)?"
    r"|to)\s+(?:our\s+|the\s+)?(" + TOKEN + r"(?:\s+" + TOKEN + r"){0,2})"
)


def _norm(word: str) -> str:
    return word.lower().replace("'", "").rstrip(".")


def _census(lex: Lexicon, word: str) -> bool:
    w = _norm(word)
    return (w in lex.first or w in lex.last or all(p in lex.last for p in w.split("-"))) and w not in lex.stop


def _plain(lex: Lexicon, words: list[str]) -> bool:
    """No word is billing vocabulary or a state: the words can be a person's name."""
    return not any(_norm(w) in lex.stop for w in words)


def _weak_plain(lex: Lexicon, words: list[str]) -> bool:
    """For rules without a context word: also no word that is only a place ("Tucson"), not a surname ("Houston")."""
    return _plain(lex, words) and not any(lex.is_place(w) and not _census(lex, w) for w in words)


def _names(t: Text, lex: Lexicon, runs: list[re.Match[str]]) -> Iterator[Candidate]:
    text = t.raw
    if t.gate("titles"):
        for m in _TITLE.finditer(text):
            words = m.group(1).split()
            if _plain(lex, words[:1]):
                end = m.end(1) if _plain(lex, words[-1:]) else m.start(1) + len(words[0])
                yield Candidate("NAME", m.start(1), end, "title", CONTEXT_NAME_PRIORITY)
        for pattern, rule in ((_TITLE_CAPS, "title_caps"), (_TITLE_LOWER, "title_lower")):
            for m in pattern.finditer(text):
                words = m.group(1).split()
                if _census(lex, words[0]):
                    end = (
                        m.end(1) if len(words) == 2 and _census(lex, words[1]) else m.start(1) + len(words[0])
                    )
                    yield Candidate("NAME", m.start(1), end, rule, CONTEXT_NAME_PRIORITY)
    for c in _CONTEXT_WORD.finditer(t.low) if not _CONTEXT_KEYWORDS.isdisjoint(t.words) else ():
        m = _NAME_AT.match(text, c.end())
        if m is not None:
            words = m.group(0).split()
            if _plain(lex, words[:1]) and len(words) > 1 and _plain(lex, words[-1:]):
                yield Candidate("NAME", m.start(), m.end(), "context", CONTEXT_NAME_PRIORITY)
            elif _plain(lex, words[:1]) and _census(lex, words[0]):
                yield Candidate(
                    "NAME", m.start(), m.start() + len(words[0]), "context", CONTEXT_NAME_PRIORITY
                )
            continue
        m = _LOWER_PAIR_AT.match(text, c.end())
        if m is not None:
            first, last = m.group(1).split()
            if lex.is_first(first) and lex.is_last(last):
                yield Candidate("NAME", m.start(), m.end(), "context_lower", CONTEXT_NAME_PRIORITY)
    if not t.gate("plain_caps"):
        return
    for pattern, rule in ((_NAME_THEN_VERB, "name_then_verb"), (_NOTE_START, "note_start")):
        for m in pattern.finditer(text):
            words = m.group(1).replace(",", " ").split()
            if len(words) > 1 and _weak_plain(lex, words):
                yield Candidate("NAME", m.start(1), m.end(1), rule, NAME_PRIORITY)
    for m in _NAME_PAREN.finditer(text):
        words = m.group(1).split()
        if _plain(lex, words) and (len(words) > 1 or _census(lex, words[0])):
            yield Candidate("NAME", m.start(1), m.end(1), "name_paren", NAME_PRIORITY)
    for m in runs:
        yield from _runs(m.group(0), m.start(), lex)
    for m in _LAST_FIRST.finditer(text):
        a, b = m.group(1), m.group(2)
        if _plain(lex, [a, b]) and (_census(lex, a) or _census(lex, b)):
            yield Candidate("NAME", m.start(1), m.end(2), "last_first", NAME_PRIORITY)


def _caps_names(t: Text, lex: Lexicon) -> Iterator[Candidate]:
    for m in _CAPS_PAIR.finditer(t.raw):
        a, b = m.group(1), m.group(2)
        comma = "," in t.raw[m.end(1) : m.start(2)]
        if len(a) < 3 or len(b) < 3 or not _plain(lex, [a, b]):
            continue  # two-letter tokens are modifiers and state codes (XU, GP, TX), not names
        if (lex.is_first(a) and _census(lex, b)) or (comma and (_census(lex, a) or _census(lex, b))):
            yield Candidate("NAME", m.start(1), m.end(2), "caps_pair", NAME_PRIORITY)


def _runs(run: str, offset: int, lex: Lexicon) -> Iterator[Candidate]:
    """In a run of capitalised words: a Census first name, an optional initial, then a plausible surname."""
    tokens = [(t.group(0), t.start()) for t in re.finditer(r"[A-Z]'?[A-Za-z'-]*\.?", run)]
    i = 0
    while i < len(tokens) - 1:
        word, start = tokens[i]
        j = i + 1
        if len(tokens[j][0].rstrip(".")) == 1 and j + 1 < len(tokens):
            j += 1  # middle initial
        surname = tokens[j][0]
        if lex.is_first(word) and _weak_plain(lex, [word, surname]) and len(surname.rstrip(".")) > 1:
            end = tokens[j][1] + len(surname.rstrip("."))
            yield Candidate("NAME", offset + start, offset + end, "first_last", NAME_PRIORITY)
            i = j + 1
        else:
            i += 1


def _addresses(t: Text) -> Iterator[Candidate]:
    rules = []
    if not _SUFFIX_KEYWORDS.isdisjoint(t.words):
        rules += [(_STREET, "street"), (_STREET_LOWER, "street_lower")]
    if t.gate("box"):
        rules += [(_PO_BOX, "po_box"), (_RURAL, "rural_route")]
    for pattern, rule in rules:
        for m in pattern.finditer(t.raw):
            yield Candidate("ADDRESS", m.start(1), m.end(1), rule, ADDRESS_PRIORITY)
            city = _CITY_AFTER_ADDRESS.match(t.raw, m.end(1))
            if city and not any(_norm(w) in lexicon().stop for w in city.group(1).split()):
                yield Candidate("PLACE", city.start(1), city.end(1), "city_after_address", PLACE_PRIORITY)


def _places(t: Text, lex: Lexicon, runs: list[re.Match[str]]) -> Iterator[Candidate]:
    text = t.raw
    for m in _COUNTY.finditer(text) if t.gate("county_words") else ():
        words = m.group(1).split()[:-1]
        if not any(w.lower() in lex.stop for w in words) or lex.is_place(" ".join(words)):
            yield Candidate("PLACE", m.start(1), m.end(1), "county", PLACE_PRIORITY)
    for m in _CITY_STATE.finditer(text):
        zip_follows = re.match(r"\s+\d{5}\b", text[m.end(3) : m.end(3) + 7]) is not None
        state_is_word = not m.group(2) and m.group(3) in _AMBIGUOUS_STATES and not zip_follows
        if state_is_word or _ORG_AFTER.match(text, m.end(3)) or _ORG_AFTER.match(text, m.end(1)):
            continue
        words = m.group(1).split()
        for k in range(len(words)):  # drop leading sentence words: "Seen in Springfield, IL" -> "Springfield"
            tail = words[k:]
            if lex.is_place(" ".join(tail)) or not any(w.lower() in lex.stop for w in tail):
                start = m.start(1) + len(" ".join(words[:k])) + (1 if k else 0)
                yield Candidate("PLACE", start, m.end(1), "city_state", PLACE_PRIORITY)
                break
    for m in _PLACE_THEN_NOUN.finditer(text):
        if lex.is_place(m.group(1)) and not _census(lex, m.group(1)):
            yield Candidate("PLACE", m.start(1), m.end(1), "place_then_noun", PLACE_PRIORITY)
    for m in _LOCATIVE.finditer(text):
        words = m.group(1).split()
        for n in range(len(words), 0, -1):
            if lex.is_place(" ".join(words[:n])) and not _ORG_AFTER.match(
                text, m.start(1) + len(" ".join(words[:n]))
            ):
                yield Candidate(
                    "PLACE",
                    m.start(1),
                    m.start(1) + len(" ".join(words[:n])),
                    "locative_city",
                    PLACE_PRIORITY,
                )
                break
    for m in runs:
        words = [(w.group(0), w.start()) for w in re.finditer(r"\S+", m.group(0))]
        for i in range(len(words) - 1):
            for n in (3, 2):
                window = words[i : i + n]
                if len(window) == n and lex.is_place(" ".join(w for w, _ in window)):
                    end = m.start() + window[-1][1] + len(window[-1][0])
                    if _ORG_AFTER.match(text, end):
                        break
                    yield Candidate("PLACE", m.start() + window[0][1], end, "multiword_city", PLACE_PRIORITY)
                    break


def _has_plain_caps(t: Text) -> bool:
    stop = lexicon().stop
    return any(_norm(w) not in stop for w in _CAP_WORD.findall(t.raw))


_CAP_WORD = re.compile(r"[A-Z][a-z][A-Za-z'-]*")
GATES["plain_caps"] = _has_plain_caps


def free_form(t: Text) -> Iterator[Candidate]:
    lex = lexicon()
    runs = list(_RUN.finditer(t.raw)) if t.gate("plain_caps") else []
    yield from _names(t, lex, runs)
    yield from loose_names(t, lex)
    yield from lower_places(t, lex)
    if t.gate("all_caps"):
        yield from _caps_names(t, lex)
    yield from _addresses(t)
    if runs or t.gate("plain_caps"):
        yield from _places(t, lex, runs)


# --- Names without the usual shapes (issue 20): no cue word, diacritics, common words in name position,
# lower case, surname only. A word is "safe" when it is billing vocabulary, a common English word that is no
# name, a payer word, a month or weekday or a state: a name candidate has no safe word.
_UWORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_NAME_VERBS = (
    "called calls states stated said says came wants asked emailed paid disputes disputed requested refused "
    "agreed owes paying pays no-showed cancelled canceled denies reports complained phoned texted left signed "
    "brought dropped handles mailed sent"
).split()
# after a lone surname at the start of a sentence, words that make it a person's ("Kowalczyk account went")
_PERSONS_THING = frozenset(
    "account balance statement family household copay deductible secondary primary".split()
)
_BEFORE_NAME = re.compile(
    r"(?:\b(?:per|for|with|to|from|by|called|call|calling|told|asked|emailed|texted|thanked|message\s+for|appeal\s+for"
    r"|spoke\s+to|spoke\s+with|talked\s+to|reached|contacted|informed|and)\s+)$"
)
_FAMILY = frozenset(
    "pt patient member insured daughter son wife husband mother father mom dad spouse guardian caregiver sister "
    "brother granddaughter grandson niece nephew aunt uncle friend neighbor guarantor".split()
)
_ORG_OR_EPONYM_AFTER = re.compile(
    r"\s*(?:'s\s+|’s\s+)?(?:disease|syndrome|palsy|test|tests|sign|maneuver|manoeuvre|method|technique|approach"
    r"|procedure|repair|fracture|cyst|contracture|score|scale|criteria|classification|lymphoma|dementia"
    r"|tenosynovitis|tendinitis|tendonitis|thyroiditis|injury|exercises?|mobilization|surgery|reconstruction"
    r"|operation|protocol|splint|brace|lesion|deformity|phenomenon|reflex|release|osteotomy|neuroma|ulcer"
    r"|sarcoma|anomaly|reaction|law|line|node|bursitis|arthroplasty|block|incision|position|stage|graft|flap"
    r"|shunt|valve|toe|knee|elbow|finger|thumb|foot|neuralgia|disorder|anemia|tumou?r|cell|cells|esophagus"
    r"|hernia|diverticulum|ligament|tendon|nerve|canal|bone|muscle|joint|space|area|point|angle|triad|formula"
    r"|equation|index|questionnaire|inventory|assessment|screen|criteria|rule|rules|view|views|cast|traction"
    r"|health\w*|hospital|medical|clinic|plan|plans|insurance|care|network|group|partners|associates|blue\w*"
    r"|mutual|community|physicians|choice|select|advantage|alliance|system|systems|center|centre|university"
    r"|college|labs?|laboratory|pharmacy|rx|software|portal|ehr|emr|inc|llc|corp|co\b)\b",
    re.IGNORECASE,
)


_ORG_WORD = re.compile(r"(?:Health|Blue|Care|Medi|Plan|Insur|Mutual|Cross|Shield)", re.IGNORECASE)


def _token_class(lex: Lexicon, word: str) -> str:
    """safe / place / name / unknown for one word as written (case matters for 'safe')."""
    return _token_class_cached(word)


@lru_cache(maxsize=65536)
def _token_class_cached(word: str) -> str:
    lex = lexicon()
    low = _fold(word.lower().replace("’", "'"))
    base = low[:-2] if low.endswith("'s") else low
    if base in lex.english or base in lex.stop:
        return "safe"
    parts = base.split("-")
    if all(p in lex.english or p in lex.stop for p in parts):
        return "safe"
    if lex.is_place(base):
        return "place"
    if base in lex.first or base in lex.last or any(p in lex.last for p in parts):
        return "name"
    return "unknown"


def _fold(word: str) -> str:
    """ "josé" -> "jose", "café" -> "cafe": the ASCII lexicons looked up without diacritics."""
    if word.isascii():
        return word
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")


def _titled(word: str) -> bool:
    return word[:1].isupper() and any(c.islower() for c in word[1:])


_UPPER_WORD = r"[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:['’-][^\W\d_]+)*"
# a run of capitalised words separated by one or two spaces, an initial ("P.") may sit inside
_UPPER_RUN = re.compile(
    r"(?<![\w'’-])" + _UPPER_WORD + r"(?:[ ]{1,2}(?:[A-Z]\.?[ ]{1,2})?" + _UPPER_WORD + r")*"
)


_UPPER_WORDS = re.compile(_UPPER_WORD)


def loose_names(t: Text, lex: Lexicon) -> Iterator[Candidate]:
    text = t.raw
    # speed: the run analysis only when a capitalised word is not safe, or is a first name ("Will Price")
    for word in _UPPER_WORDS.findall(text):
        if _worth_a_look(word):
            yield from _loose_runs(t, lex)
            break
    yield from _lower_names(t, lex)


@lru_cache(maxsize=65536)
def _worth_a_look(word: str) -> bool:
    """A capitalised word that is not safe, or a first name that is also a safe word ("Will", "Grace")."""
    return _token_class_cached(word) != "safe" or word.lower() in lexicon().first


def _loose_runs(t: Text, lex: Lexicon) -> Iterator[Candidate]:
    text = t.raw
    for m in _UPPER_RUN.finditer(text):
        run: list[tuple[str, int, int]] = []
        for w in _UWORD.finditer(text, m.start(), m.end()):
            word = w.group(0)
            if _titled(word) or (len(word) == 1 and word.isupper()):
                run.append((word, w.start(), w.end()))
                continue
            if run:  # an all-caps word ("NCCI") ends the run
                yield from _run_names(t, lex, run)
            run = []
        if run:
            yield from _run_names(t, lex, run)


def _run_names(t: Text, lex: Lexicon, run: list[tuple[str, int, int]]) -> Iterator[Candidate]:
    text = t.raw
    names = [w for w in run if len(w[0]) > 1]
    if not names:
        return
    classes = [_token_class(lex, w[0]) for w in names]
    if len(names) > 2 and "safe" in classes:
        return  # a title-case phrase with a common word in it ("Medicare Advantage Plan"): no name run
    start, end = run[0][1], run[-1][2]
    after = _ORG_OR_EPONYM_AFTER.match(text, end)
    before = text[max(0, start - 24) : start].lower()
    name_position = (
        _BEFORE_NAME.search(before) is not None
        or _next_word(text, end) in _NAME_VERBS
        or (text[end : end + 2] in ("'s", "’s"))
    )
    if after is not None or any(_ORG_WORD.match(w[0]) for w in names):
        return
    if "safe" not in classes and any(c in ("name", "unknown") for c in classes):
        if len(names) >= 2:
            yield Candidate("NAME", start, end, "loose_run", NAME_PRIORITY)
        elif name_position or (
            classes[0] == "name"
            and (not _sentence_start(text, start) or _next_word(text, end) in _PERSONS_THING)
        ):
            yield Candidate("NAME", start, end, "loose_single", NAME_PRIORITY - 5)
        return
    if len(names) == 2 and name_position:  # "Will Price disputes", "message for Grace Young"
        first, last = names[0][0].lower(), names[1][0].lower()
        if first in lex.first and (last in lex.last or last in lex.first):
            yield Candidate("NAME", start, end, "common_word_name", NAME_PRIORITY)


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".;:!?\n-—("


def _next_word(text: str, end: int) -> str:
    m = _UWORD.search(text, end, min(len(text), end + 24))
    return m.group(0).lower() if m else ""


_STATE_WORDS = frozenset(w.lower() for name in STATES.values() for w in name.split())
_LOWER_LOCATIVE = re.compile(
    r"\b(?:lives\s+in|living\s+in|resides\s+in|moved\s+to|relocated\s+to|from|in|near|outside(?:\s+of)?)\s+"
    r"([a-z]+(?:\s+[a-z]+){0,2})"
)


def lower_places(t: Text, lex: Lexicon) -> Iterator[Candidate]:
    """ "lives in east los angeles": a lower-case place of the lexicons after a locative word."""
    if _place_tokens().isdisjoint(t.words):
        return
    for m in _LOWER_LOCATIVE.finditer(t.raw):
        words = m.group(1).split()
        for n in range(len(words), 0, -1):
            place = " ".join(words[:n])
            if lex.is_place(place) and not all(w in lex.english or w in lex.stop for w in words[:n]):
                yield Candidate(
                    "PLACE", m.start(1), m.start(1) + len(place), "lower_locative", PLACE_PRIORITY
                )
                break


def _lower_names(t: Text, lex: Lexicon) -> Iterator[Candidate]:
    """ "called jerome washington", "daughter keisha": lower-case Census names that are no common words."""
    if _strong_first_names().isdisjoint(t.words):
        return
    words = [(m.group(0), m.start(), m.end()) for m in _UWORD.finditer(t.raw)]
    for k, (word, start, end) in enumerate(words):
        if (
            not word.islower()
            or word not in lex.first
            or word in lex.stop
            or word in lex.english
            or word in lex.ambiguous
        ):
            continue
        nxt = words[k + 1] if k + 1 < len(words) and words[k + 1][1] - end <= 2 else None
        surname = nxt[0] if nxt else ""
        if (
            surname.islower()
            and surname in lex.last
            and surname not in lex.english
            and (surname not in lex.stop or surname in _STATE_WORDS)
        ):
            yield Candidate("NAME", start, nxt[2], "lower_pair", NAME_PRIORITY)
        elif k > 0 and words[k - 1][0].lower() in _FAMILY and start - words[k - 1][2] <= 2:
            yield Candidate("NAME", start, end, "lower_after_family", NAME_PRIORITY)


@lru_cache(maxsize=1)
def _strong_first_names() -> frozenset[str]:
    lex = lexicon()
    return frozenset(lex.first - lex.stop - lex.english - lex.ambiguous)


@lru_cache(maxsize=1)
def _place_tokens() -> frozenset[str]:
    """Words of the places that are no common word: a lower-case place needs one of them in the text."""
    lex = lexicon()
    return frozenset(w for p in lex.places for w in p.split() if w not in lex.english and w not in lex.stop)
