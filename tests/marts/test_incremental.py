"""Incremental refresh: batches of new reports recompute only their codes and equal a full rebuild."""

from __future__ import annotations

import random
from datetime import date, datetime

import duckdb
import pytest

from pipelines.marts import build
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


def resend(rng: random.Random, earlier: list[dict], n: int) -> list[dict]:
    """Re-sends of earlier reports under new report_ids (accepted later): near-duplicates."""
    return [report(**{k: v for k, v in rng.choice(earlier).items() if k not in ("report_id", "accepted_at")})
            for _ in range(n)]  # fmt: skip


def test_batches_then_full_rebuild_are_identical(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(6)
    incremental, full = duckdb.connect(), duckdb.connect()
    create_inputs(incremental)
    create_inputs(full)
    rules = SuppressionRules()
    batches, found = [], 0
    for n in (40, 25, 3, 60):
        batch = random_reports(rng, n)
        if batches:  # copies of reports counted in an earlier refresh
            batch += resend(rng, [r for b in batches for r in b], 4)
        batches.append(batch)
        insert_reports(incremental, batch)
        done = refresh(incremental, rules)
        found += done.near_duplicates
        assert done.codes_in_scope == len({r["hcpcs"] for r in batch}) or done.full_rebuild
        # codes that only gained newer reports are added to, not recounted
        assert done.full_rebuild or done.codes_added_to == done.codes_in_scope
    total = sum(len(b) for b in batches)
    (counted,) = incremental.execute("select sum(report_count) from code_denial_stats").fetchone()
    assert found == total - counted >= 12  # every re-send, within and across batches, was found
    # a report withdrawn by intake (e.g. a file reprocessed) is a change too: the code is recounted
    gone = batches[0][0]["report_id"]
    incremental.execute("delete from reports where report_id = ?", [gone])
    done = refresh(incremental, rules)
    assert (done.codes_in_scope, done.codes_added_to) == (1, 0)
    # so is a report accepted before the last build (its place among the copies may change)
    late = resend(rng, batches[1], 1)[0] | {"accepted_at": datetime(2025, 1, 1)}
    insert_reports(incremental, [late])
    done = refresh(incremental, rules)
    assert (done.codes_in_scope, done.codes_added_to) == (1, 0)
    assert refresh(incremental, rules).codes_in_scope == 0  # nothing changed: nothing recomputed

    insert_reports(full, [r for batch in batches for r in batch if r["report_id"] != gone] + [late])
    monkeypatch.setattr(build, "COPY_NEW_REPORTS", 0)  # read the reports in place, as at full scale
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
