"""Watch raw/cms/rvu/ for new or changed releases: add the partition and request a load of it.

The cursor remembers every file seen (name, size, mtime) and the landing signature last requested
per release. A landing is requested once it is complete by the one landing rule
(pipelines/lib/landings.py: no in-progress name, every file unchanged since the previous tick) and
the published warehouse lacks it with these bytes (``landing.not_loaded``, what `medpay run` uses).
"""

import hashlib
import json

import dagster as dg

from pipelines.defs.rvu import landing
from pipelines.defs.rvu.partitions import rvu_release
from pipelines.lib.landings import CMS_TICK_SECONDS, settled, snapshot_of
from pipelines.lib.paths import Paths
from pipelines.resources import PathsResource


def _signature(found: landing.Landing) -> str:
    return hashlib.sha256(json.dumps(found.files).encode()).hexdigest()


def evaluate(cursor: str | None, paths: Paths) -> tuple[dict[str, str], str, dict[str, str]]:
    """One tick: ({release id to load: landing signature}, new cursor, why other landings were skipped)."""
    state = json.loads(cursor) if cursor else {}
    seen: dict[str, list[int]] = state.get("seen", {})
    requested: dict[str, str] = state.get("requested", {})
    landings = landing.scan(paths.rvu_dir)
    to_load: dict[str, str] = {}
    skipped: dict[str, str] = {}
    loaded = None
    for found in landings:
        signature = _signature(found)
        if requested.get(found.path.name) == signature:
            continue
        if not settled(snapshot_of(found.files), seen):
            skipped[found.path.name] = "still landing (waiting for a stable size and mtime)"
            continue
        loaded = loaded if loaded is not None else landing.loaded_fingerprints(paths.warehouse)
        requested[found.path.name] = signature
        fresh = landing.not_loaded(found, paths.rvu_dir, loaded)
        if not fresh:
            skipped[found.path.name] = "already loaded with these bytes"
        to_load.update({rid: signature for rid in fresh})
    seen = {name: sig for found in landings for name, sig in snapshot_of(found.files).items()}
    names = {found.path.name for found in landings}
    requested = {name: sig for name, sig in requested.items() if name in names}
    return (
        dict(sorted(to_load.items())),
        json.dumps({"seen": seen, "requested": requested}, sort_keys=True),
        skipped,
    )


@dg.sensor(
    job_name="rvu_release_job",
    minimum_interval_seconds=CMS_TICK_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Adds an rvu_release partition and requests rvu_release_job when a release lands in "
    "raw/cms/rvu/ (a zip or folder unchanged since the previous tick, not loaded with these bytes).",
)
def rvu_release_landing(context: dg.SensorEvaluationContext, paths: PathsResource) -> dg.SensorResult:
    to_load, cursor, skipped = evaluate(context.cursor, paths.paths)
    for name, why in skipped.items():
        context.log.info(f"{name}: {why}")
    new = [rid for rid in to_load if not context.instance.has_dynamic_partition(rvu_release.name, rid)]
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(partition_key=rid, run_key=f"{rid}:{sig[:16]}") for rid, sig in to_load.items()
        ],
        dynamic_partitions_requests=[rvu_release.build_add_request(new)] if new else [],
        cursor=cursor,
    )
