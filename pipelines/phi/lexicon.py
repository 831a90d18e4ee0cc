"""Name and place lexicons (US Census names, GeoNames cities, Census counties), loaded once on first use."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipelines.phi.vocab import STATES, STOPWORDS

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Lexicon:
    first: frozenset[str]
    last: frozenset[str]
    places: frozenset[str]  # lower-case, multi-word places keep their single spaces
    stop: frozenset[str]
    english: frozenset[str] = (
        frozenset()
    )  # common English words that are no name or place (english_words.txt)
    ambiguous: frozenset[str] = frozenset()  # names that are also very common words (name_words.txt)

    def is_first(self, word: str) -> bool:
        w = word.lower()
        return w in self.first and w not in self.stop

    def is_last(self, word: str) -> bool:
        w = word.lower()
        return w in self.last and w not in self.stop

    def is_name(self, word: str) -> bool:
        w = word.lower()
        return (w in self.first or w in self.last) and w not in self.stop

    def is_place(self, words: str) -> bool:
        w = words.lower()
        return w in self.places and w not in self.stop


def _words(name: str) -> frozenset[str]:
    return frozenset(
        line.strip() for line in (DATA / name).read_text(encoding="ascii").splitlines() if line.strip()
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    state_words = {w.lower() for name in STATES.values() for w in name.split()}
    stop = STOPWORDS | _words("billing_words.txt") | state_words
    places = _words("places.txt") - {s.lower() for s in STATES.values()}
    return Lexicon(
        first=_words("first_names.txt"),
        last=_words("last_names.txt"),
        places=places,
        stop=stop,
        english=_words("english_words.txt"),
        ambiguous=_words("name_words.txt"),
    )
