"""End to end on the real releases: materialize into tmp, reload one release, refuse junk atomically."""

from __future__ import annotations

import hashlib
import json
import shutil

import dagster as dg
import polars as pl
import pytest

from pipelines.defs.rvu.assets import rvu_changes, rvu_release_tables
from pipelines.defs.rvu.landing import releases_to_load
from pipelines.lib.warehouse import Warehouse, connect_published
from pipelines.resources import resources

from .conftest import CHECKS, RVU_RAW, land


def load(instance: dg.DagsterInstance, release_id: str) -> dg.ExecuteInProcessResult:
    instance.add_dynamic_partitions("rvu_release", [release_id])
    return dg.materialize(
        [rvu_release_tables, *CHECKS],
        partition_key=release_id,
        instance=instance,
        resources=resources(warehouse=Warehouse()),
        raise_on_error=False,
    )


def rows(sql: str, params: list | None = None) -> list[tuple]:
    with connect_published() as conn:
        return conn.execute(sql, params or []).fetchall()


@pytest.fixture
def instance():
    with dg.instance_for_test() as test_instance:
        yield test_instance


@pytest.mark.slow  # the RVU job end to end on the real releases, GX suites included
def test_both_real_releases_load_validate_and_compare(medpay_paths, instance):
    land(medpay_paths, "RVU25D", "RVU25A")
    assert releases_to_load(medpay_paths) == ["RVU25A", "RVU25D"]
    for rid in ("RVU25D", "RVU25A"):
        result = load(instance, rid)
        assert result.success, rid
        evaluations = result.get_asset_check_evaluations()
        assert len(evaluations) == len(CHECKS) and all(e.passed for e in evaluations), rid
    mats = {
        m.asset_key.to_user_string(): m.metadata
        for m in result.asset_materializations_for_node("rvu_release_tables")
    }
    assert {k: mats["rvu"][k].value for k in ("dagster/row_count", "rows_read", "rows_rejected")} == {
        "dagster/row_count": 18865,
        "rows_read": 18866,
        "rows_rejected": 1,
    }
    assert mats["rvu"]["rejected_by_reason"].value == {"junk_row": 1}
    assert "| hcpcs | modifier |" in mats["rvu"]["preview"].value
    assert mats["gpci"]["dagster/row_count"].value == 0 and "no file" in mats["gpci"]["missing"].value
    assert mats["releases"]["missing_tables"].value == "gpci, locality_county, anesthesia_cf, opps_cap"
    assert releases_to_load(medpay_paths) == []
    assert releases_to_load(medpay_paths, force=True) == ["RVU25A", "RVU25D"]

    counts = dict(rows("select release_id, count(*) from rvu group by 1"))
    assert counts == {"RVU25D": 19090, "RVU25A": 18865}
    assert rows("select count(*) from gpci where release_id = 'RVU25D'") == [(109,)]
    assert rows("select count(*) from anesthesia_cf where release_id = 'RVU25D'") == [(109,)]
    assert rows("select count(*) from opps_cap where release_id = 'RVU25D'") == [(16100,)]

    (a,) = rows(
        "select missing_tables, rows_read, rows_loaded, rows_rejected, row_counts from releases "
        "where release_id = 'RVU25A'"
    )
    assert a[0] == ["anesthesia_cf", "gpci", "locality_county", "opps_cap"]
    assert a[1:4] == (18866, 18865, 1)
    assert json.loads(a[4])["rvu"] == {
        "file": "PPRRVU25_JAN1.csv",
        "format": "csv",
        "read": 18866,
        "loaded": 18865,
        "rejected": 1,
    }
    assert rows(
        "select partition_key, source_file, line_number, reason_code from rejected_rows order by 1"
    ) == [
        ("RVU25A", "PPRRVU25_JAN1.csv", 18876, "junk_row"),  # the \x1a row of the spreadsheet re-save
        ("RVU25D", "25LOCCO.csv", 97, "duplicate_key"),  # a county listed twice for one locality
    ]
    (d,) = rows(
        "select released_on::varchar, effective_from::varchar, landing_sha256, files from releases "
        "where release_id = 'RVU25D'"
    )
    assert d[:2] == ("2025-09-11", "2025-10-01") and len(d[2]) == 64
    files = {f["name"]: f["sha256"] for f in json.loads(d[3])}
    assert files["PPRRVU2025_Oct.csv"].startswith("8af460f38bf982b7")

    changes = dg.materialize([rvu_changes], instance=instance, resources=resources(warehouse=Warehouse()))
    assert changes.success
    _assert_known_changes()


def _assert_known_changes() -> None:
    """RVU25A -> RVU25D, checked against the two files by hand (see docs/data_dictionary/rvu.md)."""
    kinds = dict(rows("select change_type, count(*) from rvu_changes group by 1"))
    assert kinds["added"] == 226 and kinds["deleted"] == 1
    assert rows("select hcpcs from rvu_changes where change_type = 'deleted'") == [("M1389",)]
    assert ("0948T", "") in rows("select hcpcs, modifier from rvu_changes where change_type = 'added'")
    changed = set(
        rows(
            "select hcpcs, modifier, field, old_value, new_value from rvu_changes where change_type = 'changed'"
        )
    )
    assert {
        ("61715", "", "status_code", "A", "C"),
        ("61715", "", "work_rvu", "18.95", "0.00"),
        ("0446T", "", "pe_nonfacility_rvu", "90.47", "179.53"),
        ("50688", "", "bilat_surg_indicator", "0", "1"),
        ("G9037", "", "status_code", "A", "I"),
        ("0926T", "", "pe_facility_na", "false", "true"),
    } <= changed
    # the spreadsheet re-save of RVU25A (090 -> 90, 09 -> 9, 0.00 -> 0) is normalised, so only real
    # changes remain: 3 global-days and 4 supervision changes, not the ~18,800 re-formatted cells
    fields = dict(rows("select field, count(*) from rvu_changes where change_type = 'changed' group by 1"))
    assert fields["global_days"] == 3 and fields["phys_supervision"] == 4 and sum(fields.values()) < 200
    assert ("76814", "", "global_days", "XXX", "ZZZ") in changed
    assert ("76813", "TC", "phys_supervision", "03", "01") in changed
    assert rows("select distinct from_release, to_release from rvu_changes") == [("RVU25A", "RVU25D")]


def _rvu(release_id: str) -> pl.DataFrame:
    with connect_published() as conn:
        return conn.sql("select * from rvu where release_id = $r order by all", params={"r": release_id}).pl()


def test_reloading_a_release_replaces_exactly_that_release(medpay_paths, instance, publish_loaded):
    land(medpay_paths, "RVU25D")
    shutil.copytree(RVU_RAW / "RVU25A", medpay_paths.rvu_dir / "RVU25A")
    publish_loaded(medpay_paths)
    assert releases_to_load(medpay_paths) == []
    before_d, before_a = _rvu("RVU25D"), _rvu("RVU25A")
    (sha_before,) = rows("select landing_sha256 from releases where release_id = 'RVU25A'")[0]

    csv = medpay_paths.rvu_dir / "RVU25A" / "PPRRVU25_JAN1.csv"
    lines = csv.read_bytes().split(b"\n")
    csv.write_bytes(b"\n".join(line for line in lines if not line.startswith(b"99213,")))
    assert releases_to_load(medpay_paths) == ["RVU25A"]
    assert load(instance, "RVU25A").success

    after_a = _rvu("RVU25A")
    assert after_a.height == before_a.height - 1 and "99213" not in after_a["hcpcs"].to_list()
    assert _rvu("RVU25D").equals(before_d)
    assert rows("select count(*) from releases") == [(2,)]
    assert rows("select landing_sha256 from releases where release_id = 'RVU25A'")[0][0] != sha_before
    assert rows("select count(*) from rejected_rows where partition_key = 'RVU25A'") == [(1,)]


def _junk_zip(paths) -> str:
    (paths.rvu_dir / "rvu25b.zip").write_bytes(bytes(range(256)) * 64)
    return "rvu25b.zip"


def _wrong_columns(paths) -> str:
    (paths.rvu_dir / "RVU25B").mkdir()
    (paths.rvu_dir / "RVU25B" / "PPRRVU25_APR.csv").write_text("code,price\n99213,81.86\n")
    return "PPRRVU25_APR.csv"


def _empty_file(paths) -> str:
    (paths.rvu_dir / "RVU25B").mkdir()
    (paths.rvu_dir / "RVU25B" / "PPRRVU25_APR.csv").write_bytes(b"")
    return "PPRRVU25_APR.csv"


def _truncated_zip(paths) -> str:
    whole = paths.rvu_dir / "whole.zip"
    shutil.make_archive(str(whole.with_suffix("")), "zip", RVU_RAW / "RVU25A")
    data = whole.read_bytes()
    whole.unlink()
    (paths.rvu_dir / "rvu25b.zip").write_bytes(data[: len(data) // 2])
    return "rvu25b.zip"


@pytest.mark.parametrize("make_junk", [_junk_zip, _wrong_columns, _empty_file, _truncated_zip])
def test_a_refused_file_leaves_the_published_warehouse_byte_identical(
    medpay_paths, instance, make_junk, publish_loaded
):
    land(medpay_paths, "RVU25A")
    publish_loaded(medpay_paths)
    digest = hashlib.sha256(medpay_paths.warehouse.read_bytes()).hexdigest()

    name = make_junk(medpay_paths)
    result = load(instance, "RVU25B")
    assert not result.success
    (failure,) = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE]
    message = str(failure.event_specific_data.error.cause or failure.event_specific_data.error)
    assert name in message and "not a CMS RVU release" in message
    assert result.get_asset_materialization_events() == []
    assert hashlib.sha256(medpay_paths.warehouse.read_bytes()).hexdigest() == digest
    assert not list((medpay_paths.warehouse.parent / ".build").glob("*.duckdb"))
