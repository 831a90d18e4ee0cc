"""The RVU Dagster objects as the code location exposes them, and the parsed tables against the DDL."""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import defs
from pipelines.defs.rvu.load import SCHEMA, TABLES
from pipelines.lib.sql import ensure_tables

RELEASE_ASSETS = {"rvu", "gpci", "locality_county", "anesthesia_cf", "opps_cap", "releases"}
RELEASE_CHECKS = {
    ("rvu", "rvu_expectations"),
    ("rvu", "rvu_row_count_change"),
    ("gpci", "gpci_expectations"),
    ("locality_county", "locality_county_expectations"),
    ("anesthesia_cf", "anesthesia_cf_expectations"),
    ("opps_cap", "opps_cap_expectations"),
    ("releases", "releases_rows_reconcile"),
}


def test_definitions_load_with_the_rvu_assets_groups_and_partitions():
    dg.Definitions.validate_loadable(defs)
    graph = defs.resolve_asset_graph()
    groups = {key.to_user_string(): graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert {k for k, g in groups.items() if g == "cms_rvu"} == RELEASE_ASSETS
    assert groups["rvu_changes"] == "analytics"
    for name in RELEASE_ASSETS:
        assert graph.get(dg.AssetKey(name)).partitions_def.name == "rvu_release"
    assert graph.get(dg.AssetKey("rvu_changes")).partitions_def is None
    checks = {(c.asset_key.to_user_string(), c.name) for c in graph.asset_check_keys}
    assert RELEASE_CHECKS <= checks


def test_the_release_job_selects_the_release_tables_and_their_blocking_checks():
    job = defs.resolve_job_def("rvu_release_job")
    assert job.partitions_def.name == "rvu_release"
    assert {k.to_user_string() for k in job.asset_layer.executable_asset_keys} == RELEASE_ASSETS
    checks = {(c.asset_key.to_user_string(), c.name) for c in job.asset_layer.asset_graph.asset_check_keys}
    assert checks == RELEASE_CHECKS
    graph = defs.resolve_asset_graph()
    for asset, name in RELEASE_CHECKS:
        assert graph.get_check_spec(dg.AssetCheckKey(dg.AssetKey(asset), name)).blocking, name
    sensor = defs.resolve_sensor_def("rvu_release_landing")
    assert sensor.job_name == "rvu_release_job"


@pytest.mark.parametrize("release_id", ["RVU25D", "RVU25A"])
def test_parsed_tables_have_exactly_the_ddl_columns(parsed_releases, release_id):
    parsed = parsed_releases[release_id]
    with duckdb.connect() as conn:
        ensure_tables(conn, *SCHEMA)
        for name, table in parsed.tables.items():
            ddl = [row[0] for row in conn.execute(f"describe {name}").fetchall()]
            assert table.frame.columns == ddl, name
            assert table.rows_read == table.frame.height + table.rejects.height, name
    assert set(parsed.tables) | set(parsed.missing) == set(TABLES)
