"""Watch raw/cms/ncci/: register each newly landed (or changed) quarter and request its load.

A quarter is requested once its files are complete by the one landing rule (pipelines/lib/landings.py:
no in-progress name, every file unchanged since the previous tick) and the published warehouse lacks
them with these bytes (``landing.quarters_to_load``, what `medpay run` decides with). The cursor
remembers (size, mtime) of every file seen at the previous tick and the signature last requested per
quarter, so a quarter runs once per change.
"""

import hashlib
import json

import dagster as dg

from pipelines.defs.ncci.jobs import ncci_quarter_job
from pipelines.defs.ncci.landing import quarters_to_load, snapshot
from pipelines.defs.ncci.partitions import ncci_quarter
from pipelines.lib.landings import CMS_TICK_SECONDS, settled
from pipelines.lib.paths import Paths
from pipelines.parsing.ncci_files import NcciFileError, classify
from pipelines.resources import PathsResource


def evaluate(cursor: str | None, paths: Paths, log=None) -> tuple[dict[str, str], str]:
    """One tick: ({quarter to load: signature of its files}, new cursor)."""
    state = json.loads(cursor) if cursor else {}
    seen: dict[str, list[int]] = state.get("seen", {})
    requested: dict[str, str] = state.get("requested", {})
    now = {name: list(sig) for name, sig in snapshot(paths.ncci_dir).items()}
    quarters: dict[str, dict[str, list[int]]] = {}
    for name, signature in now.items():
        try:
            file = classify(paths.ncci_dir / name)
        except NcciFileError as error:
            if log is not None and seen.get(name) != signature:
                log.warning(str(error))
            continue
        if file is not None:
            quarters.setdefault(file.quarter, {})[name] = signature
    ready: dict[str, str] = {}
    for quarter, files in sorted(quarters.items()):
        signature = hashlib.sha256(json.dumps(sorted(files.items())).encode()).hexdigest()
        if requested.get(quarter) != signature and settled(files, seen):
            ready[quarter] = signature
    if ready:
        wanted = set(quarters_to_load(paths))
        for quarter in sorted(set(ready) - wanted):
            requested[quarter] = ready.pop(quarter)
            if log is not None:
                log.info(f"NCCI {quarter}: already loaded with these bytes")
        requested.update(ready)
    requested = {q: sig for q, sig in requested.items() if q in quarters}
    return ready, json.dumps({"seen": now, "requested": requested}, sort_keys=True)


@dg.sensor(
    job=ncci_quarter_job,
    minimum_interval_seconds=CMS_TICK_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def ncci_landing_sensor(
    context: dg.SensorEvaluationContext, paths: PathsResource
) -> dg.SensorResult | dg.SkipReason:
    """New or changed NCCI files in raw/cms/ncci/ -> add the quarter partition and run ncci_quarter_job."""
    paths = paths.paths
    ready, cursor = evaluate(context.cursor, paths, context.log)
    if not ready:
        context.update_cursor(cursor)
        return dg.SkipReason(f"no new, complete and not yet loaded NCCI files in {paths.ncci_dir}")
    new_keys = [q for q in ready if not context.instance.has_dynamic_partition(ncci_quarter.name, q)]
    runs = [dg.RunRequest(partition_key=q, run_key=f"{q}:{signature[:16]}") for q, signature in ready.items()]
    return dg.SensorResult(
        run_requests=runs,
        dynamic_partitions_requests=[ncci_quarter.build_add_request(new_keys)] if new_keys else [],
        cursor=cursor,
    )
