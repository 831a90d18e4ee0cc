"""Warehouse backends (ADR 0006): one refresh run on the DuckDB file (copy, write, swap: ADR 0001) and
on DuckLake (one transaction, one snapshot), as the warehouse grows: 10 k, 100 k, 1 M accepted reports
(MEDPAY_BENCH_BACKEND_SIZES), plus the denial marts built over them.

The run is what a daily refresh does to the growing part of the warehouse: +1,000 reports (100 of them
re-sends, bench_marts' generator) and the incremental marts refresh, inside one Warehouse run that is
published. Each run is measured in a fresh process: wall time and the bytes the process wrote
(/proc/self/io ``wchar``: every write() to a file, the copy included). The baseline, measured in the
same round, is the part of the file backend's run that does not depend on the change: copying the
published file (ADR 0001). Also: bytes on disk of one NCCI quarter (4.3 M PTP rows, synthetic values
of the real shape) in each format, for the sizing in ADR 0006.

Both backends run under the DuckDB of the interpreter; DuckLake needs the extra (DuckDB 1.4.4):
`.venv-ducklake/bin/python benchmarks/run.py backends`. Under .venv only the file backend is measured.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from benchmarks.bench_marts import CODES as MART_CODES
from benchmarks.bench_marts import GENERATE, RESEND, STATES, generate
from benchmarks.measure import measure, ratio
from pipelines.lib.backend import BackendError, LakeBackend, _extension_dir, backend_for
from pipelines.lib.sql import ensure_tables
from pipelines.lib.warehouse import Warehouse
from pipelines.marts.build import refresh
from pipelines.marts.rules import SuppressionRules

NEW_REPORTS = 1_000
NCCI_QUARTER_ROWS = int(os.environ.get("MEDPAY_BENCH_NCCI_ROWS", 4_300_000))
NCCI_ROWS = """
insert into ncci_ptp
select
    '2025Q4',
    ['practitioner', 'hospital'][1 + (i % 2)::int],
    printf('%05d', 10000 + (i // 97) % 9000),
    printf('%05d', 10000 + hash(i) % 9000),
    i % 13 = 0,
    date '1996-01-01' + to_days((hash(i, 'e') % 10000)::int),
    case when i % 9 = 0 then date '2020-01-01' + to_days((i % 1500)::int) end,
    (i % 3)::tinyint,
    ['not allowed', 'allowed', 'not applicable'][1 + (i % 3)::int],
    ['Standards of medical/surgical practice', 'CPT Manual or CMS manual coding instructions',
     'Mutually exclusive procedures', 'Misuse of column two code with column one code'][1 + (i % 4)::int],
    'ccipra-v314r0-f1.txt',
    (i % 1000000)::integer
from range($rows) as t(i)
"""


def _written() -> int:
    with open("/proc/self/io") as io:
        return int(next(line for line in io if line.startswith("wchar:")).split()[1])


def seed(template: str, n: int) -> None:
    """n generated reports and every mart built over them, in a DuckDB file."""
    generate(template, n)
    with duckdb.connect(template) as conn:
        refresh(conn, SuppressionRules(), full_rebuild=True)


def file_to_lake(template: str, where: str) -> None:
    """The same tables in a DuckLake (one run: its first snapshot)."""
    warehouse = Warehouse(database=where)
    with duckdb.connect(template, read_only=True) as src, warehouse.connect() as conn:
        for (table,) in src.execute("select table_name from duckdb_tables() order by 1").fetchall():
            # table names from the seed file's own catalog, not input
            conn.register("seed", src.execute(f'select * from "{table}"').arrow())  # noqa: S608
            conn.execute(f'create table "{table}" as select * from seed')  # noqa: S608
            conn.unregister("seed")
    warehouse.finish(publish=True)


def refresh_run(where: str, n: int) -> dict:
    """One published run: +1,000 reports and the incremental marts refresh (imports not timed)."""
    before = _written()
    start = time.perf_counter()
    warehouse = Warehouse(database=where)
    with warehouse.connect() as conn:
        params = {"half": n // 2, "codes": MART_CODES, "states": STATES, "accepted": "2025-12-01"}
        conn.execute(GENERATE, {**params, "start": n, "stop": n + NEW_REPORTS - 100})
        conn.execute(RESEND, {"accepted": "2025-12-01"})
        done = refresh(conn, SuppressionRules())
    assert warehouse.finish(publish=True)
    return {
        "seconds": time.perf_counter() - start,
        "written": _written() - before,
        "codes": done.codes_in_scope,
    }


def copy_only(path: str, dest: str) -> dict:
    before = _written()
    start = time.perf_counter()
    shutil.copyfile(path, dest)
    os.unlink(dest)
    return {"seconds": time.perf_counter() - start, "written": _written() - before}


def ncci_quarter(folder: str) -> dict:
    """Bytes on disk of one NCCI PTP quarter: DuckDB file vs DuckLake Parquet (if available)."""
    out = {}
    path = str(Path(folder) / "ncci.duckdb")
    with duckdb.connect(path) as conn:
        ensure_tables(conn, "ncci_ptp")
        conn.execute(NCCI_ROWS, {"rows": NCCI_QUARTER_ROWS})
        conn.execute("checkpoint")
    out["duckdb_bytes"] = os.path.getsize(path)
    if _lake_available():
        where = f"ducklake:{Path(folder) / 'ncci.sqlite'}"
        file_to_lake(path, where)
        lake = backend_for(where)
        assert isinstance(lake, LakeBackend)
        out["parquet_bytes"] = _tree_bytes(lake.default_data_path)
    return out


def _tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _lake_available() -> bool:
    try:
        _extension_dir()
    except BackendError:
        return False
    return True


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def main() -> dict:
    sizes = [int(s) for s in os.environ.get("MEDPAY_BENCH_BACKEND_SIZES", "10000,100000,1000000").split(",")]
    rounds = int(os.environ.get("MEDPAY_BENCH_ROUNDS", 2))
    lake = _lake_available()
    print(
        f"DuckDB {duckdb.__version__}; DuckLake backend: {'yes' if lake else 'no (run under .venv-ducklake)'}"
    )
    figures: dict = {"duckdb": duckdb.__version__, "sizes": {}}
    with tempfile.TemporaryDirectory(prefix="bench_backends_") as tmp:
        for n in sizes:
            folder = Path(tmp) / str(n)
            folder.mkdir()
            template = str(folder / "template.duckdb")
            measure(seed, template, n)
            row: dict = {"file_mb": os.path.getsize(template) / 1e6, "file": [], "copy": [], "lake": []}
            lake_template = folder / "lake-template"
            if lake:
                measure(file_to_lake, template, f"ducklake:{lake_template / 'w.sqlite'}")
            for i in range(rounds):
                work = folder / f"round{i}"
                work.mkdir()
                db = str(work / "w.duckdb")
                shutil.copyfile(template, db)
                row["copy"].append(measure(copy_only, db, str(work / "copy.duckdb"))[2])
                row["file"].append(measure(refresh_run, db, n)[2])
                if lake:
                    shutil.copytree(lake_template, work / "lake")
                    catalog = work / "lake" / "w.sqlite"
                    _move_data_path(catalog, work / "lake" / "w.files")
                    before = _tree_bytes(work / "lake")
                    row["lake"].append(measure(refresh_run, f"ducklake:{catalog}", n)[2])
                    row["lake"][-1]["on_disk_growth"] = _tree_bytes(work / "lake") - before
                shutil.rmtree(work)
            figures["sizes"][n] = _report(n, row)
        ncci = measure(ncci_quarter, tmp)[2]
    figures["ncci_quarter"] = ncci
    print(
        f"\nNCCI PTP quarter, {NCCI_QUARTER_ROWS:,} rows on disk: DuckDB file {_mb(ncci['duckdb_bytes'])}"
        + (f", DuckLake Parquet {_mb(ncci['parquet_bytes'])}" if "parquet_bytes" in ncci else "")
    )
    return figures


def _move_data_path(catalog: Path, data: Path) -> None:
    """A copied DuckLake points at its own data folder (the catalog records the data path)."""
    import sqlite3

    with sqlite3.connect(catalog) as conn:
        conn.execute("update ducklake_metadata set value = ? where key = 'data_path'", [str(data) + os.sep])


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def _report(n: int, row: dict) -> dict:
    copy_s, copy_w = _median(row["copy"], "seconds"), _median(row["copy"], "written")
    file_s, file_w = _median(row["file"], "seconds"), _median(row["file"], "written")
    out = {
        "warehouse_mb": round(row["file_mb"], 1),
        "copy_s": round(copy_s, 3),
        "file_run_s": round(file_s, 2),
        "file_written_mb": round(file_w / 1e6, 1),
    }
    print(
        f"\n{n:,} reports (+marts), warehouse file {row['file_mb']:,.1f} MB; medians of {len(row['file'])} rounds"
    )
    print(f"  baseline: copy the file        {copy_s:6.2f} s  wrote {_mb(copy_w)}")
    print(
        f"  file backend run (+{NEW_REPORTS:,})   {file_s:6.2f} s  wrote {_mb(file_w)}"
        f"  ({ratio(file_w, copy_w)} the copy's bytes)"
    )
    if row["lake"]:
        lake_s, lake_w = _median(row["lake"], "seconds"), _median(row["lake"], "written")
        growth = _median(row["lake"], "on_disk_growth")
        out.update(
            lake_run_s=round(lake_s, 2),
            lake_written_mb=round(lake_w / 1e6, 2),
            lake_growth_mb=round(growth / 1e6, 2),
        )
        print(
            f"  DuckLake run (+{NEW_REPORTS:,})       {lake_s:6.2f} s  wrote {_mb(lake_w)}"
            f"  (on disk +{_mb(growth)}; {ratio(lake_w, file_w)} the file backend's bytes, "
            f"{ratio(lake_s, file_s)} its time)"
        )
    return out


if __name__ == "__main__":
    main()
