"""Denial marts at scale: 10 M synthetic accepted reports over 5,000 codes, then 1,000 more.

Generates the reports straight into a temporary DuckDB file (intake's `reports` DDL, real X12
list), then measures, each in a fresh process: the full build of every mart, the baseline (one
hand-written GROUP BY giving the same CARC counts per code), and an incremental refresh after
1,000 new reports (100 of them re-sends of existing reports). Targets: full < 30 s, incremental
< 5 s. Run: `.venv/bin/python benchmarks/run.py marts` (MEDPAY_BENCH_REPORTS to change the size).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import duckdb

from benchmarks.measure import measure, ratio
from pipelines.lib.paths import REPO_ROOT
from pipelines.lib.sql import ensure_tables, run_sql_with_frame
from pipelines.marts.build import refresh
from pipelines.marts.rules import SuppressionRules
from pipelines.parsing.reference import read_x12_codes

CODES = 5000
STATES = "CA TX NY FL PA IL OH GA NC MI NJ VA WA AZ MA TN IN MO MD WI CO MN SC AL LA KY OR OK CT UT".split()
# Half the reports spread evenly over 5,000 codes, half over the 500 busiest; within a code the
# (contributor, denial month) pair is unique, so the data has no near-duplicates and the baseline
# counts must equal the marts' counts exactly.
GENERATE = """
insert into reports
with base as (
    select
        i,
        hash(i, 'a') as h1,
        hash(i, 'b') as h2,
        hash(i, 'c') as h3,
        case when i < $half then i % $codes else i % ($codes // 10) end as code_idx,
        case when i < $half then i // $codes else 1000 + (i - $half) // ($codes // 10) end as j
    from range($start, $stop) as t(i)
)
select
    uuid()::varchar,
    sha256(((j % 400) + 400 * (code_idx % 7))::varchar),
    timestamp '2025-01-01' + to_seconds(i % 30000000),
    printf('%05d', 10000 + code_idx * 13),
    [[], [], [], ['25'], ['59'], ['25', '59']][1 + (h1 % 6)::int],
    1,
    ['11', '22', '21', '19', null][1 + (h2 % 5)::int],
    ['medicare', 'medicare_advantage', 'medicaid', 'medicaid_managed_care', 'commercial',
     'workers_comp', 'auto', 'tricare', 'va', 'other'][1 + (h1 // 10 % 10)::int],
    $states[1 + (h3 % 30)::int],
    date '2022-01-01' + to_months(((j // 400) % 48)::int),
    case h2 // 5 % 3
        when 0 then ['CO-' || ['97', '16', '50', '4', '11', '151', '167', '197', '236', 'B7'][1 + (h3 // 3 % 10)::int]]
        when 1 then ['CO-97', 'CO-' || ['16', '50', '4', '11', '151', '167', '197', '236'][1 + (h3 // 3 % 8)::int]]
        else ['PR-' || ['1', '2', '3', '204'][1 + (h3 // 3 % 4)::int], 'CO-' || ['45', '50'][1 + (h3 // 7 % 2)::int]]
    end,
    case when h3 // 11 % 2 = 0 then []::varchar[] else ['N' || (1 + h3 // 13 % 12)::varchar] end,
    100.00,
    0.00,
    ['not_appealed', 'pending', 'won', 'partially_won', 'lost', null][1 + (h1 // 100 % 6)::int],
    null,
    case when h1 // 100 % 6 between 1 and 4
        then ['add_modifier', 'corrected_coding', 'submitted_documentation', 'medical_necessity_letter'][1 + (h2 // 17 % 4)::int]
    end,
    null, null, null, 'synthetic.jsonl', i::int, 'synthetic',
    $accepted::timestamp + to_seconds(i // 1000)
from base
"""
RESEND = """
insert into reports
select * replace (uuid()::varchar as report_id, $accepted::timestamp as accepted_at)
from reports using sample 100 rows (reservoir, 7)
"""
BASELINE = """
create temp table baseline as
select r.hcpcs, u.carc, count(*) as report_count
from reports as r, unnest(r.carc) as u(carc)
group by r.hcpcs, u.carc
"""
SAME_COUNTS = """
select count(*) from (
    (select hcpcs, carc, report_count from baseline
     except select hcpcs, reason, report_count from code_denial_reasons where reason_type = 'CARC')
    union all
    (select hcpcs, reason, report_count from code_denial_reasons where reason_type = 'CARC'
     except select hcpcs, carc, report_count from baseline)
)
"""


def generate(path: str, n: int) -> None:
    with duckdb.connect(path) as conn:
        ensure_tables(conn, "reports")
        run_sql_with_frame(
            conn, "reference/x12_codes", read_x12_codes(REPO_ROOT / "raw/reference/x12/carc-rarc.csv")
        )
        params = {"half": n // 2, "codes": CODES, "states": STATES, "accepted": "2025-06-01"}
        for start in range(0, n, 2_000_000):  # chunks keep the generator's memory flat
            conn.execute(GENERATE, {**params, "start": start, "stop": min(n, start + 2_000_000)})


def full_build(path: str) -> dict:
    with duckdb.connect(path) as conn:
        done = refresh(conn, SuppressionRules(), full_rebuild=True)
    return {"seconds": done.seconds, "codes": done.codes_in_scope, "published": done.codes_published}


def baseline(path: str) -> dict:
    with duckdb.connect(path) as conn:
        start = time.perf_counter()
        conn.execute(BASELINE)
        elapsed = time.perf_counter() - start
        (mismatches,) = conn.execute(SAME_COUNTS).fetchone()
    return {"seconds": elapsed, "mismatches": mismatches}


def add_reports(path: str, n: int, new: int) -> None:
    with duckdb.connect(path) as conn:
        accepted = "2025-12-01"
        conn.execute(GENERATE, {"half": n // 2, "codes": CODES, "states": STATES, "accepted": accepted,
                                "start": n, "stop": n + new - 100})  # fmt: skip
        conn.execute(RESEND, {"accepted": accepted})


def incremental(path: str) -> dict:
    with duckdb.connect(path) as conn:
        done = refresh(conn, SuppressionRules())
    return {"seconds": done.seconds, "codes": done.codes_in_scope, "near_duplicates": done.near_duplicates}


def main() -> dict:
    n = int(os.environ.get("MEDPAY_BENCH_REPORTS", 10_000_000))
    with tempfile.TemporaryDirectory(prefix="bench_marts_") as tmp:
        path = str(Path(tmp) / "marts.duckdb")
        start = time.perf_counter()
        generate(path, n)
        print(f"generated {n:,} accepted reports over {CODES:,} codes in {time.perf_counter() - start:.1f} s")
        full_s, full_mib, full = measure(full_build, path)
        base_s, _, base = measure(baseline, path)
        add_reports(path, n, 1000)
        inc_s, inc_mib, inc = measure(incremental, path)
    reasons_s = full["seconds"]["code_denial_reasons"]
    figures = {
        "reports": n,
        "full_build_s": round(full_s, 2),
        "full_peak_mib": round(full_mib),
        "baseline_group_by_s": round(base["seconds"], 2),
        "reasons_step_s": round(reasons_s, 2),
        "incremental_s": round(inc_s, 2),
        "incremental_codes": inc["codes"],
    }
    print(f"full build of every mart: {full_s:.2f} s (peak {full_mib:.0f} MiB), {full['codes']:,} codes, "
          f"{full['published']:,} published  [target < 30 s]")  # fmt: skip
    print("  steps: " + ", ".join(f"{k} {v:.2f}" for k, v in full["seconds"].items()))
    same = "yes" if base["mismatches"] == 0 else f"NO ({base['mismatches']} rows differ)"
    print(
        f"baseline GROUP BY (CARC counts per code): {base['seconds']:.2f} s; same counts as the marts: {same}"
    )
    print(
        f"code_denial_reasons step: {reasons_s:.2f} s = {ratio(reasons_s, base['seconds'])} baseline [target <= 2x]"
    )
    print(f"every mart vs baseline: {ratio(full_s, base['seconds'])}")
    print(f"+1,000 reports (100 re-sends): refresh {inc_s:.2f} s over {inc['codes']:,} codes, "
          f"{inc['near_duplicates']} near-duplicates recognised  [target < 5 s]")  # fmt: skip
    print("  steps: " + ", ".join(f"{k} {v:.2f}" for k, v in inc["seconds"].items()))
    return figures


if __name__ == "__main__":
    main()
