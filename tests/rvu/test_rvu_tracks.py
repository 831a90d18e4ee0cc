"""Consecutive-release comparisons stay within a PPRRVU track (2026+: QPP with QPP, NONQPP with NONQPP).

Tiny synthetic releases on a tmp DuckDB: RVU25C and RVU25D (no track: they serve both), then
RVU26A_NONQPP and RVU26A_QPP (both follow RVU25D), a QPP correction RVU26AR_QPP and RVU26B_QPP.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import duckdb
import pytest

from pipelines.defs.rvu.checks import row_count_change_result
from pipelines.lib.sql import run_sql

from .helpers import release_params, rvu_frame, warehouse_with

NONQPP_CF, QPP_CF = Decimal("33.4009"), Decimal("33.5675")
RELEASES = [
    release_params("RVU25C", date(2025, 7, 1)),
    release_params("RVU25D", date(2025, 10, 1)),
    release_params("RVU26A_NONQPP", date(2026, 1, 1)),
    release_params("RVU26A_QPP", date(2026, 1, 1)),
    release_params("RVU26AR_QPP", date(2026, 2, 1), is_correction=True),
    release_params("RVU26B_QPP", date(2026, 4, 1)),
]


def _rows(release_id: str, cf: Decimal, *codes: tuple[str, dict]) -> list[dict]:
    layout = {"pricing_indicator": "9"} if release_id.startswith("RVU26") else {}  # PRIC IND from 2026
    return [
        {"release_id": release_id, "hcpcs": c, "conversion_factor": cf, **layout, **over} for c, over in codes
    ]


@pytest.fixture
def conn(tmp_path):
    cf25 = Decimal("32.3465")
    rvu = rvu_frame(
        *_rows("RVU25C", cf25, ("99213", {}), ("0001A", {})),
        *_rows("RVU25D", cf25, ("99213", {}), ("0001A", {}), ("0003A", {})),
        # NONQPP: 99213's CF changes, 0001A deleted, 0002A added
        *_rows("RVU26A_NONQPP", NONQPP_CF, ("99213", {}), ("0003A", {}), ("0002A", {})),
        # QPP: its own CF, 99213 work RVU changes, 0003A deleted
        *_rows("RVU26A_QPP", QPP_CF, ("99213", {"work_rvu": Decimal("1.31")}), ("0001A", {})),
        *_rows("RVU26AR_QPP", QPP_CF, ("99213", {"work_rvu": Decimal("1.32")}), ("0001A", {})),
        *_rows(
            "RVU26B_QPP",
            QPP_CF,
            ("99213", {"work_rvu": Decimal("1.32")}),
            ("0001A", {"pricing_indicator": "1"}),
            ("0004A", {}),
        ),
    )
    with duckdb.connect(str(tmp_path / "w.duckdb")) as db:
        warehouse_with(db, RELEASES, rvu)
        yield db


def test_calendar_gives_each_release_its_predecessor_in_the_track(conn):
    rows = conn.execute(
        "select track, release_id, previous_release from release_calendar order by track, effective_from"
    ).fetchall()
    assert rows == [
        ("NONQPP", "RVU25C", None),
        ("NONQPP", "RVU25D", "RVU25C"),
        ("NONQPP", "RVU26A_NONQPP", "RVU25D"),
        ("QPP", "RVU25C", None),
        ("QPP", "RVU25D", "RVU25C"),
        ("QPP", "RVU26A_QPP", "RVU25D"),
        ("QPP", "RVU26AR_QPP", "RVU26A_QPP"),  # a correction right after its release
        ("QPP", "RVU26B_QPP", "RVU26AR_QPP"),
    ]


def test_rvu_changes_are_computed_only_within_a_track(conn):
    run_sql(conn, "rvu/rvu_changes")
    found = conn.execute(
        "select from_release, to_release, hcpcs, change_type, field, old_value, new_value from rvu_changes"
    ).fetchall()
    assert max(Counter(found).values()) == 1  # RVU25C -> RVU25D is in both tracks, listed once
    assert set(found) == {
        ("RVU25C", "RVU25D", "0003A", "added", None, None, None),
        ("RVU25D", "RVU26A_NONQPP", "0001A", "deleted", None, None, None),
        ("RVU25D", "RVU26A_NONQPP", "0002A", "added", None, None, None),
        ("RVU25D", "RVU26A_NONQPP", "99213", "changed", "conversion_factor", "32.3465", "33.4009"),
        ("RVU25D", "RVU26A_NONQPP", "0003A", "changed", "conversion_factor", "32.3465", "33.4009"),
        ("RVU25D", "RVU26A_QPP", "0003A", "deleted", None, None, None),
        ("RVU25D", "RVU26A_QPP", "99213", "changed", "conversion_factor", "32.3465", "33.5675"),
        ("RVU25D", "RVU26A_QPP", "0001A", "changed", "conversion_factor", "32.3465", "33.5675"),
        ("RVU25D", "RVU26A_QPP", "99213", "changed", "work_rvu", "1.30", "1.31"),
        ("RVU26A_QPP", "RVU26AR_QPP", "99213", "changed", "work_rvu", "1.31", "1.32"),
        ("RVU26AR_QPP", "RVU26B_QPP", "0004A", "added", None, None, None),
        # PRIC IND is compared between 2026 releases, never from a release whose file lacked it
        ("RVU26AR_QPP", "RVU26B_QPP", "0001A", "changed", "pricing_indicator", "9", "1"),
    }
    pairs = {(f, t) for f, t, *_ in found}
    assert ("RVU26A_NONQPP", "RVU26A_QPP") not in pairs and ("RVU26A_QPP", "RVU26A_NONQPP") not in pairs


@pytest.mark.parametrize(
    ("release_id", "expected"),
    [
        ("RVU25D", ("RVU25D", 3, "RVU25C", 2)),
        ("RVU26A_NONQPP", ("RVU26A_NONQPP", 3, "RVU25D", 3)),
        ("RVU26A_QPP", ("RVU26A_QPP", 2, "RVU25D", 3)),  # not RVU26A_NONQPP, loaded just before
        ("RVU26B_QPP", ("RVU26B_QPP", 3, "RVU26AR_QPP", 2)),
        ("RVU25C", ("RVU25C", 2, None, None)),
    ],
)
def test_row_count_check_compares_with_the_previous_release_of_the_track(conn, release_id, expected):
    assert run_sql(conn, "rvu/checks/rvu_row_count_change", {"release_id": release_id}).fetchall() == [
        expected
    ]


def test_row_count_check_result_names_the_track_predecessor(conn):
    # RVU26B_QPP: 3 rows against RVU26AR_QPP's 2 is +50 %: fails, naming the QPP predecessor
    result = row_count_change_result(conn, "RVU26B_QPP")
    assert not result.passed
    assert result.metadata["previous_release"].value == "RVU26AR_QPP"
    assert result.metadata["change"].value == "+50.00%"
    # a release with no track after tracked ones is checked against the predecessor in each track
    run_sql(conn, "rvu/releases", release_params("RVU26C", date(2026, 7, 1)))
    conn.execute(
        "insert into rvu select * replace ('RVU26C' as release_id) from rvu where release_id = 'RVU26B_QPP'"
    )
    result = row_count_change_result(conn, "RVU26C")
    assert result.metadata["previous_release"].value == "RVU26A_NONQPP, RVU26B_QPP"
    assert result.passed
