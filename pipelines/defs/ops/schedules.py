"""Quarterly CMS refresh and weekly catch-up: request cms_download_job when a catalogued release is missing.

Quarterly: 06:00 on the 3rd of January, April, July and October (CMS publishes each quarter's RVU
and NCCI files in the weeks before). Weekly: Mondays 06:00, catching late or corrected releases.
Both skip (no run) when every catalogued release is already in raw/cms/ or in the warehouse.
"""

import dagster as dg

from pipelines.lib.paths import Paths
from pipelines.resources import PathsResource

QUARTERLY_CRON = "0 6 3 1,4,7,10 *"
WEEKLY_CRON = "0 6 * * 1"
TIMEZONE = "America/New_York"  # CMS's working day


def evaluate(
    context: dg.ScheduleEvaluationContext, trigger: str, paths: Paths
) -> dg.RunRequest | dg.SkipReason:
    from pipelines.ops.catalogue import catalogue_path, load_catalogue
    from pipelines.ops.refresh import plan

    when = context.scheduled_execution_time
    today = when.date() if when else None
    if today is None:
        from datetime import date

        today = date.today()
    found = plan(paths, load_catalogue(catalogue_path(paths)), today)
    note = ""
    if found.uncatalogued:
        note = f"; not in the catalogue (add to raw/cms/releases.toml): {', '.join(found.uncatalogued)}"
        context.log.warning(
            f"expected CMS releases missing from the catalogue: {', '.join(found.uncatalogued)}"
        )
    if not found.missing:
        return dg.SkipReason(f"every catalogued release is in raw/cms/ or the warehouse{note}")
    ids = [r.id for r in found.missing]
    return dg.RunRequest(
        run_key=f"{trigger}:{today}:{'+'.join(ids)}",
        run_config={"ops": {"download_missing_releases": {"config": {"release_ids": ids}}}},
        tags={"medpay/trigger": trigger, "medpay/releases": ",".join(ids)},
    )


@dg.schedule(
    cron_schedule=QUARTERLY_CRON,
    execution_timezone=TIMEZONE,
    job_name="cms_download_job",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Quarterly CMS refresh (3 Jan/Apr/Jul/Oct 06:00 ET): download missing catalogued releases.",
)
def cms_quarterly_refresh(context: dg.ScheduleEvaluationContext, paths: PathsResource):
    return evaluate(context, "quarterly", paths.paths)


@dg.schedule(
    cron_schedule=WEEKLY_CRON,
    execution_timezone=TIMEZONE,
    job_name="cms_download_job",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Weekly catch-up (Mondays 06:00 ET): download catalogued releases still missing.",
)
def cms_weekly_catchup(context: dg.ScheduleEvaluationContext, paths: PathsResource):
    return evaluate(context, "weekly", paths.paths)
