"""`medpay run`: load everything new in raw/, validate, aggregate and export, then summarise."""

from __future__ import annotations

import typer

from pipelines.cli.app import EXIT_FAILED, CliError, app, settings, state

# Metadata keys that say how many rows an asset wrote / turned away, in order of preference.
ROW_KEYS = ("dagster/row_count", "rows", "rows_loaded", "documents")
REJECT_KEYS = ("rows_rejected", "rejected")


def _first(meta: dict, keys: tuple[str, ...]):
    return next((meta[k] for k in keys if k in meta), None)


def _stage_bar(report, label: str, runs: int):
    """A progress bar per stage on a terminal (plain lines otherwise); returns the per-run callback."""
    task = report.task(label, total=max(runs, 1), unit="runs")
    done = {"n": 0}

    def step(outcome) -> None:
        done["n"] += 1
        report.advance(task, completed=done["n"])
        if done["n"] == runs:
            report.done(task, "ok" if outcome.success else "FAILED")

    if runs == 0:
        report.advance(task, completed=1)
        report.done(task, "nothing new")
    return step


@app.command()
def run(
    force: bool = typer.Option(False, "--force", help="Reload every landing even if already loaded."),
) -> None:
    """Run the main job end to end on what is in MEDPAY_RAW_DIR and publish the warehouse."""
    from pipelines.cli.progress import Reporter
    from pipelines.lib.paths import dagster_env

    dagster_env()  # DAGSTER_HOME and MEDPAY_DAGSTER_STORAGE, when unset (dagster.yaml)
    import warnings

    import dagster as dg

    if not state["verbose"]:  # API-maturity notices are for developers, not for a person running the job
        warnings.filterwarnings("ignore", category=dg.PreviewWarning)
        warnings.filterwarnings("ignore", category=dg.BetaWarning)

    from pipelines.definitions import defs
    from pipelines.lib.runner import run_pipeline

    config = settings()
    paths = config["paths"].paths
    with Reporter() as report:
        report.say(f"raw data: {paths.raw_dir}")
        with dg.DagsterInstance.get() as instance:
            outcomes = run_pipeline(
                defs,
                instance,
                config,
                force=force,
                on_event=lambda m: report.say(f"  {m}"),
                log_level="DEBUG" if state["verbose"] else "ERROR",
                on_stage=lambda stage, runs: _stage_bar(report, stage.label, runs),
            )
        rows = []
        notices = [n for out in outcomes for n in out.notices]
        for out in outcomes:
            if out.notices:
                continue
            status = "ok" if out.success else "FAILED"
            if not out.materializations:
                rows.append((out.job, out.partition, "-", "-", "-", status))
            for mat in out.materializations:
                meta = mat["metadata"]
                rows.append(
                    (
                        out.job,
                        mat["partition"],
                        mat["asset"],
                        _first(meta, ROW_KEYS),
                        _first(meta, REJECT_KEYS),
                        status,
                    )
                )
        report.summary("What this run did", ["job", "partition", "asset", "rows", "rejected", "status"], rows)
        for notice in notices:
            report.say(f"NOTE: {notice}")
        report.say(f"warehouse: {paths.warehouse}  (open read-only: medpay sql)")
        report.say(f"exports:   {paths.export_dir}")
    failed = [o for o in outcomes if not o.success]
    if failed:
        details = "; ".join(f for o in failed for f in o.failures) or "see the Dagster logs"
        raise CliError(
            f"{len(failed)} run(s) failed: {details}",
            hint="the published warehouse and exports are unchanged by the failed run(s) (each run is a "
            "transaction; runs that succeeded, e.g. the refresh, published as usual); fix the input and rerun "
            "`medpay run` "
            "(--verbose shows the Dagster logs)",
            exit_code=EXIT_FAILED,
        )
