"""`medpay run`: load everything new in raw/, validate, aggregate and export, then summarise."""

from __future__ import annotations

import os

import typer

from pipelines.cli.app import EXIT_FAILED, CliError, app


@app.command()
def run(
    force: bool = typer.Option(False, "--force", help="Reload every landing even if already loaded."),
) -> None:
    """Run the main job end to end on what is in MEDPAY_RAW_DIR and publish the warehouse."""
    from rich.console import Console
    from rich.table import Table

    from pipelines.lib.paths import Paths, home

    os.environ.setdefault("DAGSTER_HOME", str(home()))
    import dagster as dg

    from pipelines.definitions import defs
    from pipelines.lib.runner import run_pipeline

    console = Console(stderr=False)
    paths = Paths.from_env()
    console.print(f"raw data: {paths.raw_dir}")
    with dg.DagsterInstance.get() as instance:
        outcomes = run_pipeline(
            defs, instance, paths, force=force, on_event=lambda m: console.print(f"  {m}")
        )

    table = Table(title="What this run did")
    for column in ("job", "partition", "asset", "rows", "status"):
        table.add_column(column)
    for out in outcomes:
        status = "ok" if out.success else "FAILED"
        if not out.materializations:
            table.add_row(out.job, out.partition or "-", "-", "-", status)
        for mat in out.materializations:
            rows = mat["metadata"].get("dagster/row_count", mat["metadata"].get("rows", "-"))
            table.add_row(out.job, mat["partition"] or "-", mat["asset"], str(rows), status)
    console.print(table)
    console.print(f"warehouse: {paths.warehouse}")
    console.print(f"exports:   {paths.export_dir}")
    failed = [o for o in outcomes if not o.success]
    if failed:
        details = "; ".join(f for o in failed for f in o.failures) or "see the Dagster logs"
        raise CliError(
            f"{len(failed)} run(s) failed: {details}",
            hint="the published warehouse and exports are unchanged; fix the input and rerun `medpay run`",
            exit_code=EXIT_FAILED,
        )
