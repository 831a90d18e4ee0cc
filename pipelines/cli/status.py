"""`medpay status`: what the published warehouse holds and whether it is current (read-only)."""

from __future__ import annotations

import json
from datetime import date

import typer

from pipelines.cli.app import EXIT_FAILED, EXIT_USAGE, CliError, app, settings


@app.command()
def status(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document instead of tables."),
    today: str = typer.Option(None, "--today", help="Assess freshness as of this date (yyyy-mm-dd)."),
    strict: bool = typer.Option(
        False, "--strict", help="Exit 4 when any source is stale (for cron/monitoring)."
    ),
) -> None:
    """Releases loaded, release in effect, NCCI quarter, reports taken in, last export, stale warnings.

    Reads the published warehouse read-only (never blocks a run) and works before anything is loaded.
    """
    from pipelines.cli.progress import print_summary
    from pipelines.ops.freshness import assess
    from pipelines.ops.refusals import current as refused_landings
    from pipelines.ops.state import last_export, read_state

    try:
        as_of = date.fromisoformat(today) if today else date.today()
    except ValueError as err:
        raise CliError(f"--today {today!r} is not a date", "use yyyy-mm-dd", EXIT_USAGE) from err
    from pipelines.lib.backend import backend_for

    config = settings()
    paths = config["paths"].paths
    state = read_state(paths.warehouse)
    backend = backend_for(paths.warehouse)
    snapshots = backend.snapshots() if state.exists else []
    snapshot = snapshots[-1].snapshot_id if snapshots else None
    items = assess(state, as_of, config["freshness"].settings)
    export = last_export(paths.export_dir)
    stale = [i for i in items if i.stale]
    refused = refused_landings(paths)

    if as_json:
        doc = {
            "warehouse": str(state.path),
            "backend": backend.kind,
            "snapshot": snapshot,
            "exists": state.exists,
            "as_of": str(as_of),
            "releases": [
                {
                    "release_id": r.release_id,
                    "effective_from": str(r.effective_from),
                    "is_correction": r.is_correction,
                    "rows_loaded": r.rows_loaded,
                    "rows_rejected": r.rows_rejected,
                    "loaded_at": str(r.loaded_at) if r.loaded_at else None,
                }
                for r in state.releases
            ],
            "ncci_quarters": state.ncci_quarters,
            "reports": vars(state.reports) | {"last_intake": str(state.reports.last_intake)}
            if state.reports
            else None,
            "last_export": {"build": export.build, "generated_at": export.generated_at} if export else None,
            "freshness": [i.as_row() for i in items],
            "refused": refused,
        }
        print(json.dumps(doc, indent=2, default=str))
    else:
        print(
            f"warehouse: {state.path}"
            + ("" if state.exists else " (not built yet: run `medpay run`)")
            + (f" (DuckLake snapshot {snapshot})" if snapshot is not None else "")
        )
        in_effect = next((i.current for i in items if i.source == "rvu"), None)
        print_summary(
            "RVU releases loaded",
            ["release", "effective", "correction", "rows", "rejected", "loaded at", "note"],
            [
                (
                    r.release_id,
                    r.effective_from,
                    "yes" if r.is_correction else "",
                    f"{r.rows_loaded:,}",
                    f"{r.rows_rejected:,}",
                    str(r.loaded_at)[:19] if r.loaded_at else None,
                    f"in effect {as_of}" if r.release_id == in_effect else "",
                )
                for r in state.releases
            ],
        )
        print(f"NCCI quarters loaded: {', '.join(state.ncci_quarters) or 'none'}")
        rep = state.reports
        print(
            "reports: none taken in yet"
            if rep is None
            else f"reports: {rep.files} file(s), {rep.read:,} rows: {rep.accepted:,} accepted, {rep.rejected:,} rejected, "
            f"{rep.quarantined:,} quarantined, {rep.duplicates:,} duplicates; last intake {str(rep.last_intake)[:19]}"
        )
        print(
            f"last export: {export.build} ({export.generated_at}, {export.codes} code pages)"
            if export
            else "last export: none"
        )
        print_summary(
            f"Freshness as of {as_of}",
            ["source", "current", "expected", "state", "detail"],
            [(i.source, i.current, i.expected, "STALE" if i.stale else "ok", i.message) for i in items],
        )
        for item in stale:
            print(f"warning: {item.source} is stale: {item.message}")
        if refused:
            print_summary(
                "Refused landings (the published warehouse and exports were left as they were)",
                ["kind", "partition", "file", "limit", "refused at", "reason"],
                [
                    (
                        r["kind"],
                        r["partition"],
                        r.get("refused_file") or r.get("landing"),
                        f"{r['limit']}={r['limit_value']}" if r.get("limit") else "",
                        str(r.get("refused_at", ""))[:19],
                        r["reason"],
                    )
                    for r in refused
                ],
            )
    if strict and (stale or refused):
        problems = [f"{len(stale)} source(s) stale: {', '.join(i.source for i in stale)}"] if stale else []
        problems += [f"{len(refused)} landing(s) refused"] if refused else []
        raise CliError(
            "; ".join(problems),
            "see the tables above; docs/operations.md has the runbook",
            EXIT_FAILED,
        )
