"""Live pages benchmark: a 1,000-report file landing -> the new manifest live, against a full rebuild.

Setup (not timed): a scratch MEDPAY_HOME with the real raw/ sample (both RVU releases, reference
files, ZIP -> locality) plus 100,000 synthetic reports (``BENCH_LIVE_BASE_ROWS``), loaded by one
`medpay run` (a subprocess).

Measured in this run:
1. Baseline: a full export rebuild from that warehouse (every page built, contract-validated and
   privacy-gated in the build, then the blocking checks' re-read of the files), in process.
2. `medpay run` after landing a 1,000-report file: wall time of the subprocess, with the split per
   run and per refresh step from the Dagster instance.
3. `dagster dev` (webserver + daemon, 127.0.0.1, a temporary DAGSTER_HOME) started as a subprocess:
   ``BENCH_LIVE_ROUNDS`` (default 3) times, a 1,000-report file is landed (written under *.part, then
   renamed, as uploaders do) and the time until `current` points at a new build is measured, with the
   split: sensor -> intake run -> refresh-after-load sensor -> refresh run (its slowest steps).
   Before landing anything it checks that the files `medpay run` already loaded start no run.
`dagster dev` is stopped at the end (its process group, which this benchmark started).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.measure import ratio
from pipelines.lib.paths import REPO_ROOT

BASE_ROWS = int(os.environ.get("BENCH_LIVE_BASE_ROWS", "100000"))
LANDED_ROWS = 1000
ROUNDS = int(os.environ.get("BENCH_LIVE_ROUNDS", "3"))
TIMEOUT_S = 600


def _env(root: Path) -> dict[str, str]:
    return dict(
        os.environ,
        MEDPAY_HOME=str(root),
        MEDPAY_RAW_DIR=str(root / "raw"),
        MEDPAY_WAREHOUSE=str(root / "warehouse" / "medpay.duckdb"),
        MEDPAY_EXPORT_DIR=str(root / "exports"),
        MEDPAY_DAGSTER_STORAGE=str(root / "dagster_storage"),
        DAGSTER_HOME=str(root / "dagster_home"),
        MEDPAY_REPORTS_RETENTION="keep",
        GX_ANALYTICS_ENABLED="false",
        DAGSTER_DISABLE_TELEMETRY="1",
    )


def _setup(root: Path) -> None:
    from pipelines.intake.synthetic import write_jsonl

    raw = root / "raw"
    (raw / "cms").mkdir(parents=True)
    for name in ("rvu", "zip_locality"):
        shutil.copytree(REPO_ROOT / "raw" / "cms" / name, raw / "cms" / name)
    shutil.copytree(REPO_ROOT / "raw" / "reference", raw / "reference")
    (raw / "reports").mkdir()
    write_jsonl(raw / "reports" / "bench-base.jsonl", BASE_ROWS, seed=11)
    (root / "dagster_home").mkdir()
    shutil.copyfile(REPO_ROOT / "dagster.yaml", root / "dagster_home" / "dagster.yaml")
    start = time.perf_counter()
    done = _medpay(root, "run")
    if done.returncode != 0:
        raise SystemExit(f"setup `medpay run` failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    print(
        f"setup: both releases + {BASE_ROWS:,} reports loaded by `medpay run` in {time.perf_counter() - start:.0f} s"
    )


def _medpay(root: Path, *args: str) -> subprocess.CompletedProcess:
    medpay = Path(sys.executable).with_name("medpay")
    return subprocess.run([str(medpay), *args], env=_env(root), capture_output=True, text=True, cwd=REPO_ROOT)


def _land(root: Path, name: str, seed: int) -> float:
    """Write a 1,000-report file under *.part and rename it into raw/reports/; the rename's time."""
    from pipelines.intake.synthetic import write_jsonl

    part = root / "raw" / "reports" / f"{name}.part"
    write_jsonl(part, LANDED_ROWS, seed=seed, start=_month(seed))
    landed = time.time()
    os.replace(part, part.with_name(name))
    return landed


def _month(seed: int):
    from datetime import datetime

    return datetime(2025, 7 + seed % 3, 1)


def _live(root: Path) -> str | None:
    link = root / "exports" / "current"
    return os.readlink(link) if link.is_symlink() else None


def _full_rebuild(root: Path) -> dict:
    """Baseline: every page built + validated + gated, staged, then the blocking checks' re-read."""
    import duckdb

    from pipelines.export.build import export_code_pages, free_texts, verify_contract, verify_privacy
    from pipelines.marts.rules import SuppressionRules

    rules = SuppressionRules()
    with duckdb.connect(str(root / "warehouse" / "medpay.duckdb"), read_only=True) as conn:
        start = time.perf_counter()
        result = export_code_pages(conn, root / "baseline_exports", rules, stage_only=True)
        build_s = time.perf_counter() - start
        forbidden = free_texts(conn)
    start = time.perf_counter()
    problems = verify_contract(result.path)
    contract_s = time.perf_counter() - start
    start = time.perf_counter()
    problems += verify_privacy(result.path, rules, forbidden)
    privacy_s = time.perf_counter() - start
    assert not problems, problems[:5]
    total = build_s + contract_s + privacy_s
    print(
        f"full rebuild: {result.documents:,} pages built+validated+gated {build_s:.1f} s "
        f"(steps {result.seconds}), blocking checks re-read: contract {contract_s:.1f} s, "
        f"privacy {privacy_s:.1f} s; total {total:.1f} s"
    )
    return {"build": build_s, "contract": contract_s, "privacy": privacy_s, "total": total}


def _instance(root: Path):
    import dagster as dg

    os.environ.update({k: v for k, v in _env(root).items() if k.startswith(("DAGSTER", "MEDPAY"))})
    return dg.DagsterInstance.get()


def _runs_since(instance, since: float) -> list[dict]:
    import dagster as dg

    out = []
    for record in instance.get_run_records(dg.RunsFilter(), limit=20):
        if record.create_timestamp.timestamp() < since:
            continue
        run = record.dagster_run
        steps = {
            s.step_key: round(s.end_time - s.start_time, 2)
            for s in instance.get_run_step_stats(run.run_id)
            if s.end_time and s.start_time
        }
        out.append(
            {
                "job": run.job_name,
                "status": run.status.value,
                "created": record.create_timestamp.timestamp(),
                "start": record.start_time,
                "end": record.end_time,
                "steps": steps,
            }
        )
    return sorted(out, key=lambda r: r["created"])


def _split(runs: list[dict], since: float) -> str:
    parts = []
    for run in runs:
        if run["start"] is None or run["end"] is None:
            parts.append(f"{run['job']} {run['status']}")
            continue
        slow = sorted(run["steps"].items(), key=lambda kv: -kv[1])[:4]
        parts.append(
            f"{run['job']}: requested +{run['created'] - since:.1f} s, started +{run['start'] - since:.1f} s, "
            f"ran {run['end'] - run['start']:.1f} s (slowest steps {dict(slow)})"
        )
    return "\n    ".join(parts)


def _medpay_run_path(root: Path) -> float:
    instance = _instance(root)
    landed = _land(root, "bench-cli-1.jsonl", seed=101)
    start = time.perf_counter()
    done = _medpay(root, "run")
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"`medpay run` failed:\n{done.stdout[-3000:]}")
    print(f"`medpay run` after landing {LANDED_ROWS:,} reports: {wall:.1f} s wall")
    print(f"    {_split(_runs_since(instance, landed), landed)}")
    return wall


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_dagster(root: Path) -> subprocess.Popen:
    dagster = Path(sys.executable).with_name("dagster")
    log = open(root / "dagster_dev.log", "w")
    return subprocess.Popen(
        [str(dagster), "dev", "-h", "127.0.0.1", "-p", str(_free_port())],
        env=_env(root),
        cwd=REPO_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait_for_daemon(instance, root: Path, process: subprocess.Popen) -> None:
    """Until the report sensor has ticked twice (files seen, then judged complete and already loaded)."""
    from dagster._core.scheduler.instigation import TickStatus

    deadline = time.time() + TIMEOUT_S
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"dagster dev exited: see {root / 'dagster_dev.log'}")
        ticks = _sensor_ticks(instance, "report_files_sensor")
        if len([t for t in ticks if t.status != TickStatus.STARTED]) >= 2:
            return
        time.sleep(1)
    raise SystemExit("the report sensor never ticked: is the daemon running?")


def _sensor_ticks(instance, name: str) -> list:
    from dagster._core.scheduler.instigation import InstigatorType

    for state in instance.all_instigator_state(instigator_type=InstigatorType.SENSOR):
        if state.name == name:
            return instance.get_ticks(state.instigator_origin_id, state.selector_id, limit=5)
    return []


def _dagster_dev_path(root: Path) -> tuple[list[float], list[float]]:
    """(landing -> live latencies, the refresh runs' code_pages step seconds)."""
    instance = _instance(root)
    process = _start_dagster(root)
    latencies: list[float] = []
    pages: list[float] = []
    try:
        started = time.time()
        _wait_for_daemon(instance, root, process)
        early = _runs_since(instance, started)
        print(
            f"dagster dev up; runs started for the files `medpay run` already loaded: {len(early)}"
            + (f" ({[r['job'] for r in early]})" if early else "")
        )
        for i in range(ROUNDS):
            before = _live(root)
            landed = _land(root, f"bench-live-{i + 1}.jsonl", seed=200 + i)
            while _live(root) == before:
                if time.time() - landed > TIMEOUT_S:
                    raise SystemExit(f"round {i + 1}: no new export within {TIMEOUT_S} s")
                time.sleep(0.2)
            latency = time.time() - landed
            latencies.append(latency)
            time.sleep(2)  # let the run records settle
            runs = _runs_since(instance, landed)
            pages += [r["steps"]["code_pages"] for r in runs if "code_pages" in r["steps"]]
            print(f"round {i + 1}: landing -> new manifest live in {latency:.1f} s")
            print(f"    {_split(runs, landed)}")
    finally:
        _stop(process)
    return latencies, pages


def main() -> dict:
    root = Path(tempfile.mkdtemp(prefix="medpay-bench-live-"))
    try:
        _setup(root)
        baseline = _full_rebuild(root)
        cli = _medpay_run_path(root)
        latencies, pages = _dagster_dev_path(root)
        median = statistics.median(latencies)
        step = statistics.median(pages) if pages else float("nan")
        print(
            f"\nlanding -> live with dagster dev: median {median:.1f} s over {len(latencies)} rounds "
            f"(target 20 s); `medpay run`: {cli:.1f} s (target 10 s)\n"
            f"incremental code_pages step (median) {step:.1f} s vs the full export build "
            f"{baseline['build']:.1f} s in this run = {ratio(step, baseline['build'])}; full rebuild "
            f"incl. the checks' re-read {baseline['total']:.1f} s (target 10 s)"
        )
        return {"median_latency_s": median, "medpay_run_s": cli, "full_rebuild_s": baseline["total"]}
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
