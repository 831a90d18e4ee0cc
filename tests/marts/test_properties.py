"""Property tests over random report sets: exported cells never small, never recoverable, always true.

The expected counts are recomputed here in plain Python (near-duplicates collapsed by their own
definition), independently of the SQL under test.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.marts.build import TABLES, refresh
from pipelines.marts.rules import SuppressionRules
from pipelines.marts.verify import PARTITIONS, check_profile

from .factory import contributor, create_inputs, insert_reports, report

STATUSES = [None, "not_appealed", "pending", "won", "partially_won", "lost"]

report_fields = st.fixed_dictionaries(
    {
        "hcpcs": st.sampled_from(["99213", "97110", "J3301"]),
        "contributor_id": st.integers(0, 4).map(contributor),
        "payer_type": st.sampled_from(["medicare", "commercial", "medicaid"]),
        "state": st.sampled_from(["TX", "CA", "WY", "VT"]),
        "modifiers": st.sampled_from([[], ["25"], ["59"], ["25", "59"]]),
        "place_of_service": st.sampled_from([None, "11", "22"]),
        "denial_month": st.sampled_from([date(2024, 11, 1), date(2025, 2, 1), date(2025, 6, 1)]),
        "carc": st.sampled_from(
            [["CO-97"], ["CO-16"], ["CO-97", "PR-2"], ["PR-2", "CO-97"], ["CO-97", "CO-97"]]
        ),
        "rarc": st.sampled_from([[], ["N20"], ["M51", "N20"], ["N20", "N20"]]),
        "appeal_status": st.sampled_from(STATUSES),
        "appeal_strategy": st.sampled_from([None, "add_modifier", "submitted_documentation"]),
    }
)


def near_key(r: dict) -> tuple:
    return (
        r["hcpcs"], r["contributor_id"], tuple(sorted(set(r["carc"]))), tuple(sorted(set(r["rarc"]))),
        tuple(sorted(r["modifiers"])), r["payer_type"], r["state"], r["denial_month"],
        r["place_of_service"], r["appeal_status"], r["appeal_strategy"],
    )  # fmt: skip


def expected(rows: list[dict]) -> dict[str, dict[str, Counter]]:
    """Per code and breakdown: the true counts over counted (first of each near-duplicate) reports."""
    seen, out = set(), defaultdict(lambda: defaultdict(Counter))
    for r in sorted(rows, key=lambda r: (r["accepted_at"], r["report_id"])):
        if near_key(r) in seen:
            continue
        seen.add(near_key(r))
        code = out[r["hcpcs"]]
        code["total"]["n"] += 1
        code["by_payer_type"][r["payer_type"]] += 1
        code["by_state"][r["state"]] += 1
        code["by_place_of_service"][r["place_of_service"] or "unknown"] += 1
        code["by_quarter"][f"{r['denial_month'].year}Q{(r['denial_month'].month - 1) // 3 + 1}"] += 1
        for m in set(r["modifiers"]) or {"none"}:
            code["by_modifier"][m] += 1
        for c in set(r["carc"]):
            code["top_reasons"][c] += 1
        for c in set(r["rarc"]):
            code["top_remarks"][c] += 1
        code["contributors"][r["contributor_id"]] += 1
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(report_fields, min_size=1, max_size=60),
    copies=st.lists(st.integers(0, 59), max_size=10),
    rules=st.sampled_from(
        [SuppressionRules(), SuppressionRules(min_reports=8, min_cell=3, max_contributor_share=1.0)]
    ),
)
def test_random_report_sets(rows: list[dict], copies: list[int], rules: SuppressionRules) -> None:
    reports = [report(**fields) for fields in rows]
    # exact re-sends of earlier reports under new report_ids: near-duplicates by definition
    reports += [report(**rows[i % len(rows)]) for i in copies]
    conn = duckdb.connect()
    create_inputs(conn)
    insert_reports(conn, reports)
    refresh(conn, rules)
    truth = expected(reports)
    profiles = dict(conn.execute("select hcpcs, profile from code_denial_profile").fetchall())
    assert set(profiles) == set(truth)
    for hcpcs, text in profiles.items():
        denials, true = json.loads(text), truth[hcpcs]
        total = true["total"]["n"]
        assert check_profile(denials, rules, total) == []
        top_share = max(true["contributors"].values()) / total
        should_publish = total >= rules.min_reports and top_share <= rules.max_contributor_share
        assert denials["published"] is should_publish
        if not should_publish:
            assert denials["reports_needed"] >= max(1, rules.min_reports - total)
            continue
        assert denials["report_count"] == total
        assert denials["contributor_count"] == len(true["contributors"])
        for name in (*PARTITIONS[1:], "by_modifier", "top_reasons", "top_remarks"):
            for cell in denials[name]:
                if cell["count"] is not None:  # every shown count is the true count
                    assert cell["count"] == true[name][cell["key"]]
                    assert cell["count"] >= rules.min_cell
            if denials[name]:  # every true cell is listed (shown or suppressed)
                assert {c["key"] for c in denials[name]} == set(true[name])
    stats = dict(conn.execute("select hcpcs, report_count from code_denial_stats").fetchall())
    assert stats == {h: t["total"]["n"] for h, t in truth.items()}


def snapshot(conn: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {t: conn.execute(f"select * from {t} order by all").fetchall() for t in TABLES}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(report_fields, min_size=1, max_size=40),
    cuts=st.lists(st.integers(0, 40), min_size=1, max_size=3),
    copies=st.lists(st.integers(0, 39), max_size=8),
)
def test_refreshes_in_batches_equal_one_full_build(
    rows: list[dict], cuts: list[int], copies: list[int]
) -> None:
    # re-sends come after their originals, so batches exercise copies of already counted reports
    reports = [report(**fields) for fields in rows] + [report(**rows[i % len(rows)]) for i in copies]
    rules = SuppressionRules(min_reports=3, min_cell=2)
    incremental, full = duckdb.connect(), duckdb.connect()
    for conn in (incremental, full):
        create_inputs(conn)
    bounds = [0, *sorted(min(c, len(reports)) for c in cuts), len(reports)]
    for start, stop in zip(bounds, bounds[1:], strict=False):
        if stop > start:
            insert_reports(incremental, reports[start:stop])
        refresh(incremental, rules)
    insert_reports(full, reports)
    refresh(full, rules, full_rebuild=True)
    assert snapshot(incremental) == snapshot(full)
