"""`medpay download`: fetch catalogued CMS releases into raw/cms/ (what the scheduled refresh does)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from pipelines.cli.app import EXIT_FAILED, EXIT_NOT_FOUND, EXIT_USAGE, CliError, app, settings


@app.command()
def download(
    releases: Annotated[
        list[str] | None,
        typer.Argument(
            help="Release ids (RVU25B, 2025Q4 ...). Default: every catalogued release that is missing."
        ),
    ] = None,
    list_only: bool = typer.Option(False, "--list", help="Only show the catalogue and what is missing."),
    retries: int = typer.Option(4, "--retries", help="Retries per file after a dropped connection or 5xx."),
    read_timeout: float = typer.Option(60.0, "--read-timeout", help="Seconds of silence before a retry."),
) -> None:
    """Download CMS releases listed in raw/cms/releases.toml into raw/cms/ (resumable, checksum-verified).

    Files appear under their final name only when complete and verified; the landing sensors (or
    `medpay run`) then load them. Ids that follow the CMS naming pattern but are not catalogued are
    reported, never guessed.
    """
    from pipelines.cli.progress import Reporter, print_summary
    from pipelines.ops.catalogue import CatalogueError, catalogue_path, classify, load_catalogue, normalise_id
    from pipelines.ops.download import Policy
    from pipelines.ops.refresh import fetch_release, landed_ids, plan

    config = settings()
    paths, limits = config["paths"].paths, config["input_limits"].limits
    try:
        catalogue = load_catalogue(catalogue_path(paths))
    except CatalogueError as err:
        raise CliError(str(err), "fix the catalogue entry it names", EXIT_USAGE) from err
    found = plan(paths, catalogue, date.today())
    if list_only:
        present = landed_ids(paths)
        rows = []
        for rel in sorted(catalogue.values(), key=lambda r: (r.kind, r.effective_from)):
            where = "loaded" if rel.id in found.loaded else "in raw/" if rel.id in present else "missing"
            rows.append(
                (rel.id, rel.kind, rel.effective_from, len(rel.files), "yes" if rel.verified else "no", where)
            )
        print_summary(
            f"Release catalogue ({catalogue_path(paths)})",
            ["release", "kind", "effective", "files", "sha256", "state"],
            rows,
        )
        for rid in found.uncatalogued:
            print(
                f"warning: {rid} is expected by now but not in the catalogue (add it; URLs are not guessed)"
            )
        return
    wanted = [normalise_id(r) for r in releases or []]
    bad = [r for r in wanted if classify(r) is None]
    if bad:
        raise CliError(
            f"not a release id: {', '.join(bad)}",
            "use RVU ids like RVU25B or NCCI quarters like 2025Q4",
            EXIT_USAGE,
        )
    unknown = [r for r in wanted if r not in catalogue]
    if unknown:
        raise CliError(
            f"{', '.join(unknown)} follow(s) the CMS naming pattern but is not in the release catalogue",
            f"add the download URL (and SHA-256) to {catalogue_path(paths)}; download URLs are never guessed",
            EXIT_NOT_FOUND,
        )
    todo = [catalogue[r] for r in wanted] if wanted else found.missing
    for rid in found.uncatalogued:
        print(f"warning: {rid} is expected by now but not in the catalogue (add it; URLs are not guessed)")
    if not todo:
        print("nothing to download: every catalogued release is in raw/cms/ or the warehouse")
        return
    policy = Policy(read_timeout_s=read_timeout, retries=retries)
    outcomes = []
    with Reporter() as report:
        for release in todo:
            tasks: dict[str, int] = {}

            def progress(name: str, done: int, total: int | None, _rel=release.id, _tasks=tasks) -> None:
                if name not in _tasks:
                    _tasks[name] = report.task(f"{_rel} {name}", total=total)
                report.advance(_tasks[name], completed=done, total=total)

            outcome = fetch_release(release, paths, policy=policy, progress=progress, limits=limits)
            for task_id in tasks.values():
                report.done(task_id, "ok" if outcome.status == "downloaded" else outcome.status)
            outcomes.append(outcome)
    rows = []
    for out in outcomes:
        detail = out.error or (
            f"{sum(r.bytes for r in out.files):,} bytes; "
            + ("SHA-256 verified" if not out.unverified else f"UNVERIFIED: {', '.join(out.unverified)}")
        )
        rows.append((out.release_id, out.status, str(out.landing), detail))
    print_summary("What this download did", ["release", "status", "landing", "detail"], rows)
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        kinds = {o.error_kind for o in failed}
        raise CliError(
            f"{len(failed)} release(s) not downloaded: "
            + "; ".join(f"{o.release_id}: {o.error}" for o in failed),
            "nothing was written under a final name; rerun to resume"
            + ("; check the catalogue URL/SHA-256" if kinds & {"not_found", "checksum", "not_a_zip"} else ""),
            EXIT_FAILED,
        )
