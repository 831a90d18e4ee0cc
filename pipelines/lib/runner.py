"""Run the main pipeline in-process: register new landings as partitions, run each, then refresh.

Used by `medpay run` (and the README's quick start). Each domain contributes a ``Stage``: the job
to run and, for partitioned jobs, a function that lists the partition keys that landed in raw/ and
are not loaded yet. Stages run in order; the unpartitioned refresh stage (marts, exports) last.
Every job run is its own warehouse transaction (pipelines/lib/warehouse.py).
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import dagster as dg

from pipelines.lib.paths import Paths
from pipelines.lib.warehouse import Warehouse


@dataclass(frozen=True)
class Stage:
    label: str
    job: str
    partitions_def: str | None = None
    # "module:function" returning the keys to (re)load: f(paths, force) -> list[str]
    discover: str | None = None
    # "module:function" returning lines for the run summary, after discovery: f(paths) -> list[str]
    notices: str | None = None


# Order matters: reference data and releases first, reports after (they are checked against
# loaded releases), the unpartitioned refresh last.
STAGES: list[Stage] = [
    Stage("Reference data", "reference_job"),
    Stage(
        "CMS RVU releases", "rvu_release_job", "rvu_release", "pipelines.defs.rvu.landing:releases_to_load"
    ),
    Stage(
        "NCCI quarters", "ncci_quarter_job", "ncci_quarter", "pipelines.defs.ncci.landing:quarters_to_load"
    ),
    Stage(
        "Denial report files",
        "report_intake_job",
        "report_file",
        "pipelines.defs.reports.landing:report_files_to_load",
        notices="pipelines.defs.reports.landing:name_notices",
    ),
    Stage("Refresh derived tables and exports", "refresh_job"),
]


# Runs launched here are tagged so the refresh-after-load sensor leaves them alone: the CLI runs
# its own refresh stage (see pipelines/defs/ops/).
CLI_TAGS = {"medpay/launched_by": "cli"}


@dataclass
class RunOutcome:
    stage: str
    job: str
    partition: str | None
    success: bool
    materializations: list[dict[str, Any]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # a stage's notice, not a run (partition None)


def _resolve(spec: str) -> Callable[..., list[str]]:
    module, func = spec.split(":")
    return getattr(importlib.import_module(module), func)


def _summarise(result: dg.ExecuteInProcessResult, outcome: RunOutcome) -> None:
    for event in result.all_events:
        if event.event_type == dg.DagsterEventType.ASSET_MATERIALIZATION:
            mat = event.event_specific_data.materialization
            meta = {k: getattr(v, "value", v) for k, v in (mat.metadata or {}).items()}
            outcome.materializations.append(
                {"asset": mat.asset_key.to_user_string(), "partition": mat.partition, "metadata": meta}
            )
        elif event.event_type == dg.DagsterEventType.STEP_FAILURE:
            error = event.event_specific_data.error
            message = error.message.strip().splitlines()[-1] if error else "step failed"
            if error and error.cause:
                message = error.cause.message.strip().splitlines()[-1]
            outcome.failures.append(f"{event.step_key}: {message}")


def _discover(spec: str, paths: Paths, force: bool, settings: dict[str, Any]) -> list[str]:
    """Call a stage's discovery with the settings it declares (``policy``, ``limits``)."""
    func = _resolve(spec)
    wanted = inspect.signature(func).parameters
    return func(paths, force, **{k: v for k, v in settings.items() if k in wanted})


def run_pipeline(
    defs: dg.Definitions,
    instance: dg.DagsterInstance,
    resources: Mapping[str, Any] | None = None,
    force: bool = False,
    stages: list[Stage] | None = None,
    on_event: Callable[[str], None] | None = None,
    log_level: str = "INFO",
    on_stage: Callable[[Stage, int], Callable[[RunOutcome], None]] | None = None,
) -> list[RunOutcome]:
    """Run every stage. ``on_event`` gets one short line per step of progress; ``on_stage(stage, runs)``
    is called before a stage's runs and returns a callback called after each of them. ``resources``
    (default ``pipelines.resources.resources()``; the warehouse at their paths unless given) are the
    runs' resources and the discovery's settings."""
    from pipelines.resources import resources as default_resources

    resources = dict(resources) if resources is not None else default_resources()
    paths = resources["paths"].paths
    # the runs write the warehouse the paths name (one location, whoever configured it)
    resources.setdefault("warehouse", Warehouse(database=str(paths.warehouse)))
    settings = {"policy": resources["retention"].policy, "limits": resources["input_limits"].limits}
    say = on_event or (lambda _msg: None)
    run_config = {"loggers": {"console": {"config": {"log_level": log_level}}}}
    outcomes: list[RunOutcome] = []
    for stage in stages if stages is not None else STAGES:
        job = defs.resolve_job_def(stage.job)
        if stage.partitions_def is None:
            keys: list[str | None] = [None]
        else:
            found = _discover(stage.discover, paths, force, settings) if stage.discover else []
            if found:
                instance.add_dynamic_partitions(
                    stage.partitions_def,
                    [k for k in found if not instance.has_dynamic_partition(stage.partitions_def, k)],
                )
            say(f"{stage.label}: {len(found)} to load" + (f" ({', '.join(found)})" if found else ""))
            keys = list(found)
            notices = _resolve(stage.notices)(paths) if stage.notices else []
            for notice in notices:
                say(f"{stage.label}: {notice}")
            if notices:
                outcomes.append(RunOutcome(stage.label, stage.job, None, True, notices=notices))
        step = on_stage(stage, len(keys)) if on_stage else (lambda _outcome: None)
        for key in keys:
            result = job.execute_in_process(
                run_config=run_config,
                instance=instance,
                partition_key=key,
                raise_on_error=False,
                tags=CLI_TAGS,
                resources=resources,
            )
            outcome = RunOutcome(stage.label, stage.job, key, result.success)
            _summarise(result, outcome)
            outcomes.append(outcome)
            step(outcome)
            say(
                f"{stage.label}: {stage.job}"
                + (f" [{key}]" if key else "")
                + (" ok" if result.success else " FAILED")
            )
    return outcomes
