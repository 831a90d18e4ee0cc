"""`medpay sql`: a read-only SQL shell (or one query) on the published warehouse."""

from __future__ import annotations

import shutil
import sys

import typer

from pipelines.cli.app import EXIT_NOT_FOUND, CliError, app, settings


def _print_result(conn, query: str, console, max_rows: int) -> None:
    from rich.table import Table

    result = conn.execute(query)
    if result.description is None:
        result.fetchall()
        return
    columns = [d[0] for d in result.description]
    rows = result.fetchmany(max_rows + 1)
    result.fetchall()
    table = Table(*columns, show_lines=False)
    for row in rows[:max_rows]:
        table.add_row(*("NULL" if v is None else str(v) for v in row))
    console.print(table)
    if len(rows) > max_rows:
        console.print(f"(first {max_rows} rows shown)")


@app.command()
def sql(
    query: str = typer.Option(None, "--command", "-c", help="Run one query and exit."),
    max_rows: int = typer.Option(50, "--max-rows", help="Rows to print per query."),
    print_only: bool = typer.Option(False, "--print", help="Only print how to open the warehouse."),
    snapshot: int = typer.Option(
        None, "--snapshot", help="DuckLake: query the warehouse as of this snapshot (medpay status)."
    ),
    at_export: str = typer.Option(
        None,
        "--at-export",
        help="DuckLake: query the warehouse as it was when this export build was made ('current' = live).",
    ),
) -> None:
    """Open a read-only SQL shell on the published warehouse (never blocks a pipeline run)."""
    from rich.console import Console

    from pipelines.lib.backend import BackendError, backend_for
    from pipelines.lib.published import connect_published, published_path

    path = published_path()
    # Piped output (a file, another program) gets full-width rows instead of a squeezed 80 columns.
    console = Console() if sys.stdout.isatty() else Console(width=10_000, soft_wrap=True)
    if print_only:
        # soft_wrap: each command stays on one line (copy-pasteable) whatever the terminal width
        for line in backend_for(path).reader_hint():
            console.print(line, soft_wrap=True, highlight=False)
        if not shutil.which("duckdb"):
            console.print(
                "(DuckDB CLI not installed here: https://duckdb.org/docs/installation)", soft_wrap=True
            )
        return
    if snapshot is not None and at_export is not None:
        raise CliError("give --snapshot or --at-export, not both")
    try:
        if at_export is not None:
            snapshot = _export_snapshot(path, at_export)
        conn = connect_published(snapshot=snapshot)
    except FileNotFoundError as err:
        raise CliError(str(err), "run `medpay run` first", EXIT_NOT_FOUND) from err
    except BackendError as err:
        raise CliError(str(err), "see docs/adr/0006-past-one-machine.md") from err
    try:
        if query:
            _run_one(conn, query, console, max_rows)
            return
        console.print(f"medpay sql on {path} (read-only). End statements with ';'. Ctrl-D to quit.")
        buffer = ""
        while True:
            line = _read_line(continuation=bool(buffer))
            if line is None:
                break
            buffer += line + "\n"
            if buffer.strip().endswith(";"):
                _run_one(conn, buffer, console, max_rows, fatal=False)
                buffer = ""
    finally:
        conn.close()


def _export_snapshot(path, build: str) -> int:
    """The DuckLake snapshot whose commit staged export ``build`` ('current': the live one)."""
    from pipelines.export.publish import current_build
    from pipelines.lib.backend import backend_for

    if build == "current":
        live = current_build(settings()["paths"].paths.export_dir)
        if live is None:
            raise FileNotFoundError("no live export yet")
        build = live.name
    found = backend_for(path).snapshot_of_export(build)
    if found is None:
        raise FileNotFoundError(
            f"no warehouse snapshot made export build {build!r} (see `medpay export --list`)"
        )
    return found


def _read_line(continuation: bool) -> str | None:
    try:
        if sys.stdin.isatty():
            return input("   ...> " if continuation else "medpay> ")
        line = sys.stdin.readline()
        return line.rstrip("\n") if line else None
    except EOFError:
        return None


def _run_one(conn, query: str, console, max_rows: int, fatal: bool = True) -> None:
    import duckdb

    try:
        _print_result(conn, query, console, max_rows)
    except duckdb.Error as err:
        message = str(err).splitlines()[0]
        if fatal:
            raise CliError(
                message, "the warehouse is read-only here; check table names in docs/data_dictionary/"
            ) from err
        console.print(f"[red]error:[/red] {message}")
