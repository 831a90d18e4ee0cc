"""RVU release benchmark: parse + load of RVU25D against a bare DuckDB read_csv of its PPRRVU file.

Workloads, each in a fresh process (wall time, peak RSS):
- baseline: DuckDB ``read_csv`` of PPRRVU2025_Oct.csv (explicit delimiter/quote/escape) into a table;
- PPRRVU parse + load: the real parser (rules, normalisation, rejects) and the loader's insert;
- release parse + load: all five tables of RVU25D, one transaction (what the asset does);
- whole release: ``rvu_release_job`` in process (parse, load, 7 blocking checks incl. GX; the
  Dagster definitions are imported before the clock starts);
- GX import alone (a fixed cost of the first validation in a process) and the five suites alone.
Floors: PPRRVU parse + load within 3x the baseline; the whole release under 10 s.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path

import duckdb
import polars  # noqa: F401 - warm imports: the workloads measure work, not module loading
import pyarrow  # noqa: F401

from benchmarks.measure import measure, ratio
from pipelines.defs.rvu.load import TABLES, load_release
from pipelines.lib.paths import REPO_ROOT
from pipelines.lib.sql import ensure_tables
from pipelines.lib.tables import insert_frame
from pipelines.parsing.cms_pprrvu import read_pprrvu_csv
from pipelines.parsing.cms_rvu import read_release
from pipelines.parsing.reference import read_census_counties

RELEASE = REPO_ROOT / "raw" / "cms" / "rvu" / "RVU25D"
PPRRVU = RELEASE / "PPRRVU2025_Oct.csv"
CENSUS = REPO_ROOT / "raw" / "reference" / "census" / "national_county.txt"
BASELINE_SQL = """
create table pprrvu as
select * from read_csv($path, delim = ',', quote = '"', escape = '"', header = false, skip = 10,
                       encoding = 'latin-1', null_padding = true)
"""


def baseline(db: str) -> int:
    Path(db).unlink(missing_ok=True)  # every repetition writes a fresh database
    with duckdb.connect(db) as conn:
        conn.execute(BASELINE_SQL, {"path": str(PPRRVU)})
        return conn.execute("select count(*) from pprrvu").fetchone()[0]


def pprrvu_parse_load(db: str) -> int:
    Path(db).unlink(missing_ok=True)  # every repetition writes a fresh database
    table, _meta = read_pprrvu_csv(PPRRVU.read_bytes(), PPRRVU.name, "RVU25D")
    with duckdb.connect(db) as conn:
        ensure_tables(conn, "rvu")
        insert_frame(conn, "rvu", table.frame.to_arrow())
        return conn.execute("select count(*) from rvu").fetchone()[0]


def release_parse_load(db: str) -> dict[str, int]:
    Path(db).unlink(missing_ok=True)  # every repetition writes a fresh database
    parsed = read_release(RELEASE, release_id="RVU25D", census=read_census_counties(CENSUS))
    with duckdb.connect(db) as conn:
        loads = load_release(conn, parsed, landing_sha256="bench", loaded_at=datetime.now())
    return {name: loads[name].rows_loaded for name in TABLES}


def whole_release(tmp: str) -> tuple[float, bool]:
    """Seconds for one in-process run of rvu_release_job (the Dagster definitions imported first)."""
    import time

    import dagster as dg

    from pipelines.definitions import defs

    raw = Path(tmp) / "raw"
    (raw / "cms" / "rvu").mkdir(parents=True)
    (raw / "cms" / "rvu" / "RVU25D").symlink_to(RELEASE, target_is_directory=True)
    (raw / "reference" / "census").mkdir(parents=True)
    (raw / "reference" / "census" / CENSUS.name).symlink_to(CENSUS)
    os.environ.update(MEDPAY_RAW_DIR=str(raw), MEDPAY_WAREHOUSE=str(Path(tmp) / "medpay.duckdb"))
    start = time.perf_counter()
    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions("rvu_release", ["RVU25D"])
        job = defs.resolve_job_def("rvu_release_job")
        ok = job.execute_in_process(instance=instance, partition_key="RVU25D").success
    return time.perf_counter() - start, ok


def best_of(runs: int, fn, *args):
    """The fastest of ``runs`` fresh-process measurements (the machine is shared: take the least noisy)."""
    return min((measure(fn, *args) for _ in range(runs)), key=lambda m: m[0])


def gx_import() -> bool:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations  # noqa: F401

    return True


def validation(db: str) -> float:
    """Seconds for the five GX suites on the loaded release (GX imported before the clock starts)."""
    import time

    from pipelines.defs.rvu.checks import release_rows
    from pipelines.lib.gx import validate

    gx_import()
    start = time.perf_counter()
    with duckdb.connect(db, read_only=True) as conn:
        outcomes = [validate(table, release_rows(conn, table, "RVU25D"))["success"] for table in TABLES]
    assert all(outcomes), outcomes
    return time.perf_counter() - start


def main() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        base_s, base_mb, base_rows = best_of(3, baseline, f"{tmp}/baseline.duckdb")
        assert base_rows == 19090, f"bare read_csv read {base_rows} rows, expected 19,090"
        parse_s, parse_mb, parse_rows = best_of(3, pprrvu_parse_load, f"{tmp}/pprrvu.duckdb")
        release_s, release_mb, counts = best_of(3, release_parse_load, f"{tmp}/release.duckdb")
        gx_s, _gx_mb, _ = measure(gx_import)
        _, _, suites_s = measure(validation, f"{tmp}/release.duckdb")
        _, whole_mb, (whole_s, ok) = measure(whole_release, tmp)
    assert parse_rows == 19090 and ok
    print(
        f"bare DuckDB read_csv of {PPRRVU.name}: {base_s:.3f} s, peak {base_mb:.0f} MiB ({base_rows:,} rows)"
    )
    print(
        f"PPRRVU parse + load:                   {parse_s:.3f} s, peak {parse_mb:.0f} MiB  "
        f"ratio {ratio(parse_s, base_s)} vs bare (floor 3x)"
    )
    print(
        f"RVU25D parse + load, all 5 tables:     {release_s:.3f} s, peak {release_mb:.0f} MiB  "
        f"ratio {ratio(release_s, base_s)} vs bare  {counts}"
    )
    print(
        f"RVU25D whole release (rvu_release_job, 7 blocking checks): {whole_s:.2f} s, peak {whole_mb:.0f} MiB "
        f"(floor 10 s)"
    )
    print(f"  of which: GX import {gx_s:.2f} s (once per process), the 5 GX suites {suites_s:.2f} s")
    return {
        "baseline_s": base_s,
        "pprrvu_parse_load_s": parse_s,
        "pprrvu_ratio": parse_s / base_s,
        "release_parse_load_s": release_s,
        "whole_release_s": whole_s,
        "gx_import_s": gx_s,
        "gx_suites_s": suites_s,
    }
