"""Every sql/analyst/*.sql example runs on the sample warehouse and answers its question."""

from __future__ import annotations

import pytest

from pipelines.lib.paths import SQL_DIR
from pipelines.lib.sql import load_sql

QUERIES = sorted(p.stem for p in (SQL_DIR / "analyst").glob("*.sql"))


def _rows(conn, name: str) -> list[dict]:
    cursor = conn.execute(load_sql(f"analyst/{name}"))
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


@pytest.mark.parametrize("name", QUERIES)
def test_example_runs_and_returns_rows(sample_conn, name):
    assert _rows(sample_conn, name), f"sql/analyst/{name}.sql returned nothing on the sample"


def test_top_denial_reasons_by_payer_type_recount(sample_conn):
    rows = _rows(sample_conn, "top_denial_reasons_by_payer_type")
    # independent recount from the raw tables for one payer type
    payer, carc = rows[0]["payer_type"], rows[0]["carc"]
    expected = sample_conn.execute(
        """select count(distinct r.report_id) from reports r join report_carc c using (report_id)
        where r.hcpcs = '97110' and r.payer_type = ? and c.carc = ?
        and r.report_id not in (select report_id from code_denial_near_duplicates)""",
        [payer, carc],
    ).fetchall()[0][0]
    assert rows[0]["reports"] == expected
    assert all(r["rank_in_payer_type"] <= 3 for r in rows)
    assert {r["payer_type"] for r in rows} <= {
        "medicare", "medicare_advantage", "medicaid", "medicaid_managed_care", "commercial",
        "workers_comp", "auto", "tricare", "va", "other",
    }  # fmt: skip


def test_payment_fell_between_rvu25a_and_rvu25d(sample_conn):
    rows = {r["hcpcs"]: r for r in _rows(sample_conn, "payment_fell_between_releases")}
    # real CMS changes: 61715 went A -> C (contractor priced), G9037/G9038 A -> I (not valid)
    assert {"61715", "G9037", "G9038"} <= set(rows)
    assert rows["61715"]["new_status"] == "C" and rows["61715"]["no_longer_paid"]
    assert "0446T" not in rows and "0448T" not in rows  # their payment rose


def test_bundling_edits_behind_co97_for_97110(sample_conn):
    rows = _rows(sample_conn, "bundling_edits_behind_co97")
    assert {r["bundled_into"] for r in rows} == {"97150", "97530"}  # the NCCI fixture's edits
    co97 = sample_conn.execute(
        """select count(distinct r.report_id) from reports r join report_carc c using (report_id)
        where r.hcpcs = '97110' and c.carc = 'CO-97'
        and r.report_id not in (select report_id from code_denial_near_duplicates)"""
    ).fetchall()[0][0]
    assert co97 > 0 and all(r["co97_reports"] == co97 for r in rows)
