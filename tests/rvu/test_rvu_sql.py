"""Each SQL file of sql/rvu/ on a tmp DuckDB with small, hand-checked data."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import duckdb
import polars as pl
import pytest

from pipelines.defs.rvu.load import query
from pipelines.lib.sql import run_sql
from pipelines.lib.tables import delete_rows, insert_rejects

from .helpers import release_params, rvu_frame, warehouse_with


@pytest.fixture
def conn(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as connection:
        yield connection


def _two_releases(conn):
    """RVU25A and its correction RVU25AR (same effective date) and RVU25D: codes change between them."""
    releases = [
        release_params("RVU25D", date(2025, 10, 1)),
        release_params("RVU25A", date(2025, 1, 1)),
        release_params("RVU25AR", date(2025, 1, 1)),
    ]
    rvu = rvu_frame(
        {"release_id": "RVU25A", "hcpcs": "99213"},
        {"release_id": "RVU25A", "hcpcs": "61715", "endo_base": None},
        {"release_id": "RVU25A", "hcpcs": "M1389", "status_code": "M"},
        {"release_id": "RVU25AR", "hcpcs": "99213"},
        {"release_id": "RVU25AR", "hcpcs": "61715", "endo_base": "61700"},
        {"release_id": "RVU25D", "hcpcs": "99213", "work_rvu": Decimal("1.31")},
        {"release_id": "RVU25D", "hcpcs": "61715", "endo_base": "61700", "status_code": "C"},
        {"release_id": "RVU25D", "hcpcs": "0948T", "modifier": "TC"},
    )
    warehouse_with(conn, releases, rvu)


def test_rvu_changes_orders_releases_and_finds_every_kind_of_change(conn):
    _two_releases(conn)
    run_sql(conn, "rvu/rvu_changes")
    rows = set(
        conn.execute(
            "select from_release, to_release, hcpcs, modifier, change_type, field, old_value, new_value "
            "from rvu_changes"
        ).fetchall()
    )
    assert rows == {
        ("RVU25A", "RVU25AR", "M1389", "", "deleted", None, None, None),
        ("RVU25A", "RVU25AR", "61715", "", "changed", "endo_base", None, "61700"),
        ("RVU25AR", "RVU25D", "99213", "", "changed", "work_rvu", "1.30", "1.31"),
        ("RVU25AR", "RVU25D", "61715", "", "changed", "status_code", "A", "C"),
        ("RVU25AR", "RVU25D", "0948T", "TC", "added", None, None, None),
    }
    summary = query(conn, "rvu/rvu_changes_summary").fetchall()
    assert ("RVU25AR", "RVU25D", "changed", 2, 2) in summary


def test_rvu_changes_delete_empties_the_table(conn):
    _two_releases(conn)
    run_sql(conn, "rvu/rvu_changes")
    delete_rows(conn, "rvu_changes")
    assert conn.execute("select count(*) from rvu_changes").fetchone() == (0,)


def test_delete_replaces_exactly_one_release(conn):
    _two_releases(conn)
    delete_rows(conn, "rvu", release_id="RVU25AR")
    counts = dict(conn.execute("select release_id, count(*) from rvu group by 1").fetchall())
    assert counts == {"RVU25A": 3, "RVU25D": 3}
    delete_rows(conn, "releases", release_id="RVU25AR")
    assert [r[0] for r in query(conn, "rvu/loaded_releases").fetchall()] == ["RVU25A", "RVU25D"]


def test_row_count_change_compares_with_the_previous_release(conn):
    _two_releases(conn)
    conn.execute('update releases set row_counts = \'{"rvu": {"file": "PPRRVU.csv"}}\'')
    row = run_sql(conn, "rvu/checks/rvu_row_count_change", {"release_id": "RVU25D"}).fetchone()
    assert row == ("RVU25D", 3, "RVU25AR", 2)
    first = run_sql(conn, "rvu/checks/rvu_row_count_change", {"release_id": "RVU25A"}).fetchone()
    assert first == ("RVU25A", 3, None, None)


def test_rvu_rows_carry_the_total_gaps(conn):
    _two_releases(conn)
    conn.execute("update rvu set total_facility_rvu = 2.00 where release_id = 'RVU25D' and hcpcs = '99213'")
    frame = query(conn, "rvu/checks/rvu_rows", {"release_id": "RVU25D"}).pl()
    gaps = dict(zip(frame["hcpcs"], frame["total_facility_gap"], strict=True))
    assert gaps["99213"] == Decimal("0.02") and gaps["61715"] == Decimal("0.00")


def test_reconcile_reports_recorded_against_held_rows(conn):
    _two_releases(conn)
    counts = '{"rvu": {"file": "PPRRVU.csv", "read": 4, "loaded": 3, "rejected": 1}}'
    conn.execute("update releases set row_counts = ? where release_id = 'RVU25D'", [counts])
    rejects = pl.DataFrame(
        {
            "source_file": ["PPRRVU.csv"],
            "line_number": [12],
            "raw_line": ["x"],
            "reason_code": ["bad"],
            "reason": ["bad"],
        }
    )
    insert_rejects(conn, rejects, "cms_rvu", "RVU25D", datetime(2025, 1, 1))
    rows = query(conn, "rvu/checks/releases_reconcile", {"release_id": "RVU25D"}).fetchall()
    assert rows == [("RVU25D", "rvu", 4, 3, 1, "PPRRVU.csv", 3, 1)]
    assert run_sql(conn, "rvu/checks/missing_tables", {"release_id": "RVU25D"}).fetchone() == ([],)
