"""Schedules and sensors with Dagster's test utilities: quarterly tick -> download -> landing -> refresh."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from pipelines.definitions import defs
from pipelines.defs.ops.schedules import cms_quarterly_refresh, cms_weekly_catchup
from pipelines.defs.ops.sensors import refresh_after_load
from pipelines.defs.rvu.sensors import rvu_release_landing
from pipelines.lib.paths import Paths
from pipelines.resources import AlertsResource, PathsResource, resources

QUARTER_TICK = datetime(2026, 1, 3, 6, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture
def instance():
    with dg.DagsterInstance.ephemeral() as inst:
        yield inst


def test_definitions_hold_the_operations_objects():
    dg.Definitions.validate_loadable(defs)
    repo = defs.get_repository_def()
    assert {"cms_download_job", "refresh_job", "reference_job"} <= set(repo.job_names)
    assert {s.name: s.cron_schedule for s in repo.schedule_defs} == {
        "cms_quarterly_refresh": "0 6 3 1,4,7,10 *",
        "cms_weekly_catchup": "0 6 * * 1",
    }
    assert {"refresh_after_load", "run_failure_alert"} <= {s.name for s in repo.sensor_defs}


def with_catalogue(paths: Paths, catalogue: Path) -> dict:
    """The run's resources at ``paths``, with ``catalogue`` as the release catalogue."""
    return resources(paths=PathsResource.of(replace(paths, catalogue=catalogue)))


def test_quarterly_tick_downloads_then_landing_sensor_registers_and_second_ticks_do_nothing(
    server, medpay_paths, make_catalogue, instance
):
    config = with_catalogue(medpay_paths, make_catalogue(server.url, server.sha256))
    request = cms_quarterly_refresh(
        dg.build_schedule_context(resources=config, instance=instance, scheduled_execution_time=QUARTER_TICK)
    )
    assert isinstance(request, dg.RunRequest)
    assert request.run_config["ops"]["download_missing_releases"]["config"]["release_ids"] == [
        "2025Q4",
        "RVU25D",
    ]
    assert (
        request.run_key == "quarterly:2026-01-03:2025Q4+RVU25D"
        and request.tags["medpay/trigger"] == "quarterly"
    )

    job = defs.resolve_job_def("cms_download_job")
    result = job.execute_in_process(run_config=request.run_config, instance=instance, resources=config)
    assert result.success and sorted(result.output_for_node("download_missing_releases")) == [
        "2025Q4",
        "RVU25D",
    ]
    assert (medpay_paths.rvu_dir / "rvu25d.zip").exists() and (medpay_paths.ncci_dir / "2025Q4").is_dir()

    again = cms_weekly_catchup(
        dg.build_schedule_context(resources=config, instance=instance, scheduled_execution_time=QUARTER_TICK)
    )
    assert isinstance(again, dg.SkipReason) and "every catalogued release" in again.skip_message

    seen = rvu_release_landing(
        dg.build_sensor_context(resources=config, instance=instance)
    )  # complete at the next tick
    assert seen.run_requests == []
    tick = rvu_release_landing(
        dg.build_sensor_context(resources=config, instance=instance, cursor=seen.cursor)
    )
    assert [(r.partition_key, r.job_name) for r in tick.run_requests] == [("RVU25D", None)]
    assert [req.partition_keys for req in tick.dynamic_partitions_requests] == [["RVU25D"]]
    quiet = rvu_release_landing(
        dg.build_sensor_context(resources=config, instance=instance, cursor=tick.cursor)
    )
    assert quiet.run_requests == [] and quiet.dynamic_partitions_requests == []


def test_download_failure_fails_the_run_and_is_reported(server, medpay_paths, make_catalogue, instance):
    config = with_catalogue(medpay_paths, make_catalogue(server.url, "0" * 64))
    job = defs.resolve_job_def("cms_download_job")
    run_config = {"ops": {"download_missing_releases": {"config": {"release_ids": ["RVU25D"]}}}}
    result = job.execute_in_process(
        run_config=run_config, instance=instance, raise_on_error=False, resources=config
    )
    assert not result.success
    failure = result.get_step_failure_events()[0].step_failure_data.error
    assert "RVU25D (checksum" in failure.message
    assert list(medpay_paths.rvu_dir.iterdir()) == []


def _run_and_event(instance, job_def, status: dg.DagsterEventType, tags=None):
    result = job_def.execute_in_process(instance=instance, raise_on_error=False, tags=tags or {})
    run = instance.get_run_by_id(result.run_id)
    event = next(
        e.dagster_event
        for e in instance.all_logs(result.run_id)
        if e.dagster_event and e.dagster_event_type == status
    )
    return run, event


@dg.op
def _noop():
    return 1


def _job(name: str) -> dg.JobDefinition:
    return dg.GraphDefinition(name=name, node_defs=[_noop]).to_job()


def test_refresh_after_a_load_job_succeeds_once(instance):
    run, event = _run_and_event(instance, _job("rvu_release_job"), dg.DagsterEventType.RUN_SUCCESS)
    ctx = dg.build_run_status_sensor_context("refresh_after_load", event, instance, run)
    request = refresh_after_load(ctx)
    assert isinstance(request, dg.RunRequest) and request.run_key == f"refresh-after:{run.run_id}"
    # a refresh already waiting in the queue picks the new data up: no second request
    instance.add_run(dg.DagsterRun(job_name="refresh_job", status=dg.DagsterRunStatus.NOT_STARTED))
    assert isinstance(refresh_after_load(ctx), dg.SkipReason)


@pytest.mark.parametrize(
    ("name", "tags"), [("cms_download_job", {}), ("rvu_release_job", {"medpay/launched_by": "cli"})]
)
def test_no_refresh_for_other_jobs_or_cli_runs(instance, name, tags):
    run, event = _run_and_event(instance, _job(name), dg.DagsterEventType.RUN_SUCCESS, tags)
    skip = refresh_after_load(dg.build_run_status_sensor_context("refresh_after_load", event, instance, run))
    assert isinstance(skip, dg.SkipReason)


def test_failure_alert_names_the_failed_check_and_posts_to_the_webhook(server, instance, monkeypatch):
    from pipelines.defs.ops.sensors import run_failure_alert

    @dg.asset(name="rvu")
    def rvu_table():
        return 1

    @dg.asset_check(asset=rvu_table, blocking=True)
    def rvu_status_codes_known():
        return dg.AssetCheckResult(passed=False, metadata={"unknown": "Q"})

    result = dg.materialize([rvu_table, rvu_status_codes_known], instance=instance, raise_on_error=False)
    assert not result.success
    run = instance.get_run_by_id(result.run_id)
    event = next(
        e.dagster_event
        for e in instance.all_logs(run.run_id)
        if e.dagster_event_type == dg.DagsterEventType.RUN_FAILURE
    )

    def alert_context(webhook: str) -> dg.RunFailureSensorContext:
        alerts = AlertsResource(webhook=webhook)
        return dg.build_run_status_sensor_context(
            "run_failure_alert", event, instance, run, resources={"alerts": alerts}
        ).for_run_failure()

    run_failure_alert(alert_context(f"{server.url}/hook"))
    (body,) = [json.loads(p) for p in server.posts]
    assert body["job"] == run.job_name and body["run_id"] == run.run_id
    assert body["failed_checks"] == ["rvu:rvu_status_codes_known (ERROR)"]
    assert "published warehouse is unchanged" in body["text"] and f"/runs/{run.run_id}" in body["text"]
    run_failure_alert(
        alert_context("http://127.0.0.1:9/unreachable")
    )  # an unreachable webhook is logged, never raised
