"""Denial report intake: 100,000 SYNTHETIC reports (1 % PHI, 1 % invalid, 1 % duplicates), JSONL.

Measures, each in a fresh process: the whole intake (parse, PHI screen, contract + reference checks,
duplicates in SQL, writes to DuckDB) in BENCH_INTAKE_ROUNDS rounds (default 3) on fresh copies of the
warehouse, printing best and median; the PHI screen alone; the JSON Schema validation alone; and the
baseline: plain ``json.loads`` of every line of the same file. Targets: < 20 s, < 1 GB peak, 2 cores.
The machine may be shared: the load average is printed before and after.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.measure import measure, ratio

ROWS = int(os.environ.get("BENCH_INTAKE_ROWS", "100000"))
ROUNDS = int(os.environ.get("BENCH_INTAKE_ROUNDS", "3"))


def make_inputs(folder: Path) -> tuple[Path, Path]:
    """The report file and a warehouse holding the reference tables (real X12, USPS, RVU25D)."""
    import duckdb

    from pipelines.intake.reference import seed_reference_tables
    from pipelines.intake.synthetic import write_jsonl
    from pipelines.lib.paths import REPO_ROOT

    reports = folder / "bench-synthetic.jsonl"
    write_jsonl(reports, ROWS, seed=11, phi_rate=0.01, invalid_rate=0.01, duplicate_rate=0.01)
    warehouse = folder / "reference.duckdb"
    with duckdb.connect(str(warehouse)) as conn:
        seed_reference_tables(conn, REPO_ROOT / "raw")
    return reports, warehouse


def intake(reports: str, warehouse: str) -> dict:
    import duckdb

    from pipelines.intake.load import ingest_file

    with duckdb.connect(warehouse) as conn:
        summary = ingest_file(conn, Path(reports), "bench")
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    return {**summary.as_metadata(), "worker_peak_mib": kids.ru_maxrss / 1024, "cpu_s": cpu}


def phi_screen(reports: str) -> int:
    from pipelines.intake.screening import screen_record

    count = 0
    with open(reports, encoding="utf-8") as handle:
        records = [
            json.loads(line) for line in handle if line.startswith("{") and line.rstrip().endswith("}")
        ]
    start = time.process_time()
    for record in records:
        screen_record(record)
        count += 1
    return count, time.process_time() - start


def schema_only(reports: str) -> tuple[int, float]:
    from pipelines.intake.contract import contract_problems

    with open(reports, encoding="utf-8") as handle:
        records = [
            json.loads(line) for line in handle if line.startswith("{") and line.rstrip().endswith("}")
        ]
    start = time.process_time()
    for record in records:
        contract_problems(record)
    return len(records), time.process_time() - start


def baseline(reports: str) -> int:
    count = 0
    with open(reports, "rb") as handle:
        for line in handle:
            try:
                json.loads(line)
            except ValueError:
                pass
            count += 1
    return count


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        reports, warehouse = make_inputs(Path(tmp))
        size_mb = reports.stat().st_size / 1e6
        print(f"input: {ROWS:,} reports, {size_mb:.1f} MB JSONL; cores: {os.cpu_count()}")
        base_s, base_mib, _ = measure(baseline, str(reports))
        print(
            f"baseline json.loads of every line: {base_s:.2f} s ({ROWS / base_s:,.0f} lines/s), peak {base_mib:.0f} MiB"
        )
        _s, _m, (screened, screen_s) = measure(phi_screen, str(reports))
        print(
            f"PHI screen alone: {screen_s:.2f} s for {screened:,} reports ({screened / screen_s:,.0f} reports/s)"
        )
        _s, _m, (validated, schema_s) = measure(schema_only, str(reports))
        print(
            f"JSON Schema alone: {schema_s:.2f} s for {validated:,} reports ({validated / schema_s:,.0f} reports/s)"
        )
        print(f"load average before the intake rounds: {_load()}")
        rounds = []
        for number in range(1, ROUNDS + 1):
            work = Path(tmp) / f"work{number}.duckdb"
            work.write_bytes(Path(warehouse).read_bytes())
            intake_s, intake_mib, summary = measure(intake, str(reports), str(work))
            work.unlink()
            total_mib = intake_mib + summary["worker_peak_mib"] * max(1, (os.cpu_count() or 1))
            rounds.append((intake_s, total_mib, summary))
            print(
                f"intake round {number}: {intake_s:.2f} s ({ROWS / intake_s:,.0f} reports/s), main process peak "
                f"{intake_mib:.0f} MiB, worker peak {summary['worker_peak_mib']:.0f} MiB each "
                f"(total <= {total_mib:.0f} MiB), CPU {summary['cpu_s']:.1f} s (all processes); load {_load()}"
            )
        times = sorted(r[0] for r in rounds)
        intake_s, median_s = times[0], statistics.median(times)
        total_mib = max(r[1] for r in rounds)
        summary = rounds[0][2]
        print(
            f"intake: best {intake_s:.2f} s ({ROWS / intake_s:,.0f} reports/s), median {median_s:.2f} s "
            f"({ROWS / median_s:,.0f} reports/s) of {len(rounds)}; peak <= {total_mib:.0f} MiB (main + workers)"
        )
        print(
            "outcomes: "
            + ", ".join(
                f"{k} {summary[k]:,}"
                for k in ("rows_read", "accepted", "rejected", "quarantined", "duplicates")
            )
        )
        print(
            f"intake CPU time (all processes, round 1): {summary['cpu_s']:.1f} s -> {summary['cpu_s'] / 2:.1f} s of wall time "
            f"on 2 otherwise idle cores; load average now {_load()}"
        )
        print(f"intake vs baseline: {ratio(intake_s, base_s)}; targets: < 20 s and < 1024 MiB")
        return {
            "rows": ROWS,
            "intake_s": intake_s,
            "intake_median_s": median_s,
            "intake_reports_per_s": ROWS / intake_s,
            "phi_reports_per_s": screened / screen_s,
            "schema_reports_per_s": validated / schema_s,
            "baseline_s": base_s,
            "peak_mib_total": total_mib,
            **summary,
        }


if __name__ == "__main__":
    main()
