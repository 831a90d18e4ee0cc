"""NCCI at full scale: one SYNTHETIC quarter in the real CMS layout (2.5 M practitioner + 1.8 M
outpatient PTP edits, four parts each, + MUE) parsed, loaded and validated.

Figures, each in a fresh process (benchmarks/measure.py):
- baseline: bare DuckDB ``read_csv`` of the extracted PTP text files and the MUE CSVs into a file
  warehouse, one call per file (DuckDB 2.0's single call over a list of these files is many times
  slower, so the per-file loop is the stronger baseline);
- pipeline parse + load of the same extracted files (the pipeline's parser and loader, no Dagster);
- pipeline parse + load + validate from the CMS-style zips: the GX suites on every loaded row.
Targets (issue 11): parse + load + validate < 1 GB peak; parse + load <= 1.5x the baseline.
The generated files are cached in benchmarks/out/ncci/ (never in raw/: they are not CMS data).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.measure import measure, ratio  # noqa: E402

OUT = REPO / "benchmarks" / "out" / "ncci"
QUARTER = "2025Q4"
ROWS, OUTPATIENT = 2_500_000, 1_800_000
LAYOUT = "real-v322"  # bump when the generator's layout changes: the cached files are regenerated


def prepare() -> tuple[Path, Path]:
    """(folder of zips + MUE CSVs, folder of the same files extracted), generated once and cached."""
    zips, extracted = OUT / "landing" / QUARTER, OUT / "extracted" / QUARTER
    marker = OUT / f"generated-{QUARTER}-{ROWS}-{OUTPATIENT}-{LAYOUT}.ok"
    if not marker.exists():
        shutil.rmtree(OUT, ignore_errors=True)
        start = time.perf_counter()
        # in a child process: the generator's memory must not count in the measured children's peaks
        # (Linux carries a process's peak RSS into the children it forks)
        measure(_generate, str(zips))
        extracted.mkdir(parents=True)
        for path in zips.iterdir():
            if path.suffix == ".zip":
                with zipfile.ZipFile(path) as archive:
                    archive.extractall(extracted)
            else:
                shutil.copyfile(path, extracted / path.name)
        marker.write_text("ok\n")
        print(f"generated the synthetic quarter in {time.perf_counter() - start:.1f} s -> {OUT}")
    return zips, extracted


def _generate(folder: str) -> None:
    from benchmarks.gen_ncci import generate

    generate(Path(folder), QUARTER, ROWS, OUTPATIENT)


BASELINE_SQL = {  # kind -> (first file, further files, count); the file is a parameter
    "ptp": (  # the data lines after the six preamble lines (copyright, title, four-line header)
        "create table ptp as select * from "
        "read_csv($f, skip = 6, header = false, delim = '\t', quote = '', encoding = 'latin-1')",
        "insert into ptp select * from "
        "read_csv($f, skip = 6, header = false, delim = '\t', quote = '', encoding = 'latin-1')",
        "select count(*) from ptp",
    ),
    "mue": (
        "create table mue as select * from read_csv($f, skip = 1, header = true, encoding = 'latin-1')",
        "insert into mue select * from read_csv($f, skip = 1, header = true, encoding = 'latin-1')",
        "select count(*) from mue",
    ),
}


def baseline_read_csv(folder: str) -> int:
    """Bare DuckDB: each PTP text file and MUE CSV read_csv'd (Latin-1) into a table of a file DB."""
    import duckdb

    with tempfile.TemporaryDirectory() as tmp:
        conn = duckdb.connect(str(Path(tmp) / "baseline.duckdb"))
        rows = 0
        for kind, pattern in (("ptp", "*.txt"), ("mue", "*.csv")):
            first, more, count = BASELINE_SQL[kind]
            for i, path in enumerate(sorted(Path(folder).glob(pattern))):
                conn.execute(first if i == 0 else more, {"f": str(path)})
            rows += conn.execute(count).fetchone()[0]
        conn.execute("checkpoint")
        conn.close()
    return rows


def pipeline(folder: str, database: str, validate: bool) -> dict[str, float | int]:
    """The pipeline's own parse + load (+ the GX suites on every loaded row) of one quarter."""
    import duckdb

    from pipelines.ncci.load import load_quarter
    from pipelines.parsing.ncci_files import scan  # the pure scanner: no Dagster import in the timing

    figures: dict[str, float | int] = {}
    root = Path(folder)
    start = time.perf_counter()
    files, _ = scan(root)
    with duckdb.connect(database) as conn:
        for kind in ("ptp", "mue"):
            loaded = load_quarter(conn, files, kind, QUARTER, root)
            figures[f"{kind}_rows"] = loaded.rows_loaded
            figures[f"{kind}_rejected"] = loaded.rows_rejected
    figures["parse_load_s"] = time.perf_counter() - start
    if validate:
        from pipelines.defs.ncci.checks import validate_quarter
        from pipelines.lib.warehouse import Warehouse

        start = time.perf_counter()
        warehouse = Warehouse(database=database)
        for table in ("ncci_ptp", "ncci_mue"):
            outcome = validate_quarter(warehouse, table, QUARTER)  # the blocking checks' own code
            if not outcome["success"]:
                raise RuntimeError(f"GX suite {table} failed: {outcome['outcomes']}")
            figures[f"{table}_validated"] = outcome["rows"]
        warehouse.finish(publish=False)
        figures["validate_s"] = time.perf_counter() - start
    return figures


def code_edits(database: str) -> int:
    """Build every code's NCCI object (the view the website export reads) into a temp table."""
    import duckdb

    with duckdb.connect(database, read_only=True) as conn:
        conn.execute("create temp table pages as select * from ncci_code_edits")
        return conn.execute("select count(*) from pages").fetchone()[0]


def main() -> dict[str, float]:
    zips, extracted = prepare()
    with tempfile.TemporaryDirectory() as tmp:
        base_s, base_mb, base_rows = measure(baseline_read_csv, str(extracted))
        print(
            f"baseline  DuckDB read_csv (per file)       {base_s:6.1f} s  {base_mb:6.0f} MB  {base_rows:,} rows"
        )
        pl_s, pl_mb, pl_fig = measure(pipeline, str(extracted), str(Path(tmp) / "a.duckdb"), False)
        print(
            f"pipeline  parse + load (extracted files)   {pl_s:6.1f} s  {pl_mb:6.0f} MB  "
            f"{pl_fig['ptp_rows']:,} PTP + {pl_fig['mue_rows']:,} MUE rows  ({ratio(pl_s, base_s)} of baseline)"
        )
        database = str(Path(tmp) / "b.duckdb")
        full_s, full_mb, full = measure(pipeline, str(zips), database, True)
        print(
            f"pipeline  parse + load + validate (zips)   {full_s:6.1f} s  {full_mb:6.0f} MB  "
            f"(parse+load {full['parse_load_s']:.1f} s = {ratio(full['parse_load_s'], base_s)} of baseline; "
            f"GX {full['validate_s']:.1f} s on {full['ncci_ptp_validated']:,} + {full['ncci_mue_validated']:,} rows)"
        )
        view_s, view_mb, codes = measure(code_edits, database)
        print(
            f"view      ncci_code_edits, every code      {view_s:6.1f} s  {view_mb:6.0f} MB  {codes:,} codes"
        )
    verdict = {
        "parse + load + validate under 1 GB": full_mb < 1024,
        "parse+load <= 1.5x baseline": pl_s <= 1.5 * base_s,
    }
    print("targets   " + ", ".join(f"{k}: {'yes' if ok else 'NO'}" for k, ok in verdict.items()))
    return {
        "baseline_s": base_s,
        "parse_load_s": pl_s,
        "ratio": pl_s / base_s,
        "full_s": full_s,
        "full_peak_mb": full_mb,
        "code_edits_s": view_s,
    }


if __name__ == "__main__":
    main()
