"""Kill the intake mid-file (SIGKILL), rerun: the warehouse equals a clean run's, nothing counted twice."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest
from warehouse_backend import connect, from_file, state

from pipelines.intake.synthetic import write_jsonl
from pipelines.lib.paths import REPO_ROOT, Paths
from pipelines.lib.runner import STAGES, run_pipeline
from pipelines.resources import IntakeResource, PathsResource, RetentionResource, resources

STAGE = next(s for s in STAGES if s.job == "report_intake_job")
RUN = """
import logging
logging.basicConfig(level=logging.INFO)
import dagster as dg
from pipelines.definitions import defs
from pipelines.lib.runner import STAGES, run_pipeline
stage = next(s for s in STAGES if s.job == "report_intake_job")
with dg.DagsterInstance.ephemeral() as instance:
    run_pipeline(defs, instance, stages=[stage])
"""
# (table, columns compared): every column but the intake timestamps
SNAPSHOT = {
    "reports": "* exclude (accepted_at)",
    "report_carc": "*",
    "report_rarc": "*",
    "report_themes": "*",
    "intake_files": "* exclude (processed_at)",
    "intake_outcomes": "*",
    "quarantine": "* exclude (quarantined_at)",
}


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    with connect(warehouse) as conn:
        return {
            table: sorted(conn.execute(f"select {columns} from {table}").fetchall(), key=repr)
            for table, columns in SNAPSHOT.items()
        }


def setup(root: Path, reference_db: Path, landing: Path) -> Paths:
    paths = Paths(
        raw_dir=root / "raw", warehouse=from_file(reference_db, root / "warehouse"), export_dir=root / "exports"
    )
    paths.reports_dir.mkdir(parents=True)
    shutil.copyfile(landing, paths.reports_dir / landing.name)
    return paths


def env_for(paths: Paths) -> dict[str, str]:
    return {
        **os.environ,
        "MEDPAY_RAW_DIR": str(paths.raw_dir),
        "MEDPAY_WAREHOUSE": str(paths.warehouse),
        "MEDPAY_EXPORT_DIR": str(paths.export_dir),
        "MEDPAY_INTAKE_WORKERS": "1",
        "MEDPAY_INTAKE_BATCH_SIZE": "1000",
        "MEDPAY_REPORTS_RETENTION": "keep",
    }


def run_in_process(paths: Paths) -> None:
    """The same settings as ``env_for`` (the killed subprocess's), passed as resources."""
    from pipelines.definitions import defs

    config = resources(
        paths=PathsResource.of(paths),
        intake=IntakeResource(workers=1, batch_size=1000),
        retention=RetentionResource(action="keep"),
    )
    with dg.DagsterInstance.ephemeral() as instance:
        [outcome] = run_pipeline(defs, instance, config, stages=[STAGE])
    assert outcome.success, outcome.failures


def test_killed_intake_then_rerun_equals_clean_run(
    tmp_path: Path, reference_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    landing = tmp_path / "big-synthetic.jsonl"
    write_jsonl(landing, 3_000, phi_rate=0.02, invalid_rate=0.02, duplicate_rate=0.02)
    crashed = setup(tmp_path / "crashed", reference_db, landing)
    before = state(crashed.warehouse)

    proc = subprocess.Popen(
        [sys.executable, "-c", RUN], cwd=REPO_ROOT, env=env_for(crashed), stderr=subprocess.PIPE, text=True
    )
    assert proc.stderr is not None
    for message in proc.stderr:  # wait until the first batch of the file is written, then kill
        if "big-synthetic.jsonl: 1000 rows classified" in message:
            break
    assert proc.poll() is None, "the intake finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert state(crashed.warehouse) == before  # a killed run never publishes (no bytes, no snapshot)

    run_in_process(crashed)
    clean = setup(tmp_path / "clean", reference_db, landing)
    run_in_process(clean)
    after_crash, reference = snapshot(crashed.warehouse), snapshot(clean.warehouse)
    assert after_crash == reference
    files = reference["intake_files"]
    assert len(files) == 1 and files[0][5] == 3_000  # rows_read
    assert len(reference["reports"]) == files[0][6] > 2_400  # accepted
