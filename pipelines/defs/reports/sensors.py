"""Sensor on raw/reports/: a new or changed file, once complete, becomes a partition and an intake run.

Complete = the one landing rule (pipelines/lib/landings.py): no in-progress name (*.part, *.tmp...)
and the same size and mtime as at the previous tick. The cursor remembers every file seen
(name -> [size, mtime_ns]) and the ones waiting for a second look. A complete file is requested only
when the published warehouse has not taken in its (name, SHA-256) yet (``landing.not_loaded``, what
`medpay run` decides with), so a file `medpay run` already loaded never starts a run again. A file whose name looks like
patient information is moved to raw/reports/rejected_names/ first and logged without its name: it
never reaches the cursor, a partition key or a run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.defs.reports import landing
from pipelines.defs.reports.jobs import report_intake_job
from pipelines.defs.reports.partitions import report_file
from pipelines.intake.file_names import refusal_message
from pipelines.intake.retention import apply_retention
from pipelines.lib.landings import LANDING_TICK_SECONDS, settled
from pipelines.resources import InputLimitsResource, PathsResource, RetentionResource


def tick(reports_dir: Path, cursor: dict[str, Any]) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """Pure sensor step: ([(partition key, run key)], new cursor) for the files that became complete."""
    seen: dict[str, list[int]] = dict(cursor.get("seen", {}))
    pending: dict[str, list[int]] = dict(cursor.get("pending", {}))
    ready: list[tuple[str, str]] = []
    present = {}
    for path in landing.scan(reports_dir):
        stat = path.stat()
        present[path.name] = [stat.st_size, stat.st_mtime_ns]
    for name, signature in present.items():
        if seen.get(name) == signature:
            continue
        if settled({name: signature}, pending):
            key = landing.partition_key(name)
            ready.append((key, f"{key}:{signature[0]}:{signature[1]}"))
            seen[name] = signature
            pending.pop(name)
        else:
            pending[name] = signature
    # forget files that left the landing folder (moved by retention, or withdrawn)
    seen = {name: sig for name, sig in seen.items() if name in present}
    pending = {name: sig for name, sig in pending.items() if name in present}
    return ready, {"seen": seen, "pending": pending}


@dg.sensor(
    job=report_intake_job,
    minimum_interval_seconds=LANDING_TICK_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def report_files_sensor(
    context: dg.SensorEvaluationContext,
    paths: PathsResource,
    retention: RetentionResource,
    input_limits: InputLimitsResource,
) -> dg.SensorResult:
    """New or changed complete files in raw/reports/ -> a report_file partition and an intake run each."""
    paths, policy = paths.paths, retention.policy
    done = apply_retention(paths.reports_dir, paths.warehouse, policy)
    for action in done:
        context.log.info(f"retention: {action.file} {action.action} ({action.reason})")
    for kinds in landing.refuse_names(paths.reports_dir, policy):
        context.log.warning(refusal_message(kinds))
    ready, cursor = tick(paths.reports_dir, json.loads(context.cursor) if context.cursor else {})
    if ready:
        wanted = set(
            landing.not_loaded(
                paths,
                [landing.locate(paths.reports_dir, key) for key, _ in ready],
                limits=input_limits.limits,
            )
        )
        for key in sorted({key for key, _ in ready} - wanted):
            context.log.info(f"{key}: already taken in with these bytes (by `medpay run` or an earlier run)")
        ready = [(key, run_key) for key, run_key in ready if key in wanted]
    keys = sorted({key for key, _run_key in ready})
    new_keys = [k for k in keys if not context.instance.has_dynamic_partition(report_file.name, k)]
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=run_key, partition_key=key) for key, run_key in ready],
        dynamic_partitions_requests=[report_file.build_add_request(new_keys)] if new_keys else [],
        cursor=json.dumps(cursor, sort_keys=True),
    )
