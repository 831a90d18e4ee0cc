"""`medpay sql`: a read-only SQL shell (or one query) on the published warehouse."""

from __future__ import annotations

import shutil
import sys

import typer

from pipelines.cli.app import EXIT_NOT_FOUND, CliError, app


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
) -> None:
    """Open a read-only SQL shell on the published warehouse (never blocks a pipeline run)."""
    import duckdb
    from rich.console import Console

    from pipelines.lib.published import published_path

    path = published_path()
    # Piped output (a file, another program) gets full-width rows instead of a squeezed 80 columns.
    console = Console() if sys.stdout.isatty() else Console(width=10_000, soft_wrap=True)
    if print_only:
        # soft_wrap: each command stays on one line (copy-pasteable) whatever the terminal width
        console.print(f"duckdb -readonly {path}", soft_wrap=True, highlight=False)
        console.print(
            f"python: duckdb.connect({str(path)!r}, read_only=True)", soft_wrap=True, highlight=False
        )
        if not shutil.which("duckdb"):
            console.print(
                "(DuckDB CLI not installed here: https://duckdb.org/docs/installation)", soft_wrap=True
            )
        return
    if not path.exists():
        raise CliError(f"no published warehouse at {path}", "run `medpay run` first", EXIT_NOT_FOUND)
    conn = duckdb.connect(str(path), read_only=True)
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
