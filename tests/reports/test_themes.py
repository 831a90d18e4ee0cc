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


def test_every_theme_gate_is_implied_by_its_pattern() -> None:
    """The speed gate may not lose a theme: on texts that name each theme, gate and pattern agree."""
    from pipelines.intake.themes import GATES, THEMES

    samples = [
        "no auth", "precert missing", "referral required", "missing documentation", "records not received",
        "notes unsigned", "bundled with", "included in the global", "incidental", "mutually exclusive",
        "units exceed", "over the max units", "frequency limits", "mue", "missing modifier", "modifier invalid",
        "timely filing", "filing deadline", "filed late", "submitted too late", "late filing",
        "not medically necessary", "lcd", "medical necessity", "duplicate claim", "dup", "billed twice",
        "double billed", "not eligible", "coverage terminated", "termed", "cob", "other payer", "primary ins",
        "secondary insurance", "msp", "non-covered", "not covered", "excluded", "not a benefit",
        "dx not supported", "icd-10 invalid", "diagnosis mismatch", "credentialing", "not enrolled",
        "out of network", "oon", "non-participating", "not contracted", "wrong cpt", "corrected claim", "recoded",
    ]  # fmt: skip
    for name, pattern in THEMES:
        for text in samples:
            if pattern.search(text):
                assert any(n in text for n in GATES[name]), (name, text)
