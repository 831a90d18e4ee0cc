"""A release that parses cleanly but fails a blocking GX check: its downstream never runs, nothing is published."""

from __future__ import annotations

import hashlib
import shutil

import dagster as dg
import pytest

from pipelines.defs.pricing.assets import payment
from pipelines.defs.rvu.assets import rvu_changes, rvu_release_tables
from pipelines.defs.rvu.landing import releases_to_load
from pipelines.lib.warehouse import Warehouse
from pipelines.resources import resources

from .conftest import CHECKS, RVU_RAW, land


@pytest.fixture
def bad_gpci_release(medpay_paths, publish_loaded):
    """Both real releases published; RVU25D re-landed with Alabama's PE GPCI 0.869 -> 2.869.

    2.869 is a valid decimal(6,3), so the parser accepts the row; only the GX suite (PE GPCI
    between 0.7 and 1.6) can stop it."""
    land(medpay_paths, "RVU25A")
    folder = shutil.copytree(RVU_RAW / "RVU25D", medpay_paths.rvu_dir / "RVU25D")
    gpci = folder / "GPCI2025.csv"
    data = gpci.read_bytes()
    assert data.count(b"10112,AL,00,ALABAMA,1,0.869,0.575") == 1
    gpci.write_bytes(data.replace(b"10112,AL,00,ALABAMA,1,0.869,0.575", b"10112,AL,00,ALABAMA,1,2.869,0.575"))
    publish_loaded(medpay_paths)
    return medpay_paths


@pytest.mark.slow  # the RVU job end to end on the real releases, GX suites included
def test_failed_gx_check_skips_downstream_and_keeps_the_published_warehouse(bad_gpci_release):
    paths = bad_gpci_release
    assert releases_to_load(paths) == ["RVU25D"]  # new bytes for an already loaded release
    before = hashlib.sha256(paths.warehouse.read_bytes()).hexdigest()

    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("rvu_release", ["RVU25D"])
        result = dg.materialize(
            [rvu_release_tables, *CHECKS, rvu_changes, payment],
            partition_key="RVU25D",
            instance=instance,
            resources=resources(warehouse=Warehouse()),
            raise_on_error=False,
        )
    assert not result.success
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    failed = {name for name, e in evaluations.items() if not e.passed}
    assert failed == {"gpci_expectations"}
    gpci = evaluations["gpci_expectations"]
    assert gpci.severity == dg.AssetCheckSeverity.ERROR
    (failure,) = gpci.metadata["failures"].value
    assert (failure["expectation"], failure["column"], failure["unexpected_count"]) == (
        "expect_column_values_to_be_between",
        "pe_gpci",
        1,
    )
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "gpci" in materialized and "payment" not in materialized  # downstream of gpci: never ran
    # rvu_changes reads rvu and releases only, so Dagster runs it; its writes go to the run's copy,
    # which the failed run discards with everything else (ADR 0001)
    assert "rvu_changes" in materialized
    assert hashlib.sha256(paths.warehouse.read_bytes()).hexdigest() == before
    assert not list((paths.warehouse.parent / ".build").glob("*.duckdb"))
    assert releases_to_load(paths) == ["RVU25D"]  # still to load: the bad bytes were never recorded
