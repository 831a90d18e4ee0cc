"""Run a Great Expectations 1.x suite from ``expectations/<name>.json`` on a frame -> AssetCheckResult.

GX cannot validate DuckDB through SQLAlchemy (GX issues #10738, #11579), so tables are pulled
through Arrow into pandas and validated with GX's pandas data source. GX is imported lazily:
its import costs seconds and must never sit on a quick CLI path.
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

import dagster as dg

from pipelines.lib.paths import EXPECTATIONS_DIR


@cache
def suite_spec(name: str) -> dict[str, Any]:
    """The stored suite JSON (GX's own ``ExpectationSuite.to_json_dict`` layout)."""
    path = EXPECTATIONS_DIR / f"{name}.json"
    spec = json.loads(path.read_text(encoding="utf-8"))
    if spec.get("name") != name or not spec.get("expectations"):
        raise ValueError(f"{path}: suite must be named {name!r} and hold at least one expectation")
    return spec


def _to_pandas(frame: Any):
    if hasattr(frame, "read_all"):  # pyarrow RecordBatchReader (DuckDB 2.0's .arrow())
        frame = frame.read_all()
    if hasattr(frame, "to_pandas"):  # polars DataFrame or pyarrow Table
        return frame.to_pandas()
    return frame


def validate(name: str, frame: Any) -> dict[str, Any]:
    """Validate ``frame`` against suite ``name``; returns success and per-expectation outcomes."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.core.expectation_suite import ExpectationSuite
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    spec = suite_spec(name)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    suite = ExpectationSuite(name=name)
    for exp in spec["expectations"]:
        config = ExpectationConfiguration(type=exp["type"], kwargs=exp["kwargs"], meta=exp.get("meta") or {})
        suite.add_expectation(config.to_domain_obj())
    suite = context.suites.add(suite)
    batch = (
        context.data_sources.add_pandas(f"{name}_source")
        .add_dataframe_asset(f"{name}_frame")
        .add_batch_definition_whole_dataframe("whole")
    )
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=name, data=batch, suite=suite)
    )
    result = definition.run(batch_parameters={"dataframe": _to_pandas(frame)})

    outcomes = []
    for res in result.results:
        cfg = res.expectation_config
        detail = res.result or {}
        outcomes.append(
            {
                "expectation": cfg.type,
                "column": cfg.kwargs.get("column") or cfg.kwargs.get("column_list"),
                "success": bool(res.success),
                "unexpected_count": detail.get("unexpected_count"),
                "observed_value": _jsonable(detail.get("observed_value")),
                "partial_unexpected": _jsonable((detail.get("partial_unexpected_list") or [])[:5]),
                "exception": (res.exception_info or {}).get("exception_message") if not res.success else None,
            }
        )
    return {"success": bool(result.success), "outcomes": outcomes}


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
        return value
    except TypeError:
        return str(value)


def check_result(
    name: str,
    frame: Any,
    *,
    asset_key: dg.AssetKey | None = None,
    severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR,
    extra_metadata: dict[str, Any] | None = None,
) -> dg.AssetCheckResult:
    """Run suite ``name`` and turn it into a Dagster check result with the failures as metadata."""
    if hasattr(frame, "read_all"):
        frame = frame.read_all()
    outcome = validate(name, frame)
    failed = [o for o in outcome["outcomes"] if not o["success"]]
    metadata: dict[str, Any] = {
        "suite": name,
        "rows_validated": len(frame),
        "expectations": len(outcome["outcomes"]),
        "failed_expectations": len(failed),
    }
    if failed:
        metadata["failures"] = dg.MetadataValue.json(failed)
    metadata.update(extra_metadata or {})
    return dg.AssetCheckResult(
        passed=outcome["success"], severity=severity, metadata=metadata, asset_key=asset_key
    )
