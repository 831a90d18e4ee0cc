"""The sensor step (complete files only, new and changed files) and the retention policy."""

from __future__ import annotations

import json
import os
import shutil
from datetime import timedelta
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.defs.reports.sensors import report_files_sensor, tick
from pipelines.intake.load import ingest_file
from pipelines.intake.retention import RetentionPolicy, apply_retention
from pipelines.resources import RetentionResource, resources

from .cases import line, report
from .conftest import NOW


def test_tick_waits_for_stable_complete_files(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text("{}\n")
    (tmp_path / "b.jsonl.part").write_text("{}\n")  # still uploading
    (tmp_path / ".hidden.jsonl").write_text("{}\n")
    (tmp_path / "processed").mkdir()
    ready, cursor = tick(tmp_path, {})
    assert ready == [] and set(cursor["pending"]) == {"a.jsonl"}
    ready, cursor = tick(tmp_path, cursor)
    assert [key for key, _run in ready] == ["a.jsonl"] and cursor["pending"] == {}
    assert tick(tmp_path, cursor)[0] == []  # seen: nothing new
    with open(tmp_path / "a.jsonl", "a") as handle:  # a writer appends: not complete yet
        handle.write("{}\n")
    ready, cursor = tick(tmp_path, cursor)
    assert ready == [] and "a.jsonl" in cursor["pending"]
    ready, cursor = tick(tmp_path, cursor)
    assert [key for key, _run in ready] == ["a.jsonl"]
    os.rename(tmp_path / "b.jsonl.part", tmp_path / "b.jsonl")
    tick_1 = tick(tmp_path, cursor)
    ready, cursor = tick(tmp_path, tick_1[1])
    assert [key for key, _run in ready] == ["b.jsonl"]
    (tmp_path / "a.jsonl").unlink()
    assert set(tick(tmp_path, cursor)[1]["seen"]) == {"b.jsonl"}


def test_sensor_adds_partitions_and_run_requests(medpay_paths) -> None:
    (medpay_paths.reports_dir / "x y.jsonl").write_text(line(report(1)) + "\n")
    with dg.DagsterInstance.ephemeral() as instance:
        first = report_files_sensor(dg.build_sensor_context(resources=resources(), instance=instance))
        assert first.run_requests == []
        second = report_files_sensor(
            dg.build_sensor_context(resources=resources(), instance=instance, cursor=first.cursor)
        )
    [request] = second.run_requests
    assert request.partition_key.startswith("x_y.jsonl-")
    assert second.dynamic_partitions_requests[0].partition_keys == [request.partition_key]
    assert "x y.jsonl" in json.loads(second.cursor)["seen"]


def _publish(conn_path: Path, published: Path) -> None:
    shutil.copyfile(conn_path, published)


def test_retention_moves_then_purges_phi_files(warehouse_db: Path, tmp_path: Path) -> None:
    landing = tmp_path / "reports"
    landing.mkdir()
    clean = landing / "clean.jsonl"
    clean.write_text(line(report(1)) + "\n")
    phi = landing / "phi.jsonl"
    phi.write_text(line(report(2, denial_reason_text="SSN 123-45-6789")) + "\n")
    pending = landing / "later.jsonl"
    pending.write_text(line(report(3)) + "\n")
    demo = landing / "sample-synthetic-2025q3.jsonl"
    demo.write_text(line(report(4, denial_reason_text="SSN 123-45-6789")) + "\n")
    with duckdb.connect(str(warehouse_db)) as conn:
        for path in (clean, phi, demo):
            ingest_file(conn, path, path.name, now=NOW)
    published = tmp_path / "published.duckdb"
    _publish(warehouse_db, published)

    done = apply_retention(landing, published, RetentionPolicy("move", phi_days=7), now=NOW)
    assert sorted((a.file, a.action) for a in done) == [("clean.jsonl", "moved"), ("phi.jsonl", "moved")]
    assert pending.exists() and demo.exists()  # not published yet / exempt demo file
    assert (landing / "processed" / "phi.jsonl").exists()
    assert (
        apply_retention(landing, published, RetentionPolicy("move", phi_days=7), now=NOW + timedelta(days=6))
        == []
    )
    done = apply_retention(
        landing, published, RetentionPolicy("move", phi_days=7), now=NOW + timedelta(days=7)
    )
    assert [(a.file, a.action) for a in done] == [("phi.jsonl", "deleted")]
    assert sorted(p.name for p in (landing / "processed").iterdir()) == ["clean.jsonl"]
    assert demo.exists()
    # any file's raw free text goes after the text retention (the screen can miss an identifier)
    policy = RetentionPolicy("move", phi_days=7, text_days=30)
    assert apply_retention(landing, published, policy, now=NOW + timedelta(days=29)) == []
    done = apply_retention(landing, published, policy, now=NOW + timedelta(days=30))
    assert [(a.file, a.action) for a in done] == [("clean.jsonl", "deleted")]
    assert demo.exists()


def test_retention_keep_delete_and_changed_bytes(warehouse_db: Path, tmp_path: Path) -> None:
    landing = tmp_path / "reports"
    landing.mkdir()
    a = landing / "a.jsonl"
    a.write_text(line(report(1)) + "\n")
    with duckdb.connect(str(warehouse_db)) as conn:
        ingest_file(conn, a, a.name, now=NOW)
    published = tmp_path / "published.duckdb"
    _publish(warehouse_db, published)
    assert apply_retention(landing, published, RetentionPolicy("keep", phi_days=None), now=NOW) == []
    a.write_text(line(report(1)) + "\n" + line(report(2)) + "\n")  # re-delivered with new bytes
    assert apply_retention(landing, published, RetentionPolicy("delete"), now=NOW) == []
    assert a.exists()
    a.write_text(line(report(1)) + "\n")
    assert [x.action for x in apply_retention(landing, published, RetentionPolicy("delete"), now=NOW)] == [
        "deleted"
    ]
    assert not a.exists()


def test_policy_from_settings() -> None:
    keep = RetentionResource(action="keep", phi_retention_days="never")
    assert keep.policy == RetentionPolicy("keep", None, "sample-synthetic-*")
    with pytest.raises(ValueError, match="MEDPAY_REPORTS_RETENTION"):
        _ = RetentionResource(action="shred").policy
