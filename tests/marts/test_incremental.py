"""Incremental refresh: batches of new reports recompute only their codes and equal a full rebuild."""

from __future__ import annotations

import random
from datetime import date

import duckdb

from pipelines.marts.build import TABLES, refresh
from pipelines.marts.rules import SuppressionRules

from .factory import contributor, create_inputs, insert_reports, report

CODES = ["99213", "99214", "97110", "20610", "J3301", "71046", "G0439"]


def random_reports(rng: random.Random, n: int) -> list[dict]:
    rows = []
    for _ in range(n):
        rows.append(
            report(
                hcpcs=rng.choice(CODES),
                contributor_id=contributor(rng.randrange(6)),
                payer_type=rng.choice(["medicare", "commercial", "medicaid", "tricare"]),
                state=rng.choice(["TX", "CA", "NY", "WY", "VT"]),
                modifiers=rng.choice([[], ["25"], ["59", "25"]]),
                denial_month=date(2025, rng.randrange(1, 13), 1),
                carc=rng.choice([["CO-97"], ["CO-16", "CO-97"], ["PR-204"], ["CO-50"]]),
                rarc=rng.choice([[], ["N20"], ["M51"]]),
                appeal_status=rng.choice([None, "not_appealed", "won", "lost", "pending", "partially_won"]),
                appeal_strategy=rng.choice([None, "add_modifier", "corrected_coding"]),
            )
        )
    # a few re-sends of earlier reports (near-duplicates) inside the batch
    rows += [report(**{k: v for k, v in rng.choice(rows).items() if k not in ("report_id", "accepted_at")})
             for _ in range(n // 10)]  # fmt: skip
    return rows


def snapshot(conn: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {t: conn.execute(f"select * from {t} order by all").fetchall() for t in TABLES}


def test_batches_then_full_rebuild_are_identical() -> None:
    rng = random.Random(6)
    incremental, full = duckdb.connect(), duckdb.connect()
    create_inputs(incremental)
    create_inputs(full)
    rules = SuppressionRules()
    batches = [random_reports(rng, n) for n in (40, 25, 3, 60)]
    for batch in batches:
        insert_reports(incremental, batch)
        done = refresh(incremental, rules)
        assert done.codes_in_scope == len({r["hcpcs"] for r in batch}) or done.full_rebuild
    # a report withdrawn by intake (e.g. a file reprocessed) is a change too
    gone = batches[0][0]["report_id"]
    incremental.execute("delete from reports where report_id = ?", [gone])
    assert refresh(incremental, rules).codes_in_scope == 1
    assert refresh(incremental, rules).codes_in_scope == 0  # nothing changed: nothing recomputed

    insert_reports(full, [r for batch in batches for r in batch if r["report_id"] != gone])
    assert refresh(full, rules, full_rebuild=True).full_rebuild
    assert snapshot(incremental) == snapshot(full)
    published = incremental.execute("select count(*) from code_denial_profile where published").fetchone()
    assert published[0] >= 3  # the comparison covers real, published profiles


def test_changed_rules_rebuild_every_code() -> None:
    conn = duckdb.connect()
    create_inputs(conn)
    insert_reports(conn, random_reports(random.Random(1), 50))
    assert refresh(conn, SuppressionRules()).full_rebuild
    assert not refresh(conn, SuppressionRules()).full_rebuild
    stricter = refresh(conn, SuppressionRules(min_reports=20, min_cell=10))
    assert stricter.full_rebuild and stricter.codes_in_scope == len(CODES)
    thresholds = conn.execute("select distinct threshold from code_denial_profile").fetchall()
    assert thresholds == [(20,)]
