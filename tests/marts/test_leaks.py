"""Attacks on the published profile that the suppression must withstand (audit of issue 6)."""

from __future__ import annotations

import json
from datetime import date

import duckdb

from pipelines.defs.exports.assets import INPUTS
from pipelines.lib.paths import REPO_ROOT
from pipelines.marts.build import TABLES, refresh
from pipelines.marts.rules import SuppressionRules
from pipelines.marts.verify import check_profile

from .factory import contributor, insert_reports, report

RULES = SuppressionRules()


def profile(conn: duckdb.DuckDBPyConnection, hcpcs: str) -> dict:
    row = conn.execute("select profile from code_denial_profile where hcpcs = ?", [hcpcs]).fetchone()
    return json.loads(row[0])


def test_period_of_a_small_code_never_shows_its_first_or_last_month(conn: duckdb.DuckDBPyConnection) -> None:
    # five reports in five months: the 5th earliest is the latest and the 5th latest the earliest
    months = [date(2024, m, 1) for m in (1, 3, 5, 7, 9)]
    insert_reports(conn, [report(hcpcs="11111", denial_month=m) for m in months])
    refresh(conn, RULES)
    denials = profile(conn, "11111")
    assert denials["published"] is True
    shown = set((denials.get("period") or {}).values())
    assert not shown & {"2024-01", "2024-09"}, f"period {denials['period']} reveals a single report's month"
    assert not check_profile(denials, RULES, 5)


def test_period_of_a_larger_code_is_bounded_by_the_min_cell_th_reports(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    months = [date(2024, m, 1) for m in range(1, 13)]  # one report a month
    insert_reports(conn, [report(hcpcs="11112", denial_month=m) for m in months])
    refresh(conn, RULES)
    assert profile(conn, "11112")["period"] == {"from": "2024-05", "to": "2024-08"}


def test_a_crossed_period_fails_the_verifier() -> None:
    denials = {
        "published": True, "threshold": 5, "reports_needed": None, "report_count": 5,
        "contributor_count": 5, "period": {"from": "2024-09", "to": "2024-01"},
    }  # fmt: skip
    assert any("period" in p for p in check_profile(denials, RULES, 5))


def test_repeating_a_reason_in_the_list_does_not_make_a_copy_new(conn: duckdb.DuckDBPyConnection) -> None:
    # the near-duplicate key compares the SETS of CARCs and RARCs (ADR 0003 rule 1)
    biller = contributor(4242)
    copies = [
        report(hcpcs="22222", contributor_id=biller, carc=["CO-97"] * k, rarc=["N20"] * j)
        for k in range(1, 6)
        for j in range(1, 6)
    ]
    insert_reports(conn, copies)
    refresh(conn, SuppressionRules(max_contributor_share=1.0))
    stats = conn.execute(
        "select accepted_reports, near_duplicates, report_count from code_denial_stats where hcpcs = '22222'"
    ).fetchone()
    assert stats == (25, 24, 1)
    assert profile(conn, "22222")["published"] is False


def test_the_website_export_reads_only_the_suppressed_profile() -> None:
    # analysts have the unsuppressed tables; the exporter's SQL and its Dagster deps only the profile
    unsuppressed = set(TABLES) - {"code_denial_profile"}
    assert "code_denial_profile" in INPUTS and not unsuppressed & set(INPUTS)
    for path in sorted((REPO_ROOT / "sql" / "exports").rglob("*.sql")):
        text = path.read_text(encoding="utf-8")
        assert not [t for t in unsuppressed if t in text], f"{path.name} reads an unsuppressed mart"


def test_two_suppressed_fours_beside_a_shown_five_are_not_pinned(conn: duckdb.DuckDBPyConnection) -> None:
    # shown TX 5 and two suppressed cells of 8: complements are the smallest cells (<= 5, and a
    # tie with TX would go to the key before it), so both would be known to be under 5: 4 and 4
    states = ["TX"] * 5 + ["CA"] * 4 + ["NY"] * 4
    insert_reports(conn, [report(hcpcs="66666", state=s, denial_month=date(2025, 1 + i % 9, 1))
                          for i, s in enumerate(states)])  # fmt: skip
    refresh(conn, RULES)
    denials = profile(conn, "66666")
    assert {c["key"]: c["count"] for c in denials["by_state"]} == {"TX": None, "CA": None, "NY": None}
    assert not check_profile(denials, RULES, 13)


def test_five_reports_from_five_states_pass_the_blocking_check(conn: duckdb.DuckDBPyConnection) -> None:
    # every state a 1: the breakdown is withheld, which the verifier used to refuse (failing the run)
    insert_reports(conn, [report(hcpcs="44444", state=s) for s in ["TX", "CA", "NY", "WY", "VT"]])
    refresh(conn, RULES)
    denials = profile(conn, "44444")
    assert denials["published"] is True and denials["by_state"] == []
    assert check_profile(denials, RULES, 5) == []


def test_an_unprotectable_appeal_split_suppresses_every_state(conn: duckdb.DuckDBPyConnection) -> None:
    # 4 appealed, 4 not appealed, 4 not stated: an empty list would tell "unprotectable", i.e. 4-4-4
    statuses = ["pending"] * 4 + ["not_appealed"] * 4 + [None] * 4
    insert_reports(conn, [report(hcpcs="77777", appeal_status=a, denial_month=date(2025, 1 + i % 9, 1))
                          for i, a in enumerate(statuses)])  # fmt: skip
    refresh(conn, RULES)
    appeals = profile(conn, "77777")["appeals"]
    assert [(c["key"], c["count"]) for c in appeals["status"]] == [
        ("appealed", None), ("not_appealed", None), ("unknown", None)
    ]  # fmt: skip
    assert appeals["outcomes"] == [] and appeals["appealed"] is None
