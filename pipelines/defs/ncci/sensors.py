"""Watch raw/cms/ncci/: register each newly landed (or changed) quarter and request its load.

The cursor remembers (size, mtime) of every file it has seen, so a quarter runs once per change, and
a file still being copied (modified within ``SETTLE_SECONDS``) waits for a later tick.
"""

import hashlib
import json
import time

import dagster as dg

from pipelines.defs.ncci.jobs import ncci_quarter_job
from pipelines.defs.ncci.landing import snapshot
from pipelines.defs.ncci.partitions import ncci_quarter
from pipelines.parsing.ncci_files import NcciFileError, classify
from pipelines.resources import PathsResource

SETTLE_SECONDS = 30


@dg.sensor(job=ncci_quarter_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def ncci_landing_sensor(
    context: dg.SensorEvaluationContext, paths: PathsResource
) -> dg.SensorResult | dg.SkipReason:
    """New or changed NCCI files in raw/cms/ncci/ -> add the quarter partition and run ncci_quarter_job."""
    ncci_dir = paths.paths.ncci_dir
    seen = {name: tuple(v) for name, v in json.loads(context.cursor or "{}").items()}
    now_ns = time.time_ns()
    stable = {n: v for n, v in snapshot(ncci_dir).items() if now_ns - v[1] >= SETTLE_SECONDS * 1_000_000_000}
    changed = sorted(n for n, v in stable.items() if seen.get(n) != v)
    quarters: dict[str, list[str]] = {}
    for name in changed:
        try:
            file = classify(ncci_dir / name)
        except NcciFileError as error:
            context.log.warning(str(error))
            continue
        if file is None:
            context.log.info(f"ignored {name}: not an NCCI file name")
            continue
        quarters.setdefault(file.quarter, []).append(f"{name}:{stable[name][0]}:{stable[name][1]}")
    cursor = json.dumps({n: list(v) for n, v in sorted({**seen, **stable}.items()) if n in stable})
    if not quarters:
        context.update_cursor(cursor)
        return dg.SkipReason(f"no new or changed NCCI files in {ncci_dir}")
    new_keys = [
        q for q in sorted(quarters) if not context.instance.has_dynamic_partition(ncci_quarter.name, q)
    ]
    runs = [
        dg.RunRequest(
            partition_key=q,
            run_key=f"{q}:{hashlib.sha256('|'.join(quarters[q]).encode()).hexdigest()[:16]}",
            tags={"ncci/files": str(len(quarters[q]))},
        )
        for q in sorted(quarters)
    ]
    return dg.SensorResult(
        run_requests=runs,
        dynamic_partitions_requests=[ncci_quarter.build_add_request(new_keys)] if new_keys else [],
        cursor=cursor,
    )
