"""Deny-by-default redaction: only provably safe tokens survive verbatim; idempotent; the word lists are honest."""

from __future__ import annotations

import pytest

from pipelines.phi import screen
from pipelines.phi.lexicon import lexicon
from pipelines.phi.redact import redact

CODES = frozenset({"97110", "97530", "99213", "20610"})


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        # billing vocabulary, codes, amounts, counts, month-year survive
        (
            "97110 denied CO-97 N20, paid $12.50 of $40.00, 4 units 30 min, January 2025, Q3 2025",
            "97110 denied CO-97 N20, paid $12.50 of $40.00, 4 units 30 min, January 2025, Q3 2025",
        ),
        ("dx M17.11 S72.001A NDC 0002-1433-80 per LCD L33631, 99213-25 with GP KX XU", None),
        ("Pub 100-04 ch.12 §20.4.3 and CR 13452: 50 % of the fee schedule", None),
        # unknown words, names, places, day-level dates, other numbers are masked by kind
        ("called Okonkwo re 97110", "called [NAME] re 97110"),
        ("pt in Yakima said so", "pt in [PLACE] said so"),
        # "born", "old", "say" are Census surnames too: removed from the English list, masked
        ("dob 09 14 1946", "dob [NUMBER] 14 [NUMBER]"),
        ("seen march 3 2025", "seen [DATE] 2025"),
        ("ref 4417b and 98901", "ref [NUMBER] and [NUMBER]"),
        ("pt is ninety-two", "pt is [NUMBER]-two"),
        ("92 years old, 5 years of therapy", "[NUMBER] years [NAME], 5 years of therapy"),
        ("fingerprint and photo on file", "[BIOMETRIC] and [PHOTO] on file"),
        ("soc sec 412-77-9031", "soc sec [DATE]"),
    ],
)
def test_what_survives(text: str, stored: str | None) -> None:
    assert redact(text, codes=CODES) == (text if stored is None else stored)


def test_five_digit_numbers_survive_only_as_known_codes() -> None:
    assert redact("97110 and 43215", codes=CODES) == "97110 and [NUMBER]"
    assert redact("97110", codes=frozenset()) == "[NUMBER]"


def test_findings_are_masked_by_their_kind_first() -> None:
    text = "pt Ann Lee DOB 3/4/1941 called re 97110 CO-97"
    assert redact(text, screen(text), CODES) == "pt [NAME] DOB [DATE] called re 97110 CO-97"


def test_name_words_survive_only_lower_case_as_billing_vocabulary() -> None:
    # "will" and "bill" are billing words and first names: kept written lower case, masked as a name otherwise
    assert redact("we will bill Bill Will", codes=CODES) == "we will bill [NAME] [NAME]"


@pytest.mark.parametrize(
    "text",
    ["Gladys Whitaker 2x, 97110 CO-97", "rosa muñoz 04MAR1952 (512) 555-0198", "[NAME] [MBI] [[x]] ok"],
)
def test_idempotent(text: str) -> None:
    once = redact(text, screen(text), CODES)
    assert redact(once, screen(once), CODES) == once


def test_english_list_has_no_name_or_place() -> None:
    lex = lexicon()
    assert len(lex.english) > 15_000
    assert not lex.english & (lex.first | lex.last | lex.places)
    assert {"denied", "the", "therapy", "documentation"} <= lex.english | lex.stop
