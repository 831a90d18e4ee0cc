"""Denial marts at scale: 10 M synthetic accepted reports over 5,000 codes, then 1,000 more.

Generates the reports once into a DuckDB file (intake's `reports` DDL, real X12 list). Each round
works on a fresh copy of it and measures, each in a fresh process: the full build of every mart
(including the checkpoint on close), the baseline (one hand-written GROUP BY giving the same
reason counts: CARC and RARC per code, once per report), and an incremental refresh after 1,000
new reports (100 of them re-sends of existing reports). The machine may be shared: rounds are
repeated and the best and the median are printed. Targets: full < 30 s, reason counts <= 2x the
baseline, incremental < 5 s. Run: `.venv/bin/python benchmarks/run.py marts`
(MEDPAY_BENCH_REPORTS for the size, MEDPAY_BENCH_ROUNDS for the rounds, default 3).
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from benchmarks.measure import measure
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
# The same reason counts as code_denial_reasons, written by hand in one GROUP BY. It reads every
# accepted report (the generated data has no near-duplicates, so the counts must be equal).
BASELINE = """
create temp table baseline as
with mentions as (
    select hcpcs, 'CARC' as reason_type, unnest(list_distinct(carc)) as reason from reports
    union all
    select hcpcs, 'RARC' as reason_type, unnest(list_distinct(rarc)) as reason from reports
)
select hcpcs, reason_type, reason, count(*) as report_count
from mentions
group by hcpcs, reason_type, reason
"""
SAME_COUNTS = """
select count(*) from (
    (select hcpcs, reason_type, reason, report_count from baseline
     except select hcpcs, reason_type, reason, report_count from code_denial_reasons)
    union all
    (select hcpcs, reason_type, reason, report_count from code_denial_reasons
     except select hcpcs, reason_type, reason, report_count from baseline)
)
"""
# the marts' work from reports to reason counts: one grouping by reason lists, then the counts
REASON_STEPS = ("reason_lists", "code_denial_reasons")


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
    return {
        "seconds": done.seconds,
        "codes": done.codes_in_scope,
        "added_to": done.codes_added_to,
        "near_duplicates": done.near_duplicates,
    }


def one_round(template: str, work: str, n: int) -> dict:
    shutil.copyfile(template, work)
    full_s, full_mib, full = measure(full_build, work)
    base_s, _, base = measure(baseline, work)
    measure(add_reports, work, n, 1000)  # in a child, like everything heavy: see main()
    inc_s, inc_mib, inc = measure(incremental, work)
    reasons_s = sum(full["seconds"][k] for k in REASON_STEPS)
    return {
        "full_s": full_s,
        "full_mib": full_mib,
        "full": full,
        "baseline_s": base["seconds"],
        "mismatches": base["mismatches"],
        "reasons_s": reasons_s,
        "reasons_ratio": reasons_s / base["seconds"],
        "reasons_dedup_ratio": (reasons_s + full["seconds"]["near_duplicate_search"]) / base["seconds"],
        "full_ratio": full_s / base["seconds"],
        "incremental_s": inc_s,
        "incremental_mib": inc_mib,
        "incremental": inc,
    }


def _spread(rounds: list[dict], key: str, fmt: str = "{:.2f}") -> str:
    values = [r[key] for r in rounds]
    return f"best {fmt.format(min(values))}, median {fmt.format(statistics.median(values))}"


def main() -> dict:
    n = int(os.environ.get("MEDPAY_BENCH_REPORTS", 10_000_000))
    count = int(os.environ.get("MEDPAY_BENCH_ROUNDS", 3))
    with tempfile.TemporaryDirectory(prefix="bench_marts_") as tmp:
        template, work = str(Path(tmp) / "reports.duckdb"), str(Path(tmp) / "marts.duckdb")
        start = time.perf_counter()
        # heavy work never runs in this process: a spawned child's peak RSS (ru_maxrss) starts at
        # its parent's RSS at fork time on Linux, so a big parent would inflate every peak
        measure(generate, template, n)
        print(f"generated {n:,} accepted reports over {CODES:,} codes in {time.perf_counter() - start:.1f} s")
        rounds = []
        for i in range(count):
            rounds.append(one_round(template, work, n))
            r = rounds[-1]
            print(f"  round {i + 1}: full {r['full_s']:.2f} s, reason counts {r['reasons_s']:.2f} s vs "
                  f"baseline {r['baseline_s']:.2f} s ({r['reasons_ratio']:.2f}x), +1,000 {r['incremental_s']:.2f} s")  # fmt: skip
    last = rounds[-1]
    full, inc = last["full"], last["incremental"]
    figures = {
        "reports": n,
        "rounds": count,
        "full_build_s": round(min(r["full_s"] for r in rounds), 2),
        "full_build_median_s": round(statistics.median(r["full_s"] for r in rounds), 2),
        "full_peak_mib": round(max(r["full_mib"] for r in rounds)),
        "baseline_group_by_s": round(statistics.median(r["baseline_s"] for r in rounds), 2),
        "reasons_ratio_median": round(statistics.median(r["reasons_ratio"] for r in rounds), 2),
        "incremental_s": round(min(r["incremental_s"] for r in rounds), 2),
        "incremental_median_s": round(statistics.median(r["incremental_s"] for r in rounds), 2),
        "incremental_codes": inc["codes"],
    }
    print(f"\n{n:,} reports, {count} rounds on a possibly shared machine (best and median of the rounds):")
    print(f"full build of every mart: {_spread(rounds, 'full_s')} s, peak "
          f"{figures['full_peak_mib']:,} MiB; {full['codes']:,} codes, {full['published']:,} published  [target < 30 s]")  # fmt: skip
    print("  steps (last round): " + ", ".join(f"{k} {v:.2f}" for k, v in full["seconds"].items()))
    same = "yes" if all(r["mismatches"] == 0 for r in rounds) else "NO (rows differ)"
    print(f"baseline GROUP BY (CARC and RARC counts per code, once per report): {_spread(rounds, 'baseline_s')} s; "
          f"same counts as code_denial_reasons: {same}")  # fmt: skip
    print(f"reason counts in the build ({' + '.join(REASON_STEPS)}): {_spread(rounds, 'reasons_s')} s; "
          f"ratio to the baseline of the same round: {_spread(rounds, 'reasons_ratio', '{:.2f}x')}  [target <= 2x]")  # fmt: skip
    print(f"  the same plus the near-duplicate search (the baseline does not de-duplicate): "
          f"{_spread(rounds, 'reasons_dedup_ratio', '{:.2f}x')}")  # fmt: skip
    print(f"every mart vs baseline: {_spread(rounds, 'full_ratio', '{:.2f}x')}")
    print(f"+1,000 reports (100 re-sends): refresh {_spread(rounds, 'incremental_s')} s "
          f"(peak {max(r['incremental_mib'] for r in rounds):,.0f} MiB) over {inc['codes']:,} codes "
          f"({inc['added_to']:,} added to), {inc['near_duplicates']} near-duplicates recognised  [target < 5 s]")  # fmt: skip
    print("  steps (last round): " + ", ".join(f"{k} {v:.2f}" for k, v in inc["seconds"].items()))
    return figures


if __name__ == "__main__":
    main()
