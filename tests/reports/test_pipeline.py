"""The intake job end to end through Dagster: published tables, metadata, error report, no PHI anywhere."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.defs.reports import landing
from pipelines.lib.paths import Paths
from pipelines.lib.runner import STAGES, run_pipeline
from pipelines.resources import PathsResource, RetentionResource, resources

from .cases import PLANTED_PHI, expected, write_cases
from .test_intake import TABLES, all_text

STAGE = next(s for s in STAGES if s.job == "report_intake_job")


@pytest.fixture
def seeded(medpay_paths: Paths, reference_db: Path) -> Paths:
    """MEDPAY_* in tmp_path with a published warehouse holding the reference tables and RVU25D codes."""
    shutil.copyfile(reference_db, medpay_paths.warehouse)
    return medpay_paths


def run_intake(paths: Paths, instance: dg.DagsterInstance, **settings):
    from pipelines.definitions import defs

    return run_pipeline(defs, instance, resources(paths=PathsResource.of(paths), **settings), stages=[STAGE])


def test_stage_line_and_partition_keys() -> None:
    assert STAGE.partitions_def == "report_file"
    assert STAGE.discover is landing.report_files_to_load
    assert landing.partition_key("sample-synthetic-2025q3.jsonl") == "sample-synthetic-2025q3.jsonl"
    odd = landing.partition_key("export (2) 2025/09.csv")
    assert odd.startswith("export__2__2025_09.csv-") and odd != landing.partition_key(
        "export _2_ 2025_09.csv"
    )


def test_intake_job_publishes_and_never_leaks_phi(
    seeded: Paths, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    write_cases(seeded.reports_dir / "cases.jsonl")
    (seeded.reports_dir / "upload.jsonl.part").write_text("half written")
    assert landing.report_files_to_load(seeded) == ["cases.jsonl"]
    with dg.DagsterInstance.ephemeral() as instance:
        [outcome] = run_intake(seeded, instance)
        assert outcome.success, outcome.failures
        logs = "\n".join(
            str(record.dagster_event or record.user_message)
            for record in instance.all_logs(outcome_run_id(instance))
        )
    meta = {m["asset"]: m["metadata"] for m in outcome.materializations}
    assert set(meta) == set(TABLES)
    want = expected()
    assert meta["intake_files"]["rows_read"] == len(want)
    assert meta["intake_files"]["accepted"] == sum(1 for o, _ in want.values() if o == "accepted")
    assert meta["intake_files"]["reconciles"] is True
    assert meta["quarantine"]["dagster/row_count"] == sum(
        1 for o, _ in want.values() if o == "quarantined_phi"
    )

    error_file = seeded.export_dir / "intake" / "cases.jsonl.errors.json"
    report = json.loads(error_file.read_text())
    assert report["rows_read"] == len(want) and {p["line"] for p in report["problems"]} == {
        line for line, (outcome, _r) in want.items() if outcome != "accepted"
    }
    with duckdb.connect(str(seeded.warehouse), read_only=True) as conn:
        stored = all_text(conn)
        assert conn.execute("select count(*) from reports").fetchone() == (4,)
    captured = capfd.readouterr()
    haystacks = {
        "warehouse rows": stored,
        "warehouse bytes": seeded.warehouse.read_bytes().decode("latin-1"),
        "exports": "\n".join(p.read_text() for p in seeded.export_dir.rglob("*") if p.is_file()),
        "stdout/stderr": captured.out + captured.err,
        "python logs": caplog.text,
        "dagster event log": logs,
        "metadata": json.dumps([m["metadata"] for m in outcome.materializations], default=str),
    }
    for where, text in haystacks.items():
        for phi in PLANTED_PHI:
            assert phi not in text, f"planted PHI {phi!r} found in {where}"
    # the same bytes are not taken in twice; the landing file then follows the retention policy
    assert landing.report_files_to_load(seeded) == []
    assert (seeded.reports_dir / "processed" / "cases.jsonl").is_file()
    assert landing.locate(seeded.reports_dir, "cases.jsonl").parent.name == "processed"


def outcome_run_id(instance: dg.DagsterInstance) -> str:
    return instance.get_runs(limit=1)[0].run_id


def test_refused_file_fails_the_run_and_publishes_nothing(seeded: Paths) -> None:
    before = seeded.warehouse.read_bytes()
    (seeded.reports_dir / "scan.csv").write_bytes(b"PK\x03\x04 a zip named csv")
    with dg.DagsterInstance.ephemeral() as instance:
        [outcome] = run_intake(seeded, instance)
    assert not outcome.success
    assert any("scan.csv" in failure and "binary content" in failure for failure in outcome.failures)
    assert seeded.warehouse.read_bytes() == before


def test_a_file_medpay_run_loaded_never_starts_a_run_again(seeded: Paths) -> None:
    """No duplicate work: after `medpay run` took a file in, the sensor (e.g. `dagster dev` started
    afterwards, with a fresh cursor) requests nothing for it; a changed file is requested again."""
    from pipelines.defs.reports.sensors import report_files_sensor

    keep = RetentionResource(action="keep")
    config = resources(paths=PathsResource.of(seeded), retention=keep)
    path = seeded.reports_dir / "batch-1.jsonl"
    write_cases(path)
    with dg.DagsterInstance.ephemeral() as instance:
        [outcome] = run_intake(seeded, instance, retention=keep)
        assert outcome.success
        assert landing.report_files_to_load(seeded, policy=keep.policy) == []

        first = report_files_sensor(dg.build_sensor_context(resources=config, instance=instance))
        second = report_files_sensor(
            dg.build_sensor_context(resources=config, instance=instance, cursor=first.cursor)
        )
        assert first.run_requests == second.run_requests == []
        assert second.dynamic_partitions_requests == []

        with open(path, "a", encoding="utf-8") as handle:  # new bytes under the same name: new intake
            handle.write(path.read_text(encoding="utf-8").splitlines()[0] + "\n")
        third = report_files_sensor(
            dg.build_sensor_context(resources=config, instance=instance, cursor=second.cursor)
        )
        fourth = report_files_sensor(
            dg.build_sensor_context(resources=config, instance=instance, cursor=third.cursor)
        )
        assert [r.partition_key for r in third.run_requests + fourth.run_requests] == ["batch-1.jsonl"]
