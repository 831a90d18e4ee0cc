"""The Dagster side: the marts materialize into the run's warehouse copy and the blocking check bites."""

from __future__ import annotations

import json

import dagster as dg
import duckdb

from pipelines.definitions import defs
from pipelines.defs.marts.assets import code_denial_marts
from pipelines.defs.marts.checks import profile_privacy_rules
from pipelines.lib.paths import Paths
from pipelines.lib.warehouse import Warehouse
from pipelines.marts.build import TABLES
from pipelines.resources import resources

from .factory import create_inputs, insert_reports, report


def seed(paths: Paths) -> None:
    with duckdb.connect(str(paths.warehouse)) as conn:
        create_inputs(conn)
        insert_reports(conn, [report(hcpcs="99213", state=s) for s in ["TX"] * 9 + ["WY"] * 2 + ["CA"] * 6])
        insert_reports(conn, [report(hcpcs="97110") for _ in range(3)])


def test_marts_are_in_the_marts_group_and_the_refresh_job() -> None:
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert set(TABLES) <= keys
    assert {graph.get(dg.AssetKey(t)).group_name for t in TABLES} == {"marts"}
    job = defs.resolve_job_def("refresh_job")
    assert {dg.AssetKey(t) for t in TABLES} <= set(job.asset_layer.executable_asset_keys)


def test_materialize_then_check_passes_and_a_leak_fails(medpay_paths: Paths) -> None:
    seed(medpay_paths)
    result = dg.materialize(
        [code_denial_marts, profile_privacy_rules],
        resources=resources(warehouse=Warehouse()),
        raise_on_error=False,
    )
    assert result.success
    (evaluation,) = result.get_asset_check_evaluations()
    assert evaluation.passed and evaluation.metadata["profiles_checked"].value == 2
    with duckdb.connect(str(medpay_paths.warehouse)) as conn:  # published by the run (ADR 0001)
        (text,) = conn.execute("select profile from code_denial_profile where hcpcs = '99213'").fetchone()
        denials = json.loads(text)
        states = {c["key"]: c["count"] for c in denials["by_state"]}
        assert states == {"TX": 9, "WY": None, "CA": None}
        # plant a leak the SQL would never write: the small cell shown
        for cell in denials["by_state"]:
            cell.update(count=2, share=0.1176, suppressed=False) if cell["key"] == "WY" else None
        conn.execute(
            "update code_denial_profile set profile = ? where hcpcs = '99213'", [json.dumps(denials)]
        )

    check_only = dg.materialize(
        [code_denial_marts, profile_privacy_rules],
        resources=resources(warehouse=Warehouse()),
        selection=dg.AssetSelection.checks(profile_privacy_rules),
        raise_on_error=False,
    )
    (evaluation,) = check_only.get_asset_check_evaluations()
    assert not evaluation.passed
    failures = evaluation.metadata["failures"].value
    assert any("below min_cell" in p for p in failures["99213"])
