"""Downstream refresh after a successful load, and failure alerts for every run.

refresh_after_load: when a partitioned load job (every Stage with partitions in
pipelines/lib/runner.py STAGES: RVU releases, NCCI quarters, report files) succeeds - so its
blocking checks passed and the warehouse was published - request refresh_job (analytics, marts,
exports). One refresh is queued at a time: later loads are picked up by the queued one.
"""

import dagster as dg

from pipelines.defs import jobs as shared_jobs
from pipelines.lib.landings import LANDING_TICK_SECONDS
from pipelines.resources import AlertsResource


def load_jobs() -> set[str]:
    from pipelines.lib.runner import STAGES

    return {stage.job for stage in STAGES if stage.partitions_def}


def refresh_request(run: dg.DagsterRun, instance: dg.DagsterInstance) -> dg.RunRequest | dg.SkipReason:
    """The refresh_job request a successful ``run`` calls for, or why none."""
    if run.job_name not in load_jobs():
        return dg.SkipReason(f"{run.job_name} is not a load job")
    from pipelines.lib.runner import CLI_TAGS

    if all(run.tags.get(key) == value for key, value in CLI_TAGS.items()):
        return dg.SkipReason(f"run {run.run_id[:8]} came from `medpay run`, which refreshes by itself")
    waiting = instance.get_run_records(
        dg.RunsFilter(
            job_name=shared_jobs.refresh_job.name,
            statuses=[dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED],
        ),
        limit=1,
    )
    if waiting:
        return dg.SkipReason(f"a refresh_job run is already queued ({waiting[0].dagster_run.run_id[:8]})")
    partition = run.tags.get("dagster/partition", "")
    return dg.RunRequest(
        run_key=f"refresh-after:{run.run_id}",
        tags={"medpay/trigger": f"{run.job_name}:{partition}", "medpay/after_run": run.run_id},
    )


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    request_job=shared_jobs.refresh_job,
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=LANDING_TICK_SECONDS,
    description="After a load job succeeds (its blocking checks passed), request refresh_job: "
    "analytics, marts and exports rebuild from the new data.",
)
def refresh_after_load(context: dg.RunStatusSensorContext):
    return refresh_request(context.dagster_run, context.instance)


def build_alert(context: dg.RunFailureSensorContext, ui: str):
    from pipelines.ops.alerts import Alert

    run = context.dagster_run
    steps, errors = [], []
    for event in context.get_step_failure_events():
        steps.append(event.step_key or "?")
        error = event.step_failure_data.error
        if error is not None:
            cause = error.cause or error
            errors.append(f"{event.step_key}: {cause.message.strip().splitlines()[-1]}")
    if not errors and context.failure_event.message:
        errors.append(context.failure_event.message.strip().splitlines()[0])
    failed_checks = []
    records = context.instance.get_records_for_run(
        run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
    ).records
    for record in records:
        data = record.event_log_entry.dagster_event.event_specific_data
        if not data.passed:
            failed_checks.append(
                f"{data.asset_key.to_user_string()}:{data.check_name} ({data.severity.value})"
            )
    return Alert(
        job=run.job_name,
        run_id=run.run_id,
        partition=run.tags.get("dagster/partition"),
        failed_steps=steps,
        errors=errors,
        failed_checks=failed_checks,
        ui_url=f"{ui}/runs/{run.run_id}",
    )


@dg.run_failure_sensor(
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30,
    description="Reports every failed run (a failed blocking check fails its run): what failed and where "
    "to look, in the log and to $MEDPAY_ALERT_WEBHOOK when set.",
)
def run_failure_alert(context: dg.RunFailureSensorContext, alerts: AlertsResource):
    from pipelines.ops.alerts import post

    alert = build_alert(context, alerts.ui)
    context.log.error(alert.text)
    url = alerts.webhook_url
    if url:
        problem = post(alert, url)
        if problem:
            context.log.warning(f"alert webhook not delivered ({problem}); the alert is in this log")
