"""NCCI end to end at real scale: the main job and the refresh with a real-size quarter loaded.

Setup: the synthetic quarter of bench_ncci (real CMS layout, 2.5 M practitioner + 1.8 M outpatient PTP
edits + MUE), landed with a copy of the real raw/ sample (RVU releases, reference data, reports) in a
scratch dir under benchmarks/out/.
Measured, each `medpay` a fresh subprocess (peak RSS of that process from wait4):
1. the full `medpay run` (reference, RVU, the NCCI quarter parsed + loaded + validated, reports, refresh);
2. `refresh_job` alone on that warehouse (marts, `code_pages`: every page + companion file, contract
   check, privacy gate), and the export's size;
3. baseline in the same run: `refresh_job` alone on a copy of the same warehouse without NCCI.
Targets (issue 11): full run peak < 2 GB, refresh < 30 s, total export < 150 MB.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.bench_ncci import prepare  # noqa: E402

REFRESH = (
    "import dagster as dg; "
    "from pipelines.definitions import defs; "
    "from pipelines.lib.runner import STAGES, run_pipeline; "
    "stages = [s for s in STAGES if s.job == 'refresh_job']; "
    "instance = dg.DagsterInstance.get(); "
    "[out] = run_pipeline(defs, instance, stages=stages, log_level='ERROR'); "
    "raise SystemExit(0 if out.success else '; '.join(out.failures)[:2000])"
)


def _env(root: Path, warehouse: Path) -> dict[str, str]:
    (warehouse.parent / "dagster_home").mkdir(exist_ok=True)
    return dict(
        os.environ,
        MEDPAY_RAW_DIR=str(root / "raw"),
        MEDPAY_WAREHOUSE=str(warehouse),
        MEDPAY_EXPORT_DIR=str(warehouse.parent / "exports"),
        DAGSTER_HOME=str(warehouse.parent / "dagster_home"),
        GX_ANALYTICS_ENABLED="false",
    )


def _timed(args: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """(seconds, peak RSS MiB of that process, exit code, stderr tail) of one subprocess."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, proc.returncode, stderr[-1500:]


def _export_mb(warehouse: Path) -> tuple[float, int, int]:
    """(MB of the live export, code pages, companion files)."""
    build = (warehouse.parent / "exports" / "current").resolve()
    size = sum(p.stat().st_size for p in build.rglob("*") if p.is_file())
    return size / 1e6, len(list((build / "codes").glob("*.json"))), len(list((build / "ncci").glob("*.json")))


def _without_ncci(source: Path, target: Path) -> None:
    """A copy of the warehouse with no NCCI quarter (the tables stay, empty)."""
    import duckdb

    target.parent.mkdir(parents=True)
    shutil.copyfile(source, target)
    with duckdb.connect(str(target)) as conn:
        for table in ("ncci_ptp", "ncci_mue", "ncci_files"):
            conn.execute(f"delete from {table}")  # noqa: S608 - fixed table names
        conn.execute("delete from rejected_rows where domain = 'ncci'")
        conn.execute("checkpoint")


def main() -> dict[str, float]:
    zips, _ = prepare()
    out = REPO / "benchmarks" / "out"
    root = Path(tempfile.mkdtemp(prefix="bench_ncci_e2e_", dir=out))
    shutil.copytree(REPO / "raw", root / "raw", ignore=shutil.ignore_patterns("ncci"))
    landing = root / "raw" / "cms" / "ncci" / "2025Q4"
    landing.mkdir(parents=True)
    for path in zips.iterdir():
        (landing / path.name).symlink_to(path)
    medpay = str(Path(sys.executable).with_name("medpay"))
    figures: dict[str, float] = {}

    with_ncci = root / "with" / "medpay.duckdb"
    with_ncci.parent.mkdir()
    env = _env(root, with_ncci)
    run_s, run_mb, code, err = _timed([medpay, "run"], env)
    if code != 0:
        raise SystemExit(f"medpay run failed ({code}): {err}")
    print(f"full medpay run (NCCI quarter loaded)     {run_s:6.1f} s  peak {run_mb:6.0f} MiB", flush=True)

    ref_s, ref_mb, code, err = _timed([sys.executable, "-c", REFRESH], env)
    if code != 0:
        raise SystemExit(f"refresh failed ({code}): {err}")
    size, pages, companions = _export_mb(with_ncci)
    print(
        f"refresh_job with NCCI                      {ref_s:6.1f} s  peak {ref_mb:6.0f} MiB  "
        f"export {size:6.1f} MB ({pages:,} pages, {companions:,} edits files)",
        flush=True,
    )

    bare = root / "without" / "medpay.duckdb"
    _without_ncci(with_ncci, bare)
    base_s, base_mb, code, err = _timed([sys.executable, "-c", REFRESH], _env(root, bare))
    if code != 0:
        raise SystemExit(f"baseline refresh failed ({code}): {err}")
    base_size, _, _ = _export_mb(bare)
    print(
        f"baseline refresh_job, same warehouse without NCCI {base_s:6.1f} s  peak {base_mb:6.0f} MiB  "
        f"export {base_size:6.1f} MB  -> with NCCI {ref_s / base_s:.2f}x the time, +{size - base_size:.1f} MB",
        flush=True,
    )
    verdict = {
        "full run peak < 2 GB": run_mb < 2048,
        "refresh < 30 s": ref_s < 30,
        "export < 150 MB": size < 150,
    }
    print("targets   " + ", ".join(f"{k}: {'yes' if ok else 'NO'}" for k, ok in verdict.items()))
    subprocess.Popen(["rm", "-rf", str(root)], start_new_session=True)  # ~30k files: detached
    figures.update(
        run_s=run_s, run_peak_mb=run_mb, refresh_s=ref_s, refresh_peak_mb=ref_mb, export_mb=size,
        baseline_refresh_s=base_s, baseline_export_mb=base_size,
    )  # fmt: skip
    return figures


if __name__ == "__main__":
    main()
