"""Themes derived from free text at intake (pipelines/intake/themes.py)."""

from __future__ import annotations

import pytest

from pipelines.intake.themes import NAMES, themes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no auth on file for 97110", ["authorization_missing"]),
        ("prior authorization expired before the visit", ["authorization_missing"]),
        ("payer requested additional documentation, notes not signed", ["documentation_missing"]),
        ("97140 bundled with 97530 per NCCI", ["bundled"]),
        ("units exceed MUE of 4", ["units_over_limit"]),
        ("missing GP modifier", ["modifier_missing"]),
        ("timely filing limit passed", ["timely_filing"]),
        ("CO-22 secondary payer should be billed first", ["coordination_of_benefits"]),
        ("paid in full, no issue", []),
        ("", []),
    ],
)
def test_themes(text: str, expected: list[str]) -> None:
    assert themes(text) == expected


def test_themes_come_in_a_fixed_order_and_are_known_labels() -> None:
    found = themes("no auth, duplicate claim, bundled, not medically necessary, timely filing")
    assert found == [n for n in NAMES if n in found]
    assert set(found) == {
        "authorization_missing",
        "duplicate",
        "bundled",
        "medical_necessity",
        "timely_filing",
    }
