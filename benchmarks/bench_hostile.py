"""Hostile inputs benchmark: how fast and in how much memory each is refused (issue 19).

For every hostile landing (built on the fly by tests/hostile/inputs.py into a temp folder):
- refusal: tests/hostile/refuse_child.py opens it as its landing reader does, in a fresh child
  (address space capped at its post-import size + 500 MiB, 5 s alarm): wall time of the refusal
  itself and the child's peak RSS (VmHWM), next to the peak of a child refusing nothing (its
  imports alone);
- baseline: reading the landing's bytes as they lie on disk (1 MiB blocks, nothing kept), in the
  same run: the least any reader must do to look at the file.
Then the issue's scenario end to end: `medpay run` in a child on a raw/ holding the 2 GiB-inflating
rvu25b.zip next to the real reference files (wall time, peak RSS by os.wait4, exit status; before
the fix: 2 min 56 s and 6.8 GB). It runs first, while this process is small: on Linux a child's
ru_maxrss starts at its parent's peak. Floors (from the issue): refusal < 5 s and < 500 MB.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipelines.lib.paths import REPO_ROOT
from tests.hostile.inputs import bomb_zip, lying_zip, sparse, text_bomb_zip
from tests.hostile.refuse_child import run

RVU25D = REPO_ROOT / "raw" / "cms" / "rvu" / "RVU25D"


def _report_lines(path: Path) -> Path:
    """One 200 MB line (written in blocks: this process stays small), a nesting bomb, a good line."""
    with open(path, "wb") as handle:
        handle.write(b'{"report_id": "')
        for _ in range(200):
            handle.write(b"A" * 1_000_000)
        handle.write(b'"}\n' + b"[" * 100_000 + b"]" * 100_000 + b'\n{"report_id": "x"}\n')
    return path


def _wide_csv(path: Path) -> Path:
    path.write_text(",".join(["report_id", *(f"c{i}" for i in range(9_999))]) + "\n" + "x," * 9_999 + "x\n")
    return path


HEADER = (RVU25D / "PPRRVU2025_Oct.csv").read_bytes()[:4000]
INPUTS = [  # (label, reader kind, builder)
    ("rvu25b.zip: PPRRVU inflates to 2 GiB of zeros", "rvu", lambda d: bomb_zip(d / "rvu25b.zip")),
    (
        "rvu25b.zip: same, declaring 3 MB",
        "rvu",
        lambda d: lying_zip(d / "rvu25b.zip", "PPRRVU2025_Apr.csv", 3_000_000, gib=2),
    ),
    (
        "rvu25b.zip: real header + 1 GiB of rows",
        "rvu",
        lambda d: text_bomb_zip(d / "rvu25b.zip", "PPRRVU2025_Apr.csv", HEADER, 1024),
    ),
    (
        "RVU25B/: a 2 GiB PPRRVU dropped by hand",
        "rvu",
        lambda d: sparse(d / "RVU25B" / "PPRRVU2025_Apr.csv", 2 << 30).parent,
    ),
    (
        "NCCI PTP zip inflating to 2 GiB",
        "ncci",
        lambda d: bomb_zip(
            d / "medicare-ncci-2025q4-ccipra-v313r0-f1.zip", "ccipra-v313r0-f1.txt", real=False
        ),
    ),
    ("report file of 2 GiB", "report", lambda d: sparse(d / "upload.jsonl", 2 << 30)),
    ("report: one 200 MB line + a nesting bomb (rows)", "report", lambda d: _report_lines(d / "lines.jsonl")),
    ("report CSV with 10,000 columns", "report", lambda d: _wide_csv(d / "wide.csv")),
]


def read_bytes_baseline(path: Path) -> tuple[float, int]:
    """Seconds to read every byte of the landing as stored (1 MiB blocks, nothing kept)."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    start, total = time.perf_counter(), 0
    for file in files:
        with open(file, "rb") as handle:
            while block := handle.read(1 << 20):
                total += len(block)
    return time.perf_counter() - start, total


def medpay_run_on_the_bomb(work: Path) -> tuple[float, float, int, str]:
    """`medpay run` in a child on a raw/ holding rvu25b.zip + the real reference files."""
    raw = work / "raw"
    for sub in ("cms/rvu", "cms/ncci", "reports"):
        (raw / sub).mkdir(parents=True)
    shutil.copytree(REPO_ROOT / "raw" / "reference", raw / "reference")
    if (REPO_ROOT / "raw" / "cms" / "zip_locality").exists():
        shutil.copytree(REPO_ROOT / "raw" / "cms" / "zip_locality", raw / "cms" / "zip_locality")
    bomb_zip(raw / "cms" / "rvu" / "rvu25b.zip")
    env = {
        **os.environ,
        "MEDPAY_RAW_DIR": str(raw),
        "MEDPAY_WAREHOUSE": str(work / "warehouse" / "medpay.duckdb"),
        "MEDPAY_EXPORT_DIR": str(work / "warehouse" / "exports"),
        "MEDPAY_DAGSTER_STORAGE": str(work / "dagster"),
        "MEDPAY_CATALOGUE": str(work / "no-catalogue.toml"),
    }
    medpay = Path(sys.executable).with_name("medpay")
    out, err = work / "stdout.txt", work / "stderr.txt"
    start = time.perf_counter()
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        proc = subprocess.Popen([str(medpay), "run"], env=env, stdout=stdout, stderr=stderr)
        _pid, status, usage = os.wait4(proc.pid, 0)  # this child's own peak RSS
    elapsed = time.perf_counter() - start
    said = [line for line in err.read_text().splitlines() if line.startswith("error:")]
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), (said or [""])[0]


def main() -> dict:
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench_hostile_") as tmp:
        base = Path(tmp)
        elapsed, peak, code, said = medpay_run_on_the_bomb(base / "run")
        print(f"`medpay run` with rvu25b.zip landed: {elapsed:.1f} s, peak {peak:.0f} MiB, exit {code}")
        print(f"  {said}\n")
        results["medpay run"] = {"seconds": elapsed, "peak_mib": peak, "exit": code}
        _status, _result, at_rest = run("rvu", base / "nothing-here.zip")
        print(f"child refusing a missing path (imports only): peak {at_rest:.0f} MiB")
        print(
            f"{'input':<50} {'landing':>10} {'refused in':>11} {'peak RSS':>9} {'read bytes':>11} {'ratio':>7}"
        )
        for index, (label, kind, build) in enumerate(INPUTS):
            folder = base / f"case{index}"
            folder.mkdir()
            landing = build(folder)
            read_s, size = read_bytes_baseline(landing)
            status, result, peak = run(kind, landing, 500, 5)
            seconds = result.get("seconds", float("nan"))
            outcome = "refused" if result.get("refused") else f"rows {result.get('read')}"
            print(
                f"{label:<50} {size / 2**20:>8.1f}MB {seconds * 1000:>9.1f}ms {peak:>6.0f}MiB "
                f"{read_s * 1000:>9.1f}ms {seconds / read_s if read_s else 0:>6.2f}x  {outcome}"
            )
            results[label] = {"seconds": seconds, "peak_mib": peak, "read_s": read_s, "outcome": outcome}
            shutil.rmtree(folder)
    return results
