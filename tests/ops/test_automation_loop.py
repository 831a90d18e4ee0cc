"""The whole automation loop in one go, as the daemon would drive it, on one Dagster instance.

Catalogue lists RVU25D (served by a real 127.0.0.1 server) -> schedule tick -> cms_download_job ->
rvu25d.zip lands in raw/cms/rvu/ -> landing sensor tick adds the partition -> rvu_release_job ->
refresh_after_load (evaluated on the instance's run records, as its cursor would) -> refresh_job ->
the published warehouse prices 99213 from RVU25D; a second round of ticks requests nothing.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from pipelines.definitions import defs
from pipelines.defs.ops.schedules import cms_quarterly_refresh, cms_weekly_catchup
from pipelines.defs.ops.sensors import refresh_after_load
from pipelines.defs.rvu.partitions import rvu_release
from pipelines.defs.rvu.sensors import rvu_release_landing
from pipelines.export.publish import current_build
from pipelines.lib.paths import REPO_ROOT
from pipelines.lib.warehouse import connect_published
from pipelines.resources import resources

from .conftest import write_catalogue

pytestmark = pytest.mark.slow  # download -> RVU job -> refresh on the real RVU25D: the longest end-to-end test

QUARTER_TICK = datetime(2026, 1, 3, 6, tzinfo=ZoneInfo("America/New_York"))
WEEK_LATER = datetime(2026, 1, 12, 6, tzinfo=ZoneInfo("America/New_York"))


def _execute(instance: dg.DagsterInstance, request: dg.RunRequest, job_name: str) -> dg.DagsterRun:
    """Launch ``request`` the way the daemon would (its job, config, tags, partition), in process."""
    result = defs.resolve_job_def(job_name).execute_in_process(
        instance=instance,
        run_config=request.run_config or None,
        tags=request.tags,
        partition_key=request.partition_key,
        raise_on_error=False,
    )
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return instance.get_run_by_id(result.run_id)


def _run_status_ticks(instance: dg.DagsterInstance, seen: set[str]) -> list:
    """refresh_after_load over every successful run it has not seen yet (its cursor), oldest first."""
    records = instance.get_run_records(dg.RunsFilter(statuses=[dg.DagsterRunStatus.SUCCESS]), ascending=True)
    answers = []
    for record in records:
        run = record.dagster_run
        if run.run_id in seen:
            continue
        seen.add(run.run_id)
        event = next(
            e.dagster_event for e in instance.all_logs(run.run_id, of_type=dg.DagsterEventType.RUN_SUCCESS)
        )
        context = dg.build_run_status_sensor_context("refresh_after_load", event, instance, run)
        answers.append((run.job_name, refresh_after_load(context)))
    return answers


def _landing_ticks(instance: dg.DagsterInstance, cursor: str | None) -> tuple[list[dg.RunRequest], str]:
    """Tick the landing sensor until it settles (a folder needs two ticks), applying partition adds."""
    requests: list[dg.RunRequest] = []
    for _ in range(2):
        result = rvu_release_landing(
            dg.build_sensor_context(resources=resources(), instance=instance, cursor=cursor)
        )
        for add in result.dynamic_partitions_requests:
            instance.add_dynamic_partitions(add.partitions_def_name, list(add.partition_keys))
        requests += result.run_requests
        cursor = result.cursor
    return requests, cursor


def test_catalogue_to_published_price_in_one_loop(server, medpay_paths, tmp_path, monkeypatch):
    monkeypatch.setenv(
        "MEDPAY_CATALOGUE",
        str(write_catalogue(tmp_path / "releases.toml", server.url, server.sha256, with_ncci=False)),
    )
    # An installed system: reference files in raw/ and reference_job loaded (STAGES runs it first),
    # no report received and no RVU release yet.
    shutil.copytree(REPO_ROOT / "raw" / "reference", medpay_paths.reference_dir, dirs_exist_ok=True)
    shutil.copytree(REPO_ROOT / "raw" / "cms" / "zip_locality", medpay_paths.cms_dir / "zip_locality")
    with dg.DagsterInstance.ephemeral() as instance:
        reference = _execute(instance, dg.RunRequest(), "reference_job")
        # 1. the quarterly schedule sees RVU25D in the catalogue but not in raw/ or the warehouse
        request = cms_quarterly_refresh(
            dg.build_schedule_context(
                resources=resources(),
                instance=instance,
                scheduled_execution_time=QUARTER_TICK,
            )
        )
        assert isinstance(request, dg.RunRequest), request
        assert request.tags["medpay/releases"] == "RVU25D"
        download = _execute(instance, request, "cms_download_job")
        assert [p.name for p in medpay_paths.rvu_dir.iterdir()] == ["rvu25d.zip"]
        with connect_published(str(medpay_paths.warehouse)) as conn:
            assert conn.execute(
                "select count(*) from information_schema.tables where table_name = 'releases'"
            ).fetchone() == (0,)

        # 2. the landing sensor adds the partition and requests rvu_release_job for it
        loads, landing_cursor = _landing_ticks(instance, None)
        assert [r.partition_key for r in loads] == ["RVU25D"]
        assert instance.get_dynamic_partitions(rvu_release.name) == ["RVU25D"]
        load = _execute(instance, loads[0], "rvu_release_job")
        assert load.tags["dagster/partition"] == "RVU25D"

        # 3. the run-status sensor: nothing for the download run, refresh_job for the load
        seen: set[str] = set()
        answers = _run_status_ticks(instance, seen)
        assert [(job, type(a).__name__) for job, a in answers] == [
            ("reference_job", "SkipReason"),
            ("cms_download_job", "SkipReason"),
            ("rvu_release_job", "RunRequest"),
        ]
        refresh_request = answers[-1][1]
        assert refresh_request.run_key == f"refresh-after:{load.run_id}"
        assert len({reference.run_id, download.run_id, load.run_id}) == 3
        refresh = _execute(instance, refresh_request, "refresh_job")
        assert refresh.tags["medpay/after_run"] == load.run_id

        # 4. the published warehouse holds the release and prices 99213 (CMS PFREV: $81.86 in 10112-00)
        with connect_published(str(medpay_paths.warehouse)) as conn:
            assert conn.execute("select release_id from releases").fetchall() == [("RVU25D",)]
            amount = conn.execute(
                "select amount from payment where release_id = 'RVU25D' and hcpcs = '99213' and modifier = '' "
                "and mac = '10112' and locality = '00' and setting = 'nonfacility'"
            ).fetchall()
            assert [str(a) for (a,) in amount] == ["81.86"]
        assert current_build(medpay_paths.export_dir) is not None  # the refresh published the site too

        # 5. a second round of every tick requests nothing
        for schedule, when in ((cms_weekly_catchup, WEEK_LATER), (cms_quarterly_refresh, QUARTER_TICK)):
            again = schedule(
                dg.build_schedule_context(
                    resources=resources(),
                    instance=instance,
                    scheduled_execution_time=when,
                )
            )
            assert isinstance(again, dg.SkipReason) and "every catalogued release" in again.skip_message
        quiet, _ = _landing_ticks(instance, landing_cursor)
        assert quiet == [] and instance.get_dynamic_partitions(rvu_release.name) == ["RVU25D"]
        after = _run_status_ticks(instance, seen)
        assert [(job, type(a).__name__) for job, a in after] == [("refresh_job", "SkipReason")]
        assert len(instance.get_run_records()) == 4
