"""`medpay export`: build, verify and switch the website export from the published warehouse."""

from __future__ import annotations

import typer

from pipelines.cli.app import EXIT_FAILED, EXIT_NOT_FOUND, CliError, app, settings


def _list(export_root) -> None:
    import json

    from pipelines.cli.progress import print_summary
    from pipelines.export.publish import current_build, list_builds

    live = current_build(export_root)
    snapshots = _export_snapshots()
    rows = []
    for build in list_builds(export_root):
        manifest = build / "manifest.json"
        data = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}
        rows.append(
            (
                build.name,
                "live" if build == live else "",
                data.get("documents"),
                (data.get("releases") or {}).get("rvu"),
                (data.get("releases") or {}).get("ncci"),
                (data.get("changes") or {}).get("codes_changed"),
                *([snapshots.get(build.name)] if snapshots is not None else []),
            )
        )
    columns = ["build", "", "documents", "rvu", "ncci", "changed"]
    print_summary(
        f"Export builds in {export_root}", columns + (["snapshot"] if snapshots is not None else []), rows
    )


def _export_snapshots() -> dict[str, int] | None:
    """export build -> the warehouse snapshot its run committed (DuckLake; None on a DuckDB file)."""
    from pipelines.lib.backend import LakeBackend, backend_for
    from pipelines.lib.published import published_path

    backend = backend_for(published_path())
    if not isinstance(backend, LakeBackend):
        return None
    return {s.info["export_build"]: s.snapshot_id for s in backend.snapshots() if "export_build" in s.info}


@app.command()
def export(
    build: str = typer.Argument(None, help="With --rollback: the build id to make live."),
    rollback: bool = typer.Option(False, "--rollback", help="Make an earlier build live again."),
    list_only: bool = typer.Option(False, "--list", help="List the kept builds and which one is live."),
    keep: int = typer.Option(3, "--keep", min=1, help="Sealed builds to keep for rollback."),
    full: bool = typer.Option(
        False,
        "--full",
        help="Rewrite and re-check every page (default: carry pages whose files are unchanged).",
    ),
) -> None:
    """Export every code page (JSON + manifest + Parquet + change report) from the published warehouse.

    The new build is validated against code_page.v2 and privacy-gated on its files before `current`
    switches to it; if anything fails, the previous export stays live (exit 4).
    """
    export_root = settings()["paths"].paths.export_dir
    if list_only:
        _list(export_root)
        return
    if rollback:
        from pipelines.export.publish import export_lock
        from pipelines.export.publish import rollback as roll_back

        try:
            with export_lock(export_root):
                target = roll_back(export_root, build)
        except FileNotFoundError as err:
            raise CliError(str(err), "see `medpay export --list`", EXIT_NOT_FOUND) from err
        print(f"live export is now {target.name}")
        snapshot = (_export_snapshots() or {}).get(target.name)
        if snapshot is not None:
            print(
                f"the warehouse as of that export: snapshot {snapshot} "
                f"(`medpay sql --at-export current`, or --snapshot {snapshot})"
            )
        return
    if build:
        raise CliError(f"unexpected argument {build!r}", "a build id goes with --rollback")
    _export(export_root, keep, full)


def _export(export_root, keep: int, full: bool = False) -> None:
    from pipelines.cli.progress import Reporter
    from pipelines.export.build import ExportRefused, export_code_pages
    from pipelines.export.documents import NoReleaseLoaded
    from pipelines.lib.published import connect_published

    try:
        conn = connect_published()
    except FileNotFoundError as err:
        raise CliError(str(err), "run `medpay run` first", EXIT_NOT_FOUND) from err
    with Reporter() as report:
        tasks: dict[str, int] = {}

        def progress(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = report.task(step, total=total, unit="documents")
            report.advance(tasks[step], completed=done)
            if done == total:
                report.done(tasks[step], "ok")

        report.say(f"exporting code pages to {export_root}")
        try:
            result = export_code_pages(
                conn, export_root, settings()["suppression"].rules(), keep=keep, progress=progress, full=full
            )
        except NoReleaseLoaded as err:
            raise CliError(str(err), "run `medpay run` first", EXIT_NOT_FOUND) from err
        except ExportRefused as err:
            raise CliError(
                str(err), "the previous export is still live; fix the data and rerun", EXIT_FAILED
            ) from err
        finally:
            conn.close()
        counts = result.changes["counts"]
        report.summary(
            f"Export {result.build_id} is live",
            ["documents", "written", "MB", "release", "ncci", "changed codes", "seconds"],
            [
                (
                    result.documents,
                    f"{result.written} ({result.mode})",
                    f"{result.bytes / 1e6:.1f}",
                    result.manifest["releases"]["rvu"],
                    result.manifest["releases"]["ncci"] or "none",
                    "first export" if result.changes.get("first_export") else counts.get("codes_changed"),
                    f"{sum(result.seconds.values()):.1f}",
                )
            ],
        )
