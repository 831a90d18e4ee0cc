"""Pricing benchmark: every code x every locality x both settings of RVU25D (~4.2 M amounts).

Workload: the `payment` view (status, NA, OPPS cap, GPCI borrowing, rounding) fully computed and
aggregated. Baseline: one bare DuckDB query doing only the fee arithmetic on the same tables.
Also: the `price_lines` macro (every modifier rule) on every code of the release with -50 (national,
facility), `code_payment_summary` built in SQL, and `medpay price` wall time per call, interpreter
start included.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from benchmarks.measure import ratio
from pipelines.lib.paths import REPO_ROOT

BARE = """
select count(*), sum(round((v.work_rvu * g.work_gpci
    + (case s.setting when 'facility' then v.pe_facility_rvu else v.pe_nonfacility_rvu end) * g.pe_gpci
    + v.mp_rvu * g.mp_gpci) * v.conversion_factor, 2))
from rvu v join gpci g on g.release_id = v.release_id
cross join (select unnest(['nonfacility', 'facility']) as setting) s
where v.release_id = 'RVU25D'
"""
VIEW = "select count(*), sum(amount), count(amount) from payment where release_id = 'RVU25D' and scope = 'locality'"
MATERIALISE = "create or replace temp table payment_copy as select * from payment where release_id = 'RVU25D'"
BULK = """
select count(*), count(amount), sum(amount)
from price_lines((
    select list({
        'line_id': i, 'release_id': release_id, 'hcpcs': hcpcs, 'modifiers': ['50'], 'mac': null::varchar,
        'locality': null::varchar, 'setting': 'facility', 'rank': null::integer, 'units': 1,
        'base_units': null::decimal(9, 3), 'time_units': null::decimal(9, 3), 'subtract': null::decimal(18, 6)
    })
    from (select *, row_number() over () as i from rvu where release_id = 'RVU25D' and modifier = '')
))
"""


def _build(path: Path) -> None:
    import duckdb
    import polars as pl

    from pipelines.defs.rvu.load import load_release
    from pipelines.lib.sql import run_sql_with_frame
    from pipelines.parsing.cms_rvu import read_release
    from pipelines.parsing.reference import read_zip_locality
    from pipelines.pricing.install import install

    conn = duckdb.connect(str(path))
    parsed = read_release(REPO_ROOT / "raw/cms/rvu/RVU25D", release_id="RVU25D")
    load_release(conn, parsed, landing_sha256="bench", loaded_at=datetime.now())
    zip_path = REPO_ROOT / "raw/cms/zip_locality/ZPLC_OCT2025/ZIP5_OCT2025.txt"
    frame = read_zip_locality(zip_path).with_columns(pl.lit(zip_path.name).alias("source_file"))
    run_sql_with_frame(conn, "reference/zip_locality", frame)
    install(conn)
    conn.close()


def _best(conn, sql: str, repeat: int = 3) -> tuple[float, list]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = conn.execute(sql).fetchall()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> dict:
    import duckdb

    from pipelines.lib.sql import run_sql

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "medpay.duckdb"
        _build(path)
        conn = duckdb.connect(str(path), read_only=True)
        bare_s, bare = _best(conn, BARE)
        view_s, view = _best(conn, VIEW)
        full_s, _ = _best(conn, MATERIALISE, repeat=1)
        bulk_s, bulk = _best(conn, BULK)
        conn.close()
        writer = duckdb.connect(str(path))
        start = time.perf_counter()
        run_sql(writer, "pricing/code_payment_summary")
        summary_s = time.perf_counter() - start
        summary_rows = writer.execute("select count(*) from code_payment_summary").fetchone()[0]
        writer.close()
        print(f"amounts (code x locality x setting): {view[0][0]:,} rows, {view[0][2]:,} priced")
        print(f"bare DuckDB fee arithmetic:  {bare_s:.3f} s ({bare[0][0]:,} rows)")
        print(
            f"payment view (all rules):    {view_s:.3f} s  ratio {ratio(view_s, bare_s)} vs bare (floor 5 s)"
        )
        print(f"payment view, every column materialised: {full_s:.3f} s")
        print(
            f"price_lines, every code with -50 ({bulk[0][0]:,} lines, {bulk[0][1]:,} priced): {bulk_s:.3f} s"
            f"  ratio {ratio(bulk_s, bare_s)} vs bare"
        )
        print(f"code_payment_summary in SQL ({summary_rows:,} codes, every modifier x setting): {summary_s:.3f} s")

        env = {**os.environ, "MEDPAY_WAREHOUSE": str(path)}
        calls = [
            ["99213", "--locality", "10112-00"],
            ["27447", "--zip", "35203", "--setting", "facility", "-m", "50", "-m", "51"],
            ["71046", "-m", "TC", "--json"],
        ]
        walls = []
        for args in calls * 3:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "pipelines.cli.main", "price", *args], env=env, check=True,
                           capture_output=True, cwd=REPO_ROOT)  # fmt: skip
            walls.append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import duckdb"], check=True)
        python_s = time.perf_counter() - start
        print(
            f"medpay price per call: median {statistics.median(walls):.3f} s, max {max(walls):.3f} s "
            f"(floor 1 s; bare `python -c 'import duckdb'` {python_s:.3f} s, ratio "
            f"{ratio(statistics.median(walls), python_s)})"
        )
    return {
        "bare_s": bare_s,
        "view_s": view_s,
        "bulk_s": bulk_s,
        "summary_s": summary_s,
        "cli_median_s": statistics.median(walls),
    }
