"""End to end: the fixture quarter through the real job, a refused file, no NCCI at all, the sensor."""

from __future__ import annotations

import json
import os
import shutil
import time

import dagster as dg
import duckdb
import pytest

from pipelines.defs.ncci.landing import quarters_to_load
from pipelines.defs.ncci.sensors import ncci_landing_sensor
from pipelines.lib.runner import STAGES, run_pipeline
from pipelines.resources import PathsResource, resources

from .conftest import land

NCCI_STAGE = [s for s in STAGES if s.job == "ncci_quarter_job"]


@pytest.fixture(scope="module")
def defs():
    from pipelines.definitions import defs as definitions

    return definitions


def _run(defs, instance, paths):
    return run_pipeline(defs, instance, resources(paths=PathsResource.of(paths)), stages=NCCI_STAGE)


def test_stage_is_registered_after_the_rvu_stage():
    jobs = [s.job for s in STAGES]
    assert NCCI_STAGE and jobs.index("ncci_quarter_job") == jobs.index("rvu_release_job") + 1


def test_fixture_quarter_materializes_validates_and_publishes(defs, instance, medpay_paths):
    land(medpay_paths)
    assert quarters_to_load(medpay_paths) == ["2025Q4"]
    [outcome] = _run(defs, instance, medpay_paths)
    assert outcome.success, outcome.failures
    by_asset = {m["asset"]: m["metadata"] for m in outcome.materializations}
    assert by_asset["ncci_ptp"]["dagster/row_count"] == 11 and by_asset["ncci_ptp"]["rows_rejected"] == 8
    assert by_asset["ncci_mue"]["dagster/row_count"] == 9
    checks = instance.get_latest_asset_check_evaluation_record
    for asset, check in (("ncci_ptp", "ncci_ptp_expectations"), ("ncci_mue", "ncci_mue_expectations")):
        record = checks(dg.AssetCheckKey(dg.AssetKey(asset), check))
        assert record is not None and record.event.asset_check_evaluation.passed
    with duckdb.connect(str(medpay_paths.warehouse), read_only=True) as conn:
        assert (
            conn.execute(
                "select count(*) from ncci_code_edits where version = '2025Q4 practitioner'"
            ).fetchone()[0]
            > 0
        )
    assert quarters_to_load(medpay_paths) == []  # same bytes are loaded
    assert quarters_to_load(medpay_paths, force=True) == ["2025Q4"]


def test_a_non_ncci_file_is_refused_and_the_last_good_warehouse_stays(defs, instance, medpay_paths):
    folder = land(medpay_paths)
    assert _run(defs, instance, medpay_paths)[0].success
    good = medpay_paths.warehouse.read_bytes()
    junk = folder / "ccipra-v313r0-f2.txt"
    junk.write_bytes(b"HCPCS,MOD,DESCRIPTION\n99213,,Office visit\n")
    assert quarters_to_load(medpay_paths) == ["2025Q4"]
    [outcome] = _run(defs, instance, medpay_paths)
    assert not outcome.success
    assert any("ccipra-v313r0-f2.txt: not an NCCI PTP file" in f for f in outcome.failures), outcome.failures
    assert medpay_paths.warehouse.read_bytes() == good


def test_no_ncci_landing_runs_nothing_and_the_view_is_empty(defs, instance, medpay_paths):
    assert quarters_to_load(medpay_paths) == []
    assert _run(defs, instance, medpay_paths) == []
    from pipelines.ncci.load import ensure_ncci_objects

    with duckdb.connect(str(medpay_paths.warehouse)) as conn:  # what the export does before reading
        ensure_ncci_objects(conn)
        assert conn.execute("select count(*) from ncci_code_edits").fetchone() == (0,)


def _tick(instance, cursor=None):
    context = dg.build_sensor_context(resources=resources(), instance=instance, cursor=cursor)
    return ncci_landing_sensor(context), context


def test_sensor_requests_stable_new_or_changed_quarters_once(instance, medpay_paths):
    folder = land(medpay_paths)
    old = time.time() - 3600
    for path in folder.rglob("*"):
        os.utime(path, (old, old))
    first, context = _tick(instance)  # seen for the first time: complete once unchanged at the next tick
    assert isinstance(first, dg.SkipReason)
    result, _ = _tick(instance, context.cursor)
    assert [r.partition_key for r in result.run_requests] == ["2025Q4"]
    assert result.dynamic_partitions_requests[0].partition_keys == ["2025Q4"]
    cursor = result.cursor
    instance.add_dynamic_partitions("ncci_quarter", ["2025Q4"])  # what the daemon does with the request
    assert len(json.loads(cursor)["seen"]) == 6  # every file remembered with (size, mtime)

    again, _ = _tick(instance, cursor)
    assert isinstance(again, dg.SkipReason)

    fresh = folder / "ccipra-v313r0-f3.txt"  # still being copied: not seen before, not complete
    shutil.copyfile(folder / "ccipra-v313r0-f2.txt", fresh)
    waiting, context = _tick(instance, cursor)
    assert isinstance(waiting, dg.SkipReason)

    os.utime(fresh, (old + 60, old + 60))  # changed again since that tick: still waiting
    waiting, context = _tick(instance, context.cursor)
    assert isinstance(waiting, dg.SkipReason)
    changed, _ = _tick(instance, context.cursor)
    [request] = changed.run_requests
    assert request.partition_key == "2025Q4" and request.run_key != result.run_requests[0].run_key
    assert changed.dynamic_partitions_requests == []  # the partition exists already
