"""release_in_effect / release_calendar (corrections, QPP tracks) and the freshness verdicts."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pytest

from pipelines.lib.sql import ensure_tables, run_sql
from pipelines.ops.freshness import Settings, assess
from pipelines.ops.state import LoadedRelease, ReportCounts, WarehouseState, release_in_effect, state_of
from pipelines.resources import FreshnessResource

RELEASES = [  # (release_id, effective_from, is_correction)
    ("RVU25A", date(2025, 1, 1), False),
    ("RVU25AR", date(2025, 2, 15), True),
    ("RVU25B", date(2025, 4, 1), False),
    ("RVU26A_NONQPP", date(2026, 1, 1), False),
    ("RVU26A_QPP", date(2026, 1, 1), False),
]


def insert_release(conn, release_id: str, effective: date, correction: bool) -> None:
    conn.execute(
        "insert into releases values (?, ?, ?, ?, null, ?, ?, 'test', 'x', '[]', [], '{}', 10, 9, 1, now())",
        [release_id, effective.year, release_id[5], correction, effective, release_id],
    )


@pytest.fixture
def conn(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as db:
        ensure_tables(db, "releases", "release_calendar")
        for row in RELEASES:
            insert_release(db, *row)
        yield db


@pytest.mark.parametrize(
    ("day", "track", "expected"),
    [
        (date(2024, 12, 31), "NONQPP", None),
        (date(2025, 1, 1), "NONQPP", "RVU25A"),
        (date(2025, 2, 14), "NONQPP", "RVU25A"),
        (date(2025, 2, 15), "NONQPP", "RVU25AR"),  # the correction supersedes from its effective date
        (date(2025, 3, 31), "QPP", "RVU25AR"),  # before 2026 one release serves both tracks
        (date(2025, 12, 31), "NONQPP", "RVU25B"),
        (date(2026, 1, 1), "NONQPP", "RVU26A_NONQPP"),
        (date(2026, 6, 1), "QPP", "RVU26A_QPP"),
    ],
)
def test_release_in_effect(conn, day, track, expected):
    found = release_in_effect(conn, day, track)
    assert (found[0] if found else None) == expected


def test_a_release_never_governs_the_next_year(conn):
    conn.execute("delete from releases where year = 2026")
    assert release_in_effect(conn, date(2025, 12, 31))[0] == "RVU25B"
    assert release_in_effect(conn, date(2026, 3, 1)) is None


def test_same_day_correction_wins(conn):
    insert_release(conn, "RVU25BR", date(2025, 4, 1), True)
    assert release_in_effect(conn, date(2025, 4, 1))[0] == "RVU25BR"


def test_release_calendar_windows(conn):
    rows = run_sql(conn, "ops/release_calendar_rows").fetchall()
    nonqpp = [(r[1], r[2], r[3], r[5]) for r in rows if r[0] == "NONQPP"]
    assert nonqpp == [
        ("RVU25A", date(2025, 1, 1), date(2025, 2, 15), "RVU25AR"),
        ("RVU25AR", date(2025, 2, 15), date(2025, 4, 1), "RVU25B"),
        ("RVU25B", date(2025, 4, 1), date(2026, 1, 1), "RVU26A_NONQPP"),
        ("RVU26A_NONQPP", date(2026, 1, 1), date(2027, 1, 1), None),
    ]
    assert [r[1] for r in rows if r[0] == "QPP"][-1] == "RVU26A_QPP"
    # the calendar and release_in_effect agree on every day of the window
    for day in (date(2025, 1, 20), date(2025, 3, 1), date(2025, 9, 9), date(2026, 2, 2)):
        in_window = [r[1] for r in rows if r[0] == "NONQPP" and r[2] <= day and (r[3] is None or day < r[3])]
        assert in_window == [release_in_effect(conn, day)[0]]


def _state(releases=(), quarters=(), last_intake=None) -> WarehouseState:
    loaded = [LoadedRelease(rid, eff, corr, None, None, 1, 0) for rid, eff, corr in releases]
    reports = ReportCounts(files=1, last_intake=last_intake) if last_intake else None
    return WarehouseState(
        path=None, exists=True, releases=loaded, ncci_quarters=list(quarters), reports=reports
    )


def test_everything_current():
    state = _state([("RVU26D", date(2026, 10, 1), False)], ["2026Q3", "2026Q4"], datetime(2026, 11, 20, 9))
    items = assess(state, date(2026, 11, 23), Settings())
    assert [(i.source, i.current, i.stale) for i in items] == [
        ("rvu", "RVU26D", False),
        ("ncci", "2026Q4", False),
        ("reports", "2026-11-20", False),
    ]


def test_stale_after_grace_days():
    state = _state([("RVU25D", date(2025, 10, 1), False)], ["2025Q4"], datetime(2026, 9, 1))
    items = {i.source: i for i in assess(state, date(2026, 11, 23), Settings())}
    assert items["rvu"].stale and items["rvu"].expected == "RVU26D" and items["rvu"].age_days == 53
    assert (
        items["rvu"].message == "no RVU release in effect on 2026-11-23 (newest loaded: RVU25D); load RVU26D"
    )
    late = {i.source: i for i in assess(state, date(2025, 11, 23), Settings())}  # same year, next quarter
    assert not late["rvu"].stale
    behind = _state([("RVU26A", date(2026, 1, 1), False)])
    rvu = assess(behind, date(2026, 5, 20), Settings())[0]
    assert (
        rvu.stale and rvu.current == "RVU26A" and "RVU26B took effect 2026-04-01, 49 days ago" in rvu.message
    )
    assert items["ncci"].stale and items["ncci"].current == "2025Q4"
    assert items["reports"].stale and items["reports"].age_days == 83
    # within the grace period the previous quarter's release still counts as current
    early = assess(behind, date(2026, 4, 10), Settings())[0]
    assert not early.stale and early.current == "RVU26A"


def test_lag_is_configurable():
    state = _state(last_intake=datetime(2026, 9, 1))
    settings = FreshnessResource(report_max_lag_days=100).settings
    assert not assess(state, date(2026, 11, 23), settings)[2].stale


def test_empty_warehouse_is_stale_with_reasons():
    items = assess(WarehouseState(path=None, exists=False), date(2026, 11, 23), Settings())
    assert all(i.stale for i in items)
    assert [i.message.split(";")[0] for i in items] == [
        "no RVU release in effect on 2026-11-23",
        "no NCCI quarter loaded",
        "no denial report has been taken in yet",
    ]


def test_state_of_reads_releases_and_intake(conn, tmp_path):
    ensure_tables(conn, "intake_files")
    conn.execute(
        "insert into intake_files values ('a.jsonl', 'x', 'p', 'jsonl', 10, 12, 7, 2, 1, 2, 0, true, "
        "timestamp '2026-11-01 10:00:00')"
    )
    ensure_tables(conn, "ncci_mue")
    conn.execute(
        "insert into ncci_mue (quarter, service_type, hcpcs, mue_value, mai, mai_label, mai_text, effective_date, "
        "source_file, source_line) values ('2025Q4', 'practitioner', '99213', 1, 2, 'x', 'x', date '2025-10-01', 'f', 2)"
    )
    state = state_of(conn, tmp_path / "w.duckdb")
    assert state.ncci_quarters == ["2025Q4"]
    assert state.loaded_ids() == {"RVU25A", "RVU25AR", "RVU25B", "RVU26A", "2025Q4"}
    assert (state.reports.read, state.reports.accepted, state.reports.quarantined) == (12, 7, 1)
    assert state.reports.last_intake == datetime(2026, 11, 1, 10)
