"""`medpay preview`: where a code's page of the live export's static preview is (and open it)."""

from __future__ import annotations

import typer

from pipelines.cli.app import EXIT_NOT_FOUND, CliError, app, settings


@app.command()
def preview(
    hcpcs: str = typer.Argument(
        None, help="HCPCS/CPT code, e.g. 97110; omit for the index with the code search."
    ),
    open_it: bool = typer.Option(
        False, "--open", help="Open the page in a browser (where a desktop exists)."
    ),
) -> None:
    """Print the path of a code's preview page in the live export (rendered from its v2 document)."""
    from pipelines.export.publish import PREVIEW, current_build

    export_root = settings()["paths"].paths.export_dir
    live = current_build(export_root)
    if live is None:
        raise CliError(
            f"no live export in {export_root}", "run `medpay run` or `medpay export` first", EXIT_NOT_FOUND
        )
    root = export_root / PREVIEW
    page = root / "index.html" if hcpcs is None else root / "codes" / f"{hcpcs.strip().upper()}.html"
    if not page.is_file():
        what = "the preview" if hcpcs is None else f"code {hcpcs}"
        raise CliError(f"{what} is not in the live export ({live.name})", exit_code=EXIT_NOT_FOUND)
    typer.echo(str(page))
    if open_it:
        import webbrowser

        if not webbrowser.open(page.as_uri()):
            raise CliError(
                "no browser could be opened here", f"open {page.as_uri()} yourself", EXIT_NOT_FOUND
            )
