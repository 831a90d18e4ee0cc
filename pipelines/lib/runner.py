"""Run the main pipeline in-process: register new landings as partitions, run each, then refresh.

Used by `medpay run` (and the README's quick start). Each domain contributes a ``Stage``: the job
to run and, for partitioned jobs, the function that lists the partition keys that landed in raw/ and
are not loaded with these bytes (SHA-256 against the published warehouse): the same functions the
landing sensors call after their completeness rule (pipelines/lib/landings.py, ADR 0002). Stages run
in order; the unpartitioned refresh stage (marts, exports) last. Every job run is its own warehouse
transaction (pipelines/lib/warehouse.py).
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import dagster as dg

from pipelines.defs.ncci.landing import quarters_to_load
from pipelines.defs.reports.landing import name_notices, report_files_to_load
from pipelines.defs.rvu.landing import releases_to_load
from pipelines.lib.paths import Paths
from pipelines.lib.warehouse import Warehouse


@dataclass(frozen=True)
class Stage:
    label: str
    job: str
    partitions_def: str | None = None
    # the keys to (re)load: discover(paths, force[, policy=, limits=]) -> list[str]
    discover: Callable[[Paths, bool], list[str]] | None = None
    # lines for the run summary, after discovery: notices(paths) -> list[str]
    notices: Callable[[Paths], list[str]] | None = None
    # unpartitioned stages with known inputs: inputs(paths) -> (SHA-256 of the input files, tables the
    # run writes). The stage is skipped when a successful run of its job recorded the same digest and
    # the published warehouse holds those tables.
    inputs: Callable[[Paths], tuple[str, set[str]]] | None = None


# Order matters: reference data and releases first, reports after (they are checked against
# loaded releases), the unpartitioned refresh last.
def reference_inputs(paths: Paths) -> tuple[str, set[str]]:
    """The reference stage's input files (raw/reference/, raw/cms/zip_locality/) and its tables."""
    from pipelines.lib.files import sha256_file
    from pipelines.lib.landings import in_progress

    digest = hashlib.sha256()
    for folder in (paths.reference_dir, paths.cms_dir / "zip_locality"):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            name = path.relative_to(paths.raw_dir).as_posix()
            if path.is_file() and not in_progress(name):
                digest.update(f"{name}\0{sha256_file(path)}\n".encode())
    return digest.hexdigest(), {"census_counties", "x12_codes", "usps_states", "zip_locality"}


# the tables a refresh writes: a warehouse without them is refreshed whatever the digest says
REFRESH_TABLES = {"code_payment_summary", "code_denial_profile", "code_billing_tips"}
CODE_SUFFIXES = {".py", ".sql", ".toml", ".csv", ".json", ".j2", ".txt"}


def code_fingerprint() -> str:
    """SHA-256 of the pipeline's own code and data files (pipelines/, sql/): a new version refreshes."""
    from pipelines.lib.paths import PACKAGE_DIR, SQL_DIR

    digest = hashlib.sha256()
    for root in (PACKAGE_DIR, SQL_DIR):
        for path in sorted(root.rglob("*")):
            if path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(f"{path.relative_to(root.parent)}\0".encode() + path.read_bytes())
    return digest.hexdigest()


def refresh_inputs(paths: Paths) -> tuple[str, set[str]]:
    """What the refresh depends on: the day (the release in effect, staleness), the code, the MEDPAY_*
    settings and every release / NCCI file / report file the load stages published. When none of it
    changed since the last successful refresh and the export is live, `medpay run` skips the refresh:
    a run that loaded nothing (e.g. every landing refused) leaves the warehouse and exports untouched."""
    import os
    from datetime import date

    import duckdb

    from pipelines.export.publish import current_build
    from pipelines.lib.sql import run_sql
    from pipelines.lib.warehouse import connect_published

    digest = hashlib.sha256(f"{date.today().isoformat()}\n{code_fingerprint()}\n".encode())
    for key in sorted(k for k in os.environ if k.startswith("MEDPAY_")):
        digest.update(f"{key}={os.environ[key]}\n".encode())
    if current_build(paths.export_dir) is None:
        digest.update(os.urandom(16))  # no live export: never "unchanged"
    try:
        with connect_published(str(paths.warehouse)) as conn:
            state = run_sql(conn, "ops/load_state").fetchall()
    except (FileNotFoundError, duckdb.Error):
        state = [("unreadable", os.urandom(16).hex(), "")]
    for row in state:
        digest.update(("\0".join(map(str, row)) + "\n").encode())
    return digest.hexdigest(), REFRESH_TABLES


STAGES: list[Stage] = [
    Stage("Reference data", "reference_job", inputs=reference_inputs),
    Stage("CMS RVU releases", "rvu_release_job", "rvu_release", releases_to_load),
    Stage("NCCI quarters", "ncci_quarter_job", "ncci_quarter", quarters_to_load),
    Stage(
        "Denial report files", "report_intake_job", "report_file", report_files_to_load, notices=name_notices
    ),
    Stage("Refresh derived tables and exports", "refresh_job", inputs=refresh_inputs),
]


# Runs launched here carry this tag so the refresh-after-load sensor leaves them alone: the CLI
# runs its own refresh stage (pipelines/defs/ops/sensors.py). The one definition of the tag.
LAUNCHED_BY = "medpay/launched_by"
CLI_TAGS = {LAUNCHED_BY: "cli"}
INPUTS_TAG = "medpay/inputs"  # a run's input digest (Stage.inputs)


def _unchanged(stage: Stage, paths: Paths, instance: dg.DagsterInstance) -> tuple[bool, dict[str, str]]:
    """(inputs already published by a successful run of the stage's job, the tags for a new run)."""
    if stage.inputs is None:
        return False, {}
    digest, tables = stage.inputs(paths)
    tags = {INPUTS_TAG: digest}
    done = instance.get_run_records(
        dg.RunsFilter(job_name=stage.job, statuses=[dg.DagsterRunStatus.SUCCESS], tags=tags), limit=1
    )
    if not done:
        return False, tags
    from pipelines.lib.sql import run_sql
    from pipelines.lib.warehouse import connect_published

    try:
        with connect_published(str(paths.warehouse)) as conn:
            present = {row[0] for row in run_sql(conn, "ops/table_names").fetchall()}
    except FileNotFoundError:
        return False, tags
    return tables <= present, tags


@dataclass
class RunOutcome:
    stage: str
    job: str
    partition: str | None
    success: bool
    materializations: list[dict[str, Any]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # a stage's notice, not a run (partition None)


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


def _discover(
    discover: Callable[..., list[str]], paths: Paths, force: bool, settings: dict[str, Any]
) -> list[str]:
    """Call a stage's discovery with the settings it declares (``policy``, ``limits``)."""
    wanted = inspect.signature(discover).parameters
    return discover(paths, force, **{k: v for k, v in settings.items() if k in wanted})


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
        unchanged, extra_tags = _unchanged(stage, paths, instance) if not force else (False, {})
        if stage.partitions_def is None and unchanged:
            say(f"{stage.label}: inputs unchanged since the last successful {stage.job} run, skipped")
            keys: list[str | None] = []
        elif stage.partitions_def is None:
            keys = [None]
        else:
            found = _discover(stage.discover, paths, force, settings) if stage.discover else []
            if found:
                instance.add_dynamic_partitions(
                    stage.partitions_def,
                    [k for k in found if not instance.has_dynamic_partition(stage.partitions_def, k)],
                )
            say(f"{stage.label}: {len(found)} to load" + (f" ({', '.join(found)})" if found else ""))
            keys = list(found)
            notices = stage.notices(paths) if stage.notices else []
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
                tags={**CLI_TAGS, **extra_tags},
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
