"""Blocking checks that re-read the export about to go live (the run's staged build), independently of
the step that made it: a failure fails the run, so the build is discarded and never switched live."""

from pathlib import Path

import dagster as dg

from pipelines.defs.exports.assets import code_pages
from pipelines.defs.exports.config import ExportConfig
from pipelines.export.build import free_texts, verify_contract, verify_privacy
from pipelines.export.publish import BUILDS
from pipelines.lib.warehouse import Warehouse
from pipelines.resources import PathsResource, SuppressionResource


def _result(problems: list[str], build) -> dg.AssetCheckResult:
    metadata = {"build": build.name if build else "none", "problems": len(problems)}
    if problems:
        metadata["first_problems"] = dg.MetadataValue.json(problems[:20])
    return dg.AssetCheckResult(passed=not problems, severity=dg.AssetCheckSeverity.ERROR, metadata=metadata)


def _staged(context: dg.AssetCheckExecutionContext, paths: PathsResource) -> Path | None:
    """The build that this run's code_pages step staged, as its materialization recorded it (never
    another run's build: a killed run can leave a staged build behind until it is pruned)."""
    event = context.instance.get_latest_materialization_event(code_pages.key)
    if event is None or event.run_id != context.run.run_id or event.asset_materialization is None:
        return None
    build_id = event.asset_materialization.metadata["build_id"].value
    build = paths.paths.export_dir / BUILDS / f"{build_id}.staged"
    return build if build.is_dir() else None


@dg.asset_check(asset=code_pages, blocking=True)
def export_matches_contract(
    context: dg.AssetCheckExecutionContext, paths: PathsResource
) -> dg.AssetCheckResult:
    """The staged export's manifest hashes and count hold, and every document validates against
    code_page.v2 (jsonschema Draft 2020-12 with format checks)."""
    build = _staged(context, paths)
    return _result(verify_contract(build) if build else ["no staged export"], build)


@dg.asset_check(asset=code_pages, blocking=True)
def export_privacy_gate(
    context: dg.AssetCheckExecutionContext,
    config: ExportConfig,
    warehouse: Warehouse,
    paths: PathsResource,
    suppression: SuppressionResource,
) -> dg.AssetCheckResult:
    """No contributor id, report id or contributor-typed text, no cell under the threshold, no
    recoverable suppressed cell, in any file of the staged export (documents, Parquet, change report)."""
    build = _staged(context, paths)
    with warehouse.connect(read_only=True) as conn:
        forbidden = free_texts(conn)
    return _result(
        verify_privacy(build, config.rules(suppression), forbidden) if build else ["no staged export"], build
    )
