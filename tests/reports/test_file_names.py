"""The PHI gate on file NAMES: a landed file named after a patient is never read, stored or shown by name."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.defs.reports import landing
from pipelines.defs.reports.sensors import report_files_sensor, tick
from pipelines.intake.file_names import REJECTED_NAMES, name_phi_kinds
from pipelines.intake.load import ingest_file
from pipelines.lib.paths import Paths
from pipelines.lib.runner import STAGES, run_pipeline
from pipelines.parsing.reports import ReportFileError
from pipelines.resources import PathsResource, resources

from .cases import line, report
from .conftest import NOW
from .test_intake import all_text

STAGE = next(s for s in STAGES if s.job == "report_intake_job")
PHI_NAME = "ezekiel_thornbury_dob_1956-03-02.jsonl"
# any of these in a table, a log, metadata, a cursor or a path would leak the file name
NAME_PARTS = ("ezekiel", "thornbury", "1956-03-02", "1956_03_02")
CLEAN_NAME = "upload-7f3c2a.jsonl"


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        (PHI_NAME, {"NAME", "DATE"}),
        ("john_smith_dob_1956-03-02.jsonl", {"NAME", "DATE"}),
        ("mary-jones.csv", {"NAME"}),
        ("smith_john.jsonl", {"NAME"}),
        ("JohnSmith.jsonl", {"NAME"}),
        ("Patient John Smith.jsonl", {"NAME"}),
        ("dob_03-02-1956.csv", {"DATE"}),
        ("1956_03_02.jsonl", {"DATE"}),
        ("j_smith_03021956.jsonl", {"DATE"}),
        ("123-45-6789.csv", {"SSN"}),
        ("1EG4-TE5-MK73.jsonl", {"MBI"}),
        ("555-123-4567.csv", {"PHONE"}),
        ("jdoe@example.com.jsonl", {"EMAIL"}),
        ("pt_mrn_1234567.jsonl", {"MRN"}),
    ],
)
def test_names_with_identifiers_are_found(name: str, kinds: set[str]) -> None:
    assert kinds <= set(name_phi_kinds(name))


@pytest.mark.parametrize(
    "name",
    [
        "sample-synthetic-2025q3.jsonl",
        "denials-2025-10.jsonl",
        "upload-7f3c2a.csv",
        "batch_000123.jsonl",
        "00000000-0000-4000-8000-000000000001.jsonl",
        "upload-1773308c.csv",
        "denials_2025q4_final.csv",
        "medicare-denials-texas.jsonl",
        "physical_therapy_denials.csv",
        "export (2) 2025_09.csv",
        "cases.jsonl",
        "x y.jsonl",
        "report-000001.jsonl",
    ],
)
def test_ordinary_names_pass(name: str) -> None:
    assert name_phi_kinds(name) == ()


def _land(reports_dir: Path) -> None:
    (reports_dir / PHI_NAME).write_text(line(report(1)) + "\n")
    (reports_dir / CLEAN_NAME).write_text(line(report(2)) + "\n")


def _no_name(where: str, text: str) -> None:
    low = text.lower()
    for part in NAME_PARTS:
        assert part not in low, f"file name part {part!r} found in {where}"


def test_sensor_never_makes_a_partition_of_the_name(
    medpay_paths: Paths, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    _land(medpay_paths.reports_dir)
    with dg.DagsterInstance.ephemeral() as instance:
        first = report_files_sensor(dg.build_sensor_context(resources=resources(), instance=instance))
        second = report_files_sensor(
            dg.build_sensor_context(resources=resources(), instance=instance, cursor=first.cursor)
        )
    assert [r.partition_key for r in second.run_requests] == [CLEAN_NAME]
    assert (medpay_paths.reports_dir / REJECTED_NAMES / PHI_NAME).is_file()
    assert not (medpay_paths.reports_dir / PHI_NAME).exists()
    assert "patient information (kinds: DATE, NAME)" in caplog.text
    _no_name("cursor", first.cursor + second.cursor)
    _no_name("run requests", repr(first.run_requests + second.run_requests))
    _no_name(
        "partition requests", repr(first.dynamic_partitions_requests + second.dynamic_partitions_requests)
    )
    _no_name("logs", caplog.text)


def test_tick_skips_a_name_with_phi_even_if_not_moved(tmp_path: Path) -> None:
    _land(tmp_path)
    _ready, cursor = tick(tmp_path, {})
    ready, cursor = tick(tmp_path, cursor)
    assert [key for key, _run in ready] == [CLEAN_NAME]
    _no_name("cursor", json.dumps(cursor))
    assert [p.name for p in landing.scan(tmp_path)] == [CLEAN_NAME]


def test_intake_itself_refuses_the_name(conn: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = tmp_path / PHI_NAME
    path.write_text(line(report(1)) + "\n")
    with pytest.raises(ReportFileError) as err:
        ingest_file(conn, path, "some-key", now=NOW)
    _no_name("error", str(err.value))
    assert "patient information" in str(err.value)
    _no_name("warehouse", all_text(conn))


def test_run_loads_ordinary_files_and_reports_the_refused_one_without_its_name(
    medpay_paths: Paths,
    reference_db: Path,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    from pipelines.definitions import defs

    caplog.set_level(logging.DEBUG)
    shutil.copyfile(reference_db, medpay_paths.warehouse)
    _land(medpay_paths.reports_dir)
    (medpay_paths.reports_dir / "sample-synthetic-2025q3.jsonl").write_text(line(report(3)) + "\n")
    said: list[str] = []
    with dg.DagsterInstance.ephemeral() as instance:
        outcomes = run_pipeline(
            defs,
            instance,
            resources(paths=PathsResource.of(medpay_paths)),
            stages=[STAGE],
            on_event=said.append,
        )
        keys = instance.get_dynamic_partitions("report_file")
        events = "\n".join(
            str(record.dagster_event or record.user_message)
            for run in instance.get_runs()
            for record in instance.all_logs(run.run_id)
        )
    runs = [o for o in outcomes if not o.notices]
    assert sorted(o.partition for o in runs) == sorted([CLEAN_NAME, "sample-synthetic-2025q3.jsonl"])
    assert all(o.success for o in runs), [o.failures for o in runs]
    [notice] = [n for o in outcomes for n in o.notices]
    assert "1 report file is waiting in raw/reports/rejected_names/" in notice and "DATE, NAME" in notice
    assert any(notice in s for s in said)
    assert sorted(keys) == sorted([CLEAN_NAME, "sample-synthetic-2025q3.jsonl"])
    assert (medpay_paths.reports_dir / REJECTED_NAMES / PHI_NAME).is_file()
    with duckdb.connect(str(medpay_paths.warehouse), read_only=True) as conn:
        assert conn.execute("select count(*) from reports").fetchone() == (2,)
        stored = all_text(conn)
    captured = capfd.readouterr()
    haystacks = {
        "warehouse rows": stored,
        "warehouse bytes": medpay_paths.warehouse.read_bytes().decode("latin-1"),
        "export paths": "\n".join(str(p) for p in medpay_paths.export_dir.rglob("*")),
        "exports": "\n".join(p.read_text() for p in medpay_paths.export_dir.rglob("*") if p.is_file()),
        "stdout/stderr": captured.out + captured.err,
        "python logs": caplog.text,
        "progress lines": "\n".join(said),
        "dagster event log": events,
        "partition keys": "\n".join(keys),
        "metadata": json.dumps([o.materializations for o in outcomes], default=str),
        "notices": "\n".join(n for o in outcomes for n in o.notices),
    }
    for where, text in haystacks.items():
        _no_name(where, text)
    # a rename to the upload id takes it in on the next run
    (medpay_paths.reports_dir / REJECTED_NAMES / PHI_NAME).rename(
        medpay_paths.reports_dir / "upload-9a1b2c.jsonl"
    )
    assert landing.report_files_to_load(medpay_paths) == ["upload-9a1b2c.jsonl"]
