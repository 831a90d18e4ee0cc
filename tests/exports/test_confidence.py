"""Confidence rules (docs/confidence.md): the code's own level, then one level down per concern."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.export.confidence import ReleaseContext, decide, release_concerns

CURRENT = ReleaseContext("RVU25D")


@pytest.mark.parametrize(
    ("status", "payable", "nonfacility", "facility", "modifier", "level"),
    [
        ("A", True, 81.86, 59.93, "", "high"),
        ("X", False, None, None, "", "high"),
        ("T", True, 20.0, None, "", "medium"),
        ("R", True, 30.0, 30.0, "", "medium"),
        ("J", False, None, None, "", "medium"),
        ("A", True, None, None, "", "medium"),
        ("A", True, 31.7, 31.7, "26", "medium"),
        ("C", False, None, None, "", "low"),
        ("R", False, None, None, "", "low"),
        ("Z", False, None, None, "", "low"),
    ],
)
def test_code_level(status, payable, nonfacility, facility, modifier, level):
    got, reason = decide(status, payable, nonfacility, facility, modifier, CURRENT)
    assert got == level and reason and "lowered" not in reason


def test_each_release_concern_lowers_one_level_never_below_low():
    on = date(2026, 11, 23)
    old = release_concerns("RVU25D", False, on, date(2025, 10, 1), None, 0, [])
    assert decide("A", True, 81.86, 59.93, "", old)[0] == "medium"
    assert "does not govern 2026-11-23" in decide("A", True, 81.86, 59.93, "", old)[1]
    both = release_concerns("RVU25A", True, on, date(2025, 1, 1), "RVU25B is due", 1, ["gpci"])
    assert len(both.concerns) == 2
    assert decide("A", True, 81.86, 59.93, "", both)[0] == "low"
    assert decide("C", False, None, None, "", both)[0] == "low"
    future = release_concerns("RVU26A", False, date(2025, 12, 1), date(2026, 1, 1), None, 0, [])
    assert "takes effect only on 2026-01-01" in future.concerns[0]
    assert release_concerns("RVU25D", True, date(2025, 11, 1), date(2025, 10, 1), None, 0, []).concerns == ()
