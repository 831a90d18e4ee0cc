"""Export benchmark: every code page of RVU25D (~16.9k documents) + Parquet, and analysts during a refresh.

Setup (not timed): the real main job (`medpay run`) on the real raw/ sample into a scratch dir.
Workload 1: `export_code_pages` from the published warehouse: query, assemble, write JSON + Parquet +
changes + manifest, validate EVERY document (jsonschema), privacy gate on the files, switch.
Baselines in the same run: json.dumps of the same document dicts to files (no checks), and DuckDB
COPY of code_payment_summary to one JSON file.
Workload 2: a full refresh (`medpay run`, a subprocess) while this process plays an analyst:
connect read-only to the published warehouse and run a query, again and again; max latency.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.measure import ratio
from pipelines.lib.paths import REPO_ROOT

ANALYST_QUERY = (
    "select status_code, count(*), avg(national_nonfacility) from code_payment_summary "
    "where release_id = 'RVU25D' group by status_code order by 2 desc"
)


def _env(root: Path) -> dict[str, str]:
    return dict(
        os.environ,
        MEDPAY_RAW_DIR=str(REPO_ROOT / "raw"),
        MEDPAY_WAREHOUSE=str(root / "warehouse" / "medpay.duckdb"),
        MEDPAY_EXPORT_DIR=str(root / "exports"),
        DAGSTER_HOME=str(root / "dagster_home"),
        GX_ANALYTICS_ENABLED="false",
    )


def _medpay(root: Path, *args: str) -> subprocess.CompletedProcess:
    medpay = Path(sys.executable).with_name("medpay")
    return subprocess.run([str(medpay), *args], env=_env(root), capture_output=True, text=True)


def _export(root: Path) -> dict:
    import duckdb

    from pipelines.export.build import export_code_pages
    from pipelines.marts.rules import SuppressionRules

    with duckdb.connect(str(root / "warehouse" / "medpay.duckdb"), read_only=True) as conn:
        start = time.perf_counter()
        result = export_code_pages(conn, root / "exports", SuppressionRules())
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "documents": result.documents, "bytes": result.bytes, "steps": result.seconds}


def _baselines(root: Path) -> dict:
    import duckdb

    from pipelines.export.documents import build_documents, load_sections
    from pipelines.marts.rules import SuppressionRules

    with duckdb.connect(str(root / "warehouse" / "medpay.duckdb"), read_only=True) as conn:
        docs = build_documents(load_sections(conn, date.today()), SuppressionRules(), "2025-01-01T00:00:00Z")
        out = root / "baseline_json"
        out.mkdir()
        start = time.perf_counter()
        for doc in docs:
            (out / f"{doc['hcpcs']}.json").write_text(json.dumps(doc), encoding="utf-8")
        dumps = time.perf_counter() - start
        start = time.perf_counter()
        conn.execute(
            "copy (select * from code_payment_summary where release_id = 'RVU25D') to $path (format json)",
            {"path": str(root / "baseline_copy.json")},
        )
        copy = time.perf_counter() - start
    return {"json_dumps_files": dumps, "duckdb_copy_json": copy, "documents": len(docs)}


def _analyst_during_refresh(root: Path) -> dict:
    import duckdb

    path = str(root / "warehouse" / "medpay.duckdb")
    refresh = subprocess.Popen(
        [str(Path(sys.executable).with_name("medpay")), "run"],
        env=_env(root),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    latencies, errors = [], []
    start = time.perf_counter()
    while refresh.poll() is None:
        t0 = time.perf_counter()
        try:
            with duckdb.connect(path, read_only=True) as conn:
                conn.execute(ANALYST_QUERY).fetchall()
        except duckdb.Error as err:
            errors.append(str(err).splitlines()[0])
        latencies.append(time.perf_counter() - t0)
        time.sleep(0.05)
    return {
        "refresh_seconds": time.perf_counter() - start,
        "refresh_exit": refresh.returncode,
        "queries": len(latencies),
        "max_ms": max(latencies) * 1000,
        "p50_ms": statistics.median(latencies) * 1000,
        "errors": errors[:3],
    }


def main() -> dict:
    out = REPO_ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="bench_export_", dir=out))
    (root / "warehouse").mkdir()
    (root / "dagster_home").mkdir()
    print(f"setup: medpay run on the real sample into {root} (not timed) ...", flush=True)
    setup = _medpay(root, "run")
    if setup.returncode != 0:
        print(setup.stdout[-2000:], setup.stderr[-2000:])
        raise SystemExit("setup run failed")

    export = _export(root)
    base = _baselines(root)
    docs_per_s = export["documents"] / export["seconds"]
    print(
        f"export: {export['documents']} documents, {export['bytes'] / 1e6:.1f} MB in {export['seconds']:.1f} s "
        f"= {docs_per_s:,.0f} documents/s (budget 60 s); steps {export['steps']}"
    )
    print(
        f"baseline json.dumps to files (no validation/gate/Parquet): {base['json_dumps_files']:.1f} s "
        f"-> export takes {ratio(export['seconds'], base['json_dumps_files'])} of it"
    )
    print(
        f"baseline DuckDB COPY code_payment_summary to one JSON file: {base['duckdb_copy_json']:.2f} s "
        f"-> export takes {ratio(export['seconds'], base['duckdb_copy_json'])}"
    )
    analyst = _analyst_during_refresh(root)
    print(
        f"analyst during a full refresh ({analyst['refresh_seconds']:.0f} s, exit {analyst['refresh_exit']}): "
        f"{analyst['queries']} read-only queries, max {analyst['max_ms']:.0f} ms, p50 {analyst['p50_ms']:.0f} ms, "
        f"errors {analyst['errors'] or 'none'} (budget: max < 1000 ms)"
    )
    # unlinking ~50k scratch files is slow on this disk: leave it to a detached process
    subprocess.Popen(["rm", "-rf", str(root)], start_new_session=True)
    return {"export": export, "baseline": base, "analyst": analyst, "documents_per_s": docs_per_s}


if __name__ == "__main__":
    main()
