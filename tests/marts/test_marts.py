"""Denial marts on a small warehouse: threshold, near-duplicates, dominance, reasons, appeals, schema."""

from __future__ import annotations

import json
from datetime import date

import duckdb
import pytest

from pipelines.marts.build import refresh
from pipelines.marts.rules import SuppressionRules
from pipelines.marts.verify import check_profile, denials_validator

from .factory import contributor, insert_reports, report

RULES = SuppressionRules()


def profile(conn: duckdb.DuckDBPyConnection, hcpcs: str) -> dict:
    row = conn.execute("select profile from code_denial_profile where hcpcs = ?", [hcpcs]).fetchone()
    return json.loads(row[0])


def test_four_reports_publish_nothing_five_publish(conn: duckdb.DuckDBPyConnection) -> None:
    insert_reports(conn, [report(hcpcs="71046", state="WY") for _ in range(4)])
    refresh(conn, RULES)
    four = profile(conn, "71046")
    assert four == {"published": False, "threshold": 5, "reports_needed": 1, "report_count": None}
    assert not check_profile(four, RULES, 4)

    insert_reports(conn, [report(hcpcs="71046", state="WY")])
    done = refresh(conn, RULES)
    assert done.codes_in_scope == 1 and not done.full_rebuild
    five = profile(conn, "71046")
    assert five["published"] is True and five["report_count"] == 5 and five["reports_needed"] is None
    assert five["contributor_count"] == 5
    assert five["by_state"] == [{"key": "WY", "count": 5, "share": 1.0, "suppressed": False}]
    assert not list(denials_validator().iter_errors(five))
    assert not check_profile(five, RULES, 5)


def test_fifty_copies_from_one_biller_count_once(conn: duckdb.DuckDBPyConnection) -> None:
    biller = contributor(999)
    copies = [report(hcpcs="97110", contributor_id=biller, carc=["CO-50", "CO-97"]) for _ in range(50)]
    copies[7]["carc"] = ["CO-97", "CO-50"]  # order as received does not make it different
    insert_reports(conn, copies)
    refresh(conn, RULES)
    stats = conn.execute(
        "select accepted_reports, near_duplicates, report_count, published, reports_needed "
        "from code_denial_stats where hcpcs = '97110'"
    ).fetchone()
    assert stats == (50, 49, 1, False, 4)
    first = copies[0]["report_id"]
    dupes = conn.execute("select distinct near_duplicate_of from code_denial_near_duplicates").fetchall()
    assert dupes == [(first,)]
    assert profile(conn, "97110")["reports_needed"] == 4


def test_one_contributor_cannot_define_a_page(conn: duckdb.DuckDBPyConnection) -> None:
    biller = contributor(7)
    rows = [report(hcpcs="20610", contributor_id=biller, denial_month=date(2025, m, 1)) for m in range(1, 10)]
    rows.append(report(hcpcs="20610"))
    insert_reports(conn, rows)
    refresh(conn, RULES)
    reason, needed = conn.execute(
        "select withheld_reason, reports_needed from code_denial_stats where hcpcs = '20610'"
    ).fetchone()
    # 9 of 10 reports from one biller > 80 %: it takes 2 more from others (9 / 12 <= 0.8)
    assert (reason, needed) == ("contributor_dominance", 2)
    assert profile(conn, "20610")["published"] is False
    refresh(conn, SuppressionRules(max_contributor_share=1.0))
    assert profile(conn, "20610")["published"] is True
    refresh(conn, SuppressionRules(max_contributor_share=1.0, min_contributors=3))
    assert profile(conn, "20610")["reports_needed"] == 1


def test_reasons_carry_group_code_and_x12_description(conn: duckdb.DuckDBPyConnection) -> None:
    rows = [report(hcpcs="99214", carc=["CO-97", "PR-204"], rarc=["N20"]) for _ in range(6)]
    rows += [report(hcpcs="99214", carc=["CO-16"], rarc=["N290", "M51"]) for _ in range(6)]
    rows += [report(hcpcs="99214", carc=["CO-16", "CO-16"], modifiers=["25", "59"]) for _ in range(2)]
    insert_reports(conn, rows)
    refresh(conn, RULES)
    reasons = conn.execute(
        "select reason, group_code, code, description, report_count from code_denial_reasons "
        "where hcpcs = '99214' and reason_type = 'CARC' order by reason"
    ).fetchall()
    assert [(r[0], r[1], r[2], r[4]) for r in reasons] == [
        ("CO-16", "CO", "16", 8),  # listed twice on two reports: counted once each
        ("CO-97", "CO", "97", 6),
        ("PR-204", "PR", "204", 6),
    ]
    assert reasons[1][3].startswith("The benefit for this service is included")
    denials = profile(conn, "99214")
    top = {c["key"]: c for c in denials["top_reasons"]}
    assert top["CO-97"]["group_code"] == "CO" and top["CO-97"]["count"] == 6
    assert "Usage:" not in (top["CO-16"].get("label") or "")
    modifiers = {c["key"]: c["count"] for c in denials["by_modifier"]}
    # '25' and '59' on 2 reports each: suppressed with their complement 'none' (12)
    assert modifiers == {"none": None, "25": None, "59": None}
    combos = {c["key"]: c["count"] for c in denials["reason_combinations"]}
    # 'other' (the 2 CO-16-only reports) is suppressed with the smaller of the two tied combinations
    assert combos == {"CO-97+PR-204+N20": 6, "CO-16+M51+N290": None, "other": None}
    assert not check_profile(denials, RULES, 14)


def test_appeals_nest_and_rates_need_every_part(conn: duckdb.DuckDBPyConnection) -> None:
    rows = [
        report(hcpcs="64483", appeal_status="won", appeal_strategy="submitted_documentation")
        for _ in range(6)
    ]
    rows += [report(hcpcs="64483", appeal_status="lost", appeal_strategy="add_modifier") for _ in range(5)]
    rows += [report(hcpcs="64483", appeal_status="not_appealed") for _ in range(9)]
    insert_reports(conn, rows)
    refresh(conn, RULES)
    appeals = profile(conn, "64483")["appeals"]
    assert (appeals["appealed"], appeals["won"], appeals["lost"], appeals["partially_won"]) == (11, 6, 5, 0)
    assert appeals["decided"] == 11 and appeals["success_rate"] == round(6 / 11, 4)
    assert appeals["strategies"] == [
        {"key": "submitted_documentation", "count": 6, "share": 1.0, "suppressed": False}
    ]
    stats = conn.execute("select success_rate from code_denial_stats where hcpcs = '64483'").fetchone()
    assert stats[0] == pytest.approx(6 / 11)

    insert_reports(conn, [report(hcpcs="64483", appeal_status="partially_won") for _ in range(2)])
    refresh(conn, RULES)
    appeals = profile(conn, "64483")["appeals"]
    # partially_won = 2 is suppressed, so are the complement, the rate and the strategies
    assert (
        appeals["partially_won"] is None and appeals["success_rate"] is None and appeals["strategies"] == []
    )
    assert appeals["decided"] is None
    assert not check_profile(profile(conn, "64483"), RULES, 22)


def test_codes_without_reports_left_are_cleared(conn: duckdb.DuckDBPyConnection) -> None:
    insert_reports(conn, [report(hcpcs="11042") for _ in range(6)])
    refresh(conn, RULES)
    conn.execute("delete from reports where hcpcs = '11042'")
    done = refresh(conn, RULES)
    assert done.codes_in_scope == 1
    for table in (
        "code_denial_stats",
        "code_denial_profile",
        "code_denial_breakdowns",
        "code_denial_fingerprints",
    ):
        assert conn.execute(f"select count(*) from {table}").fetchone() == (0,)


def test_rules_refuse_a_cell_floor_above_the_report_floor() -> None:
    with pytest.raises(ValueError, match="min_reports"):
        SuppressionRules(min_reports=5, min_cell=11)
