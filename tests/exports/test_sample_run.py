"""The main job on the real sample: every stage succeeds and leaves a verified live export."""

from __future__ import annotations

import dagster as dg

from pipelines.export.build import verify_contract, verify_privacy
from pipelines.export.publish import current_build
from pipelines.marts.rules import SuppressionRules


def test_every_stage_succeeds(sample_run):
    failed = [(o.job, o.partition, o.failures) for o in sample_run.outcomes if not o.success]
    assert failed == []
    jobs = [o.job for o in sample_run.outcomes]
    assert jobs[0] == "reference_job" and jobs[-1] == "refresh_job" and "ncci_quarter_job" in jobs
    assets = {m["asset"] for o in sample_run.outcomes for m in o.materializations}
    assert "code_pages" in assets


def test_live_export_passes_contract_and_gate(sample_run):
    build = current_build(sample_run.paths.export_dir)
    assert build is not None
    assert verify_contract(build) == []
    assert verify_privacy(build, SuppressionRules()) == []


def test_exports_group_and_blocking_live_checks():
    from pipelines.definitions import defs

    graph = defs.resolve_asset_graph()
    node = graph.get(dg.AssetKey("code_pages"))
    assert node.group_name == "exports"
    checks = {
        k.name: graph.get_check_spec(k) for k in graph.asset_check_keys if k.asset_key.path == ["code_pages"]
    }
    assert set(checks) == {"export_matches_contract", "export_privacy_gate"}
    assert all(spec.blocking for spec in checks.values())
    refresh = defs.resolve_job_def("refresh_job")
    assert dg.AssetKey("code_pages") in refresh.asset_layer.executable_asset_keys
