"""The intake's blocking checks: they pass on a real intake and fail, naming the rule, on broken data."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pandas as pd

from pipelines.defs.reports.checks import intake_counts_reconcile, reports_exactly_once, reports_suite
from pipelines.intake.load import ingest_file
from pipelines.lib.gx import validate
from pipelines.lib.sql import load_sql
from pipelines.lib.warehouse import Warehouse

from .cases import write_cases
from .conftest import NOW

KEY = "cases.jsonl"


def _intake(warehouse_db: Path, tmp_path: Path) -> Warehouse:
    with duckdb.connect(str(warehouse_db)) as conn:
        ingest_file(conn, write_cases(tmp_path / KEY), KEY, now=NOW)
    published = tmp_path / "wh" / "medpay.duckdb"
    published.parent.mkdir()
    shutil.copyfile(warehouse_db, published)
    return Warehouse(database=str(published))


def _run(check, warehouse: Warehouse):
    """The check's body as Dagster runs it for partition ``KEY`` (on the run's working copy)."""
    try:
        return check.node_def.compute_fn.decorated_fn(SimpleNamespace(partition_key=KEY), warehouse)
    finally:
        warehouse.finish(publish=False)


def _failed(frame: pd.DataFrame) -> set[tuple[str, str]]:
    outcome = validate("reports", frame)
    return {(o["expectation"], str(o["column"])) for o in outcome["outcomes"] if not o["success"]}


def test_both_checks_pass_on_a_real_intake(warehouse_db: Path, tmp_path: Path) -> None:
    warehouse = _intake(warehouse_db, tmp_path)
    suite = _run(reports_suite, warehouse)
    assert suite.passed and suite.metadata["rows_validated"].value == 4
    reconcile = _run(intake_counts_reconcile, warehouse)
    assert reconcile.passed and reconcile.metadata["intakes"].value == 1


def test_suite_fails_on_broken_accepted_rows(warehouse_db: Path, tmp_path: Path) -> None:
    _intake(warehouse_db, tmp_path)
    with duckdb.connect(str(warehouse_db), read_only=True) as conn:
        frame = conn.sql(load_sql("reports/reports_for_suite"), params={"key": KEY}).df()
    assert _failed(frame) == set()
    broken = frame.copy()
    broken.loc[0, "paid_amount"] = float(broken.loc[0, "billed_amount"]) + 1
    broken.loc[1, "payer_type"] = "cash"
    broken.loc[2, "carc_count"] = 0
    broken = pd.concat([broken, broken.iloc[[3]]], ignore_index=True)  # the same report twice
    assert _failed(broken) == {
        ("expect_column_pair_values_a_to_be_greater_than_b", "None"),
        ("expect_column_values_to_be_in_set", "payer_type"),
        ("expect_column_values_to_be_between", "carc_count"),
        ("expect_column_values_to_be_unique", "report_id"),
    }


def test_reconcile_fails_when_a_table_lost_or_gained_rows(warehouse_db: Path, tmp_path: Path) -> None:
    warehouse = _intake(warehouse_db, tmp_path)
    with duckdb.connect(str(warehouse.published)) as conn:
        conn.execute("delete from intake_outcomes where source_line = 1")  # one outcome lost
        conn.execute("insert into quarantine select * from quarantine limit 1")  # one counted twice
    result = _run(intake_counts_reconcile, warehouse)
    assert not result.passed
    assert set(result.metadata["problems"].value) == {
        f"{KEY}: one intake_outcomes row per row read fails",
        f"{KEY}: quarantine rows = quarantined fails",
    }


def test_exactly_once_across_files_passes_then_fails_on_orphans(warehouse_db: Path, tmp_path: Path) -> None:
    """report_id is also the table's primary key; the check re-verifies it and the CARC/RARC links."""
    warehouse = _intake(warehouse_db, tmp_path)
    result = reports_exactly_once.node_def.compute_fn.decorated_fn(warehouse)
    warehouse.finish(publish=False)
    assert result.passed and result.metadata["reports"].value == 4
    with duckdb.connect(str(warehouse.published)) as conn:
        conn.execute("delete from reports where report_id = (select min(report_id) from reports)")
    result = reports_exactly_once.node_def.compute_fn.decorated_fn(warehouse)
    warehouse.finish(publish=False)
    assert not result.passed
    assert result.metadata["problems"].value["orphan_carc_rows"] >= 1
