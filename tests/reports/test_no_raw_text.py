"""Deny-by-default storage (issue 20): identifiers the PHI screen MISSES are still never stored as typed.

An intake runs through Dagster (a persistent instance in tmp_path, so its event log, run storage and compute
logs are files) on a report file whose accepted reports carry identifiers the screen does not detect, next to
quarantined, rejected and malformed rows with identifiers. Then every byte of the warehouse file, the export
folder (error reports), the Dagster home, the landing folder but for the input file itself, the captured output
and the Python logs is searched for each planted string.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import defs
from pipelines.lib.paths import Paths
from pipelines.lib.runner import STAGES, run_pipeline
from pipelines.phi import screen
from pipelines.resources import PathsResource, resources

from .cases import report

STAGE = next(s for s in STAGES if s.job == "report_intake_job")
# Identifiers written so that the screen does not find them (asserted below): only redaction protects them.
MISSED = {
    "goes by zeldarine at home, bundled with 97530 per NCCI": "zeldarine",
    "old chart ref qx7-plm4 in the binder, 97110 needs GP modifier": "qx7-plm4",
    "her nickname is bubbakins, no auth on file for 97110": "bubbakins",
    "room 4417b on the ward, resubmitted 97110": "4417b",
    "Wrenfield mentioned the bill again, timely filing limit passed": "Wrenfield",
}
# Identifiers the screen finds: their reports are quarantined (redacted record kept)
FOUND = {
    "pt Maria Gonzalez DOB 03/12/1941 says 97110 was denied": ["Maria Gonzalez", "03/12/1941"],
    "SSN 123-45-6789 on the claim, call (614) 555-0182": ["123-45-6789", "(614) 555-0182"],
}


def _planted_file(folder: Path) -> Path:
    lines = []
    n = 0
    for text in MISSED:
        n += 1
        lines.append(json.dumps(report(n, denial_reason_text=text, appeal_strategy_text=f"appealed: {text}")))
    for text in FOUND:
        n += 1
        lines.append(json.dumps(report(n, denial_reason_text=text)))
    n += 1  # rejected by the contract (units out of range), with an identifier the screen misses
    lines.append(json.dumps(report(n, units=5000, denial_reason_text="goes by zeldarine at home")))
    lines.append('{"report_id": "broken", "denial_reason_text": "Wrenfield and qx7-plm4 and SSN 123-45-6789"')
    path = folder / "planted.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def seeded(medpay_paths: Paths, reference_db: Path) -> Paths:
    shutil.copyfile(reference_db, medpay_paths.warehouse)
    return medpay_paths


def test_the_missed_identifiers_are_really_missed_by_the_screen() -> None:
    for text, identifier in MISSED.items():
        assert identifier in text and not screen(text), text
    for text in FOUND:
        assert screen(text), text


def _files_text(folder: Path, skip: Path | None = None) -> str:
    parts = []
    for path in folder.rglob("*"):
        if path.is_file() and path != skip:
            parts.append(path.read_bytes().decode("latin-1"))
    return "\n".join(parts)


def test_no_identifier_is_stored_as_typed_anywhere(
    seeded: Paths, tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    landed = _planted_file(seeded.reports_dir)
    dagster_home = tmp_path / "dagster_home"
    dagster_home.mkdir()
    with dg.DagsterInstance.local_temp(str(dagster_home)) as instance:
        [outcome] = run_pipeline(defs, instance, resources(paths=PathsResource.of(seeded)), stages=[STAGE])
        assert outcome.success, outcome.failures
        logs = "\n".join(
            str(record.dagster_event or record.user_message)
            for run in instance.get_runs()
            for record in instance.all_logs(run.run_id)
        )
    with duckdb.connect(str(seeded.warehouse), read_only=True) as conn:
        counts = dict(
            conn.execute("select outcome, count(*) from intake_outcomes group by outcome").fetchall()
        )
        assert counts == {"accepted": len(MISSED), "quarantined_phi": len(FOUND) + 1, "rejected": 1}
        stored = conn.execute("select denial_reason_text from reports order by source_line").fetchall()
        themes = {t for (t,) in conn.execute("select distinct theme from report_themes").fetchall()}
    assert stored[0][0].endswith("by [WORD] at home, bundled with 97530 per NCCI")  # "goes" is a surname too
    assert {"bundled", "modifier_missing", "authorization_missing", "timely_filing"} <= themes
    captured = capfd.readouterr()
    moved = {p for p in seeded.reports_dir.rglob("planted.jsonl")}  # the input itself (retention handles it)
    haystacks = {
        "warehouse file": seeded.warehouse.read_bytes().decode("latin-1"),
        "exports and error reports": _files_text(seeded.export_dir),
        "dagster home (event log, runs, compute logs)": _files_text(dagster_home),
        "landing folder but the input": "\n".join(
            p.read_bytes().decode("latin-1")
            for p in seeded.reports_dir.rglob("*")
            if p.is_file() and p not in moved
        ),
        "warehouse folder": _files_text(seeded.warehouse.parent, skip=seeded.warehouse),
        "stdout/stderr": captured.out + captured.err,
        "python logs": caplog.text,
        "dagster event log records": logs,
        "run metadata": json.dumps([m["metadata"] for m in outcome.materializations], default=str),
    }
    planted = [*MISSED.values(), *(i for ids in FOUND.values() for i in ids)]
    assert landed.name == "planted.jsonl"
    for where, text in haystacks.items():
        for identifier in planted:
            assert identifier not in text, f"{identifier!r} stored as typed in {where}"


def test_free_text_stored_by_an_earlier_version_is_re_rendered_once(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    from datetime import datetime

    from pipelines.intake.load import ingest_file, redact_stored_text
    from pipelines.intake.reference import load_reference

    path = _planted_file(tmp_path)
    now = datetime(2025, 11, 15, 12, 0, 0)
    ingest_file(conn, path, "planted.jsonl", now=now)
    # a warehouse of the previous version: text as typed, quarantined records masked only where found
    raw = next(iter(MISSED))
    conn.execute("update reports set denial_reason_text = $raw", {"raw": raw})
    conn.execute(
        "update quarantine set masked_record = json_object('denial_reason_text', $raw, 'hcpcs', '97110')",
        {"raw": raw},
    )
    conn.execute("delete from free_text_redaction")
    codes = load_reference(conn).hcpcs
    assert redact_stored_text(conn, codes, now) == len(MISSED) + len(FOUND) + 1  # + the malformed line
    assert redact_stored_text(conn, codes, now) == 0  # once: the version is recorded
    texts = {t for (t,) in conn.execute("select denial_reason_text from reports").fetchall()}
    records = [json.loads(r) for (r,) in conn.execute("select masked_record from quarantine").fetchall()]
    assert texts == {"[NAME] by [WORD] at home, bundled with 97530 per NCCI"}
    assert {r["denial_reason_text"] for r in records} == texts and {r["hcpcs"] for r in records} == {"97110"}


def test_redacted_text_expires_after_the_retention_and_themes_stay(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    from datetime import datetime, timedelta

    from pipelines.intake.load import expire_redacted_text, ingest_file
    from pipelines.resources import IntakeResource

    now = datetime(2025, 11, 15, 12, 0, 0)
    ingest_file(conn, _planted_file(tmp_path), "planted.jsonl", now=now)
    themes_before = conn.execute("select count(*) from report_themes").fetchone()
    expire_redacted_text(conn, now + timedelta(days=89))
    assert conn.execute("select count(denial_reason_text) from reports").fetchone() == (len(MISSED),)
    never = IntakeResource(redacted_text_days="never").options()["redacted_text_days"]
    expire_redacted_text(conn, now + timedelta(days=1000), never)
    assert conn.execute("select count(denial_reason_text) from reports").fetchone() == (len(MISSED),)
    expire_redacted_text(conn, now + timedelta(days=91), IntakeResource().options()["redacted_text_days"])
    assert conn.execute(
        "select count(denial_reason_text), count(appeal_strategy_text) from reports"
    ).fetchone() == (0, 0)
    records = [json.loads(r) for (r,) in conn.execute("select masked_record from quarantine").fetchall()]
    assert records and all("denial_reason_text" not in r and "line" not in r for r in records)
    assert all("hcpcs" in r for r in records if "report_id" in r)
    assert conn.execute("select count(*) from report_themes").fetchone() == themes_before != (0,)
