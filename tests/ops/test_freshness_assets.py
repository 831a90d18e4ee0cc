"""release_calendar + data_freshness materialized into a tmp warehouse; the WARN check; dagster.yaml."""

from __future__ import annotations

from datetime import date

import dagster as dg
import duckdb

from pipelines.defs.ops.assets import data_freshness, data_is_current, release_calendar
from pipelines.lib.paths import REPO_ROOT
from pipelines.lib.sql import ensure_tables
from pipelines.lib.warehouse import Warehouse, connect_published
from pipelines.resources import resources


def test_materialize_publishes_calendar_and_warns_when_stale(medpay_paths):
    with duckdb.connect(str(medpay_paths.warehouse)) as conn:
        ensure_tables(conn, "releases")
        conn.execute(
            "insert into releases values ('RVU25D', 2025, 'D', false, null, date '2025-10-01', 'RVU25D', "
            "'test', 'x', '[]', [], '{}', 1, 1, 0, now())"
        )
    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize(
            [release_calendar, data_freshness, data_is_current],
            resources=resources(warehouse=Warehouse()),
            instance=instance,
        )
    assert result.success  # a WARN check never fails the run
    (evaluation,) = result.get_asset_check_evaluations()
    assert evaluation.severity == dg.AssetCheckSeverity.WARN
    stale = evaluation.metadata["stale"].value
    assert evaluation.passed is False and {"reports", "ncci"} <= set(stale)  # no NCCI, no reports loaded
    with connect_published() as conn:
        calendar = conn.execute(
            "select track, release_id, effective_to from release_calendar order by 1"
        ).fetchall()
        sources = conn.execute("select source, stale from data_freshness order by source").fetchall()
    assert calendar == [("NONQPP", "RVU25D", date(2026, 1, 1)), ("QPP", "RVU25D", date(2026, 1, 1))]
    assert [s for s, _ in sources] == ["ncci", "reports", "rvu"]


def test_dagster_yaml_instance_shares_one_storage_dir_and_queues_one_run(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(REPO_ROOT))
    monkeypatch.setenv("MEDPAY_DAGSTER_STORAGE", str(tmp_path / "dagster"))
    with dg.DagsterInstance.get() as instance:
        assert instance.run_coordinator.get_run_queue_config().max_concurrent_runs == 1
        assert instance.root_directory == str(tmp_path / "dagster")
        instance.add_run(dg.DagsterRun(job_name="refresh_job"))
        assert len(instance.get_runs()) == 1
    assert (tmp_path / "dagster" / "history" / "runs.db").exists()
    assert (tmp_path / "dagster" / "schedules").is_dir()
