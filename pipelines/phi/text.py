"""A text under screening: the raw string, a same-length lower-case copy, and cheap cached gates.

Gates keep the screen fast: a recognizer's regex runs only when a substring test or a tiny regex says it can match.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# digits -> 9, lower-case letters -> a, upper-case -> A: "DOB 3/4/1950" -> "AAA 9/9/9999". Gates test the shape
# with substring searches, which cost a fraction of a regex scan.
_SHAPE = str.maketrans(
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "9" * 10 + "a" * 26 + "A" * 26
)


def _any(*needles: str) -> Callable[[Text], bool]:
    if len(needles) > 6:  # one scan for the alternation costs less than many substring searches
        search = re.compile("|".join(map(re.escape, needles))).search
        return lambda t: search(t.low) is not None

    def gate(t: Text) -> bool:
        low = t.low
        for n in needles:
            if n in low:
                return True
        return False

    return gate


def _shape(*needles: str) -> Callable[[Text], bool]:
    def gate(t: Text) -> bool:
        shape = t.shape
        for n in needles:
            if n in shape:
                return True
        return False

    return gate


def _search(pattern: str, lower: bool = False) -> Callable[[Text], bool]:
    compiled = re.compile(pattern)
    return lambda t: compiled.search(t.low if lower else t.raw) is not None


_AGE_WORDS = _any("y/o", "y.o", "yo", "yr", "year", "age", "turn", " is ")
# "(?<!\d)(?:9\d|1[01]\d)(?!\d)", written to start with a literal so that `re` skips ahead
_AGE_NUMBER = re.compile(r"9\d(?<!\d\d\d)(?!\d)|1[01]\d(?<!\d\d\d\d)(?!\d)")
_SSN_WORDS = _any("ssn", "ss#", " ss ", " ss:", "social", "soc ")
_MBI_SHAPE = re.compile("9AA9|9A99|9aa9|9a99")
_IPV4_SHAPE = re.compile(r"9\.9+\.9+\.9")
_TITLES = ("mr", "ms", "dr", "miss", "mx", "mister", "doctor", "nurse", "rev")
_SPACED_TITLES = _any(*(" " + w for w in _TITLES))
_TITLE_START = re.compile("|".join(_TITLES))

GATES: dict[str, Callable[[Text], bool]] = {
    "sep_digits": _shape("9/9", "9-9", "9.9", "9:9"),
    "digits5": _shape("99999"),
    "digits8": _shape("99999999"),
    "digits9": _shape("999999999"),
    "mbi_shape": lambda t: _MBI_SHAPE.search(t.shape) is not None,
    "hicn": _shape("9999A"),
    "vin": lambda t: "99999" in t.shape and max(map(len, t.shape.split())) >= 17,
    "six_digits": _shape("999999"),
    "phone_tail": _shape("999-9999", "999 9999", "999.9999"),
    "ssn_tail": _shape("99-9999", "99 9999", "99.9999"),
    "at_sign": lambda t: "@" in t.raw,
    "url": _any(
        "://",
        "www.",
        ".com",
        ".org",
        ".net",
        ".gov",
        ".edu",
        ".io",
        ".us",
        ".info",
        ".biz",
        ".me",
        ".co",
        ".health",
        ".care",
        ".mil",
    ),
    "ipv4": lambda t: t.shape.count(".") >= 3 and _IPV4_SHAPE.search(t.shape) is not None,
    "hex_colon": lambda t: "::" in t.raw or t.raw.count(":") >= 5 or t.raw.count("-") >= 5,
    "zip_state": lambda t: (
        "AA 99999" in t.shape
        or "AA, 99999" in t.shape
        or "AA. 99999" in t.shape
        or (", A" in t.raw and ("a 99999" in t.shape or "a, 99999" in t.shape))
    ),
    "ordinal": _search(r"the \d{1,2}(?:st|nd|rd|th)\b", lower=True),
    "months": _any("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    "age": lambda t: _AGE_NUMBER.search(t.raw) is not None and (_AGE_WORDS(t) or "99A" in t.shape),
    # "92M", "96 F", "93yo f": an age number then m/f; written literal-first so that `re` skips ahead
    "age_sex": _search(r"9\d ?(?:yo ?|y/o ?)?[mf]\b|1[01]\d ?(?:yo ?|y/o ?)?[mf]\b", lower=True),
    "ssn_words": lambda t: t.low.startswith("ss") or _SSN_WORDS(t),
    "masked": _any("xxx", "***", "###"),
    "birth_words": _any("dob", "d.o.b", "birth", "born"),
    "zip_words": _any("zip", "postal"),
    "udi": lambda t: "(01)" in t.raw,
    "titles": lambda t: _TITLE_START.match(t.low) is not None or _SPACED_TITLES(t),
    "all_caps": _shape("AAA"),
    "box": _any("box"),
    "county_words": _any("county", "parish", "borough", "township", "twp"),
}


_WORD = re.compile(r"[a-z0-9']+")


class Text:
    __slots__ = ("raw", "low", "shape", "_gates", "_words")

    def __init__(self, raw: str) -> None:
        self.raw = raw
        low = raw.lower()
        if len(low) != len(raw):  # a few non-ASCII letters lower-case to two characters: keep offsets aligned
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in raw)
        self.low = low
        self.shape = raw.translate(_SHAPE)
        self._gates: dict[str, bool] = {}
        self._words: list[str] | None = None

    @property
    def words(self) -> list[str]:
        """The lower-case words (letters, digits, apostrophes), computed on first use; for
        ``frozenset.isdisjoint`` (a list: building a set of them costs more than it saves)."""
        if self._words is None:
            self._words = _WORD.findall(self.low)
        return self._words

    def gate(self, name: str) -> bool:
        value = self._gates.get(name)
        if value is None:
            value = self._gates[name] = GATES[name](self)
        return value
